"""Issue #13.4 (review): `"2023-02-30"^^xsd:date` as Missouri's `sg:legislationAsOf` passed
`statgraph validate` (exit 0), and gaps printed it: the lexical check was a pattern that let any
day up to 31 through in any month."""

from test_validation_controls import missouri_copy


def test_thirtieth_of_february_is_one_violation(cli, tmp_path):
    folder, card = missouri_copy(tmp_path, '"2023-07-01"^^xsd:date', '"2023-02-30"^^xsd:date')
    run = cli("validate", card, "--data", folder)
    assert run.code == 1
    assert ('violation sg:legislationAsOf   "2023-02-30" is not a well-formed xsd:date' in run.out
            and run.out.count("    violation ") == 1), run.out
    assert "rule: sgsh:LegislationDate · SPARQL (could not run)" in run.out
