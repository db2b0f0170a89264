"""Every named query is correct however its parameters are bound: in its own VALUES slots (as
statgraph binds them), or the ordinary way, one VALUES block at the top of the outer WHERE with
the slots left open, as a user sending the file from another tool would. With other states loaded
beside Missouri, so a sub-select that does not carry the parameter would show their rows."""

from __future__ import annotations

import pytest

import statgraph
from statgraph.kg.base import normalise_lists, prepare
from statgraph.kg.queries import catalogue
from statgraph.kg.sparql import _where_group_start, bind_values, term_to_sparql

from conftest import REPO


@pytest.fixture(scope="module")
def world(synthetic_states):
    return statgraph.load([REPO / "graph_data" / "jurisdictions", synthetic_states(3, 25, seed=1)])


def bound_at_the_top(query, params) -> str:
    """The file as a user has it (open slots mean 'all'), with one VALUES block per parameter at
    the start of the outer WHERE group."""
    text = bind_values(query.text, {})
    at = _where_group_start(text)
    block = "".join(f"\n  VALUES ?{name} {{ {' '.join(term_to_sparql(t) for t in (v if isinstance(v, list) else [v]))} }}"
                    for name, v in query.bindings(params).items())
    return text[:at] + block + "\n" + text[at:]


def cases(query, world) -> list[dict]:
    names = {p.name for p in query.params}
    found = []
    if "state" in names:
        for state in ("MO", "S02"):
            found.append({"state": state})
            if "year" in names:
                found.append({"state": state, "year": 2023})
    if "section" in names:
        found = [{"state": "MO", "section": "566.211"}, {"state": "MO", "section": "566.223", "year": 2023},
                 {"state": "MO", "section": "573.010", "year": 2019}]
        sections = [row[0] for row in world.run("statutes", state="S02").rows]
        found.append({"state": "S02", "section": sections[len(sections) // 2]})
    if "framework" in names:
        found += [{"framework": "shi-2023"}]
    return found or [{}]


@pytest.mark.parametrize("name", sorted(catalogue()))
def test_a_values_block_at_the_top_gives_what_statgraph_gives(world, name):
    query = catalogue()[name]
    for params in cases(query, world):
        expected = world.run(query, params)
        got = normalise_lists(world.execute(prepare(bound_at_the_top(query, params)), name), query.list_columns)
        assert sorted(map(repr, got.rows)) == sorted(map(repr, expected.rows)), params


def test_list_parameters_are_bound_in_their_slots():
    """A list parameter means 'these together' in its slot; at the top of WHERE several rows would
    ask about each value alone. Each list parameter says so in its file."""
    lists = {(q.name, p.name) for q in catalogue().values() for p in q.params if p.is_list}
    assert lists == {("what-if", "recommendations"), ("what-if-status", "moves")}
    for name, _ in lists:
        assert "a VALUES block at the top of WHERE would ask about each value alone" in catalogue()[name].text


@pytest.mark.parametrize("path", sorted((REPO / "queries" / "push").glob("*.ru")), ids=lambda p: p.name)
def test_update_files_are_sparql_update_on_their_own(path):
    """push's updates are files too, valid as they are (their placeholders are IRIs and a comment)."""
    import pyoxigraph as ox
    store = ox.Store()
    store.update(path.read_text(encoding="utf-8"))  # raises SyntaxError on a broken file
    assert len(store) == 0  # with nothing bound they change nothing
