"""Issue #13: an assessment with two statuses was told "must be one of ..." (the message of another
constraint of the same property) instead of "one status, not several"."""

from test_validation import check, replace
from test_validation_controls import entry, findings


def test_two_values_are_told_one_value_not_the_allowed_list(tmp_path, entry):
    report = check(tmp_path, replace(entry, "sg:goal <framework/2023/goal/1.2> ; sg:status sg:FullyMet ;",
                                     "sg:goal <framework/2023/goal/1.2> ; sg:status sg:FullyMet, sg:PartiallyMet ;"))
    about = [f.message for f in findings(report) if f.node == "ZZ 2024 goal 1.2" and f.path == "sg:status"]
    assert about == ["An assessment has one status, not several."]
