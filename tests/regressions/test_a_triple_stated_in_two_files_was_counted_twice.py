"""A triple stated by two loaded files was two rows in the union the queries read.

Found by a hostile review: restating three published values in an extra file
made ``gaps`` print "with 5 extra credit" and "29 of 41 goals", and what-if a
backwards range; a backup of the report card in a subfolder, an editor's hidden
copy or ``--data graph_data`` (the framework again, as an entry) multiplied
every count. Each fact now counts once (statgraph.kg.restatements), and the
command says which files repeated which.
"""

import shutil

import pytest

from statgraph.resources import graph_data_dir

MISSOURI = graph_data_dir() / "jurisdictions" / "us-mo"
RESTATED = """@base <https://w3id.org/statgraph/id/> .
@prefix sg: <https://w3id.org/statgraph/ontology#> .
<us-mo/2023/issue/1> sg:publishedScore 13.5 .
<us-mo/2023/extra-credit/youth> sg:publishedScore 1.0 .
<us-mo/2023/goal/1.2> sg:status sg:FullyMet .
"""


@pytest.fixture
def entry(tmp_path):
    folder = tmp_path / "mo"
    shutil.copytree(MISSOURI, folder)
    return folder


def summary(run) -> tuple[str, str]:
    lines = run.out.splitlines()
    return next(line for line in lines if "extra credit" in line), next(line for line in lines if "goals" in line)


def test_bundled_answer(cli):
    run = cli("gaps", "--state", "MO")
    assert run.code == 0
    assert summary(run) == ("total 59.5 of 100 (with 4 extra credit), grade F, Tier II, rank 20 (tied)",
                            "29 of 40 goals not fully met")


def test_values_restated_in_another_file_count_once(cli, entry):
    (entry / "extra.ttl").write_text(RESTATED)
    run = cli("gaps", "--state", "MO", "--data", entry)
    assert run.code == 0
    assert summary(run) == summary(cli("gaps", "--state", "MO"))
    assert "extra.ttl and" in run.err and "both state the same 3 triples; each is counted once" in run.err
    what_if = cli("what-if", "--state", "MO", "1.1.1", "--data", entry)
    assert "59.5 → 61" in what_if.out, what_if.out


def test_a_backup_and_an_editors_hidden_copy_change_nothing(cli, entry):
    (entry / "old").mkdir()
    shutil.copy(entry / "report-card-2023.ttl", entry / "old" / "report-card-2023.ttl")
    shutil.copy(entry / "report-card-2023.ttl", entry / ".#report-card-2023.ttl")
    run = cli("gaps", "--state", "MO", "--data", entry)
    assert run.code == 0
    assert summary(run) == summary(cli("gaps", "--state", "MO"))
    assert "old/report-card-2023.ttl" in run.err and ".#report-card" not in run.err  # the hidden file is skipped


def test_the_bundled_folder_named_with_data_loads_the_framework_once(cli):
    run = cli("gaps", "--state", "MO", "--data", graph_data_dir())
    assert run.code == 0
    assert summary(run) == summary(cli("gaps", "--state", "MO"))
    issues = cli("query", "issue-scores", "--param", "state=MO", "--data", graph_data_dir(), "--format", "csv")
    assert issues.code == 0
    assert len(issues.out.strip().splitlines()) == 1 + 6  # header and one row per issue area, none twice
