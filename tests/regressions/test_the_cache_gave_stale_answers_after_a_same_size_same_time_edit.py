"""Issue #16: the compiled store was keyed on file size and modification time, not on content: an
edit that kept both (a restore, `touch -r`) gave 43.5 where the file said 93.5."""

import os

import statgraph

from test_cache import ZZ


def test_an_edit_that_keeps_size_and_time_is_seen(tmp_path, monkeypatch):
    """Before: the key was size and modification time, so a restored or `touch -r`'d file gave the
    old store's answers (43.5 where the file said 93.5)."""
    monkeypatch.setenv("STATGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    entry = tmp_path / "zz.ttl"
    entry.write_text(ZZ.format(code="ZZ"), encoding="utf-8")
    stamp = entry.stat()
    assert statgraph.load([entry], cache=True).jurisdictions() == ["US", "ZZ"]
    entry.write_text(ZZ.format(code="ZY"), encoding="utf-8")  # same size
    os.utime(entry, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))  # same time
    assert entry.stat().st_size == stamp.st_size and entry.stat().st_mtime_ns == stamp.st_mtime_ns
    assert statgraph.load([entry], cache=True).jurisdictions() == ["US", "ZY"]
