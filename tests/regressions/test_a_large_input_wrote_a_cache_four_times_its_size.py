"""Issue #16: a 200 MB input silently wrote 836 MB of compiled store to the cache."""

import statgraph


def test_inputs_too_large_for_the_cache_are_not_cached(tmp_path, monkeypatch):
    monkeypatch.setenv("STATGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("STATGRAPH_CACHE_MAX_MB", "0.1")  # the bundled data needs about 1 MB
    kg = statgraph.load(cache=True)
    assert kg.jurisdictions() == ["MO", "US"]
    assert list((tmp_path / "cache").glob("store-*")) == []
