"""Criteria results as text for people, CSV and JSON for programs."""

from __future__ import annotations

import json
import textwrap

from statgraph.analyses.criteria import CriterionResult
from statgraph.publish.output import terminal_width, to_csv

CSV_COLUMNS = ["goal", "criterion", "published", "agrees", "evidence", "undecided_reason", "title", "year",
               "rule_source", "query"]


def agrees_text(result: CriterionResult) -> str:
    return {True: "yes", False: "NO", None: "-"}[result.agrees]


def rule_source_text(result: CriterionResult) -> str:
    return ", ".join(f"{a}" if a == b else f"{a}-{b}" for a, b in result.rule_source)


def summary(results: list[CriterionResult]) -> str:
    decided = [r for r in results if r.decided]
    compared = [r for r in decided if r.agrees is not None]
    line = f"{len(results)} goals with a criterion · {len(decided)} decided"
    if compared:
        agreeing = sum(1 for r in compared if r.agrees)
        line += f" · {agreeing} of {len(compared)} agree with the published status"
    return line


def render_text(results: list[CriterionResult], state: str, width: int | None = None) -> str:
    """One line per goal (criterion, published status, whether they agree), its evidence beneath."""
    width = width or terminal_width()
    year = next((r.year for r in results if r.year is not None), None)
    heading = f"{state} · " + (f"{year} report card" if year else "no report card loaded")
    out = [f"{heading} · {summary(results)}", "",
           f"{'goal':<6}{'criterion':<11}{'published':<11}{'agrees':<7}goal's subject"]
    wrap = textwrap.TextWrapper(width=width, initial_indent=" " * 6, subsequent_indent=" " * 8)
    for result in results:
        line = (f"{result.goal:<6}{result.criterion:<11}{result.published or '-':<11}"
                f"{agrees_text(result):<7}{result.title}")
        out.append(line if len(line) <= width else line[: width - 1] + "…")
        lines = ([result.undecided_reason] if not result.decided else []) + result.evidence
        out += [wrap.fill(text) for text in lines]
    flagged = [r for r in results if r.contradicts_full_marks]
    out.append("")
    if flagged:
        out.append(textwrap.fill("Published 'fully met' that the criterion does not find met in full: "
                                 + ", ".join(f"{r.goal} ({r.criterion})" for r in flagged) + ".", width))
    out.append(textwrap.fill("Each criterion encodes the framework's rule (its file's #rule-source names the "
                             "source lines) over the statute facts; undecided where the graph lacks a fact "
                             "it needs.", width))
    return "\n".join(out) + "\n"


def render(results: list[CriterionResult], fmt: str, state: str) -> str:
    if fmt == "csv":
        rows = [[r.goal, r.criterion, r.published, r.agrees, " | ".join(r.evidence), r.undecided_reason, r.title,
                 r.year, rule_source_text(r), r.query] for r in results]
        return to_csv(CSV_COLUMNS, rows)
    if fmt == "json":
        document = [{
            "goal": r.goal, "title": r.title, "criterion": r.criterion, "published": r.published,
            "agrees": r.agrees, "possible": list(r.possible), "evidence": r.evidence,
            "undecided_reason": r.undecided_reason, "contradicts_published_full_marks": r.contradicts_full_marks,
            "year": r.year, "rule_source": [list(pair) for pair in r.rule_source], "query": r.query,
            "elements": [{"element": e.element, "label": e.label, "outcome": e.outcome, "low": e.low,
                          "high": e.high, "provisions": e.provisions.split("; ") if e.provisions else [],
                          "note": e.note, "missing": e.missing} for e in r.elements],
        } for r in results]
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    return render_text(results, state)
