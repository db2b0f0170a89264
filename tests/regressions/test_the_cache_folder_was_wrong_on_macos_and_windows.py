"""Issue #17: the cache path was the XDG one hand-coded, wrong on macOS and Windows."""

import sys
from pathlib import Path

from statgraph.kg import cache


def test_the_default_cache_folder_is_the_platforms(monkeypatch, tmp_path):
    monkeypatch.delenv("STATGRAPH_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    import platformdirs
    assert cache.root() == Path(platformdirs.user_cache_dir("statgraph", appauthor=False))
    if sys.platform.startswith("linux"):
        assert cache.root() == tmp_path / "xdg" / "statgraph"
