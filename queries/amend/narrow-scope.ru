#title: Narrow a protection's scope
#description: The protection no longer reaches a chapter or a section it names: removes that sg:scopeChapter or sg:scopeSection (nothing, when the scope does not name it). Written by 'statgraph amend --narrow PROTECTION SCOPE'.
#param: protection (iri, required) The protection
#param: chapter (iri, optional) A chapter the scope stops naming
#param: section (iri, optional) A section the scope stops naming
PREFIX sg: <https://w3id.org/statgraph/ontology#>

DELETE {
  ?protection sg:scopeChapter ?chapter .
  ?protection sg:scopeSection ?section .
}
WHERE {
  VALUES ?protection { UNDEF }
  VALUES ?chapter { UNDEF }
  VALUES ?section { UNDEF }
  ?protection a sg:Protection .
}
