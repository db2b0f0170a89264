"""statgraph's SHACL engine gives pySHACL's results, and the shapes follow the house rules.

pySHACL is the reference: on the bundled data and on broken entries, both
engines must report the same (focus node, path, constraint, value, severity)
for every shape. The shapes themselves: every node and property shape has an
explicit sh:severity and its own sh:message, and each property shape checks one
thing (a count, a datatype, a range, a pattern, a class, a list), so a message
is always about the failure it reports.
"""

import re

import pyoxigraph as ox
import pytest

from statgraph import resources
from statgraph.analyses import shacl, validation
from statgraph.kg import loader

from test_validation import filled_entry, replace

SH = "http://www.w3.org/ns/shacl#"


def _data(extra_paths=(), extra_text=None) -> ox.Store:
    store = ox.Store()
    for source in loader.foundation_files() + loader.user_entry_files(extra_paths):
        loader.read_into_oxigraph(source, store)
    if extra_text:
        store.load(extra_text.encode(), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode("urn:test"))
    return store


def ours(store: ox.Store) -> set:
    union = ox.Store()
    union.bulk_extend(ox.Quad(q.subject, q.predicate, q.object) for q in store)
    engine = shacl.Engine(validation.shapes(), union)
    return {(_key(r.focus), _key(r.path), r.component, _key(r.value), r.severity.rsplit("#", 1)[1])
            for r in engine.validate()}


def pyshacls(store: ox.Store) -> set:
    import pyshacl
    from rdflib import Graph
    union = ox.Store()
    union.bulk_extend(ox.Quad(q.subject, q.predicate, q.object) for q in store)
    flat = Graph()
    flat.parse(data=union.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()).decode(), format="nt")
    shapes = Graph()
    for path in sorted((resources.ontology_dir() / "shapes").glob("*.ttl")):
        shapes.parse(path, format="turtle")
    _, report, _ = pyshacl.validate(flat, shacl_graph=shapes, inference="none", allow_warnings=True)
    results = set()
    from rdflib.namespace import RDF, SH as RSH
    for result in report.subjects(RDF.type, RSH.ValidationResult):
        component = str(report.value(result, RSH.sourceConstraintComponent)).rsplit("#", 1)[1]
        value = report.value(result, RSH.value)
        focus = report.value(result, RSH.focusNode)
        path = report.value(result, RSH.resultPath)
        if component == "SPARQLConstraintComponent" and value is None:
            value = focus
        results.add((_key(focus), _key(path), component.replace("ConstraintComponent", ""),
                     _key(value), str(report.value(result, RSH.resultSeverity)).rsplit("#", 1)[1]))
    return results


def _key(term):
    if term is None:
        return None
    text = term.value if hasattr(term, "value") and not isinstance(term, str) else str(term)
    if isinstance(term, ox.Literal) or type(term).__name__ == "Literal":
        try:
            from decimal import Decimal
            return ("literal", str(Decimal(text).normalize()))
        except Exception:
            return ("literal", text)
    if isinstance(term, ox.BlankNode) or type(term).__name__ == "BNode":
        return ("blank",)
    return text


BROKEN = [
    lambda t: replace(t, "sg:publishedTotal 93.5", "sg:publishedTotal 90.0"),
    lambda t: replace(t, "sg:goal <framework/2023/goal/1.2> ; sg:status sg:FullyMet ;",
                      "sg:goal <framework/2023/goal/1.2> ; sg:status sg:Maybe, sg:NotMet ; sg:publishedScore -2.0 ;"),
    lambda t: replace(t, 'sg:code "ZZ" ;', 'sg:code "zz" ;') + '<us-zz/2024/x> a sg:SafeHarborRow .\n',
    lambda t: replace(t, "sg:referenceKind sg:SectionReference", "sg:referenceKind sg:RangeReference")
    .replace('sg:publishedScore 13.5 ; sg:publishedGrade "C"', 'sg:publishedScore 12.0 ; sg:publishedGrade "Q"'),
    lambda t: re.sub(r"<us-zz/2024/goal/6\.6> a sg:Assessment[^\n]*\n", "", t)
    + "<us-zz/zrs/100.010> sg:transferredTo <us-zz/zrs/100.020> .\n",
]


def test_same_results_as_pyshacl_on_the_bundled_data():
    store = _data([p for p in (resources.graph_data_dir() / "jurisdictions").rglob("*.ttl")])
    assert ours(store) == pyshacls(store)


@pytest.mark.parametrize("index", range(len(BROKEN)))
def test_same_results_as_pyshacl_on_broken_entries(kg, index):
    store = _data(extra_text=BROKEN[index](filled_entry(kg)))
    mine, reference = ours(store), pyshacls(store)
    assert mine == reference, (mine - reference, reference - mine)
    assert any(r[4] == "Violation" for r in mine)


def test_every_shape_has_its_own_severity_and_message():
    shapes = validation.shapes()
    store = shapes.store
    checked = 0
    for root in shapes.roots:
        for shape in [root] + root.properties:
            checked += 1
            assert any(True for _ in store.quads_for_pattern(shape.node, ox.NamedNode(SH + "severity"), None)), shape.node
            constraints = set(shape.params) - {"flags"}
            if shape is not root or constraints:
                assert shape.message, shape.node
            if shape is not root:
                assert len(constraints - {"minCount", "maxCount"}) + bool(constraints & {"minCount", "maxCount"}) == 1, \
                    (shape.parent.node, shape.path, constraints)
            for constraint in shape.sparql:
                assert constraint.message, constraint.node
    assert checked > 100


def test_an_unsupported_shape_feature_is_refused():
    store = ox.Store()
    store.load(b"""@prefix sh: <http://www.w3.org/ns/shacl#> .
        <urn:s> sh:targetClass <urn:C> ; sh:property [ sh:path <urn:p> ; sh:uniqueLang true ] .""",
               format=ox.RdfFormat.TURTLE)
    with pytest.raises(shacl.ShapesError, match="uniqueLang"):
        shacl.Shapes(store)
