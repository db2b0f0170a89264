"""The library a notebook uses: typed calls that return data, and the README's example."""

from __future__ import annotations

import contextlib
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest

import statgraph
from statgraph.errors import InputError

README = Path(__file__).resolve().parents[1] / "README.md"


def test_the_readme_notebook_example_runs_and_prints_what_the_readme_shows():
    text = README.read_text(encoding="utf-8")
    section = text[text.index("### Library"):]
    code, shown = re.search(r"```python\n(.*?)```\n\n```\n(.*?)```", section, re.S).groups()
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(code, "README.md", "exec"), {})  # noqa: S102 (our own README)
    assert printed.getvalue() == shown


def test_parameters_are_python_values(kg):
    by_values = kg.run("goal-status", state="mo", year=2023)
    by_text = kg.run("goal-status", {"state": "MO", "year": "2023"})
    assert by_values.rows == by_text.rows and len(by_values.rows) == 40
    assert kg.run("what-if", state="MO", recommendations=["2.6.1", "4.1.1"]).records()[0]["enacted"] == "2.6.1; 4.1.1"
    with pytest.raises(InputError, match="must be a whole number"):
        kg.run("goal-status", state="MO", year="twenty")
    with pytest.raises(InputError, match="year must be a whole number, not True"):
        kg.run("goal-status", state="MO", year=True)  # a bool is not a year, though Python calls it an int


def test_one_function_per_analysis_returns_data(kg):
    assert statgraph.gaps(kg, "MO", 2023).card["total"] == Decimal("59.5")
    assert statgraph.what_if(kg, "MO", ["2.6.1"]).record["enacted"] == "2.6.1"
    assert {r["kind"] for r in statgraph.impact(kg, "MO", "573.010").records()} >= {"goal", "statute", "term"}
    assert any(r.goal == "5.2" for r in statgraph.criteria(kg, "MO"))
    assert statgraph.report(kg, "MO").card["grade"] == "F"
    assert statgraph.dependencies(kg, "MO").number_of_nodes() > 50
    assert statgraph.validate().count("violation") == 0


def test_an_analysis_works_on_any_knowledge_graph(kg):
    """Analyses take the interface, not the embedded store: a subclass that only executes text will do."""
    class Relay(statgraph.KnowledgeGraph):
        files = {}

        def describe(self):
            return "relay"

        def execute(self, prepared, source):
            return kg.execute(prepared, source)

        def __len__(self):
            return len(kg)

        @property
        def derived_count(self):
            return kg.derived_count

    assert statgraph.gaps(Relay(), "MO").goal_count == statgraph.gaps(kg, "MO").goal_count == 29
