"""Issue #13.1, #13.3: the "once per goal / row / category" rules only saw IRI-named nodes. A second
assessment of goal 1.2, a second Safe Harbor row for 2.1 or a second youth extra-credit award scored
0.0, each written as a blank node and appended to Missouri's card, passed
`statgraph validate … --warnings-as-errors` with exit 0 (gaps then counted 30 of 41 goals)."""

import pytest

from test_validation_controls import missouri_copy

SOURCE = "dcterms:source <source/shi-2023-mo-report-card> ; sg:lineStart 118"
DUPLICATES = [
    ("[] a sg:Assessment ; sg:reportCard <us-mo/2023> ; sg:goal <framework/2023/goal/1.2> ; sg:status sg:NotMet",
     "MO 2023 goal 1.2", "Goal 1.2 is assessed more than once"),
    ("[] a sg:SafeHarborRow ; sg:reportCard <us-mo/2023> ; sg:goal <framework/2023/goal/2.1> ; "
     "sg:publishedStatus sg:FullyMet", "MO 2023 Safe Harbor row 2.1", "The Safe Harbor table lists goal 2.1 more than once"),
    ("[] a sg:ExtraCreditAward ; sg:reportCard <us-mo/2023> ; sg:extraCreditCategory "
     "<framework/2023/extra-credit/youth> ; sg:publishedScore 0.0 ; sg:extendsGoal <framework/2023/goal/4.5>",
     "MO 2023 extra credit youth", "Extra credit for youth is awarded more than once"),
]


@pytest.mark.parametrize("row,node,message", DUPLICATES, ids=["assessment", "safe harbor row", "extra credit"])
def test_a_blank_duplicate_on_missouris_card_is_named_by_goal(cli, tmp_path, row, node, message):
    folder, card = missouri_copy(tmp_path, append=f"{row} ; {SOURCE} .\n")
    run = cli("validate", card, "--data", folder, "--warnings-as-errors")
    assert run.code == 1, run.out
    assert f"  {node}\n    violation -" in run.out and message in run.out, run.out
    assert "_:" not in run.out
