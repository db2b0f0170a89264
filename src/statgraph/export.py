"""The loaded graph as Turtle, N-Triples, JSON-LD or TriG."""

from __future__ import annotations

from pathlib import Path
from typing import IO

from rdflib import Dataset

from .atomic import write_atomically
from .store import DERIVED_GRAPH, KnowledgeGraph
from .names import PREFIXES

EXPORT_FORMATS = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "trig": "trig"}


def serialise(kg: KnowledgeGraph, fmt: str, include_derived: bool = True) -> bytes:
    """Bytes of the export. TriG keeps one named graph per file; the others merge them."""
    if fmt == "trig":
        target = Dataset()
        names = [source.graph for source in kg.files] + ([DERIVED_GRAPH] if include_derived else [])
        for name in names:
            graph = target.graph(name)
            graph += kg.graph(name)
    else:
        target = kg.union_graph(include_derived)
    for prefix, namespace in PREFIXES.items():
        target.bind(prefix, namespace, override=True)
    options = {"auto_compact": True} if fmt == "jsonld" else {}
    return target.serialize(format=EXPORT_FORMATS[fmt], encoding="utf-8", **options)


def export(kg: KnowledgeGraph, fmt: str, output: Path | None, stream: IO[bytes],
           include_derived: bool = True) -> None:
    data = serialise(kg, fmt, include_derived)
    if output is None:
        stream.write(data)
    else:
        write_atomically(output, lambda handle: handle.write(data))
