"""Issue #13: an entry could state results against another framework edition than the one its card
applies (an issue area of the pre-2021 framework on a 2023-framework card), and it conformed."""

from test_validation_controls import assert_finding, check_beside_missouri, entry


def test_an_issue_result_for_another_editions_area_is_a_violation(tmp_path, entry):
    other_edition = ("<us-zz/2024/issue/pic-1> a sg:IssueAreaResult ; sg:reportCard <us-zz/2024> ; "
                     "sg:issueArea <framework/pic/area/1> .\n")
    report = check_beside_missouri(tmp_path, entry + other_edition)
    assert_finding(report, "ZZ 2024 issue 1", "", "names an issue area of another framework edition (pic)")
    assert report.exit_code() == 1
