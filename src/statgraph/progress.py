"""Progress of long commands, on standard error: one way for every command.

In a terminal each step rewrites one status line; when standard error is a file
or a pipe (CI logs, ``2> log``), each step is a line of its own, with no
carriage returns to run lines together.
"""

from __future__ import annotations

import sys
from typing import TextIO


_OPEN: list[Progress] = []  # status lines still open in a terminal, ended by close_all()


class Progress:
    """Call with a message per step; ``close()`` (or leaving a ``with`` block) ends the line."""

    def __init__(self, label: str, stream: TextIO | None = None):
        self.label = label
        self.stream = stream or sys.stderr
        self.live = _is_terminal(self.stream)
        self.open = False
        if self.live:
            _OPEN.append(self)

    def __call__(self, message: str) -> None:
        from statgraph.safe_text import printable
        text = f"statgraph: {self.label}: {printable(message, keep_newlines=False)}"
        if self.live:
            self.stream.write(f"\r{text}\x1b[K")
            self.open = True
        else:
            self.stream.write(text + "\n")
        self.stream.flush()

    def close(self) -> None:
        if self.open:
            self.stream.write("\n")
            self.stream.flush()
            self.open = False

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def close_all() -> None:
    """End every status line left open, before the command prints its result."""
    while _OPEN:
        _OPEN.pop().close()


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def reporter(label: str, always: bool = False) -> Progress | None:
    """A progress line for ``label``, or None when nobody would watch it: standard error is
    not a terminal and the caller did not ask for ``always`` (work long enough that a log
    should show it)."""
    if always or _is_terminal(sys.stderr):
        return Progress(label)
    return None
