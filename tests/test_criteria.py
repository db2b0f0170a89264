"""Goal criteria: the framework's rules over the statute facts, on Missouri and on made-up states."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

import statgraph
from statgraph.analyses.criteria import (COLUMNS, Element, contradictions, criteria, criterion_files, goal_of,
                                         run_criterion, verdict)
from statgraph.errors import InputError
from statgraph.kg.queries import parse_query_file

PREFIXES = """\
@base <https://w3id.org/statgraph/id/> .
@prefix sg:      <https://w3id.org/statgraph/ontology#> .
@prefix eli:     <http://data.europa.eu/eli/ontology#> .
@prefix skos:    <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix rdfs:    <http://www.w3.org/2000/01/rdf-schema#> .
"""

# Zedland: one child sex trafficking offense (chapter 1) and two CSEC offenses (chapter 2). Its
# video deposition reaches both chapters, which Missouri's § 491.680 does not; its hearsay
# exception stops at 16 and at chapter 1. Nothing else is recorded.
ZEDLAND = PREFIXES + """
<us-zz> a sg:Jurisdiction ; sg:code "ZZ" ; rdfs:label "Zedland" .
<us-zz/zrs> a sg:Code ; eli:jurisdiction <us-zz> ; sg:citation "Zed. Rev. Stat." .
<us-zz/zrs/chapter/1> a sg:Chapter ; eli:number "1" ; sg:citation "chapter 1" ; eli:is_part_of <us-zz/zrs> .
<us-zz/zrs/chapter/2> a sg:Chapter ; eli:number "2" ; sg:citation "chapter 2" ; eli:is_part_of <us-zz/zrs> .
<us-zz/zrs/chapter/9> a sg:Chapter ; eli:number "9" ; sg:citation "chapter 9" ; eli:is_part_of <us-zz/zrs> .
<us-zz/zrs/1.100> a sg:Section ; eli:number "1.100" ; sg:citation "1.100" ; eli:is_part_of <us-zz/zrs/chapter/1> .
<us-zz/zrs/2.200> a sg:Section ; eli:number "2.200" ; sg:citation "2.200" ; eli:is_part_of <us-zz/zrs/chapter/2> .
<us-zz/zrs/2.300> a sg:Section ; eli:number "2.300" ; sg:citation "2.300" ; eli:is_part_of <us-zz/zrs/chapter/2> .
<us-zz/zrs/9.100> a sg:Section ; eli:number "9.100" ; sg:citation "9.100" ; eli:is_part_of <us-zz/zrs/chapter/9> .
<us-zz/zrs/9.200> a sg:Section ; eli:number "9.200" ; sg:citation "9.200" ; eli:is_part_of <us-zz/zrs/chapter/9> .
<us-zz/offense/1.100> a sg:Offense ; rdfs:label "child trafficking" ; sg:definedBy <us-zz/zrs/1.100> ;
    sg:offenseCategory sg:ChildSexTrafficking ; sg:victimAgeUnder 18 .
<us-zz/offense/2.200> a sg:Offense ; rdfs:label "buying sex" ; sg:definedBy <us-zz/zrs/2.200> ;
    sg:offenseCategory sg:CSEC .
<us-zz/offense/2.300> a sg:Offense ; rdfs:label "promoting sex work" ; sg:definedBy <us-zz/zrs/2.300> ;
    sg:offenseCategory sg:CSEC .
<us-zz/protection/9.100> a sg:Protection ; rdfs:label "video deposition" ; sg:protectionKind sg:AlternativeTestimony ;
    sg:establishedBy <us-zz/zrs/9.100> ; sg:scopeChapter <us-zz/zrs/chapter/1>, <us-zz/zrs/chapter/2> .
<us-zz/protection/9.200> a sg:Protection ; rdfs:label "hearsay exception" ; sg:protectionKind sg:HearsayException ;
    sg:establishedBy <us-zz/zrs/9.200> ; sg:scopeChapter <us-zz/zrs/chapter/1> ; sg:victimAgeUnder 16 .
"""


def by_goal(results):
    return {r.goal: r for r in results}


def outcomes(result):
    return {e.element: e.outcome for e in result.elements}


@pytest.fixture(scope="module")
def missouri(kg):
    return by_goal(criteria(kg, "MO"))


@pytest.fixture(scope="module")
def zedland_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("zz") / "zz.ttl"
    path.write_text(ZEDLAND, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def zedland(zedland_file):
    return by_goal(criteria(statgraph.load([zedland_file]), "ZZ"))


# --- every criterion file --------------------------------------------------------------------

@pytest.mark.parametrize("query", criterion_files(), ids=goal_of)
def test_criterion_header_names_its_rule_and_columns(query):
    assert re.fullmatch(r"\d\.\d+", goal_of(query))
    assert query.title.startswith(f"Goal {goal_of(query)} — ")
    assert query.description and query.meta_value("elements")
    assert query.meta_value("framework") == "shi-2023"
    assert [p.name for p in query.params] == ["state"]
    assert query.columns == COLUMNS
    assert query.rule_source, "a criterion names the source lines of the rule it encodes"


@pytest.mark.parametrize("query", criterion_files(), ids=goal_of)
def test_rule_source_lines_exist_and_state_the_goal(query, source_lines):
    text = ""
    for first, last in query.rule_source:
        assert 1 <= first <= last <= len(source_lines), (first, last)
        text += "\n".join(source_lines[first - 1:last]) + "\n"
    assert f"Policy Goal {goal_of(query)}" in text
    assert re.search(rf"{re.escape(goal_of(query))}\.1\s+Recommendation", text) or "FULLY MET" in text


@pytest.mark.parametrize("query", criterion_files(), ids=goal_of)
def test_every_criterion_runs_on_missouri(kg, query):
    elements = run_criterion(kg, query, "MO")
    assert elements
    assert all(0 <= e.low <= e.high <= 2 for e in elements)
    assert all(e.missing for e in elements if e.low < e.high), "an undecided element says what is missing"


def test_criterion_wording_is_our_own(source_lines):
    """Titles and descriptions are the project's words: no 8-word run of the report."""
    source = " ".join(re.findall(r"[a-z0-9]+", " ".join(source_lines).lower()))
    copied = []
    for query in criterion_files():
        for text in (query.title, query.description):
            words = re.findall(r"[a-z0-9]+", text.lower())
            copied += [(goal_of(query), " ".join(words[i:i + 8])) for i in range(len(words) - 7)
                       if " ".join(words[i:i + 8]) in source]
    assert copied == []


def test_a_malformed_rule_source_names_the_file_and_line(tmp_path):
    bad = tmp_path / "9.9.rq"
    bad.write_text("#title: Goal 9.9 — x\n#rule-source: 12-3\nSELECT * WHERE { ?s ?p ?o }\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"9\.9\.rq, line 2: cannot read '#rule-source: 12-3'"):
        parse_query_file(bad)
    good = tmp_path / "9.8.rq"
    good.write_text("#rule-source: 837-839, 851\n#framework: shi-2023\nSELECT * WHERE { ?s ?p ?o }\n")
    parsed = parse_query_file(good)
    assert parsed.rule_source == ((837, 839), (851, 851)) and parsed.meta_value("framework") == "shi-2023"


# --- the rule that turns elements into a result ----------------------------------------------

def element(name, low, high=None):
    return Element(name, "", low, low if high is None else high, "", "", "" if high is None else "x")


@pytest.mark.parametrize("levels,result", [
    ([2, 2], "met"), ([0, 0], "not met"), ([2, 0], "partly met"), ([1], "partly met"), ([2, 1], "partly met"),
    ([(0, 2), 2], "undecided"),      # met or partly met
    ([(0, 2), 0], "undecided"),      # not met or partly met
    ([(0, 2), 2, 0], "partly met"),  # whatever the unknown is, one met and one not
    ([(1, 2), 0], "partly met"),     # partly or met beside a not met
    ([(0, 2)], "undecided"),
    ([], "undecided"),
])
def test_verdict(levels, result):
    elements = [element(f"e{i}", *(lv if isinstance(lv, tuple) else (lv,))) for i, lv in enumerate(levels)]
    assert verdict(elements)[0] == result


# --- Missouri: decided and agreeing with the report --------------------------------------------

def test_missouri_decides_at_least_twelve_goals_and_agrees_with_every_one(missouri):
    decided = {g: r for g, r in missouri.items() if r.decided}
    assert len(decided) >= 12
    assert {g: (r.criterion, r.published) for g, r in decided.items() if not r.agrees} == {}
    assert {"4.2", "4.3", "4.4", "4.5", "4.6", "5.1", "5.2", "5.3", "2.5", "2.6", "2.7", "2.8"} <= set(decided)


def test_5_2_video_deposition_misses_chapter_567_and_573(missouri):
    result = missouri["5.2"]
    assert (result.criterion, result.published) == ("partly met", "partly met")
    assert {o for o, out in outcomes(result).items() if out == "not met"} == {"567.030", "567.050", "567.060",
                                                                             "573.024"}
    met = [e for e in result.elements if e.outcome == "met"]
    assert {e.element for e in met} == {"566.103", "566.210", "566.211"}
    assert {e.provisions for e in met} == {"491.680(1)"}


def test_5_1_hearsay_exception_stops_at_14(missouri):
    result = missouri["5.1"]
    assert result.criterion == "partly met"
    found = outcomes(result)
    assert found["566.210"] == "met"          # its victims are all under 12, so under 14 covers them
    assert found["566.211"] == "partly met"   # victims of 14 to 17 are left out
    assert found["567.030"] == "not met"      # chapter 567 is outside § 491.075
    assert any("under 14 only" in line and "566.211" in line for line in result.evidence)


def test_4_4_restitution_mandatory_for_trafficking_not_csec(missouri):
    result = missouri["4.4"]
    assert result.criterion == "partly met"
    assert {o for o, out in outcomes(result).items() if out == "met"} == {"566.210", "566.211"}
    assert outcomes(result)["567.030"] == "not met"  # § 559.105 restitution is discretionary: it does not count


def test_4_5_civil_remedy_reaches_both_trafficking_offenses_through_transfers(missouri):
    result = missouri["4.5"]
    assert (result.criterion, result.published) == ("met", "met")
    assert {e.provisions for e in result.elements} == {"566.223(6)"}


def test_4_6_civil_deadline_decides_despite_the_unknown_registration_list(missouri):
    result = missouri["4.6"]
    assert result.criterion == "partly met" and result.possible == ("partly met",)
    found = outcomes(result)
    assert found["566.211 / civil action"] == "not met"
    assert found["567.030 / prosecution"] == "met"
    assert found["566.103 / prosecution"] == "unknown"  # § 589.414 is quoted only in part
    assert "the full scope of 556.037(1)" in " ".join(result.evidence)
    assert any("10 years" in line for line in result.evidence)


def test_4_2_reporting_exception_reaches_trafficking_victims_not_csec_victims(missouri):
    result = missouri["4.2"]
    assert result.criterion == "partly met"
    exempt = {e.element for e in result.elements if e.outcome == "met"}
    assert exempt == {"595.030(1) / 566.210", "595.030(1) / 566.211"}
    assert outcomes(result)["595.030(1) / 567.030"] == "not met"
    assert outcomes(result)["595.025(2) / 566.211"] == "not met"  # the filing deadline binds every victim


def test_4_3_relief_reaches_prostitution_only(missouri):
    result = missouri["4.3"]
    assert result.criterion == "partly met"
    (only,) = result.elements
    assert only.note == "only 567.020" and only.provisions == "610.131(1)"


def test_2_5_minors_not_charged_and_referred(missouri):
    result = missouri["2.5"]
    assert (result.criterion, result.published) == ("met", "met")
    assert {e.element: e.provisions for e in result.elements} == {"567.020": "567.020(5)",
                                                                  "referral protocol": "210.1500(4)"}


def test_2_6_and_2_8_not_met_from_what_the_source_says_missouri_lacks(missouri):
    assert missouri["2.6"].criterion == "not met"
    assert set(outcomes(missouri["2.6"])) == {"status offenses", "misdemeanors", "non-violent felonies"}
    assert missouri["2.8"].criterion == "not met"
    assert "no affirmative defense" in missouri["2.8"].evidence[0]


def test_2_7_accomplice_liability_barred_only_for_the_offense_against_the_victim(missouri):
    result = missouri["2.7"]
    assert result.criterion == "partly met"
    found = outcomes(result)
    assert found["566.211 / accomplice liability"] == "partly met"
    assert found["566.211 / principal liability"] == "not met"
    assert {e.provisions for e in result.elements if e.low == 1} == {"562.041(2)(1)"}


def test_5_3_no_advocate_redaction_for_chapter_566_supports_unknown(missouri):
    result = missouri["5.3"]
    assert result.criterion == "partly met"
    found = outcomes(result)
    assert found["566.211 / victim advocate"] == "not met"
    assert found["566.211 / identity protection"] == "met"
    assert found["566.211 / courtroom support"] == "unknown"


def test_1_1_buyers_reached_only_by_reading_the_verbs_with_jungers(missouri):
    result = missouri["1.1"]
    assert result.criterion == "partly met"
    assert {e.provisions for e in result.elements} == {"United States v. Jungers, 702 F.3d 1066 (8th Cir. 2013)"}
    assert all("'causes' and 'obtains'" in e.note for e in result.elements)


def test_missouri_has_no_contradicted_full_marks(kg):
    assert contradictions(kg, "MO") == []


def test_criteria_agree_after_the_coverage_changes_they_depend_on(kg, tmp_path):
    """The 'amend' question: if § 491.680 reached chapter 567, goal 5.2 would still miss 573.024."""
    from statgraph.kg import loader
    statutes = next(f.path for f in loader.bundled_entry_files() if f.path.name == "statutes.ttl")
    card = next(f.path for f in loader.bundled_entry_files() if f.path.name == "report-card-2023.ttl")
    text = statutes.read_text(encoding="utf-8").replace(
        "sg:scopeChapter <us-mo/rsmo/chapter/565>, <us-mo/rsmo/chapter/566>, <us-mo/rsmo/chapter/568> ;",
        "sg:scopeChapter <us-mo/rsmo/chapter/565>, <us-mo/rsmo/chapter/566>, <us-mo/rsmo/chapter/567>, "
        "<us-mo/rsmo/chapter/568> ;", 1)
    amended = tmp_path / "statutes.ttl"
    amended.write_text(text, encoding="utf-8")
    after = by_goal(criteria(statgraph.load([amended, card]), "MO", goals=["5.2"]))["5.2"]
    assert {o for o, out in outcomes(after).items() if out == "not met"} == {"573.024"}
    assert after.criterion == "partly met"


# --- a made-up second state -----------------------------------------------------------------------

def test_zedland_meets_5_2_where_missouri_does_not(zedland, missouri):
    assert missouri["5.2"].criterion == "partly met"
    result = zedland["5.2"]
    assert result.criterion == "met" and result.published is None and result.agrees is None
    assert set(outcomes(result).values()) == {"met"} and set(outcomes(result)) == {"1.100", "2.200", "2.300"}


def test_zedland_hearsay_exception_partial_for_age_and_chapter(zedland):
    result = zedland["5.1"]
    assert result.criterion == "partly met"
    assert outcomes(result) == {"1.100": "partly met", "2.200": "not met", "2.300": "not met"}


def test_zedland_undecided_where_the_graph_lacks_facts(zedland):
    restitution = zedland["4.4"]
    assert restitution.criterion == "undecided"
    assert restitution.undecided_reason == "the graph lacks whether the state has any mandatory restitution"
    assert zedland["1.4"].undecided_reason == "the graph lacks whether the state bars the mistake-of-age defense"
    assert zedland["4.2"].undecided_reason == ("the graph lacks the conditions of the state's crime victims' "
                                               "compensation")
    assert "the juvenile court's rule on" in zedland["2.9"].undecided_reason
    assert set(outcomes(zedland["2.5"])) == {"prostitution offenses", "referral protocol"}


def test_a_stated_absence_turns_unknown_into_not_met(tmp_path):
    path = tmp_path / "zz.ttl"
    path.write_text(ZEDLAND + """
<us-zz/absence/restitution> a sg:StatedAbsence ; sg:jurisdiction <us-zz> ; sg:absentKind sg:MandatoryRestitution .
""", encoding="utf-8")
    result = by_goal(criteria(statgraph.load([path]), "ZZ", goals=["4.4"]))["4.4"]
    assert result.criterion == "not met"
    assert result.evidence == ["1.100, 2.200, 2.300: the state's law has no mandatory restitution"]


def test_an_open_scope_leaves_unreached_offenses_unknown(tmp_path):
    path = tmp_path / "zz.ttl"
    path.write_text(ZEDLAND.replace(
        "sg:scopeChapter <us-zz/zrs/chapter/1> ; sg:victimAgeUnder 16 .",
        "sg:scopeChapter <us-zz/zrs/chapter/1> ; sg:scopeOpen true .") , encoding="utf-8")
    result = by_goal(criteria(statgraph.load([path]), "ZZ", goals=["5.1"]))["5.1"]
    assert outcomes(result) == {"1.100": "met", "2.200": "unknown", "2.300": "unknown"}
    assert result.criterion == "undecided"
    assert result.undecided_reason == "the graph lacks the full scope of 9.200"
    assert result.possible == ("partly met", "met")


def test_a_published_full_mark_the_criterion_contradicts_is_shown(tmp_path, cli):
    path = tmp_path / "zz.ttl"
    path.write_text(ZEDLAND + """
<us-zz/2024> a sg:ReportCard ; sg:jurisdiction <us-zz> ; sg:framework <framework/2023> ; sg:year 2024 .
<us-zz/2024/goal/5.1> a sg:Assessment ; sg:reportCard <us-zz/2024> ; sg:goal <framework/2023/goal/5.1> ;
    sg:status sg:FullyMet .
<us-zz/2024/goal/5.2> a sg:Assessment ; sg:reportCard <us-zz/2024> ; sg:goal <framework/2023/goal/5.2> ;
    sg:status sg:FullyMet .
""", encoding="utf-8")
    kg = statgraph.load([path])
    flagged = contradictions(kg, "ZZ")
    assert [(r.goal, r.criterion, r.published) for r in flagged] == [("5.1", "partly met", "met")]
    run = cli("criteria", "--state", "ZZ", "--data", path)
    assert run.code == 0
    assert "Published 'fully met' that the criterion does not find met in full: 5.1 (partly met)." in run.out
    assert re.search(r"^5\.2\s+met\s+met\s+yes", run.out, re.M)
    assert re.search(r"^5\.1\s+partly met\s+met\s+NO", run.out, re.M)


# --- the command --------------------------------------------------------------------------------

def test_cli_csv_and_json(cli):
    rows = list(csv.DictReader(io.StringIO(cli("criteria", "--state", "MO", "--format", "csv").out)))
    assert {"goal", "criterion", "published", "agrees", "evidence"} <= set(rows[0])
    assert len(rows) == len(criterion_files()) and {r["agrees"] for r in rows} == {"true"}
    five_two = next(r for r in rows if r["goal"] == "5.2")
    assert "567.030" in five_two["evidence"] and five_two["rule_source"] == "837-853"
    document = json.loads(cli("criteria", "--state", "MO", "--goal", "4.5", "--format", "json").out)
    assert [d["goal"] for d in document] == ["4.5"]
    assert {e["element"] for e in document[0]["elements"]} == {"566.210", "566.211"}


def test_cli_text(cli):
    run = cli("criteria", "--state", "mo")
    assert run.code == 0
    assert run.out.startswith("MO · 2023 report card · 16 goals with a criterion · 16 decided · 16 of 16 agree")
    assert re.search(r"^5\.2\s+partly met\s+partly met\s+yes", run.out, re.M)


@pytest.mark.parametrize("args,message", [
    (("--state", "XX"), "unknown state 'XX'"),
    (("--state", "MO", "--goal", "9.9"), "no criterion for goal 9.9"),
    (("--state", "MO", "--year", "1999"), "no 1999 report card for MO"),
])
def test_cli_bad_input(cli, args, message):
    run = cli("criteria", *args)
    assert run.code == 2 and message in run.err and "Traceback" not in run.err


def test_criteria_take_any_graph_with_run(kg):
    """Amend re-runs the criteria on an amended copy: anything with run() and require_state() will do."""
    class Recording:
        def __init__(self, inner):
            self.inner, self.ran = inner, []

        def run(self, query, params=None, /, **values):
            self.ran.append(query if isinstance(query, str) else query.name)
            return self.inner.run(query, params, **values)

        def require_state(self, state):
            return self.inner.require_state(state)

    graph = Recording(kg)
    results = criteria(graph, "MO", goals=["5.2"])
    assert [r.goal for r in results] == ["5.2"] and graph.ran == ["criteria/_published", "criteria/5.2"]


def test_validate_can_warn_about_a_contradicted_full_mark(tmp_path, cli):
    path = tmp_path / "zz.ttl"
    path.write_text(ZEDLAND + """
<us-zz/2024> a sg:ReportCard ; sg:jurisdiction <us-zz> ; sg:framework <framework/2023> ; sg:year 2024 .
<us-zz/2024/goal/5.1> a sg:Assessment ; sg:reportCard <us-zz/2024> ; sg:goal <framework/2023/goal/5.1> ;
    sg:status sg:FullyMet .
""", encoding="utf-8")
    plain = json.loads(cli("validate", path, "--data", path, "--format", "json").out)
    warned = json.loads(cli("validate", path, "--data", path, "--format", "json", "--criteria").out)
    rule = "criteria · queries/criteria/5.1.rq"
    assert not any(f["rule"] == rule for f in plain["entries"][0]["findings"])
    (finding,) = [f for f in warned["entries"][0]["findings"] if f["rule"] == rule]
    assert finding["severity"] == "warning" and finding["node"] == "ZZ 2024 goal 5.1"
    assert "finds it partly met" in finding["message"] and "2.200, 2.300" in finding["message"]
    bundled = json.loads(cli("validate", "--format", "json", "--criteria").out)
    assert not any(f["rule"].startswith("criteria") for e in bundled["entries"] for f in e["findings"])
