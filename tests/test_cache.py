"""Warm starts: a compiled store keyed on content, rebuilt on change, safe under concurrency."""

import os
import subprocess
import sys

import statgraph
from statgraph.kg import cache


def test_a_second_load_opens_the_compiled_store(tmp_path, monkeypatch):
    monkeypatch.setenv("STATGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    first = statgraph.load(cache=True)
    assert len(list((tmp_path / "cache").glob("store-*"))) == 1
    calls = []
    monkeypatch.setattr(statgraph.kg.store, "fill", lambda *a: calls.append(a) or {})
    second = statgraph.load(cache=True)
    assert calls == []  # nothing parsed
    assert second.run("goal-status", {"state": "MO"}).rows == first.run("goal-status", {"state": "MO"}).rows
    assert second.derived_count == first.derived_count and len(second) == len(first)


def test_a_changed_file_gives_a_new_store(tmp_path, monkeypatch):
    monkeypatch.setenv("STATGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    entry = tmp_path / "zz.ttl"
    entry.write_text('<https://w3id.org/statgraph/id/zz> a <https://w3id.org/statgraph/ontology#Jurisdiction> ;'
                     ' <https://w3id.org/statgraph/ontology#code> "ZZ" .\n', encoding="utf-8")
    assert statgraph.load([entry], cache=True).jurisdictions() == ["US", "ZZ"]
    entry.write_text(entry.read_text(encoding="utf-8").replace('"ZZ"', '"ZY"'), encoding="utf-8")
    assert statgraph.load([entry], cache=True).jurisdictions() == ["US", "ZY"]
    assert len(list((tmp_path / "cache").glob("store-*"))) == 2


def test_a_broken_file_leaves_no_store_and_says_where(tmp_path, monkeypatch):
    monkeypatch.setenv("STATGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    bad = tmp_path / "bad.ttl"
    bad.write_text("<urn:a> <urn:b> .\n", encoding="utf-8")
    import pytest
    from statgraph.errors import DataFileError
    with pytest.raises(DataFileError, match="bad.ttl, line 1"):
        statgraph.load([bad], cache=True)
    assert list((tmp_path / "cache").glob("store-*")) == []
    assert list((tmp_path / "cache").glob(".build-*")) == []


def test_two_commands_at_once_build_one_store(tmp_path):
    environment = {**os.environ, "STATGRAPH_CACHE_DIR": str(tmp_path / "cache"), "STATGRAPH_CACHE": "always"}
    command = [sys.executable, "-m", "statgraph.cli", "query", "goal-status", "--param", "state=MO", "--format", "csv"]
    runs = [subprocess.Popen(command, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            for _ in range(4)]
    outputs = [run.communicate(timeout=120) for run in runs]
    assert all(run.returncode == 0 for run in runs), [o[1] for o in outputs]
    assert len({o[0] for o in outputs}) == 1 and outputs[0][0].count(b"\n") == 41
    assert len(list((tmp_path / "cache").glob("store-*"))) == 1
    assert list((tmp_path / "cache").glob(".build-*")) == []


def test_small_inputs_are_not_cached_unless_asked(monkeypatch):
    monkeypatch.delenv("STATGRAPH_CACHE", raising=False)
    from statgraph.kg import loader
    assert not cache.wanted(loader.select_files(None))  # the bundled data parses in milliseconds
    monkeypatch.setenv("STATGRAPH_CACHE", "always")
    assert cache.wanted(loader.select_files(None))


def test_a_damaged_store_is_rebuilt_not_trusted(tmp_path, monkeypatch):
    monkeypatch.setenv("STATGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    expected = statgraph.load(cache=False).run("goal-status", {"state": "MO"}).rows
    statgraph.load(cache=True)
    [store] = (tmp_path / "cache").glob("store-*")
    for part in (store / "data").iterdir():  # garble the database files
        if part.is_file():
            part.write_bytes(b"not a database")
    again = statgraph.load(cache=True)
    assert again.run("goal-status", {"state": "MO"}).rows == expected
    [rebuilt] = (tmp_path / "cache").glob("store-*")
    assert statgraph.load(cache=True).run("goal-status", {"state": "MO"}).rows == expected
    (rebuilt / cache.META).write_text("{}", encoding="utf-8")  # metadata without counts
    assert statgraph.load(cache=True).run("goal-status", {"state": "MO"}).rows == expected


# --- keyed on content, safe to lose (issue #16, bullet 4) ---------------------------------------------

ZZ = ('<https://w3id.org/statgraph/id/zz> a <https://w3id.org/statgraph/ontology#Jurisdiction> ;'
      ' <https://w3id.org/statgraph/ontology#code> "{code}" .\n')


def test_hashing_every_input_costs_little(tmp_path):
    """The content hash is read on every run: it must stay well under a warm start."""
    import time

    from statgraph.kg import loader
    big = tmp_path / "big.ttl"
    big.write_bytes(b"# filler\n" * (20 << 20 // 9))  # 20 MB
    files = loader.select_files([big])
    started = time.perf_counter()
    cache.fingerprint(files)
    assert time.perf_counter() - started < 0.25  # measured about 15 ms; a warm start is 0.2 s or more


def read_only(folder):
    """Make a folder read-only for this process: a read-only bind mount as root, else permissions."""
    import contextlib
    import pytest

    @contextlib.contextmanager
    def mounted():
        if os.geteuid() != 0:
            for path in [folder, *folder.rglob("*")]:
                path.chmod(path.stat().st_mode & ~0o222)
            try:
                yield folder
            finally:
                for path in [folder, *folder.rglob("*")]:
                    path.chmod(path.stat().st_mode | 0o200)
            return
        view = folder.with_name(folder.name + "-ro")
        view.mkdir()
        done = subprocess.run(["mount", "--bind", str(folder), str(view)], capture_output=True)
        if done.returncode != 0:
            pytest.skip("cannot make a read-only folder here (not root with mount, nor a plain user)")
        try:
            subprocess.run(["mount", "-o", "remount,ro,bind", str(view)], check=True, capture_output=True)
            yield view
        finally:
            subprocess.run(["umount", str(view)], capture_output=True)
    return mounted()


def test_a_cache_that_cannot_be_written_says_so_once(tmp_path):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    environment = {**os.environ, "STATGRAPH_CACHE": "always", "STATGRAPH_CACHE_DIR": str(blocked / "cache")}
    done = subprocess.run([sys.executable, "-m", "statgraph.cli", "gaps", "--state", "MO"], env=environment,
                          capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.startswith("Missouri 2023 report card")
    assert done.stderr.count("statgraph: note: cannot write the cache folder") == 1, done.stderr


def test_the_cache_command_shows_and_clears(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("STATGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    statgraph.load(cache=True)
    leftover = tmp_path / "cache" / ".build-0123-dead"
    leftover.mkdir()
    (leftover / ".lock").write_text("", encoding="utf-8")  # locked by nobody: its builder is gone
    shown = cli("cache")
    assert shown.code == 0 and f"cache folder: {tmp_path / 'cache'}" in shown.out
    assert "1 store and 1 left by interrupted builds" in shown.out and ".build-0123-dead" in shown.out
    import json
    document = json.loads(cli("cache", "--format", "json").out)
    assert document["folder"] == str(tmp_path / "cache") and len(document["stores"]) == 2
    cleared = cli("cache", "--clear")
    assert cleared.code == 0 and "removed 2 folders" in cleared.out
    assert list((tmp_path / "cache").iterdir()) == []


def test_no_store_is_compiled_when_memory_is_short_for_it(tmp_path, monkeypatch, capsys):
    from statgraph import limits
    from statgraph.kg import loader
    monkeypatch.setenv("STATGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    size = sum(f.size for f in loader.select_files(None))
    monkeypatch.setattr(limits, "available_memory", lambda: limits.BASELINE + 20 * size)  # loads, cannot compile
    assert statgraph.load(cache=True).jurisdictions() == ["MO", "US"]
    assert list((tmp_path / "cache").glob("store-*")) == []
    assert "not caching this input: compiling it needs more memory" in capsys.readouterr().err
