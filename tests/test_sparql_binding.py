"""Parameters reach SPARQL as RDF terms in VALUES blocks, never as query syntax."""

import pytest
from rdflib import Literal, URIRef

from statgraph.errors import InputError
from statgraph.kg.sparql import bind_values, term_to_sparql

HOSTILE = ['MO" } ; DROP ALL ; #', "MO\n} DELETE WHERE { ?s ?p ?o } #", "MO\\", "ＭＯ", "M\u200bO",
           "'; DROP ALL", '"""', "MO\r\n"]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_strings_stay_one_literal(value):
    from rdflib.plugins.sparql import prepareQuery
    text = bind_values("SELECT ?s WHERE { ?s ?p ?state }", {"state": Literal(value)})
    prepareQuery(text)  # still one well-formed query: the value did not escape its quotes
    assert text.count("VALUES") == 1
    assert "DROP" not in text.replace(term_to_sparql(Literal(value)), "")


def test_literal_escaping_round_trips():
    from rdflib import Graph
    graph = Graph()
    for value in HOSTILE:
        graph.add((URIRef("urn:x:s"), URIRef("urn:x:p"), Literal(value)))
    for value in HOSTILE:
        text = bind_values("SELECT ?s WHERE { ?s <urn:x:p> ?v }", {"v": Literal(value)})
        assert len(list(graph.query(text))) == 1, repr(value)


@pytest.mark.parametrize("iri", ["http://x/a> } DROP ALL { <b", "http://x/a b", 'http://x/"a', "not an iri",
                                 "http://x/{a}", "http://x/a\nb", "A:\n"])
def test_iris_that_could_break_out_are_refused(iri):
    with pytest.raises(InputError):
        term_to_sparql(URIRef(iri))


def test_typed_literals_keep_their_datatype():
    from rdflib.namespace import XSD
    assert term_to_sparql(Literal(2023)) == f'"2023"^^<{XSD.integer}>'
    assert term_to_sparql(Literal("MO")) == '"MO"'


def test_values_go_inside_the_where_group_not_into_strings_comments_or_iris():
    query = '''PREFIX ex: <http://ex/where#>
# WHERE { in a comment
SELECT ?s (CONCAT("WHERE {", ?x) AS ?y) WHERE {
  ?s ex:where ?where . ?where <http://ex/{x}> "}" .
}'''
    bound = bind_values(query, {"state": Literal("MO")})
    head, _, tail = bound.partition('VALUES ?state { "MO" }')
    assert head.rstrip().endswith("WHERE {")
    assert head.count("WHERE {") == 3  # the comment, the string and the real one
    assert tail.lstrip().startswith("?s ex:where")


def test_construct_binds_in_its_where_not_its_template():
    bound = bind_values("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", {"s": URIRef("http://ex/a")})
    assert bound.index("VALUES") > bound.index("WHERE")


def test_query_without_where_group_is_refused():
    with pytest.raises(InputError):
        bind_values("CONSTRUCT WHERE", {"s": Literal("x")})


def test_bad_parameter_name_is_refused():
    with pytest.raises(InputError):
        bind_values("SELECT * WHERE { ?s ?p ?o }", {"s) } DROP ALL {": Literal("x")})


def test_every_slot_of_a_parameter_is_filled_and_others_are_left_alone():
    query = """SELECT ?s WHERE {
  { SELECT ?s WHERE { VALUES ?state { UNDEF } ?s <urn:x:code> ?state } }
  VALUES ?state { UNDEF }
  VALUES (?a ?b) { (1 2) }
  ?s <urn:x:p> "VALUES ?state { UNDEF }" .
}"""
    bound = bind_values(query, {"state": Literal("MO")})
    assert bound.count('VALUES ?state { "MO" }') == 2
    assert '"VALUES ?state { UNDEF }"' in bound  # a string is data, not a slot
    assert "VALUES (?a ?b) { (1 2) }" in bound  # a block of two variables is the query's own data


def test_unbound_open_slots_are_dropped_not_sent():
    query = "SELECT ?s WHERE {\n  VALUES ?year { UNDEF }\n  VALUES ?state { UNDEF }\n  ?s ?p ?state }"
    bound = bind_values(query, {"state": Literal("MO")})
    assert "VALUES ?year" not in bound and 'VALUES ?state { "MO" }' in bound
