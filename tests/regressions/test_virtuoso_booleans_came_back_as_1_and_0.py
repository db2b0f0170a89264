"""Issue #14: Virtuoso answers a computed boolean as the integer 1 or 0; statgraph passed that on to
CSV and JSON, and the remote tests compared with ``==``, where ``1 == True`` passes."""

import json

import pytest

from statgraph.kg.remote import RemoteGraph


@pytest.mark.parametrize("name,column,params", [("coverage", "covered", {"state": "MO"}),
                                                ("safe-harbor", "agrees", {"state": "MO"}),
                                                ("framework-goals", "safe_harbor", {}),
                                                ("report-card", "tied", {"state": "MO"})],
                         ids=["coverage", "safe-harbor", "framework-goals", "report-card"])
def test_computed_booleans_are_booleans_on_virtuoso(kg, pushed_server, name, column, params):
    far = RemoteGraph(pushed_server("virtuoso").query, timeout=120).run(name, params).records()
    near = kg.run(name, params).records()
    assert bool in {type(r[column]) for r in near}  # the column holds booleans (unknown is None)
    assert [(type(r[column]), r[column]) for r in far] == [(type(r[column]), r[column]) for r in near]


def test_coverage_json_and_csv_say_true_and_false_on_virtuoso(cli, pushed_server):
    endpoint = pushed_server("virtuoso").query
    rows = json.loads(cli("coverage", "--state", "MO", "--format", "json", "--endpoint", endpoint).out)
    assert {type(r["covered"]) for r in rows} <= {bool, type(None)} and any(r["covered"] is True for r in rows)
    csv = cli("coverage", "--state", "MO", "--format", "csv", "--endpoint", endpoint)
    assert csv.code == 0 and csv.out == cli("coverage", "--state", "MO", "--format", "csv").out
