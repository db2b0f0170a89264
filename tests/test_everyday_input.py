"""The small things (issue #16, bullet 7): .TTL in any case, '-' for standard input wherever a
file is read, and progress that reads well when standard error is a pipe or a file."""

from __future__ import annotations

import os
import subprocess
import sys

from statgraph import resources

COMMAND = [sys.executable, "-m", "statgraph.cli"]
MO = resources.graph_data_dir() / "jurisdictions" / "us-mo"


def run(args: list[str], stdin: bytes | None = None, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(COMMAND + args, input=stdin, capture_output=True, timeout=300,
                          env={**os.environ, **env})


def test_validate_the_same_standard_input_it_loads():
    statutes = (MO / "statutes.ttl").read_bytes()
    checked = run(["validate", "-", "--data", str(MO / "report-card-2023.ttl"), "--data", "-"], stdin=statutes)
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.decode().startswith("standard input: no violations, 4 warnings")


def test_a_query_from_standard_input():
    query = b"PREFIX sg: <https://w3id.org/statgraph/ontology#>\nSELECT ?code WHERE { ?j sg:code ?code } ORDER BY ?code\n"
    done = run(["query", "-", "--format", "csv"], stdin=query)
    assert done.returncode == 0, done.stderr
    assert done.stdout == b"code\nMO\nUS\n"


def test_ingest_from_standard_input(tmp_path):
    from test_ingest import SAMPLE
    out = tmp_path / "draft.ttl"
    done = run(["ingest", "-", "--state", "MO", "-o", str(out)], stdin=SAMPLE.encode("utf-8"))
    assert done.returncode == 0, done.stderr
    assert done.stdout.decode().startswith(f"wrote {out} from standard input:")
    assert 'dcterms:identifier "standard input"' in out.read_text(encoding="utf-8")


def test_progress_in_a_terminal_rewrites_one_line():
    import io

    from statgraph.progress import Progress

    class Terminal(io.StringIO):
        def isatty(self):
            return True
    screen = Terminal()
    with Progress("synth", screen) as progress:
        progress("1/2 jurisdictions")
        progress("2/2 jurisdictions")
    assert screen.getvalue() == ("\rstatgraph: synth: 1/2 jurisdictions\x1b[K"
                                 "\rstatgraph: synth: 2/2 jurisdictions\x1b[K\n")
