"""Benchmark: statgraph beside the engine's limit and the naive rdflib way, written as data.

For each world — the bundled Missouri data and synthetic worlds from ``statgraph synth``
(state S02 in each) — every figure is measured beside:

- the **engine limit**: the same query texts on an in-memory pyoxigraph Store with no
  statgraph code (benchmarks/engine.py). For a whole process it is a fresh process that
  loads the same files and runs the same queries/derive/*.rq texts first; for a warm
  command it is the in-process time of the texts the command sends (recorded by
  benchmarks/capture.py, each distinct text once) plus the process floor
  (``python -c 'import pyoxigraph'``);
- the **naive rdflib way** (benchmarks/naive.py): a fresh process that parses the same
  Turtle with rdflib, runs the same derivations and the same query text. A named query's
  figure is that process's load (measured once) plus the query in it. rdflib has a
  budget: past it the figure is "over budget", never a wait.

Statgraph's figures are whole processes (``python -m statgraph ...``), start to exit, with
a compiled-store cache of their own (STATGRAPH_CACHE_DIR) and the default settings
otherwise. Every ratio comes from interleaved runs (A, B, A, B, …: a round runs each
variant once), as medians; runs are recorded. Peak memory is the ru_maxrss of each child
process (os.wait4). Records go to benchmarks/results/<world>.json; ``--readme`` rewrites
the README's tables from them (benchmarks/readme_table.py).

Worlds and modes (2 shared CPUs, 23 GB; run times measured on that machine):

    python benchmarks/bench.py --quick           # Missouri, 5 x 200, 51 x 200: 15 min
    python benchmarks/bench.py                   # also 51 x 2,000 (4.4 M quads): 44 min measured
                                                 # with load average 5-7 (other work beside);
                                                 # expect about 20 on a quiet machine
    python benchmarks/bench.py --world 51x20000  # one world only (19 M triples), no rdflib:
                                                 # not yet run; expect most of an hour and two
                                                 # in-memory stores at once (the engine limit's
                                                 # and statgraph's warm one), about 15 GB
    python benchmarks/bench.py --readme          # regenerate the README's tables, measure nothing

The 51 x 200 world is measured beside 5 x 200 (same state, same commands, interleaved)
for the per-state target; ``--world 51x200`` builds 5 x 200 for that. In the default
mode benchmarks/validate.py runs against the 51 x 2,000 world (its validate.json, when it
writes one, is what the README shows).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

import readme_table
from readme_table import ENGINE, RDFLIB, target

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
PYTHON = sys.executable
STATE = "S02"  # present in every synthetic world, so worlds compare state for state
COMMANDS = ("gaps", "coverage", "criteria", "impact", "what-if", "report", "viz")  # per-state commands


@dataclass
class Settings:
    rounds: int  # interleaved rounds per item
    item_budget: float  # seconds: no new round of an item after this much of its time
    rdflib_load: int  # seconds rdflib may take to parse and derive
    rdflib_query: int  # seconds rdflib may take per query
    command_line: str
    date: str
    machine: dict
    work: Path


# -- processes ---------------------------------------------------------------------------------

@dataclass
class Ran:
    seconds: float
    peak_mb: float
    code: int
    stdout: str
    stderr: str


def spawn(argv: list[str], env: dict | None = None, stdin_text: str = "", timeout: float | None = None) -> Ran:
    """Run a process to its end: wall time, its own peak memory (wait4), exit code and output.
    Past ``timeout`` its process group is killed and the code is -9."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, tempfile.TemporaryFile() as feed:
        feed.write(stdin_text.encode())
        feed.seek(0)
        start = time.perf_counter()
        child = subprocess.Popen(argv, env=env, stdin=feed, stdout=out, stderr=err, cwd=REPO,
                                 start_new_session=True)
        timer = threading.Timer(timeout, os.killpg, (child.pid, signal.SIGKILL)) if timeout else None
        if timer:
            timer.start()
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        if timer:
            timer.cancel()
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Ran(seconds, usage.ru_maxrss / 1024, child.returncode, out.read().decode(errors="replace"),
                   err.read().decode(errors="replace"))


class Resident:
    """A long-lived engine.py or naive.py process answering query texts one at a time."""

    def __init__(self, script: str, plan: dict, extra: list[str] = ()):
        start = time.perf_counter()
        self.child = subprocess.Popen([PYTHON, str(HERE / script), "serve", *extra], stdin=subprocess.PIPE,
                                      stdout=subprocess.PIPE, text=True, cwd=REPO)
        self.child.stdin.write(json.dumps(plan) + "\n")
        self.child.stdin.flush()
        self.ready = json.loads(self.child.stdout.readline() or '{"error": "exited"}')
        self.ready_seconds = time.perf_counter() - start  # process start, imports, parse and derivation

    def ask(self, text: str) -> dict:
        self.child.stdin.write(json.dumps({"text": text}) + "\n")
        self.child.stdin.flush()
        return json.loads(self.child.stdout.readline() or '{"error": "exited"}')

    def close(self) -> None:
        self.child.stdin.close()
        self.child.wait()


def statgraph_argv(arguments: list[str]) -> list[str]:
    return [PYTHON, "-m", "statgraph", *arguments]


# -- worlds ------------------------------------------------------------------------------------

@dataclass
class World:
    name: str  # "missouri", "51x2000": the results file's name
    description: str
    data: list[str]  # --data arguments; empty: the bundled entries
    state: str
    cache: Path  # this world's STATGRAPH_CACHE_DIR
    out: Path  # where report and viz write
    section: str = ""  # impact's section
    records: list[dict] = field(default_factory=list)

    @property
    def data_args(self) -> list[str]:
        return [a for d in self.data for a in ("--data", d)]

    @property
    def env(self) -> dict:
        return {**os.environ, "STATGRAPH_CACHE_DIR": str(self.cache)}

    def plan(self, queries: list[tuple[str, str]] = ()) -> dict:
        from statgraph.kg import loader
        from statgraph.kg.base import prepare
        from statgraph.kg.queries import derivation_queries
        from statgraph.kg.store import DERIVED_GRAPH
        files = loader.select_files(self.data or None)
        return {"files": [[str(f.path), f.graph] for f in files],
                "derive": [prepare(q.text) for q in derivation_queries()],
                "derived_graph": DERIVED_GRAPH, "queries": list(queries)}

    def command(self, name: str) -> list[str]:
        """A per-state command's arguments, as a user types them."""
        extra = {"impact": [self.section], "report": ["-o", str(self.out / "report.md")],
                 "viz": ["-o", str(self.out / "viz.html")]}.get(name, [])
        return [name, *extra, "--state", self.state, *self.data_args]


@dataclass
class Item:
    """A thing a user runs: a named query or a command, with the texts it sends."""

    key: str  # "query/gaps", "command/what-if"
    label: str  # as typed
    arguments: list[str]
    texts: list[str]  # distinct SELECT texts, in the order sent
    per_state: bool


def named_query_items(world: World) -> list[Item]:
    from statgraph.kg.base import prepare
    from statgraph.kg.queries import catalogue
    items = []
    for name, query in catalogue().items():
        params = {p.name for p in query.params}
        values = {k: v for k, v in query.example.items() if k in params}
        if "state" in params:
            values["state"] = world.state
        if "section" in params:
            values["section"] = world.section
        arguments = ["query", name] + (["--state", values["state"]] if "state" in values else [])
        arguments += [a for k, v in values.items() if k != "state" for a in ("--param", f"{k}={v}")]
        shown = " ".join(arguments)
        items.append(Item(f"query/{name}", f"statgraph {shown}", arguments + world.data_args,
                          [prepare(query.text, query.bindings(values))], "state" in params))
    return items


def command_items(world: World) -> list[Item]:
    """Each per-state command, with the texts it sends (recorded by running it once, warm)."""
    items = []
    for name in COMMANDS:
        arguments = world.command(name)
        record = world.out / f"capture-{name}.json"
        ran = spawn([PYTHON, str(HERE / "capture.py"), str(record), *arguments], world.env)
        captured = json.loads(record.read_text()) if record.exists() else {"code": ran.code, "texts": []}
        if captured["code"] != 0:
            raise SystemExit(f"statgraph {' '.join(arguments)} failed ({captured['code']}):\n{ran.stderr[-2000:]}")
        texts = list(dict.fromkeys(captured["texts"]))  # each distinct text once: a query run twice counts once
        shown = " ".join([name, *(world.section,) * (name == "impact"), "--state", world.state,
                          *{"report": ("-o", "report.md"), "viz": ("-o", "viz.html")}.get(name, ())])
        items.append(Item(f"command/{name}", f"statgraph {shown}", arguments, texts, True))
    return items


# -- measuring ---------------------------------------------------------------------------------

def interleave(variants: dict[str, Callable[[], float | None]], settings: Settings, rounds: int | None = None,
               budget: float | None = None, max_runs: dict[str, int] | None = None) -> dict[str, list[float]]:
    """Rounds of every variant in turn; a variant answering None (over budget, failed) leaves
    the later rounds, as does one that has had its ``max_runs``. No new round starts once
    the rounds so far took ``budget`` seconds (default: the settings' item budget)."""
    times: dict[str, list[float]] = {name: [] for name in variants}
    dropped: set[str] = set()
    start = time.perf_counter()
    for _ in range(rounds or settings.rounds):
        for name, run in variants.items():
            if name in dropped or len(times[name]) >= (max_runs or {}).get(name, 10**6):
                continue
            seconds = run()
            if seconds is None:
                dropped.add(name)
            else:
                times[name].append(seconds)
        if time.perf_counter() - start > (budget if budget is not None else settings.item_budget):
            break
    return times


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def baseline(name: str, description: str, values: list[float] | None, value: float | None, ours: float,
             note: str = "", **extra) -> dict:
    entry = {"name": name, "description": description, "value": value, "runs": len(values or []),
             "ratio": ours / value if value else None}
    if value is None:
        entry["note"] = note or "not run"
    return {**entry, **extra}


def record(world: World, settings: Settings, key: str, measure: str, values: list[float], baselines: list[dict],
           goal: dict | None = None, unit: str = "s", **extra) -> dict:
    entry = {"key": key, "measure": measure, "unit": unit, "value": median(values), "runs": len(values),
             "baselines": baselines, "target": goal, **extra,
             "date": settings.date, "machine": settings.machine, "command": settings.command_line}
    world.records.append(entry)
    return entry


def timed_statgraph(world: World, arguments: list[str], env: dict | None = None) -> Callable[[], float]:
    def run() -> float:
        ran = spawn(statgraph_argv(arguments), {**world.env, **(env or {})})
        if ran.code != 0:
            raise SystemExit(f"statgraph {' '.join(arguments)} failed ({ran.code}):\n{ran.stderr[-2000:]}")
        return ran.seconds
    return run


def settle(world: World, env: dict | None = None, wait: float = 300) -> None:
    """Make the world warm as a user's second and later commands find it: run `gaps` twice
    (the first may compile the store, a later one may start a resident process), then wait
    until `statgraph cache` shows a resident serving the store, when this statgraph has them."""
    for _ in range(2):
        timed_statgraph(world, world.command("gaps"), env)()
    deadline = time.perf_counter() + wait
    while time.perf_counter() < deadline:
        ran = spawn(statgraph_argv(["cache", "--format", "json"]), {**world.env, **(env or {})})
        stores = json.loads(ran.stdout).get("stores", []) if ran.code == 0 else []
        fields = [(k, v) for store in stores for k, v in store.items() if "resident" in k]
        if not fields or any(v for _, v in fields):
            return
        time.sleep(2)
    print(f"  (no resident process serving {world.name} after {wait:.0f} s: measuring without)", flush=True)


def floor_run() -> float:
    return spawn([PYTHON, "-c", "import pyoxigraph"]).seconds


def measure_items(world: World, settings: Settings, items: list[Item], engine: Resident,
                  naive: Resident | None, naive_note: str, goal_id: str | None) -> None:
    """Each item warm, as a process, beside its texts in memory plus the process floor, and
    beside rdflib's load plus its texts, interleaved."""
    for item in items:
        engine_runs: list[float] = []
        naive_over = ""

        def in_memory() -> float:
            return sum(engine.ask(text)["seconds"] for text in item.texts)

        def rdflib() -> float | None:
            nonlocal naive_over
            total = 0.0
            for text in item.texts:
                answer = naive.ask(text)
                if "seconds" not in answer:
                    naive_over = (f"over budget ({settings.rdflib_query} s a query)" if "over_budget" in answer
                                  else f"failed: {answer.get('error', '?')}")
                    return None
                total += answer["seconds"]
            return total

        variants = {"statgraph": timed_statgraph(world, item.arguments), "engine": in_memory, "floor": floor_run}
        if naive is not None:
            variants["rdflib"] = rdflib
        times = interleave(variants, settings)
        engine_runs = [m + f for m, f in zip(times["engine"], times["floor"])]
        ours = median(times["statgraph"])
        bases = [baseline(ENGINE, f"{len(item.texts)} text(s) in memory "
                                  f"({median(times['engine']):.4f} s) + process floor ({median(times['floor']):.3f} s)",
                          engine_runs, median(engine_runs), ours)]
        if naive is None:
            bases.append(baseline(RDFLIB, "", None, None, ours, naive_note))
        else:
            value = naive.ready_seconds + median(times["rdflib"]) if times.get("rdflib") else None
            bases.append(baseline(RDFLIB, f"fresh process: parse + derive {naive.ready_seconds:.1f} s (once) + "
                                          "the texts in it", times.get("rdflib"), value, ours,
                                  naive_over or "failed"))
        goal = target(goal_id, ENGINE) if goal_id else None
        record(world, settings, item.key, f"{item.label}, warm, process", times["statgraph"], bases, goal)
        print(f"  {item.label}: {ours:.3f} s; engine limit {median(engine_runs):.3f} s", flush=True)


def startup(world: World, settings: Settings) -> None:
    """Import time of `statgraph gaps` (python -X importtime: the modules' own times summed)."""
    def total(argv: list[str]) -> Callable[[], float]:
        def run() -> float:
            ran = spawn([PYTHON, "-X", "importtime", *argv], world.env)
            found = re.findall(r"^import time:\s+(\d+) \|", ran.stderr, re.M)
            return sum(int(n) for n in found) / 1e6
        return run
    times = interleave({"statgraph": total(["-m", "statgraph", *world.command("gaps")]),
                        "floor": total(["-c", "import pyoxigraph"])}, settings, rounds=max(5, settings.rounds),
                       budget=float("inf"))
    ours = median(times["statgraph"])
    record(world, settings, "startup/importtime", "imports of `statgraph gaps` (python -X importtime, summed)",
           times["statgraph"], [baseline(ENGINE, "imports of `python -c 'import pyoxigraph'`", times["floor"],
                                         median(times["floor"]), ours)])


def whole_process(world: World, settings: Settings, naive_budget: int) -> None:
    """Missouri: warm `gaps` against a fresh engine process and a fresh rdflib process (T1)."""
    from statgraph.kg.queries import catalogue
    from statgraph.kg.base import prepare
    gaps = catalogue()["gaps"]
    plan = json.dumps(world.plan([("gaps", prepare(gaps.text, gaps.bindings({"state": world.state})))]))
    arguments = world.command("gaps")
    settle(world)
    engine_peaks, naive_peaks, naive_over = [], [], ""

    def engine() -> float:
        ran = spawn([PYTHON, str(HERE / "engine.py"), "once"], stdin_text=plan)
        engine_peaks.append(ran.peak_mb)
        return ran.seconds

    def rdflib() -> float | None:
        nonlocal naive_over
        ran = spawn([PYTHON, str(HERE / "naive.py"), "once", str(naive_budget)], stdin_text=plan,
                    timeout=naive_budget + 30)
        if ran.code != 0 or "over_budget" in ran.stdout:
            naive_over = f"over budget ({naive_budget} s)" if ran.code in (0, -9) else f"failed ({ran.code})"
            return None
        naive_peaks.append(ran.peak_mb)
        return ran.seconds

    times = interleave({"statgraph": timed_statgraph(world, arguments), "engine": engine, "rdflib": rdflib},
                       settings, rounds=max(5, settings.rounds), budget=float("inf"), max_runs={"rdflib": 3})
    ours = median(times["statgraph"])
    record(world, settings, "process/gaps-warm",
           f"statgraph gaps --state {world.state}, warm, process start to exit", times["statgraph"],
           [baseline(ENGINE, "fresh process: pyoxigraph parses the same Turtle, derives, runs gaps.rq",
                     times["engine"], median(times["engine"]), ours, peak_mb=median(engine_peaks)),
            baseline(RDFLIB, "fresh process: rdflib parses the same Turtle, derives, runs gaps.rq",
                     times["rdflib"], median(times["rdflib"]), ours, naive_over, peak_mb=median(naive_peaks))],
           target("T1", ENGINE) if world.name == "missouri" else None)


def cold(world: World, settings: Settings, rounds: int, goal: bool) -> None:
    """A first command with an empty cache (it compiles the store when the input is large)
    against a fresh engine process loading and deriving in memory (T4), with peak memory."""
    from statgraph.kg.queries import catalogue
    from statgraph.kg.base import prepare
    gaps = catalogue()["gaps"]
    plan = json.dumps(world.plan([("gaps", prepare(gaps.text, gaps.bindings({"state": world.state})))]))
    arguments = world.command("gaps")
    ours_peaks, engine_peaks = [], []

    def statgraph_cold() -> float:
        shutil.rmtree(world.cache, ignore_errors=True)
        ran = spawn(statgraph_argv(arguments), world.env)
        if ran.code != 0:
            raise SystemExit(f"statgraph {' '.join(arguments)} failed ({ran.code}):\n{ran.stderr[-2000:]}")
        ours_peaks.append(ran.peak_mb)
        return ran.seconds

    def engine() -> float:
        ran = spawn([PYTHON, str(HERE / "engine.py"), "once"], stdin_text=plan)
        engine_peaks.append(ran.peak_mb)
        return ran.seconds

    times = interleave({"statgraph": statgraph_cold, "engine": engine}, settings, rounds, budget=float("inf"))
    ours = median(times["statgraph"])
    record(world, settings, "process/gaps-cold",
           f"statgraph gaps --state {world.state}, cold (empty cache), process start to exit, peak memory",
           times["statgraph"],
           [baseline(ENGINE, "fresh process: pyoxigraph parses the same Turtle in memory, derives, runs gaps.rq",
                     times["engine"], median(times["engine"]), ours, peak_mb=median(engine_peaks))],
           target("T4", ENGINE) if goal else None, peak_mb=median(ours_peaks))
    print(f"  cold gaps: {ours:.2f} s, {median(ours_peaks):.0f} MB; engine {median(times['engine']):.2f} s", flush=True)


def per_state(small: World, large: World, settings: Settings, items_small: list[Item],
              items_large: list[Item]) -> None:
    """Each per-state command and query at the large world beside the same at the small one,
    interleaved (T3). Both run from their compiled stores (STATGRAPH_CACHE=always): by default
    the small world, under the cache's size threshold, would be parsed and derived on every run,
    and the comparison would be of loading, not of the per-state work."""
    always = {"STATGRAPH_CACHE": "always"}
    for world in (small, large):
        settle(world, always)  # builds the small world's store
    for a, b in zip(items_small, items_large):
        if not a.per_state:
            continue
        times = interleave({"small": timed_statgraph(small, a.arguments, always),
                            "large": timed_statgraph(large, b.arguments, always)}, settings)
        ours = median(times["large"])
        record(large, settings, f"per-state/{b.key}", f"{b.label}, warm (compiled store), at "
                                                      f"{large.name.replace('x', ' × ')} vs at "
                                                      f"{small.name.replace('x', ' × ')}",
               times["large"], [baseline(f"the same at {small.name.replace('x', ' × ')}",
                                         f"{a.label} with --data {small.name}", times["small"],
                                         median(times["small"]), ours)],
               target("T3", f"the same at {small.name.replace('x', ' × ')}"))
        print(f"  per state {b.label}: {ours:.3f} s vs {median(times['small']):.3f} s", flush=True)


def validation(world: World, settings: Settings) -> None:
    """benchmarks/validate.py against this world; its validate.json when it writes one, else its
    printed 'world beside vs alone' line as a record here (T5)."""
    results = HERE / "results" / "validate.json"
    before = results.stat().st_mtime if results.exists() else None
    ran = spawn([PYTHON, str(HERE / "validate.py"), "--world", world.data[0], "--rounds", str(settings.rounds)],
                world.env)
    if results.exists() and results.stat().st_mtime != before:
        print("  validation: benchmarks/results/validate.json written by validate.py", flush=True)
        return
    line = re.search(r"^one entry, world beside vs the same entry alone\s+([\d.]+)s\s+([\d.]+)s", ran.stdout, re.M)
    if ran.code != 0 or not line:
        print(f"  validation: validate.py gave no figure ({ran.code}): {ran.stderr[-500:]}", flush=True)
        return
    ours, alone = float(line[1]), float(line[2])
    entry = record(world, settings, "validate/world-beside", f"statgraph validate <MO report card> with the "
                                                             f"{world.description} world loaded beside it, process",
                   [ours], [baseline("the entry alone", "statgraph validate <MO report card>, bundled data",
                                     [alone], alone, ours)],
                   target("T5", "the entry alone"), note="medians of interleaved rounds, as validate.py printed them")
    entry["runs"] = entry["baselines"][0]["runs"] = settings.rounds


# -- a world from start to end ------------------------------------------------------------------

def make_world(spec: str, settings: Settings) -> World:
    out = settings.work / spec
    out.mkdir(parents=True, exist_ok=True)
    if spec == "missouri":
        return World("missouri", "Missouri (bundled)", [], "MO", out / "cache", out)
    states, sections = (int(n) for n in spec.split("x"))
    folder = out / "entries"
    if not folder.exists():
        ran = spawn(statgraph_argv(["synth", "--states", str(states), "--sections", str(sections),
                                    "-o", str(folder)]))
        if ran.code != 0:
            raise SystemExit(f"statgraph synth failed:\n{ran.stderr[-2000:]}")
        print(f"(synthetic {spec} written in {ran.seconds:.1f} s)", flush=True)
    return World(spec, f"{states} × {sections:,} synthetic", [str(folder)], STATE, out / "cache", out)


def measure_world(world: World, settings: Settings, cold_rounds: int, with_naive: bool,
                  items_too: bool = True) -> list[Item]:
    """Cold load, then every named query and command warm; ``items_too`` False: the cold
    figure only (the items are still made, for the per-state comparison)."""
    print(f"\n{world.description}", flush=True)
    if world.name != "missouri":
        cold(world, settings, cold_rounds, goal=world.name in ("51x2000", "51x20000"))
    engine = Resident("engine.py", world.plan())
    if "error" in engine.ready:
        raise SystemExit(f"engine.py failed to load {world.name}")
    world.description += f" ({engine.ready['quads'] / 1e6:.2f} M quads, derived included)" \
        if engine.ready["quads"] >= 1e6 else f" ({engine.ready['quads']:,} quads, derived included)"
    if world.name == "missouri":
        from statgraph.kg.queries import catalogue
        world.section = catalogue()["impact"].example["section"]
        whole_process(world, settings, settings.rdflib_load)
        startup(world, settings)
    else:
        from statgraph.kg.queries import catalogue
        from statgraph.kg.base import prepare
        statutes = catalogue()["statutes"]
        world.section = engine.ask(prepare(statutes.text, statutes.bindings({"state": world.state})))["first"][0]
    settle(world)
    items = named_query_items(world) + command_items(world)
    if not items_too:
        engine.close()
        return items
    naive, note = None, "not run at this size"
    if with_naive:
        naive = Resident("naive.py", world.plan(), [str(settings.rdflib_load)])
        if not naive.ready.get("ready"):
            naive.close()
            naive, note = None, f"over budget (parse + derive > {settings.rdflib_load} s)"
    print(f"  ({engine.ready['quads']:,} quads; engine parse {engine.ready['parse_s']:.2f} s + derive "
          f"{engine.ready['derive_s']:.2f} s; rdflib: {'loaded' if naive else note})", flush=True)
    measure_items(world, settings, items, engine, naive, note, "T2" if world.name == "51x2000" else None)
    if naive:
        naive.close()
    if world.name == "51x2000":
        impact = catalogue_text(world, "impact")
        times = interleave({"engine": lambda: engine.ask(impact)["seconds"]}, settings)
        record(world, settings, "memory/impact", f"impact {world.section} --state {world.state}, "
                                                 "the query alone on the in-memory store", times["engine"], [],
               target("T2b", None))
    engine.close()
    return items


def catalogue_text(world: World, name: str) -> str:
    from statgraph.kg.base import prepare
    from statgraph.kg.queries import catalogue
    query = catalogue()[name]
    values = {"state": world.state, "section": world.section}
    return prepare(query.text, query.bindings({k: v for k, v in values.items()
                                               if k in {p.name for p in query.params}}))


def write(world: World) -> Path:
    path = HERE / "results" / f"{world.name}.json"
    path.parent.mkdir(exist_ok=True)
    path.write_text(json.dumps({"world": world.name, "description": world.description, "records": world.records},
                               indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"  -> {path.relative_to(REPO)}", flush=True)
    return path


def machine() -> dict:
    import pyoxigraph
    import rdflib
    memory = next((int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal:")), 0) if Path("/proc/meminfo").exists() else 0
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=REPO)
    return {"cpus": os.cpu_count(), "memory_gb": round(memory / 1024 / 1024, 1),
            "python": platform.python_version(), "pyoxigraph": pyoxigraph.__version__,
            "rdflib": rdflib.__version__, "platform": platform.platform(), "commit": commit.stdout.strip()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--quick", action="store_true", help="Missouri, 5 x 200 and 51 x 200 (15 min)")
    mode.add_argument("--world", metavar="STATESxSECTIONS", help="one world only: missouri, 5x200, 51x200, "
                                                                 "51x2000 or 51x20000")
    mode.add_argument("--readme", action="store_true", help="only regenerate the README's tables from the results")
    parser.add_argument("--work", type=Path, help="folder for synthetic worlds and caches (default: a temporary "
                                                  "folder, removed at the end); kept when given")
    args = parser.parse_args()
    if args.readme:
        print("README.md rewritten" if readme_table.write_readme() else "README.md already up to date")
        return 0
    if args.world and not re.fullmatch(r"missouri|\d+x\d+", args.world):
        parser.error("--world takes missouri or STATESxSECTIONS, e.g. 51x20000")
    work = args.work or Path(tempfile.mkdtemp(prefix="statgraph-bench-"))
    settings = Settings(rounds=3, item_budget=20 if args.quick else 30, rdflib_load=60 if args.quick else 90,
                        rdflib_query=5 if args.quick else 30,
                        command_line="python benchmarks/bench.py " + " ".join(sys.argv[1:]),
                        date=datetime.now(timezone.utc).isoformat(timespec="seconds"), machine=machine(), work=work)
    settings.command_line = settings.command_line.strip()
    if args.world:
        specs = [args.world]
    else:
        specs = ["missouri", "5x200", "51x200"] + ([] if args.quick else ["51x2000"])
    start = time.perf_counter()
    print(f"{settings.machine} · {settings.rounds} interleaved rounds · work in {work}", flush=True)
    try:
        small_items: dict[str, tuple[World, list[Item]]] = {}
        for spec in specs:
            world = make_world(spec, settings)
            large = world.name.endswith("x20000")
            items = measure_world(world, settings, cold_rounds=1 if large else (2 if "2000" in spec else 3),
                                  with_naive=not large, items_too=spec != "5x200" or args.world == "5x200")
            if spec == "5x200":
                small_items[spec] = (world, items)
            if spec == "51x200":
                if "5x200" not in small_items:  # --world 51x200: the small world too, for the per-state ratio
                    small = make_world("5x200", settings)
                    small.section = world.section  # S02's sections are the same in every world
                    small_items["5x200"] = (small, named_query_items(small) + command_items(small))
                small, items_small = small_items["5x200"]
                per_state(small, world, settings, items_small, items)
            if spec == "51x2000":
                validation(world, settings)
            write(world)
            if spec != "5x200" or args.world:  # 5 x 200 stays warm for 51 x 200's comparison
                for done in [world] + ([small_items.pop("5x200")[0]] if spec == "51x200" else []):
                    shutil.rmtree(done.cache, ignore_errors=True)  # a resident process exits with its folder
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    print(f"\n(done in {time.perf_counter() - start:.0f} s; 'python benchmarks/bench.py --readme' updates the README)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
