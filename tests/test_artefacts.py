"""Standard artefacts: the ontology is OWL 2 DL (every term it uses declared, only OWL 2 datatypes,
no subclass of rdf:Property; owlready2 loads it and HermiT, on Debian's Java, finds it, and it with
the bundled data and derived values, consistent with no unsatisfiable class); the JSON-LD export
has an @context of the project's prefixes and keeps the named graphs; GEXF keeps the graph's
attributes."""

from __future__ import annotations

import shutil

import pyoxigraph as ox
import pytest

from statgraph import resources

OWL = "http://www.w3.org/2002/07/owl#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SG = "https://w3id.org/statgraph/ontology#"
ID = "https://w3id.org/statgraph/id/"

# The OWL 2 datatype map (OWL 2 Structural Specification, section 4), plus rdfs:Literal.
OWL2_DATATYPES = {RDF + "PlainLiteral", RDF + "XMLLiteral", RDFS + "Literal", OWL + "real", OWL + "rational"} | {
    XSD + name for name in (
        "decimal integer nonNegativeInteger nonPositiveInteger positiveInteger negativeInteger long int short "
        "byte unsignedLong unsignedInt unsignedShort unsignedByte double float string normalizedString token "
        "language Name NCName NMTOKEN boolean hexBinary base64Binary anyURI dateTime dateTimeStamp").split()}
DECLARING = {OWL + "Class", OWL + "ObjectProperty", OWL + "DatatypeProperty", OWL + "AnnotationProperty",
             RDFS + "Datatype", OWL + "Ontology", OWL + "NamedIndividual"}


@pytest.fixture(scope="module")
def ontology() -> ox.Store:
    store = ox.Store()
    store.load(path=str(resources.ontology_dir() / "statgraph.ttl"), format=ox.RdfFormat.TURTLE,
               to_graph=ox.DefaultGraph())
    return store


def objects(store: ox.Store, predicate: str) -> set[str]:
    return {q.object.value for q in store.quads_for_pattern(None, ox.NamedNode(predicate), None)}


def test_nothing_subclasses_rdf_property(ontology):
    assert RDF + "Property" not in objects(ontology, RDFS + "subClassOf")
    assert RDF + "Property" not in objects(ontology, RDF + "type")


def test_only_datatypes_owl2_knows(ontology):
    ranges = {q.object.value for q in ontology.quads_for_pattern(None, ox.NamedNode(RDFS + "range"), None)
              if q.object.value.startswith((XSD, RDF, RDFS, OWL))}
    assert ranges - {OWL + "Thing"} <= OWL2_DATATYPES, ranges - OWL2_DATATYPES


def test_every_term_the_ontology_uses_is_declared(ontology):
    declared = {q.subject.value for q in ontology.quads_for_pattern(None, ox.NamedNode(RDF + "type"), None)
                if q.object.value in DECLARING}
    individuals = {q.subject.value for q in ontology.quads_for_pattern(None, ox.NamedNode(RDF + "type"), None)
                   if q.object.value.startswith(SG)}  # the concepts of the ontology's own schemes
    used = set()
    for quad in ontology:
        predicate = quad.predicate.value
        if predicate == RDFS + "seeAlso":
            continue  # a pointer for people, not a term
        used.add(predicate)
        for term in (quad.subject, quad.object):
            if isinstance(term, ox.NamedNode):
                used.add(term.value)
    built_in = (OWL, RDF, RDFS, XSD)
    undeclared = sorted(t for t in used if not t.startswith(built_in) and t not in declared | individuals)
    assert undeclared == []


def _as_ntriples(quads, path) -> None:
    with open(path, "wb") as out:
        for quad in quads:
            out.write(f"{quad.subject} {quad.predicate} {quad.object} .\n".encode("utf-8"))


@pytest.fixture(scope="module")
def hermit():
    """owlready2 and Java, or a skip saying which is missing."""
    owlready2 = pytest.importorskip("owlready2", reason="owlready2 is not installed (it is in the test extra)")
    if not shutil.which("java"):
        pytest.skip("Java is not installed (apt-get install default-jre-headless): HermiT runs on it")
    return owlready2


def _reason(owlready2, files, ignore_unsupported_datatypes):
    world = owlready2.World()
    loaded = [world.get_ontology(f"file://{path}").load(format="ntriples") for path in files]
    with loaded[0]:
        owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0,
                                       ignore_unsupported_datatypes=ignore_unsupported_datatypes)
    return world, loaded[0]


def test_hermit_finds_the_ontology_consistent_with_no_unsatisfiable_class(hermit, ontology, tmp_path):
    _as_ntriples(ontology, tmp_path / "ontology.nt")
    world, loaded = _reason(hermit, [tmp_path / "ontology.nt"], ignore_unsupported_datatypes=False)
    assert len(list(loaded.classes())) > 30  # it really read the ontology
    assert list(world.inconsistent_classes()) == []


def test_hermit_finds_ontology_and_data_consistent(hermit, kg, ontology, tmp_path):
    """The bundled data and derived values with the ontology. The data has xsd:date and xsd:gYear
    literals (RDF datatypes outside OWL 2's datatype map), which HermiT is told to take as opaque."""
    _as_ntriples(ontology, tmp_path / "ontology.nt")
    _as_ntriples((q for q in kg.store if not q.graph_name.value.endswith("ontology/statgraph")),
                 tmp_path / "data.nt")
    world, _ = _reason(hermit, [tmp_path / "ontology.nt", tmp_path / "data.nt"], ignore_unsupported_datatypes=True)
    assert list(world.inconsistent_classes()) == []
    section = world.search_one(iri="https://w3id.org/statgraph/id/us-mo/rsmo/566.211")
    assert section is not None and "Section" in {c.name for c in section.is_a}  # the data was there


# --- JSON-LD and GEXF ---------------------------------------------------------------------------------

def test_jsonld_has_the_project_context_and_keeps_the_named_graphs(cli, kg, tmp_path):
    import json

    import rdflib
    from rdflib.compare import isomorphic

    from statgraph.kg.names import PREFIXES
    assert cli("export", "-o", tmp_path / "all.jsonld").code == 0
    assert cli("export", "-o", tmp_path / "all.trig").code == 0
    document = json.loads((tmp_path / "all.jsonld").read_text(encoding="utf-8"))
    context = document["@context"]
    assert context["sg"] == PREFIXES["sg"] and context["eli"] == PREFIXES["eli"] and context["skos"] == PREFIXES["skos"]
    names = [graph["@id"] for graph in document["@graph"]]
    assert names == [str(f.graph) for f in kg.files] + ["https://w3id.org/statgraph/graph/derived"]
    assert '"sg:Section"' in (tmp_path / "all.jsonld").read_text(encoding="utf-8")  # the context is used
    jsonld = rdflib.Dataset().parse(tmp_path / "all.jsonld", format="json-ld")
    trig = rdflib.Dataset().parse(tmp_path / "all.trig", format="trig")
    for name in names:  # graph by graph, the same statements as TriG
        ours, theirs = jsonld.graph(rdflib.URIRef(name)), trig.graph(rdflib.URIRef(name))
        assert len(ours) == len(theirs) > 0 and isomorphic(ours, theirs), name


def test_gexf_keeps_the_graphs_attributes(cli, tmp_path):
    import xml.etree.ElementTree as ET

    import networkx as nx
    run = cli("viz", "--state", "MO", "--view", "statutes", "--focus", "566.223", "--depth", "1",
              "-o", tmp_path / "f.gexf")
    assert run.code == 0, run.err
    root = ET.parse(tmp_path / "f.gexf").getroot()
    namespace = "{http://www.gexf.net/1.2draft}"
    keywords = root.find(f"{namespace}meta/{namespace}keywords").text
    assert "state=MO" in keywords.split("; ") and "focus=" in keywords
    graph = nx.read_gexf(tmp_path / "f.gexf")
    assert "566.223" in graph.graph["name"] and graph.number_of_nodes() > 1
