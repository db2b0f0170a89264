"""The loaded graph as Turtle, N-Triples, JSON-LD or TriG, streamed from the store.

Oxigraph's serialisers write while the store is read, so an export never holds
a second copy of the graph in memory (rdflib's serialisers build one first).
The triple formats merge the files' graphs; a triple two files share is
written once. TriG and JSON-LD keep one named graph per file (and the derived
graph); JSON-LD has an @context of the project's prefixes. Statements come in the store's index order, not sorted (sorting
made exports of a compiled store nine times slower); for a canonical file,
export N-Triples and pipe it through `LC_ALL=C sort`.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from statgraph import bounded
from statgraph.atomic import write_atomically
from statgraph.kg.names import PREFIXES
from statgraph.kg.store import DERIVED_GRAPH, EmbeddedGraph

EXPORT_FORMATS = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "trig": ox.RdfFormat.TRIG,
}

def _graph_names(kg: EmbeddedGraph, include_derived: bool) -> list[str]:
    return [str(source.graph) for source in kg.files] + ([DERIVED_GRAPH] if include_derived else [])


def merged_triples(kg: EmbeddedGraph, include_derived: bool = True):
    """Every file's triples (and the derived ones) as one graph, each triple once, streamed."""
    return kg.construct("kg/merged-triples", graph=_graph_names(kg, include_derived))


def _statements(kg: EmbeddedGraph, fmt: str, include_derived: bool):
    if fmt == "trig":  # one named graph per file, in load order
        return itertools.chain.from_iterable(
            kg.store.quads_for_pattern(None, None, None, ox.NamedNode(name))
            for name in _graph_names(kg, include_derived))
    return merged_triples(kg, include_derived)


# Our own IRIs have slashes in their paths, which a prefixed name would have to
# escape (id:framework\/2023); written in full they read better.
_EXPORT_PREFIXES = {prefix: namespace for prefix, namespace in PREFIXES.items() if prefix != "id"}


def write_export(kg: EmbeddedGraph, fmt: str, handle: IO[bytes], include_derived: bool = True) -> None:
    """Stream the export into a binary file object (where Ctrl-C and SIGTERM can stop it)."""
    if fmt == "jsonld":
        bounded.call(lambda: write_jsonld(kg, handle, include_derived), what="the export")
        return
    bounded.call(lambda: ox.serialize(_statements(kg, fmt, include_derived), handle, EXPORT_FORMATS[fmt],
                                      prefixes=_EXPORT_PREFIXES), what="the export")


# --- JSON-LD: statgraph's own writer, for an @context and the named graphs ---------------------
# Oxigraph's JSON-LD writer (0.5) takes no context and only triples; this one writes JSON-LD 1.1
# with an @context of the project's prefixes and one named graph per file (and the derived
# graph), as TriG does, streaming node by node.

_JSONLD_CONTEXT = {**_EXPORT_PREFIXES, "@version": 1.1}
_RDF_TYPE = PREFIXES["rdf"] + "type"
_XSD_STRING = PREFIXES["xsd"] + "string"


def _compact(iri: str) -> str:
    """A prefixed name where one of the context's prefixes fits and the rest is a plain name."""
    for prefix, namespace in _EXPORT_PREFIXES.items():
        if iri.startswith(namespace):
            local = iri[len(namespace):]
            if local and local.replace("_", "a").replace("-", "a").replace(".", "a").isalnum() \
                    and not local.startswith("//"):
                return f"{prefix}:{local}"
    return iri


def _node_id(term) -> str:
    return f"_:{term.value}" if isinstance(term, ox.BlankNode) else _compact(term.value)


def _jsonld_value(term) -> dict:
    if isinstance(term, ox.Literal):
        if term.language:
            return {"@value": term.value, "@language": term.language}
        if term.datatype.value == _XSD_STRING:
            return {"@value": term.value}
        return {"@value": term.value, "@type": _compact(term.datatype.value)}
    return {"@id": _node_id(term)}


def _node_objects(quads):
    """Node objects for the quads of one graph, one per run of the same subject (the store gives a
    graph's quads by subject; a subject met again only gives a second node object with its @id,
    which JSON-LD merges)."""
    subject, node = None, None
    for quad in quads:
        if quad.subject != subject:
            if node is not None:
                yield node
            subject, node = quad.subject, {"@id": _node_id(quad.subject)}
        if quad.predicate.value == _RDF_TYPE and not isinstance(quad.object, ox.Literal):
            node.setdefault("@type", []).append(_node_id(quad.object))
        else:
            node.setdefault(_compact(quad.predicate.value), []).append(_jsonld_value(quad.object))
    if node is not None:
        yield node


def write_jsonld(kg: EmbeddedGraph, handle: IO[bytes], include_derived: bool = True) -> None:
    import json

    def write(text: str) -> None:
        handle.write(text.encode("utf-8"))

    write('{\n"@context": ' + json.dumps(_JSONLD_CONTEXT, ensure_ascii=False) + ',\n"@graph": [')
    for number, name in enumerate(_graph_names(kg, include_derived)):
        write(("," if number else "") + '\n {"@id": ' + json.dumps(name) + ', "@graph": [')
        for index, node in enumerate(_node_objects(kg.store.quads_for_pattern(None, None, None, ox.NamedNode(name)))):
            write(("," if index else "") + "\n  " + json.dumps(node, ensure_ascii=False, sort_keys=True))
        write("\n ]}")
    write("\n]}\n")


def export(kg: EmbeddedGraph, fmt: str, output: Path | None, stream: IO[bytes],
           include_derived: bool = True) -> None:
    if output is None:
        write_export(kg, fmt, stream, include_derived)
    else:
        write_atomically(output, lambda handle: write_export(kg, fmt, handle, include_derived))
