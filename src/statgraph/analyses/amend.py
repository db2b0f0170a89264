"""What a proposed amendment would change: applied to a copy of the graph, never to the loaded files.

An amendment is a SPARQL 1.1 Update over one state's statute facts (see
statgraph.kg.update for what it may contain), or a shortcut that writes one from
a template in ``queries/amend/``. :func:`amend`:

1. applies it to a scratch copy of every loaded triple (derived values left out:
   they are derived again), and takes the exact triples it adds and removes;
2. refuses it when a changed triple is not the state's to change (the ownership
   rule, statgraph.kg.ownership, with the state as the speaker: a removed triple
   must be one of the state's entries' own) or when the amended entry — the
   state's entries merged, with the change — breaks a shape the entry did not
   break before (statgraph.analyses.validation), or when it changes a published
   report card (the card, its parts, and what hangs from them: an amendment
   changes the law, and the card records what the report published about the law
   as it was); the findings say why;
3. derives coverage on two small copies holding the ontology, framework and
   reference data with the state's entry, as loaded and as amended, and runs the
   goal criteria on both (other states cannot change either, and the copies keep
   the cost independent of how many are loaded);
4. compares them: coverage rows that change (with the route),
   criteria whose result or elements change, the goals whose status those
   criteria decide and where they would move, and the total, grade, rank and tier
   by the framework's scoring (queries/what-if-status.rq, on the loaded graph,
   where the other report cards rank) — ranges where points are not published.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pyoxigraph as ox

from statgraph import resources
from statgraph.analyses import validation
from statgraph.analyses.coverage import coverage
from statgraph.analyses.criteria import LEVELS, CriterionResult, Element, criteria
from statgraph.errors import InputError
from statgraph.kg import loader, ownership, update
from statgraph.kg.base import natural_key
from statgraph.kg.names import GRAPH_BASE, ID_BASE, PREFIXES, SG, compact_iri
from statgraph.kg.queries import NamedQuery, parse_query_file
from statgraph.kg.sparql import bind_values
from statgraph.kg.store import DERIVED_GRAPH, EmbeddedGraph, derive

STATUS_OF_LEVEL = {"met": "FullyMet", "partly met": "PartiallyMet", "not met": "NotMet"}
_PREFIX_LINE = re.compile(r"^PREFIX\s+([A-Za-z][\w.-]*|):\s*<([^>\s]*)>[ \t]*\n?", re.M)
_HEADER_LINE = re.compile(r"^#[a-z-]+:.*\n?", re.M)  # a template's header (#title: …), not its comments
TEMPLATES = ("extend-scope", "narrow-scope", "transfer", "repeal")
SHORTCUTS = {"extend": "extend-scope", "narrow": "narrow-scope", "transfer": "transfer", "repeal": "repeal"}


# --- results ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Change:
    """One triple the amendment adds or removes, named as people name its nodes."""

    subject: str
    predicate: str
    object: str
    triple: tuple  # the Oxigraph terms

    @property
    def text(self) -> str:
        return f"{self.subject} · {self.predicate} · {self.object}"


@dataclass(frozen=True)
class CoverageChange:
    """A protection × offense pair whose coverage or route differs after the amendment."""

    protection: str
    protection_label: str
    offense: str
    offense_label: str
    chapter: str
    before: bool | None  # True covered, False not, None unknown
    after: bool | None
    via_before: str
    via_after: str
    present_before: bool = True  # the pair exists (the protection and the offense do)
    present_after: bool = True

    @property
    def flips(self) -> bool:
        return self.present_before and self.present_after and self.before != self.after


@dataclass(frozen=True)
class ElementChange:
    element: str
    label: str
    before: Element | None  # None: the element is new
    after: Element | None  # None: the element is gone (e.g. a repealed offense)


@dataclass(frozen=True)
class CriterionChange:
    goal: str
    title: str
    published: str | None
    before: CriterionResult
    after: CriterionResult
    elements: tuple[ElementChange, ...]

    @property
    def result_changes(self) -> bool:
        return (self.before.criterion, self.before.possible) != (self.after.criterion, self.after.possible)


@dataclass(frozen=True)
class GoalMove:
    """A goal whose status the criteria decide differently after the amendment."""

    goal: str
    title: str
    published: str  # the report card's status, in the criteria's words
    to: tuple[str, ...]  # the statuses it could take (one when decided), in the criteria's words

    @property
    def lowest(self) -> str:
        return min(self.to, key=LEVELS.index)

    @property
    def highest(self) -> str:
        return max(self.to, key=LEVELS.index)


@dataclass
class Amendment:
    state: str
    name: str
    source: str  # the Update file, or the shortcuts as typed
    update: str  # the Update text as applied
    added: list[Change] = field(default_factory=list)
    removed: list[Change] = field(default_factory=list)
    refused: bool = False
    findings: list = field(default_factory=list)  # why it is refused (validation.Finding)
    warnings: list = field(default_factory=list)  # new warnings of the amended entry, not refusing it
    coverage: list[CoverageChange] = field(default_factory=list)
    criteria: list[CriterionChange] = field(default_factory=list)
    moves: list[GoalMove] = field(default_factory=list)
    score: dict | None = None  # total, grade, rank and tier before and after, by queries/what-if-status.rq
    score_note: str = ""
    year: int | None = None
    statutes: list[tuple[str, str]] = field(default_factory=list)  # (citation, title) the change touches
    coverage_before: list[dict] = field(default_factory=list)  # the coverage rows, for the memo's matrix
    coverage_after: list[dict] = field(default_factory=list)
    entry_triples: list[tuple] = field(default_factory=list)  # the amended entry
    entry_files: list[str] = field(default_factory=list)  # the loaded files it merges
    seconds: float = 0.0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.removed)

    @property
    def criteria_results_changing(self) -> list[CriterionChange]:
        return [c for c in self.criteria if c.result_changes]


# --- the Update templates behind the shortcuts ----------------------------------------------

@cache
def template(name: str) -> NamedQuery:
    """A shortcut's Update template, queries/amend/<name>.ru, with its header."""
    if name not in TEMPLATES:
        raise ValueError(f"no amendment template {name!r}")
    path = resources.queries_dir() / "amend" / f"{name}.ru"
    return parse_query_file(path, f"amend/{name}")


@dataclass(frozen=True)
class Shortcut:
    """A common amendment as typed: extend/narrow PROTECTION SCOPE, transfer OLD NEW, repeal SECTION."""

    action: str
    arguments: tuple[str, ...]

    def __str__(self) -> str:
        return f"--{self.action} {' '.join(self.arguments)}"


def shortcut_update(kg: EmbeddedGraph, state: str, shortcuts: list[Shortcut]) -> str:
    """The Update the shortcuts stand for: each template with the nodes it names bound as IRIs."""
    state = kg.require_state(state)
    given = sorted({a.strip() for s in shortcuts for a in s.arguments} |
                   {s.arguments[1].strip().split(".", 1)[0] for s in shortcuts if s.action == "transfer"})
    found: dict[str, list[dict]] = {}
    for row in kg.run("amend/targets", state=state, given=given).records():
        found.setdefault(str(row["given"]), []).append(row)
    prefixes: dict[str, str] = {}
    parts = []
    for shortcut in shortcuts:
        if shortcut.action not in SHORTCUTS:
            raise InputError(f"unknown amendment shortcut {shortcut.action!r}",
                             hint=f"shortcuts: {', '.join('--' + s for s in SHORTCUTS)}")
        bindings = _shortcut_bindings(shortcut, found, state)
        query = template(SHORTCUTS[shortcut.action])
        text = bind_values(query.text, query.bindings(bindings))
        # Oxigraph takes PREFIX lines only before the first operation: gather them there
        for name, iri in _PREFIX_LINE.findall(text):
            prefixes[name] = iri
        body = _HEADER_LINE.sub("", _PREFIX_LINE.sub("", text)).strip()
        parts.append(f"# {shortcut}: {query.title.lower()} (queries/amend/{query.path.name})\n{body}")
    prologue = "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in sorted(prefixes.items()))
    return prologue + "\n" + " ;\n\n".join(parts) + "\n"


def _one(found: dict, given: str, kinds: tuple[str, ...], state: str, what: str, example: str) -> dict:
    rows = [r for r in found.get(given.strip(), []) if r["kind"] in kinds]
    nodes = {str(r["node"]): r for r in rows}
    if not nodes:
        raise InputError(f"no {what} {given!r} in {state}", hint=f"name it as cited, e.g. {example}")
    if len(nodes) > 1:
        named = sorted({str(r["citation"]) for r in rows}, key=natural_key)
        raise InputError(f"{given!r} names {len(nodes)} {what}s in {state}: {', '.join(named)}",
                         hint="name one by the provision that establishes it, e.g. " + named[0])
    return next(iter(nodes.values()))


def _shortcut_bindings(shortcut: Shortcut, found: dict, state: str) -> dict[str, object]:
    args = shortcut.arguments
    if shortcut.action in ("extend", "narrow"):
        protection = _one(found, args[0], ("protection",), state, "protection", "491.680 or 566.223(6)")
        scope = _one(found, args[1], ("chapter", "section"), state, "chapter or section", "567 or 567.030")
        return {"protection": protection["node"], scope["kind"]: scope["node"]}
    if shortcut.action == "repeal":
        return {"section": _one(found, args[0], ("section",), state, "section", "567.030")["node"]}
    old = _one(found, args[0], ("section",), state, "section", "566.212")
    new_number = args[1].strip()
    if new_number == str(old["citation"]) or new_number == str(old["number"]):
        raise InputError(f"--transfer {args[0]} {args[1]}: a section is not transferred to itself")
    existing = [r for r in found.get(new_number, []) if r["kind"] == "section"]
    if existing:
        new, number, chapter = existing[0]["node"], str(existing[0]["number"]), existing[0]["chapter"]
    else:
        chapter_number = new_number.split(".", 1)[0]
        chapter = _one(found, chapter_number, ("chapter",), state, "chapter",
                       "567.035 (the new section's chapter must be in the graph)")["node"]
        new, number = str(old["node"]).rsplit("/", 1)[0] + "/" + new_number, new_number
    return {"old": old["node"], "new": new, "number": number, "chapter": chapter}


# --- the amendment ----------------------------------------------------------------------------

def amend(kg: EmbeddedGraph, state: str, update_text: str, source: str = "CHANGES",
          year: int | None = None) -> Amendment:
    """Apply ``update_text`` to a copy of ``kg`` for ``state`` and say what moves (see the module)."""
    started = time.perf_counter()
    state = kg.require_state(state)
    prepared = update.check(update_text, source)
    jurisdiction = _jurisdiction(kg, state)
    texts = {f.graph: kg.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(f.graph))
             for f in kg.files}  # every loaded file's triples, as N-Triples
    own_graphs = _state_graphs(kg, jurisdiction, texts)
    own = {(q.subject, q.predicate, q.object) for g in own_graphs
           for q in kg.store.quads_for_pattern(None, None, None, ox.NamedNode(g))}
    scratch, added, removed = _apply(kg, texts, prepared, source)

    result = Amendment(state, _name(kg, jurisdiction, state), source, prepared, year=year,
                       entry_files=sorted(f.display_name for f in kg.files if f.graph in own_graphs))
    result.added = _changes(scratch, added)  # named as the amended graph names them
    result.removed = _changes(kg.store, removed)
    result.entry_triples = sorted((own - removed) | added, key=_triple_key)
    if not result.changed:
        result.seconds = time.perf_counter() - started
        return result

    result.findings = _trespasses(kg, jurisdiction, added, removed, own)
    if not result.findings:
        result.findings, result.warnings = _validate(kg, state, own, result.entry_triples, own_graphs)
    if result.findings:
        result.refused = True
        result.seconds = time.perf_counter() - started
        return result

    loaded, amended = _state_copy(kg, sorted(own, key=_triple_key), state), _state_copy(kg, result.entry_triples, state)
    _compare(result, loaded, amended, kg, year)
    result.statutes = _statutes(loaded, amended, added | removed)
    result.seconds = time.perf_counter() - started
    return result


def _apply(kg: EmbeddedGraph, texts: dict[str, bytes], prepared: str, source: str) -> tuple[ox.Store, set, set]:
    """The Update run on a scratch copy of every loaded triple (the derived ones left out), and the
    triples it adds and removes. Without blank nodes the copy and the comparison go through
    N-Triples text, in Oxigraph (0.4 s for 230,000 triples against 3 s through Python objects);
    blank nodes get new labels when text is loaded, so with them the copy keeps the terms."""
    text = b"".join(texts.values())
    scratch = ox.Store()
    if b"_:" not in text:
        scratch.load(text, format=ox.RdfFormat.N_TRIPLES)
        update.apply(scratch, prepared, source, kg.timeout)
        before = set(text.splitlines())
        after = set(scratch.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()).splitlines())

        def triples(lines: set) -> set:
            parsed = ox.parse(b"\n".join(sorted(lines)), format=ox.RdfFormat.N_TRIPLES) if lines else []
            return {(q.subject, q.predicate, q.object) for q in parsed}

        return scratch, triples(after - before), triples(before - after)
    graphs = {ox.NamedNode(f.graph) for f in kg.files}
    before = {(q.subject, q.predicate, q.object) for q in kg.store if q.graph_name in graphs}
    scratch.bulk_extend(ox.Quad(s, p, o, ox.DefaultGraph()) for s, p, o in before)
    update.apply(scratch, prepared, source, kg.timeout)
    after = {(q.subject, q.predicate, q.object) for q in scratch}
    return scratch, after - before, before - after


def _jurisdiction(kg: EmbeddedGraph, state: str) -> ox.NamedNode:
    code = ox.Literal(state)
    for quad in kg.store.quads_for_pattern(None, ox.NamedNode(SG + "code"), code):
        if (quad.graph_name != ox.NamedNode(DERIVED_GRAPH)
                and any(True for _ in kg.store.quads_for_pattern(quad.subject, ownership.RDF_TYPE,
                                                                 ownership.JURISDICTION_CLASS))):
            return quad.subject
    raise InputError(f"{state} is not declared as a jurisdiction (sg:Jurisdiction with sg:code)")


def _name(kg: EmbeddedGraph, jurisdiction: ox.NamedNode, state: str) -> str:
    label = next(kg.store.quads_for_pattern(jurisdiction, ox.NamedNode(PREFIXES["rdfs"] + "label"), None), None)
    return label.object.value if label is not None else state


def _state_graphs(kg: EmbeddedGraph, jurisdiction: ox.NamedNode, texts: dict[str, bytes]) -> frozenset[str]:
    """The loaded entry files that speak for the state (statgraph.kg.ownership's owner); a file whose
    text never names an IRI of the state's space cannot, and is not parsed."""
    foundation = ownership.bundled_foundation()
    entries = [f.graph for f in kg.files if f.role == "entry"]
    known = {q.subject for q in kg.store.quads_for_pattern(None, ownership.RDF_TYPE, ownership.JURISDICTION_CLASS)
             if q.graph_name.value in entries}
    mark = f"<{jurisdiction.value}".encode("utf-8")
    graphs = set()
    for graph in entries:
        if mark not in texts[graph]:
            continue
        triples = [(q.subject, q.predicate, q.object) for q in ox.parse(texts[graph], format=ox.RdfFormat.N_TRIPLES)]
        if ownership.owner(triples, foundation, known) == jurisdiction:
            graphs.add(graph)
    if not graphs:
        raise InputError(f"no loaded entry speaks for {jurisdiction.value}",
                         hint="load the state's entry files with --data")
    return frozenset(graphs)


def _triple_key(triple: tuple) -> tuple:
    return tuple((type(t).__name__, t.value if not isinstance(t, ox.Literal) else str(t)) for t in triple)


def _changes(store: ox.Store, triples: set) -> list[Change]:
    def name(node) -> str:
        if isinstance(node, ox.Literal) or any(True for _ in store.quads_for_pattern(node, None, None)):
            return validation.describe(store, node)
        return compact_iri(node.value) if isinstance(node, ox.NamedNode) else "[]"

    changes = [Change(name(s), compact_iri(p.value), name(o), (s, p, o)) for s, p, o in triples]
    return sorted(changes, key=lambda c: (natural_key(c.subject), c.predicate, natural_key(c.object)))


def _trespasses(kg: EmbeddedGraph, jurisdiction, added: set, removed: set, own: set) -> list:
    """Findings for each changed triple that is not the state's to change."""
    foundation = ownership.bundled_foundation()
    known = {q.subject for q in kg.store.quads_for_pattern(None, ownership.RDF_TYPE, ownership.JURISDICTION_CLASS)}
    found = ownership.trespasses(added, foundation, known, speaker=jurisdiction)
    found += ownership.trespasses(removed & own, foundation, known, speaker=jurisdiction, restating=False)
    foreign = removed - own
    found += ownership.trespasses(foreign, foundation, known, speaker=jurisdiction, restating=False)
    flagged = {(t.subject, t.predicate, t.object) for t in found}
    found += [ownership.Trespass(s, p, o, "another entry (the state's entries do not state it)")
              for s, p, o in foreign if (s, p, o) not in flagged]
    flagged = {(t.subject, t.predicate, t.object) for t in found}
    findings = [validation.trespass_finding(kg.store, t) for t in found]
    card_parts = _report_card_parts(kg.store, added)
    for s, p, o in sorted(added | removed, key=_triple_key):
        if s in card_parts and (s, p, o) not in flagged:
            findings.append(validation.Finding(
                node=validation.describe(kg.store, s), node_iri=validation._iri(s),
                path=compact_iri(p.value), value=validation._value_text(kg.store, o),
                message=("An amendment changes the law, not the published report card: this triple "
                         f"{'adds to' if (s, p, o) in added else 'removes from'} what the report published. "
                         "Change the statute facts instead; a different card is a new entry for "
                         "'statgraph validate'."),
                severity="violation", rule="statgraph:PublishedCard", shacl=False))
    return findings


REPORT_CARD = ox.NamedNode(SG + "ReportCard")
OF_REPORT_CARD = ox.NamedNode(SG + "reportCard")


def _report_card_parts(store: ox.Store, added: set) -> set:
    """The report cards, loaded or added, and their parts: nodes that name a card (sg:reportCard),
    IRIs below a card's IRI, and blank nodes and below-card IRIs hanging from a part."""
    cards = {q.subject for q in store.quads_for_pattern(None, ownership.RDF_TYPE, REPORT_CARD)}
    cards |= {s for s, p, o in added if p == ownership.RDF_TYPE and o == REPORT_CARD}
    parts = set(cards)
    parts |= {q.subject for card in cards for q in store.quads_for_pattern(None, OF_REPORT_CARD, card)}
    parts |= {s for s, p, o in added if p == OF_REPORT_CARD and o in cards}
    spaces = tuple(card.value + "/" for card in cards if isinstance(card, ox.NamedNode))

    def hangs(node) -> bool:
        return isinstance(node, ox.BlankNode) or (isinstance(node, ox.NamedNode) and node.value.startswith(spaces))

    frontier = list(parts)
    while frontier:  # what hangs from a part: its recommendations, highlights, blank-node rows
        node = frontier.pop()
        objects = [q.object for q in store.quads_for_pattern(node, None, None)]
        objects += [o for s, p, o in added if s == node]
        for value in objects:
            if hangs(value) and value not in parts:
                parts.add(value)
                frontier.append(value)
    return parts


def _validate(kg: EmbeddedGraph, state: str, own: set, amended: list[tuple], own_graphs: frozenset[str]):
    """Violations the amendment brings to the state's entry (refusing it) and the warnings it brings
    (not refusing it): the amended entry's findings less those of the entry as loaded."""
    validator = validation.Validator(kg)
    amended_source = loader.SourceFile(Path(f"amended {state} entry"), GRAPH_BASE + f"amended/{state.lower()}",
                                       "entry")

    def check(triples) -> list:
        store = ox.Store()
        store.bulk_extend(ox.Quad(s, p, o, ox.DefaultGraph()) for s, p, o in triples)
        return validator.check(amended_source, store, replaces=own_graphs).findings

    def key(finding) -> tuple:
        return finding.node, finding.path, finding.value, finding.message, finding.severity, finding.rule

    findings = [f for f in check(amended) if f.severity in ("violation", "warning")]
    if findings:
        had = {key(f) for f in check(own)}
        findings = [f for f in findings if key(f) not in had]
    return [f for f in findings if f.severity == "violation"], [f for f in findings if f.severity == "warning"]


def _state_copy(kg: EmbeddedGraph, entry: list[tuple], state: str) -> EmbeddedGraph:
    """The ontology, framework, reference data and the amended entry, with derived values."""
    store = ox.Store()
    foundation = [f for f in kg.files if f.role != "entry"]
    for source in foundation:
        store.bulk_extend(kg.store.quads_for_pattern(None, None, None, ox.NamedNode(source.graph)))
    graph = ox.NamedNode(GRAPH_BASE + f"amended/{state.lower()}")
    store.bulk_extend(ox.Quad(s, p, o, graph) for s, p, o in entry)
    derived = derive(store)
    files = {f: kg.files[f] for f in foundation}
    files[loader.SourceFile(Path(f"amended {state} entry"), graph.value, "entry")] = len(entry)
    return EmbeddedGraph(store, files, derived)


# --- comparing --------------------------------------------------------------------------------

def _compare(result: Amendment, before: EmbeddedGraph, after: EmbeddedGraph, world: EmbeddedGraph,
             year: int | None) -> None:
    """Coverage and criteria on the state's copies before and after; the score on the loaded graph,
    where the other report cards rank against the state's."""
    state = result.state
    result.coverage_before = coverage(before, state).records()
    result.coverage_after = coverage(after, state).records()
    result.coverage = _coverage_changes(result.coverage_before, result.coverage_after)
    old = {r.goal: r for r in criteria(before, state, year)}
    new = {r.goal: r for r in criteria(after, state, year)}
    for goal in sorted(old.keys() & new.keys(), key=natural_key):
        elements = _element_changes(old[goal], new[goal])
        change = CriterionChange(goal, new[goal].title, old[goal].published, old[goal], new[goal], elements)
        if elements or change.result_changes:
            result.criteria.append(change)
    result.year = next((r.year for r in old.values() if r.year is not None), year)
    for change in result.criteria_results_changing:
        to = change.after.possible if not change.after.decided else (change.after.criterion,)
        if change.published is not None and set(to) != {change.published}:
            result.moves.append(GoalMove(change.goal, change.title, change.published, tuple(to)))
    _score(result, world)


def _coverage_changes(before: list[dict], after: list[dict]) -> list[CoverageChange]:
    old = {(r["protection"], r["offense"]): r for r in before}
    new = {(r["protection"], r["offense"]): r for r in after}
    changes = []
    for key in old.keys() | new.keys():
        a, b = old.get(key), new.get(key)
        if a is not None and b is not None and (a["covered"], a["via"] or "") == (b["covered"], b["via"] or ""):
            continue
        row = b or a
        changes.append(CoverageChange(
            protection=key[0], protection_label=str(row["protection_label"] or ""), offense=key[1],
            offense_label=str(row["offense_label"] or ""), chapter=str(row["offense_chapter"]),
            before=a["covered"] if a else None, after=b["covered"] if b else None,
            via_before=str(a["via"] or "") if a else "", via_after=str(b["via"] or "") if b else "",
            present_before=a is not None, present_after=b is not None))
    return sorted(changes, key=lambda c: (natural_key(c.protection), natural_key(c.chapter), natural_key(c.offense)))


def _element_changes(before: CriterionResult, after: CriterionResult) -> tuple[ElementChange, ...]:
    old = {e.element: e for e in before.elements}
    new = {e.element: e for e in after.elements}
    changes = [ElementChange(name, (new.get(name) or old[name]).label, old.get(name), new.get(name))
               for name in old.keys() | new.keys() if old.get(name) != new.get(name)]
    return tuple(sorted(changes, key=lambda c: natural_key(c.element)))


def _score(result: Amendment, kg: EmbeddedGraph) -> None:
    """Total, grade, rank and tier before and after, by queries/what-if-status.rq on the loaded graph
    (the other report cards rank against it): the goals at their lowest possible statuses give the
    lower end of each range, at their highest the upper end."""
    if result.year is None:
        result.score_note = f"{result.state} has no report card loaded: no published total to move from"
        return
    params = {"state": result.state, "year": result.year}
    low = [f"{m.goal}={STATUS_OF_LEVEL[m.lowest]}" for m in result.moves]
    high = [f"{m.goal}={STATUS_OF_LEVEL[m.highest]}" for m in result.moves]
    low_rows = kg.run("what-if-status", {**params, **({"moves": low} if low else {})}).records()
    if not low_rows:
        result.score_note = f"{result.state} {result.year} has no published total to move from"
        return
    low_row = low_rows[0]
    high_row = low_row if high == low else kg.run("what-if-status", {**params, "moves": high}).records()[0]
    result.score = {
        "total_now": low_row["total_now"], "total_min": low_row["total_min"], "total_max": high_row["total_max"],
        "grade_now": low_row["grade_now"], "grade_min": low_row["grade_min"], "grade_max": high_row["grade_max"],
        "rank_now": low_row["rank_now"], "rank_best": high_row["rank_min"], "rank_worst": low_row["rank_max"],
        "tier_best": high_row["tier_min"], "tier_worst": low_row["tier_max"],
        "compared_with": low_row["compared_with"],
        "moves": sorted((set(str(low_row["moved"] or "").split("; ")) | set(str(high_row["moved"] or "").split("; ")))
                        - {""}, key=natural_key),
    }


def _statutes(before: EmbeddedGraph, after: EmbeddedGraph, triples: set) -> list[tuple[str, str]]:
    """The statutes a change touches: the provisions and chapters it names, and the provisions
    that establish or define the nodes it names."""
    nodes = sorted({t.value for s, _, o in triples for t in (s, o) if isinstance(t, ox.NamedNode)
                    and t.value.startswith(ID_BASE)})
    if not nodes:
        return []
    found = {}
    for kg in (before, after):
        for row in kg.run("amend/touched", nodes=nodes).records():
            found[str(row["citation"])] = str(row["title"] or "")
    return sorted(found.items(), key=lambda item: natural_key(item[0]))


# --- the amended entry, as a file: written by statgraph.authoring.turtle.document ---------------

def entry_header(result: Amendment) -> list[str]:
    """The comment lines that head the amended entry's file."""
    return [f"{result.name}'s entries ({', '.join(result.entry_files)}) merged, with an amendment applied",
            f"by 'statgraph amend' ({result.source}): {len(result.added)} triples added, {len(result.removed)} removed.",
            "A proposal, not a fact of the source; load it with --data in place of those files."]
