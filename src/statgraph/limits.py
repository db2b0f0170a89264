"""Resource limits, checked before the work starts.

An input too large for this machine's memory is refused at once, saying its
size and the limit, rather than after minutes of swapping or an out-of-memory
kill. The estimate is the peak memory measured per byte of Turtle (README,
"Resource limits"); the memory available is the operating system's own figure
(MemAvailable), lowered by a container's limit or ``ulimit -v`` where set.
STATGRAPH_MEMORY_CHECK=off skips the check.
"""

from __future__ import annotations

import os
from pathlib import Path

from statgraph.errors import EnvironmentFailure

# Peak memory per byte of input, measured with /usr/bin/time on synthetic entries
# (7.3 MB and 74 MB of Turtle): parsing into the store and deriving about 11.5 bytes;
# validating one entry about 90 bytes (every node of the entry is checked in Python).
LOAD_FACTOR = 12
VALIDATE_FACTOR = 90
BASELINE = 60 << 20  # Python, pyoxigraph and the bundled framework


def _meminfo_available() -> int | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def _cgroup_room() -> int | None:
    try:
        limit = Path("/sys/fs/cgroup/memory.max").read_text().strip()
        if limit == "max":
            return None
        used = int(Path("/sys/fs/cgroup/memory.current").read_text().strip())
        return max(0, int(limit) - used)
    except (OSError, ValueError):
        return None


def _address_space_room() -> int | None:
    try:
        import resource
        soft, _ = resource.getrlimit(resource.RLIMIT_AS)
    except (ImportError, OSError, ValueError):
        return None
    return None if soft in (resource.RLIM_INFINITY, -1) else soft


def available_memory() -> int | None:
    """Bytes of memory this process can still use, or None where the system does not say."""
    known = [room for room in (_meminfo_available(), _cgroup_room(), _address_space_room()) if room is not None]
    return min(known) if known else None


def _size(count: float) -> str:
    for unit, scale in (("GB", 1 << 30), ("MB", 1 << 20), ("kB", 1 << 10)):
        if count >= scale:
            return f"{count / scale:.1f} {unit}"
    return f"{int(count)} bytes"


def require_memory(input_bytes: int, factor: int, what: str) -> None:
    """Refuse work whose estimated peak memory exceeds what is available (exit 3)."""
    if os.environ.get("STATGRAPH_MEMORY_CHECK", "on").lower() in ("off", "0", "no", "false"):
        return
    available = available_memory()
    if available is None:
        return
    needed = BASELINE + factor * input_bytes
    if needed > available:
        largest = max(0, (available - BASELINE) // factor)
        raise EnvironmentFailure(
            f"{what}: {_size(input_bytes)} of Turtle needs about {_size(needed)} of memory and "
            f"{_size(available)} is available; the limit here is about {_size(largest)} of input",
            hint="load fewer files at once, free memory, or set STATGRAPH_MEMORY_CHECK=off to try anyway")
