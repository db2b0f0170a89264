"""Framework editions are data: a made-up second edition works end to end.

The edition (tests/data/framework-test-2030.ttl) has its own goals, issue areas,
maxima, bands (A, B, C and E), tiers, Safe Harbor goals and extra credit. It is
installed beside the 2023 edition as a bundled framework file would be; then
new-state writes its skeleton, validate checks entries under it (and its
control cases fail with the edition's own numbers), and gaps and what-if
answer on it.
"""

import json
import shutil
from pathlib import Path

import pytest

from statgraph import resources
from statgraph.analyses import validation
from statgraph.kg import ownership

EDITION = Path(__file__).parent / "data" / "framework-test-2030.ttl"


@pytest.fixture
def second_edition(tmp_path, monkeypatch):
    root = tmp_path / "bundle"
    bundled = resources.bundled_root()
    for folder in ("ontology", "queries", "graph_data"):
        shutil.copytree(bundled / folder, root / folder)
    shutil.copy(EDITION, root / "graph_data" / "framework" / EDITION.name)
    monkeypatch.setattr(resources, "bundled_root", lambda: root)
    for cached in (validation._foundation, ownership.bundled_foundation):
        cached.cache_clear()
    yield root
    for cached in (validation._foundation, ownership.bundled_foundation):
        cached.cache_clear()


FILLED = """
<us-qq> rdfs:label "Test state QQ" .
<us-qq/2031> sg:publishedTotal 13.5 ; sg:publishedGrade "B" ; sg:publishedTier <framework/2030/tier/1> ;
    sg:publishedRank 2 ; sg:rankTied false .
<us-qq/2031/issue/1> sg:publishedScore 6.5 ; sg:publishedGrade "C" .
<us-qq/2031/issue/2> sg:publishedScore 6.5 ; sg:publishedGrade "B" .
<us-qq/2031/goal/1.1> sg:status sg:FullyMet .
<us-qq/2031/goal/1.2> sg:status sg:PartiallyMet ; sg:publishedScore 1.5 ;
    sg:recommendation <us-qq/2031/recommendation/1.2.1> .
<us-qq/2031/goal/1.3> sg:status sg:NotMet ; sg:recommendation <us-qq/2031/recommendation/1.3.1> .
<us-qq/2031/goal/2.1> sg:status sg:FullyMet .
<us-qq/2031/goal/2.2> sg:status sg:NotMet ; sg:recommendation <us-qq/2031/recommendation/2.2.1> .
<us-qq/2031/recommendation/1.2.1> a sg:Recommendation ; skos:notation "1.2.1" ; sg:summary "Close the alpha gap." .
<us-qq/2031/recommendation/1.3.1> a sg:Recommendation ; skos:notation "1.3.1" ; sg:summary "Add the third alpha law." .
<us-qq/2031/recommendation/2.2.1> a sg:Recommendation ; skos:notation "2.2.1" ; sg:summary "Add the beta law." .
<us-qq/2031/extra-credit/labor> a sg:ExtraCreditAward ; sg:reportCard <us-qq/2031> ;
    sg:extraCreditCategory <framework/2030/extra-credit/labor> ; sg:publishedScore 0.5 .
<us-qq/2031/safe-harbor/1.2> a sg:SafeHarborRow ; sg:reportCard <us-qq/2031> ;
    sg:goal <framework/2030/goal/1.2> ; sg:publishedStatus sg:PartiallyMet .
<us-qq/2031/safe-harbor/2.2> a sg:SafeHarborRow ; sg:reportCard <us-qq/2031> ;
    sg:goal <framework/2030/goal/2.2> ; sg:publishedStatus sg:NotMet .
"""


def skeleton_text(cli, tmp_path) -> str:
    out = tmp_path / "qq.ttl"
    assert cli("new-state", "--state", "QQ", "--year", "2031", "--framework", "test-2030", "-o", out).code == 0
    return out.read_text(encoding="utf-8")


def test_skeleton_follows_the_edition(cli, tmp_path, second_edition):
    text = skeleton_text(cli, tmp_path)
    assert "sg:framework <framework/2030>" in text
    assert text.count("a sg:Assessment") == 5 and text.count("a sg:IssueAreaResult") == 2
    assert "out of 12" in text and "out of 8" in text and "framework/2023" not in text
    run = cli("validate", tmp_path / "qq.ttl")
    assert run.code == 0 and "no violations" in run.out
    assert "add an sg:SafeHarborRow for each of goals 1.2, 2.2" in run.out


def filled(cli, tmp_path) -> Path:
    path = tmp_path / "qq.ttl"
    path.write_text(skeleton_text(cli, tmp_path) + FILLED, encoding="utf-8")
    return path


def test_filled_entry_under_the_edition_has_no_violations(cli, tmp_path, second_edition):
    path = filled(cli, tmp_path)
    run = cli("validate", path, "--data", path, "--format", "json")
    document = json.loads(run.out)
    assert run.code == 0 and document["violations"] == 0, run.out
    assert {f["rule"] for f in document["entries"][0]["findings"]} == {"sgsh:Provenance · MinCount"}


CONTROLS = [
    ('<us-qq/2031/issue/1> sg:publishedScore 6.5 ; sg:publishedGrade "C" .',
     '<us-qq/2031/issue/1> sg:publishedScore 6.5 ; sg:publishedGrade "D" .',
     "QQ 2031 issue 1", "The grade D is not one of the framework edition's grades (A, B, C, E)"),
    ('<us-qq/2031/issue/2> sg:publishedScore 6.5 ; sg:publishedGrade "B" .',
     '<us-qq/2031/issue/2> sg:publishedScore 6.5 ; sg:publishedGrade "A" .',
     "QQ 2031 issue 2", "Issue 2 scores 6.5 of 8, which earns grade B, not A"),
    ('<us-qq/2031/goal/2.1> sg:status sg:FullyMet .',
     '<us-qq/2031/goal/2.1> sg:status sg:FullyMet ; sg:publishedScore 2.5 .',
     "QQ 2031 goal 2.1", "Goal 2.1 is FullyMet but scores 2.5: fully met earns 6.5"),
    ('sg:publishedScore 0.5 .', 'sg:publishedScore 2.5 .',
     "QQ 2031 report card", "Extra credit adds up to 2.5, more than the framework's 2"),
    ("sg:publishedRank 2 ;", "sg:publishedRank 4 ;",
     "QQ 2031 report card", "Rank 4 is not in Upper, which holds ranks 1 to 3"),
    ("<us-qq/2031/safe-harbor/2.2> a sg:SafeHarborRow ;", "<us-qq/2031/safe-harbor/2.2> a sg:Highlight ;",
     "QQ 2031 report card", "The Safe Harbor table has no row for goal 2.2"),
]


@pytest.mark.parametrize("old,new,node,message", CONTROLS, ids=[c[3][:40] for c in CONTROLS])
def test_control_cases_under_the_edition(cli, tmp_path, second_edition, old, new, node, message):
    path = filled(cli, tmp_path)
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    run = cli("validate", path, "--data", path, "--format", "json")
    assert run.code == 1
    found = [(f["node"], f["message"]) for e in json.loads(run.out)["entries"] for f in e["findings"]
             if f["severity"] == "violation"]
    assert any(n == node and message in m for n, m in found), found


def test_gaps_and_what_if_under_the_edition(cli, tmp_path, second_edition):
    path = filled(cli, tmp_path)
    run = cli("gaps", "--state", "QQ", "--data", path)
    assert run.code == 0 and "Alpha area" in run.out and "3 of 5 goals not fully met" in run.out, run.out
    gaps = json.loads(cli("query", "gaps", "--param", "state=QQ", "--data", path, "--format", "json").out)
    rows = {r["goal"]: r for r in gaps}
    assert set(rows) == {"1.2", "1.3", "2.2"}
    assert (rows["1.2"]["points_min"], rows["1.2"]["points_max"]) == (2.5, 2.5)
    assert (rows["1.3"]["points_min"], rows["2.2"]["points_min"]) == (3, 1.5)
    (what_if,) = json.loads(cli("what-if", "--state", "QQ", "--data", path, "--format", "json").out)
    assert (what_if["total_now"], what_if["total_min"], what_if["total_max"]) == (13.5, 20.5, 20.5)
    assert (what_if["grade_now"], what_if["grade_max"]) == ("B", "A")
    (one,) = json.loads(cli("what-if", "--state", "QQ", "1.3.1", "--data", path, "--format", "json").out)
    assert one["total_max"] == 16.5 and one["grade_max"] == "B"
