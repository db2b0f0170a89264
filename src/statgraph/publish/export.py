"""The loaded graph as Turtle, N-Triples, JSON-LD or TriG, streamed from the store.

Oxigraph's serialisers write while the store is read, so an export never holds
a second copy of the graph in memory (rdflib's serialisers build one first).
The triple formats merge the files' graphs; a triple two files share is
written once. Statements come in the store's index order, not sorted (sorting
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
    bounded.call(lambda: ox.serialize(_statements(kg, fmt, include_derived), handle, EXPORT_FORMATS[fmt],
                                      prefixes=_EXPORT_PREFIXES), what="the export")


def export(kg: EmbeddedGraph, fmt: str, output: Path | None, stream: IO[bytes],
           include_derived: bool = True) -> None:
    if output is None:
        write_export(kg, fmt, stream, include_derived)
    else:
        write_atomically(output, lambda handle: write_export(kg, fmt, handle, include_derived))
