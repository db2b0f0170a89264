"""Warm starts: a compiled Oxigraph store on disk, keyed on the content of what it was built from.

A command that loads the same files as a previous one opens the stored store
read-only instead of parsing Turtle again. The key is a SHA-256 over
statgraph's version, the derivation queries and the full content of every
source file, read and hashed on every run (two threads; about 50 ms for the
75 MB of the 51 × 2,000 synthetic world, against a warm start of 0.9 s): an
edit that keeps a file's size and modification time is still seen.

Stores are built in a private folder and renamed into place, so two commands
running at once never see a half-built store. A builder holds a lock on its
folder while it works; a folder whose lock nobody holds was left by a killed
build and is removed by the next command that uses the cache. A command on a
large input writes the dump and leaves the bulk load to a background process
(``python -m statgraph.kg.cache``) that inherits the lock. A cache folder
statgraph may read but not write (a shared, read-only copy) is used as it is;
one it cannot use at all is skipped, and the command says so once, on standard
error. Stores are kept while there are at most KEEP of them and they fit in
the size limit (STATGRAPH_CACHE_MAX_MB, default 4,096); an input whose store
would not fit is not cached (a compiled store takes about 10 bytes per byte
of Turtle, now that statute dependencies are derived: 755 MB for the 75 MB of
the 51 × 2,000 world).

Below MIN_BYTES of Turtle, parsing into memory is as quick as opening a store
from disk (measured: 0.26 s either way for the bundled data, process start to
exit), so small inputs are compiled only for commands while resident processes
are on (statgraph.kg.resident), which then answer them from memory.

STATGRAPH_CACHE_DIR chooses the folder (default: the platform's user cache
folder from platformdirs, e.g. ~/.cache/statgraph, ~/Library/Caches/statgraph,
%LOCALAPPDATA%\\statgraph\\Cache); STATGRAPH_CACHE=off turns the cache off,
=always caches whatever the size.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from statgraph import __version__, bounded, resources
from statgraph.errors import EnvironmentFailure
from statgraph.kg import loader

KEEP = 6  # stores kept; older ones are removed
META = "statgraph.json"
LOCK = ".lock"
MIN_BYTES = 2_000_000  # inputs smaller than this parse as fast as a store opens
STORE_BYTES_PER_INPUT_BYTE = 10.1  # measured: the 75 MB of the 51 × 2,000 world made a 755 MB store
DEFAULT_MAX_MB = 4096
LARGE_NOTE_BYTES = 100 << 20  # say so when a store this large is written

_noted: set[str] = set()


def note(message: str) -> None:
    """Tell the user once per command about the cache (it never changes an answer)."""
    if message not in _noted:
        _noted.add(message)
        print(f"statgraph: note: {message}", file=sys.stderr, flush=True)


def wanted(files: list[loader.SourceFile], resident_process: bool = False) -> bool:
    """Whether a compiled store pays off for these files: when they are large, or, for a command,
    when a resident process may then answer from memory (statgraph.kg.resident)."""
    setting = os.environ.get("STATGRAPH_CACHE", "on").lower()
    if setting in ("off", "0", "no", "false"):
        return False
    if setting == "always":
        return True
    if setting not in ("on", "1", "yes", "true"):  # a typo should not pass unseen
        note(f"STATGRAPH_CACHE={setting[:40]!r} is not one of on, off, always; using on")
    if resident_process:
        from statgraph.kg import resident
        if resident.enabled():
            return True
    return sum(f.size for f in files) >= MIN_BYTES


def root() -> Path:
    explicit = os.environ.get("STATGRAPH_CACHE_DIR")
    if explicit:
        return Path(explicit)
    if sys.platform.startswith("linux"):  # platformdirs' rule for Linux, without importing it (3 ms a command)
        xdg = os.environ.get("XDG_CACHE_HOME", "")
        return Path(xdg if xdg.strip() else os.path.expanduser("~/.cache")) / "statgraph"
    import platformdirs
    return Path(platformdirs.user_cache_dir("statgraph", appauthor=False))


def max_bytes() -> int:
    try:
        return int(float(os.environ.get("STATGRAPH_CACHE_MAX_MB", DEFAULT_MAX_MB)) * (1 << 20))
    except ValueError:
        return DEFAULT_MAX_MB << 20


# --- the key ------------------------------------------------------------------------------

def _content_hash(source: loader.SourceFile | Path) -> str:
    import hashlib
    digest = hashlib.sha256()
    if isinstance(source, loader.SourceFile) and source.from_stdin:
        digest.update(source.read_bytes())
        return digest.hexdigest()
    path = source.path if isinstance(source, loader.SourceFile) else source
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def fingerprint(files: list[loader.SourceFile]) -> str:
    """What the store depends on: version, derivation queries, and each file's name and content."""
    queries = sorted((resources.queries_dir() / "derive").glob("*.rq"))
    if sum(f.size for f in files) < MIN_BYTES:  # a thread pool costs more than it saves here
        query_hashes = [_content_hash(q) for q in queries]
        file_hashes = [_content_hash(f) for f in files]
    else:
        from concurrent.futures import ThreadPoolExecutor
        with ThreadPoolExecutor(max_workers=2) as pool:  # hashlib hashes outside the GIL
            query_hashes = list(pool.map(_content_hash, queries))
            file_hashes = list(pool.map(_content_hash, files))
    import hashlib
    digest = hashlib.sha256(f"statgraph {__version__}\n".encode())
    for query, content in zip(queries, query_hashes):
        digest.update(f"derive {query.name} {content}\n".encode())
    for source, content in zip(files, file_hashes):
        digest.update(f"{source.role} {source.graph} {content}\n".encode())
    return digest.hexdigest()[:40]


# --- locks: a build in progress, or one a killed command left behind ------------------------------

def _hold_lock(folder: Path):
    """Lock a build folder for as long as the returned handle stays open (released by the
    system when the process dies, even by SIGKILL)."""
    handle = open(folder / LOCK, "w")
    try:
        import fcntl
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except ImportError:  # no flock (Windows): leftovers are then recognised by age
        pass
    return handle


def _abandoned(folder: Path) -> bool:
    """Whether a build folder's builder is gone: nobody holds its lock (or, without locks, it
    is more than an hour old)."""
    try:
        import fcntl
    except ImportError:
        try:
            return time.time() - folder.stat().st_mtime > 3600
        except OSError:
            return False
    try:
        descriptor = os.open(folder / LOCK, os.O_RDWR)  # never created here: only its builder makes it
    except FileNotFoundError:  # not yet locked, or its builder died before locking: judge by age
        try:
            return time.time() - folder.stat().st_mtime > 60
        except OSError:
            return False
    except OSError:
        return False
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True  # nobody holds it: the builder is gone
    except OSError:  # locked: a build in progress
        return False
    finally:
        os.close(descriptor)


def sweep(folder: Path | None = None) -> list[Path]:
    """Remove what killed commands left in the cache folder; returns what was removed."""
    folder = folder or root()
    removed = []
    try:
        leftovers = [p for p in folder.iterdir() if p.name.startswith((".build-", ".broken-"))]
    except OSError:
        return removed
    for leftover in leftovers:
        if leftover.name.startswith(".broken-") or _abandoned(leftover):
            shutil.rmtree(leftover, ignore_errors=True)
            if not leftover.exists():
                removed.append(leftover)
    return removed


# --- opening and saving ----------------------------------------------------------------------------

def _writable(folder: Path) -> bool:
    return os.access(folder, os.W_OK | os.X_OK)


def open_store(key: str, opened: bool = True) -> tuple[ox.Store | Callable[[], ox.Store], dict] | None:
    """The compiled store for a key, opened read-only, with its metadata; None if absent. With
    ``opened`` False, a function that opens it instead (a resident process answers the queries,
    so the store on disk may never be needed)."""
    base = root()
    folder = base / f"store-{key}"
    try:
        if not folder.is_dir():
            return None
    except OSError as error:
        note(f"the cache folder {base} cannot be read ({error.strerror}); going on without it")
        return None
    if _writable(base):
        sweep(base)
    try:
        meta = json.loads((folder / META).read_text(encoding="utf-8"))
        if not (isinstance(meta.get("counts"), dict) and isinstance(meta.get("derived"), int)):
            raise ValueError("metadata without counts")
        store = ox.Store.read_only(str(folder / "data")) if opened else \
            functools.partial(ox.Store.read_only, str(folder / "data"))
    except (OSError, ValueError, AttributeError, RuntimeError) as error:  # RuntimeError: RocksDB corruption
        if _writable(base):
            _discard(folder)  # damaged (a full disk, a hand edit): rebuild rather than trust it
        else:
            note(f"the compiled store in {folder} cannot be opened ({error}) and the cache is read-only; "
                 "going on without it")
        return None
    try:
        os.utime(folder / META)  # most recently used (a read-only cache keeps its order)
    except OSError:
        pass
    return store, meta


def _discard(folder: Path) -> None:
    """Move a folder out of the way, then delete it: another command may be reading a store, and
    an abandoned engine thread may still be writing a build."""
    aside = folder.with_name(f".broken-{folder.name.lstrip('.')}-{os.getpid()}")
    try:
        os.replace(folder, aside)
    except OSError:
        return
    shutil.rmtree(aside, ignore_errors=True)


def _make_folder(base: Path) -> bool:
    """Create the cache folder; False (and a note, once) when it cannot be written."""
    try:
        base.mkdir(parents=True, exist_ok=True)
        if _writable(base):
            return True
        problem = "it is read-only"
    except OSError as error:
        problem = error.strerror or str(error)
    note(f"cannot write the cache folder {base} ({problem}); going on without it: later commands "
         "parse the input again (set STATGRAPH_CACHE_DIR to a writable folder, or STATGRAPH_CACHE=off)")
    return False


def save_store(key: str, build, input_bytes: int = 0, inputs: list[str] | None = None,
               background: bool = False) -> tuple[ox.Store, dict]:
    """Build an in-memory store with ``build(store) -> meta``, publish a compiled copy, and
    return the in-memory store for the command at hand.

    The copy is written in a private folder (N-Quads dump, then Oxigraph's bulk loader:
    measured faster than loading Turtle into an on-disk store, 37 s against 52 s for
    1.8 million triples here) and renamed into place. With ``background`` (a command, on a
    large input), the bulk load is left to a process of its own, which inherits the build's
    lock: the bulk load took as long as parsing and deriving (147 s against 137 s at 51 ×
    2,000), and the command's answer does not need it. When the cache folder is not
    writable, statgraph carries on without it."""
    memory = ox.Store()
    meta = build(memory)
    base = root()
    estimate = int(input_bytes * STORE_BYTES_PER_INPUT_BYTE)
    if estimate > max_bytes():
        note(f"not caching this input: its compiled store would take about {estimate >> 20:,} MB, over the "
             f"cache's limit of {max_bytes() >> 20:,} MB (STATGRAPH_CACHE_MAX_MB)")
        return memory, meta
    if not _make_folder(base):
        return memory, meta
    sweep(base)
    # The folder's name is chosen before it exists, so a signal at any moment leaves nothing
    # that the handler below does not know about.
    work = base / f".build-{key}-{os.urandom(6).hex()}"
    lock = None
    try:
        try:
            work.mkdir(mode=0o700)
            lock = _hold_lock(work)
        except OSError as error:
            note(f"cannot write the cache folder {base} ({error.strerror}); going on without it")
            _discard(work)
            return memory, meta
        if estimate >= LARGE_NOTE_BYTES:
            note(f"compiling the input into {base}{' in the background' * background} (about "
                 f"{estimate >> 20:,} MB) so later commands open it at once; 'statgraph cache --clear' frees "
                 "the space")
        bounded.call(lambda: memory.dump(output=str(work / "all.nq"), format=ox.RdfFormat.N_QUADS),
                     what="writing the compiled store")
        described = {**meta, "created": time.time(), "input_bytes": input_bytes,
                     "inputs": (inputs or [])[:20], "input_count": len(inputs or [])}
        if not (background and _publish_in_background(work, key, described, lock)):
            _publish(work, key, described)
    except BaseException as error:
        # Moved aside first: after Ctrl-C or SIGTERM the engine thread may still be writing the
        # store by path, and must find nothing to write into under the build's name.
        _discard(work)
        if not isinstance(error, (OSError, EnvironmentFailure)):
            raise  # Ctrl-C, SIGTERM, a bug
        # a full disk, say: the answer does not depend on the cache
        note(f"could not write the compiled store in {base} ({error}); going on without it")
    finally:
        if lock is not None:
            lock.close()
        (base / f"store-{key}" / LOCK).unlink(missing_ok=True)
    prune(base)
    return memory, meta


def _publish(work: Path, key: str, meta: dict) -> None:
    """Bulk-load the dump in a build folder into an on-disk store and rename the folder into place."""
    disk = ox.Store(str(work / "data"))
    bounded.call(lambda: disk.bulk_load(path=str(work / "all.nq"), format=ox.RdfFormat.N_QUADS),
                 what="writing the compiled store")
    disk.flush()
    del disk  # closes the database before it moves
    (work / "all.nq").unlink()
    from statgraph.atomic import write_text
    write_text(work / META, json.dumps(meta))
    try:
        os.replace(work, work.parent / f"store-{key}")
    except OSError:  # another command published the same store first: theirs stands
        shutil.rmtree(work, ignore_errors=True)


PENDING = "pending.json"  # a build folder's metadata, for the process that finishes it


def _publish_in_background(work: Path, key: str, meta: dict, lock) -> bool:
    """Hand the bulk load to a process of its own; whether it started. It inherits the lock on
    the build folder, so the folder is never taken for one a killed build left."""
    import subprocess
    try:
        (work / PENDING).write_text(json.dumps(meta), encoding="utf-8")
        subprocess.Popen([sys.executable, "-m", "statgraph.kg.cache", str(work), key, str(lock.fileno())],
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                         start_new_session=True, pass_fds=(lock.fileno(),))
    except OSError:
        return False
    return True


def building(key: str) -> bool:
    """Whether a store for this key is being compiled now (by a command or in the background)."""
    try:
        return any(not _abandoned(folder) for folder in root().glob(f".build-{key}-*"))
    except OSError:
        return False


def _finish(work: Path, key: str) -> int:
    """The background half of a build (``python -m statgraph.kg.cache FOLDER KEY LOCK_FD``)."""
    try:
        meta = json.loads((work / PENDING).read_text(encoding="utf-8"))
        (work / PENDING).unlink()
        _publish(work, key, meta)
        (work.parent / f"store-{key}" / LOCK).unlink(missing_ok=True)
        prune(work.parent)
    except BaseException:  # a full disk, a cleared cache: commands parse the input themselves
        _discard(work)
        return 3
    return 0


def _folder_bytes(folder: Path) -> int:
    total = 0
    for path in folder.rglob("*"):
        try:
            if path.is_file():
                total += path.stat().st_size
        except OSError:
            pass
    return total


def _last_used(store: Path) -> float:
    try:
        return (store / META).stat().st_mtime
    except OSError:
        return 0.0


def prune(folder: Path) -> None:
    """Keep the most recently used stores while there are at most KEEP and they fit the limit."""
    try:
        stores = sorted(folder.glob("store-*"), key=_last_used, reverse=True)
    except OSError:
        return
    budget = max_bytes()
    for index, store in enumerate(stores):
        size = _folder_bytes(store)
        if index >= KEEP or (index > 0 and size > budget):
            shutil.rmtree(store, ignore_errors=True)
        else:
            budget -= size


# --- what 'statgraph cache' shows and clears --------------------------------------------------------

@dataclass
class StoreEntry:
    key: str
    bytes: int
    last_used: float
    inputs: int | None
    input_bytes: int | None
    leftover: bool = False
    resident: int | None = None  # the process id of the resident process serving it, if one is


def entries(folder: Path | None = None) -> list[StoreEntry]:
    from statgraph.kg import resident
    folder = folder or root()
    found = []
    for path in sorted(folder.iterdir()) if folder.is_dir() else []:
        if path.name.startswith("store-"):
            try:
                meta = json.loads((path / META).read_text(encoding="utf-8"))
            except (OSError, ValueError):
                meta = {}
            serving = resident.status(path) if resident.serving(path) else None
            found.append(StoreEntry(path.name.removeprefix("store-"), _folder_bytes(path), _last_used(path),
                                    meta.get("input_count"), meta.get("input_bytes"),
                                    resident=serving.get("pid") if serving else None))
        elif path.name.startswith((".build-", ".broken-")):
            found.append(StoreEntry(path.name, _folder_bytes(path), path.stat().st_mtime, None, None, True))
    return sorted(found, key=lambda e: -e.last_used)


def clear(folder: Path | None = None) -> tuple[int, int]:
    """Remove every store and leftover (not a build in progress), stopping the resident processes
    serving them; returns (folders, bytes) freed. A store is moved aside before it is deleted, so a
    command reading it meanwhile still can."""
    from statgraph.kg import resident
    folder = folder or root()
    count = freed = 0
    for entry in entries(folder):
        path = folder / (f"store-{entry.key}" if not entry.leftover else entry.key)
        if entry.leftover and path.name.startswith(".build-") and not _abandoned(path):
            continue
        if entry.resident:
            resident.stop(path)  # one that misses this sees its socket gone and exits within a second
        aside = path if entry.leftover else path.with_name(f".broken-{path.name}-{os.getpid()}")
        try:
            if aside != path:
                os.replace(path, aside)
        except OSError:
            continue
        shutil.rmtree(aside, ignore_errors=True)
        count += 1
        freed += entry.bytes
    for stale in (folder / "hashes.json",):  # the hash memo of earlier versions
        stale.unlink(missing_ok=True)
    return count, freed


if __name__ == "__main__":
    sys.exit(_finish(Path(sys.argv[1]), sys.argv[2]))  # the lock's descriptor (argv[3]) is held until exit
