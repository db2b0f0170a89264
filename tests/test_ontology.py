"""The ontology is complete and self-consistent, and data and queries use only its terms."""

import re
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from statgraph import resources
from statgraph.kg.vocab import SG

ONTOLOGY = resources.ontology_dir() / "statgraph.ttl"
SG_NS = str(SG._NS)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY)


def defined_terms(ontology: Graph) -> set[str]:
    return {str(s)[len(SG_NS):] for s in ontology.subjects() if str(s).startswith(SG_NS)}


def test_every_term_has_label_and_comment(ontology):
    missing = [t for t in defined_terms(ontology)
               if not ontology.value(URIRef(SG_NS + t), RDFS.label)
               or not ontology.value(URIRef(SG_NS + t), RDFS.comment)]
    assert missing == []


def test_every_term_is_typed_as_class_property_or_individual(ontology):
    untyped = [t for t in defined_terms(ontology) if (URIRef(SG_NS + t), RDF.type, None) not in ontology]
    assert untyped == []


def test_python_namespace_matches_ontology(ontology):
    in_python = {name for name in SG.__annotations__}
    assert in_python == defined_terms(ontology)


def test_misspelt_term_fails_loudly():
    with pytest.raises(AttributeError):
        SG.Assesment  # noqa: B018 - the misspelling is the point


def test_properties_declare_what_they_are(ontology):
    for prop in ontology.subjects(RDF.type, OWL.ObjectProperty):
        if str(prop).startswith(SG_NS):  # other vocabularies' terms are only declared (OWL 2 DL), not described
            assert ontology.value(prop, RDFS.range) is not None, f"{prop} has no range"


@pytest.mark.parametrize("folder", ["graph_data", "queries"])
def test_data_and_queries_use_only_defined_terms(ontology, folder):
    """A typo such as sg:restOn in data or a query would silently match nothing."""
    defined = defined_terms(ontology)
    root = resources.bundled_root() / folder
    used: dict[str, set[str]] = {}
    for path in list(root.rglob("*.ttl")) + list(root.rglob("*.rq")):
        for term in re.findall(r"\bsg:([A-Za-z_][A-Za-z0-9_]*)", path.read_text(encoding="utf-8")):
            used.setdefault(term, set()).add(str(Path(path).relative_to(root)))
    unknown = {t: files for t, files in used.items() if t not in defined}
    assert unknown == {}
