"""Issue #14: a query file's parameter was right only when placed at its `#@bind` comment. Bound the
ordinary way, one VALUES block at the top of WHERE, `impact` returned 747 rows instead of 31, and
with other states loaded `graph-edges`, `leverage` and `protections-by-chapter` returned their rows."""

import pytest

from statgraph.kg.base import normalise_lists, prepare
from statgraph.kg.queries import catalogue

from test_portable_queries import bound_at_the_top, world


def run_bound_at_the_top(graph, name, params):
    query = catalogue()[name]
    return normalise_lists(graph.execute(prepare(bound_at_the_top(query, params)), name), query.list_columns)


def test_impact_bound_at_the_top_lists_the_sections_dependants_only(kg):
    params = {"state": "MO", "section": "566.223"}
    got = run_bound_at_the_top(kg, "impact", params)
    assert sorted(map(repr, got.rows)) == sorted(map(repr, kg.run("impact", params).rows))
    assert len(got.rows) < 50


@pytest.mark.parametrize("name", ["graph-edges", "leverage", "protections-by-chapter"])
def test_bound_at_the_top_other_states_rows_stay_out(world, name):
    got = run_bound_at_the_top(world, name, {"state": "MO"})
    cells = " ".join(str(cell) for row in got.rows for cell in row)
    assert got.rows and "us-s0" not in cells and "S01" not in cells and "S02" not in cells
    assert sorted(map(repr, got.rows)) == sorted(map(repr, world.run(name, state="MO").rows))
