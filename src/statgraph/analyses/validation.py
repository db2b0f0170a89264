"""Check entries against the SHACL shapes before they join the graph.

An entry is one Turtle file. It is validated together with the ontology, the
framework and the reference data, plus only those nodes of other loaded files
that it names (statutes with their chapters, code and jurisdiction), so the
cost follows the size of the entry, not of everything loaded beside it.
SHACL-SPARQL constraints run on Oxigraph (see :mod:`statgraph.kg.oxigraph`).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from functools import cache

import pyoxigraph as ox
import pyshacl
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH, SKOS

from statgraph.kg import loader

from statgraph import resources
from statgraph.errors import EXIT_OK, EXIT_VIOLATIONS
from statgraph.publish.output import cell_text, compact_iri
from statgraph.kg.oxigraph import OxigraphQueryGraph, from_ox, to_ox
from statgraph.kg.store import natural_key
from statgraph.kg.vocab import ELI, SG

SHAPES = URIRef("https://w3id.org/statgraph/shapes#")
ANCESTOR_PROPERTIES = (ELI.is_part_of, ELI.jurisdiction, SG.transferredTo)


@cache
def shapes_graph() -> Graph:
    graph = Graph()
    for path in sorted((resources.ontology_dir() / "shapes").glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


@cache
def naming_properties() -> frozenset[URIRef]:
    """Properties whose objects the shapes check exist (read from the shapes, not repeated here)."""
    return frozenset(o for o in shapes_graph().objects(None, SH.targetObjectsOf) if isinstance(o, URIRef))


# --- results -------------------------------------------------------------------

@dataclass(frozen=True)
class Finding:
    node: str  # the node at fault, as a citation, goal number or compact IRI
    node_iri: str
    path: str  # the property involved, compact
    value: str
    message: str
    severity: str  # "violation", "warning" or "info"
    rule: str  # the shape and constraint component that found it
    named_by: tuple[str, ...] = ()  # for a missing statute: the nodes that name it


@dataclass
class EntryResult:
    entry: str
    findings: list[Finding] = field(default_factory=list)

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)


@dataclass
class ValidationReport:
    entries: list[EntryResult]

    def count(self, severity: str) -> int:
        return sum(e.count(severity) for e in self.entries)

    def exit_code(self, warnings_as_errors: bool = False) -> int:
        failing = self.count("violation") + (self.count("warning") if warnings_as_errors else 0)
        return EXIT_VIOLATIONS if failing else EXIT_OK


# --- the work ----------------------------------------------------------------------

def _foundation() -> Graph:
    graph = Graph()
    for source in loader.foundation_files():
        loader.read_turtle(source, graph)
    return graph


def _context(entry: Graph, known: Graph, world: ox.Store) -> list[tuple]:
    """Triples from the world about the nodes the entry names but does not describe,
    with their ancestors (chapter, code, jurisdiction) and transfer targets."""
    described = set(entry.subjects()) | set(known.subjects())
    wanted = [o for o in set(entry.objects()) if isinstance(o, URIRef) and o not in described]
    seen: set[URIRef] = set()
    triples = []
    while wanted:
        node = wanted.pop()
        if node in seen:
            continue
        seen.add(node)
        for quad in world.quads_for_pattern(to_ox(node), None, None):
            triple = (from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object))
            triples.append(triple)
            if triple[1] in ANCESTOR_PROPERTIES and triple[2] not in described:
                wanted.append(triple[2])
    return triples


class Validator:
    """Validates entries against the shapes, resolving references in a loaded world.

    The world (the loaded entries) is kept in an Oxigraph store; checking an entry
    reads from it only the nodes the entry names, so an entry's cost does not grow
    with the number of states loaded beside it.
    """

    def __init__(self, world_files: list[loader.SourceFile]):
        self.world = ox.Store()
        for source in world_files:
            loader.read_into_oxigraph(source, self.world)
        self.foundation = _foundation()
        self._foundation_quads = [ox.Quad(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in self.foundation]

    def check(self, source: loader.SourceFile, entry: Graph | None = None) -> EntryResult:
        if entry is None:
            entry = Graph()
            loader.read_turtle(source, entry)
        context = _context(entry, self.foundation, self.world)
        data = OxigraphQueryGraph()
        data += self.foundation
        data += entry
        for triple in context:
            data.add(triple)
        data.freeze(known=self._foundation_quads, added=list(entry) + context)
        focus = [s for s in set(entry.subjects()) if isinstance(s, URIRef)]  # pySHACL takes IRIs only
        focus += list({o for p in naming_properties() for o in entry.objects(None, p)})
        _, results, _ = pyshacl.validate(data, shacl_graph=shapes_graph(), inference="none",
                                         allow_warnings=True, allow_infos=True, focus_nodes=focus)
        return EntryResult(source.display_name, _findings(results, entry, data))


def validate(entries: list[loader.SourceFile] | None = None,
             data: list[str] | None = None, criteria: bool = False) -> ValidationReport:
    """Validate entry files (default: the loaded entries) against the shapes.

    ``data`` chooses the loaded world that references resolve against, as --data
    does elsewhere: the bundled jurisdictions when None. Given entries join it.
    With ``criteria``, a report card's published 'fully met' that the goal's
    criterion contradicts is a warning too.
    """
    world_files = loader.user_entry_files(data) if data else loader.bundled_entry_files()
    entries = entries if entries is not None else world_files
    parsed = []
    for source in entries:  # read every entry first: an unreadable one stops before any output
        graph = Graph()
        loader.read_turtle(source, graph)
        parsed.append((source, graph))
    world = list({f.path: f for f in world_files + entries}.values())
    validator = Validator(world)
    results = [validator.check(source, graph) for source, graph in parsed]
    if criteria:
        from statgraph.kg.store import load
        kg = load([f.path for f in world])
        for result, (_, graph) in zip(results, parsed):
            result.findings += criteria_warnings(graph, validator.world, kg)
    return ValidationReport(results)


def criteria_warnings(entry: Graph, world: ox.Store, kg) -> list[Finding]:
    """A warning for each published 'fully met' of the entry's report cards that the goal's
    criterion (queries/criteria/) finds not met in full."""
    from statgraph.analyses.criteria import contradictions
    findings = []
    for card in entry.subjects(RDF.type, SG.ReportCard):
        year, jurisdiction = entry.value(card, SG.year), entry.value(card, SG.jurisdiction)
        codes = [q.object.value for q in world.quads_for_pattern(to_ox(jurisdiction), to_ox(SG.code), None)] \
            if isinstance(jurisdiction, URIRef) else []
        if year is None or not codes:
            continue  # the shapes already report a card without a year or jurisdiction
        for result in contradictions(kg, codes[0], int(year.toPython())):
            findings.append(Finding(
                node=f"{codes[0]} {year} goal {result.goal}", node_iri=str(card), path="sg:status",
                value="fully met",
                message=f"Published as fully met, but the goal's criterion finds it {result.criterion}: "
                        + "; ".join(result.evidence[:2]),
                severity="warning", rule=f"criteria · {result.query}"))
    return findings


# --- turning pySHACL's report into findings people can act on ----------------------

SEVERITIES = {SH.Violation: "violation", SH.Warning: "warning", SH.Info: "info"}


def _findings(results: Graph, entry: Graph, data: Graph) -> list[Finding]:
    in_entry = set(entry.subjects())
    named_in_entry = {o for p in naming_properties() for o in entry.objects(None, p)}
    findings = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        if focus not in in_entry and focus not in named_in_entry:
            continue  # a node of another file, reported with its own entry
        value = results.value(result, SH.value)
        component = results.value(result, SH.sourceConstraintComponent)
        node = focus
        if component == SH.SPARQLConstraintComponent and value in in_entry:
            node = value  # rules checked once per report card or code name the entry's node at fault
        path = results.value(result, SH.resultPath)
        shape = _named_shape(results.value(result, SH.sourceShape))
        named_by = ()
        if focus not in in_entry:
            named_by = tuple(sorted({describe(data, s) for p in naming_properties()
                                     for s in entry.subjects(p, focus)}, key=natural_key))
        findings.append(Finding(
            node=describe(data, node),
            node_iri=str(node) if isinstance(node, URIRef) else "",
            path=compact_iri(str(path)) if isinstance(path, URIRef) else "",
            value=_value_text(data, value) if value is not None and value != node else "",
            message=str(results.value(result, SH.resultMessage) or ""),
            severity=SEVERITIES.get(results.value(result, SH.resultSeverity), "violation"),
            rule=" · ".join(filter(None, [
                compact_iri(str(shape)) if isinstance(shape, URIRef) else "",
                compact_iri(str(component)).replace("sh:", "").replace("ConstraintComponent", "")])),
            named_by=named_by,
        ))
    findings.sort(key=lambda f: (natural_key(f.node), f.severity != "violation", f.message))
    return findings


def _named_shape(shape):
    """The named node shape a (possibly anonymous) property shape belongs to."""
    if isinstance(shape, BNode):
        return shapes_graph().value(None, SH.property, shape) or shape
    return shape


def _value_text(graph: Graph, value) -> str:
    if isinstance(value, Literal):
        return cell_text(value.toPython()) if value.datatype is None else f"{value} ({compact_iri(str(value.datatype))})"
    return describe(graph, value)


def describe(graph: Graph, node) -> str:
    """A node as people name it: 566.211(1), MO 2023 goal 2.5, recommendation 2.6.1."""
    if isinstance(node, Literal):
        return str(node)
    types = set(graph.objects(node, RDF.type))
    citation = graph.value(node, SG.citation)
    if citation is not None:
        return str(citation)

    def card_name(card) -> str:
        codes = {str(c) for j in graph.objects(card, SG.jurisdiction) for c in graph.objects(j, SG.code)}
        years = {str(y) for y in graph.objects(card, SG.year)}
        return f"{'/'.join(sorted(codes)) or '?'} {'/'.join(sorted(years)) or '?'}"

    def notation(of) -> str:
        return str(graph.value(of, SKOS.notation) or "?")

    card = graph.value(node, SG.reportCard)
    if SG.ReportCard in types:
        return f"{card_name(node)} report card"
    if SG.Assessment in types:
        return f"{card_name(card)} goal {notation(graph.value(node, SG.goal))}"
    if SG.IssueAreaResult in types:
        return f"{card_name(card)} issue {notation(graph.value(node, SG.issueArea))}"
    if SG.SafeHarborRow in types:
        return f"{card_name(card)} Safe Harbor row {notation(graph.value(node, SG.goal))}"
    if SG.ExtraCreditAward in types:
        return f"{card_name(card)} extra credit {notation(graph.value(node, SG.extraCreditCategory))}"
    if SG.Recommendation in types:
        return f"recommendation {notation(node)}"
    if SG.PolicyGoal in types:
        return f"goal {notation(node)}"
    if SG.IssueArea in types:
        return f"issue area {notation(node)}"
    if SG.Jurisdiction in types:
        return f"jurisdiction {graph.value(node, SG.code) or compact_iri(str(node))}"
    if SG.CrossReference in types:
        cited = graph.value(node, SG.citedResource)
        return (f"reference {describe(graph, graph.value(node, SG.citingProvision))}"
                f" → {describe(graph, cited) if cited is not None else '?'}")
    if SG.DefinedTerm in types:
        return f"term \"{graph.value(node, SG.term)}\""
    if SG.Offense in types or SG.Protection in types:
        kind = "offense" if SG.Offense in types else "protection"
        basis = graph.value(node, SG.definedBy) or graph.value(node, SG.establishedBy)
        return f"{kind} {describe(graph, basis) if basis is not None else compact_iri(str(node))}"
    label = graph.value(node, RDFS.label)
    if label is not None:
        return str(label)
    if isinstance(node, BNode):
        kinds = ", ".join(compact_iri(str(t)) for t in types) or "node"
        return f"[{kinds} without an IRI]"
    return compact_iri(str(node))


# --- rendering -------------------------------------------------------------------------

def render_text(report: ValidationReport) -> str:
    lines = []
    for entry in report.entries:
        violations, warnings = entry.count("violation"), entry.count("warning")
        status = "conforms" if not violations else f"{violations} violation{'s' * (violations != 1)}"
        if warnings:
            status += f", {warnings} warning{'s' * (warnings != 1)}"
        lines.append(f"{entry.entry}: {status}")
        current = None
        for finding in entry.findings:
            if finding.node != current:
                current = finding.node
                lines.append(f"  {finding.node}")
            detail = finding.message
            if finding.value:
                detail += f" [value: {finding.value}]"
            if finding.named_by:
                detail += f" [named by: {', '.join(finding.named_by)}]"
            lines.append(f"    {finding.severity:<9} {finding.path or '-':<20} {detail}")
            lines.append(f"    {'':<9} {'':<20} rule: {finding.rule}")
    total_v, total_w = report.count("violation"), report.count("warning")
    verdict = "conforms" if not total_v else "does not conform"
    lines += ["", f"{len(report.entries)} entr{'y' if len(report.entries) == 1 else 'ies'} · "
                  f"{total_v} violation{'s' * (total_v != 1)} · {total_w} warning{'s' * (total_w != 1)}"
                  f" · {verdict}"]
    return "\n".join(lines) + "\n"


def render_json(report: ValidationReport) -> str:
    return json.dumps({
        "conforms": report.count("violation") == 0,
        "violations": report.count("violation"),
        "warnings": report.count("warning"),
        "entries": [{"entry": e.entry, "conforms": e.count("violation") == 0,
                     "findings": [{**asdict(f), "named_by": list(f.named_by)} for f in e.findings]}
                    for e in report.entries],
    }, indent=2, ensure_ascii=False) + "\n"
