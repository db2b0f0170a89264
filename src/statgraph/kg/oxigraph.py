"""Bridges between rdflib terms and graphs and the Oxigraph engine (pyoxigraph)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.namespace import XSD
from rdflib.query import Result

_XSD_STRING = str(XSD.string)


def to_ox(term) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def from_ox(term) -> URIRef | BNode | Literal | None:
    """Oxigraph term to rdflib; plain strings stay plain, as rdflib parses them."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == _XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise TypeError(f"not an Oxigraph term: {term!r}")


def triples_to_store(triples: Iterable, store: ox.Store | None = None, graph=None) -> ox.Store:
    store = store if store is not None else ox.Store()
    target = to_ox(graph) if graph is not None else ox.DefaultGraph()
    store.bulk_extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o), target) for s, p, o in triples)
    return store


class OxigraphQueryGraph(Graph):
    """An in-memory rdflib Graph whose SPARQL queries Oxigraph answers.

    pySHACL walks the graph through rdflib's triple API (fast enough) and sends
    every SHACL-SPARQL constraint through ``query`` with ``$this`` pre-bound;
    rdflib would parse and evaluate each of those in Python. Call ``freeze``
    once the graph is complete: the Oxigraph copy is not kept in step after it.
    """

    _mirror: ox.Store | None = None

    def freeze(self, known: list[ox.Quad] | None = None, added: Iterable | None = None) -> OxigraphQueryGraph:
        """Copy the graph to Oxigraph. ``known`` (quads already converted) plus ``added``
        (rdflib triples) may stand in for the whole graph, to skip converting what is shared."""
        if known is None:
            self._mirror = triples_to_store(self)
        else:
            self._mirror = ox.Store()
            self._mirror.bulk_extend(known)
            triples_to_store(added or (), self._mirror)
        return self

    def query(self, query_object, processor="sparql", result="sparql", initNs=None,  # noqa: N803
              initBindings: Mapping | None = None, use_store_provided=True, **kwargs):  # noqa: N803
        if self._mirror is None or not isinstance(query_object, str):
            return super().query(query_object, processor, result, initNs, initBindings,
                                 use_store_provided, **kwargs)
        answer = self._mirror.query(
            query_object,
            prefixes={str(k): str(v) for k, v in (initNs or {}).items()},
            substitutions={ox.Variable(str(k)): to_ox(v) for k, v in (initBindings or {}).items()},
        )
        if isinstance(answer, ox.QueryBoolean):
            out = Result("ASK")
            out.askAnswer = bool(answer)
            return out
        if isinstance(answer, ox.QueryTriples):
            out = Result("CONSTRUCT")
            out.graph = Graph()
            for triple in answer:
                out.graph.add((from_ox(triple.subject), from_ox(triple.predicate), from_ox(triple.object)))
            return out
        out = Result("SELECT")
        out.vars = [Variable(v.value) for v in answer.variables]
        out.bindings = [{var: from_ox(value) for var, value in zip(out.vars, solution) if value is not None}
                        for solution in answer]
        return out
