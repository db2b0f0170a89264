"""Ownership: an entry may state facts about its own jurisdiction only.

The rule, applied the same way by ``statgraph validate`` (a violation per
triple) and by every command that loads entries with ``--data`` (the load is
refused), and meant for any feature that writes entries:

* An entry speaks for one jurisdiction: of the jurisdictions it declares or
  names (``sg:jurisdiction``, ``eli:jurisdiction``) or that are loaded beside
  it, the one in whose IRI space most of its subjects lie. That space is the
  jurisdiction's IRI and everything below it (``id/us-mo``, ``id/us-mo/…``).
  A jurisdiction IRI must lie under ``id/`` in a first segment the framework and
  reference data do not use (so ``id/framework/…`` or ``id/us/…`` can never be
  claimed).
* Each triple's subject must be a node of that space, a blank node of the entry
  that belongs to it (below), or a source document the entry declares
  (``a sg:SourceDocument``) that the reference data does not already describe.
* No triple may link to a node of another jurisdiction's space (``<us-mo/…>
  sg:reportCard <us-ks/2023>`` puts a row on Kansas's card).
* A blank node has no IRI to place it, so it belongs to the entry's
  jurisdiction only if nothing ties it to another: no IRI it links to, no IRI
  subject linking to it, and none of the blank nodes linked with it (through
  blank-to-blank triples) are in another jurisdiction's space. Otherwise every
  triple of it is a trespass on that jurisdiction. In choosing the entry's
  jurisdiction, a blank subject counts for the jurisdictions its links reach.
* Whatever the subject, an entry may not use the framework's own properties
  (maxima, bands, tiers, scheme membership), the derived properties statgraph
  computes, or schema terms (RDFS, OWL, SHACL), and may not type a node as a
  framework or schema class (a policy goal, an issue area, a class).

Everything else (a triple about the framework, the ontology, the reference
data or another jurisdiction) is a trespass, reported with the triple, unless
the framework or reference data state that very triple already (a draft that
restates a federal citation word for word changes nothing).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import pyoxigraph as ox

from statgraph.errors import DataFileError
from statgraph.kg import iris
from statgraph.kg.names import ID_BASE, PREFIXES, SG

_RDF, _RDFS, _SKOS = PREFIXES["rdf"], PREFIXES["rdfs"], PREFIXES["skos"]
RDF_TYPE = ox.NamedNode(_RDF + "type")
JURISDICTION_CLASS = ox.NamedNode(SG + "Jurisdiction")
SOURCE_DOCUMENT = ox.NamedNode(SG + "SourceDocument")
DERIVED_PROPERTY = ox.NamedNode(SG + "DerivedProperty")
NAMES_JURISDICTION = (ox.NamedNode(SG + "jurisdiction"), ox.NamedNode(PREFIXES["eli"] + "jurisdiction"))

# Properties only a framework states: its maxima, bands, tiers and who belongs to it.
FRAMEWORK_PROPERTIES = frozenset(
    [SG + name for name in ("maxPoints", "maxExtraCredit", "minPercent", "maxPercent", "letter",
                            "tierNumber", "tierSize", "inFramework")]
    + [_SKOS + name for name in ("inScheme", "topConceptOf", "hasTopConcept", "member", "memberList")])
# Classes whose instances make up a framework or a schema.
FRAMEWORK_CLASSES = frozenset(
    [SG + name for name in ("Framework", "IssueArea", "PolicyGoal", "ExtraCreditCategory", "GradeBand",
                            "Tier", "AssessmentStatus", "OffenseCategory", "ReferenceKind",
                            "DerivedProperty")]
    + [_SKOS + name for name in ("ConceptScheme", "Concept", "Collection", "OrderedCollection")]
    + [_RDFS + "Class", _RDF + "Property", _RDFS + "Datatype"])
SCHEMA_NAMESPACES = (PREFIXES["owl"], PREFIXES["sh"], PREFIXES["sgsh"])
RDFS_ALLOWED = frozenset(_RDFS + name for name in ("label", "comment", "seeAlso"))


@dataclass(frozen=True)
class Trespass:
    """A triple of an entry about something the entry does not own."""

    subject: object
    predicate: ox.NamedNode
    object: object
    reason: str  # what it would change, e.g. "the framework", "another jurisdiction (id:us-ks)"

    def triple_text(self) -> str:
        return f"{_short(self.subject)} {_short(self.predicate)} {_short(self.object)}"


@dataclass(frozen=True)
class Recorded:
    """A trespass as recorded in a compiled store's metadata (its text only)."""

    triple: str
    reason: str

    def triple_text(self) -> str:
        return self.triple


class Foundation:
    """What no entry may change: the nodes the ontology, framework and reference data describe."""

    def __init__(self, quads_by_role: dict[str, Iterable]):
        self.role_of: dict[object, str] = {}
        self.triples: set = set()  # what the foundation states: restating it changes nothing
        self.derived: set[str] = set()
        segments = set()
        for role, quads in quads_by_role.items():
            for quad in quads:
                self.role_of.setdefault(quad.subject, role)
                self.triples.add((quad.subject, quad.predicate, quad.object))
                if quad.predicate == RDF_TYPE and quad.object == DERIVED_PROPERTY:
                    self.derived.add(quad.subject.value)
                if isinstance(quad.subject, ox.NamedNode) and (space := iris.space(quad.subject.value)):
                    segments.add(space)
        self.reserved_segments = frozenset(segments)  # e.g. framework, source, us

    def can_be_jurisdiction(self, node) -> bool:
        if not isinstance(node, ox.NamedNode) or not node.value.startswith(ID_BASE):
            return False
        rest = iris.relative(node.value)
        return (bool(rest) and not any(c in rest for c in "#?") and not rest.endswith("/")
                and iris.space(node.value) not in self.reserved_segments and node not in self.role_of)


def _in_space(node, jurisdiction: str) -> bool:
    return isinstance(node, ox.NamedNode) and (node.value == jurisdiction or node.value.startswith(jurisdiction + "/"))


def owner(triples: list[tuple], foundation: Foundation, known: Iterable = ()) -> ox.NamedNode | None:
    """The jurisdiction an entry speaks for (see the module's rule), or None."""
    candidates = set(known)
    for s, p, o in triples:
        if (p == RDF_TYPE and o == JURISDICTION_CLASS) or p in NAMES_JURISDICTION:
            candidates.add(s if p == RDF_TYPE else o)
    by_iri = {c.value: c for c in candidates if foundation.can_be_jurisdiction(c)}
    subjects = {s.value for s, _, _ in triples if isinstance(s, ox.NamedNode)}
    subjects |= {o.value for s, _, o in triples if isinstance(s, ox.BlankNode) and isinstance(o, ox.NamedNode)}
    counts = Counter()
    for subject in subjects:  # the candidates whose space holds it: itself, and its prefixes ending before a '/'
        if subject in by_iri:
            counts[by_iri[subject]] += 1
        cut = subject.find("/")
        while cut != -1:
            if subject[:cut] in by_iri:
                counts[by_iri[subject[:cut]]] += 1
            cut = subject.find("/", cut + 1)
    best = sorted((c for c in counts if counts[c]), key=lambda c: (-counts[c], c.value))
    return best[0] if best else None


def trespasses(triples: Iterable[tuple], foundation: Foundation, known: Iterable = (),
               speaker: ox.NamedNode | None = None, restating: bool = True,
               restated: list | None = None) -> list[Trespass]:
    """Every triple (Oxigraph terms) of one entry that the entry does not own.

    ``speaker`` fixes the jurisdiction the triples speak for (an amendment's changes
    speak for the amended state, however few they are); otherwise it is found by
    :func:`owner`. With ``restating`` False, a triple the framework or reference data
    state is a trespass too (removing one changes them). ``restated``, when given,
    collects the triples the framework or reference data already state."""
    triples = list(triples)
    known = [k for k in known if foundation.can_be_jurisdiction(k)]
    own = speaker if speaker is not None else owner(triples, foundation, known)
    own_iri = own.value if own is not None else None
    declared_sources = {s for s, p, o in triples if p == RDF_TYPE and o == SOURCE_DOCUMENT}
    others = [k for k in known if k != own] + [s for s, p, o in triples
                                               if p == RDF_TYPE and o == JURISDICTION_CLASS and s != own]
    other_of = _SpaceIndex(others, own_iri)
    blank_reason, tying = _foreign_blank_nodes(triples, other_of)
    subject_reason: dict = {}

    def about(subject) -> str | None:
        if subject in subject_reason:
            return subject_reason[subject]
        reason = None
        if isinstance(subject, ox.BlankNode):
            reason = blank_reason.get(subject)
        elif own_iri and _in_space(subject, own_iri):
            reason = None
        elif subject in foundation.role_of:
            reason = {"ontology": "the ontology", "framework": "the framework",
                      "reference": "the reference data"}.get(foundation.role_of[subject], "the foundation")
        elif subject in declared_sources and other_of(subject) is None:
            reason = None
        elif (other := other_of(subject)) is not None:
            reason = f"another jurisdiction ({_short(other)})"
        elif isinstance(subject, ox.NamedNode) and any(subject.value.startswith(ns) for ns in
                                                        (SG,) + SCHEMA_NAMESPACES + (PREFIXES["eli"], _SKOS, _RDFS, _RDF)):
            reason = "the ontology"
        else:
            reason = ("a node outside the entry's jurisdiction" if own_iri else
                      "a node of no jurisdiction: the entry declares none of its own")
        subject_reason[subject] = reason
        return reason

    found = []
    for s, p, o in triples:
        if restating and (s, p, o) in foundation.triples:
            if restated is not None:
                restated.append((s, p, o))
            continue  # a restatement of the framework or reference data, word for word, changes nothing
        reason = about(s)
        if reason is None and (other := other_of(o)) is not None:
            reason = f"another jurisdiction ({_short(other)}): it links to {_short(o)}"
        if reason is None:
            reason = _property_reason(p, o, foundation)
        if reason is not None:
            found.append(Trespass(s, p, o, reason))
    found.sort(key=lambda t: (t.subject, t.predicate, t.object) not in tying)  # the link that decides first
    return found


class _SpaceIndex:
    """The jurisdiction (of the given ones) whose IRI space holds a node, by its '/' prefixes:
    the cost follows the IRI's length, not the number of jurisdictions loaded. A node of the
    entry's own space is never another's (a jurisdiction may lie inside another's space)."""

    def __init__(self, jurisdictions: Iterable, own: str | None):
        self.by_iri = {j.value: j for j in jurisdictions}
        self.own = own
        self.found: dict = {}

    def __call__(self, node) -> ox.NamedNode | None:
        if not isinstance(node, ox.NamedNode) or not self.by_iri or (self.own and _in_space(node, self.own)):
            return None
        if node not in self.found:
            iri, hit = node.value, self.by_iri.get(node.value)
            cut = iri.find("/")
            while hit is None and cut != -1:
                hit = self.by_iri.get(iri[:cut])
                cut = iri.find("/", cut + 1)
            self.found[node] = hit
        return self.found[node]


def _foreign_blank_nodes(triples: list[tuple], other_of: _SpaceIndex) -> tuple[dict, set]:
    """For each blank node tied to another jurisdiction (see the module's rule): why; and the
    triples that tie them."""
    ties: dict = {}
    tying = set()
    links = []
    for s, p, o in triples:
        if isinstance(s, ox.BlankNode) and isinstance(o, ox.BlankNode):
            links.append((s, o))
        elif isinstance(s, ox.BlankNode) and (other := other_of(o)) is not None:
            ties.setdefault(s, (other, o))
            tying.add((s, p, o))
        elif isinstance(o, ox.BlankNode) and (other := other_of(s)) is not None:
            ties.setdefault(o, (other, s))
            tying.add((s, p, o))
    if not ties:
        return {}, tying  # the usual case: nothing ties a blank node elsewhere
    parent: dict = {}

    def root(node):
        while (up := parent.get(node, node)) != node:
            parent[node] = parent.get(up, up)  # path halving: long blank lists stay linear
            node = up
        return node

    for s, o in links:
        parent[root(s)] = root(o)  # linked blank nodes stand or fall together
    reason_of_root = {}
    for blank, (other, linked) in ties.items():
        reason_of_root.setdefault(root(blank), f"another jurisdiction ({_short(other)}): the blank node "
                                               f"is linked to {_short(linked)}")
    blanks = {t for s, _, o in triples for t in (s, o) if isinstance(t, ox.BlankNode)}
    return {b: reason_of_root[root(b)] for b in blanks if root(b) in reason_of_root}, tying


def _property_reason(predicate, value, foundation: Foundation) -> str | None:
    iri = predicate.value
    if iri in FRAMEWORK_PROPERTIES:
        return f"the framework (only a framework states {_short(predicate)})"
    if iri in foundation.derived:
        return f"statgraph's derived values ({_short(predicate)} is computed, never stated)"
    if iri.startswith(SCHEMA_NAMESPACES) or (iri.startswith(_RDFS) and iri not in RDFS_ALLOWED):
        return f"the ontology ({_short(predicate)} is a schema term)"
    if predicate == RDF_TYPE and (value.value in FRAMEWORK_CLASSES or value.value.startswith(SCHEMA_NAMESPACES)):
        return f"the framework or ontology (an entry cannot add a {_short(value)})"
    return None


def _short(term) -> str:
    if isinstance(term, ox.BlankNode):
        return "[]"
    if isinstance(term, ox.Literal):
        return f'"{term.value}"'
    for name, namespace in PREFIXES.items():
        if term.value.startswith(namespace) and term.value != namespace:
            return f"{name}:{term.value[len(namespace):]}"
    return f"<{term.value}>"


# --- the load path --------------------------------------------------------------------

@cache
def bundled_foundation() -> Foundation:
    """The foundation of the bundled ontology, framework and reference files."""
    from statgraph.kg import loader
    by_role: dict[str, list] = {}
    for source in loader.foundation_files():
        store = ox.Store()
        loader.read_into_oxigraph(source, store)
        by_role.setdefault(source.role, []).extend(store)
    return Foundation(by_role)


def trespasses_in_store(store: ox.Store, entry_graphs: list[str], foundation: Foundation | None = None,
                        owners: dict | None = None, restated: dict | None = None
                        ) -> dict[str, list[Trespass]]:
    """Trespasses of each entry graph of a loaded store (jurisdictions of all entries known).

    ``owners`` and ``restated``, when given, receive each graph's jurisdiction and the
    foundation triples it restates (statgraph.kg.restatements uses both)."""
    foundation = foundation or bundled_foundation()
    known = {q.subject for q in store.quads_for_pattern(None, RDF_TYPE, JURISDICTION_CLASS)
             if q.graph_name.value in entry_graphs}
    found = {}
    for graph in entry_graphs:
        triples = [(q.subject, q.predicate, q.object)
                   for q in store.quads_for_pattern(None, None, None, ox.NamedNode(graph))]
        own = owner(triples, foundation, [k for k in known if foundation.can_be_jurisdiction(k)])
        if owners is not None:
            owners[graph] = own
        copies: list = []
        listed = trespasses(triples, foundation, known, speaker=own, restated=copies)
        if restated is not None and copies:
            restated[graph] = copies
        if listed:
            found[graph] = listed
    return found


def refuse(found: dict[str, list[Trespass]], display_names: dict[str, str]) -> None:
    """Stop a load whose entries change what they do not own: name the file, the first triple, the count."""
    if not found:
        return
    graph, listed = next(iter(sorted(found.items())))
    first = listed[0]
    more = sum(len(v) for v in found.values()) - 1
    raise DataFileError(
        display_names.get(graph, graph),
        f"the entry changes what it does not own: {first.triple_text()} is about {first.reason}"
        + (f" (and {more} more such triple{'s' * (more != 1)})" if more else ""),
        hint="an entry states facts about its own jurisdiction only; 'statgraph validate FILE' lists every "
             "such triple")
