"""Evaluate `statgraph ingest` on the Missouri source against the curated Missouri entry.

Ingests the report (read from ../shared/sources/, never copied into the
repository), writes the draft to a temporary folder, and compares it with
graph_data/jurisdictions/us-mo using statgraph.authoring.diff: precision (how much of
what ingestion found is in the curated entry) and recall (how much of the
curated entry ingestion found) for each kind of fact, and the time taken.

    python benchmarks/ingest_eval.py [REPORT.md]

Caveat, printed with the figures: the patterns were developed on this same
report, so these figures say how well ingestion reproduces the curated entry,
not how it will do on another state's report.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import tempfile
import time
from pathlib import Path

from statgraph.authoring.diff import FACTS, compare
from statgraph.authoring.draft import to_turtle
from statgraph.authoring.ingest import ingest, read_report
from statgraph.kg.names import ID_BASE
from statgraph.resources import graph_data_dir
from statgraph.kg.store import load

REPO = Path(__file__).resolve().parents[1]
DEFAULT_REPORT = REPO.parent / "shared" / "sources" / "missouri-2023-report-card.md"


def percent(value: float | None) -> str:
    return "  n/a" if value is None else f"{100 * value:5.1f}%"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("report", nargs="?", type=Path, default=DEFAULT_REPORT)
    args = parser.parse_args()
    if not args.report.is_file():
        print(f"ingest_eval: {args.report}: no such file (give the report's path)", file=sys.stderr)
        return 2

    started = time.perf_counter()
    text = read_report(args.report)
    draft = ingest(text, "MO")
    ingested = time.perf_counter()
    goals = load(None).run("framework-goals", {"framework": "shi-2023"}).records()
    turtle = to_turtle(draft, args.report.name, hashlib.sha256(text.encode()).hexdigest(),
                       {g["goal"]: str(g["goal_iri"]).removeprefix(ID_BASE) for g in goals},
                       str(goals[0]["framework_iri"]).removeprefix(ID_BASE))
    written = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "draft.ttl"
        path.write_text(turtle, encoding="utf-8")
        result = compare([path], [graph_data_dir() / "jurisdictions" / "us-mo"])
    compared = time.perf_counter()

    print(f"ingest of {args.report.name} ({draft.lines} lines) against the curated entry us-mo\n")
    print(f"{'facts':34} {'curated':>7} {'draft':>6} {'both':>5} {'precision':>10} {'recall':>7}")
    for kind, (title, _) in FACTS.items():
        precision, recall = result.precision_recall(kind)
        both = result.both[kind]
        print(f"{title:34} {both + len(result.only_b[kind]):>7} {both + len(result.only_a[kind]):>6} {both:>5}"
              f" {percent(precision):>10} {percent(recall):>7}")
    print(f"\ntime: ingest {ingested - started:.3f} s, write Turtle {written - ingested:.3f} s, "
          f"compare {compared - written:.3f} s")
    print("caveat: the patterns were developed on this report; a new state's report will score lower.")
    missing = {kind: result.only_b[kind] for kind in FACTS if result.only_b[kind]}
    extra = {kind: result.only_a[kind] for kind in FACTS if result.only_a[kind]}
    for label, found in (("missed (only curated)", missing), ("extra (only draft)", extra)):
        for kind, items in found.items():
            print(f"{label} · {FACTS[kind][0]}: " + "; ".join(" → ".join(i) for i in items))
    return 0


if __name__ == "__main__":
    sys.exit(main())
