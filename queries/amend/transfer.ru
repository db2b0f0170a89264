#title: Transfer a section
#description: The section is renumbered: the new section (created in its chapter when the graph lacks it, with the old title, and a subsection for each of the old one's) takes over what the old one defines, establishes or states and the references its text makes; the old number stays, transferred to the new one and no longer in force, so scopes and references that cite it still reach the text through the transfer. Written by 'statgraph amend --transfer OLD NEW'. Subsection IRIs follow the section's (us-mo/rsmo/566.211/1 under us-mo/rsmo/566.211), as everywhere in the graph.
#param: old (iri, required) The section transferred
#param: new (iri, required) The section it becomes
#param: number (string, required) The new section's number, e.g. 567.035
#param: chapter (iri, required) The chapter the new section belongs to
PREFIX sg: <https://w3id.org/statgraph/ontology#>
PREFIX eli: <http://data.europa.eu/eli/ontology#>

# the new section, when the graph does not hold it yet; its citation written as the old one's is
INSERT {
  ?new a sg:Section ; eli:number ?number ; sg:citation ?citation ; eli:is_part_of ?chapter ; eli:title ?title .
}
WHERE {
  VALUES ?old { UNDEF }
  VALUES ?new { UNDEF }
  VALUES ?number { UNDEF }
  VALUES ?chapter { UNDEF }
  ?old a sg:Section ; eli:number ?oldNumber ; sg:citation ?oldCitation .
  ?chapter a sg:Chapter .
  FILTER NOT EXISTS { ?new a sg:Section }
  OPTIONAL { ?old eli:title ?title }
  BIND(CONCAT(STRBEFORE(?oldCitation, ?oldNumber), ?number, STRAFTER(?oldCitation, ?oldNumber)) AS ?citation)
} ;

# a subsection of the new section for each of the old one's that it lacks
INSERT {
  ?newPart a ?type ; eli:number ?partNumber ; sg:citation ?newCitation ; eli:is_part_of ?newParent .
}
WHERE {
  VALUES ?old { UNDEF }
  VALUES ?new { UNDEF }
  VALUES ?number { UNDEF }
  ?old a sg:Section ; eli:number ?oldNumber .
  ?part eli:is_part_of+ ?old ; a ?type ; eli:number ?partNumber ; sg:citation ?partCitation ; eli:is_part_of ?parent .
  FILTER(STRSTARTS(STR(?part), CONCAT(STR(?old), "/")))
  BIND(IRI(CONCAT(STR(?new), STRAFTER(STR(?part), STR(?old)))) AS ?newPart)
  BIND(IF(?parent = ?old, ?new, IRI(CONCAT(STR(?new), STRAFTER(STR(?parent), STR(?old))))) AS ?newParent)
  BIND(CONCAT(STRBEFORE(?partCitation, ?oldNumber), ?number, STRAFTER(?partCitation, ?oldNumber)) AS ?newCitation)
  FILTER NOT EXISTS { ?newPart eli:is_part_of ?anyParent }
} ;

# the old number: transferred, and no longer in force
DELETE { ?old eli:in_force ?force }
INSERT { ?old sg:transferredTo ?new ; eli:in_force eli:InForce-notInForce }
WHERE {
  VALUES ?old { UNDEF }
  VALUES ?new { UNDEF }
  ?old a sg:Section .
  OPTIONAL { ?old eli:in_force ?force }
} ;

# what the old text defines, establishes or states, and the references it makes, move to the new text
DELETE { ?node ?basis ?part }
INSERT { ?node ?basis ?newPart }
WHERE {
  VALUES ?old { UNDEF }
  VALUES ?new { UNDEF }
  VALUES ?basis { sg:definedBy sg:establishedBy sg:definedIn sg:statedIn sg:citingProvision }
  ?part eli:is_part_of* ?old .
  FILTER(?part = ?old || STRSTARTS(STR(?part), CONCAT(STR(?old), "/")))
  ?node ?basis ?part .
  BIND(IF(?part = ?old, ?new, IRI(CONCAT(STR(?new), STRAFTER(STR(?part), STR(?old))))) AS ?newPart)
}
