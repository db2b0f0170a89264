"""The README's performance tables cannot drift from the benchmark's results
(benchmarks/results/*.json, written by benchmarks/bench.py), and the results keep their schema
(in the spirit of datasette's tests/test_docs.py)."""

from __future__ import annotations

import copy
import importlib.util
import json

import pytest

from conftest import REPO

RESULTS = REPO / "benchmarks" / "results"


def _generator():
    spec = importlib.util.spec_from_file_location("readme_table", REPO / "benchmarks" / "readme_table.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


table = _generator()


def test_readme_tables_are_the_ones_generated_from_the_results():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    expected = table.rewrite(readme, table.render(*table.load_results(RESULTS)))
    assert readme == expected, ("README.md's benchmark tables differ from benchmarks/results/: "
                                "run 'python benchmarks/bench.py --readme'")


def test_results_exist_for_the_quick_worlds():
    worlds, _ = table.load_results(RESULTS)
    assert {"missouri", "5x200", "51x200"} <= set(worlds), "run 'python benchmarks/bench.py --quick'"


@pytest.mark.parametrize("path", sorted(RESULTS.glob("*.json")), ids=lambda p: p.name)
def test_results_keep_their_schema(path):
    assert table.schema_errors(path) == []


def _one_with_target(target_id: str) -> dict:
    worlds, _ = table.load_results(RESULTS)
    for data in worlds.values():
        for record in data["records"]:
            if (record["target"] or {}).get("id") == target_id:
                return copy.deepcopy(record)
    pytest.skip(f"no committed record checks {target_id}")


def test_the_verdict_follows_the_figures():
    record = _one_with_target("T1")  # warm gaps on Missouri against the engine limit, at most 1.5 times
    engine = next(b for b in record["baselines"] if b["name"] == table.ENGINE)
    record["value"] = engine["value"] * 1.49
    assert table.verdict(record) is True
    record["value"] = engine["value"] * 1.51
    assert table.verdict(record) is False
    assert "T1 ≤ 1.5×: **not met**" in "\n".join(table.world_table({"description": "x", "records": [record]}))
    engine["value"] = None  # a baseline that was not run decides nothing
    assert table.verdict(record) is None


def test_a_summary_row_says_not_met_when_one_record_fails(tmp_path):
    record = _one_with_target("T1")
    engine = next(b for b in record["baselines"] if b["name"] == table.ENGINE)
    met, failed = copy.deepcopy(record), copy.deepcopy(record)
    met["value"], failed["value"] = engine["value"], engine["value"] * 3
    rows = table.summary([met, failed])
    row = next(r for r in rows if r.startswith("| T1:"))
    assert "1 of 2 met" in row and row.endswith("**not met** |")


def test_the_schema_check_catches_a_ratio_that_is_not_the_figures(tmp_path):
    path = sorted(p for p in RESULTS.glob("*.json") if p.name != "validate.json")[0]
    data = json.loads(path.read_text(encoding="utf-8"))
    bad = next(b for r in data["records"] for b in r["baselines"] if b["value"])
    bad["ratio"] *= 2
    broken = tmp_path / path.name
    broken.write_text(json.dumps(data), encoding="utf-8")
    assert any("ratio is not value / baseline value" in e for e in table.schema_errors(broken))
