"""The main job: what a state's report card leaves undone, and what would close it."""

from __future__ import annotations

import json
import textwrap
from dataclasses import asdict, dataclass, field
from decimal import Decimal

from statgraph.errors import InputError
from statgraph.publish.output import cell_text, json_value, terminal_width, to_csv
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


# --- rendering ----------------------------------------------------------------

STATUS_WORDS = {"PartiallyMet": "partially met", "NotMet": "not met", "FullyMet": "fully met"}


def points_text(low: object, high: object) -> str:
    if low is None or high is None:
        return "?"
    if low == high:
        return cell_text(low)
    return f"{cell_text(low)}–{cell_text(high)}"


def render_text(report: GapReport, width: int | None = None) -> str:
    width = width or terminal_width()
    card = report.card
    total = f"total {cell_text(card['total'])} of {cell_text(card['max'])}"
    if card.get("extra_credit"):
        total += f" (with {cell_text(card['extra_credit'])} extra credit)"
    rank = ""
    if card.get("rank") is not None:
        rank = f", rank {card['rank']}" + (" (tied)" if card.get("tied") else "")
    out = [f"{card['name'] or card['state']} {card['year']} report card · {card['framework']}",
           f"{total}, grade {card['grade'] or '?'}, {card['tier'] or 'tier ?'}{rank}"]
    if card.get("legislation_as_of"):
        out.append(f"legislation enacted as of {cell_text(card['legislation_as_of'])}")
    out.append(f"{report.goal_count} of {report.assessed} goals not fully met")
    detail = textwrap.TextWrapper(width=width, initial_indent=" " * 8, subsequent_indent=" " * 10)
    for issue in report.issues:
        if not issue.goals:
            continue
        head = f"{issue.issue} {issue.title}"
        if issue.score is not None:
            head += (f" — {cell_text(issue.score)} of {cell_text(issue.max)}, grade {issue.grade or '?'}"
                     f", {cell_text(issue.points_open)} points open")
        out += ["", head]
        for goal in issue.goals:
            status = STATUS_WORDS.get(str(goal["status"]), str(goal["status"]))
            points = points_text(goal["points_min"], goal["points_max"])
            line = f"  {goal['goal']:<5} {status:<13} {points:>7} pts  {goal['goal_title'] or ''}"
            out.append(line if len(line) <= width else line[: width - 1] + "…")
            if goal["recommendation"]:
                out.append(detail.fill(f"→ {goal['recommendation']} {goal['recommendation_summary'] or ''}"))
            if goal["gap"]:
                out.append(detail.fill(f"gap: {goal['gap']}"))
            if goal["statutes"]:
                out.append(detail.fill(f"statutes: {goal['statutes']}"))
    out += ["", "pts: points still available; a–b where the report does not publish the goal's",
            "points (a partially met goal then lies strictly between a and b)."]
    return "\n".join(out) + "\n"


def render(report: GapReport, fmt: str) -> str:
    if fmt == "csv":
        return to_csv(report.rows.columns, report.rows.rows)
    if fmt == "json":
        document = {
            "report_card": {k: json_value(v) for k, v in report.card.items()},
            "issues": [
                {**{k: json_value(v) for k, v in asdict(i).items() if k != "goals"},
                 "points_open": json_value(i.points_open),
                 "gaps": [{k: json_value(v) for k, v in g.items()} for g in i.goals]}
                for i in report.issues
            ],
        }
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    return render_text(report)
