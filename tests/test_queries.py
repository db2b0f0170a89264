"""Named queries: headers describe them truthfully, derivations follow the rules, values bind safely."""

from decimal import Decimal
from pathlib import Path

import pytest

import statgraph
from statgraph.errors import InputError
from statgraph.kg.queries import catalogue, find_query

QUERIES = catalogue()
MO_PARAMS = {"state": "MO"}


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_header_describes_the_query(kg, name):
    query = QUERIES[name]
    assert query.title and query.description and query.columns
    required = {p.name for p in query.params if p.required}
    assert required <= set(query.example), f"{name}'s #example binds every required parameter"
    result = kg.run(query, query.example)  # the example binding the README, --list and the tests share
    assert tuple(result.columns) == query.columns
    assert result.rows, f"{name} returns no rows for Missouri"


def test_required_parameter_is_asked_for(kg):
    with pytest.raises(InputError, match="--param state="):
        kg.run("goal-status", {})


def test_unknown_parameter_and_bad_integer_are_refused(kg):
    with pytest.raises(InputError, match="no parameter 'county'"):
        kg.run("goal-status", {"state": "MO", "county": "x"})
    with pytest.raises(InputError, match="whole number"):
        kg.run("goal-status", {"state": "MO", "year": "2023; DROP"})


def test_unknown_query_suggests_close_names():
    with pytest.raises(InputError) as error:
        find_query("goal")
    assert "goal-status" in str(error.value)


def test_year_filters_and_lowercase_state_is_accepted(kg):
    assert len(kg.run("goal-status", {"state": "mo", "year": "2023"}).rows) == 40
    assert kg.run("goal-status", {"state": "MO", "year": "2019"}).rows == []


@pytest.mark.parametrize("value", ['MO" } ; DROP ALL ; #', "MO\n} #", "ＭＯ", "M\u200bO", "MO' || true"])
def test_hostile_state_values_match_nothing_and_change_nothing(kg, value):
    before = len(kg)
    with pytest.raises(InputError, match="unknown state"):  # a named query checks its jurisdiction
        kg.run("goal-status", {"state": value})
    query = find_query("goal-status")  # bound as a term all the same, it matches nothing
    assert kg.select(query.text, {"state": query.param("state").to_terms(value)}).rows == []
    assert len(kg) == before


# --- derived scores ------------------------------------------------------------------------

def test_derived_scores_for_missouri(kg):
    rows = {r["goal"]: r for r in kg.run("goal-status", MO_PARAMS).records()}
    assert rows["1.1"]["score"] == Decimal("1.0")  # lone partial in issue 1: 13.5 - 5 x 2.5
    assert rows["1.2"]["score"] == Decimal("2.5") and rows["1.7"]["score"] == Decimal("0")
    assert rows["2.7"]["score"] is None  # three partials share 5 points: not published
    assert (rows["3.4"]["score_min"], rows["3.4"]["score_max"]) == (Decimal("1.5"), Decimal("2.5"))
    assert (rows["5.1"]["score_min"], rows["5.1"]["score_max"]) == (Decimal("0.5"), Decimal("2.5"))


ENTRY = """
@base <https://w3id.org/statgraph/id/> .
@prefix sg: <https://w3id.org/statgraph/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<zz> a sg:Jurisdiction ; sg:code "ZZ" ; rdfs:label "Test State" .
<zz/2024> a sg:ReportCard ; sg:jurisdiction <zz> ; sg:framework <framework/2023> ; sg:year 2024 .
<zz/2024/issue/3> a sg:IssueAreaResult ; sg:reportCard <zz/2024> ; sg:issueArea <framework/2023/issue/3> ;
    sg:publishedScore 8.5 .
{assessments}
"""


def entry(tmp_path, statuses, issue3=True):
    lines = [f"<zz/2024/goal/{g}> a sg:Assessment ; sg:reportCard <zz/2024> ; "
             f"sg:goal <framework/2023/goal/{g}> ; sg:status sg:{s} ." for g, s in statuses.items()]
    text = ENTRY.replace("{assessments}", "\n".join(lines))
    if not issue3:
        text = text.replace("sg:publishedScore 8.5 .", "sg:publishedGrade \"D\" .")
    path = tmp_path / "zz.ttl"
    path.write_text(text, encoding="utf-8")
    return statgraph.load([path])


def test_lone_partial_gets_the_rest_of_the_issue_score(tmp_path):
    kg = entry(tmp_path, {"3.1": "FullyMet", "3.2": "FullyMet", "3.3": "PartiallyMet",
                          "3.4": "FullyMet", "3.5": "NotMet", "3.6": "NotMet"})
    rows = {r["goal"]: r for r in kg.run("goal-status", {"state": "ZZ"}).records()}
    assert rows["3.3"]["score"] == Decimal("1.0")  # 8.5 - 3 x 2.5
    assert rows["3.5"]["score"] == Decimal("0")


def test_several_partials_get_bounds_not_a_guess(tmp_path):
    kg = entry(tmp_path, {"3.1": "FullyMet", "3.2": "PartiallyMet", "3.3": "PartiallyMet",
                          "3.4": "PartiallyMet", "3.5": "NotMet", "3.6": "NotMet"})
    rows = {r["goal"]: r for r in kg.run("goal-status", {"state": "ZZ"}).records()}
    for goal in ("3.2", "3.3", "3.4"):  # 6 points shared by three partials: each in (1, 2.5)
        assert rows[goal]["score"] is None
        assert (rows[goal]["score_min"], rows[goal]["score_max"]) == (Decimal("1.0"), Decimal("2.5"))


def test_without_a_published_issue_score_only_the_status_bounds(tmp_path):
    kg = entry(tmp_path, {"3.2": "PartiallyMet"}, issue3=False)
    (row,) = kg.run("goal-status", {"state": "ZZ"}).records()
    assert (row["score"], row["score_min"], row["score_max"]) == (None, Decimal("0.0"), Decimal("2.5"))


def test_gaps_points_available_are_the_complement(tmp_path):
    kg = entry(tmp_path, {"3.1": "FullyMet", "3.2": "FullyMet", "3.3": "PartiallyMet",
                          "3.4": "FullyMet", "3.5": "NotMet", "3.6": "NotMet"})
    gaps = {r["goal"]: r for r in kg.run("gaps", {"state": "ZZ"}).records()}
    assert set(gaps) == {"3.3", "3.5", "3.6"}
    assert (gaps["3.3"]["points_min"], gaps["3.3"]["points_max"]) == (Decimal("1.5"), Decimal("1.5"))
    assert (gaps["3.5"]["points_min"], gaps["3.5"]["points_max"]) == (Decimal("2.5"), Decimal("2.5"))


# --- portable files ---------------------------------------------------------------------------

ALL_BUNDLED = sorted(p for p in (Path(__file__).resolve().parents[1] / "queries").rglob("*.rq"))


def test_binding_fills_every_slot_and_only_slots():
    query = find_query("what-if")
    text = statgraph.load().prepared_text(query, {"state": "mo", "recommendations": ["2.6.1", "4.1.1"]})
    assert 'VALUES ?state { "MO" }' in text and 'VALUES ?recommendations { "2.6.1" "4.1.1" }' in text
    assert "?year" in text and "VALUES ?year" not in text  # not given: every year (its open slot dropped)


def test_columns_come_from_the_projection():
    assert catalogue()["goal-status"].columns[:3] == ("goal", "issue", "status")
    assert find_query("kg/jurisdictions").columns == ("code",)
