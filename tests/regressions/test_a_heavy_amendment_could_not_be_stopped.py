"""An Update whose WHERE is a heavy cross join ran on under ``amend``: no ``--timeout``, and
Ctrl-C and SIGTERM were ignored while memory grew by about 110 MB/s; only SIGKILL ended it."""

import signal
import subprocess
import time

import pytest

from test_interrupt import COMMAND, assert_a_signal_stops_it_at_once

HEAVY = """PREFIX sg: <https://w3id.org/statgraph/ontology#>
INSERT { <us-mo/protection/491.680> sg:scopeChapter <us-mo/rsmo/chapter/567> }
WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }
"""


@pytest.fixture
def heavy(tmp_path):
    path = tmp_path / "heavy.ru"
    path.write_text(HEAVY)
    return path


def test_timeout_bounds_the_update(heavy):
    started = time.monotonic()
    done = subprocess.run(COMMAND + ["amend", "--state", "MO", str(heavy), "--timeout", "2"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 3, done.stderr
    assert f"the Update {heavy} ran longer than the time limit of 2 s" in done.stderr
    assert "Traceback" not in done.stderr
    assert time.monotonic() - started < 2 + 3.0  # loading the bundled graph comes first


@pytest.mark.parametrize("sent,code", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_stops_the_update_at_once(heavy, sent, code):
    assert_a_signal_stops_it_at_once(["amend", "--state", "MO", str(heavy)], sent, code, after=2.5)  # in the Update
