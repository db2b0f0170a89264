"""Shared fixtures: the bundled graph (loaded once), the source report, a CLI runner, synthetic
worlds (built once per size), SPARQL servers and canned HTTP servers on free ports, and the one
free-port helper."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

import statgraph
import servers
from browser import browser  # noqa: F401  (one Chromium for the whole session, shared by the page tests)
from statgraph.cli import main
from statgraph.kg.serve import free_port  # noqa: F401  (the tests' one free-port helper: the library's own)

# Property tests: a short campaign in CI; HYPOTHESIS_PROFILE=long for a longer one.
settings.register_profile("ci", max_examples=600, deadline=None,
                          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
settings.register_profile("long", max_examples=20_000, deadline=None,
                          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

REPO = Path(__file__).resolve().parents[1]
SOURCE = Path(os.environ.get(
    "STATGRAPH_SOURCE", REPO.parent / "shared" / "sources" / "missouri-2023-report-card.md"))


@pytest.fixture(scope="session")
def kg() -> statgraph.KnowledgeGraph:
    return statgraph.load()


@pytest.fixture(scope="session")
def source_lines() -> list[str]:
    """The Missouri report's lines (index 0 = line 1). The report is not in the repository:
    tests that check the data against it skip, saying why, when it is absent."""
    if not SOURCE.is_file():
        pytest.skip(f"source report not found at {SOURCE} (set STATGRAPH_SOURCE to its path)")
    return SOURCE.read_text(encoding="utf-8").splitlines()


@pytest.fixture(scope="session")
def synthetic_states(tmp_path_factory, kg) -> Callable[..., Path]:
    """synthetic_states(states, sections, seed=1) -> a folder of `statgraph synth` entries, built by the
    library once per session for each size and seed. Shared: a test must not write into it."""
    from statgraph.authoring.synth import synthesise
    built: dict[tuple[int, int, int], Path] = {}

    def build(states: int, sections: int, seed: int = 1) -> Path:
        key = (states, sections, seed)
        if key not in built:
            folder = tmp_path_factory.mktemp(f"synthetic-{states}x{sections}-seed{seed}")
            synthesise(kg, states, sections, folder, seed)
            built[key] = folder
        return built[key]

    return build


@pytest.fixture
def start_server(tmp_path_factory) -> Callable[..., servers.Server]:
    """start_server(kind="oxigraph") -> Server: a stock server (servers.KINDS) on free loopback
    ports with an empty database, stopped when the test ends; skips when it is not installed."""
    with contextlib.ExitStack() as running:
        def start(kind: str = "oxigraph") -> servers.Server:
            return running.enter_context(servers.running(kind, tmp_path_factory.mktemp(kind)))

        yield start


@pytest.fixture(scope="session")
def pushed_server(tmp_path_factory, kg) -> Callable[[str], servers.Server]:
    """pushed_server(kind) -> Server holding the bundled graph, pushed by statgraph: one server of
    each kind for the whole session, so tests that only read must leave its data as it is."""
    with contextlib.ExitStack() as running:
        held: dict[str, servers.Server] = {}

        def get(kind: str) -> servers.Server:
            if kind not in held:
                server = running.enter_context(servers.running(kind, tmp_path_factory.mktemp(f"pushed-{kind}")))
                servers.push(kg, server)
                held[kind] = server
            return held[kind]

        yield get


@pytest.fixture
def canned() -> servers.Canned:
    """A loopback HTTP server answering by path (``routes``) and recording every request (``seen``)."""
    server = servers.Canned()
    yield server
    server.close()


@pytest.fixture
def other_canned() -> servers.Canned:
    """A second canned server: another origin (port) beside ``canned``."""
    server = servers.Canned()
    yield server
    server.close()


@dataclass
class Run:
    code: int
    out: str
    err: str


@pytest.fixture
def cli(capsys):
    """Run the CLI in-process: cli("gaps", "--state", "MO") -> Run(code, out, err)."""

    def run(*args: str) -> Run:
        try:
            code = main([str(a) for a in args])
        except SystemExit as exit_:  # argparse's usage errors, --help and --version
            code = exit_.code if isinstance(exit_.code, int) else 2
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


def pytest_configure(config):
    """Compiled stores go to a folder of the test run, not the user's cache."""
    import tempfile
    os.environ.setdefault("STATGRAPH_CACHE_DIR", tempfile.mkdtemp(prefix="statgraph-test-cache-"))
    # No resident processes outliving a test (statgraph.kg.resident): tests/test_resident.py turns them on.
    os.environ.setdefault("STATGRAPH_RESIDENT", "off")
