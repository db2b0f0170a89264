"""SPARQL servers the remote tests start on free loopback ports with their stock settings, and stop.

- Oxigraph (PyPI ``oxigraph``), started plainly, as a new user would: named graphs
  stay out of the default graph; and with ``--union-default-graph``.
- Virtuoso 7 (Debian's ``virtuoso-opensource-7-bin``) with the settings of
  Debian's own ``virtuoso.ini`` (``/usr/share/virtuoso-opensource-7/virtuoso.ini``
  of ``virtuoso-opensource-7``, copied below with only paths and ports changed:
  200 MB memory pool, 10,000 rows per answer, 60 s per query, 400 s estimated
  cost) and its stock accounts: anonymous reads on /sparql, updates only for an
  authenticated user on /sparql-auth (HTTP Digest), here ``dba`` with the
  password a fresh database has.
"""

from __future__ import annotations

import contextlib
import http.server
import os
import shutil
import socket
import subprocess
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from statgraph.kg.serve import free_port, oxigraph_binary  # noqa: F401 (re-exported for the tests)


@dataclass
class Server:
    name: str
    query: str
    update: str
    credentials: dict[str, str] = field(default_factory=dict)  # environment for statgraph


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


def start_oxigraph(location: Path, union: bool = False) -> tuple[subprocess.Popen, Server]:
    port = free_port()
    command = [oxigraph_binary(), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"]
    if union:
        command.append("--union-default-graph")
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_until_listening(port, process)
    base = f"http://127.0.0.1:{port}"
    return process, Server("Oxigraph (union default graph)" if union else "Oxigraph", f"{base}/query",
                           f"{base}/update")


# Debian's virtuoso.ini (virtuoso-opensource-7 7.2.5.1+dfsg1-0.3) without its comments, paths under
# {dir}, ports {isql} and {http} on loopback, and without the [Plugins] that need the full package.
VIRTUOSO_INI = """[Database]
DatabaseFile			= {dir}/virtuoso.db
ErrorLogFile			= {dir}/virtuoso.log
LockFile			= {dir}/virtuoso.lck
TransactionFile			= {dir}/virtuoso.trx
xa_persistent_file		= {dir}/virtuoso.pxa
ErrorLogLevel			= 7
FileExtend			= 200
MaxCheckpointRemap		= 2000
Striping			= 0
TempStorage			= TempDatabase
[TempDatabase]
DatabaseFile			= {dir}/virtuoso-temp.db
TransactionFile			= {dir}/virtuoso-temp.trx
MaxCheckpointRemap		= 2000
Striping			= 0
[Parameters]
ServerPort			= 127.0.0.1:{isql}
LiteMode			= 0
DisableUnixSocket		= 1
DisableTcpSocket		= 0
MaxClientConnections		= 10
CheckpointInterval		= 60
O_DIRECT			= 0
CaseMode			= 2
MaxStaticCursorRows		= 5000
CheckpointAuditTrail		= 0
AllowOSCalls			= 0
SchedulerInterval		= 10
DirsAllowed			= ., {dir}
ThreadCleanupInterval		= 0
ThreadThreshold			= 10
ResourcesCleanupInterval	= 0
FreeTextBatchSize		= 100000
SingleCPU			= 0
PrefixResultNames               = 0
RdfFreeTextRulesSize		= 100
IndexTreeMaps			= 256
MaxMemPoolSize                  = 200000000
MacSpotlight                    = 0
MaxQueryMem 		 	= 2G
VectorSize 		 	= 1000
MaxVectorSize 		 	= 1000000
AdjustVectorSize 	 	= 0
ThreadsPerQuery 	 	= 4
AsyncQueueMaxThreads 	 	= 10
NumberOfBuffers          = 10000
MaxDirtyBuffers          = 6000
[HTTPServer]
ServerPort			= 127.0.0.1:{http}
ServerRoot			= {dir}
MaxClientConnections		= 10
DavRoot				= DAV
EnabledDavVSP			= 0
HTTPProxyEnabled		= 0
TempASPXDir			= 0
ServerThreads			= 10
MaxKeepAlives			= 10
KeepAliveTimeout		= 10
MaxCachedProxyConnections	= 10
ProxyConnectionCacheTimeout	= 15
HTTPThreadSize			= 280000
HttpPrintWarningsInOutput	= 0
Charset				= UTF-8
EnabledGzipContent          	= 1
[Client]
SQL_PREFETCH_ROWS		= 100
SQL_PREFETCH_BYTES		= 16000
SQL_QUERY_TIMEOUT		= 0
SQL_TXN_TIMEOUT			= 0
[SPARQL]
ResultSetMaxRows           	= 10000
MaxQueryCostEstimationTime 	= 400
MaxQueryExecutionTime      	= 60
DefaultQuery               	= select distinct ?Concept where {{[] a ?Concept}} LIMIT 100
DeferInferenceRulesInit    	= 0
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
    """Virtuoso with Debian's stock settings, bound to loopback."""
    isql, http = free_port(), free_port()
    (folder / "virtuoso.ini").write_text(VIRTUOSO_INI.format(dir=folder, isql=isql, http=http))
    process = subprocess.Popen([virtuoso_binary(), "+foreground", "+configfile", str(folder / "virtuoso.ini")],
                               cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_until_listening(http, process, seconds=120)
    base = f"http://127.0.0.1:{http}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # the HTTP port opens before SPARQL is ready
        try:
            urllib.request.urlopen(base + "/sparql?query=ASK%7B%7D", timeout=5).read()
            break
        except OSError:
            time.sleep(0.5)
    return process, Server("Virtuoso", f"{base}/sparql", f"{base}/sparql-auth",
                           {"STATGRAPH_ENDPOINT_USER": "dba", "STATGRAPH_ENDPOINT_PASSWORD": "dba"})


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


KINDS = ("oxigraph", "oxigraph-union", "virtuoso")


def need(kind: str) -> None:
    """Skip the calling test, saying what to install, when the server of ``kind`` is absent."""
    if kind == "virtuoso":
        if not virtuoso_binary():
            pytest.skip("Virtuoso is not installed: apt-get install virtuoso-opensource-7-bin to run these tests")
    elif not oxigraph_binary():
        pytest.skip("the oxigraph server is not installed: pip install oxigraph (it is in the test extra)")


@contextlib.contextmanager
def running(kind: str, folder: Path) -> Iterator[Server]:
    """A stock server of ``kind`` (one of KINDS) keeping its database in ``folder``, stopped on exit."""
    need(kind)
    if kind == "virtuoso":
        process, server = start_virtuoso(folder)
    else:
        process, server = start_oxigraph(folder, union=kind == "oxigraph-union")
    try:
        yield server
    finally:
        stop(process)


def push(kg, server: Server) -> object:
    """Push ``kg`` to ``server`` as `statgraph push` does, with the server's credentials in the
    environment for the push alone."""
    from statgraph.kg.push import Pusher
    with environment(server.credentials):
        return Pusher(kg, server.query, server.update, 120.0).run()


@contextlib.contextmanager
def environment(values: dict[str, str]):
    """These environment variables set for the block, and put back as they were after it."""
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


# --- a canned HTTP server, for transport faults and for seeing what (if anything) was sent ---

class Canned:
    """A loopback HTTP server answering by path; records every request (path, headers, body)."""

    def __init__(self):
        self.routes: dict[str, tuple] = {}  # path -> (status, headers, body) or a callable(handler)
        self.seen: list[tuple[str, dict, bytes]] = []
        self.default = (200, {"Content-Type": "text/html"}, b"<html>not SPARQL</html>")
        owner = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                path = self.path.split("?")[0]
                owner.seen.append((path, dict(self.headers), body))
                route = owner.routes.get(path, owner.default)
                try:
                    if callable(route):
                        route(self, body)
                        return
                    status, headers, content = route
                    self.send_response(status)
                    for name, value in headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(content)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up, as a timeout test intends

            do_GET = do_POST

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()
