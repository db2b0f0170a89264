"""Issue #13.3 (review): `"NaN"^^xsd:double` as Missouri's `sg:publishedTotal` made `statgraph validate`
exit 4 (decimal.InvalidOperation while comparing it with a limit)."""

import pytest

from test_validation_controls import missouri_copy


@pytest.mark.parametrize("datatype", ["double", "decimal"])
def test_nan_total_is_one_violation_and_the_total_checks_say_they_could_not_run(cli, tmp_path, datatype):
    folder, card = missouri_copy(tmp_path, "sg:publishedTotal 59.5", f'sg:publishedTotal "NaN"^^xsd:{datatype}')
    run = cli("validate", card, "--data", folder)
    assert run.code == 1 and "internal error" not in run.err and "Traceback" not in run.err, run.err
    assert run.out.count("violation sg:publishedTotal") == 1 and run.out.count("    violation ") == 1, run.out
    assert f"[value: NaN (xsd:{datatype})]" in run.out
    assert "rule: sgsh:TotalAddsUp · SPARQL (could not run)" in run.out
