"""statgraph serve: Oxigraph's SPARQL server (the PyPI ``oxigraph`` package) over the loaded graph.

The loaded quads are written to an on-disk store in a private temporary folder,
which the server then opens (read-only unless asked otherwise) on 127.0.0.1
with a union default graph, so any SPARQL client, and the server's own query
page, sees every file's triples and the derived values without naming graphs.
The folder is removed when the server stops (Ctrl-C or SIGTERM).
"""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from statgraph.errors import EnvironmentFailure, InputError
from statgraph.kg.store import EmbeddedGraph


def oxigraph_binary() -> str | None:
    """The oxigraph server installed with the PyPI package: beside this Python, or on PATH."""
    beside = Path(sys.executable).parent / "oxigraph"
    return str(beside) if beside.exists() else shutil.which("oxigraph")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def write_store(kg: EmbeddedGraph, folder: Path) -> None:
    store = ox.Store(str(folder))
    store.bulk_extend(kg.store)
    store.flush()
    del store  # closes the store, so the server can open it


def _wait_for_ctrl_c(process: subprocess.Popen) -> int | None:
    """Wait until Ctrl-C (SIGINT) stops the server (None), or it stops by itself (its exit code)."""
    stopping = []

    def on_interrupt(signum, frame):
        stopping.append(signum)
        process.terminate()

    in_main = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGINT, on_interrupt) if in_main else None
    try:
        code = process.wait()
    finally:
        if in_main:
            signal.signal(signal.SIGINT, previous)
    return None if stopping else code


def serve(kg: EmbeddedGraph, port: int = 0, writable: bool = False,
          say: Callable[[str], None] | None = None, started: Callable[[int], None] | None = None) -> None:
    """Run the server until Ctrl-C (or SIGTERM); prints where to find it."""
    say = say or (lambda line: print(line, flush=True))
    binary = oxigraph_binary()
    if binary is None:
        raise EnvironmentFailure("the Oxigraph server is not installed",
                                 hint="pip install 'statgraph[serve]' (or pip install oxigraph)")
    if port and not 0 < port < 65536:
        raise InputError(f"--port must be between 1 and 65535, got {port}")
    if port and _listening(port):
        raise EnvironmentFailure(f"port {port} on 127.0.0.1 is already in use", hint="leave out --port for a free one")
    folder = Path(tempfile.mkdtemp(prefix="statgraph-serve-"))
    process = None
    try:
        write_store(kg, folder / "store")
        port = port or free_port()
        command = [binary, "serve" if writable else "serve-read-only", "--location", str(folder / "store"),
                   "--bind", f"127.0.0.1:{port}", "--union-default-graph"]
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 30
        while not _listening(port):
            if process.poll() is not None:
                detail = process.stderr.read().decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
                raise EnvironmentFailure(f"the Oxigraph server stopped at start (exit {process.returncode}): "
                                         f"{detail[0][:200]}")
            if time.monotonic() > deadline:
                raise EnvironmentFailure(f"the Oxigraph server did not listen on port {port} within 30 s")
            time.sleep(0.05)
        base = f"http://127.0.0.1:{port}"
        say(f"statgraph serve: {len(kg):,} triples ({kg.derived_count:,} derived), "
            f"{'read-write' if writable else 'read-only'}")
        say(f"  query page:  {base}/")
        say(f"  --endpoint   {base}/query")
        if writable:
            say(f"  updates:     {base}/update")
        say("  Ctrl-C stops the server")
        if started:
            started(port)
        code = _wait_for_ctrl_c(process)
        if code is not None:
            raise EnvironmentFailure(f"the Oxigraph server stopped with exit code {code}")
        say("statgraph serve: stopped")
    finally:
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        shutil.rmtree(folder, ignore_errors=True)
