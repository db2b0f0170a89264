"""Coverage, impact and what-if: the named queries behind the analysts' shortcuts, and their views."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from statgraph.errors import InputError
from statgraph.analyses.gaps import resolve_card
from statgraph.publish.output import cell_text, terminal_width, to_table
from statgraph.kg.store import KnowledgeGraph, Result, natural_key

# --- coverage ------------------------------------------------------------------------


def coverage(kg: KnowledgeGraph, state: str, chapters: list[str] | None = None) -> Result:
    """Protections x child sex trafficking and CSEC offenses, optionally for some chapters only."""
    state = kg.require_state(state)
    result = kg.run("coverage", {"state": state})
    if chapters:
        wanted = {f"chapter {c.strip().removeprefix('chapter').strip()}" for c in chapters if c.strip()}
        present = {r["offense_chapter"] for r in result.records()}
        missing = sorted(wanted - present, key=natural_key)
        if missing:
            raise InputError(f"no child sex trafficking or CSEC offense in {', '.join(missing)} of {state}",
                             hint=f"chapters with such offenses: {', '.join(sorted(present, key=natural_key))}")
        index = result.columns.index("offense_chapter")
        result = Result(result.columns, [r for r in result.rows if r[index] in wanted])
    return result


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
    return text + "\n".join(notes) + "\n"


def coverage_cell(covered: bool | None, via: str | None) -> str:
    """One cell of the coverage matrix: how the protection reaches the offense, no, or unknown."""
    if covered is None:
        return "unknown"
    return f"yes: {via}" if covered else "no"


# --- impact -----------------------------------------------------------------------------

KIND_HEADINGS = {"goal": "Goals", "assessment": "Assessments", "recommendation": "Recommendations",
                 "protection": "Protections", "offense": "Offenses", "term": "Defined terms",
                 "statute": "Statutes", "extra credit": "Extra credit"}


def impact(kg: KnowledgeGraph, state: str, section: str) -> Result:
    state = kg.require_state(state)
    section = section.strip().removeprefix("§").strip()
    sections = [r[0] for r in kg.run("statutes", {"state": state}).rows]
    if section not in sections:
        close = [s for s in sections if s.split(".")[0] == section.split(".")[0]][:8]
        raise InputError(f"no section {section} of {state} in the graph",
                         hint=(f"sections of that chapter: {', '.join(close)}" if close else
                               "'statgraph query statutes --param state=" + state + "' lists them"))
    return kg.run("impact", {"state": state, "section": section})


def impact_text(result: Result, section: str, width: int | None = None) -> str:
    width = width or terminal_width()
    records = result.records()
    if not records:
        return f"Nothing in the graph depends on {section}.\n"
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
    return "\n".join(out) + "\n"


# --- what-if ------------------------------------------------------------------------------

@dataclass
class WhatIf:
    record: dict[str, object]
    name: str


def what_if(kg: KnowledgeGraph, state: str, recommendations: list[str], year: int | None = None) -> WhatIf:
    card = resolve_card(kg, state, year)
    params = {"state": str(card["state"]), "year": str(card["year"])}
    known = [r["recommendation"] for r in kg.run("gaps", params).records() if r["recommendation"]]
    unknown = [r for r in recommendations if r not in known]
    if unknown:
        raise InputError(f"no recommendation {', '.join(unknown)} in {card['state']} {card['year']}",
                         hint=f"its recommendations: {', '.join(sorted(known, key=natural_key))}")
    if recommendations:
        params["recommendations"] = ",".join(recommendations)
    rows = kg.run("what-if", params).records()
    if not rows:
        raise InputError(f"{card['state']} {card['year']} has no published total to start from")
    return WhatIf(rows[0], str(card["name"] or card["state"]))


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
    return "\n".join(lines) + "\n"
