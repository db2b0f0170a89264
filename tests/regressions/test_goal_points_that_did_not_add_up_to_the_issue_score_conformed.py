"""Issue #13: goal points an entry published that did not add up to the issue score it also
published conformed; nothing compared the card's parts with one another."""

from test_validation import replace
from test_validation_controls import assert_finding, check_beside_missouri, entry


def test_published_goal_points_that_cannot_give_the_issue_score_are_a_violation(tmp_path, entry):
    broken = replace(entry, "sg:goal <framework/2023/goal/1.1> ; sg:restsOn",
                     "sg:goal <framework/2023/goal/1.1> ; sg:publishedScore 0.5 ; sg:restsOn")
    report = check_beside_missouri(tmp_path, broken)
    assert_finding(report, "ZZ 2024 issue 1", "", "Issue 1 scores 13.5, which its goals cannot give: their "
                                                   "published points and statuses allow exactly 13")
    assert report.exit_code() == 1
