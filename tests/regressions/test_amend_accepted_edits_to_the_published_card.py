"""``amend`` accepted changes to the published report card and then said nothing moved.

Found by a hostile review: an Update setting goal 1.7 to fully met (and the issue
score, total and grade) exited 0 and printed "Goals that move: none … 59.5 → 59.5".
An amendment changes the law; the card records what the report published, so such
an Update is now refused with a finding per changed triple of the card.
"""

import json

ID = "https://w3id.org/statgraph/id/"
CARD_EDIT = f"""PREFIX sg: <https://w3id.org/statgraph/ontology#>
DELETE DATA {{ <{ID}us-mo/2023/goal/1.7> sg:status sg:NotMet }} ;
INSERT DATA {{ <{ID}us-mo/2023/goal/1.7> sg:status sg:FullyMet }}
"""
NEW_ROW = f"""PREFIX sg: <https://w3id.org/statgraph/ontology#>
INSERT DATA {{ [] a sg:ExtraCreditAward ; sg:reportCard <{ID}us-mo/2023> ; sg:publishedScore 9.0 }}
"""


def test_changing_a_goals_published_status_is_refused(cli, tmp_path):
    changes = tmp_path / "card.ru"
    changes.write_text(CARD_EDIT)
    run = cli("amend", "--state", "MO", changes, "--format", "json")
    assert run.code == 1, run.err
    findings = json.loads(run.out)["findings"]
    assert {(f["node"], f["path"], f["rule"]) for f in findings} == {("MO 2023 goal 1.7", "sg:status",
                                                                       "statgraph:PublishedCard")}
    assert len(findings) == 2  # the status added and the status removed
    table = cli("amend", "--state", "MO", changes)
    assert "REFUSED: the amendment changes the published report card" in table.out


def test_a_blank_node_part_added_to_the_card_is_refused(cli, tmp_path):
    changes = tmp_path / "award.ru"
    changes.write_text(NEW_ROW)
    run = cli("amend", "--state", "MO", changes)
    assert run.code == 1
    assert "REFUSED" in run.out and "not the published report card" in run.out


def test_a_statute_change_is_still_applied(cli):
    run = cli("amend", "--state", "MO", "--extend", "491.680", "567")
    assert run.code == 0 and "REFUSED" not in run.out
