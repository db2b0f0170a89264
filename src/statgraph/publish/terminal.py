"""What statgraph prints in a terminal: each analysis as text, and as CSV or JSON for programs.

Analyses (statgraph.analyses) return data; these functions turn it into the
text the CLI prints. Tables and plain rows go through statgraph.publish.output.
"""

from __future__ import annotations

import json
import textwrap
from dataclasses import asdict

from statgraph import __version__
from typing import TYPE_CHECKING
from statgraph.kg.base import Result, natural_key
from statgraph.publish.output import cell_text, json_value, printable, terminal_width, to_csv, to_table

if TYPE_CHECKING:  # imported where used: a command imports only what it shows (diff reads its queries)
    from statgraph.analyses.gaps import GapReport
    from statgraph.analyses.info import Info
    from statgraph.analyses.what_if import WhatIf
    from statgraph.authoring.diff import Comparison

# --- gaps ----------------------------------------------------------------------------------

STATUS_WORDS = {"PartiallyMet": "partially met", "NotMet": "not met", "FullyMet": "fully met"}


def points_text(low: object, high: object) -> str:
    if low is None or high is None:
        return "?"
    if low == high:
        return cell_text(low)
    return f"{cell_text(low)}–{cell_text(high)}"


def gaps_text(report: GapReport, width: int | None = None) -> str:
    width = width or terminal_width()
    card = report.card
    total = (f"total {cell_text(card['total'])} of {cell_text(card['max'])}" if card.get("total") is not None
             else f"total not published (of {cell_text(card['max'])})")
    if card.get("extra_credit"):
        total += f" (with {cell_text(card['extra_credit'])} extra credit)"
    rank = ""
    if card.get("rank") is not None:
        rank = f", rank {card['rank']}" + (" (tied)" if card.get("tied") else "")
    out = [f"{card['name'] or card['state']} {card['year']} report card · {card['framework']}",
           f"{total}, grade {card['grade'] or 'not published'}, {card['tier'] or 'tier not published'}{rank}"]
    if card.get("legislation_as_of"):
        out.append(f"legislation enacted as of {cell_text(card['legislation_as_of'])}")
    out.append(f"{report.goal_count} of {report.assessed} goals not fully met" if report.assessed else
               "no goal assessed yet (the entry lists no assessment)")
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
    return printable("\n".join(out) + "\n")


def gaps_output(report: GapReport, fmt: str) -> str:
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
    return gaps_text(report)


# --- coverage --------------------------------------------------------------------------------

def coverage_matrix(result: Result) -> str:
    """Offenses down, protections across; each cell says how the protection reaches the offense."""
    records = result.records()
    protections = sorted({r["protection"] for r in records}, key=natural_key)
    offenses = sorted({(r["offense_chapter"], r["offense"], r["offense_label"] or "") for r in records},
                      key=lambda o: (natural_key(o[0]), natural_key(o[1])))
    cell = {(r["offense"], r["protection"]): coverage_cell(r["covered"], r["via"]) for r in records}
    rows = [[f"{number} {label}".strip(), chapter.removeprefix("chapter ")]
            + [cell.get((number, p), "") for p in protections] for chapter, number, label in offenses]
    labels = {r["protection"]: (r["protection_label"], r["age_limit"]) for r in records}
    legend = [f"  {p}: {labels[p][0] or ''}" + (f" (victims under {labels[p][1]})" if labels[p][1] else "")
              for p in protections]
    reached_none = [p for p in protections
                    if all(r["covered"] is False for r in records if r["protection"] == p)]
    text = to_table(["offense", "chapter"] + protections, rows)
    notes = ["", "Protections (columns), by the provision that establishes them:"] + legend
    if reached_none:
        notes.append(f"Reaching none of these offenses: {', '.join(reached_none)}.")
    notes.append("yes: via the chapter in scope, the listed section, or a listed section transferred "
                 "to it (old → new); derived from each protection's scope.")
    if any(r["covered"] is None for r in records):
        notes.append("unknown: the source does not state that protection's scope in full.")
    return text + printable("\n".join(notes) + "\n")


def coverage_cell(covered: bool | None, via: str | None) -> str:
    """One cell of the coverage matrix: how the protection reaches the offense, no, or unknown."""
    if covered is None:
        return "unknown"
    return f"yes: {via}" if covered else "no"


# --- impact ----------------------------------------------------------------------------------

KIND_HEADINGS = {"goal": "Goals", "assessment": "Assessments", "recommendation": "Recommendations",
                 "protection": "Protections", "offense": "Offenses", "term": "Defined terms",
                 "statute": "Statutes", "extra credit": "Extra credit"}


def impact_text(result: Result, section: str, width: int | None = None) -> str:
    width = width or terminal_width()
    records = result.records()
    if not records:
        return printable(f"Nothing in the graph depends on {section}.\n")
    out = [f"What depends on {section} (directly, or up to two statutes away through cross-references "
           "and transfers):"]
    wrap = textwrap.TextWrapper(width=width, initial_indent="      ", subsequent_indent="      ")
    for kind, heading in KIND_HEADINGS.items():
        group = [r for r in records if r["kind"] == kind]
        if not group:
            continue
        nodes = sorted({r["node"] for r in group}, key=natural_key)
        out += ["", f"{heading} ({len(nodes)})"]
        for node in nodes:
            rows = [r for r in group if r["node"] == node]
            title = rows[0]["title"]
            out.append(f"  {node}" + (f" — {title}" if title and kind != "term" else ""))
            for r in rows:
                out.append(wrap.fill(r["path"]))
    return printable("\n".join(out) + "\n")


# --- what-if ---------------------------------------------------------------------------------

def what_if_text(result: WhatIf) -> str:
    r = result.record

    def span(low, high) -> str:
        return cell_text(low) if low == high else f"{cell_text(low)}–{cell_text(high)}"

    grade = r["grade_min"] if r["grade_min"] == r["grade_max"] else f"{r['grade_min']}–{r['grade_max']}"
    lines = [f"{result.name} {r['year']}: if recommendations {str(r['enacted']).replace('; ', ', ')} "
             f"were enacted", f"(goals {str(r['goals']).replace('; ', ', ')} fully met)",
             f"  total  {cell_text(r['total_now'])} → {span(r['total_min'], r['total_max'])}",
             f"  grade  {r['grade_now'] or '?'} → {grade}"]
    if r["compared_with"]:
        rank = span(r["rank_min"], r["rank_max"])
        tier = ""
        if r["tier_min"]:
            tier = f", {r['tier_min']}" if r["tier_min"] == r["tier_max"] else f", {r['tier_min']}–{r['tier_max']}"
        lines.append(f"  rank   {rank}{tier} among the {r['compared_with'] + 1} loaded report cards"
                     + (f" (published rank {r['rank_now']})" if r["rank_now"] else ""))
    else:
        lines.append("  rank   no other report card of this framework and year is loaded to compare with")
    if r["total_min"] != r["total_max"]:
        lines.append("A range means some goals' points are not published: the total lies strictly "
                     "between the two figures.")
    return printable("\n".join(lines) + "\n")


# --- info ------------------------------------------------------------------------------------

def info_output(info: Info, fmt: str) -> str:
    if fmt == "json":
        return json.dumps({
            "version": __version__,
            "source": info.source,
            "triples": info.triples,
            "derived_triples": info.derived_triples,
            "files": [{"file": f, "role": r, "triples": n} for f, r, n in info.files],
            "report_cards": [{k: json_value(v) for k, v in rec.items()}
                             for rec in info.report_cards.records()],
            "classes": {c: n for c, n in info.classes},
        }, indent=2, ensure_ascii=False) + "\n"
    rows = [["triples", "total", info.triples], ["triples", "derived", info.derived_triples]]
    rows += [["file", f, n] for f, _, n in info.files]
    rows += [["report-card", f"{r['state']} {r['year']}", cell_text(r["total"])]
             for r in info.report_cards.records()]
    rows += [["class", c, n] for c, n in info.classes]
    if fmt == "csv":
        return to_csv(["kind", "name", "value"], rows)
    cards = info.report_cards
    lines = [f"statgraph {__version__} · {info.source}",
             f"{info.triples:,} triples ({info.derived_triples:,} derived)"
             + (f" from {len(info.files)} files" if info.files else ""), "",
             "Report cards:", to_table(cards.columns, cards.rows).rstrip(), ""]
    if info.files:
        lines += ["Files:", to_table(["file", "role", "triples"], [list(f) for f in info.files]).rstrip(), ""]
    lines += ["Instances by class:", to_table(["class", "count"], [list(c) for c in info.classes]).rstrip()]
    return printable("\n".join(lines) + "\n")


# --- diff ------------------------------------------------------------------------------------

def diff_text(result: Comparison, limit: int = 50) -> str:
    from statgraph.authoring.diff import FACTS
    out = [f"A: {result.a_name}", f"B: {result.b_name}", "",
           f"{'facts':34} {'both':>5} {'only A':>7} {'only B':>7}"]
    for kind, (title, _) in FACTS.items():
        out.append(f"{title:34} {result.both[kind]:>5} {len(result.only_a[kind]):>7} {len(result.only_b[kind]):>7}")
    for side, name, found in (("A", result.a_name, result.only_a), ("B", result.b_name, result.only_b)):
        for kind, (title, _) in FACTS.items():
            items = found[kind]
            if not items:
                continue
            out += ["", f"only in {side} — {title} ({len(items)}):"]
            out += [f"  {' → '.join(item)}" for item in items[:limit]]
            if len(items) > limit:
                out.append(f"  … and {len(items) - limit} more (--format json lists all)")
    return printable("\n".join(out) + "\n")


def diff_json(result: Comparison) -> str:
    from statgraph.authoring.diff import FACTS
    return json.dumps({
        "a": result.a_name, "b": result.b_name,
        "facts": {kind: {"title": title, "both": result.both[kind],
                         "only_a": [list(f) for f in result.only_a[kind]],
                         "only_b": [list(f) for f in result.only_b[kind]]}
                  for kind, (title, _) in FACTS.items()},
    }, indent=2, ensure_ascii=False) + "\n"


def diff_csv(result: Comparison) -> str:
    """One row per fact one entry has and the other lacks: kind, side (A or B), the fact's keys."""
    from statgraph.authoring.diff import FACTS
    rows = [[kind, side, " → ".join(item)]
            for side, found in (("A", result.only_a), ("B", result.only_b))
            for kind in FACTS for item in found[kind]]
    return to_csv(["kind", "only_in", "fact"], rows)
