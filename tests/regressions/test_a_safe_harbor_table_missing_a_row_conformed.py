"""Issue #13: a Safe Harbor table with one of its rows missing conformed."""

import re

from test_validation_controls import assert_finding, check_beside_missouri, entry


def test_a_missing_safe_harbor_row_is_a_violation_naming_the_goal(tmp_path, entry):
    broken, removed = re.subn(r"<us-zz/2024/safe-harbor/2\.4> a sg:SafeHarborRow[^\n]*\n[^\n]*\n", "", entry)
    assert removed == 1
    report = check_beside_missouri(tmp_path, broken)
    assert_finding(report, "ZZ 2024 report card", "", "The Safe Harbor table has no row for goal 2.4")
    assert report.exit_code() == 1
