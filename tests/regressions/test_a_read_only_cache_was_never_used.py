"""Issue #16: a read-only cache holding a valid store was never used (2.0 s instead of 0.29 s)."""

import os
import subprocess
import sys

from test_cache import read_only


def test_a_read_only_cache_is_used_read_only(tmp_path):
    """Before: a read-only cache holding the right store was never used (2.0 s instead of 0.29 s)."""
    cache_dir = tmp_path / "cache"
    environment = {**os.environ, "STATGRAPH_CACHE": "always", "STATGRAPH_CACHE_DIR": str(cache_dir)}
    command = [sys.executable, "-m", "statgraph.cli", "query", "goal-status", "--param", "state=MO", "--format", "csv"]
    first = subprocess.run(command, env=environment, capture_output=True, text=True)
    assert first.returncode == 0 and len(list(cache_dir.glob("store-*"))) == 1
    with read_only(cache_dir) as view:
        probe = ("import sys, statgraph.kg.store as s; s.fill = lambda *a: sys.exit('parsed again'); "
                 "from statgraph.cli import main; sys.exit(main(sys.argv[1:]))")
        again = subprocess.run([sys.executable, "-c", probe, *command[3:]], capture_output=True, text=True,
                               env={**environment, "STATGRAPH_CACHE_DIR": str(view)})
    assert again.returncode == 0, again.stderr
    assert again.stdout == first.stdout and again.stderr == ""
