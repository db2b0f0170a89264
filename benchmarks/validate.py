"""Benchmark: validating entries with statgraph against the plain rdflib way.

statgraph validates one entry with the framework and only the nodes it names,
and runs the SHACL-SPARQL constraints on Oxigraph. The baseline, measured in the
same run, is what one would write with rdflib alone: parse everything into one
rdflib Graph (its default in-memory store) and hand it to pySHACL.

Each figure is the median of several runs, with pySHACL's share of it, and the
ratio to the baseline. Run:  python benchmarks/validate.py [--quick]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

import pyshacl
from rdflib import Graph

import statgraph
from statgraph.kg import loader
from statgraph.analyses import validation
from statgraph.authoring.synth import synthesise

warnings.simplefilter("ignore")  # rdflib's own deprecation chatter


class PyshaclClock:
    """Adds up the time spent inside pyshacl.validate."""

    def __init__(self):
        self.seconds = 0.0
        self._original = pyshacl.validate

    def __enter__(self):
        def timed(*args, **kwargs):
            start = time.perf_counter()
            try:
                return self._original(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - start
        validation.pyshacl.validate = timed
        return self

    def __exit__(self, *exc):
        validation.pyshacl.validate = self._original


def median_run(work, repeats: int) -> tuple[float, float]:
    """Median wall time of ``work()`` after one warm-up run, and pySHACL's median share."""
    work()
    walls, shares = [], []
    for _ in range(repeats):
        with PyshaclClock() as clock:
            start = time.perf_counter()
            work()
            wall = time.perf_counter() - start
        walls.append(wall)
        shares.append(clock.seconds / wall if wall else 0.0)
    return statistics.median(walls), statistics.median(shares)


def baseline(files: list[loader.SourceFile]) -> Graph:
    graph = Graph()  # rdflib's default store
    for source in files:
        graph.parse(source.path, format="turtle")
    return graph


def baseline_validate(graph: Graph) -> None:
    pyshacl.validate(graph, shacl_graph=validation.shapes_graph(), inference="none", allow_warnings=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer repeats and a smaller synthetic world")
    parser.add_argument("--states", type=int, default=50, help="synthetic states loaded beside (default 50)")
    parser.add_argument("--sections", type=int, default=200, help="sections per synthetic state (default 200)")
    args = parser.parse_args()
    repeats = 3 if args.quick else 7
    states = min(args.states, 10) if args.quick else args.states

    mo_entries = loader.bundled_entry_files()
    card = next(f for f in mo_entries if "report-card" in f.path.name)
    statutes = next(f for f in mo_entries if "statutes" in f.path.name)
    foundation = loader.foundation_files()

    print(f"statgraph {statgraph.__version__} · pyshacl {pyshacl.__version__} · "
          f"median of {repeats} runs · {states} synthetic states × {args.sections} sections loaded beside")
    rows = []
    validator = validation.Validator(mo_entries)
    for label, entry in (("MO report card entry", card), ("MO statutes entry", statutes)):
        ours, share = median_run(lambda e=entry: validator.check(e), repeats)
        plain = baseline(foundation + mo_entries)
        theirs, their_share = median_run(lambda: baseline_validate(plain), max(1, repeats // 2))
        rows.append((label, ours, share, "all of MO, rdflib store", theirs, their_share))
    both, share = median_run(lambda: [validator.check(e) for e in mo_entries], repeats)
    plain = baseline(foundation + mo_entries)
    theirs, their_share = median_run(lambda: baseline_validate(plain), max(1, repeats // 2))
    rows.append(("all bundled data", both, share, "all of MO, rdflib store", theirs, their_share))

    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        synthesise(statgraph.load(), states, args.sections, Path(folder))
        made = time.perf_counter() - start
        world = mo_entries + loader.user_entry_files([folder])
        start = time.perf_counter()
        big = validation.Validator(world)
        loaded = time.perf_counter() - start
        ours, share = median_run(lambda: big.check(card), repeats)
        one_state = loader.user_entry_files([Path(folder) / "s07"])
        synthetic_card = next(f for f in one_state if "report-card" in f.path.name)
        ours_s, share_s = median_run(lambda: big.check(synthetic_card), repeats)
        rows.append((f"MO report card, {states} states beside", ours, share,
                     "same entry, MO alone", rows[0][1], rows[0][2]))
        rows.append((f"S07 report card, {states} states beside", ours_s, share_s,
                     "MO report card, MO alone", rows[0][1], rows[0][2]))
        print(f"(synthetic world: written in {made:.1f} s, loaded into the validator in {loaded:.2f} s)")

    print()
    print(f"{'case':<40} {'statgraph':>10} {'pySHACL':>8}   {'baseline':<26} {'time':>9} {'pySHACL':>8} {'ratio':>7}")
    for label, ours, share, base_label, theirs, their_share in rows:
        print(f"{label:<40} {ours:>9.3f}s {share:>7.0%}   {base_label:<26} {theirs:>8.3f}s "
              f"{their_share:>7.0%} {ours / theirs:>7.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
