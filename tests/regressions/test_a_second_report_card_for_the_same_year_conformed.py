"""Issue #13: a second complete report card for the same state and year passed `statgraph validate`
as "conforms", so two totals and two grades for one year could be loaded side by side."""

from test_validation_controls import assert_finding, check_beside_missouri, entry


SECOND_CARD = ('<us-zz/2024b> a sg:ReportCard ; sg:jurisdiction <us-zz> ; sg:framework <framework/2023> ; '
               'sg:year 2024 .\n')


def test_a_second_card_for_the_year_is_a_violation_naming_it(tmp_path, entry):
    report = check_beside_missouri(tmp_path, entry + SECOND_CARD)
    assert_finding(report, "ZZ 2024 report card", "", "ZZ already has a 2024 report card")
    assert report.exit_code() == 1


def test_control_case_on_the_command_line(cli, tmp_path, entry):
    path = tmp_path / "zz.ttl"
    path.write_text(entry + SECOND_CARD, encoding="utf-8")
    run = cli("validate", path, "--data", path)
    assert run.code == 1 and "ZZ already has a 2024 report card" in run.out and "Traceback" not in run.err
