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
