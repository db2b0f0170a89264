"""Report text -> draft entry: structure, citations in context, the CLI, and the Missouri evaluation.

The sample report below is made up (sections 9xx are fictional) but laid out
the way the report-card PDFs convert: heading and status-marker variants,
footnotes separated from their goal by a page break, tables with tabs.
"""

from __future__ import annotations

import subprocess
import sys
import pytest
from hypothesis import given, strategies as st

from statgraph.authoring.diff import compare
from statgraph.errors import InputError
from statgraph.authoring.ingest import ingest

from conftest import REPO, SOURCE as MISSOURI_SOURCE
NBSP = "\u00a0"

SAMPLE = f"""\
# SAMPLE STATE

## 2023 Report Card

TIER II

### STATE HIGHLIGHTS:

- Ranked 12th in the nation (tie).
- A made-up highlight.

Issue\t\tGrade\tScore\tSummary
\t1. Criminal Provisions\tC\t$\\frac{{13.5}}{{17.5}}$\tSome text.
\t2. Identification of and Response to Victims\tF\t$\\frac{{12.5}}{{27.5}}$\tMore text.
EXTRA CREDIT\tYouth\t\t1\tText.

**OVERALL GRADE**
TIER II

**F 59.5**

 <b>Not met</b>\tA safe harbor row (see Policy Goal 2.1 for further analysis).

## ISSUE 1: Criminal Provisions<sup>9</sup>

### Policy Goal 1.1

A goal statement.

❶ **PARTIALLY MET**

The law reaches part of the conduct. Pursuant to Mo. Rev. Stat. § 901.010(1) (Made-up offense – Penalty),

1. A person commits the offense if he or she causes a commercial sex act as defined in section 901.005 [Definitions] or
violates section 902.020 [Other offense], 902.030 [Third offense], or 902.040 [transferred to § 902.041 (Renumbered offense)].

- 1.1.1{NBSP} {NBSP}Recommendation: Amend Mo. Rev. Stat. § 901.010 to reach everyone. (See [Issue Brief 1.1.](#))

**Policy Goal 1.2** A goal statement on the same line.

● FULLY MET

The law is complete.<sup>7</sup> Mo. Rev. Stat. § 901.020(2), (3) (Second offense) defines “widget” as “a thing.”

---

<sup>9</sup> Mo. Rev. Stat. § 903.001 (Council) sets up a council.

<sup>7</sup> Further, Mo. Stat. Ann. § 904.100(1)–(2) (Footnoted rule) applies.

#### Policy Goal 2.1

#### ○ **NOT MET**

Nothing in the law addresses it.

- 2.1.1 Recommendation: Enact a law. (See Issue Brief 2.1.)

## EXTRA CREDIT

Sex trafficked youth are covered under Mo. Rev. Stat. § 901.010(1).

# KEYSTONE STATUTES

1. Mo. Rev. Stat. § 905.500 (Keystone offense) states, see chapter 901 [Made-up chapter] and chapters 565, 566, or 573.
"""


@pytest.fixture(scope="module")
def draft():
    return ingest(SAMPLE, "MO")


def test_goals_and_statuses_from_every_heading_and_marker_form(draft):
    assert {n: g.status.value for n, g in draft.goals.items()} == \
        {"1.1": "PartiallyMet", "1.2": "FullyMet", "2.1": "NotMet"}
    assert draft.goals["1.1"].status.line == SAMPLE.splitlines().index("❶ **PARTIALLY MET**") + 1


def test_card_level_facts(draft):
    assert (draft.year, draft.total.value, draft.grade.value, draft.tier.value, draft.rank.value) == \
        (2023, 59.5, "F", 2, (12, True))
    assert draft.issues["1"].value == ("Criminal Provisions", "C", 13.5, 17.5)
    assert {k: v.value for k, v in draft.extra_credit.items()} == {"Youth": 1.0}
    assert draft.extra_credit_goals == {"Youth": {"2.1"}}
    assert {k: v.value for k, v in draft.safe_harbor.items()} == {"2.1": "NotMet"}
    assert [h.value for h in draft.highlights][1] == "A made-up highlight."


def test_statutes_a_goal_rests_on_include_its_footnotes_wherever_they_sit(draft):
    assert set(draft.goals["1.1"].statutes) == {"us-mo/rsmo/901.010/1", "us-mo/rsmo/901.010"}
    # footnote 7 is referred to from 1.2 and printed after the page break
    assert set(draft.goals["1.2"].statutes) == {
        "us-mo/rsmo/901.020/2", "us-mo/rsmo/901.020/3", "us-mo/rsmo/904.100/1", "us-mo/rsmo/904.100/2"}
    # footnote 9 hangs on the issue heading
    assert set(draft.issue_statutes["1"]) == {"us-mo/rsmo/903.001"}


def test_recommendations_find_their_goal_by_number(draft):
    assert draft.goals["1.1"].recommendations == ["1.1.1"]
    assert draft.recommendations["1.1.1"].text == "Amend Mo. Rev. Stat. § 901.010 to reach everyone."
    assert set(draft.recommendations["1.1.1"].statutes) == {"us-mo/rsmo/901.010"}
    assert draft.goals["1.1"].gap_text.value.startswith("The law reaches part")
    assert draft.goals["1.2"].gap_text is None  # fully met: no gap


def test_quoted_text_gives_cross_references_from_the_numbered_paragraph(draft):
    refs = {(x.citing.iri, x.cited.iri) for x in draft.cross_references}
    assert {("us-mo/rsmo/901.010/1", f"us-mo/rsmo/{n}") for n in ("901.005", "902.020", "902.030", "902.040")} <= refs
    assert ("us-mo/rsmo/905.500", "us-mo/rsmo/chapter/901") in refs
    assert ("us-mo/rsmo/905.500", "us-mo/rsmo/chapter/573") in refs


def test_transfers_and_terms(draft):
    moved = [c for c, _ in draft.citations if c.transferred_to]
    assert [(c.section, c.transferred_to.section, c.transferred_to.title) for c in moved] == \
        [("902.040", "902.041", "Renumbered offense")]
    terms = {(t.term, t.defined_in.iri) for t in draft.terms}
    assert ("widget", "us-mo/rsmo/901.020/2") in terms
    assert ("commercial sex act", "us-mo/rsmo/901.005") in terms


def test_no_recognisable_structure_is_an_input_error():
    with pytest.raises(InputError, match="no policy goals found"):
        ingest("Just a letter.\nNothing like a report card.\n", "MO")


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "statgraph.cli", *map(str, args)],
                          capture_output=True, text=True, cwd=cwd)


def test_cli_ingest_writes_a_draft_that_loads_validates_and_diffs(tmp_path):
    report, out = tmp_path / "sample.md", tmp_path / "draft.ttl"
    report.write_text(SAMPLE, encoding="utf-8")
    done = run("ingest", report, "--state", "MO", "-o", out)
    assert done.returncode == 0, done.stderr
    assert "3 goals (3 with a status)" in done.stdout
    # the draft lacks 37 of the framework's 40 goals and 4 issue results: validation says so
    checked = run("validate", out, "--data", out)
    assert checked.returncode == 1 and "Traceback" not in checked.stderr
    assert "Goal 6.3 is not assessed" in checked.stdout
    assert "Issue area 3 has no result" in checked.stdout
    gaps = run("gaps", "--state", "MO", "--data", out)
    assert gaps.returncode == 0 and "2.1" in gaps.stdout
    diffed = run("diff", out, REPO / "graph_data" / "jurisdictions" / "us-mo")
    assert diffed.returncode == 0
    assert "only in A — sections" in diffed.stdout and "901.010" in diffed.stdout
    assert "only in B — goal statuses" in diffed.stdout and "2.5 → FullyMet" in diffed.stdout


def test_cli_ingest_keeps_the_previous_output_when_the_report_is_bad(tmp_path):
    out = tmp_path / "draft.ttl"
    out.write_text("# previous draft\n", encoding="utf-8")
    bad = tmp_path / "bad.md"
    bad.write_bytes(b"Policy Goal 1.1\n\xff\xfe")
    done = run("ingest", bad, "--state", "MO", "-o", out)
    assert done.returncode == 2 and "line 2: not UTF-8" in done.stderr and "Traceback" not in done.stderr
    assert out.read_text(encoding="utf-8") == "# previous draft\n"


@given(st.lists(st.sampled_from([
    "### Policy Goal 1.1", "**Policy Goal 2.10** text", "● FULLY MET", "❶ **PARTIALLY MET**", "○ NOT MET",
    "- 1.1.1 Recommendation: do it.", "<sup>1</sup> Mo. Rev. Stat. § 566.211 (T) states,", "---",
    "text<sup>1</sup>", "1. under section 573.010 [Definitions], 566.212 [transferred to § 566.211 (X)]",
    "## EXTRA CREDIT", "Youth labor", "# KEYSTONE", "\t1. A\tC\t$\\frac{1}{2}$\t", "**F 1**", "TIER IV",
    "As used in this section, the term “x” means", "“y” is defined under Mo. Rev. Stat. § 1.100",
]), max_size=25), st.text(max_size=60))
def test_ingest_never_crashes_on_shuffled_report_pieces(pieces, noise):
    text = "\n".join(pieces) + "\n" + noise
    try:
        ingest(text, "MO", 2023)
    except InputError:
        pass


@pytest.mark.skipif(not MISSOURI_SOURCE.is_file(), reason="the Missouri source is outside the repository")
def test_missouri_source_reproduces_the_curated_entry(tmp_path):
    out = tmp_path / "mo.ttl"
    done = run("ingest", MISSOURI_SOURCE, "--state", "MO", "-o", out)
    assert done.returncode == 0, done.stderr
    result = compare([out], [REPO / "graph_data" / "jurisdictions" / "us-mo"])
    assert result.both["statuses"] == 40 and not result.only_a["statuses"] and not result.only_b["statuses"]
    for kind in ("statutes", "links"):
        precision, recall = result.precision_recall(kind)
        assert precision >= 0.95 and recall >= 0.95, (kind, precision, recall)
    checked = run("validate", out, "--data", out)
    assert checked.returncode == 0, checked.stdout
