"""A server whose well-formed SELECT results lacked the columns the query asked for made
statgraph fail with ``KeyError: 'graph'`` and exit 4; it is the server's fault: exit 3, named."""

import json

RESULTS_WITHOUT_COLUMNS = json.dumps({"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {
    "type": "literal", "value": "1"}}]}}).encode()


def test_missing_columns_are_an_environment_failure(cli, canned):
    canned.default = (200, {"Content-Type": "application/sparql-results+json"}, RESULTS_WITHOUT_COLUMNS)
    run = cli("gaps", "--state", "MO", "--endpoint", canned.url + "/query")
    assert run.code == 3, run.err
    assert "answered without the column" in run.err and "graph" in run.err
    assert "Traceback" not in run.err and "internal error" not in run.err
