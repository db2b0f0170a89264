"""Issue #13: a caught error often got the message of another constraint on the same property: a
negative goal score was told to be "one decimal number". Each failure gets its own message, once."""

from test_validation import replace
from test_validation_controls import check_beside_missouri, entry, findings


def test_a_negative_goal_score_is_told_it_cannot_be_negative_and_nothing_else(tmp_path, entry):
    broken = replace(entry, "sg:goal <framework/2023/goal/1.7> ; sg:status sg:NotMet ;",
                     "sg:goal <framework/2023/goal/1.7> ; sg:status sg:NotMet ; sg:publishedScore -1.0 ;")
    report = check_beside_missouri(tmp_path, broken)
    about = [f.message for f in findings(report) if f.node == "ZZ 2024 goal 1.7" and f.path == "sg:publishedScore"]
    assert len(about) == 1 and about[0].startswith("A goal's score cannot be negative"), about
    assert "decimal number" not in about[0]
    assert report.exit_code() == 1
