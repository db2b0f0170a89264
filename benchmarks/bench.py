"""Benchmark: statgraph's embedded store (Oxigraph) against the plain rdflib way.

For the bundled Missouri data and for synthetic worlds (statgraph synth), it
measures loading, every named query, and a whole command from process start to
exit, each beside the plain rdflib way measured in the same run: rdflib parses
the same Turtle into a Dataset and rdflib's SPARQL engine answers the same
query text. Figures are medians; the ratio is statgraph / baseline (below 1 is
faster). Peak memory is the child process's maximum resident set size.

    python benchmarks/bench.py            # Missouri, 51 x 2000 (and 51 x 20000 with --large)
    python benchmarks/bench.py --quick    # Missouri and 5 x 200, within a minute
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

warnings.simplefilter("ignore")

import statgraph  # noqa: E402
from statgraph import loader  # noqa: E402
from statgraph.queries import catalogue  # noqa: E402
from statgraph.store import prepare  # noqa: E402
from statgraph.synth import synthesise  # noqa: E402

# A child process that loads and runs one query the plain rdflib way, reporting its own timings.
RDFLIB_CHILD = r"""
import json, resource, sys, time, warnings
warnings.simplefilter("ignore")
start = time.perf_counter()
from rdflib import Dataset
files, query = json.loads(sys.argv[1]), sys.argv[2]
dataset = Dataset(default_union=True)
for path, graph in files:
    dataset.graph(graph).parse(path, format="turtle")
loaded = time.perf_counter()
rows = list(dataset.query(query))
done = time.perf_counter()
print(json.dumps({"load": loaded - start, "query": done - loaded, "rows": len(rows),
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

STATGRAPH_CHILD = r"""
import json, resource, sys, time
start = time.perf_counter()
import statgraph
data = json.loads(sys.argv[1]) or None
kg = statgraph.load(data)
loaded = time.perf_counter()
rows = kg.run(sys.argv[2], json.loads(sys.argv[3])).rows
done = time.perf_counter()
print(json.dumps({"load": loaded - start, "query": done - loaded, "rows": len(rows),
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def median_time(work, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def child(code: str, *args: str) -> dict:
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def wall(command: list[str], repeats: int) -> float:
    def run():
        subprocess.run(command, capture_output=True, check=True)
    return median_time(run, repeats)


def row(label: str, ours: float, theirs: float, unit: str = "s") -> str:
    ratio = ours / theirs if theirs else float("nan")
    return f"{label:<46} {ours:>10.4f}{unit} {theirs:>11.4f}{unit} {ratio:>8.3f}"


def section(title: str, data: list[str] | None, state: str, repeats: int) -> list[str]:
    files = loader.select_files(data)
    lines = [f"\n{title}", f"{'measure':<46} {'statgraph':>11} {'rdflib':>12} {'ratio':>8}"]
    start = time.perf_counter()
    kg = statgraph.load(data)
    ours_load = time.perf_counter() - start
    pairs = json.dumps([[str(f.path), str(f.graph)] for f in files])
    params = {"state": state}
    gaps = catalogue()["gaps"]
    text = prepare(gaps.text, gaps.bindings(params))
    base = child(RDFLIB_CHILD, pairs, text)
    mine = child(STATGRAPH_CHILD, json.dumps(data or []), "gaps", json.dumps(params))
    lines.append(row(f"load ({len(kg):,} triples), in process", ours_load, base["load"]))
    lines.append(row("load, fresh process (import + parse)", mine["load"], base["load"]))
    lines.append(row("peak memory of that process (MB)", mine["rss_mb"], base["rss_mb"], ""))
    # every named query, in process, against rdflib answering the same text
    from rdflib import Dataset
    dataset = Dataset(default_union=True)
    for source in files:
        dataset.graph(source.graph).parse(source.path, format="turtle")
    for name, query in catalogue().items():
        values = {p.name: state for p in query.params if p.name == "state" and p.required}
        if any(p.required and p.name != "state" for p in query.params):
            continue
        text = prepare(query.text, query.bindings(values))
        ours = median_time(lambda q=query, v=values: kg.run(q, v), repeats)
        theirs = median_time(lambda t=text: list(dataset.query(t)), max(1, repeats // 3))
        lines.append(row(f"query {name}", ours, theirs))
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="Missouri and a small synthetic world only")
    parser.add_argument("--large", action="store_true", help="also 51 x 20000 sections (slow for rdflib)")
    args = parser.parse_args()
    repeats = 3 if args.quick else 7
    print(f"statgraph {statgraph.__version__} · Python {sys.version.split()[0]} · median of {repeats} runs")

    out = section("Missouri (bundled)", None, "MO", repeats)
    command = [sys.executable, "-m", "statgraph.cli", "gaps", "--state", "MO"]
    files = loader.select_files(None)
    naive = [sys.executable, "-c", RDFLIB_CHILD, json.dumps([[str(f.path), str(f.graph)] for f in files]),
             prepare(catalogue()["gaps"].text, catalogue()["gaps"].bindings({"state": "MO"}))]
    out.append(row("statgraph gaps --state MO, process start to exit", wall(command, repeats),
                   wall(naive, repeats)))
    print("\n".join(out))

    sizes = [(5, 200)] if args.quick else [(51, 2000)] + ([(51, 20000)] if args.large else [])
    for states, sections in sizes:
        with tempfile.TemporaryDirectory() as folder:
            start = time.perf_counter()
            synthesise(statgraph.load(), states, sections, Path(folder))
            print(f"\n(synthetic {states} x {sections} written in {time.perf_counter() - start:.1f} s)")
            print("\n".join(section(f"Synthetic {states} states x {sections} sections", [folder], "S07"
                                    if states >= 7 else "S01", repeats)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
