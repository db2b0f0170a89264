"""Shared fixtures: the bundled graph (loaded once), the source report, and a CLI runner."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

import statgraph
from browser import browser  # noqa: F401  (one Chromium for the whole session, shared by the page tests)
from statgraph.cli import main

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
