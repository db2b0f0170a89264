#title: Extend a protection's scope
#description: The protection comes to reach a chapter or a section as well: adds sg:scopeChapter or sg:scopeSection. Written by 'statgraph amend --extend PROTECTION SCOPE'; coverage then follows from the scope as always.
#param: protection (iri, required) The protection, e.g. <https://w3id.org/statgraph/id/us-mo/protection/491.680>
#param: chapter (iri, optional) A chapter the protection comes to reach
#param: section (iri, optional) A section the protection comes to reach
PREFIX sg: <https://w3id.org/statgraph/ontology#>

INSERT {
  ?protection sg:scopeChapter ?chapter .
  ?protection sg:scopeSection ?section .
}
WHERE {
  VALUES ?protection { UNDEF }
  VALUES ?chapter { UNDEF }
  VALUES ?section { UNDEF }
  ?protection a sg:Protection .
}
