"""A command stopped part-way (SIGTERM, as a CI runner or `timeout` sends it) leaves
nothing half-written: the previous output file, the compiled-store cache and the
server's graph are as they were, and no temporary file or folder stays behind."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

COMMAND = [sys.executable, "-m", "statgraph.cli"]


@pytest.fixture(scope="module")
def synthetic(synthetic_states) -> Path:
    """Large enough (about 45,000 triples) that export, push and the cache build take a while."""
    return synthetic_states(4, 600, seed=1)


def start(args: list[str], **env: str) -> subprocess.Popen:
    return subprocess.Popen(COMMAND + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, **env})


def assert_a_signal_stops_it_at_once(args: list[str], sent: int, code: int, after: float) -> None:
    """Start the command, send ``sent`` once it has run ``after`` seconds (deep in its work), and
    check it ends within a second with ``code`` and no traceback."""
    process = start(args)
    time.sleep(after)
    assert process.poll() is None, process.stderr.read()
    stopped_at = time.monotonic()
    process.send_signal(sent)
    _, err = process.communicate(timeout=60)
    assert process.returncode == code, err
    assert time.monotonic() - stopped_at < 1.0
    assert "Traceback" not in err


def wait_for(condition, process: subprocess.Popen, what: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if process.poll() is not None:
            pytest.fail(f"the command finished before {what}: {process.stderr.read()}")
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"gave up waiting for {what}")
        time.sleep(0.002)


def terminate(process: subprocess.Popen) -> tuple[int, str]:
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=60)
    return process.returncode, err


def test_terminated_export_keeps_the_previous_file(synthetic, tmp_path):
    out = tmp_path / "graph.ttl"
    out.write_text("previous", encoding="utf-8")
    process = start(["export", "--data", str(synthetic), "-o", str(out)], STATGRAPH_CACHE="off")
    wait_for(lambda: any(p.name.endswith(".tmp") for p in tmp_path.iterdir()), process,
             "the export started writing")
    code, err = terminate(process)
    assert code == 143, err
    assert "terminated; nothing was half-written" in err
    assert "Traceback" not in err
    assert out.read_text(encoding="utf-8") == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]


def test_terminated_cache_build_leaves_no_half_built_store(synthetic, tmp_path):
    cache = tmp_path / "cache"
    process = start(["info", "--data", str(synthetic)], STATGRAPH_CACHE="always", STATGRAPH_CACHE_DIR=str(cache))
    wait_for(lambda: cache.is_dir() and any(p.name.startswith(".build-") for p in cache.iterdir()), process,
             "the cache build started")
    code, err = terminate(process)
    assert code == 143, err
    # only the memo of file hashes may stay: no store, whole or half-built
    assert [p.name for p in cache.iterdir() if p.name != "hashes.json"] == []
    # the next run builds the store and answers
    again = subprocess.run(COMMAND + ["info", "--data", str(synthetic), "--format", "json"], capture_output=True,
                           text=True, env={**os.environ, "STATGRAPH_CACHE": "always",
                                           "STATGRAPH_CACHE_DIR": str(cache)})
    assert again.returncode == 0, again.stderr
    assert [p.name.startswith("store-") for p in cache.iterdir() if p.name != "hashes.json"] == [True]


class StallingProxy:
    """Forwards one HTTP request to the server but stops after ``limit`` bytes of it,
    as a connection does when the client dies mid-upload; then drops both sides."""

    def __init__(self, upstream_port: int, limit: int):
        self.upstream_port, self.limit = upstream_port, limit
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.stalled = threading.Event()
        self.client_gone = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        client, _ = self.listener.accept()
        upstream = socket.create_connection(("127.0.0.1", self.upstream_port))
        forwarded = 0
        while forwarded < self.limit:
            chunk = client.recv(min(65536, self.limit - forwarded))
            if not chunk:
                break
            upstream.sendall(chunk)
            forwarded += len(chunk)
        self.stalled.set()
        self.client_gone.wait(60)
        upstream.close()
        client.close()
        self.listener.close()


def test_push_killed_mid_upload_leaves_the_previous_dataset(synthetic, start_server):
    from statgraph.kg.remote import RemoteGraph
    server = start_server("oxigraph")
    first = subprocess.run(COMMAND + ["push", "--endpoint", server.query, "--update-endpoint", server.update],
                           capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    before = (len(RemoteGraph(server.query)), RemoteGraph(server.query).jurisdictions())
    assert before[0] > 3000

    port = int(server.update.rsplit(":", 1)[1].split("/")[0])
    proxy = StallingProxy(port, limit=200_000)
    update_through_proxy = f"http://127.0.0.1:{proxy.port}/update"
    pushing = start(["push", "--endpoint", server.query, "--update-endpoint", update_through_proxy,
                     "--data", str(synthetic)], STATGRAPH_CACHE="off")
    assert proxy.stalled.wait(60), "the upload never reached the proxy"
    code, err = terminate(pushing)
    proxy.client_gone.set()
    assert code == 143, err
    assert "Traceback" not in err and "still answers the previous dataset" in err
    time.sleep(0.5)  # let the server notice the dropped connection
    assert (len(RemoteGraph(server.query)), RemoteGraph(server.query).jurisdictions()) == before


def test_terminated_ingest_keeps_the_previous_draft(tmp_path):
    from test_ingest import SAMPLE
    report = tmp_path / "long.md"
    report.write_text(SAMPLE * 2500, encoding="utf-8")  # about 6 MB: ingest takes seconds
    out = tmp_path / "draft.ttl"
    out.write_text("previous", encoding="utf-8")
    process = start(["ingest", str(report), "--state", "MO", "-o", str(out)])
    time.sleep(1.0)
    assert process.poll() is None, "ingest finished before it could be stopped"
    code, err = terminate(process)
    assert code == 143, err
    assert "terminated; nothing was half-written" in err and "Traceback" not in err
    assert "statgraph: ingest: reading citations" in err  # progress is shown on long documents
    assert out.read_text(encoding="utf-8") == "previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["draft.ttl", "long.md"]


# --- a query that never ends: Ctrl-C, SIGTERM and --timeout stop it (issue #16, bullet 2) --------------

NEVER_ENDING = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }\n"  # 4,000³ rows


@pytest.fixture
def never_ending(tmp_path) -> Path:
    query = tmp_path / "cross.rq"
    query.write_text(NEVER_ENDING, encoding="utf-8")
    return query

