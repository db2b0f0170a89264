"""``-`` for standard input, wherever statgraph reads a file.

Standard input can be read once; every reader of ``-`` in a command (``--data -``
and ``validate -`` together, say) gets the same bytes.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

NAME = "standard input"


def is_stdin(path: object) -> bool:
    return str(path) == "-"


@cache
def data() -> bytes:
    return sys.stdin.buffer.read()


def read_bytes(path: str | Path) -> bytes:
    """The bytes of a file, or of standard input for ``-``."""
    return data() if is_stdin(path) else Path(path).read_bytes()
