"""The engine limit: what pyoxigraph alone costs for statgraph's work, with no statgraph code.

Run by benchmarks/bench.py as a fresh process, given a JSON plan on standard input:
``{"files": [[path, graph], ...], "derive": [text, ...], "derived_graph": iri,
"queries": [[name, text], ...]}``.
It loads every file into its named graph of an in-memory Store, runs the derivation
texts (queries/derive/*.rq as statgraph sends them) into one derived graph, in order,
each seeing what the ones before derived, then:

- ``once``: runs each query once and prints one JSON line
  (rows per query, load and derive seconds, peak memory) — the whole-process figure;
- ``serve``: prints a JSON "ready" line, then answers JSON lines ``{"text": ...}`` from
  standard input with ``{"seconds": ..., "rows": ..., "first": [...]}`` — the in-process figure.

Queries run over the union of the named graphs, as statgraph runs them.
"""

from __future__ import annotations

import json
import resource
import sys
import time

import pyoxigraph as ox

def load(plan: dict) -> tuple[ox.Store, float, float]:
    start = time.perf_counter()
    store = ox.Store()
    for path, graph in plan["files"]:
        with open(path, "rb") as handle:
            store.load(handle.read(), format=ox.RdfFormat.TURTLE, base_iri=graph, to_graph=ox.NamedNode(graph))
    parsed = time.perf_counter()
    derived = ox.NamedNode(plan["derived_graph"])
    for text in plan["derive"]:
        triples = store.query(text, use_default_graph_as_union=True)
        store.bulk_extend([ox.Quad(t.subject, t.predicate, t.object, derived) for t in triples])
    return store, parsed - start, time.perf_counter() - parsed


def run(store: ox.Store, text: str) -> tuple[int, list[str]]:
    """Rows answered, and the first row's values (the benchmark picks a section from it)."""
    rows, first = 0, []
    for solution in store.query(text, use_default_graph_as_union=True):
        if not rows:
            first = [term.value if term is not None else "" for term in solution]
        rows += 1
    return rows, first


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    mode = sys.argv[1]
    plan = json.loads(sys.stdin.readline())
    store, parse_s, derive_s = load(plan)
    if mode == "once":
        rows = {name: run(store, text)[0] for name, text in plan["queries"]}
        print(json.dumps({"rows": rows, "parse_s": parse_s, "derive_s": derive_s, "peak_mb": peak_mb(),
                          "quads": len(store)}), flush=True)
        return 0
    print(json.dumps({"ready": True, "parse_s": parse_s, "derive_s": derive_s, "peak_mb": peak_mb(),
                      "quads": len(store)}), flush=True)
    for line in sys.stdin:
        text = json.loads(line)["text"]
        start = time.perf_counter()
        rows, first = run(store, text)
        print(json.dumps({"seconds": time.perf_counter() - start, "rows": rows, "first": first}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
