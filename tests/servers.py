"""SPARQL servers the remote tests start on a free loopback port, and stop afterwards."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Server:
    query: str
    update: str
    name: str


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_listening(port: int, process: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited early with code {process.returncode}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"the server did not listen on port {port} within {seconds} s")


def oxigraph_binary() -> str | None:
    beside_python = Path(sys.executable).parent / "oxigraph"
    return str(beside_python) if beside_python.exists() else shutil.which("oxigraph")


def start_oxigraph(location: Path) -> tuple[subprocess.Popen, Server]:
    port = free_port()
    process = subprocess.Popen(
        [oxigraph_binary(), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}",
         "--union-default-graph"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wait_until_listening(port, process)
    base = f"http://127.0.0.1:{port}"
    return process, Server(f"{base}/query", f"{base}/update", "Oxigraph")


VIRTUOSO_INI = """[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{isql}
DirsAllowed = ., {dir}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
MaxMemPoolSize = 2000000000
[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {dir}
EnabledDavVSP = 0
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 300
DefaultGraph =
"""


def virtuoso_binary() -> str | None:
    for name in ("virtuoso-t", "virtuoso"):
        found = shutil.which(name)
        if found:
            return found
    for candidate in ("/usr/bin/virtuoso-t", "/usr/lib/virtuoso-opensource-7/bin/virtuoso-t"):
        if os.path.exists(candidate):
            return candidate
    return None


def start_virtuoso(folder: Path) -> tuple[subprocess.Popen, Server]:
    """Virtuoso bound to loopback, with SPARQL update granted to the anonymous web user."""
    isql, http = free_port(), free_port()
    (folder / "virtuoso.ini").write_text(VIRTUOSO_INI.format(dir=folder, isql=isql, http=http))
    process = subprocess.Popen([virtuoso_binary(), "+foreground", "+configfile", str(folder / "virtuoso.ini")],
                               cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_until_listening(http, process, seconds=120)
    isql_binary = shutil.which("isql-vt") or shutil.which("isql") or "/usr/bin/isql-vt"
    grant = "GRANT SPARQL_UPDATE TO \"SPARQL\"; GRANT SPARQL_SPONGE TO \"SPARQL\";"
    subprocess.run([isql_binary, f"127.0.0.1:{isql}", "dba", "dba", f"exec={grant}"],
                   capture_output=True, timeout=60, check=False)
    endpoint = f"http://127.0.0.1:{http}/sparql"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # the HTTP port opens before SPARQL is ready
        try:
            urllib.request.urlopen(endpoint + "?query=ASK%7B%7D", timeout=5).read()
            break
        except OSError:
            time.sleep(0.5)
    return process, Server(endpoint, endpoint, "Virtuoso")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
