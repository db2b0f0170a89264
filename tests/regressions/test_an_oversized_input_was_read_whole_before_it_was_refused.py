"""An input too large for the machine was hashed for the cache before the memory check refused it:
95 s for a 20 GB file, 14.6 s for 5 GB. It is refused now before a byte of it is read."""

from statgraph import limits
from statgraph.kg import cache


def test_refused_before_hashing(cli, tmp_path, monkeypatch):
    huge = tmp_path / "huge.ttl"
    with huge.open("wb") as handle:  # sparse: 1 GB on paper, nothing on disk
        handle.truncate(1 << 30)
    monkeypatch.setattr(limits, "_physical", lambda: 4 << 30)  # a 4 GB machine

    def hashed(files):
        raise AssertionError("the input was read for the cache key")

    monkeypatch.setattr(cache, "fingerprint", hashed)
    run = cli("gaps", "--state", "MO", "--data", huge)
    assert run.code == 3, run.err
    assert "1.0 GB of Turtle needs about" in run.err and "GB in all" in run.err
