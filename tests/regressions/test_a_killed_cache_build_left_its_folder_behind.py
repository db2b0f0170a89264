"""Issue #16: a cache build killed mid-way left its `.build-*` folder (38 MB) in the cache for good."""

import os
import subprocess

from test_interrupt import COMMAND, start, synthetic, wait_for


def test_a_killed_cache_build_is_cleaned_up_by_the_next_run(synthetic, tmp_path):
    cache = tmp_path / "cache"
    process = start(["info", "--data", str(synthetic)], STATGRAPH_CACHE="always", STATGRAPH_CACHE_DIR=str(cache))
    wait_for(lambda: cache.is_dir() and any(p.name.startswith(".build-") for p in cache.iterdir()), process,
             "the cache build started")
    wait_for(lambda: any((p / ".lock").exists() for p in cache.glob(".build-*")), process, "the build's lock")
    process.kill()  # SIGKILL: no cleanup runs
    process.communicate(timeout=60)
    assert list(cache.glob(".build-*")), "SIGKILL should have left the build folder behind"
    again = subprocess.run(COMMAND + ["info", "--data", str(synthetic), "--format", "json"], capture_output=True,
                           text=True, env={**os.environ, "STATGRAPH_CACHE": "always", "STATGRAPH_CACHE_DIR": str(cache)})
    assert again.returncode == 0, again.stderr
    assert list(cache.glob(".build-*")) == [] and len(list(cache.glob("store-*"))) == 1
