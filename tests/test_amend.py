"""statgraph amend: an amendment applied to a copy, refused when it trespasses or breaks the shapes,
and compared with the loaded graph — coverage, criteria, goals, score — and the bill memo."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from decimal import Decimal

import pyoxigraph as ox
import pytest

import statgraph
from statgraph import resources
from statgraph.analyses.amend import TEMPLATES, Shortcut, amend, shortcut_update, template
from statgraph.errors import InputError
from statgraph.kg.names import SG

EXTEND_567 = """\
# § 491.680's video deposition reaches the chapter 567 offenses too
INSERT DATA {
  <us-mo/protection/491.680> sg:scopeChapter <us-mo/rsmo/chapter/567> .
}
"""
CSEC_567 = ("567.030", "567.050", "567.060")

PREFIXES = """\
@base <https://w3id.org/statgraph/id/> .
@prefix sg:      <https://w3id.org/statgraph/ontology#> .
@prefix eli:     <http://data.europa.eu/eli/ontology#> .
@prefix rdfs:    <http://www.w3.org/2000/01/rdf-schema#> .
"""

# Yland: a made-up state whose video deposition reaches chapter 1 (its child sex trafficking
# offense) but not chapter 2 (its CSEC offenses), and whose report card publishes goal 5.2 as
# partially met: the only partial goal of issue 5 (5.3 fully met, 5.1 and 5.4 not met), so 5.2
# holds 4 - 2.5 = 1.5 points. Its published total is 59, one point under a D.
YLAND = PREFIXES + """
<us-yy> a sg:Jurisdiction ; sg:code "YY" ; rdfs:label "Yland" .
<us-yy/yrs> a sg:Code ; eli:jurisdiction <us-yy> ; sg:citation "Y. Rev. Stat." .
<us-yy/yrs/chapter/1> a sg:Chapter ; eli:number "1" ; sg:citation "chapter 1" ; eli:is_part_of <us-yy/yrs> .
<us-yy/yrs/chapter/2> a sg:Chapter ; eli:number "2" ; sg:citation "chapter 2" ; eli:is_part_of <us-yy/yrs> .
<us-yy/yrs/chapter/9> a sg:Chapter ; eli:number "9" ; sg:citation "chapter 9" ; eli:is_part_of <us-yy/yrs> .
<us-yy/yrs/1.100> a sg:Section ; eli:number "1.100" ; sg:citation "1.100" ; eli:is_part_of <us-yy/yrs/chapter/1> .
<us-yy/yrs/2.200> a sg:Section ; eli:number "2.200" ; sg:citation "2.200" ; eli:is_part_of <us-yy/yrs/chapter/2> .
<us-yy/yrs/2.300> a sg:Section ; eli:number "2.300" ; sg:citation "2.300" ; eli:is_part_of <us-yy/yrs/chapter/2> .
<us-yy/yrs/9.100> a sg:Section ; eli:number "9.100" ; sg:citation "9.100" ; eli:is_part_of <us-yy/yrs/chapter/9> .
<us-yy/offense/1.100> a sg:Offense ; rdfs:label "child trafficking" ; sg:definedBy <us-yy/yrs/1.100> ;
    sg:offenseCategory sg:ChildSexTrafficking .
<us-yy/offense/2.200> a sg:Offense ; rdfs:label "buying sex" ; sg:definedBy <us-yy/yrs/2.200> ;
    sg:offenseCategory sg:CSEC .
<us-yy/offense/2.300> a sg:Offense ; rdfs:label "promoting sex work" ; sg:definedBy <us-yy/yrs/2.300> ;
    sg:offenseCategory sg:CSEC .
<us-yy/protection/9.100> a sg:Protection ; rdfs:label "video deposition" ; sg:protectionKind sg:AlternativeTestimony ;
    sg:establishedBy <us-yy/yrs/9.100> ; sg:scopeChapter <us-yy/yrs/chapter/1> .
<us-yy/2023> a sg:ReportCard ; sg:jurisdiction <us-yy> ; sg:framework <framework/2023> ; sg:year 2023 ;
    sg:publishedTotal 59.0 .
<us-yy/2023/issue/5> a sg:IssueAreaResult ; sg:reportCard <us-yy/2023> ; sg:issueArea <framework/2023/issue/5> ;
    sg:publishedScore 4.0 .
<us-yy/2023/goal/5.1> a sg:Assessment ; sg:reportCard <us-yy/2023> ; sg:goal <framework/2023/goal/5.1> ; sg:status sg:NotMet .
<us-yy/2023/goal/5.2> a sg:Assessment ; sg:reportCard <us-yy/2023> ; sg:goal <framework/2023/goal/5.2> ; sg:status sg:PartiallyMet .
<us-yy/2023/goal/5.3> a sg:Assessment ; sg:reportCard <us-yy/2023> ; sg:goal <framework/2023/goal/5.3> ; sg:status sg:FullyMet .
<us-yy/2023/goal/5.4> a sg:Assessment ; sg:reportCard <us-yy/2023> ; sg:goal <framework/2023/goal/5.4> ; sg:status sg:NotMet .
"""


def by_pair(result):
    return {(c.protection, c.offense): c for c in result.coverage}


def criterion(result, goal):
    return next(c for c in result.criteria if c.goal == goal)


def elements(change):
    return {e.element: (e.before.outcome if e.before else None, e.after.outcome if e.after else None)
            for e in change.elements}


def triples(changes):
    return {(s.value, p.value, o.value) for s, p, o in (c.triple for c in changes)}


@pytest.fixture(scope="module")
def extended(kg):
    return amend(kg, "MO", EXTEND_567, "extend-567.ru")


@pytest.fixture(scope="module")
def yland_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("yy") / "yy.ttl"
    path.write_text(YLAND, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def yland(yland_file):
    return statgraph.load([yland_file])


# --- extending § 491.680 to chapter 567 (the example) ----------------------------------

def test_extending_491_680_flips_the_chapter_567_offenses_with_the_route(extended):
    assert not extended.refused and [c.text for c in extended.added] == [
        "protection 491.680(1) · sg:scopeChapter · chapter 567"] and extended.removed == []
    flips = {pair: c for pair, c in by_pair(extended).items() if c.flips}
    assert set(flips) == {("491.680(1)", offense) for offense in CSEC_567}
    for change in flips.values():
        assert (change.before, change.after) == (False, True)
        assert (change.via_before, change.via_after) == ("", "chapter 567")
    # nothing else moves: chapter 573 stays out of the deposition's reach
    assert ("491.680(1)", "573.024") not in by_pair(extended)


def test_extending_491_680_changes_goal_5_2s_elements_not_its_result(extended):
    assert [c.goal for c in extended.criteria] == ["5.2"]
    change = criterion(extended, "5.2")
    assert (change.before.criterion, change.after.criterion, change.published) == ("partly met",) * 3
    assert not change.result_changes
    assert elements(change) == {offense: ("not met", "met") for offense in CSEC_567}
    after = {e.element: e for e in change.after.elements}
    assert all(after[o].provisions == "491.680(1)" for o in CSEC_567)
    # what keeps it partly met: the chapter 573 offense, still not reached
    assert after["573.024"].outcome == "not met"
    assert change.after.evidence[0].startswith("573.024: no alternative to live testimony reaches it")
    assert extended.moves == []
    assert (extended.score["total_now"], extended.score["total_min"], extended.score["total_max"]) == (
        Decimal("59.5"), Decimal("59.5"), Decimal("59.5"))
    assert extended.score["grade_min"] == extended.score["grade_max"] == "F"


def test_statutes_touched_are_named_with_their_titles(extended):
    touched = dict(extended.statutes)
    assert set(touched) == {"491.680(1)", "chapter 567"}
    assert touched["491.680(1)"].startswith("Court may order video recording of alleged child victim")


def test_the_shortcut_writes_an_update_with_the_same_effect(kg, extended):
    text = shortcut_update(kg, "MO", [Shortcut("extend", ("491.680", "567"))])
    assert "<https://w3id.org/statgraph/id/us-mo/protection/491.680>" in text
    assert "<https://w3id.org/statgraph/id/us-mo/rsmo/chapter/567>" in text
    by_shortcut = amend(kg, "MO", text, "--extend 491.680 567")
    assert triples(by_shortcut.added) == triples(extended.added) and by_shortcut.removed == []
    assert by_shortcut.coverage == extended.coverage
    assert [(c.goal, elements(c)) for c in by_shortcut.criteria] == [(c.goal, elements(c)) for c in extended.criteria]
    # the same protection named by its provision, and the chapter by its citation
    again = shortcut_update(kg, "MO", [Shortcut("extend", ("491.680(1)", "chapter 567"))])
    assert triples(amend(kg, "MO", again).added) == triples(extended.added)


def test_the_cli_shortcut_and_update_file_agree_and_print_update_round_trips(cli, tmp_path):
    changes = tmp_path / "extend-567.ru"
    changes.write_text(EXTEND_567, encoding="utf-8")
    by_file = cli("amend", "--state", "MO", changes, "--format", "json")
    printed = cli("amend", "--state", "MO", "--extend", "491.680", "567", "--print-update")
    assert printed.code == 0 and printed.out.startswith("PREFIX sg:") and "INSERT {" in printed.out
    saved = tmp_path / "printed.ru"
    saved.write_text(printed.out, encoding="utf-8")
    by_printed = cli("amend", "--state", "MO", saved, "--format", "json")
    by_shortcut = cli("amend", "--state", "MO", "--extend", "491.680", "567", "--format", "json")
    documents = [json.loads(run.out) for run in (by_file, by_printed, by_shortcut)]
    for document in documents:
        assert [c["offense"] for c in document["coverage"] if c["flips"]] == list(CSEC_567)
        assert [c["goal"] for c in document["criteria"]] == ["5.2"]
        assert {c["after"]["via"][0] for c in document["coverage"]} == {"chapter 567"}
    assert documents[0]["added"] == documents[1]["added"] == documents[2]["added"]


def test_table_output_names_the_flips_the_goal_and_what_holds_it(cli):
    run = cli("amend", "--state", "MO", "--extend", "491.680", "567")
    assert run.code == 0
    for offense in CSEC_567:
        assert re.search(rf"491\.680\(1\)\s+{re.escape(offense)} .*\bno\s+yes: chapter 567", run.out), offense
    assert "5.2 alternatives to live testimony" in run.out
    assert "567.030, 567.050, 567.060: not met → met" in run.out
    assert "what keeps it partly met: 573.024" in run.out
    assert "total  59.5 → 59.5" in run.out


def test_csv_rows_carry_each_change(cli):
    rows = list(csv.DictReader(io.StringIO(cli("amend", "--state", "MO", "--extend", "491.680", "567",
                                               "--format", "csv").out)))
    coverage = [r for r in rows if r["kind"] == "coverage"]
    assert [(r["key"], r["before"], r["after"]) for r in coverage] == [
        (f"491.680(1) × {o}", "no", "yes: chapter 567") for o in CSEC_567]
    element = [r for r in rows if r["kind"] == "element"]
    assert [(r["key"], r["before"], r["after"]) for r in element] == [(f"5.2 / {o}", "not met", "met") for o in CSEC_567]
    assert [r["key"] for r in rows if r["kind"] == "added"] == ["protection 491.680(1)"]


# --- no change -------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    EXTEND_567 + " ; " + EXTEND_567,  # the same amendment twice in one Update: once is enough
    "INSERT DATA { <us-mo/protection/491.680> sg:scopeChapter <us-mo/rsmo/chapter/566> }",  # already so
    "DELETE DATA { <us-mo/protection/491.680> sg:scopeChapter <us-mo/rsmo/chapter/567> }",  # not there
    "# nothing to change\n",
])
def test_a_no_op_reports_no_change_and_the_same_twice_reports_it_once(kg, extended, text):
    result = amend(kg, "MO", text)
    if text.startswith(EXTEND_567):
        assert triples(result.added) == triples(extended.added) and result.coverage == extended.coverage
    else:
        assert not result.changed and result.coverage == [] and result.criteria == [] and result.score is None


def test_applied_to_the_amended_entry_the_amendment_changes_nothing(cli, tmp_path):
    entry = tmp_path / "mo-amended.ttl"
    first = cli("amend", "--state", "MO", "--extend", "491.680", "567", "--write-entry", entry)
    assert first.code == 0 and f"wrote {entry}" in first.err
    text = entry.read_text(encoding="utf-8")
    assert text.startswith("# Missouri's entries") and "scopeChapter" in text
    second = cli("amend", "--state", "MO", "--data", entry, "--extend", "491.680", "567")
    assert second.code == 0 and "no change" in second.out.splitlines()[0]
    assert "adds and removes nothing" in second.out
    # the amended entry is the loaded one with the amendment: coverage says so
    covered = cli("coverage", "--state", "MO", "--data", entry, "--chapters", "567", "--format", "csv")
    rows = [r for r in csv.DictReader(io.StringIO(covered.out)) if r["protection"] == "491.680(1)"]
    assert {(r["offense"], r["covered"], r["via"]) for r in rows} == {(o, "true", "chapter 567") for o in CSEC_567}


# --- refused ---------------------------------------------------------------------------------

def test_an_amendment_breaking_the_shapes_is_refused_with_the_findings(kg, cli, tmp_path):
    broken = "INSERT DATA { <us-mo/protection/491.680> sg:scopeChapter <us-mo/rsmo/chapter/999> }"
    result = amend(kg, "MO", broken)
    assert result.refused and result.coverage == [] and result.criteria == []
    (finding,) = result.findings
    assert finding.rule.startswith("sgsh:ChapterNamed") and finding.node_iri.endswith("us-mo/rsmo/chapter/999")
    assert "is not in the graph" in finding.message
    changes = tmp_path / "broken.ru"
    changes.write_text(broken, encoding="utf-8")
    memo, entry = tmp_path / "memo.md", tmp_path / "entry.ttl"
    run = cli("amend", "--state", "MO", changes, "--report", memo, "--write-entry", entry)
    assert run.code == 1 and "REFUSED" in run.out and "sgsh:ChapterNamed" in run.out
    assert not memo.exists() and not entry.exists() and "no entry or memo written" in run.err


def test_the_shapes_the_entry_already_breaks_do_not_refuse_an_amendment(yland, yland_file):
    """Yland's card lacks most goals and its total does not add up; amending its statutes is judged
    by what the amendment breaks, not by what was broken before."""
    result = amend(yland, "YY", "INSERT DATA { <us-yy/protection/9.100> sg:scopeChapter <us-yy/yrs/chapter/2> }")
    assert not result.refused and result.findings == []


@pytest.mark.parametrize("text, reason", [
    ("INSERT DATA { <framework/2023/goal/5.2> sg:maxPoints 5.0 }", "the framework"),
    ("DELETE DATA { <framework/2023/goal/5.2> sg:maxPoints 2.5 }", "the framework"),
    ("INSERT DATA { <us-mo/route/x> sg:routeOffense <us-mo/offense/567.030> }", "derived values"),
    ("DELETE WHERE { ?kind sg:aboutOwnOffenses ?value }", "the ontology"),
])
def test_an_amendment_touching_what_the_state_does_not_own_is_refused(kg, text, reason):
    result = amend(kg, "MO", text)
    assert result.refused and result.findings and result.criteria == []
    assert all(f.rule == "statgraph:Ownership" for f in result.findings)
    assert any(reason in f.message for f in result.findings)


def test_an_amendment_for_one_state_cannot_change_another(yland_file, cli):
    both = statgraph.load([yland_file, resources.graph_data_dir() / "jurisdictions"])
    text = "DELETE DATA { <us-yy/protection/9.100> sg:scopeChapter <us-yy/yrs/chapter/1> }"
    result = amend(both, "MO", text)
    assert result.refused
    (finding,) = result.findings
    assert "another jurisdiction (id:us-yy)" in finding.message and finding.node == "protection 9.100"
    # the same change speaking for Yland is Yland's to make
    assert not amend(both, "YY", text).refused


def test_malformed_update_exits_2_with_its_line_and_column(cli, tmp_path):
    changes = tmp_path / "bad.ru"
    changes.write_text("PREFIX ex: <urn:x:>\nINSERT DATA {\n  ex:a ex:b }\n", encoding="utf-8")
    run = cli("amend", "--state", "MO", changes)
    assert run.code == 2 and f"{changes}, line 3, column 13: SPARQL syntax error" in run.err
    assert "Traceback" not in run.err


@pytest.mark.parametrize("text, word, line, column", [
    ("LOAD <http://example.org/data.ttl>", "LOAD", 1, 1),
    ("INSERT { ?s ?p ?o }\nWHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", "SERVICE", 2, 9),
    ("CLEAR ALL", "CLEAR", 1, 1),
    ("DROP GRAPH <urn:g>", "DROP", 1, 1),
    ("INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> <urn:c> } }", "GRAPH", 1, 15),
    ("WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "WITH", 1, 1),
])
def test_updates_reaching_outside_are_refused_before_running(kg, text, word, line, column):
    with pytest.raises(InputError, match=rf"line {line}, column {column}: {word} is not allowed"):
        amend(kg, "MO", text, "x.ru")


def test_a_query_is_not_an_amendment(kg):
    with pytest.raises(InputError, match=r"q.rq, line 2, column 1: this is a SPARQL query \(SELECT\), not an Update"):
        amend(kg, "MO", "PREFIX ex: <urn:x:>\nSELECT * WHERE { ?s ?p ?o }", "q.rq")


def test_words_inside_strings_iris_and_names_are_not_operations(kg):
    text = 'INSERT DATA { <us-mo/protection/491.680> rdfs:comment "LOAD and DROP nothing; SERVICE" }'
    result = amend(kg, "MO", text)
    assert not result.refused and len(result.added) == 1


def test_shortcut_names_are_checked_against_the_graph(kg):
    with pytest.raises(InputError, match="no protection '491.999' in MO"):
        shortcut_update(kg, "MO", [Shortcut("extend", ("491.999", "567"))])
    with pytest.raises(InputError, match=r"'566.223' names 2 protections in MO: 566.223\(6\), 566.223\(7\)"):
        shortcut_update(kg, "MO", [Shortcut("narrow", ("566.223", "566.203"))])
    with pytest.raises(InputError, match="no chapter or section '999' in MO"):
        shortcut_update(kg, "MO", [Shortcut("extend", ("491.680", "999"))])
    with pytest.raises(InputError, match="no section '567.999' in MO"):
        shortcut_update(kg, "MO", [Shortcut("repeal", ("567.999",))])
    with pytest.raises(InputError, match="no chapter '999' in MO"):  # the new section's chapter
        shortcut_update(kg, "MO", [Shortcut("transfer", ("566.211", "999.100"))])


@pytest.mark.parametrize("args, message", [
    (["--state", "MO"], "name the amendment"),
    (["--state", "MO", "{changes}", "--extend", "491.680", "567"], "not both"),
    (["--state", "MO", "--extend", "491.680", "567", "--report", "{tmp}/memo.pdf"], "memo's format"),
    (["--state", "MO", "--extend", "491.680", "567", "--write-entry", "{bundled}"], "statgraph does not write there"),
    (["--state", "MO", "{tmp}/missing.ru"], "no such file"),
    (["--state", "KS", "--extend", "491.680", "567"], "unknown state 'KS'"),
])
def test_bad_usage_exits_2(cli, tmp_path, args, message):
    changes = tmp_path / "c.ru"
    changes.write_text(EXTEND_567, encoding="utf-8")
    bundled = resources.graph_data_dir() / "jurisdictions" / "us-mo" / "statutes.ttl"
    run = cli("amend", *[a.format(tmp=tmp_path, changes=changes, bundled=bundled) for a in args])
    assert run.code == 2 and message in run.err and "Traceback" not in run.err


def test_no_bundled_file_changes(cli, tmp_path):
    """Every kind of amendment, refused or not, written out or not: the bundled files stay as they were."""
    def digest() -> dict:
        root = resources.bundled_root()
        return {p: hashlib.sha256(p.read_bytes()).hexdigest()
                for folder in ("graph_data", "ontology", "queries") for p in sorted((root / folder).rglob("*"))
                if p.is_file()}

    before = digest()
    changes = tmp_path / "c.ru"
    for text in (EXTEND_567, "INSERT DATA { <us-mo/protection/491.680> sg:scopeChapter <us-mo/rsmo/chapter/999> }",
                 "DELETE DATA { <framework/2023/goal/5.2> sg:maxPoints 2.5 }", "INSERT DATA {", "LOAD <urn:x>"):
        changes.write_text(text, encoding="utf-8")
        cli("amend", "--state", "MO", changes, "--report", tmp_path / "m.html", "--write-entry", tmp_path / "e.ttl")
    for shortcut in (["--repeal", "567.030"], ["--transfer", "566.211", "566.219"], ["--narrow", "491.075", "566"]):
        cli("amend", "--state", "MO", *shortcut, "--report", tmp_path / "m.md")
    assert digest() == before


# --- the other shortcuts ------------------------------------------------------------------------

def test_transferring_an_offense_into_chapter_566_brings_it_under_the_chapter_566_protections(kg):
    result = amend(kg, "MO", shortcut_update(kg, "MO", [Shortcut("transfer", ("567.030", "566.230"))]))
    assert not result.refused
    added = triples(result.added)
    base = "https://w3id.org/statgraph/id/us-mo/"
    assert (base + "rsmo/567.030", SG + "transferredTo", base + "rsmo/566.230") in added
    assert (base + "offense/567.030", SG + "definedBy", base + "rsmo/566.230") in added
    pairs = by_pair(result)
    assert (pairs[("491.680(1)", "566.230")].after, pairs[("491.680(1)", "566.230")].via_after) == (True, "chapter 566")
    assert not pairs[("491.680(1)", "567.030")].present_after  # the offense is now cited by its new number
    assert elements(criterion(result, "5.2"))["566.230"] == (None, "met")
    assert elements(criterion(result, "5.2"))["567.030"] == ("not met", None)
    # the new section has no source line: a warning, not a refusal
    assert any(w.node == "566.230" and w.path == "dcterms:source" for w in result.warnings)


def test_repealing_the_registration_lists_leaves_the_limitation_rule_undecided_and_the_score_a_range(kg):
    result = amend(kg, "MO", shortcut_update(kg, "MO", [Shortcut("repeal", ("589.414",))]))
    assert not result.refused
    pairs = by_pair(result)
    for offense in ("566.210", "566.211") + CSEC_567:  # reached only through 589.414's lists
        assert pairs[("556.037(1)", offense)].before is True and pairs[("556.037(1)", offense)].after is None
    change = criterion(result, "4.6")
    assert (change.before.criterion, change.after.criterion) == ("partly met", "undecided")
    (move,) = result.moves
    assert (move.goal, move.published, move.to) == ("4.6", "partly met", ("not met", "partly met"))
    score = result.score
    assert (score["total_min"], score["total_max"]) == (Decimal("57"), Decimal("59.5"))
    assert score["moves"] == ["4.6 PartiallyMet -> NotMet"]


def test_repealing_an_offense_section_removes_the_offense_and_what_rests_on_it(kg):
    result = amend(kg, "MO", shortcut_update(kg, "MO", [Shortcut("repeal", ("567.030",))]))
    removed = triples(result.removed)
    base = "https://w3id.org/statgraph/id/us-mo/"
    rdf_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    assert (base + "offense/567.030", rdf_type, SG + "Offense") in removed
    assert (base + "defense-bar/567.030-2", rdf_type, SG + "DefenseBar") in removed
    assert (base + "rsmo/567.030", "http://data.europa.eu/eli/ontology#in_force",
            "http://data.europa.eu/eli/ontology#InForce-notInForce") in triples(result.added)
    assert all(not c.present_after for c in result.coverage if c.offense == "567.030")
    assert elements(criterion(result, "5.2")) == {"567.030": ("not met", None)}


# --- a made-up state: goals move, up and down, and the grade follows ----------------------------

def test_yland_extending_its_deposition_meets_goal_5_2_and_lifts_the_grade(yland):
    result = amend(yland, "YY", "INSERT DATA { <us-yy/protection/9.100> sg:scopeChapter <us-yy/yrs/chapter/2> }")
    assert {(c.offense, c.after) for c in result.coverage if c.flips} == {("2.200", True), ("2.300", True)}
    change = criterion(result, "5.2")
    assert (change.before.criterion, change.after.criterion) == ("partly met", "met")
    assert [(m.goal, m.published, m.to) for m in result.moves] == [("5.2", "partly met", ("met",))]
    score = result.score  # 5.2 held 4 - 2.5 = 1.5 points: met gives exactly one more
    assert (score["total_now"], score["total_min"], score["total_max"]) == (Decimal("59"), Decimal("60"), Decimal("60"))
    assert (score["grade_now"], score["grade_min"], score["grade_max"]) == (None, "D", "D")


def test_yland_narrowing_its_deposition_to_nothing_loses_goal_5_2(yland):
    result = amend(yland, "YY", shortcut_update(yland, "YY", [Shortcut("narrow", ("9.100", "1"))]))
    change = criterion(result, "5.2")
    assert (change.before.criterion, change.after.criterion) == ("partly met", "not met")
    assert [(m.goal, m.to) for m in result.moves] == [("5.2", ("not met",))]
    assert (result.score["total_min"], result.score["total_max"]) == (Decimal("57.5"), Decimal("57.5"))
    assert result.score["grade_max"] == "F"
    # no scope left: the shapes warn about the protection, and do not refuse it
    assert not result.refused and any(w.node == "protection 9.100" for w in result.warnings)


def test_amend_works_with_data_on_a_made_up_state_from_the_cli(cli, yland_file, tmp_path):
    memo = tmp_path / "yy.html"
    run = cli("amend", "--state", "YY", "--data", yland_file, "--extend", "9.100", "2", "--report", memo)
    assert run.code == 0
    assert "5.2 alternatives to live testimony, whatever the offense: partly met → met" in run.out
    assert "total  59 → 60" in run.out and "grade  ? → D" in run.out
    assert "5.2" in memo.read_text(encoding="utf-8")


# --- the bill memo -------------------------------------------------------------------------------

def test_the_memo_shows_the_matrix_before_and_after_the_goal_and_the_statutes(cli, tmp_path):
    html, md = tmp_path / "memo.html", tmp_path / "memo.md"
    assert cli("amend", "--state", "MO", "--extend", "491.680", "567", "--report", html).code == 0
    assert cli("amend", "--state", "MO", "--extend", "491.680", "567", "--report", md).code == 0
    page = html.read_text(encoding="utf-8")
    assert page.lower().startswith("<!doctype html") and "Content-Security-Policy" in page and "<script" not in page
    assert re.search(r"<tr><td>567\.030 patronizing prostitution</td>(<td[^>]*>[^<]*</td>)*"
                     r"<td class=\"cell-yes changed\">no → yes</td>", page)
    assert page.count("no → yes</td>") == 3 and "changed\">yes → no" not in page
    text = md.read_text(encoding="utf-8")
    assert "| 567.050 promoting prostitution in the first degree | no | **no → yes** |" in text
    assert "| 491.680(1) | Court may order video recording of alleged child victim" in text
    assert "5.2 alternatives to live testimony" in text and "Total | 59.5 → 59.5" in text
    # the same look as the report card: its stylesheet
    style = (resources.templates_dir() / "style.css").read_text(encoding="utf-8").splitlines()[0]
    assert style in page


def test_the_memo_of_a_goal_that_moves_says_where_it_goes(cli, yland_file, tmp_path):
    memo = tmp_path / "yy.md"
    cli("amend", "--state", "YY", "--data", yland_file, "--narrow", "9.100", "1", "--report", memo)
    text = memo.read_text(encoding="utf-8")
    assert "| 5.2 alternatives to live testimony, whatever the offense | partly met | not met |" in text
    assert "total 59 → 57.5, grade ? → F" in text


# --- the templates and the scoring query ----------------------------------------------------------

@pytest.mark.parametrize("name", TEMPLATES)
def test_each_template_is_a_complete_update_with_a_header(name):
    query = template(name)
    assert query.title and query.description and query.params
    ox.Store().update(query.text)  # parses as it is on disk
    defined = set(re.findall(r"sg:(\w+)", (resources.ontology_dir() / "statgraph.ttl").read_text(encoding="utf-8")))
    assert set(re.findall(r"\bsg:(\w+)", query.text)) <= defined


def test_what_if_status_agrees_with_what_if_when_goals_become_fully_met(kg):
    moved = kg.run("what-if-status", state="MO", moves=["3.4=FullyMet", "3.5=FullyMet"]).records()[0]
    enacted = kg.run("what-if", state="MO", recommendations=["3.4.1", "3.5.1"]).records()[0]
    assert (moved["total_min"], moved["total_max"], moved["grade_max"]) == (
        enacted["total_min"], enacted["total_max"], enacted["grade_max"]) == (Decimal("60.5"), Decimal("60.5"), "D")


@pytest.mark.parametrize("moves, low, high", [
    ([], "59.5", "59.5"),  # the card as published
    (["1.2=NotMet"], "57", "57"),  # a fully met goal lost: its 2.5 points
    (["1.1=NotMet"], "58.5", "58.5"),  # the lone partial goal of issue 1 held exactly 1 point
    (["1.7=PartiallyMet"], "59.5", "62"),  # a new partial: between nothing and the goal's maximum
    (["5.1=NotMet"], "57", "59"),  # a partial sharing issue 5's points with others: a range
])
def test_what_if_status_scores_moves_up_and_down(kg, moves, low, high):
    row = kg.run("what-if-status", {"state": "MO", **({"moves": moves} if moves else {})}).records()[0]
    assert (row["total_min"], row["total_max"]) == (Decimal(low), Decimal(high))


# --- blank nodes ----------------------------------------------------------------------------------

def test_an_entry_with_blank_nodes_is_compared_term_by_term(tmp_path):
    """Blank nodes are copied as they are (text would relabel them and every one would look changed)."""
    path = tmp_path / "yy.ttl"
    path.write_text(YLAND + '<us-yy/protection/9.100> rdfs:seeAlso [ rdfs:label "a note on the deposition" ] .\n',
                    encoding="utf-8")
    kg = statgraph.load([path])
    result = amend(kg, "YY", "INSERT DATA { <us-yy/protection/9.100> sg:scopeChapter <us-yy/yrs/chapter/2> }")
    assert [c.text for c in result.added] == ["protection 9.100 · sg:scopeChapter · chapter 2"]
    assert result.removed == [] and [m.goal for m in result.moves] == ["5.2"]
    assert not amend(kg, "YY", "INSERT DATA { <us-yy/protection/9.100> sg:scopeChapter <us-yy/yrs/chapter/1> }").changed


def test_blank_nodes_an_amendment_inserts_are_added(kg):
    result = amend(kg, "MO", 'INSERT DATA { <us-mo/protection/491.680> rdfs:seeAlso [ rdfs:label "proposed note" ] }')
    assert len(result.added) == 2 and not result.refused
    assert {c.predicate for c in result.added} == {"rdfs:seeAlso", "rdfs:label"}
