"""Property tests on the two places untrusted text enters: query parameters and data files.

CI runs 600 examples per property (the "ci" profile, about 3,600 in all). For a longer one:

    HYPOTHESIS_PROFILE=long python -m pytest tests/test_fuzz.py

Hypothesis keeps failing examples in .hypothesis/ and replays them first next time.
"""

from __future__ import annotations

import pyoxigraph as ox
from hypothesis import given
from hypothesis import strategies as st

from statgraph.errors import DataFileError, InputError
from statgraph.kg.loader import SourceFile, read_into_oxigraph
from statgraph.kg.sparql import bind_values
from statgraph.kg.terms import Iri, Lit

# The Hypothesis profiles (ci: 600 examples per property, long: 20,000) are set in conftest.py.

# Text with the characters that matter to SPARQL's lexer well represented.
SPARQL_SHARP = st.lists(st.sampled_from(list('"\'\\{}<>#?$.;,()\n\r\t @^_:') + ["MO", "DROP ALL", '"""'])
                        | st.characters(blacklist_categories=["Cs"]), max_size=30).map("".join)

EMPTY = ox.Store()


@given(value=SPARQL_SHARP)
def test_any_string_parameter_arrives_as_exactly_that_literal(value):
    text = bind_values("SELECT ?v WHERE { }", {"v": Lit(value)})
    [row] = list(EMPTY.query(text))
    assert row["v"] == ox.Literal(value)


@given(value=SPARQL_SHARP, language=st.from_regex(r"[a-z]{2}(-[A-Z]{2})?", fullmatch=True))
def test_language_tagged_parameters_round_trip(value, language):
    [row] = list(EMPTY.query(bind_values("SELECT ?v WHERE { }", {"v": Lit(value, language=language)})))
    assert row["v"].value == value and row["v"].language == language.lower()


@given(candidate=SPARQL_SHARP)
def test_an_iri_parameter_is_either_refused_or_arrives_whole(candidate):
    try:
        text = bind_values("SELECT ?v WHERE { }", {"v": Iri(candidate)})
    except InputError as error:
        assert "not a valid IRI" in str(error)
        return
    [row] = list(EMPTY.query(text))
    assert row["v"] == ox.NamedNode(candidate)


@given(value=SPARQL_SHARP)
def test_a_parameter_never_adds_a_pattern_to_the_query(value):
    """The bound query has the same number of solutions against a graph with one triple
    as the unbound query restricted to that value: one if the value is the object, else none."""
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("urn:x:s"), ox.NamedNode("urn:x:p"), ox.Literal("MO")))
    rows = list(store.query(bind_values("SELECT ?s WHERE { ?s <urn:x:p> ?state }", {"state": Lit(value)}),
                            use_default_graph_as_union=True))
    assert len(rows) == (1 if value == "MO" else 0)


TURTLE_BITS = st.sampled_from([
    "@prefix ex: <https://example.org/> .\n", "ex:a ex:b ex:c .\n", "ex:a ex:b \"x\" .\n", "<", ">", "\"",
    "\"\"\"", "'", ";", ",", ".", "[", "]", "(", ")", "ex:", "_:b", "\n", " ", "@base", "^^", "@en", "#",
    "\\u00", "1.5e", "true", "a", "\x00", "\ufeff",
])


@given(pieces=st.lists(TURTLE_BITS | st.text(max_size=5), max_size=25))
def test_any_data_file_loads_or_gets_an_error_naming_the_file(tmp_path, pieces):
    path = tmp_path / "entry.ttl"
    path.write_bytes("".join(pieces).encode("utf-8", "surrogatepass"))
    source = SourceFile(path=path, graph="https://w3id.org/statgraph/graph/fuzz", role="entry")
    try:
        read_into_oxigraph(source, ox.Store())
    except DataFileError as error:
        assert str(error).startswith(f"{path}: ") or str(error).startswith(f"{path}, line ")


@given(raw=st.binary(max_size=200))
def test_any_bytes_load_or_get_an_error_naming_the_file(tmp_path, raw):
    path = tmp_path / "entry.ttl"
    path.write_bytes(raw)
    source = SourceFile(path=path, graph="https://w3id.org/statgraph/graph/fuzz", role="entry")
    try:
        read_into_oxigraph(source, ox.Store())
    except DataFileError as error:
        assert str(error).startswith(f"{path}: ") or str(error).startswith(f"{path}, line ")
