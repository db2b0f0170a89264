"""The regenerated report card: every status, score and recommendation number against the data
(and against the source, read independently by ingest), a golden file, and the HTML page."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from browser import Page
from conftest import REPO, SOURCE
from statgraph.publish.output import cell_text
from statgraph.publish.report import STATUS_WORDS, collect, render

GOLDEN = Path(__file__).parent / "golden" / "us-mo-2023-report.md"


@pytest.fixture(scope="module")
def markdown(kg) -> str:
    return render(collect(kg, "MO", 2023), "md")


def goal_sections(text: str) -> dict[str, str]:
    """Goal notation -> the text of its section in the Markdown report."""
    parts = re.split(r"^#### (\d+\.\d+) ", text, flags=re.M)
    return {parts[i]: parts[i + 1] for i in range(1, len(parts) - 1, 2)}


def test_every_goal_status_and_points_match_the_graph(kg, markdown):
    sections = goal_sections(markdown)
    rows = kg.run("goal-status", {"state": "MO", "year": "2023"}).records()
    assert len(rows) == 40 and set(sections) == {r["goal"] for r in rows}
    for row in rows:
        status = re.search(r"Status: \*\*(.+?)\*\* \(points: (.+?)\)", sections[row["goal"]])
        assert status.group(1) == STATUS_WORDS[row["status"]], row["goal"]
        if row["score"] is not None:
            assert status.group(2) == cell_text(row["score"]), row["goal"]


def test_every_issue_score_grade_and_the_total_match_the_graph(kg, markdown):
    printed = {m.group(1): (m.group(3), m.group(4), m.group(5)) for m in re.finditer(
        r"^\| (\d)\. (.+?) \| ([\d.]+) \| ([\d.]+) \| ([A-F]) \|$", markdown, re.M)}
    expected = {r["issue"]: (cell_text(r["score"]), cell_text(r["max"]), r["grade"])
                for r in kg.run("issue-scores", {"state": "MO", "year": "2023"}).records()}
    assert printed == expected and len(printed) == 6
    card = kg.run("report-card", {"state": "MO", "year": "2023"}).records()[0]
    assert f"| Total | {cell_text(card['total'])} of " in markdown
    assert f"| Grade | {card['grade']} |" in markdown and f"| Tier | {card['tier']} |" in markdown


def test_every_recommendation_number_is_printed_under_its_goal(kg, markdown):
    sections = goal_sections(markdown)
    expected = {(r["goal"], r["recommendation"]) for r in kg.run("gaps", {"state": "MO", "year": "2023"}).records()
                if r["recommendation"]}
    printed = {(goal, number) for goal, text in sections.items()
               for number in re.findall(r"^- Recommendation (\d+\.\d+\.\d+):", text, re.M)}
    assert printed == expected and len(printed) == 29


def test_statutes_relied_on_carry_their_titles(markdown):
    section = goal_sections(markdown)["1.5"]
    assert "Statutes relied on: 564.011 (Attempt)" in section


def test_safe_harbor_keystone_and_what_the_source_does_not_have(markdown):
    safe_harbor = markdown.split("## Safe Harbor scorecard", 1)[1].split("##", 1)[0]
    assert len(re.findall(r"^\| \d\.\d ", safe_harbor, re.M)) == 9
    assert "| 2.7 " in safe_harbor and "Partially met | Partially met | yes |" in safe_harbor
    keystone = markdown.split("## Keystone statutes", 1)[1].split("##", 1)[0]
    assert "| child sex trafficking | 566.211 (Sexual trafficking of a child – Penalty)" in keystone
    coverage = markdown.split("coverage of offenses by protections", 1)[1].split("##", 1)[0]
    # 491.075(1), 491.680(1), 491.725 (scope not stated), 556.037(1) (registration list), 566.218, ...
    assert re.search(r"^\| 567\.030 patronizing prostitution \| no \| no \| unknown \| yes \| no \|", coverage, re.M)
    assert "the total would\ngo from 59.5 to 104 and the grade from F to A." in markdown
    assert 'n_chapter_589["chapter 589"] -->|5| n_chapter_567["chapter 567"]' in markdown


@pytest.mark.skipif(not SOURCE.is_file(), reason="the Missouri source is outside the repository")
def test_statuses_and_issue_scores_are_exactly_the_sources(markdown):
    """Read the source independently (ingest) and hold the generated report against it."""
    from statgraph.authoring.ingest import ingest
    source = ingest(SOURCE.read_text(encoding="utf-8"), "MO")
    sections = goal_sections(markdown)
    for notation, goal in source.goals.items():
        assert f"Status: **{STATUS_WORDS[goal.status.value]}**" in sections[notation], notation
    for number, found in source.issues.items():
        _, grade, score, maximum = found.value
        assert re.search(rf"^\| {number}\. .+ \| {score:g} \| {maximum:g} \| {grade} \|$", markdown, re.M), number


def test_golden_file(markdown):
    """The whole Markdown page; after an intended change: STATGRAPH_UPDATE_GOLDEN=1 pytest tests/test_report.py"""
    if os.environ.get("STATGRAPH_UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(markdown, encoding="utf-8")
    assert markdown == GOLDEN.read_text(encoding="utf-8")


def test_cli_writes_markdown_and_html(cli, tmp_path):
    md, html = tmp_path / "mo.md", tmp_path / "mo.html"
    assert cli("report", "--state", "MO", "--format", "md", "-o", str(md)).code == 0
    assert md.read_text(encoding="utf-8") == GOLDEN.read_text(encoding="utf-8")
    assert cli("report", "--state", "mo", "--year", "2023", "--format", "html", "-o", str(html)).code == 0
    page = html.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<h1>Missouri · 2023 report card</h1>" in page
    assert "http://" not in page.split("<body>", 1)[1].replace('xmlns="http://www.w3.org/2000/svg"', "") \
        .replace('xmlns:xlink="http://www.w3.org/1999/xlink"', "")


def test_report_for_a_draft_and_bad_requests(cli, tmp_path):
    run = cli("report", "--state", "MO", "--year", "2019")
    assert run.code == 2 and "no 2019 report card for MO" in run.err
    run = cli("report", "--state", "ZZ")
    assert run.code == 2 and "unknown state 'ZZ'" in run.err


def test_html_page_in_a_browser(browser, tmp_path):
    from statgraph.cli import main
    out = tmp_path / "mo.html"
    assert main(["report", "--state", "MO", "--format", "html", "-o", str(out)]) == 0
    page = Page(browser, out.as_uri())
    try:
        assert page.console == []
        assert all(url.startswith("file://") or url.startswith("data:") for url in page.requests)
        assert page.page.locator("table.goals tr").count() == 40 + 6  # a header row per issue table
        page.screenshot("report-mo-2023.png")
    finally:
        page.close()


def test_repository_has_no_copy_of_the_source():
    assert not list(REPO.glob("**/missouri-2023-report-card.md"))
