"""Issue #16: a cache folder that could not be entered ended every command in exit 4, "internal
error"; the cache is only an optimisation and is passed by."""

from pathlib import Path


def test_an_inaccessible_cache_folder_is_passed_by(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("STATGRAPH_CACHE", "always")
    monkeypatch.setenv("STATGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    real_is_dir = Path.is_dir

    def denied(path):
        if "cache" in path.parts[-2:] or path.name.startswith("store-"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_is_dir(path)
    monkeypatch.setattr(Path, "is_dir", denied)
    run = cli("gaps", "--state", "MO")
    assert run.code == 0 and "cannot be read (Permission denied)" in run.err
    assert run.out.startswith("Missouri 2023 report card")
