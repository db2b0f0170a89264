"""What is loaded: triples, files, report cards and instances by class."""

from __future__ import annotations

from dataclasses import dataclass

from statgraph.kg.names import compact_iri
from statgraph.kg.base import Result


@dataclass
class Info:
    source: str
    triples: int
    derived_triples: int
    files: list[tuple[str, str, int]]  # (file, role, triples)
    report_cards: Result
    classes: list[tuple[str, int]]


def collect(kg) -> Info:
    """What a KnowledgeGraph (or a RemoteGraph: no files) holds."""
    files = [(f.display_name, f.role, count) for f, count in kg.files.items()]
    classes = [(compact_iri(str(row[0])), int(row[1])) for row in kg.run("class-counts").rows]
    return Info(kg.describe(), len(kg), kg.derived_count, files,
                kg.run("report-cards"), classes)
