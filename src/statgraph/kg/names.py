"""Namespaces and prefixes as plain strings, importable without rdflib (fast command start)."""

from __future__ import annotations

ONTOLOGY_IRI = "https://w3id.org/statgraph/ontology"
ID_BASE = "https://w3id.org/statgraph/id/"
GRAPH_BASE = "https://w3id.org/statgraph/graph/"
SG = ONTOLOGY_IRI + "#"
XSD = "http://www.w3.org/2001/XMLSchema#"

# Prefixes shared by queries, exports and messages: declared once, here.
PREFIXES: dict[str, str] = {
    "sg": SG,
    "eli": "http://data.europa.eu/eli/ontology#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": XSD,
    "schema": "https://schema.org/",
    "sh": "http://www.w3.org/ns/shacl#",
    "sgsh": "https://w3id.org/statgraph/shapes#",
    "id": ID_BASE,
}


def sparql_prologue(names: set[str] | None = None) -> str:
    """PREFIX lines for the named shared prefixes (all of them when None), in a fixed order."""
    return "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in PREFIXES.items() if names is None or name in names)


def compact_iri(iri: str) -> str:
    """sg:Section for an ontology IRI, id:us-mo/rsmo/566.211 for a data IRI."""
    for prefix, namespace in sorted(PREFIXES.items(), key=lambda item: -len(item[1])):
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri
