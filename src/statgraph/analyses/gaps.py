"""The main job: what a state's report card leaves undone, and what would close it."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from statgraph.errors import InputError
from statgraph.kg.base import KnowledgeGraph, Result


@dataclass
class IssueGaps:
    issue: str
    title: str
    score: Decimal | None
    max: Decimal
    grade: str | None
    goals: list[dict[str, object]] = field(default_factory=list)

    @property
    def points_open(self) -> Decimal | None:
        """Points the issue area still lacks: its maximum less its published score."""
        return None if self.score is None else self.max - self.score


@dataclass
class GapReport:
    card: dict[str, object]
    issues: list[IssueGaps]
    rows: Result  # the gaps query's rows, for CSV
    assessed: int  # goals the report card assesses

    @property
    def goal_count(self) -> int:
        return sum(len(i.goals) for i in self.issues)


def resolve_card(kg: KnowledgeGraph, state: str, year: int | None) -> dict[str, object]:
    """The report card for ``state`` (latest year unless given), or an error naming what exists."""
    state = kg.require_state(state)
    cards = kg.run("report-card", {"state": state}).records()
    if not cards:
        raise InputError(f"no report card for {state} is loaded",
                         hint="load one with --data, or see 'statgraph info'")
    if year is None:
        return max(cards, key=lambda c: c["year"])
    for card in cards:
        if card["year"] == year:
            return card
    years = ", ".join(str(c["year"]) for c in cards)
    raise InputError(f"no {year} report card for {state}", hint=f"years loaded for {state}: {years}")


def gap_report(kg: KnowledgeGraph, state: str, year: int | None = None) -> GapReport:
    card = resolve_card(kg, state, year)
    params = {"state": str(card["state"]), "year": str(card["year"])}
    issues = [IssueGaps(r["issue"], r["title"], r["score"], r["max"], r["grade"])
              for r in kg.run("issue-scores", params).records()]
    by_number = {i.issue: i for i in issues}
    gaps = kg.run("gaps", params)
    for goal in gaps.records():
        issue = by_number.get(goal["issue"])
        if issue is None:  # an area without a published result still lists its goals
            issue = by_number[goal["issue"]] = IssueGaps(
                goal["issue"], goal["issue_title"], None, Decimal(0), None)
            issues.append(issue)
        issue.goals.append(goal)
    assessed = len(kg.run("goal-status", params).rows)
    return GapReport(card, issues, gaps, assessed)
