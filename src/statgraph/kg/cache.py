"""Warm starts: a compiled Oxigraph store on disk, keyed on the content of what it was built from.

A command that loads the same files as a previous one opens the stored store
read-only instead of parsing Turtle again. The key hashes statgraph's version,
the derivation queries and every source file's content; a file's hash is
remembered with its size and modification time, so unchanged files are not
read again. Stores are built in a private temporary folder and renamed into
place, so two commands running at once never see a half-built store: the
first rename wins and the other builder throws its copy away.

Below MIN_BYTES of Turtle, parsing into memory is as quick as opening a store
from disk (measured: 0.26 s either way for the bundled data, process start to
exit), so small inputs are not cached.

STATGRAPH_CACHE_DIR chooses the folder (default: $XDG_CACHE_HOME/statgraph or
~/.cache/statgraph); STATGRAPH_CACHE=off turns the cache off, =always caches
whatever the size.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

from statgraph import __version__

from statgraph.kg import loader

from statgraph import resources

KEEP = 6  # stores kept; older ones are removed
META = "statgraph.json"
MIN_BYTES = 2_000_000  # inputs smaller than this parse as fast as a store opens


def wanted(files: list[loader.SourceFile]) -> bool:
    """Whether a compiled store pays off for these files."""
    setting = os.environ.get("STATGRAPH_CACHE", "on").lower()
    if setting in ("off", "0", "no", "false"):
        return False
    if setting == "always":
        return True
    return sum(f.path.stat().st_size for f in files) >= MIN_BYTES


def root() -> Path:
    explicit = os.environ.get("STATGRAPH_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "statgraph"


def _file_hash(path: Path, memo: dict) -> str:
    stat = path.stat()
    key = str(path.resolve())
    known = memo.get(key)
    if known and known[0] == stat.st_size and known[1] == stat.st_mtime_ns:
        return known[2]
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    memo[key] = [stat.st_size, stat.st_mtime_ns, digest.hexdigest()]
    return memo[key][2]


def fingerprint(files: list[loader.SourceFile]) -> str:
    """What the store depends on: version, derivation queries, and each file's name and content."""
    folder = root()
    memo_path = folder / "hashes.json"
    try:
        memo = json.loads(memo_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        memo = {}
    digest = hashlib.sha256(f"statgraph {__version__}\n".encode())
    for query in sorted((resources.queries_dir() / "derive").glob("*.rq")):
        digest.update(f"derive {query.name} {_file_hash(query, memo)}\n".encode())
    for source in files:
        digest.update(f"{source.role} {source.graph} {_file_hash(source.path, memo)}\n".encode())
    _write_json(memo_path, memo)
    return digest.hexdigest()[:40]


def _write_json(path: Path, data: dict) -> None:
    """Best effort: the cache folder may be read-only; statgraph works without it."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(data, out)
        os.replace(temp, path)
    except OSError:
        pass


def open_store(key: str) -> tuple[ox.Store, dict] | None:
    """The compiled store for a key, opened read-only, with its metadata; None if absent."""
    folder = root() / f"store-{key}"
    if not folder.is_dir():
        return None
    try:
        meta = json.loads((folder / META).read_text(encoding="utf-8"))
        if not (isinstance(meta.get("counts"), dict) and isinstance(meta.get("derived"), int)):
            raise ValueError("metadata without counts")
        store = ox.Store.read_only(str(folder / "data"))
        os.utime(folder / META)  # most recently used
    except (OSError, ValueError, AttributeError, RuntimeError):  # RuntimeError: RocksDB corruption
        _discard(folder)  # damaged (a full disk, a hand edit): rebuild rather than trust it
        return None
    return store, meta


def _discard(folder: Path) -> None:
    """Move a broken store out of the way, then delete it; another command may be reading it."""
    aside = folder.with_name(f".broken-{folder.name}-{os.getpid()}")
    try:
        os.replace(folder, aside)
    except OSError:
        return
    shutil.rmtree(aside, ignore_errors=True)


def save_store(key: str, build) -> tuple[ox.Store, dict]:
    """Build an in-memory store with ``build(store) -> meta``, publish a compiled copy, and
    return the in-memory store for the command at hand.

    The copy is written in a private folder (N-Quads dump, then Oxigraph's bulk loader:
    measured faster than loading Turtle into an on-disk store, 37 s against 52 s for
    1.8 million triples here) and renamed into place. When the cache folder is not
    writable, statgraph carries on without it."""
    memory = ox.Store()
    meta = build(memory)
    folder = root()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(dir=folder, prefix=f".build-{key}-"))
    except OSError:
        return memory, meta
    try:
        memory.dump(output=str(work / "all.nq"), format=ox.RdfFormat.N_QUADS)
        disk = ox.Store(str(work / "data"))
        disk.bulk_load(path=str(work / "all.nq"), format=ox.RdfFormat.N_QUADS)
        disk.flush()
        del disk  # closes the database before it moves
        (work / "all.nq").unlink()
        (work / META).write_text(json.dumps(meta), encoding="utf-8")
        try:
            os.replace(work, folder / f"store-{key}")
        except OSError:  # another command published the same store first: theirs stands
            shutil.rmtree(work, ignore_errors=True)
    except OSError:
        shutil.rmtree(work, ignore_errors=True)  # a full disk, say: the answer does not depend on it
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    _prune(folder)
    return memory, meta


def _prune(folder: Path) -> None:
    stores = sorted(folder.glob("store-*"), key=lambda p: (p / META).stat().st_mtime if (p / META).exists() else 0)
    for old in stores[:-KEEP]:
        shutil.rmtree(old, ignore_errors=True)
    for stale in folder.glob(".build-*"):  # builds that a killed command left behind
        try:
            if time.time() - stale.stat().st_mtime > 3600:
                shutil.rmtree(stale, ignore_errors=True)
        except OSError:
            pass
