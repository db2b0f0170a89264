"""Each fact counts once: triples an entry restates are kept in one file's graph only.

Every file loads into its own named graph and the queries read their union, in
which a triple stated by two files would be two rows: counted twice by ``gaps``,
summed twice by ``what-if``. RDF says a graph is a set, so after the ownership
check (statgraph.kg.ownership) the loader removes from an entry's graph

* the triples the ontology, framework or reference data already state (an entry
  folder that holds a copy of a bundled file), and
* the triples an entry loaded earlier *for the same jurisdiction* already states
  (a backup of a report card beside it, a statute restated in a second file).

Entries of different jurisdictions cannot share a triple about a node they own
(each owns its own IRI space, and blank nodes belong to one file), so only files
of one jurisdiction are compared, and of each pair only the smaller is walked:
the cost grows with the size of the repeated files, not with the world loaded.
The command says what it removed, once, on standard error.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox


@dataclass(frozen=True)
class Restated:
    """Triples of ``graph`` that ``earlier`` (a graph, or "the framework or reference data") already states."""

    graph: str
    earlier: str
    count: int


FOUNDATION = "the ontology, framework or reference data"


def drop_restated(store: ox.Store, entry_graphs: list[str], owners: dict, foundation_copies: dict,
                  sizes: dict[str, int]) -> list[Restated]:
    """Remove restated triples from the later entry graphs (``entry_graphs`` in load order;
    ``owners`` and ``foundation_copies`` as statgraph.kg.ownership.trespasses_in_store
    fills them, ``sizes`` each graph's triple count)."""
    found: list[Restated] = []
    for graph in entry_graphs:
        copies = foundation_copies.get(graph, ())
        if copies:
            name = ox.NamedNode(graph)
            for s, p, o in copies:
                store.remove(ox.Quad(s, p, o, name))
            found.append(Restated(graph, FOUNDATION, len(copies)))
    by_owner: dict[str, list[str]] = {}
    for graph in entry_graphs:
        if owners.get(graph) is not None:
            by_owner.setdefault(owners[graph].value, []).append(graph)
    for graphs in by_owner.values():
        for position, later in enumerate(graphs):
            for earlier in graphs[:position]:
                common = _common(store, earlier, later, sizes)
                if common:
                    name = ox.NamedNode(later)
                    for s, p, o in common:
                        store.remove(ox.Quad(s, p, o, name))
                    found.append(Restated(later, earlier, len(common)))
    return found


def _common(store: ox.Store, first: str, second: str, sizes: dict[str, int]) -> list[tuple]:
    """The triples both graphs state, found by walking the smaller one."""
    small, large = (first, second) if sizes.get(first, 0) <= sizes.get(second, 0) else (second, first)
    other = ox.NamedNode(large)
    return [(q.subject, q.predicate, q.object)
            for q in store.quads_for_pattern(None, None, None, ox.NamedNode(small))
            if ox.Quad(q.subject, q.predicate, q.object, other) in store]
