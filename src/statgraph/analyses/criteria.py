"""Goal criteria: the framework's rule for a goal, run over a state's statute facts.

A criterion is a SELECT query in ``queries/criteria/<goal>.rq``. It lists the
goal's elements for a state (an offense, an offense and a protection, an
eligibility barrier, an aspect of juvenile court jurisdiction ...) and, for each,
the lowest and highest level it can be at given what the graph holds: 0 not
met, 1 partly met, 2 met. An element the graph decides has low = high; one it
cannot (a scope the source does not state in full, a fact not recorded) spans
the levels still possible and says what is missing.

One rule turns elements into the criterion's result, the framework's scoring
scheme as the report applies it: met when every element is met, not met when
every element is not met, partly met otherwise. With unknown elements the
criterion is decided only when every way of filling them in gives the same
result; otherwise it is undecided, naming what the graph lacks.

``criteria(kg, state)`` takes any graph with ``run(query, params)`` (the
embedded store, a remote endpoint, or an amended copy) and returns data.
"""

from __future__ import annotations

from dataclasses import dataclass

from statgraph.errors import InputError
from statgraph.kg.base import natural_key
from statgraph.kg.queries import NamedQuery, internal

LEVELS = ("not met", "partly met", "met")
UNDECIDED = "undecided"
STATUS_WORDS = {"FullyMet": "met", "PartiallyMet": "partly met", "NotMet": "not met"}
COLUMNS = ("element", "element_label", "low", "high", "provisions", "note", "missing")


@dataclass(frozen=True)
class Element:
    """One thing a goal's rule looks at, and how far the graph decides it."""

    element: str
    label: str
    low: int  # 0 not met, 1 partly met, 2 met
    high: int
    provisions: str  # the provisions that (partly) satisfy it, '; '-separated
    note: str  # what was found, in a few words
    missing: str  # what the graph lacks to decide it, when low < high

    @property
    def outcome(self) -> str:
        if self.low == self.high:
            return LEVELS[self.low]
        if (self.low, self.high) == (0, 2):
            return "unknown"
        return f"{LEVELS[self.low]} or {LEVELS[self.high]}"


@dataclass(frozen=True)
class CriterionResult:
    goal: str
    title: str
    criterion: str  # met | partly met | not met | undecided
    published: str | None  # the report card's status in the same words, if a card is loaded
    year: int | None  # the report card's year
    possible: tuple[str, ...]  # the results still possible (one when decided)
    elements: tuple[Element, ...]
    rule_source: tuple[tuple[int, int], ...]
    query: str  # the criterion file
    undecided_reason: str = ""

    @property
    def decided(self) -> bool:
        return self.criterion != UNDECIDED

    @property
    def agrees(self) -> bool | None:
        """Whether a decided criterion gives the published status; None when either is missing."""
        if not self.decided or self.published is None:
            return None
        return self.criterion == self.published

    @property
    def contradicts_full_marks(self) -> bool:
        """A published 'fully met' that the criterion decides is not met in full."""
        return self.published == "met" and self.decided and self.criterion != "met"

    @property
    def evidence(self) -> list[str]:
        """What decides the result, weakest elements first: 'element, element: what was found'."""
        groups: dict[tuple, list[str]] = {}
        for e in sorted(self.elements, key=lambda e: (e.low, e.high, natural_key(e.element))):
            detail = e.note or e.outcome
            if e.provisions:
                detail += f" ({e.provisions})"
            if e.low < e.high:
                detail = f"{e.outcome}: the graph lacks {e.missing}" if e.missing else e.outcome
            groups.setdefault((e.low, e.high, detail), []).append(e.element)
        return [f"{_names(names)}: {detail}" for (_, _, detail), names in groups.items()]


def _names(elements: list[str]) -> str:
    """'566.103 / principal liability', '566.210 / principal liability' -> 'principal liability: 566.103, 566.210'."""
    parts = [name.split(" / ", 1) for name in elements]
    if len(elements) > 1 and all(len(p) == 2 for p in parts):
        if len({p[1] for p in parts}) == 1:
            return f"{parts[0][1]}: {', '.join(p[0] for p in parts)}"
        if len({p[0] for p in parts}) == 1:
            return f"{parts[0][0]} / {', '.join(p[1] for p in parts)}"
    return ", ".join(elements)


def verdict(elements: list[Element] | tuple[Element, ...]) -> tuple[str, tuple[str, ...]]:
    """The result the elements give, and the results still possible (see the module docstring)."""
    if not elements:
        return UNDECIDED, LEVELS
    possible = []
    if all(e.low == 0 for e in elements):  # every element can be not met
        possible.append("not met")
    one_can_be_partly = any(e.low <= 1 <= e.high for e in elements)
    two_can_differ = any(a.high == 2 and b.low == 0
                         for i, a in enumerate(elements) for j, b in enumerate(elements) if i != j)
    if one_can_be_partly or two_can_differ:
        possible.append("partly met")
    if all(e.high == 2 for e in elements):  # every element can be met
        possible.append("met")
    return (possible[0] if len(possible) == 1 else UNDECIDED), tuple(possible)


def goal_of(query: NamedQuery) -> str:
    """The goal a criterion decides: its file name (``criteria/5.2`` decides goal 5.2)."""
    return query.name.rsplit("/", 1)[-1]


def criterion_files(framework: str | None = None) -> list[NamedQuery]:
    """The bundled criteria, by goal; only those of ``framework`` when given."""
    found = [q for q in internal("criteria") if not goal_of(q).startswith("_")]
    if framework is not None:
        found = [q for q in found if q.meta_value("framework") == framework]
    return sorted(found, key=lambda q: natural_key(goal_of(q)))


def run_criterion(kg, query: NamedQuery, state: str) -> tuple[Element, ...]:
    """A criterion's elements for one state."""
    result = kg.run(query, state=state)
    missing = [c for c in COLUMNS if c not in result.columns]
    if missing:
        raise InputError(f"{query.path.name}: a criterion must give the columns {', '.join(COLUMNS)}",
                         hint=f"it lacks {', '.join(missing)}")
    elements = []
    for row in result.records():
        low, high = _level(row["low"], query), _level(row["high"], query)
        if low > high:
            raise InputError(f"{query.path.name}: element {row['element']} has low {low} above high {high}")
        # sub-selects give "" for 'no provision' beside the citations: keep the citations only
        provisions = "; ".join(sorted({p for p in str(row["provisions"] or "").split("; ") if p}, key=natural_key))
        elements.append(Element(str(row["element"]), str(row["element_label"] or ""), low, high,
                                provisions, str(row["note"] or ""), str(row["missing"] or "")))
    return tuple(sorted(elements, key=lambda e: natural_key(e.element)))


def _level(value: object, query: NamedQuery) -> int:
    try:
        level = int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        level = -1
    if level not in (0, 1, 2):
        raise InputError(f"{query.path.name}: levels are 0 (not met), 1 (partly met) or 2 (met), got {value!r}")
    return level


def criteria(kg, state: str, year: int | None = None, goals: list[str] | None = None) -> list[CriterionResult]:
    """Every bundled criterion for ``state``, beside the status its report card publishes.

    ``year`` picks the report card (default: the latest loaded); without a loaded
    card the criteria still run, with no published status to compare.
    """
    state = kg.require_state(state)
    published = kg.run("criteria/_published", state=state).records()
    years = sorted({int(r["year"]) for r in published})
    if year is not None and year not in years:
        raise InputError(f"no {year} report card for {state}",
                         hint=f"years loaded for {state}: {', '.join(map(str, years)) or 'none'}")
    card_year = year if year is not None else (years[-1] if years else None)
    card = [r for r in published if card_year is not None and int(r["year"]) == card_year]
    framework = str(card[0]["framework"]) if card else None
    status = {str(r["goal"]): STATUS_WORDS.get(str(r["status"]), str(r["status"])) for r in card}
    queries = criterion_files(framework)
    if goals:
        known = {goal_of(q) for q in queries}
        unknown = [g for g in goals if g not in known]
        if unknown:
            raise InputError(f"no criterion for goal {', '.join(unknown)}",
                             hint=f"criteria exist for {', '.join(sorted(known, key=natural_key))}")
        queries = [q for q in queries if goal_of(q) in goals]
    results = []
    for query in queries:
        elements = run_criterion(kg, query, state)
        result, possible = verdict(elements)
        reason = ""
        if result == UNDECIDED:
            lacking = sorted({e.missing for e in elements if e.low < e.high and e.missing})
            reason = ("the graph lacks " + "; ".join(lacking)) if lacking else (
                f"nothing to assess: the graph holds none of {query.meta_value('elements') or 'its elements'}")
        results.append(CriterionResult(
            goal=goal_of(query), title=query.title.split("—", 1)[-1].strip(), criterion=result,
            published=status.get(goal_of(query)), year=card_year, possible=possible, elements=elements,
            rule_source=query.rule_source, query=f"queries/criteria/{query.path.name}", undecided_reason=reason))
    return results


def contradictions(kg, state: str, year: int | None = None) -> list[CriterionResult]:
    """Published 'fully met' verdicts whose criterion finds the goal not met in full."""
    return [r for r in criteria(kg, state, year) if r.contradicts_full_marks]
