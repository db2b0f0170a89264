"""Issue #13: an entry could state results against another framework edition than the one its card
applies, and it conformed: an assessment of a goal from another edition, an issue result for an
area of the pre-2021 framework on a 2023-framework card."""

import json

from test_framework_editions import filled, second_edition
from test_validation_controls import assert_finding, check_beside_missouri, entry


def test_an_assessment_of_another_editions_goal_is_a_violation(cli, tmp_path, second_edition):
    path = filled(cli, tmp_path)
    text = path.read_text(encoding="utf-8")
    own = "<us-qq/2031/goal/2.2> sg:status sg:NotMet ;"
    assert own in text
    path.write_text(text.replace(own, "<us-qq/2031/goal/2.2> sg:goal <framework/2023/goal/2.2> ; "
                                      "sg:status sg:NotMet ;", 1), encoding="utf-8")
    run = cli("validate", path, "--data", path, "--format", "json")
    assert run.code == 1
    found = [(f["node"], f["message"]) for e in json.loads(run.out)["entries"] for f in e["findings"]
             if f["severity"] == "violation"]
    assert any(node == "QQ 2031 goal 2.2" and "names a goal of another framework edition (shi-2023), not of the "
               "card's" in message for node, message in found), found


def test_an_issue_result_for_another_editions_area_is_a_violation(tmp_path, entry):
    other_edition = ("<us-zz/2024/issue/pic-1> a sg:IssueAreaResult ; sg:reportCard <us-zz/2024> ; "
                     "sg:issueArea <framework/pic/area/1> .\n")
    report = check_beside_missouri(tmp_path, entry + other_edition)
    assert_finding(report, "ZZ 2024 issue 1", "", "names an issue area of another framework edition (pic)")
    assert report.exit_code() == 1
