"""What an amendment changes, as text for people, CSV and JSON for programs, and as a bill memo.

The memo (Markdown or HTML) is the page a staffer attaches to a bill: the
change, the statutes it touches, coverage before and after, the criteria and
goals that move, and the total and grade range; it has the look of the report
card ('statgraph report').
"""

from __future__ import annotations

import json
import re
import textwrap
from dataclasses import dataclass

from statgraph.analyses.amend import Amendment, CoverageChange, ElementChange
from statgraph.analyses.criteria import LEVELS, Element
from statgraph.kg.base import natural_key
from statgraph.kg.terms import cell_text
from statgraph.publish.output import terminal_width, to_csv, to_table

CSV_COLUMNS = ["kind", "key", "what", "before", "after", "detail"]


# --- words for the cells --------------------------------------------------------------------

def covered_text(covered: bool | None, via: str, present: bool = True) -> str:
    if not present:
        return "—"
    if covered is None:
        return "unknown"
    return f"yes: {via}" if covered else "no"


def element_text(element: Element | None) -> str:
    return element.outcome if element is not None else "—"


def element_detail(element: Element | None) -> str:
    """What was found for an element (its outcome is shown beside it)."""
    if element is None:
        return "the element is gone"
    if element.low < element.high:
        return f"the graph lacks {element.missing}" if element.missing else element.outcome
    detail = element.note or element.outcome
    if element.provisions:
        detail += f" ({element.provisions})"
    return detail


def span(low: object, high: object) -> str:
    if low is None and high is None:
        return "?"
    return cell_text(low) if low == high else f"{cell_text(low)}–{cell_text(high)}"


def result_text(possible: tuple[str, ...], criterion: str) -> str:
    return criterion if criterion != "undecided" else "undecided (" + " or ".join(possible) + ")"


def move_text(to: tuple[str, ...]) -> str:
    return " or ".join(sorted(to, key=LEVELS.index))


@dataclass(frozen=True)
class ScoreLines:
    total: str
    grade: str
    rank: str


def score_lines(result: Amendment) -> ScoreLines | None:
    s = result.score
    if s is None:
        return None
    rank = ""
    if s["compared_with"]:
        rank = f"{span(s['rank_best'], s['rank_worst'])} among the {s['compared_with'] + 1} loaded report cards"
        if s["tier_best"]:
            rank += ", " + (s["tier_best"] if s["tier_best"] == s["tier_worst"]
                            else f"{s['tier_best']}–{s['tier_worst']}")
    return ScoreLines(f"{cell_text(s['total_now'])} → {span(s['total_min'], s['total_max'])}",
                      f"{s['grade_now'] or '?'} → " + (s["grade_min"] if s["grade_min"] == s["grade_max"]
                                                       else f"{s['grade_min']}–{s['grade_max']}"),
                      rank)


def headline(result: Amendment) -> str:
    change = (f"{len(result.added)} triple{'s' * (len(result.added) != 1)} added, "
              f"{len(result.removed)} removed") if result.changed else "no change"
    return f"{result.name} ({result.state}) · amendment {result.source} · {change}"


# --- text for people ------------------------------------------------------------------------

def render_text(result: Amendment, width: int | None = None) -> str:
    width = width or terminal_width()
    wrap = textwrap.TextWrapper(width=width, initial_indent="  ", subsequent_indent="      ")
    out = [headline(result), ""]
    if not result.changed:
        out.append(textwrap.fill(
            f"The amendment adds and removes nothing: every triple it inserts is already in the graph and "
            f"every triple it deletes is not there. Coverage, criteria and scores stay as they are.", width))
        return "\n".join(out) + "\n"
    out.append(textwrap.fill(f"What it adds (+) and removes (-); {result.state}'s entry: "
                             f"{', '.join(result.entry_files)}", width, subsequent_indent="  "))
    out += [wrap.fill(f"+ {c.text}") for c in result.added] + [wrap.fill(f"- {c.text}") for c in result.removed]
    if result.refused:
        out += ["", f"REFUSED: the amendment {_refusal_reason(result)}; nothing was derived from it."]
        for finding in result.findings:
            detail = finding.message + (f" [named by: {', '.join(finding.named_by)}]" if finding.named_by else "")
            where = " ".join(filter(None, (finding.node, finding.path)))
            out.append(wrap.fill(f"{where}: {detail} (rule: {finding.rule})"))
        return "\n".join(out) + "\n"
    if result.statutes:
        out += ["", "Statutes touched"]
        out += [wrap.fill(f"{citation}" + (f" — {title}" if title else "")) for citation, title in result.statutes]
    out += ["", _count("Coverage that changes", result.coverage)]
    if result.coverage:
        rows = [[c.protection, f"{c.offense} {c.offense_label}".strip(),
                 covered_text(c.before, c.via_before, c.present_before),
                 covered_text(c.after, c.via_after, c.present_after)] for c in result.coverage]
        out.append(textwrap.indent(to_table(["protection", "offense", "before", "after"], rows, width - 2), "  ")
                   .rstrip())
    out += ["", _count("Criteria that change", result.criteria)]
    for change in result.criteria:
        out.append(wrap.fill(
            f"{change.goal} {change.title}: {result_text(change.before.possible, change.before.criterion)} → "
            f"{result_text(change.after.possible, change.after.criterion)}"
            + (f" (published: {change.published})" if change.published else "")))
        for text in _element_lines(change.elements):
            out.append(wrap.fill("    " + text))
        holding = holding_lines(change)
        if holding:
            keeps = "what leaves it undecided" if change.after.criterion == "undecided" else \
                f"what keeps it {change.after.criterion}"
            out.append(wrap.fill(f"    {keeps}: " + "; ".join(holding)))
    out += ["", _count("Goals that move", result.moves)]
    for move in result.moves:
        out.append(wrap.fill(f"{move.goal} {move.title}: {move.published} → {move_text(move.to)}"))
    if not result.moves and result.criteria:
        out.append(wrap.fill(no_moves_reason(result)))
    out += ["", "Score, by the framework's scoring (queries/what-if-status.rq)"]
    lines = score_lines(result)
    if lines is None:
        out.append(wrap.fill(result.score_note))
    else:
        out += [f"  total  {lines.total}", f"  grade  {lines.grade}"] + ([f"  rank   {lines.rank}"] if lines.rank else [])
        if result.score["total_min"] != result.score["total_max"]:
            out.append(wrap.fill("A range: some goals' points are not published, or a goal could take more than "
                                 "one status; the total lies within it."))
    if result.warnings:
        out += ["", "Warnings the amendment brings (not refusing it)"]
        out += [wrap.fill(f"{' '.join(filter(None, (w.node, w.path)))}: {w.message}") for w in result.warnings]
    out += ["", textwrap.fill("Applied to a copy of the graph; no loaded file was changed.", width)]
    return "\n".join(out) + "\n"


def no_moves_reason(result: Amendment) -> str:
    if result.year is None:
        return (f"{result.state} has no report card loaded: the criteria are not compared with published "
                f"statuses, so no status moves.")
    if result.criteria_results_changing:
        return "The criteria whose result changes give each goal the status the report card already gives it."
    return "No goal's status moves: the criteria that change give the same result."


def _refusal_reason(result: Amendment) -> str:
    if any(f.rule == "statgraph:Ownership" for f in result.findings):
        return f"changes what {result.state}'s entry does not own"
    if any(f.rule == "statgraph:PublishedCard" for f in result.findings):
        return "changes the published report card"
    return f"breaks the shapes {result.state}'s entry met"


def _count(title: str, items: list) -> str:
    return f"{title} ({len(items)})" if items else f"{title}: none"


def _element_lines(elements: tuple[ElementChange, ...]) -> list[str]:
    """Element changes grouped by what changed: '567.030, 567.050: not met → met (491.680(1))'."""
    groups: dict[tuple, list[str]] = {}
    for e in elements:
        key = (element_text(e.before), element_text(e.after), element_detail(e.after) if e.after else
               element_detail(e.before))
        groups.setdefault(key, []).append(e.element)
    lines = []
    for (before, after, detail), names in groups.items():
        lines.append(f"{names_text(names)}: {before} → {after}"
                     + (f": {detail}" if after != "—" else ""))
    return lines


def names_text(names: list[str]) -> str:
    """'566.210 / prosecution', '566.211 / prosecution' -> 'prosecution: 566.210, 566.211'."""
    names = sorted(names, key=natural_key)
    parts = [name.split(" / ", 1) for name in names]
    if len(names) > 1 and all(len(p) == 2 for p in parts) and len({p[1] for p in parts}) == 1:
        return f"{parts[0][1]}: {', '.join(p[0] for p in parts)}"
    return ", ".join(names)


def holding_lines(change) -> list[str]:
    """For a criterion not met in full after the amendment: its elements still short of met, grouped."""
    if change.after.criterion == "met":
        return []
    groups: dict[str, list[str]] = {}
    for e in change.after.elements:
        if e.low < 2:
            detail = element_detail(e) if e.low == e.high else f"{e.outcome}: {element_detail(e)}"
            groups.setdefault(detail, []).append(e.element)
    return [f"{names_text(names)}: {detail}" for detail, names in groups.items()]


# --- rows for programs ----------------------------------------------------------------------

def rows(result: Amendment) -> list[list[object]]:
    """One row per change, coverage pair, criterion, element, goal and score figure (CSV_COLUMNS)."""
    out: list[list[object]] = [["added", c.subject, c.predicate, "", c.object, ""] for c in result.added]
    out += [["removed", c.subject, c.predicate, c.object, "", ""] for c in result.removed]
    for f in result.findings:
        out.append(["refused", f.node, f.path, "", "", f"{f.message} (rule: {f.rule})"])
    for f in result.warnings:
        out.append(["warning", f.node, f.path, "", "", f"{f.message} (rule: {f.rule})"])
    for c in result.coverage:
        out.append(["coverage", f"{c.protection} × {c.offense}", c.offense_label,
                    covered_text(c.before, c.via_before, c.present_before),
                    covered_text(c.after, c.via_after, c.present_after), c.protection_label])
    for change in result.criteria:
        out.append(["criterion", change.goal, change.title, result_text(change.before.possible, change.before.criterion),
                    result_text(change.after.possible, change.after.criterion), " | ".join(change.after.evidence)])
        for e in change.elements:
            out.append(["element", f"{change.goal} / {e.element}", e.label, element_text(e.before),
                        element_text(e.after), element_detail(e.after) if e.after else element_detail(e.before)])
    for move in result.moves:
        out.append(["goal", move.goal, move.title, move.published, move_text(move.to), ""])
    if result.score is not None:
        s = result.score
        out.append(["score", "total", "", cell_text(s["total_now"]), span(s["total_min"], s["total_max"]),
                    "; ".join(s["moves"])])
        out.append(["score", "grade", "", s["grade_now"] or "",
                    s["grade_min"] if s["grade_min"] == s["grade_max"] else f"{s['grade_min']}–{s['grade_max']}", ""])
    return out


def render_csv(result: Amendment) -> str:
    return to_csv(CSV_COLUMNS, rows(result))


def _element_json(e: Element | None) -> dict | None:
    if e is None:
        return None
    return {"outcome": e.outcome, "low": e.low, "high": e.high,
            "provisions": e.provisions.split("; ") if e.provisions else [], "note": e.note, "missing": e.missing}


def _coverage_json(c: CoverageChange) -> dict:
    return {"protection": c.protection, "protection_label": c.protection_label, "offense": c.offense,
            "offense_label": c.offense_label, "chapter": c.chapter, "flips": c.flips,
            "before": {"present": c.present_before, "covered": c.before, "via": c.via_before.split("; ") if
                       c.via_before else []},
            "after": {"present": c.present_after, "covered": c.after, "via": c.via_after.split("; ") if
                      c.via_after else []}}


def document(result: Amendment) -> dict:
    """The whole result as one JSON document."""
    def finding(f) -> dict:
        return {"node": f.node, "node_iri": f.node_iri, "path": f.path, "value": f.value, "message": f.message,
                "severity": f.severity, "rule": f.rule, "named_by": list(f.named_by)}

    def triple(c) -> dict:
        return {"subject": c.subject, "predicate": c.predicate, "object": c.object,
                "triple": [t.value if hasattr(t, "value") else str(t) for t in c.triple]}

    score = None
    if result.score is not None:
        score = {k: (float(v) if hasattr(v, "as_tuple") else v) for k, v in result.score.items()}
    return {
        "state": result.state, "name": result.name, "year": result.year, "source": result.source,
        "changed": result.changed, "refused": result.refused,
        "added": [triple(c) for c in result.added], "removed": [triple(c) for c in result.removed],
        "findings": [finding(f) for f in result.findings], "warnings": [finding(f) for f in result.warnings],
        "statutes": [{"citation": c, "title": t} for c, t in result.statutes],
        "coverage": [_coverage_json(c) for c in result.coverage],
        "criteria": [{"goal": c.goal, "title": c.title, "published": c.published,
                      "before": {"criterion": c.before.criterion, "possible": list(c.before.possible),
                                 "evidence": c.before.evidence},
                      "after": {"criterion": c.after.criterion, "possible": list(c.after.possible),
                                "evidence": c.after.evidence},
                      "result_changes": c.result_changes,
                      "elements": [{"element": e.element, "label": e.label, "before": _element_json(e.before),
                                    "after": _element_json(e.after)} for e in c.elements]}
                     for c in result.criteria],
        "moves": [{"goal": m.goal, "title": m.title, "published": m.published, "to": list(m.to)}
                  for m in result.moves],
        "score": score, "score_note": result.score_note,
        "update": result.update, "seconds": round(result.seconds, 3),
    }


def render_json(result: Amendment) -> str:
    return json.dumps(document(result), indent=2, ensure_ascii=False) + "\n"


def render(result: Amendment, fmt: str) -> str:
    return {"csv": render_csv, "json": render_json}.get(fmt, render_text)(result)


# --- the bill memo ---------------------------------------------------------------------------

@dataclass
class Matrix:
    """Offenses down, protections across; each cell before and after."""

    protections: list[tuple[str, str]]  # (protection, label)
    rows: list[tuple[str, str, list[tuple[str, str, bool]]]]  # (offense, label, [(before, after, changed)])


def matrix(result: Amendment) -> Matrix:
    def cell(record: dict | None) -> str:
        if record is None:
            return "—"
        return {True: "yes", False: "no"}.get(record["covered"], "unknown")

    old = {(r["offense"], r["protection"]): r for r in result.coverage_before}
    new = {(r["offense"], r["protection"]): r for r in result.coverage_after}
    records = result.coverage_before + result.coverage_after
    protections = sorted({(r["protection"], str(r["protection_label"] or "")) for r in records},
                         key=lambda p: natural_key(p[0]))
    offenses = sorted({(r["offense"], str(r["offense_label"] or ""), r["offense_chapter"]) for r in records},
                      key=lambda o: (natural_key(o[2]), natural_key(o[0])))
    rows = []
    for number, label, _ in offenses:
        cells = []
        for protection, _ in protections:
            before, after = cell(old.get((number, protection))), cell(new.get((number, protection)))
            cells.append((before, after, before != after))
        rows.append((number, label, cells))
    return Matrix(protections, rows)


def _fence(text: str) -> str:
    """A Markdown code fence longer than any run of backticks in the text."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    return "`" * max(3, longest + 1)


def memo(result: Amendment, fmt: str) -> str:
    """The bill memo as Markdown or HTML."""
    from statgraph.publish.report import environment
    context = {"a": result, "m": matrix(result), "score": score_lines(result), "covered_text": covered_text,
               "element_lines": _element_lines, "result_text": result_text, "move_text": move_text,
               "no_moves_reason": no_moves_reason, "fence": _fence(result.update)}
    if fmt == "md":
        return environment(False).get_template("memo.md.j2").render(**context)
    return environment(True).get_template("memo.html.j2").render(**context)
