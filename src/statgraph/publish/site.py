"""A static, offline HTML site generated from the graph: report cards, goals, statutes, terms.

Pages live at paths derived from the nodes' IRIs (``id/us-mo/rsmo/566.211`` ->
``id/us-mo/rsmo/566.211.html``), so links stay stable as data is added. No
page loads anything from outside the folder: styles, the search index and
its script are files beside the pages, and each state's interactive graph is
the self-contained page ``statgraph viz`` writes. The site is built in a
temporary folder and moved into place, so an interrupted build leaves the
previous site as it was.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import tempfile
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from statgraph.errors import InputError
from statgraph.kg import iris
from statgraph.kg.terms import cell_text
from statgraph.publish.report import STATUS_WORDS, TEMPLATES, collect, environment
from statgraph.kg.base import KnowledgeGraph, natural_key

MARKER = ".statgraph-site"  # marks a folder statgraph may replace


def page_path(iri: object) -> str:
    """The site path of a node: its IRI below id/, each segment made file-name safe, plus .html."""
    relative = iris.relative(iri)
    segments = [re.sub(r"[^A-Za-z0-9._-]", lambda m: f"_{ord(m.group(0)):x}", s) or "_" for s in relative.split("/")]
    segments = [s if s not in (".", "..") else "_" + s for s in segments]
    return "id/" + "/".join(segments) + ".html"


def _rel(from_page: str, to_page: str) -> str:
    return os.path.relpath(to_page, os.path.dirname(from_page) or ".").replace(os.sep, "/")


def _run(kg: KnowledgeGraph, name: str, params: dict[str, str] | None = None):
    return kg.run(f"site/{name}", params).records()


class _PerState:
    """The site's per-state query results, each read once though several pages use it."""

    def __init__(self, kg: KnowledgeGraph):
        self.kg, self.results = kg, {}

    def __call__(self, name: str, state: str) -> list[dict]:
        if (name, state) not in self.results:
            self.results[(name, state)] = _run(self.kg, name, {"state": state})
        return self.results[(name, state)]


def _section_of(citation: str) -> str:
    """566.211(1)(a) -> 566.211."""
    return citation.split("(", 1)[0].strip()


@dataclass
class SiteSummary:
    pages: int
    cards: int
    goals: int
    statutes: int
    terms: int


class _Site:
    def __init__(self, kg: KnowledgeGraph, root: Path, progress: Callable[[str], None]):
        self.kg, self.root, self.say = kg, root, progress
        self.env = environment(True)
        self.env.filters["page"] = page_path
        self.per_state = _PerState(kg)
        self.pages = 0
        self.search: list[tuple[str, str, str]] = []  # (label, kind, path)
        self.section_pages: dict[tuple[str, str], str] = {}  # (state, citation) -> path
        self.goal_pages: dict[tuple[str, str], str] = {}  # (framework IRI, notation) -> path

    def write(self, path: str, template: str, **context) -> None:
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        page = self.env.get_template(template).render(
            root=_rel(path, "index.html").removesuffix("index.html"), here=path,
            rel=lambda to: _rel(path, to), **context)
        target.write_text(page, encoding="utf-8")
        self.pages += 1

    def build(self) -> SiteSummary:
        kg = self.kg
        cards = _run(kg, "cards")
        goal_rows = _run(kg, "goal-statuses")
        states = kg.jurisdictions()
        jurisdiction_pages = {}
        for card in cards:
            jurisdiction_pages[card["state"]] = page_path(card["jurisdiction_iri"])
        for row in goal_rows:
            self.goal_pages[(iris.framework_of_goal(row["goal_iri"]), row["goal"])] = page_path(row["goal_iri"])

        # statutes, terms and jurisdiction pages, one state at a time
        statute_total = term_total = 0
        for index, state in enumerate(states, 1):
            self.say(f"statutes of {state} ({index}/{len(states)})")
            for s in self.per_state("sections", state):
                self.section_pages[(state, s["section"])] = page_path(s["section_iri"])
        for index, state in enumerate(states, 1):
            statute_total += self._statutes(state, jurisdiction_pages)
            term_total += self._terms(state)

        goals = self._goals(goal_rows, cards)
        for index, card in enumerate(cards, 1):
            self.say(f"report card {card['state']} {card['year']} ({index}/{len(cards)})")
            self._card(card)
        self._jurisdictions(cards, states)
        self.write("index.html", "site_index.html.j2", title="Report cards", cards=cards, goals=goals,
                   jurisdictions=[(s, jurisdiction_pages.get(s)) for s in states])
        self._assets()
        return SiteSummary(self.pages, len(cards), len(goals), statute_total, term_total)

    # -- pages

    def _card(self, card: dict) -> None:
        state, framework = card["state"], str(card["framework_iri"])
        dependencies = self._dependencies(state)
        report = collect(self.kg, state, card["year"], picture=False, dependencies=dependencies)
        path = page_path(card["card_iri"])

        def link(kind: str, _context: str, key: str) -> str | None:
            if kind == "statute":
                target = self.section_pages.get((state, _section_of(key)))
            else:
                target = self.goal_pages.get((framework, key))
            return _rel(path, target) if target else None

        graph_page = f"graph/{state.lower()}.html"
        self._graph(state, graph_page, dependencies)
        self.write(path, "site_card.html.j2", r=report, link=link, graph=_rel(path, graph_page),
                   title=f"{report.name} {card['year']} report card")
        self.search.append((f"{state} {card['year']} report card", "report card", path))

    def _dependencies(self, state: str):
        from statgraph.analyses import dependencies as graph
        return graph.build(self.kg, state)

    def _graph(self, state: str, path: str, dependencies) -> None:
        from statgraph.analyses import dependencies as graph
        from statgraph.publish import viz
        drawing = graph.statutes(dependencies)
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(viz.to_html(drawing, f"statgraph · {state} · statutes"))
        self.pages += 1

    def _goals(self, goal_rows: list[dict], cards: list[dict]) -> list[dict]:
        by_goal: dict[str, list[dict]] = defaultdict(list)
        for row in goal_rows:
            by_goal[str(row["goal_iri"])].append(row)
        card_pages = {str(c["card_iri"]): page_path(c["card_iri"]) for c in cards}
        goals = []
        for iri, rows in by_goal.items():
            first = rows[0]
            path = page_path(iri)
            counts = {word: sum(1 for r in rows if r["status"] == status) for status, word in STATUS_WORDS.items()}
            entries = [{"state": r["state"], "year": r["year"], "status": r["status"],
                        "status_words": STATUS_WORDS.get(r["status"], r["status"]),
                        "points": cell_text(r["score"]) if r["score"] is not None else
                        (f"{cell_text(r['score_min'])}–{cell_text(r['score_max'])}" if r["score_min"] is not None else "?"),
                        "card": _rel(path, card_pages[str(r["card_iri"])])} for r in rows]
            self.write(path, "site_goal.html.j2", goal=first, entries=entries, counts=counts,
                       title=f"Policy goal {first['goal']}")
            self.search.append((f"goal {first['goal']} {first['goal_title'] or ''}", "policy goal", path))
            goals.append({"goal": first["goal"], "title": first["goal_title"] or "", "issue": first["issue"],
                          "issue_title": first["issue_title"] or "", "path": path, "counts": counts})
        goals.sort(key=lambda g: natural_key(g["goal"]))
        return goals

    def _statutes(self, state: str, jurisdiction_pages: dict[str, str]) -> int:
        kg = self.kg
        sections = self.per_state("sections", state)
        cites, cited_by = defaultdict(list), defaultdict(list)
        citation_of = {str(s["section_iri"]): s["section"] for s in sections}
        for ref in _run(kg, "citations", {"state": state}):
            source, target = str(ref["from_iri"]), str(ref["to_iri"])
            cites[source].append((ref["to_citation"], page_path(target) if target in citation_of else None, ref["kind"]))
            if target in citation_of:
                cited_by[target].append((citation_of[source], page_path(source)))
        goals_of = defaultdict(list)
        for row in kg.run("statute-goals", {"state": state}).records():
            goals_of[row["section"]].append(row)
        protections_of = defaultdict(list)
        for row in kg.run("coverage", {"state": state}).records():
            if row["covered"]:
                protections_of[row["offense"]].append((row["protection"], row["protection_label"] or "", row["via"]))
        terms_of = defaultdict(list)
        for row in self.per_state("terms", state):
            terms_of[str(row["section_iri"])].append((row["term"], page_path(row["term_iri"]), row["provision"]))
        frameworks = {key[0] for key in self.goal_pages}
        for s in sections:
            iri, citation = str(s["section_iri"]), s["section"]
            path = page_path(iri)
            goals = [{"goal": g["goal"], "title": g["title"] or "", "status": g["status"], "year": g["year"],
                      "status_words": STATUS_WORDS.get(g["status"], g["status"] or ""),
                      "provisions": str(g["provisions"] or "").replace("; ", ", "),
                      "path": next((self.goal_pages[(f, g["goal"])] for f in frameworks
                                    if (f, g["goal"]) in self.goal_pages), None)}
                     for g in goals_of.get(citation, [])]
            moved = str(s["transferred_to_iri"]) if s["transferred_to_iri"] else None
            self.write(path, "site_statute.html.j2", state=state, s=s, goals=goals,
                       cites=_by_citation(cites.get(iri, [])), cited_by=_by_citation(cited_by.get(iri, [])),
                       protections=protections_of.get(citation, []), terms=terms_of.get(iri, []),
                       moved=(citation_of.get(moved, moved), page_path(moved)) if moved else None,
                       jurisdiction=jurisdiction_pages.get(state), title=f"{state} § {citation}")
            self.search.append((f"{state} § {citation} {s['title'] or ''}", "statute", path))
        return len(sections)

    def _terms(self, state: str) -> int:
        rows = self.per_state("terms", state)
        for row in rows:
            path = page_path(row["term_iri"])
            self.write(path, "site_term.html.j2", state=state, t=row, section=page_path(row["section_iri"]),
                       title=f"“{row['term']}” ({state})")
            self.search.append((f"{row['term']} ({state} {row['provision']})", "defined term", path))
        return len(rows)

    def _jurisdictions(self, cards: list[dict], states: list[str]) -> None:
        by_state = defaultdict(list)
        for card in cards:
            by_state[card["state"]].append(card)
        for state, its_cards in by_state.items():
            path = page_path(its_cards[0]["jurisdiction_iri"])
            chapters = defaultdict(list)
            for (s, citation), target in self.section_pages.items():
                if s == state:
                    chapters[citation.split(".")[0]].append((citation, _rel(path, target)))
            terms = [(row["term"], row["provision"], _rel(path, page_path(row["term_iri"])))
                     for row in self.per_state("terms", state)]
            self.write(path, "site_jurisdiction.html.j2", state=state, cards=[
                {**c, "path": _rel(path, page_path(c["card_iri"]))} for c in its_cards],
                chapters=sorted(((ch, sorted(items, key=lambda i: natural_key(i[0])))
                                 for ch, items in chapters.items()), key=lambda c: natural_key(c[0])),
                terms=terms, graph=_rel(path, f"graph/{state.lower()}.html"),
                title=str(its_cards[0]["name"] or state))
            self.search.append((f"{state} {its_cards[0]['name'] or ''}", "jurisdiction", path))

    def _assets(self) -> None:
        assets = self.root / "assets"
        assets.mkdir(exist_ok=True)
        shutil.copyfile(TEMPLATES / "style.css", assets / "style.css")
        index = json.dumps([[label, kind, path] for label, kind, path in sorted(self.search)],
                           ensure_ascii=True, separators=(",", ":"))
        script = (TEMPLATES / "search.js").read_text(encoding="utf-8")
        (assets / "search.js").write_text(f"var STATGRAPH_INDEX = {index};\n{script}", encoding="utf-8")
        (self.root / MARKER).write_text("built by statgraph site; this folder is replaced on the next build\n",
                                        encoding="utf-8")


def build_site(kg: KnowledgeGraph, out: Path, progress: Callable[[str], None] | None = None) -> SiteSummary:
    """Write the site to ``out`` (a new folder, or one statgraph built before), replacing it whole."""
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise InputError(f"{out} is a file; give a folder for the site")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).exists():
        raise InputError(f"{out} is not empty and was not built by statgraph",
                         hint="give a new or empty folder; statgraph replaces only sites it built")
    parent = out.resolve().parent
    if not parent.is_dir():
        raise InputError(f"cannot write {out}: folder {parent} does not exist")
    if not kg.run("site/cards").rows:
        raise InputError("no report card is loaded", hint="load entries with --data")
    # Named before it exists, so a signal at any moment leaves nothing the handler below misses.
    building = parent / f".{out.name}.{secrets.token_hex(6)}.building"
    try:
        building.mkdir(mode=0o700)
        summary = _Site(kg, building, progress or (lambda message: None)).build()
        building.chmod(0o755)
        if out.exists():
            retired = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".old", dir=parent))
            os.replace(out, retired / "site")
            os.replace(building, out)
            shutil.rmtree(retired, ignore_errors=True)
        else:
            os.replace(building, out)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    return summary


def _by_citation(links) -> list:
    """Links (citation, kind, …) once each, by citation then the rest: the same page every run."""
    return sorted(set(links), key=lambda link: (natural_key(link[0]), [str(part) for part in link[1:]]))
