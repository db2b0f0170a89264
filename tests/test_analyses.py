"""Coverage, impact, what-if and the other analyses, checked against the source's own findings."""

import csv
import io
import json
from decimal import Decimal

import pytest

import statgraph


@pytest.fixture(scope="module")
def coverage_rows(kg):
    return kg.run("coverage", {"state": "MO"}).records()


def reached(rows, protection):
    return {r["offense"]: r["via"] for r in rows if r["protection"] == protection and r["covered"]}


# --- the source's findings, derived by the queries -------------------------------------------

def test_video_deposition_reaches_566_not_567(coverage_rows):
    reach = reached(coverage_rows, "491.680(1)")
    assert {"566.210", "566.211"} <= set(reach)
    assert not {"567.030", "567.050", "567.060"} & set(reach)


def test_hearsay_exception_reaches_573_not_567(coverage_rows):
    reach = reached(coverage_rows, "491.075(1)")
    assert reach["573.024"] == "chapter 573"
    assert not any(offense.startswith("567.") for offense in reach)


def test_restitution_reaches_trafficking_and_no_csec_offense(coverage_rows):
    by_offense = {r["offense"]: r for r in coverage_rows if r["protection"] == "566.218"}
    assert {o for o, r in by_offense.items() if r["covered"]} == {"566.210", "566.211"}
    assert all(not r["covered"] for r in by_offense.values() if r["category"] == "CSEC")


def test_record_redaction_reaches_chapter_566_only(coverage_rows):
    reach = reached(coverage_rows, "595.226(1)")
    assert set(reach) == {"566.103", "566.210", "566.211"}
    assert set(reach.values()) == {"chapter 566"}


def test_civil_remedy_reaches_566_211_only_through_the_transfer(coverage_rows):
    reach = reached(coverage_rows, "566.223(6)")
    assert reach["566.211"] == "566.212 → 566.211"
    assert reach["566.210"] == "566.213 → 566.210"


def test_protections_by_chapter_answer_566_versus_567(kg):
    rows = {(r["chapter"], r["protection"]): r for r in kg.run("protections-by-chapter", {"state": "MO"}).records()}
    assert rows[("chapter 566", "491.680(1)")]["reaches"] == "all"
    assert rows[("chapter 567", "491.680(1)")]["reaches"] == "none"
    assert rows[("chapter 567", "491.680(1)")]["uncovered"] == "567.030; 567.050; 567.060"
    assert rows[("chapter 566", "566.218")]["covered"] == "2 of 3"


def test_scope_borrowed_from_the_registration_lists(coverage_rows):
    """§ 556.037 reaches what §§ 589.414(6), (7) list; the source quotes those lists only in part,
    so the CSEC offenses they do not cite are unknown, not unreached."""
    by_offense = {r["offense"]: r for r in coverage_rows if r["protection"] == "556.037(1)"}
    assert by_offense["567.030"]["via"] == "listed in 589.414(6); listed in 589.414(7)"
    assert by_offense["566.211"]["via"] == "listed in 589.414(7)"
    assert {o for o, r in by_offense.items() if r["covered"] is None} == {"566.103", "573.024"}
    assert not any(r["covered"] is False for r in by_offense.values())


def test_compensation_exception_reaches_trafficking_victims_not_csec_victims(coverage_rows):
    by_offense = {r["offense"]: r for r in coverage_rows if r["protection"] == "595.030(1)"}
    assert {o for o, r in by_offense.items() if r["covered"]} == {"566.210", "566.211"}
    assert {r["via"] for r in by_offense.values() if r["covered"]} == {"child sex trafficking offenses"}
    assert all(r["covered"] is False for r in by_offense.values() if r["category"] == "CSEC")


def test_protections_about_the_persons_own_offenses_or_any_offense_are_not_in_coverage(coverage_rows):
    shown = {r["protection"] for r in coverage_rows}
    assert not shown & {"567.020(5)", "610.131(1)", "562.041(2)(1)", "559.105(1)", "337.055"}
    assert {"491.075(1)", "491.680(1)", "491.725", "556.037(1)", "566.223(7)", "595.030(1)"} <= shown


def test_route_ages_are_the_lower_of_protection_and_offense(kg):
    rows = kg.select("""SELECT ?offense ?age WHERE {
        ?route sg:routeProtection <https://w3id.org/statgraph/id/us-mo/protection/491.075> ;
               sg:routeOffense/sg:definedBy/sg:citation ?offense ; sg:routeVictimAgeUnder ?age }""").rows
    ages = dict(rows)
    assert ages["566.210"] == 12  # the offense's own victims are all under 12
    assert ages["566.211"] == 14  # the hearsay exception stops at 14
    assert ages["573.024"] == 14  # an offense without an age limit of its own
    assert "567.030" not in ages  # chapter 567 is out of scope: no route at all


def test_coverage_is_derived_not_stored():
    """No entry file states coverage: the routes exist only in the derived graph."""
    from statgraph.kg import loader
    for source in loader.select_files(None):
        assert "CoverageRoute" not in source.path.read_text(encoding="utf-8") or source.role == "ontology"


# --- impact -------------------------------------------------------------------------------------

def test_impact_of_566_223_lists_the_goals_resting_on_it(kg):
    rows = kg.run("impact", {"state": "MO", "section": "566.223"}).records()
    direct = {r["node"] for r in rows if r["kind"] == "goal" and r["hops"] == 0}
    assert direct == {"goal 2.5", "goal 3.3", "goal 3.4", "goal 4.5", "goal 4.6", "goal 6.1", "goal 6.2", "goal 6.3"}
    assert ("protection", "protection: victim's civil action against the offender", "established by 566.223(6)") in {
        (r["kind"], r["node"], r["path"]) for r in rows}


def test_impact_follows_cross_references(kg):
    rows = kg.run("impact", {"state": "MO", "section": "573.010"}).records()
    assert ("goal 1.1", "rests on 566.211(1) cites 573.010") in {(r["node"], r["path"]) for r in rows}
    assert ("goal 2.1", "rests on 566.211, whose 566.211(1) cites 573.010") in {(r["node"], r["path"]) for r in rows}


def test_impact_follows_transfers(kg):
    rows = kg.run("impact", {"state": "MO", "section": "566.211"}).records()
    paths = {(r["kind"], r["path"]) for r in rows}
    assert ("statute", "566.212 was transferred to 566.211") in paths
    assert ("goal", "rests on 566.223(6) cites 566.212; 566.212 was transferred to 566.211") in paths
    assert ("protection", "reaches the offense 566.211 defines, via 566.212 → 566.211") in paths


def test_impact_cli_and_unknown_section(cli):
    run = cli("impact", "566.223", "--state", "MO")
    assert run.code == 0 and "Goals (8)" in run.out and "goal 4.5" in run.out
    bad = cli("impact", "566.999", "--state", "MO")
    assert bad.code == 2 and "no section 566.999 of MO" in bad.err


# --- what-if ------------------------------------------------------------------------------------

def what_if(kg, recommendations=None, state="MO"):
    params = {"state": state}
    if recommendations:
        params["recommendations"] = recommendations
    (row,) = kg.run("what-if", params).records()
    return row


def test_enacting_everything_gives_full_marks_plus_extra_credit(kg):
    row = what_if(kg)
    assert row["total_min"] == row["total_max"] == Decimal("104")  # 100 + 4 extra credit, within 110
    assert row["grade_min"] == "A" and len(row["enacted"].split("; ")) == 29


def test_enacting_goals_not_met_adds_their_points(kg):
    row = what_if(kg, "2.6.1,4.1.1")
    assert (row["total_min"], row["total_max"], row["grade_max"]) == (Decimal("64.5"), Decimal("64.5"), "D")


def test_partially_met_goals_give_a_range_that_respects_the_issue_score(kg):
    row = what_if(kg, "1.1.1 3.4.1")  # 1.1 gains exactly 1.5; 3.4 gains between 0 and 1
    assert (row["total_min"], row["total_max"]) == (Decimal("61"), Decimal("62"))
    both = what_if(kg, "3.4.1,3.5.1")  # together they take issue 3 to its maximum: exactly 1 more
    assert both["total_min"] == both["total_max"] == Decimal("60.5")


def test_what_if_ranks_among_loaded_jurisdictions(synthetic_states):
    world = statgraph.load([statgraph.resources.graph_data_dir() / "jurisdictions", synthetic_states(50, 10, seed=3)])
    row = what_if(world)
    assert row["compared_with"] == 50
    assert 1 <= row["rank_min"] <= row["rank_max"] <= 51
    assert row["tier_min"] in ("Tier I", "Tier II", "Tier III")


def test_what_if_cli(cli):
    run = cli("what-if", "--state", "MO", "2.6.1", "4.1.1")
    assert run.code == 0 and "59.5 → 64.5" in run.out and "F → D" in run.out
    assert "no other report card" in run.out
    bad = cli("what-if", "--state", "MO", "9.9.9")
    assert bad.code == 2 and "no recommendation 9.9.9" in bad.err


# --- leverage, Safe Harbor, statute-goals, history ---------------------------------------------

def test_leverage_ranks_statutes_by_unmet_goals(kg):
    rows = kg.run("leverage", {"state": "MO"}).records()
    statutes = [r for r in rows if r["kind"] == "statute"]
    assert statutes[0]["item"] == "566.223" and statutes[0]["unmet_goals"] == 5
    recommendations = [r for r in rows if r["kind"] == "recommendation"]
    assert len(recommendations) == 29
    assert recommendations[0]["points_max"] == Decimal("2.5")
    assert [r["points_max"] for r in recommendations] == sorted((r["points_max"] for r in recommendations), reverse=True)


def test_safe_harbor_scorecard_is_derived_and_agrees_with_the_table(kg):
    rows = kg.run("safe-harbor", {"state": "MO", "year": "2023"}).records()
    assert [r["goal"] for r in rows] == ["2.1", "2.3", "2.4", "2.5", "2.6", "2.7", "2.8", "3.1", "3.6"]
    assert all(r["agrees"] is True for r in rows)
    assert {r["goal"]: r["status"] for r in rows}["2.7"] == "PartiallyMet"


def test_statute_goals(kg):
    rows = kg.run("statute-goals", {"state": "MO"}).records()
    assert {r["goal"] for r in rows if r["section"] == "566.223"} == {"2.5", "3.3", "3.4", "4.5", "4.6", "6.1", "6.2", "6.3"}
    assert {r["provisions"] for r in rows if r["section"] == "210.1500" and r["goal"] == "2.5"} == {
        "210.1500(1); 210.1500(2); 210.1500(3); 210.1500(4)"}


def test_history(kg):
    rows = kg.run("history", {"state": "MO"}).records()
    assert [(r["year"], r["total"], r["grade"]) for r in rows] == [
        (2011, Decimal("82"), "B"), (2019, Decimal("89.5"), "B"), (2023, Decimal("59.5"), "F")]
    assert rows[1]["areas"].startswith("1: 10/10; 2: 23/25")


# --- the shortcuts, in all three formats -------------------------------------------------------

@pytest.mark.parametrize("args", [
    ("coverage", "--state", "MO"), ("impact", "566.223", "--state", "MO"), ("what-if", "--state", "MO", "2.6.1"),
])
def test_shortcuts_in_every_format(cli, args):
    table = cli(*args)
    assert table.code == 0 and table.out
    rows = list(csv.DictReader(io.StringIO(cli(*args, "--format", "csv").out)))
    assert rows
    assert json.loads(cli(*args, "--format", "json").out)


def test_coverage_chapters_filter(cli):
    rows = list(csv.DictReader(io.StringIO(cli("coverage", "--state", "MO", "--chapters", "567", "--format", "csv").out)))
    assert {r["offense_chapter"] for r in rows} == {"chapter 567"}
    covered = lambda protection: {r["covered"] for r in rows if r["protection"] == protection}
    assert covered("491.680(1)") == {"false"}  # the source's finding
    assert covered("556.037(1)") == {"true"}   # registration offenses: no time limit on prosecution
    assert covered("491.725") == {""}          # scope not stated: unknown, never "false"
    matrix = cli("coverage", "--state", "MO", "--chapters", "566,567").out
    assert "566.211" in matrix and "573.024" not in matrix
    bad = cli("coverage", "--state", "MO", "--chapters", "999")
    assert bad.code == 2 and "chapter 999" in bad.err
