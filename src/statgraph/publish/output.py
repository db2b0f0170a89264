"""Rows to text: an aligned table for people, CSV and JSON for programs."""

from __future__ import annotations

import csv
import io
import json
import shutil
import textwrap

from statgraph.kg.names import compact_iri  # noqa: F401 (re-exported for views)
from statgraph.safe_text import printable  # noqa: F401 (re-exported for views)
from statgraph.kg.terms import cell_text, json_value  # noqa: F401

FORMATS = ("table", "csv", "json")

def to_csv(columns: list[str], rows: list[list[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([cell_text(v) for v in row] for row in rows)
    return buffer.getvalue()


def to_json(columns: list[str], rows: list[list[object]]) -> str:
    records = [{c: json_value(v) for c, v in zip(columns, row)} for row in rows]
    return json.dumps(records, indent=2, ensure_ascii=False) + "\n"


def terminal_width() -> int:
    return max(shutil.get_terminal_size(fallback=(120, 24)).columns, 60)


def to_table(columns: list[str], rows: list[list[object]], width: int | None = None) -> str:
    """Columns aligned and wrapped to fit the terminal; long cells wrap inside their column."""
    if not columns:
        return ""
    texts = [[printable(cell_text(v)) for v in row] for row in rows]
    widths = [max([len(c)] + [len(t[i]) for t in texts]) for i, c in enumerate(columns)]
    available = (width or terminal_width()) - 2 * (len(columns) - 1)
    floor = [max(len(c), 8) for c in columns]
    while sum(widths) > available:
        widest = max(range(len(widths)), key=lambda i: widths[i] - floor[i])
        if widths[widest] <= floor[widest]:
            break
        widths[widest] -= 1
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    for row in texts:
        wrapped = [textwrap.wrap(t, w) or [""] for t, w in zip(row, widths)]
        for k in range(max(len(cell) for cell in wrapped)):
            lines.append("  ".join((cell[k] if k < len(cell) else "").ljust(w)
                                   for cell, w in zip(wrapped, widths)).rstrip())
    return "\n".join(lines) + "\n"


def render(columns: list[str], rows: list[list[object]], fmt: str) -> str:
    if fmt == "csv":
        return to_csv(columns, rows)
    if fmt == "json":
        return to_json(columns, rows)
    table = to_table(columns, rows)
    return table + f"({len(rows)} row{'s' if len(rows) != 1 else ''})\n"


def json_text(document: object) -> str:
    """A JSON document as statgraph writes every JSON output: indented, UTF-8 kept."""
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
