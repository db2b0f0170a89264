"""``--data`` loads run only the ownership rule, so a second assessment of a goal written as a
blank node, or a backup of the card with another status, loaded and ``gaps`` counted 41 goals.
A load now refuses what would make a report card count twice (queries/kg/card-conflicts.rq)."""

import shutil

import pytest

from statgraph.resources import graph_data_dir

MISSOURI = graph_data_dir() / "jurisdictions" / "us-mo"
PREFIXES = "@base <https://w3id.org/statgraph/id/> .\n@prefix sg: <https://w3id.org/statgraph/ontology#> .\n"


@pytest.fixture
def entry(tmp_path):
    folder = tmp_path / "mo"
    shutil.copytree(MISSOURI, folder)
    return folder


@pytest.mark.parametrize("extra,expected", [
    ("[] a sg:Assessment ; sg:reportCard <us-mo/2023> ; sg:goal <framework/2023/goal/1.2> ; sg:status sg:NotMet .",
     "2 assessments of id:framework/2023/goal/1.2 on id:us-mo/2023"),
    ("<us-mo/2023/goal/1.2> sg:status sg:NotMet .", "2 values of sg:status on id:us-mo/2023/goal/1.2"),
    ("<us-mo/2023-bis> a sg:ReportCard ; sg:jurisdiction <us-mo> ; sg:year 2023 .",
     "2 report cards of year 2023 on id:us-mo"),
    ("[] a sg:SafeHarborRow ; sg:reportCard <us-mo/2023> ; sg:goal <framework/2023/goal/2.1> .",
     "2 Safe Harbor rows for id:framework/2023/goal/2.1 on id:us-mo/2023"),
])
def test_a_card_that_would_count_twice_is_refused(cli, entry, extra, expected):
    (entry / "more.ttl").write_text(PREFIXES + extra + "\n")
    run = cli("gaps", "--state", "MO", "--data", entry)
    assert run.code == 2 and run.out == ""
    assert f"the loaded entries hold {expected}" in run.err and "a report card would count twice" in run.err


def test_the_bundled_entry_and_an_identical_backup_load(cli, entry):
    (entry / "old").mkdir()
    shutil.copy(entry / "report-card-2023.ttl", entry / "old" / "report-card-2023.ttl")
    run = cli("gaps", "--state", "MO", "--data", entry)
    assert run.code == 0 and "29 of 40 goals not fully met" in run.out
