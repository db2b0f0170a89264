"""What is loaded: triples, files, report cards and instances by class."""

from __future__ import annotations

import json
from dataclasses import dataclass

from statgraph import __version__
from statgraph.publish.output import cell_text, compact_iri, json_value, to_csv, to_table
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


def render(info: Info, fmt: str) -> str:
    if fmt == "json":
        return json.dumps({
            "version": __version__,
            "source": info.source,
            "triples": info.triples,
            "derived_triples": info.derived_triples,
            "files": [{"file": f, "role": r, "triples": n} for f, r, n in info.files],
            "report_cards": [{k: json_value(v) for k, v in rec.items()}
                             for rec in info.report_cards.records()],
            "classes": {c: n for c, n in info.classes},
        }, indent=2, ensure_ascii=False) + "\n"
    rows = [["triples", "total", info.triples], ["triples", "derived", info.derived_triples]]
    rows += [["file", f, n] for f, _, n in info.files]
    rows += [["report-card", f"{r['state']} {r['year']}", cell_text(r["total"])]
             for r in info.report_cards.records()]
    rows += [["class", c, n] for c, n in info.classes]
    if fmt == "csv":
        return to_csv(["kind", "name", "value"], rows)
    cards = info.report_cards
    lines = [f"statgraph {__version__} · {info.source}",
             f"{info.triples:,} triples ({info.derived_triples:,} derived)"
             + (f" from {len(info.files)} files" if info.files else ""), "",
             "Report cards:", to_table(cards.columns, cards.rows).rstrip(), ""]
    if info.files:
        lines += ["Files:", to_table(["file", "role", "triples"], [list(f) for f in info.files]).rstrip(), ""]
    lines += ["Instances by class:", to_table(["class", "count"], [list(c) for c in info.classes]).rstrip()]
    return "\n".join(lines) + "\n"
