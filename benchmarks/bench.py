"""Benchmark: statgraph (Oxigraph, compiled-store cache) against the plain rdflib way.

For the bundled Missouri data and for synthetic worlds (statgraph synth) it
measures, each beside the plain rdflib way measured in the same run:

- a command from process start to exit, cold (no compiled store) and warm;
  the baseline is a fresh Python process that parses the same Turtle with
  rdflib and runs the same query;
- every named query in process (median), against rdflib's SPARQL engine
  answering the same text on the same data (at scale only the light queries
  get an rdflib run: the others take minutes there);
- validating one entry (statgraph.analyses.validation) against pySHACL on an rdflib
  graph of the same data;
- building the dependency graph and its HTML page, against the same two
  queries answered by rdflib;
- exporting N-Triples, against rdflib's serializer;
- peak memory (maximum resident set size) of the processes.

The ratio is statgraph / baseline: below 1 is faster.

    python benchmarks/bench.py --quick    # Missouri and 5 x 200, about a minute
    python benchmarks/bench.py            # Missouri and 51 x 2000
    python benchmarks/bench.py --large    # also 51 x 20000 (long; statgraph only)
    python benchmarks/bench.py --world 51x20000   # one synthetic world only
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

warnings.simplefilter("ignore")

import statgraph  # noqa: E402
from statgraph.kg import loader  # noqa: E402
from statgraph.kg.queries import catalogue  # noqa: E402
from statgraph.kg.store import prepare  # noqa: E402
from statgraph.authoring.synth import synthesise  # noqa: E402

LIGHT = ("report-cards", "goal-status", "issue-scores", "report-card", "gaps", "grade-bands", "framework-goals")
BASELINE_BUDGET = 60  # seconds an rdflib query may take before it is reported as "over budget"
QUICK_BUDGET = 3

RDFLIB_QUERIES = r"""
import json, signal, statistics, sys, time, warnings
warnings.simplefilter("ignore")
from rdflib import Dataset
files, queries, repeats, budget = json.loads(sys.argv[1]), json.loads(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
dataset = Dataset(default_union=True)
for path, graph in files:
    dataset.graph(graph).parse(path, format="nt" if path.endswith(".nt") else "turtle")

class OverBudget(Exception):
    pass

def give_up(signum, frame):
    raise OverBudget()

signal.signal(signal.SIGALRM, give_up)
answers = {}
for name, query in queries:
    times = []
    signal.alarm(budget)
    try:
        for _ in range(repeats):
            start = time.perf_counter()
            list(dataset.query(query))
            times.append(time.perf_counter() - start)
        answers[name] = statistics.median(times)
    except OverBudget:
        answers[name] = None
    except Exception as error:  # rdflib's own bugs (e.g. ORDER BY over unbound values)
        answers[name] = f"{type(error).__name__}: {error}"[:80]
    finally:
        signal.alarm(0)
print(json.dumps(answers))
"""


def rdflib_queries(pairs: str, queries: dict[str, str], repeats: int, budget: int) -> dict[str, float | None]:
    """Median time of rdflib answering each query, all in one process that parses the data once;
    None for a query past the budget (seconds)."""
    if not queries:
        return {}
    done = subprocess.run([sys.executable, "-c", RDFLIB_QUERIES, pairs, json.dumps(list(queries.items())),
                           str(repeats), str(budget)], capture_output=True, check=True)
    return json.loads(done.stdout)


NAIVE = r"""
import json, resource, sys, time, warnings
warnings.simplefilter("ignore")
from rdflib import Dataset
files, query = json.loads(sys.argv[1]), sys.argv[2]
dataset = Dataset(default_union=True)
for path, graph in files:
    dataset.graph(graph).parse(path, format="turtle")
rows = list(dataset.query(query))
print(json.dumps({"rows": len(rows), "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


SLOW = 5.0  # seconds: a run this slow is not repeated (its median would only cost minutes)


def median(work, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
        if times[-1] > SLOW:
            break
    return statistics.median(times)


WRAPPED = r"""
import io, contextlib, json, resource, sys
from statgraph.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    code = main(sys.argv[1:])
print(json.dumps({"code": code, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def process(arguments: list[str], env: dict | None = None) -> tuple[float, float]:
    """Wall time of a statgraph command from process start to exit, and its peak memory (MB)."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", WRAPPED, *arguments], capture_output=True, env=env)
    wall = time.perf_counter() - start
    report = json.loads(done.stdout.decode().strip().splitlines()[-1])
    if report["code"] != 0:
        raise RuntimeError(done.stderr.decode()[-2000:])
    return wall, report["rss_mb"]


class Table:
    def __init__(self, title: str):
        self.rows = [f"\n{title}", f"{'measure':<52} {'statgraph':>11} {'baseline':>12} {'ratio':>8}"]

    def add(self, label: str, ours: float | None, theirs: float | None, unit: str = "s") -> None:
        fmt = (lambda v: f"{v:>10.3f}{unit}") if unit == "s" else (lambda v: f"{v:>10.0f}{unit}")
        mine = fmt(ours) if ours is not None else f"{'—':>11}"
        base = fmt(theirs) if theirs is not None else f"{'not run':>11}"
        ratio = f"{ours / theirs:>8.3f}" if ours is not None and theirs else f"{'':>8}"
        self.rows.append(f"{label:<52} {mine} {base:>12} {ratio}")

    def __str__(self) -> str:
        return "\n".join(self.rows)

    def note(self, text: str) -> None:
        self.rows.append(f"  {text}")


def measure(title: str, data: list[str] | None, state: str, repeats: int, light_only: bool,
            budget: int = BASELINE_BUDGET, baselines: bool = True) -> str:
    table = Table(title)
    files = loader.select_files(data)
    pairs = json.dumps([[str(f.path), f.graph] for f in files])
    gaps = catalogue()["gaps"]
    gaps_text = prepare(gaps.text, gaps.bindings({"state": state}))
    command = ["gaps", "--state", state] + sum((["--data", d] for d in data or []), [])
    with tempfile.TemporaryDirectory() as cache_dir:
        env = {**os.environ, "STATGRAPH_CACHE_DIR": cache_dir, "STATGRAPH_CACHE": "always"}
        cold, cold_rss = process(command, env)
        warm = statistics.median(process(command, env)[0] for _ in range(repeats))
        naive_time = naive_rss = None
        if baselines:
            start = time.perf_counter()
            naive = subprocess.run([sys.executable, "-c", NAIVE, pairs, gaps_text], capture_output=True, check=True)
            naive_time = time.perf_counter() - start
            naive_rss = json.loads(naive.stdout)["rss_mb"]
        table.add(f"gaps --state {state}, cold (builds the compiled store)", cold, naive_time)
        table.add(f"gaps --state {state}, warm", warm, naive_time)
        table.add("peak memory of the cold command (MB)", cold_rss, naive_rss, unit="MB")
        os.environ["STATGRAPH_CACHE_DIR"] = cache_dir
        kg = statgraph.load(data, cache=True)  # warm: opens the compiled store
        table.note(f"({len(kg):,} triples in {len(files)} files)")

        rdflib_load = dataset = None
        if baselines:
            from rdflib import Dataset
            start = time.perf_counter()
            dataset = Dataset(default_union=True)
            for source in files:
                dataset.graph(source.graph).parse(source.path, format="turtle")
            rdflib_load = time.perf_counter() - start
        table.add("load in process: warm open against rdflib parse", median(lambda: statgraph.load(data, cache=True), 3),
                  rdflib_load)
        ours_times, baseline_texts = {}, {}
        for name, query in catalogue().items():
            values = {p.name: state for p in query.params if p.name == "state"}
            if name == "impact":
                values["section"] = _first_section(kg, state)
            if any(p.required and p.name not in values for p in query.params):
                continue
            ours_times[name] = median(lambda q=query, v=values: kg.run(q, v), repeats)
            if baselines and (not light_only or name in LIGHT):
                baseline_texts[name] = prepare(query.text, query.bindings(values))
        # rdflib gets the derived values too (as N-Triples), so it answers the same question
        with tempfile.NamedTemporaryFile(suffix=".nt") as derived:
            derived.write(kg.derived_ntriples())
            derived.flush()
            with_derived = json.dumps(json.loads(pairs) + [[derived.name, "urn:statgraph:derived"]])
            rdflib_times = rdflib_queries(with_derived, baseline_texts, 1, budget) if baseline_texts else {}
        for name, ours in ours_times.items():
            theirs = rdflib_times.get(name)
            note = ""
            if name in rdflib_times and theirs is None:
                note = f" (rdflib: over {budget} s)"
            elif isinstance(theirs, str):
                note, theirs = " (rdflib failed)", None
                table.note(f"rdflib on {name}: {rdflib_times[name]}")
            table.add(f"query {name}{note}", ours, theirs)

        # validation of one entry
        import pyshacl
        from statgraph.analyses import validation
        entry = next(f for f in files if f.role == "entry" and "report-card" in f.path.name and state.lower() in str(f.path).lower())
        validator = validation.Validator([f for f in files if f.role == "entry"])
        ours = median(lambda: validator.check(entry), max(1, repeats // 2))
        shacl_time = None
        if baselines:
            from rdflib import Graph
            plain = Graph()
            for source in loader.foundation_files() + [entry]:
                plain.parse(source.path, format="turtle")
            start = time.perf_counter()
            pyshacl.validate(plain, shacl_graph=validation.shapes_graph(), inference="none", allow_warnings=True)
            shacl_time = time.perf_counter() - start
        table.add(f"validate one entry ({entry.path.name})", ours, shacl_time)

        # the dependency graph and its page
        from statgraph.analyses import dependencies as dependency_graph
        from statgraph.publish import viz

        def ours_viz():
            viz.to_html(dependency_graph.statutes(dependency_graph.build(kg, state)), "bench")

        parts = [rdflib_times.get(n) for n in ("graph-nodes", "graph-edges")]
        viz_baseline = sum(parts) if None not in parts else None
        table.add("viz: build the graph and its HTML page (rdflib: its two queries)",
                  median(ours_viz, max(1, repeats // 2)), viz_baseline)

        # export: the whole merged graph as N-Triples, streamed, against rdflib
        # serialising its in-memory dataset (which it already holds: parse time not counted)
        import io

        from statgraph.publish.export import write_export
        ours = median(lambda: write_export(kg, "nt", io.BytesIO()), 1)
        serialised = None
        if dataset is not None:
            start = time.perf_counter()
            dataset.serialize(format="nquads")
            serialised = time.perf_counter() - start
        table.add("export N-Triples (rdflib: N-Quads of the same data)", ours, serialised)
        if not baselines:
            table.note("(no rdflib baselines at this size: rdflib would need tens of GB of memory)")
    return str(table)


def _first_section(kg, state: str) -> str:
    return str(kg.run("statutes", {"state": state}).rows[0][0])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="Missouri and 5 x 200 only (within a minute; rdflib queries cut off at 3 s)")
    parser.add_argument("--large", action="store_true", help="also 51 x 20000 sections (statgraph only)")
    parser.add_argument("--world", metavar="STATESxSECTIONS",
                        help="only this synthetic world, e.g. 51x20000 (no Missouri run)")
    parser.add_argument("--no-baselines", action="store_true", help="skip the rdflib baselines")
    args = parser.parse_args()
    repeats = 3 if args.quick else 5
    print(f"statgraph {statgraph.__version__} · Python {sys.version.split()[0]} · {os.cpu_count()} CPUs · "
          f"medians of {repeats}")
    budget = QUICK_BUDGET if args.quick else BASELINE_BUDGET
    if args.world:
        states, sections = (int(n) for n in args.world.lower().split("x"))
        sizes = [(states, sections)]
    else:
        print(measure("Missouri (bundled)", None, "MO", repeats, light_only=False, budget=budget,
                      baselines=not args.no_baselines), flush=True)
        sizes = [(5, 200)] if args.quick else [(51, 2000)] + ([(51, 20000)] if args.large else [])
    for states, sections in sizes:
        with tempfile.TemporaryDirectory() as folder:
            start = time.perf_counter()
            synthesise(statgraph.load(), states, sections, Path(folder))
            print(f"\n(synthetic {states} x {sections} written in {time.perf_counter() - start:.1f} s)")
            state = "S07" if states >= 7 else "S02"
            baselines = not args.no_baselines and sections < 20000  # rdflib cannot hold 20 M triples here
            print(measure(f"Synthetic {states} states x {sections} sections", [folder], state, repeats,
                          light_only=True, budget=budget, baselines=baselines), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
