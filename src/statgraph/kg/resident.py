"""Warm at every size: a resident process holding a compiled store in memory, reached over a socket.

A compiled store on disk (statgraph.kg.cache) opens at once but answers heavy
queries several times slower than the same store in memory (measured at 51 ×
2,000 sections: 1.3–16×). So a command that opens a compiled store starts, in
the background, one resident process for it: it copies the store into memory,
listens on a Unix socket inside the store's folder (``resident.sock``, only
its owner may connect) and answers SELECT texts until nobody has asked for
STATGRAPH_RESIDENT_IDLE seconds (default 600), then exits. Later commands send
their prepared query texts there and read the rows back; everything else (the
grammar, binding, checks, output) stays in the command.

It can never change an answer:
- the socket lives in the folder named by the content key of every input file,
  and each request carries that key, which the resident checks: an edited file
  is a new key, a new folder, and no resident until one is started for it;
- any failure (no resident, a refused key, a resident killed mid-answer, a
  short or malformed reply) makes the command answer itself from the store on
  disk, as it did before residents existed; rows arrive as SPARQL TSV, parsed
  by Oxigraph into the same terms a local query gives;
- the first command on a new input never starts one (a one-off command leaves
  no process behind); STATGRAPH_RESIDENT=off turns them off; ``statgraph
  cache`` lists them and ``--clear`` stops them, and a resident whose folder is
  removed exits within seconds.

Run as ``python -m statgraph.kg.resident FOLDER KEY`` (what :func:`start` does).
"""

from __future__ import annotations

import json
import os
import struct
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import socket

SOCKET = "resident.sock"
LOCK = "resident.lock"
DEFAULT_IDLE = 600.0  # seconds without a request before the resident exits
ACK_WAIT = 2.0  # seconds a command waits for a resident to take its request before answering itself
_HEADER = struct.Struct(">cI")  # kind, payload length
_MAX_PATH = 100  # a Unix socket path must fit in sun_path (108 bytes on Linux, 104 on macOS)


def enabled() -> bool:
    """On unless STATGRAPH_RESIDENT=off, where Unix sockets and file locks exist."""
    return os.name == "posix" and os.environ.get("STATGRAPH_RESIDENT", "on").lower() not in ("off", "0", "no", "false")


def idle_seconds() -> float:
    try:
        return max(1.0, float(os.environ.get("STATGRAPH_RESIDENT_IDLE", DEFAULT_IDLE)))
    except ValueError:
        return DEFAULT_IDLE


def _usable(folder: Path) -> bool:
    import socket  # here, not above: a command that uses no resident does not import it (2 ms)
    return hasattr(socket, "AF_UNIX") and (len(os.fsencode(folder / SOCKET)) <= _MAX_PATH
                                           or os.path.isdir(_PROC_FDS))


_PROC_FDS = "/proc/self/fd"


class _SocketPath:
    """A path to a socket in ``folder`` short enough for sun_path: the folder's own path when it
    fits, else (Linux) through ``/proc/self/fd/N``, an open descriptor of the folder — so a
    cache folder with a long path (a benchmark's temporary folder) still gets residents."""

    def __init__(self, folder: Path, name: str):
        self.descriptor = None
        full = folder / name
        if len(os.fsencode(full)) <= _MAX_PATH:
            self.text = str(full)
        else:
            self.descriptor = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
            self.text = f"{_PROC_FDS}/{self.descriptor}/{name}"

    def __enter__(self) -> str:
        return self.text

    def __exit__(self, *exc) -> None:
        if self.descriptor is not None:
            os.close(self.descriptor)


# --- framing ------------------------------------------------------------------------------------

def _send(connection: socket.socket, kind: bytes, payload: bytes) -> None:
    connection.sendall(_HEADER.pack(kind, len(payload)) + payload)


def _receive_exactly(connection: socket.socket, count: int) -> bytes:
    chunks, left = [], count
    while left:
        chunk = connection.recv(min(left, 1 << 20))
        if not chunk:
            raise ConnectionError("the resident closed the connection mid-answer")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _receive(connection: socket.socket) -> tuple[bytes, bytes]:
    kind, length = _HEADER.unpack(_receive_exactly(connection, _HEADER.size))
    return kind, _receive_exactly(connection, length)


# --- the command's side ---------------------------------------------------------------------------

def _connect(folder: Path) -> socket.socket | None:
    if not _usable(folder):
        return None
    import socket
    connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        connection.settimeout(ACK_WAIT)
        with _SocketPath(folder, SOCKET) as path:
            connection.connect(path)
        return connection
    except OSError:  # none there, or one that was killed and left its socket file
        connection.close()
        return None


def ask(folder: Path, key: str, prepared: str):
    """The resident's answer to a prepared SELECT text, as Oxigraph query solutions; None when
    there is no resident or it does not answer completely (the command then answers itself)."""
    import pyoxigraph as ox
    connection = _connect(folder)
    if connection is None:
        return None
    try:
        _send(connection, b"Q", json.dumps({"key": key, "query": prepared}).encode("utf-8"))
        kind, _ = _receive(connection)  # taken: from here the answer may take as long as the query
        if kind != b"A":
            return None
        connection.settimeout(None)
        kind, payload = _receive(connection)
        if kind != b"R":
            return None  # the resident could not answer: the command's own engine says why
        return ox.parse_query_results(payload, format=ox.QueryResultsFormat.TSV)
    except (OSError, ValueError, SyntaxError, struct.error):
        return None
    finally:
        connection.close()


def status(folder: Path) -> dict | None:
    """What a running resident says about itself (pid, key, requests served), or None."""
    connection = _connect(folder)
    if connection is None:
        return None
    try:
        _send(connection, b"S", b"")
        kind, payload = _receive(connection)
        return json.loads(payload) if kind == b"S" else None
    except (OSError, ValueError, struct.error):
        return None
    finally:
        connection.close()


def stop(folder: Path) -> bool:
    """Ask a resident to exit; whether one was there to ask."""
    connection = _connect(folder)
    if connection is None:
        return False
    try:
        _send(connection, b"X", b"")
        return _receive(connection)[0] == b"X"
    except (OSError, ValueError, struct.error):
        return False
    finally:
        connection.close()


def serving(folder: Path) -> bool:
    """Whether a resident is serving this store: its socket is there and its lock is held (two
    system calls; a resident killed by SIGKILL leaves the socket file, never the lock)."""
    return _usable(folder) and (folder / SOCKET).exists() and _locked(folder / LOCK)


def start(folder: Path, key: str) -> None:
    """Start a resident for a compiled store in the background, if none is running or starting.
    Nothing of it reaches the command's output, and the command does not wait for it."""
    if not _usable(folder) or not os.access(folder, os.W_OK) or _locked(folder / LOCK):
        return  # a read-only cache is used as it is
    import subprocess
    try:
        subprocess.Popen([sys.executable, "-m", "statgraph.kg.resident", str(folder.resolve()), key],
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                         start_new_session=True, close_fds=True)  # its own session: Ctrl-C is the command's
    except OSError:
        pass  # the answer never depends on it


def _locked(path: Path) -> bool:
    """Whether a resident holds this lock (it does for as long as it lives, even when killed)."""
    try:
        import fcntl
    except ImportError:
        return True  # no flock: residents are not started
    try:
        descriptor = os.open(path, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(descriptor, fcntl.LOCK_SH | fcntl.LOCK_NB)
        return False
    except OSError:
        return True
    finally:
        os.close(descriptor)


# --- the resident's side ---------------------------------------------------------------------------

class _Resident:
    def __init__(self, folder: Path, key: str, store) -> None:
        self.folder, self.key, self.store = folder, key, store
        self.served = 0
        self.answering = 0  # queries being evaluated now
        self.busy = 0
        self.last = time.monotonic()
        self.started = time.time()
        import threading
        self.stopping = threading.Event()
        self.guard = threading.Lock()

    def handle(self, connection: socket.socket) -> None:
        import pyoxigraph as ox
        with self.guard:
            self.busy += 1
        try:
            kind, payload = _receive(connection)
            if kind == b"S":
                _send(connection, b"S", json.dumps({"pid": os.getpid(), "key": self.key, "served": self.served,
                                                    "answering": self.answering,
                                                    "started": self.started}).encode())
                return
            if kind == b"X":
                self.stopping.set()
                _send(connection, b"X", b"")
                return
            request = json.loads(payload)
            if kind != b"Q" or request.get("key") != self.key:
                _send(connection, b"N", b"")  # not this store's key: the command answers itself
                return
            _send(connection, b"A", b"")
            with self.guard:
                self.answering += 1
            try:
                answer = self.store.query(request["query"], use_default_graph_as_union=True)
                if not isinstance(answer, ox.QuerySolutions):
                    raise ValueError("not a SELECT query")
                rows = answer.serialize(format=ox.QueryResultsFormat.TSV)
            except Exception as error:  # the command's own engine reports it the usual way
                _send(connection, b"E", str(error).encode("utf-8", "replace"))
                return
            finally:
                with self.guard:
                    self.answering -= 1
            _send(connection, b"R", rows)
            with self.guard:
                self.served += 1
        except (OSError, ValueError, struct.error):
            pass  # the command went away (Ctrl-C, --timeout): nothing to tell it
        finally:
            connection.close()
            with self.guard:
                self.busy -= 1
                self.last = time.monotonic()

    def serve(self, listener: socket.socket, path: Path, identity: int, idle: float) -> None:
        import threading
        listener.settimeout(1.0)
        while not self.stopping.is_set():
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                try:
                    gone = os.stat(path).st_ino != identity  # the cache was cleared, or another took over
                except OSError:
                    gone = True
                with self.guard:
                    quiet = self.busy == 0 and time.monotonic() - self.last > idle
                if gone or quiet:
                    return
                continue
            connection.settimeout(None)
            threading.Thread(target=self.handle, args=(connection,), daemon=True).start()


def _load(folder: Path):
    """The compiled store copied into memory: Oxigraph dumps it and parses the dump through a
    pipe (walking the quads from Python took 200 s at 51 × 2,000)."""
    import threading

    import pyoxigraph as ox
    disk = ox.Store.read_only(str(folder / "data"))
    memory = ox.Store()
    reading, writing = os.pipe()
    failure: list[BaseException] = []

    def dump() -> None:
        with open(writing, "wb") as sink:
            try:
                disk.dump(output=sink, format=ox.RdfFormat.N_QUADS)
            except BaseException as error:  # the loader then sees a short file and fails too
                failure.append(error)

    writer = threading.Thread(target=dump, daemon=True)
    writer.start()
    with open(reading, "rb") as source:
        memory.load(input=source, format=ox.RdfFormat.N_QUADS)
    writer.join()
    if failure:
        raise failure[0]
    return memory


def main(folder_text: str, key: str) -> int:
    import fcntl
    import socket

    from statgraph import limits
    folder = Path(folder_text)
    os.chdir("/")  # hold no folder of the command's busy (the store's path is absolute)
    lock = open(folder / LOCK, "a")
    try:
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return 0  # another resident serves this store, or is starting to
    meta = json.loads((folder / "statgraph.json").read_text(encoding="utf-8"))
    if not limits.fits(int(meta.get("input_bytes") or 0), limits.LOAD_FACTOR):
        return 0  # commands keep reading the store on disk
    store = _load(folder)
    path = folder / SOCKET
    staging = folder / f".resident-{os.getpid()}.sock"
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    old_mask = os.umask(0o077)  # only the owner may connect
    try:
        with _SocketPath(folder, staging.name) as short:
            listener.bind(short)
    finally:
        os.umask(old_mask)
    listener.listen(16)
    os.replace(staging, path)  # ready: commands find it only now
    identity = os.stat(path).st_ino
    try:
        _Resident(folder, key, store).serve(listener, path, identity, idle_seconds())
    finally:
        try:
            if os.stat(path).st_ino == identity:
                path.unlink()
        except OSError:
            pass
        listener.close()
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1], sys.argv[2]))
    except (OSError, ValueError, MemoryError, RuntimeError):
        sys.exit(3)  # nobody is waiting for it: commands answer themselves
