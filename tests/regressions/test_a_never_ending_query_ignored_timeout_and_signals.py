"""Issue #16: a heavy cross join ran on in the engine whatever happened: --timeout, Ctrl-C (SIGINT)
and SIGTERM were ignored, and only SIGKILL ended it; the README promised exit 130/143."""

import signal
import subprocess
import time

import pytest

from test_interrupt import COMMAND, assert_a_signal_stops_it_at_once, never_ending


def test_timeout_bounds_a_local_query(never_ending):
    started = time.monotonic()
    done = subprocess.run(COMMAND + ["query", str(never_ending), "--timeout", "2"], capture_output=True, text=True,
                          timeout=60)
    elapsed = time.monotonic() - started
    assert done.returncode == 3, done.stderr
    assert "ran longer than the time limit of 2 s" in done.stderr and "Traceback" not in done.stderr
    assert elapsed < 2 + 1.0, f"took {elapsed:.2f} s for a 2 s limit"


@pytest.mark.parametrize("sent,code", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_stops_a_running_query_at_once(never_ending, sent, code):
    assert_a_signal_stops_it_at_once(["query", str(never_ending)], sent, code, after=1.5)  # deep in the engine
