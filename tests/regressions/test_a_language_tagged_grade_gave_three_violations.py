"""Issue #13.5 (review): `sg:publishedGrade "F"@en` on Missouri's card gave three violations, among
them "The total 59.5 earns grade F, not F." — the grade rules compared a value of the wrong type."""

from test_validation_controls import missouri_copy


def test_one_datatype_violation_with_the_value_as_written(cli, tmp_path):
    folder, card = missouri_copy(tmp_path, 'sg:publishedGrade "F" ;  # line 124',
                                 'sg:publishedGrade "F"@en ;  # line 124')
    run = cli("validate", card, "--data", folder)
    assert run.code == 1
    assert run.out.count("    violation ") == 1 and "violation sg:publishedGrade" in run.out, run.out
    assert '[value: "F"@en]' in run.out
    assert "earns grade F, not F" not in run.out
    assert "rule: sgsh:TotalAddsUp · SPARQL (could not run)" in run.out
