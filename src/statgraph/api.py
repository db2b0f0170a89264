"""The library: one function per analysis, taking Python values and returning data.

The command line is a thin layer over these functions; a notebook uses them
directly::

    import statgraph
    kg = statgraph.load()
    report = statgraph.gaps(kg, "MO")
    print(report.card["total"], report.card["grade"], report.goal_count)

Every function that reads a graph takes a :class:`~statgraph.kg.base.KnowledgeGraph`:
the embedded store from :func:`load` or a SPARQL server from :func:`connect`.
Modules are imported when a function is first called, so ``import statgraph``
stays light.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # for the annotations only
    import networkx

    from statgraph.analyses.criteria import CriterionResult
    from statgraph.analyses.gaps import GapReport
    from statgraph.analyses.validation import ValidationReport
    from statgraph.analyses.what_if import WhatIf
    from statgraph.kg.base import KnowledgeGraph, Result
    from statgraph.kg.remote import RemoteGraph
    from statgraph.kg.store import EmbeddedGraph
    from statgraph.publish.report import ReportCard


# --- Python values checked at the door: a plain string is one value, never its characters ---------

def _paths(value, what: str) -> list[str | Path] | None:
    if value is None:
        return None
    if isinstance(value, (str, Path)):
        return [value]
    from statgraph.kg.base import KnowledgeGraph
    if isinstance(value, KnowledgeGraph):
        raise TypeError(f"{what} takes entry files or folders, not a loaded graph, e.g. {what}(['my-state.ttl'])")
    items = list(value)
    for item in items:
        if not isinstance(item, (str, Path)):
            raise TypeError(f"{what}: a path is a str or pathlib.Path, got {type(item).__name__} {item!r}")
    return items


def _texts(value, what: str) -> list[str] | None:
    """One or more codes (chapters, sections, recommendations) as text; ``566`` is ``"566"``."""
    if value is None:
        return None
    items = [value] if isinstance(value, (str, int, float)) else list(value)
    return [_text(item, what) for item in items]


def _text(value, what: str) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise TypeError(f"{what}: expected text such as '566.223', got {type(value).__name__} {value!r}")
    if isinstance(value, float):  # 573.010 as a float is 573.01: the trailing zero is part of the citation
        raise TypeError(f"{what}: write {value!r} as text (e.g. '573.010'); a number loses trailing zeros")
    return str(value)


def _state(state) -> str:
    if not isinstance(state, str) or not state.strip():
        raise TypeError(f"state: a jurisdiction code such as 'MO', got {type(state).__name__} {state!r}")
    return state


def load(data: Iterable[str | Path] | str | Path | None = None, *, cache: bool | None = None) -> EmbeddedGraph:
    """The embedded graph: ontology, framework and reference data, with the bundled
    jurisdictions or the entry files and folders in ``data``.

    >>> kg = load()                       # doctest: +SKIP
    >>> kg = load(["my-state.ttl"])       # doctest: +SKIP
    >>> kg = load("entries/")             # doctest: +SKIP
    """
    from statgraph.kg.store import load as load_store
    return load_store(_paths(data, "load"), cache=cache)


def connect(endpoint: str, *, timeout: float = 30.0) -> RemoteGraph:
    """A SPARQL 1.1 endpoint holding a graph pushed by ``statgraph push``; answers like :func:`load`'s."""
    from statgraph.kg.remote import RemoteGraph
    return RemoteGraph(endpoint, timeout)


def gaps(kg: KnowledgeGraph, state: str, year: int | None = None) -> GapReport:
    """The goals a report card does not find fully met, by issue area, with points still open
    and the recommendation that would close each (latest card unless ``year``)."""
    from statgraph.analyses.gaps import gap_report
    return gap_report(kg, _state(state), year)


def coverage(kg: KnowledgeGraph, state: str, chapters: Iterable[str] | str | None = None) -> Result:
    """Which protections reach which child sex trafficking and CSEC offenses, and by what route;
    ``chapters`` (e.g. ``["566", "567"]``) keeps the offenses of those chapters."""
    from statgraph.analyses.coverage import coverage as coverage_rows
    return coverage_rows(kg, _state(state), _texts(chapters, "chapters"))


def impact(kg: KnowledgeGraph, state: str, section: str, year: int | None = None) -> Result:
    """Everything that depends on a section (goals, protections, offenses, terms, statutes), with the path."""
    from statgraph.analyses.impact import impact as impact_rows
    return impact_rows(kg, _state(state), _text(section, "section"), year)


def what_if(kg: KnowledgeGraph, state: str, recommendations: Iterable[str] | str = (),
            year: int | None = None) -> WhatIf:
    """Total, grade, rank and tier if the recommendations were enacted (all of them when none given)."""
    from statgraph.analyses.what_if import what_if as project
    return project(kg, _state(state), _texts(recommendations, "recommendations"), year)


def criteria(kg: KnowledgeGraph, state: str, year: int | None = None,
             goals: Iterable[str] | None = None) -> list[CriterionResult]:
    """Each goal's criterion decided from the statutes, beside the published status, with evidence."""
    from statgraph.analyses.criteria import criteria as decide
    return decide(kg, _state(state), year, _texts(goals, "goals"))


def validate(paths: Iterable[str | Path] | None = None, data: Iterable[str | Path] | None = None, *,
             criteria: bool = False) -> ValidationReport:
    """Check entry files (default: the loaded entries) against the shapes and the ownership rule;
    ``data`` chooses the loaded world references resolve against."""
    from statgraph.analyses.validation import validate as check
    from statgraph.kg import loader
    paths, data = _paths(paths, "validate"), _paths(data, "validate")
    entries = loader.user_entry_files(paths) if paths is not None else None
    return check(entries, [str(p) for p in data] if data is not None else None, criteria=criteria)


def report(kg: KnowledgeGraph, state: str, year: int | None = None) -> ReportCard:
    """A report card's content gathered from the graph (render it with statgraph.publish.report.render)."""
    from statgraph.publish.report import collect
    return collect(kg, _state(state), year)


def dependencies(kg: KnowledgeGraph, state: str, year: int | None = None) -> networkx.DiGraph:
    """A state's statute dependency graph (networkx): an edge A -> B reads "A depends on B"."""
    from statgraph.analyses.dependencies import build
    return build(kg, _state(state), year)
