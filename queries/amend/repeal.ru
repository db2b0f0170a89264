#title: Repeal a section
#description: The section is no longer in force, and what rests on its text alone goes with it: each offense it defines, protection, mandate or defense bar it establishes, term it defines, condition or penalty it states and reference its text makes, with every statement naming that node (and the rdf:Statement locating one of its triples). A node that also rests on another provision keeps that provision and loses only its link to this section. What other statutes and the report card say about the section stays: scopes that list it, references to it, the statutes a goal rests on. Written by 'statgraph amend --repeal SECTION'.
#param: section (iri, required) The section repealed
PREFIX sg: <https://w3id.org/statgraph/ontology#>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>

# nodes resting on this section's text alone, with every statement about or naming them
DELETE {
  ?node ?p ?o .
  ?s ?q ?node .
  ?statement ?sp ?so .
}
WHERE {
  VALUES ?section { UNDEF }
  VALUES ?basis { sg:definedBy sg:establishedBy sg:definedIn sg:statedIn sg:citingProvision }
  ?section a sg:Section .
  ?part eli:is_part_of* ?section .
  ?node ?basis ?part .
  FILTER NOT EXISTS { ?node a rdf:Statement }
  FILTER NOT EXISTS {
    VALUES ?otherBasis { sg:definedBy sg:establishedBy sg:definedIn sg:statedIn sg:citingProvision }
    ?node ?otherBasis ?elsewhere .
    FILTER NOT EXISTS { ?elsewhere eli:is_part_of* ?section }
  }
  { ?node ?p ?o } UNION { ?s ?q ?node } UNION { ?statement rdf:subject ?node ; ?sp ?so }
} ;

# nodes resting on another provision too: only their link to this section goes
DELETE { ?node ?basis ?part }
WHERE {
  VALUES ?section { UNDEF }
  VALUES ?basis { sg:definedBy sg:establishedBy sg:definedIn sg:statedIn sg:citingProvision }
  ?section a sg:Section .
  ?part eli:is_part_of* ?section .
  ?node ?basis ?part .
  FILTER NOT EXISTS { ?node a rdf:Statement }
} ;

# the section itself stays, no longer in force
DELETE { ?section eli:in_force ?force }
INSERT { ?section eli:in_force eli:InForce-notInForce }
WHERE {
  VALUES ?section { UNDEF }
  ?section a sg:Section .
  OPTIONAL { ?section eli:in_force ?force }
}
