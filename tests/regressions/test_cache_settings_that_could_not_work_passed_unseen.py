"""``STATGRAPH_CACHE=bogus`` was silently taken as "on", and ``statgraph cache`` with a file as
the cache folder said "(not created yet)"; both now say what is wrong."""


def test_an_unknown_cache_setting_is_noted(cli, monkeypatch):
    monkeypatch.setenv("STATGRAPH_CACHE", "bogus")
    run = cli("gaps", "--state", "MO")
    assert run.code == 0
    assert "STATGRAPH_CACHE='bogus' is not one of on, off, always; using on" in run.err


def test_a_file_as_the_cache_folder_is_named_as_such(cli, tmp_path, monkeypatch):
    not_a_folder = tmp_path / "cache"
    not_a_folder.write_text("")
    monkeypatch.setenv("STATGRAPH_CACHE_DIR", str(not_a_folder))
    run = cli("cache")
    assert run.code == 0
    assert f"cache folder: {not_a_folder} (not a folder: statgraph cannot cache there)" in run.out
