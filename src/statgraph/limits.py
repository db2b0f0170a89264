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
# (7.3 MB and 74 MB of Turtle): parsing into the store and deriving about 11.3 bytes (837 MB
# for the 74 MB of the 51 x 2,000 world); the same and compiling it into the cache about 28
# (2.1 GB); validating one entry about 90 bytes (every node of the entry is checked in Python).
LOAD_FACTOR = 12
CACHE_BUILD_FACTOR = 30
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


def _checking() -> bool:
    return os.environ.get("STATGRAPH_MEMORY_CHECK", "on").lower() not in ("off", "0", "no", "false")


def fits(input_bytes: int, factor: int) -> bool:
    """Whether work of this size fits in the memory available (True where the system does not say)."""
    available = available_memory()
    return not _checking() or available is None or BASELINE + factor * input_bytes <= available


def physical_memory() -> int | None:
    """Bytes of memory the machine (or this process's cgroup or address-space limit) has in all."""
    known = [room for room in (_physical(), _cgroup_room(), _address_space_room()) if room is not None]
    return min(known) if known else None


def _physical() -> int | None:
    try:
        return os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return None


def require_possible(input_bytes: int, factor: int, what: str) -> None:
    """Refuse at once work that could not fit even in all of the machine's memory: before
    reading a byte of it (hashing 20 GB for the cache took 95 s before the refusal)."""
    if not _checking():
        return
    total = physical_memory()
    if total is not None and BASELINE + factor * input_bytes > total:
        largest = max(0, (total - BASELINE) // factor)
        raise EnvironmentFailure(
            f"{what}: {_size(input_bytes)} of Turtle needs about {_size(BASELINE + factor * input_bytes)} of "
            f"memory and this machine has {_size(total)} in all; the limit here is about {_size(largest)} of input",
            hint="load fewer files at once, or set STATGRAPH_MEMORY_CHECK=off to try anyway")


def require_memory(input_bytes: int, factor: int, what: str) -> None:
    """Refuse work whose estimated peak memory exceeds what is available (exit 3)."""
    if not _checking():
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
