"""The naive way: plain rdflib parsing the same Turtle and answering the same query text.

Run by benchmarks/bench.py as a fresh process, with the same JSON plan as
benchmarks/engine.py on standard input and the same two modes (``once``: load,
derive, answer each query, print one JSON line; ``serve``: load and derive, print
"ready", then time each ``{"text": ...}`` line). rdflib runs the same derivation
texts first, so it answers the same question. ``budget`` (seconds) bounds the
load and each query: past it the answer is ``{"over_budget": ...}``, never a wait.
"""

from __future__ import annotations

import json
import resource
import signal
import sys
import time
import warnings

warnings.simplefilter("ignore")

from rdflib import Dataset, URIRef  # noqa: E402


class OverBudget(Exception):
    pass


def _give_up(signum, frame):
    raise OverBudget()


def load(plan: dict) -> Dataset:
    dataset = Dataset(default_union=True)
    for path, graph in plan["files"]:
        dataset.graph(URIRef(graph)).parse(path, format="turtle", publicID=graph)
    derived = dataset.graph(URIRef(plan["derived_graph"]))
    for text in plan["derive"]:
        for triple in list(dataset.query(text)):
            derived.add(triple)
    return dataset


def run(dataset: Dataset, text: str) -> int:
    return sum(1 for _ in dataset.query(text))


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    mode, budget = sys.argv[1], int(sys.argv[2])
    plan = json.loads(sys.stdin.readline())
    signal.signal(signal.SIGALRM, _give_up)
    signal.alarm(budget)
    try:
        dataset = load(plan)
        if mode == "once":
            rows = {name: run(dataset, text) for name, text in plan["queries"]}
    except OverBudget:
        print(json.dumps({"over_budget": "load" if mode == "serve" else "process"}), flush=True)
        return 0
    finally:
        signal.alarm(0)
    if mode == "once":
        print(json.dumps({"rows": rows, "peak_mb": peak_mb()}), flush=True)
        return 0
    print(json.dumps({"ready": True, "peak_mb": peak_mb()}), flush=True)
    for line in sys.stdin:
        signal.alarm(budget)
        start = time.perf_counter()
        try:
            answer = {"rows": run(dataset, json.loads(line)["text"])}
            answer["seconds"] = time.perf_counter() - start
        except OverBudget:
            answer = {"over_budget": "query"}
        except Exception as error:  # rdflib's own failures (e.g. ORDER BY over unbound values)
            answer = {"error": f"{type(error).__name__}: {error}"[:120]}
        finally:
            signal.alarm(0)
        print(json.dumps(answer), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
