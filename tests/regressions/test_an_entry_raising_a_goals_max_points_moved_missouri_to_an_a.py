"""Issue #13: an entry file that only said `<framework/2023/goal/1.7> sg:maxPoints 50` conformed,
and `what-if` then reported Missouri going from 59.5 to 112, F to A."""

import json

from test_validation import check
from test_validation_controls import PREFIXES, assert_finding, entry, findings


def test_entry_cannot_change_the_framework(tmp_path, entry):
    report = check(tmp_path, entry + "<framework/2023/goal/1.7> sg:maxPoints 50 .\n")
    assert_finding(report, "goal 1.7", "sg:maxPoints", "this triple is about the framework")
    (finding,) = [f for f in findings(report) if f.rule == "statgraph:Ownership"]
    assert finding.value == "50 (xsd:integer)"


def test_maxpoints_50_is_refused_on_load_and_does_not_move_what_if(cli, tmp_path):
    path = tmp_path / "max.ttl"
    path.write_text(PREFIXES + "<framework/2023/goal/1.7> sg:maxPoints 50 .\n", encoding="utf-8")
    before = cli("what-if", "--state", "MO", "--format", "json")
    run = cli("what-if", "--state", "MO", "--data", "graph_data/jurisdictions", "--data", path, "--format", "json")
    assert run.code == 2 and run.out == ""
    assert "max.ttl: the entry changes what it does not own: id:framework/2023/goal/1.7 sg:maxPoints" in run.err
    assert "Traceback" not in run.err
    assert json.loads(before.out)[0]["total_max"] == 104
