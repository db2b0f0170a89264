"""Run one statgraph command and record every SELECT text it sends, as sent.

``python benchmarks/capture.py OUT.json COMMAND ARGS...``: benchmarks/bench.py uses
it to give each command its engine limit, the same texts on an in-memory store.
Every query goes through ``KnowledgeGraph.select`` (the one interface), so
recording there sees them all, on any kind of graph.
"""

from __future__ import annotations

import contextlib
import io
import json
import sys

from statgraph.cli import main
from statgraph.kg import base

sent: list[str] = []
_select = base.KnowledgeGraph.select


def _recording(self, query_text, bindings=None, source="query", **options):
    sent.append(base.prepare(query_text, bindings))
    return _select(self, query_text, bindings, source, **options)  # options as select takes them


base.KnowledgeGraph.select = _recording
with contextlib.redirect_stdout(io.StringIO()):
    code = main(sys.argv[2:])
with open(sys.argv[1], "w", encoding="utf-8") as out:
    json.dump({"code": code, "texts": sent}, out)
sys.exit(code)
