"""Issue #16: `statgraph export --data DIR -o DIR/report-card-2023.ttl` replaced the analyst's
entry with the whole merged graph and exited 0."""

from test_outputs import entries, unchanged


def test_export_refuses_to_replace_a_data_file(cli, entries):
    """Before: the analyst's entry was replaced by the whole merged graph, exit 0."""
    run = cli("export", "--data", entries, "-o", entries / "report-card-2023.ttl")
    assert run.code == 2 and "is a file this command reads" in run.err
    assert unchanged(entries)
