"""Check entries against the SHACL shapes and the ownership rule before they join the graph.

An entry is one Turtle file. It is checked in a small store of its own: the
ontology, the framework and the reference data, the entry, and from the loaded
world only what the entry touches (the statutes it names with their chapters,
code and jurisdiction; the rest of a report card it adds to; the report cards
of the same jurisdiction and year; the jurisdictions with the same code). So the
cost follows the entry, not the number of states loaded beside it; a large
world is opened from the compiled store (statgraph.kg.cache), not parsed again.

Every node of the entry is a focus node, named by an IRI or blank. The shapes
run on statgraph's SHACL engine (statgraph.analyses.shacl); the ownership rule
is statgraph.kg.ownership, the same function that guards loading.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

import pyoxigraph as ox

from statgraph import limits
from statgraph import resources
from statgraph.errors import EXIT_OK, EXIT_VIOLATIONS
from statgraph.analyses import shacl
from statgraph.kg import loader, ownership
from statgraph.kg.names import PREFIXES, SG, compact_iri
from statgraph.kg.base import natural_key
from statgraph.kg.store import DERIVED_GRAPH, EmbeddedGraph, load

SHAPES_NS = PREFIXES["sgsh"]
_ELI, _SKOS, _RDFS = PREFIXES["eli"], PREFIXES["skos"], PREFIXES["rdfs"]


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


TYPE = shacl.RDF_TYPE
ANCESTOR_PROPERTIES = (_n(_ELI + "is_part_of"), _n(_ELI + "jurisdiction"), _n(SG + "transferredTo"),
                       _n(SG + "jurisdiction"))
REPORT_CARD, JURISDICTION = _n(SG + "reportCard"), _n(SG + "jurisdiction")
CODE, YEAR = _n(SG + "code"), _n(SG + "year")
COMPARISONS = {"MinInclusive", "MaxInclusive", "MinExclusive", "MaxExclusive", "LessThanOrEquals", "Pattern"}
SEVERITIES = {shacl.SH + "Violation": "violation", shacl.SH + "Warning": "warning", shacl.SH + "Info": "info"}


@cache
def shapes() -> shacl.Shapes:
    store = ox.Store()
    for path in sorted((resources.ontology_dir() / "shapes").glob("*.ttl")):
        store.load(path=str(path), format=ox.RdfFormat.TURTLE)
    return shacl.Shapes(store)


@cache
def naming_properties() -> frozenset:
    """Properties whose objects the shapes check exist (read from the shapes, not repeated here)."""
    return frozenset(p for shape in shapes().roots for p in shape.targets.get("targetObjectsOf", []))


@cache
def expected_datatypes() -> dict:
    """For each property the shapes give a datatype: the datatypes they accept."""
    found: dict = {}

    def walk(shape, seen):
        if id(shape) in seen:
            return
        seen.add(id(shape))
        if shape.path is not None and "datatype" in shape.params:
            found.setdefault(shape.path, set()).add(shape.params["datatype"])
        for child in shape.properties + [m for k in ("or", "xone", "and") for m in shape.params.get(k, [])]:
            walk(child, seen)
    seen: set = set()
    for root in shapes().roots:
        walk(root, seen)
    return found


@cache
def _foundation() -> tuple[list[ox.Quad], ownership.Foundation]:
    by_role: dict[str, list] = {}
    quads = []
    for source in loader.foundation_files():
        store = ox.Store()
        loader.read_into_oxigraph(source, store)
        by_role.setdefault(source.role, []).extend(store)
        quads += [ox.Quad(q.subject, q.predicate, q.object, q.graph_name) for q in store]
    return quads, ownership.Foundation(by_role)


# --- results -------------------------------------------------------------------

@dataclass(frozen=True)
class Finding:
    node: str  # the node at fault, as a citation, goal number or compact IRI
    node_iri: str
    path: str  # the property involved, compact
    value: str  # the value as the entry writes it
    message: str
    severity: str  # "violation", "warning" or "info"
    rule: str  # the shape and constraint component that found it, or statgraph's own rule
    named_by: tuple[str, ...] = ()  # for a missing statute: the nodes that name it
    shacl: bool = True  # a SHACL validation result (False: statgraph's ownership rule or a note)


@dataclass
class EntryResult:
    entry: str
    findings: list[Finding] = field(default_factory=list)

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    @property
    def shacl_conforms(self) -> bool:
        """SHACL's sh:conforms: no validation result of any severity."""
        return not any(f.shacl for f in self.findings)


@dataclass
class ValidationReport:
    entries: list[EntryResult]

    def count(self, severity: str) -> int:
        return sum(e.count(severity) for e in self.entries)

    @property
    def shacl_conforms(self) -> bool:
        return all(e.shacl_conforms for e in self.entries)

    def exit_code(self, warnings_as_errors: bool = False) -> int:
        failing = self.count("violation") + (self.count("warning") if warnings_as_errors else 0)
        return EXIT_VIOLATIONS if failing else EXIT_OK


# --- the work ----------------------------------------------------------------------

class Validator:
    """Validates entries against the shapes, resolving references in a loaded world."""

    def __init__(self, world: EmbeddedGraph):
        self.world = world.store
        self.world_graphs = {f.graph for f in world.files}
        self.graph_of_path = {f.path: f.graph for f in world.files}
        self.foundation_quads, self.foundation = _foundation()
        self.known_jurisdictions = {q.subject for q in self.world.quads_for_pattern(
            None, TYPE, ownership.JURISDICTION_CLASS) if q.graph_name.value != DERIVED_GRAPH}

    def _world_quads(self, subject, skip: frozenset[str], predicate=None, obj=None):
        for quad in self.world.quads_for_pattern(subject, predicate, obj):
            graph = quad.graph_name.value if isinstance(quad.graph_name, ox.NamedNode) else ""
            if graph not in skip and graph != DERIVED_GRAPH and graph in self.world_graphs:
                yield quad

    def _context(self, entry: list[ox.Quad], skip: frozenset[str]) -> list[ox.Quad]:
        """What the entry touches in the world (see the module's docstring)."""
        subjects = {q.subject for q in entry}
        foundation = self.foundation.role_of
        pulled: set = set()
        quads: list[ox.Quad] = []

        def pull(node, follow: bool = True):
            if node in pulled or node in foundation or isinstance(node, ox.Literal):
                return
            pulled.add(node)
            for quad in self._world_quads(node, skip):
                quads.append(quad)
                if follow and quad.predicate in ANCESTOR_PROPERTIES:
                    pull(quad.object)

        for quad in entry:  # nodes named, with their ancestors; the entry's own nodes described elsewhere
            pull(quad.subject)
            if not isinstance(quad.object, ox.Literal) and quad.object not in subjects:
                pull(quad.object)
        cards = {q.object for q in entry + quads if q.predicate == REPORT_CARD}
        cards |= {q.subject for q in entry + quads if q.predicate == TYPE and q.object == _n(SG + "ReportCard")}
        for card in cards:  # the rest of each report card the entry adds to
            pull(card)
            for part in self._world_quads(None, skip, REPORT_CARD, card):
                pull(part.subject, follow=False)
        for quad in list(entry) + quads:  # report cards of the same jurisdiction; jurisdictions with the code
            if quad.predicate == JURISDICTION and quad.subject in cards:
                for other in self._world_quads(None, skip, JURISDICTION, quad.object):
                    pull(other.subject, follow=False)
            if quad.predicate == CODE:
                for other in self._world_quads(None, skip, CODE, quad.object):
                    pull(other.subject, follow=False)
        return quads

    def check(self, source: loader.SourceFile, parsed: ox.Store | None = None,
              replaces: frozenset[str] = frozenset()) -> EntryResult:
        """Findings for one entry; ``replaces`` names graphs of the world the entry stands in for
        (an amended state's entries), left out of its context like the world's copy of the entry."""
        if parsed is None:
            parsed = ox.Store()
            loader.read_into_oxigraph(source, parsed)
        entry_graph = ox.NamedNode(source.graph)
        entry = [ox.Quad(q.subject, q.predicate, q.object, entry_graph) for q in parsed]
        trespasses = ownership.trespasses(((q.subject, q.predicate, q.object) for q in entry),
                                          self.foundation, self.known_jurisdictions)
        refused = {(t.subject, t.predicate, t.object) for t in trespasses}
        kept = [q for q in entry if (q.subject, q.predicate, q.object) not in refused]
        same_file = frozenset({self.graph_of_path.get(source.path, source.graph)}) | replaces  # the world's copy
        context = self._context(kept, same_file)
        data = ox.Store()
        data.bulk_extend(self.foundation_quads)
        data.bulk_extend(kept)
        data.bulk_extend(ox.Quad(q.subject, q.predicate, q.object, _n("urn:statgraph:context")) for q in context)
        named = data
        if trespasses:  # name the trespassing nodes with what the entry says of them
            named = ox.Store()
            named.bulk_extend(data)
            named.bulk_extend(q for q in entry if (q.subject, q.predicate, q.object) in refused)
            linked = {t.object for t in trespasses if isinstance(t.object, ox.NamedNode)}  # another's card
            for subject in {t.subject for t in trespasses} | linked:
                for quad in self._world_quads(subject, same_file):
                    named.add(quad)
                    for card in self._world_quads(quad.object, same_file) if quad.predicate == JURISDICTION else ():
                        named.add(card)
        findings = [trespass_finding(named, t) for t in trespasses]
        findings += _shape_findings(data, kept, context)
        return EntryResult(source.display_name, sorted(findings, key=_order))


def _order(finding: Finding):
    rank = {"violation": 0, "warning": 1, "info": 2}.get(finding.severity, 3)
    return natural_key(finding.node), rank, finding.path, finding.message


def validate(entries: list[loader.SourceFile] | None = None,
             data: list[str] | None = None, criteria: bool = False) -> ValidationReport:
    """Validate entry files (default: the loaded entries) against the shapes and the ownership rule.

    ``data`` chooses the loaded world that references resolve against, as --data
    does elsewhere: the bundled jurisdictions when None. Given entries join it.
    With ``criteria``, a report card's published 'fully met' that the goal's
    criterion contradicts is a warning too.
    """
    world_files = loader.user_entry_files(data) if data else loader.bundled_entry_files()
    entries = entries if entries is not None else world_files
    parsed = []
    for source in entries:  # read every entry first: an unreadable one stops before any output
        limits.require_memory(source.size, limits.VALIDATE_FACTOR, f"validating {source.display_name}")
        store = ox.Store()
        loader.read_into_oxigraph(source, store)
        if len(store) == 0:
            from statgraph.errors import DataFileError
            raise DataFileError(source.display_name, "holds no triples", hint="an entry file holds Turtle statements")
        parsed.append((source, store))
    listed = {f.path for f in world_files}
    world = load(entries=world_files + [e for e in entries if e.path not in listed], refuse_trespass=False)
    validator = Validator(world)
    results = [validator.check(source, store) for source, store in parsed]
    if criteria:
        for result, (_, store) in zip(results, parsed):
            result.findings += criteria_warnings(store, world)
    return ValidationReport(results)


def criteria_warnings(entry: ox.Store, world: EmbeddedGraph) -> list[Finding]:
    """A warning for each published 'fully met' of the entry's report cards that the goal's
    criterion (queries/criteria/) finds not met in full."""
    from statgraph.analyses.criteria import contradictions

    def value(node, predicate):
        return next((q.object for q in entry.quads_for_pattern(node, ox.NamedNode(SG + predicate), None)), None)

    findings = []
    for quad in entry.quads_for_pattern(None, TYPE, ox.NamedNode(SG + "ReportCard")):
        card = quad.subject
        year, jurisdiction = value(card, "year"), value(card, "jurisdiction")
        codes = [q.object.value for q in world.store.quads_for_pattern(jurisdiction, ox.NamedNode(SG + "code"), None)] \
            if isinstance(jurisdiction, ox.NamedNode) else []
        if year is None or not codes or not year.value.isdigit():
            continue  # the shapes already report a card without a year or jurisdiction
        for result in contradictions(world, codes[0], int(year.value)):
            findings.append(Finding(
                node=f"{codes[0]} {year.value} goal {result.goal}", node_iri=_iri(card), path="sg:status",
                value="fully met",
                message=f"Published as fully met, but the goal's criterion finds it {result.criterion}: "
                        + "; ".join(result.evidence[:2]),
                severity="warning", rule=f"criteria · {result.query}", shacl=False))
    return findings


# --- turning the engine's results into findings people can act on ----------------------

def trespass_finding(data: ox.Store, trespass: ownership.Trespass) -> Finding:
    return Finding(
        node=describe(data, trespass.subject), node_iri=_iri(trespass.subject),
        path=_compact(trespass.predicate), value=_value_text(data, trespass.object),
        message=f"An entry may state facts about its own jurisdiction only: this triple is about "
                f"{trespass.reason}. Remove it (framework and reference data change in graph_data/, "
                f"not in an entry).",
        severity="violation", rule="statgraph:Ownership", shacl=False)


def _shape_findings(data: ox.Store, entry: list[ox.Quad], context: list[ox.Quad]) -> list[Finding]:
    entry_subjects = {q.subject for q in entry}
    entry_nodes = entry_subjects | {q.object for q in entry if not isinstance(q.object, ox.Literal)}
    described_elsewhere = {q.subject for q in context} | set(_foundation()[1].role_of)
    named = {(q.predicate, q.object) for q in entry}
    ill_typed = {(q.subject, q.predicate, q.object) for q in entry if shacl.ill_typed(q.object)}
    expected = expected_datatypes()
    unusable = ill_typed | {(q.subject, q.predicate, q.object) for q in entry if q.predicate in expected
                            and (not isinstance(q.object, ox.Literal) or q.object.datatype not in expected[q.predicate])}
    held_back: list[tuple] = []

    def related(subject, focus) -> bool:
        """Whether a value's node is the focus node or linked to it (a card's part, a history's area)."""
        return subject == focus or any(True for _ in data.quads_for_pattern(subject, None, focus)) \
            or any(True for _ in data.quads_for_pattern(focus, None, subject))

    def skip(constraint: shacl.SparqlConstraint, focus) -> bool:
        needed = [(s, p, o) for s, p, o in unusable if p.value in constraint.reads and related(s, focus)]
        if needed:
            held_back.append((constraint, focus, needed))
        return bool(needed)

    engine = shacl.Engine(shapes(), data)
    findings: list[Finding] = []
    reported_ill: set = set()
    results = engine.validate(keep=lambda node: node in entry_nodes, skip_sparql=skip)
    mistyped = {(r.focus, r.path, r.value) for r in results if r.component == "Datatype"}
    for result in results:
        focus = result.focus
        if result.component in COMPARISONS and (focus, result.path, result.value) in mistyped:
            continue  # the datatype finding says it; a range or pattern cannot be checked on such a value
        by_objects = any((p, focus) in named for p in result.shape.named_targets_objects_of())
        at_fault = result.component == "SPARQL" and result.value in entry_subjects
        if focus not in entry_subjects and focus in described_elsewhere and not by_objects and not at_fault:
            continue  # a node of another file, reported with its own entry
        node = focus
        if at_fault:
            node = result.value  # rules checked once per report card or code name the node at fault
        value = result.value
        if isinstance(value, ox.Literal) and (focus, result.path, value) in ill_typed:
            if (focus, result.path, value) in reported_ill:
                continue  # one finding per ill-typed value, whichever constraints tripped on it
            reported_ill.add((focus, result.path, value))
            findings.append(_ill_typed_finding(data, focus, result.path, value, _rule(result)))
            continue
        named_by = ()
        if focus not in entry_subjects:
            named_by = tuple(sorted({describe(data, q.subject) for q in entry if q.object == focus
                                     and q.predicate in naming_properties()}, key=natural_key))
        findings.append(Finding(
            node=describe(data, node), node_iri=_iri(node),
            path=_compact(result.path) if isinstance(result.path, ox.NamedNode) else "",
            value=_value_text(data, value) if value is not None and value != node else "",
            message=result.message, severity=SEVERITIES.get(result.severity, "violation"),
            rule=_rule(result), named_by=named_by))
    for triple in sorted(ill_typed - reported_ill, key=str):  # ill-typed where no shape looks
        findings.append(_ill_typed_finding(data, *triple, "statgraph:WellFormed"))
    noted = set()
    for constraint, focus, needed in held_back:
        shape = _rule_shape(constraint)
        if (shape, focus) in noted:
            continue  # one note per rule and node, however many of its queries were held back
        noted.add((shape, focus))
        values = "; ".join(f"{describe(data, s)} {_compact(p)} {_value_text(data, o)}"
                           for s, p, o in sorted(needed, key=str))
        properties = sorted({_compact(p) for _, p, _ in needed})
        findings.append(Finding(
            node=describe(data, focus), node_iri=_iri(focus), path="", value="",
            message=f"Not checked: this rule needs {', '.join(properties)}, and {values} "
                    f"is not a value of the right type (see its own finding).",
            severity="info", rule=f"{_compact(shape)} · SPARQL (could not run)", shacl=False))
    return list(dict.fromkeys(findings))  # two blank duplicates are both at fault, and read the same


def _rule_shape(constraint: shacl.SparqlConstraint):
    owner = next((s for s in shapes().roots if constraint in s.sparql), None)
    return owner.node if owner is not None else constraint.node


def _rule(result: shacl.Result) -> str:
    shape = result.shape.named
    name = _compact(shape) if isinstance(shape, ox.NamedNode) else ""
    return " · ".join(filter(None, [name, result.component]))


def _ill_typed_finding(data, subject, predicate, value, rule) -> Finding:
    kind = _compact(value.datatype)
    return Finding(
        node=describe(data, subject), node_iri=_iri(subject), path=_compact(predicate),
        value=f"{value.value} ({kind})",
        message=f"\"{value.value}\" is not a well-formed {kind}: write it as that type's plain text "
                f"(a decimal like 9.5, a whole number like 9, a date like 2023-07-01).",
        severity="violation", rule=rule.split(" · ")[0] + " · Datatype" if " · " in rule else rule)


def _iri(node) -> str:
    return node.value if isinstance(node, ox.NamedNode) else ""


def _compact(node) -> str:
    return compact_iri(node.value) if node is not None else ""


def _value_text(data: ox.Store, value) -> str:
    if isinstance(value, ox.Literal):
        if value.language:
            return f'"{value.value}"@{value.language}'  # as written: "F"@en is not the grade "F"
        if value.datatype.value == PREFIXES["xsd"] + "string":
            return value.value
        return f"{value.value} ({_compact(value.datatype)})"
    return describe(data, value)


def describe(data: ox.Store, node) -> str:
    """A node as people name it: 566.211(1), MO 2023 goal 2.5, recommendation 2.6.1."""
    if isinstance(node, ox.Literal):
        return node.value

    def value(of, predicate: str):
        if of is None or isinstance(of, ox.Literal):
            return None
        return next((q.object for q in data.quads_for_pattern(of, _n(predicate), None)), None)

    def values(of, predicate: str) -> list:
        return [q.object for q in data.quads_for_pattern(of, _n(predicate), None)] if of is not None else []

    types = {t.value for t in values(node, PREFIXES["rdf"] + "type")}
    citation = value(node, SG + "citation")
    if citation is not None:
        return citation.value

    def card_name(card) -> str:
        codes = {c.value for j in values(card, SG + "jurisdiction") for c in values(j, SG + "code")}
        years = {y.value for y in values(card, SG + "year")}
        return f"{'/'.join(sorted(codes)) or '?'} {'/'.join(sorted(years)) or '?'}"

    def notation(of) -> str:
        found = value(of, _SKOS + "notation")
        return found.value if found is not None else _compact(of) if of is not None else "?"

    card = value(node, SG + "reportCard")
    kinds = [
        ("ReportCard", lambda: f"{card_name(node)} report card"),
        ("Assessment", lambda: f"{card_name(card)} goal {notation(value(node, SG + 'goal'))}"),
        ("IssueAreaResult", lambda: f"{card_name(card)} issue {notation(value(node, SG + 'issueArea'))}"),
        ("SafeHarborRow", lambda: f"{card_name(card)} Safe Harbor row {notation(value(node, SG + 'goal'))}"),
        ("ExtraCreditAward",
         lambda: f"{card_name(card)} extra credit {notation(value(node, SG + 'extraCreditCategory'))}"),
        ("Recommendation", lambda: f"recommendation {notation(node)}"),
        ("PolicyGoal", lambda: f"goal {notation(node)}"),
        ("IssueArea", lambda: f"issue area {notation(node)}"),
        ("Jurisdiction", lambda: f"jurisdiction {(value(node, SG + 'code') or node).value}"),
    ]
    parts = ("Assessment", "IssueAreaResult", "SafeHarborRow", "ExtraCreditAward")
    for kind, name in kinds:
        if SG + kind in types and not (kind in parts and card is None and isinstance(node, ox.BlankNode)):
            return name()
    if SG + "CrossReference" in types:
        cited = value(node, SG + "citedResource")
        return (f"reference {describe(data, value(node, SG + 'citingProvision'))}"
                f" → {describe(data, cited) if cited is not None else '?'}")
    if SG + "DefinedTerm" in types:
        term = value(node, SG + "term")
        return f"term \"{term.value if term is not None else '?'}\""
    if SG + "Offense" in types or SG + "Protection" in types:
        kind = "offense" if SG + "Offense" in types else "protection"
        basis = value(node, SG + "definedBy") or value(node, SG + "establishedBy")
        return f"{kind} {describe(data, basis) if basis is not None else _compact(node)}"
    label = value(node, _RDFS + "label")
    if label is not None:
        return label.value
    if isinstance(node, ox.BlankNode):
        return f"[{', '.join(sorted(compact_iri(t) for t in types)) or 'node'} without an IRI]"
    return _compact(node)
