"""Native work (parsing, queries, bulk loads) that Ctrl-C, SIGTERM and a time limit can stop.

Python runs signal handlers in the main thread only, between bytecodes; while
the main thread sits inside pyoxigraph's Rust code, a signal waits until that
code returns, which for a heavy query may be never. pyoxigraph releases the
GIL while it works, so :func:`call` hands the work to a worker thread and lets
the main thread wait: the wait is interrupted at once by a signal and ends at
the time limit, and the exception unwinds the main thread's ``finally`` blocks
(temporary files) as usual. One long-lived engine thread takes the calls in
turn. Measured on warm ``statgraph gaps --state MO`` in one process, 80 runs
interleaved on a busy 2-CPU machine: 53.0 ms median (43.3 ms best) against
49.3 ms (42.3 ms) calling the engine directly.

Work abandoned this way goes on in its daemon thread until it finishes or the
process ends; the CLI ends the process right after. A library caller that
times out keeps a busy thread until the query completes: Oxigraph offers no
way to cancel a running query.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from typing import TypeVar

from statgraph.errors import EnvironmentFailure

try:
    from _queue import SimpleQueue  # what queue.SimpleQueue is, without importing all of queue (1.5 ms)
except ImportError:  # another Python implementation
    from queue import SimpleQueue

T = TypeVar("T")


class TimeLimitExceeded(EnvironmentFailure):
    """Work ran past the time limit the user set (--timeout)."""


class _Worker(threading.Thread):
    """A daemon thread that runs one piece of work after another, so a call costs a queue hand-off
    rather than a thread start (measured: 0.8 ms a start on a busy 2-CPU machine)."""

    def __init__(self) -> None:
        super().__init__(name="statgraph-engine", daemon=True)
        self.tasks = SimpleQueue()
        self.start()

    def run(self) -> None:
        while True:
            work, outcome, finished = self.tasks.get()
            try:
                outcome["value"] = work()
            except BaseException as error:  # handed to the waiting thread, which raises it
                outcome["error"] = error
            finally:
                finished.set()
                del work, outcome, finished  # hold nothing of a finished call


_idle: list[_Worker] = []  # workers free for the next call; an abandoned one never comes back


def call(work: Callable[[], T], timeout: float | None = None, what: str = "the query") -> T:
    """``work()``, run where a signal or ``timeout`` seconds can stop the wait for it."""
    if timeout is None and threading.current_thread() is not threading.main_thread():
        return work()  # no signal reaches this thread anyway, and no limit to keep
    try:
        worker = _idle.pop()
    except IndexError:
        worker = _Worker()
    outcome: dict[str, object] = {}
    finished = threading.Event()
    # When the work ends, this thread needs the GIL back from the worker, which by default keeps it
    # up to 5 ms (the switch interval). Asking for it sooner costs nothing while this thread
    # sleeps, since nobody else then wants the GIL.
    interval = sys.getswitchinterval()
    sys.setswitchinterval(min(interval, 0.0001))
    try:
        worker.tasks.put((work, outcome, finished))
        if not finished.wait(timeout):
            raise TimeLimitExceeded(f"{what} ran longer than the time limit of {timeout:g} s and was stopped",
                                    hint="raise --timeout, or ask a narrower question")
    finally:
        sys.setswitchinterval(interval)
    _idle.append(worker)
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["value"]  # type: ignore[return-value]
