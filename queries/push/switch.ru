#title: Switch to the pushed dataset
#description: The one update that makes a push visible: the manifest graph's statements are replaced by the new dataset's graphs (dcterms:hasPart), generation and time, in a single operation, so a server answers either the old dataset or the new one, never a mix. One operation, not DROP then INSERT DATA: Virtuoso 7 applies the operations of one request one by one (measured: the first of two stays when the second fails). The UNION gives the rows to delete (the old statements) and the rows to insert (the new ones); one VALUES block per variable.
#param: part (iri list, required) The graphs of the new dataset
#param: generation (string, required) The push's generation
#param: pushed (string, required) When the push was made (xsd:dateTime lexical form)
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>

DELETE { GRAPH <https://w3id.org/statgraph/graph/dataset> { ?subject ?predicate ?object } }
INSERT {
  GRAPH <https://w3id.org/statgraph/graph/dataset> {
    <https://w3id.org/statgraph/graph/dataset> dcterms:hasPart ?part ;
        dcterms:identifier ?generation ;
        prov:generatedAtTime ?time .
  }
}
WHERE {
  {
    VALUES ?part { UNDEF }
    VALUES ?generation { UNDEF }
    VALUES ?pushed { UNDEF }
    BIND(xsd:dateTime(?pushed) AS ?time)
  }
  UNION
  { GRAPH <https://w3id.org/statgraph/graph/dataset> { ?subject ?predicate ?object } }
}
