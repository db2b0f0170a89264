"""``statgraph synth -o graph_data/jurisdictions`` wrote synthetic states into the bundled data:
every later default command loaded them (``info`` listed S01). Any output inside the folders
statgraph ships is refused now, new files included, and each flag is named as the user typed it."""

import pytest

from statgraph.resources import bundled_root, graph_data_dir


def test_synth_into_the_bundled_jurisdictions_is_refused(cli):
    before = sorted(p.name for p in (graph_data_dir() / "jurisdictions").iterdir())
    run = cli("synth", "--states", "1", "--sections", "5", "-o", graph_data_dir() / "jurisdictions")
    assert run.code == 2 and "is inside the folders statgraph ships" in run.err
    assert sorted(p.name for p in (graph_data_dir() / "jurisdictions").iterdir()) == before


@pytest.mark.parametrize("flag", ["--write-entry", "--report"])
def test_amend_names_the_flag_whose_file_is_refused(cli, flag):
    target = bundled_root() / "queries" / ("new.ttl" if flag == "--write-entry" else "memo.md")
    run = cli("amend", "--state", "MO", "--extend", "491.680", "567", flag, target)
    assert run.code == 2 and f"{flag} {target} is inside the folders statgraph ships" in run.err
    assert not target.exists()
