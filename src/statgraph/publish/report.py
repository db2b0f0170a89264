"""The report card regenerated from the graph alone, as Markdown or HTML.

Everything printed comes from named queries over the loaded graph: the issue
table, total, grade, tier, extra credit, highlights, the goals with status,
statutes relied on, gap and recommendation, the Safe Harbor scorecard and the
keystone statutes — and what the source does not have: the coverage matrix,
the what-if of all recommendations and a chapter-level dependency picture.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from statgraph.analyses.coverage import coverage
from statgraph.analyses.what_if import WhatIf, what_if
from statgraph.errors import InputError
from statgraph.analyses.gaps import resolve_card
from statgraph.kg.terms import cell_text
from statgraph.kg.base import KnowledgeGraph, natural_key
from statgraph.resources import templates_dir

TEMPLATES = templates_dir()
STATUS_WORDS = {"FullyMet": "Fully met", "PartiallyMet": "Partially met", "NotMet": "Not met"}


@dataclass
class Goal:
    notation: str
    title: str
    status: str
    points: str
    gap: str | None
    recommendations: list[tuple[str, str]] = field(default_factory=list)
    statutes: list[tuple[str, str]] = field(default_factory=list)  # (provision, title)


@dataclass
class Issue:
    number: str
    title: str
    score: str
    max: str
    grade: str
    goals: list[Goal] = field(default_factory=list)


@dataclass
class ReportCard:
    card: dict
    issues: list[Issue]
    highlights: list[str]
    extra_credit: list[dict]
    safe_harbor: list[dict]
    keystone: list[dict]  # one per offense, with its penalties
    coverage_protections: list[tuple[str, str]]  # (establishing provision, label)
    coverage_rows: list[tuple[str, str, list[str]]]  # (offense section, label, cells)
    what_if: WhatIf | None
    chapter_edges: list[tuple[str, str, int]]  # (from chapter, to chapter, citations)
    chapter_svg: str | None = None

    @property
    def name(self) -> str:
        return str(self.card["name"] or self.card["state"])


def _points(row: dict) -> str:
    if row["score"] is not None:
        return cell_text(row["score"])
    if row["score_min"] is not None:
        return f"between {cell_text(row['score_min'])} and {cell_text(row['score_max'])}"
    return "not published"


def collect(kg: KnowledgeGraph, state: str, year: int | None = None, picture: bool = False,
            dependencies=None) -> ReportCard:
    """Gather a report card's content from the graph (``picture``: also draw the chapters as SVG).

    ``dependencies`` is the state's statgraph.analyses.dependencies dependency graph when the caller has built it.
    """
    card = resolve_card(kg, state, year)
    params = {"state": str(card["state"]), "year": str(card["year"])}
    issues = {r["issue"]: Issue(r["issue"], r["title"], cell_text(r["score"]), cell_text(r["max"]),
                                r["grade"] or "")
              for r in kg.run("issue-scores", params).records()}
    goals: dict[str, Goal] = {}
    for r in kg.run("assessments", params).records():
        goal = goals.get(r["goal"])
        if goal is None:
            goal = goals[r["goal"]] = Goal(r["goal"], r["goal_title"] or "", STATUS_WORDS.get(r["status"], r["status"]),
                                           _points(r), r["gap"])
            issue = issues.setdefault(r["issue"], Issue(r["issue"], r["issue_title"] or "", "", "", ""))
            issue.goals.append(goal)
        if r["recommendation"]:
            goal.recommendations.append((r["recommendation"], r["recommendation_summary"] or ""))
    for r in kg.run("assessment-statutes", params).records():
        if r["goal"] in goals:
            goals[r["goal"]].statutes.append((r["provision"], r["title"] or ""))
    highlights, extra = [], []
    for r in kg.run("highlights", params).records():
        if r["kind"] == "highlight":
            highlights.append(r["text"])
        else:
            extra.append({"category": r["text"], "points": cell_text(r["points"]),
                          "goals": str(r["goals"] or "").replace("; ", ", ")})
    safe_harbor = [{"goal": r["goal"], "title": r["title"] or "", "status": STATUS_WORDS.get(r["status"], "not assessed"),
                    "printed": STATUS_WORDS.get(r["printed"], "") if r["printed"] else "",
                    "agrees": r["agrees"]} for r in kg.run("safe-harbor", params).records()]
    keystone: dict[str, dict] = {}
    for r in kg.run("keystone-statutes", {"state": params["state"]}).records():
        offense = keystone.setdefault(r["section"] + r["offense"], {
            "category": r["category"], "section": r["section"], "title": r["title"] or "",
            "offense": r["offense"], "penalties": []})
        if r["penalty"]:
            offense["penalties"].append(r["penalty"] + (f" ({r['condition']})" if r["condition"] else ""))
    protections, rows = _coverage(kg, params["state"])
    try:
        outlook = what_if(kg, params["state"], [], int(params["year"]), card=card)
    except InputError:  # no recommendations or no published total: nothing to project
        outlook = None
    from statgraph.analyses import dependencies as graph
    chapter_view = graph.chapters(dependencies if dependencies is not None else graph.build(kg, params["state"]))
    edges = sorted(((a, b, d["weight"]) for a, b, d in chapter_view.edges(data=True)),
                   key=lambda e: (natural_key(e[0]), natural_key(e[1])))
    return ReportCard(card, sorted(issues.values(), key=lambda i: natural_key(i.number)), highlights, extra,
                      safe_harbor, list(keystone.values()), protections, rows, outlook, edges,
                      _svg(chapter_view) if picture else None)


def _coverage(kg: KnowledgeGraph, state: str):
    records = coverage(kg, state).records()
    protections = sorted({(r["protection"], r["protection_label"] or "") for r in records},
                         key=lambda p: natural_key(p[0]))
    offenses = sorted({(r["offense"], r["offense_label"] or "", r["offense_chapter"]) for r in records},
                      key=lambda o: (natural_key(o[2]), natural_key(o[0])))
    cells = {(r["offense"], r["protection"]): {True: "yes", False: "no"}.get(r["covered"], "unknown")
             for r in records}
    rows = [(number, label, [cells.get((number, p), "") for p, _ in protections]) for number, label, _ in offenses]
    return protections, rows


def _svg(view) -> str | None:
    """A view drawn as SVG for inline use: by Graphviz where installed, else by matplotlib."""
    from statgraph.publish import viz
    svg = viz.to_image(view, "svg").decode("utf-8")
    return svg[svg.find("<svg"):]  # drop the XML declaration and DOCTYPE


# --- rendering -------------------------------------------------------------------------

def _markdown_cell(value: object) -> str:
    return re.sub(r"([|*_\[\]<>])", r"\\\1", str(value if value is not None else "")).replace("\n", " ")


def environment(autoescape: bool):
    import jinja2
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=autoescape,
                             trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                             undefined=jinja2.StrictUndefined)
    env.filters["md"] = _markdown_cell
    env.filters["num"] = cell_text
    env.filters["node_id"] = lambda text: "n_" + re.sub(r"\W", "_", str(text))
    env.filters["mermaid"] = lambda text: str(text).replace('"', "#quot;")
    env.globals["link"] = lambda *key: None  # standalone: no pages to link to (the site overrides it)
    return env


def render(report: ReportCard, fmt: str) -> str:
    if fmt == "md":
        return environment(False).get_template("report.md.j2").render(r=report)
    if fmt == "html":
        return environment(True).get_template("report.html.j2").render(r=report, standalone=True)
    raise InputError(f"unknown report format {fmt!r}", hint="use md or html")
