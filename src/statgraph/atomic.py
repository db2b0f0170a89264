"""Write files so that a reader sees the old content or the new, never half of either,
and never over a file the command reads.

- A regular file (or a new one) is written to a temporary file beside it, flushed to
  disk, and renamed into place; the old file's permissions are kept.
- A symbolic link is followed: the file it points to is replaced as above and the link
  stays, which is what someone who writes to a link means.
- A FIFO or a device (``-o /dev/stdout``, a named pipe) cannot be renamed over: it is
  written directly, as a stream.
- A path that resolves to an input of the command (see :func:`refuse_inputs`) is refused.

Failures of the file system (no space, no permission) are environment errors (exit 3);
a folder that does not exist or a path that is a folder is the user's input (exit 2).
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO

from statgraph.errors import EnvironmentFailure, InputError


def _mode_for(path: Path) -> int:
    """Keep an existing file's permissions; give a new one the usual umask-based mode."""
    try:
        return path.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _failure(path: Path, error: OSError) -> EnvironmentFailure | InputError:
    if error.errno in (errno.ENOENT, errno.ENOTDIR):
        return InputError(f"cannot write {path}: folder {path.parent} does not exist")
    return EnvironmentFailure(f"cannot write {path}: {error.strerror or error}")


def target_of(path: Path) -> Path:
    """Where writing ``path`` puts the bytes: symbolic links followed (even a dangling one)."""
    path = Path(path)
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def is_stream(path: Path) -> bool:
    """Whether ``path`` is written as a stream rather than replaced: an existing FIFO, terminal
    or other device (``/dev/stdout``, ``/dev/null``, a named pipe), or anything under /dev or /proc."""
    if str(path).startswith(("/dev/", "/proc/")):
        return True
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def write_atomically(path: Path, write: Callable[[IO[bytes]], None]) -> None:
    """Call ``write`` with a temporary file beside ``path``, then rename it into place."""
    path = Path(path)
    if is_stream(path):  # a FIFO, a terminal, /dev/stdout: written as it comes
        try:
            with open(path, "wb") as stream:
                write(stream)
        except OSError as error:
            raise _failure(path, error) from None
        return
    path = target_of(path)
    if path.is_dir():
        raise InputError(f"cannot write {path}: it is a folder; give a file name")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise InputError(f"cannot write {path}: folder {folder} does not exist")
    # Named before it exists, so a signal at any moment leaves nothing the handler below misses.
    # os.urandom, what secrets.token_hex uses, without importing secrets (hmac and OpenSSL: 3 ms a command)
    temp_name = folder / f".{path.name}.{os.urandom(6).hex()}.tmp"
    try:
        try:
            handle = os.open(temp_name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except OSError as error:
            raise _failure(path, error) from None
        os.fchmod(handle, _mode_for(path))
        with os.fdopen(handle, "wb") as temp_file:
            write(temp_file)
            temp_file.flush()
            os.fsync(temp_file.fileno())
        os.replace(temp_name, path)
    except OSError as error:
        temp_name.unlink(missing_ok=True)
        raise _failure(path, error) from None
    except BaseException:
        temp_name.unlink(missing_ok=True)
        raise


def write_bytes(path: Path, data: bytes) -> None:
    write_atomically(path, lambda handle: handle.write(data))


def write_text(path: Path, text: str) -> None:
    write_bytes(path, text.encode("utf-8"))


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def refuse_inputs(output: Path, inputs: Iterable[Path], what: str = "-o") -> None:
    """Refuse to write ``output`` when it is (or, through links, points to) a file the command
    reads: writing there would replace the very input the output was made from."""
    target = target_of(Path(output))
    if not target.exists() or not target.is_file():
        return
    for source in inputs:
        if _same_file(target, source):
            shown = f"{output}" if Path(output) == target else f"{output} (a link to {target})"
            raise InputError(f"{what} {shown} is a file this command reads; statgraph does not write over "
                             "its input", hint="write to another file name")


def refuse_inputs_inside(folder: Path, inputs: Iterable[Path], what: str = "-o") -> None:
    """Refuse an output folder that holds a file the command reads (the folder is replaced or
    written into)."""
    try:
        root = Path(os.path.realpath(folder))
    except OSError:
        return
    for source in inputs:
        real = Path(os.path.realpath(source))
        if real == root or root in real.parents:
            raise InputError(f"{what} {folder} holds {source}, a file this command reads; statgraph does not "
                             "write over its input", hint="write to another folder")
