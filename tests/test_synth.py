"""Synthetic jurisdictions: deterministic, clearly synthetic, and valid against the shapes."""

import pytest

import statgraph
from statgraph.authoring.synth import synthesise
from statgraph.analyses.validation import validate
from statgraph.kg import loader


@pytest.fixture(scope="module")
def synthetic(synthetic_states):
    return synthetic_states(3, 40, seed=7)


def test_same_seed_same_files_other_seed_other_files(kg, synthetic, tmp_path):
    again, other = tmp_path / "again", tmp_path / "other"
    synthesise(kg, 3, 40, again, seed=7)
    synthesise(kg, 3, 40, other, seed=8)
    for path in sorted(synthetic.rglob("*.ttl")):
        relative = path.relative_to(synthetic)
        assert (again / relative).read_bytes() == path.read_bytes()
    assert any((other / p.relative_to(synthetic)).read_bytes() != p.read_bytes()
               for p in synthetic.rglob("*.ttl"))


def test_synthetic_entries_validate_cleanly(synthetic):
    report = validate(data=[str(synthetic)])
    assert len(report.entries) == 6
    assert report.count("violation") == 0 and report.count("warning") == 0


def test_synthetic_states_load_and_answer_queries(synthetic):
    kg = statgraph.load([synthetic])
    assert kg.jurisdictions() == ["S01", "S02", "S03", "US"]  # no Missouri: --data replaces it
    (card,) = kg.run("report-card", {"state": "S02"}).records()
    assert card["derived_total"] == card["total"] and card["derived_grade"] == card["grade"]
    assert len(kg.run("goal-status", {"state": "S02"}).rows) == 40


def test_synthetic_iris_are_marked_synthetic(synthetic):
    for path in synthetic.rglob("*.ttl"):
        text = path.read_text(encoding="utf-8")
        assert "<us-" not in text and "<synthetic/" in text


def test_one_synthetic_entry_validates_against_the_rest(synthetic):
    (entry,) = [f for f in loader.user_entry_files([synthetic / "s02"]) if "report-card" in f.path.name]
    report = validate([entry], data=[str(synthetic)])
    assert report.count("violation") == 0


def test_protections_by_chapter_agrees_with_coverage_when_several_states_are_loaded(synthetic):
    """Regression: with several states loaded, protections-by-chapter once counted other states'
    protections. Each (chapter, protection) row must summarise the coverage rows of that state."""
    from collections import defaultdict
    kg = statgraph.load([synthetic])
    for state in kg.jurisdictions():
        if not state.startswith("S"):
            continue
        expected = defaultdict(lambda: [0, 0])
        for row in kg.run("coverage", {"state": state}).records():
            counts = expected[(row["offense_chapter"], row["protection"])]
            counts[0] += 1
            counts[1] += bool(row["covered"])
        summary = {(r["chapter"], r["protection"]): r["covered"]
                   for r in kg.run("protections-by-chapter", {"state": state}).records()}
        assert summary == {key: f"{hit} of {total}" for key, (total, hit) in expected.items()}, state
        assert summary
