"""Benchmark: `statgraph validate` against a fresh plain pySHACL process on the same files.

Every figure is a whole process, start to exit, so imports and parsing count on
both sides. The baseline is what one would write without statgraph: a fresh
Python process that parses the ontology, framework, reference data and the
entries with rdflib and hands them to pySHACL with the same shapes.

Cases:
  one entry      statgraph validate <MO report card>   (world: the bundled MO entries)
  all bundled    statgraph validate                    (both MO entries)
  world          statgraph validate <MO report card> --data graph_data/jurisdictions --data SYNTH
                 with N synthetic states beside (warm: the compiled store is built by a first run)

Runs are interleaved (each round runs every command once, in turn) because the
machine is shared; the table gives medians and ratios, and the same figures are
written as data to benchmarks/results/validate.json (a list of records
{measure, value, unit, baseline, ratio, runs, date, machine}; --no-json to skip),
from which the README's benchmark table is generated. Run:

  python benchmarks/validate.py [--quick] [--states 50] [--sections 200] [--world DIR] [--world-baseline]
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "benchmarks" / "results" / "validate.json"
ENTRIES = REPO / "graph_data" / "jurisdictions"
CARD = ENTRIES / "us-mo" / "report-card-2023.ttl"

PLAIN = """
import sys, glob
import pyshacl
from rdflib import Graph
root = sys.argv[1]
data = Graph()
files = [root + "/ontology/statgraph.ttl"] + sorted(glob.glob(root + "/graph_data/framework/*.ttl")) \\
    + sorted(glob.glob(root + "/graph_data/reference/*.ttl"))
for path in sys.argv[2:]:
    files += sorted(glob.glob(path + "/**/*.ttl", recursive=True)) if not path.endswith(".ttl") else [path]
for path in files:
    data.parse(path, format="turtle")
shapes = Graph()
for path in sorted(glob.glob(root + "/ontology/shapes/*.ttl")):
    shapes.parse(path, format="turtle")
pyshacl.validate(data, shacl_graph=shapes, inference="none", allow_warnings=True)
"""


def timed(command: list[str], env: dict) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, env=env, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}): {done.stderr.decode()[-500:]}")
    return seconds


def world_size(world: Path) -> str:
    """'50 × 200' for a statgraph synth folder: its jurisdictions and the sections of the first."""
    folders = sorted(p for p in world.iterdir() if p.is_dir())
    statutes = next((f / "statutes.ttl" for f in folders if (f / "statutes.ttl").exists()), None)
    sections = len(re.findall(r"\ba sg:Section\b", statutes.read_text(encoding="utf-8"))) if statutes else 0
    return f"{len(folders)} × {sections:,}"


def machine() -> dict:
    import pyoxigraph
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2 ** 30
    return {"cpus": os.cpu_count(), "memory_gb": round(memory, 1), "python": platform.python_version(),
            "pyoxigraph": pyoxigraph.__version__, "system": platform.system()}


def write_results(rows: list[tuple[str, float, float]], runs: int) -> None:
    """The printed figures as data, for the README's generated table (atomically: a reader never
    sees half a file)."""
    date = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
    where = machine()
    records = [{"measure": label, "value": round(ours, 4), "unit": "s", "baseline": round(theirs, 4),
                "ratio": round(ours / theirs, 4), "runs": runs, "date": date, "machine": where}
               for label, ours, theirs in rows]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    partial = RESULTS.with_suffix(".json.partial")
    partial.write_text(json.dumps(records, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    partial.replace(RESULTS)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="3 rounds and 10 small states")
    parser.add_argument("--rounds", type=int, default=7, help="interleaved rounds (default 7)")
    parser.add_argument("--states", type=int, default=50, help="synthetic states loaded beside (default 50)")
    parser.add_argument("--sections", type=int, default=200, help="sections per synthetic state (default 200)")
    parser.add_argument("--world", type=Path, help="an existing 'statgraph synth' folder to use instead")
    parser.add_argument("--world-baseline", action="store_true",
                        help="also time plain pySHACL on the whole world (slow: minutes at 50 x 200)")
    parser.add_argument("--no-json", action="store_true", help=f"do not write {RESULTS.relative_to(REPO)}")
    args = parser.parse_args()
    rounds = 3 if args.quick else args.rounds
    states, sections = (10, 50) if args.quick else (args.states, args.sections)

    cache = tempfile.TemporaryDirectory(prefix="sg-bench-")  # the world's compiled store, removed at the end
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"), STATGRAPH_CACHE_DIR=cache.name)
    statgraph = [sys.executable, "-m", "statgraph.cli", "validate"]
    plain = [sys.executable, "-c", PLAIN, str(REPO)]
    with tempfile.TemporaryDirectory() as folder:
        world = args.world
        if world is None:
            world = Path(folder) / "synthetic"
            subprocess.run(statgraph[:-1] + ["synth", "--states", str(states), "--sections", str(sections),
                                             "-o", str(world)], env=env, cwd=REPO, check=True,
                           stderr=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
        world_files = sorted(world.rglob("*.ttl"))
        size = world_size(world)
        world_bytes = sum(p.stat().st_size for p in world_files)
        commands = {
            "one entry": statgraph + [str(CARD)],
            "all bundled": statgraph,
            "world": statgraph + [str(CARD), "--data", str(ENTRIES), "--data", str(world)],
            "plain: MO": plain + [str(ENTRIES)],
        }
        cold = timed(commands["world"], env)  # builds the compiled store of the world (once)
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(rounds):
            for name, command in commands.items():
                times[name].append(timed(command, env))
        median = {name: statgraph_median for name, statgraph_median in
                  ((n, statistics.median(t)) for n, t in times.items())}
        world_plain = timed(plain + [str(ENTRIES), str(world)], env) if args.world_baseline else None

    print(f"statgraph validate vs a fresh plain pySHACL process · {rounds} interleaved rounds, medians · "
          f"world: {len(world_files)} files, {world_bytes / 1e6:.1f} MB ({world.name})")
    print(f"(the world's first run, which compiles its store: {cold:.1f} s)\n")
    print(f"{'case':<44} {'statgraph':>10} {'baseline':>10} {'ratio':>7}")
    rows = [
        ("one entry (MO report card) vs plain pySHACL on MO", median["one entry"], median["plain: MO"]),
        ("all bundled data vs plain pySHACL on MO", median["all bundled"], median["plain: MO"]),
        ("one entry, world beside vs the same entry alone", median["world"], median["one entry"]),
    ]
    if world_plain is not None:
        rows.append(("one entry, world beside vs plain pySHACL on all", median["world"], world_plain))
    for label, ours, theirs in rows:
        print(f"{label:<44} {ours:>9.3f}s {theirs:>9.3f}s {ours / theirs:>7.2f}")
    spread = {n: f"{min(t):.2f}-{max(t):.2f}" for n, t in times.items()}
    print(f"\nranges (s): {spread}")
    if not args.no_json:
        card = "statgraph validate <MO report card>, process start to exit"
        described = [
            f"{card}, against a fresh plain pySHACL process on the same files",
            "statgraph validate (all bundled data), process, against a fresh plain pySHACL process on MO",
            f"{card}, with the {size} synthetic world loaded beside it (warm), against the same entry alone",
        ] + ([f"{card}, with the {size} world beside it, against plain pySHACL on all of it"]
             if world_plain is not None else [])
        write_results([(text, ours, theirs) for text, (_, ours, theirs) in zip(described, rows)], rounds)
        print(f"written: {RESULTS.relative_to(REPO)}")
    cache.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
