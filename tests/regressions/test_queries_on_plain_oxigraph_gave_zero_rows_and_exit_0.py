"""Issue #14: against an Oxigraph server started plainly, every named query gave 0 rows with exit 0
and no message mentioned the default graph; now statgraph says the server holds no statgraph data."""


def test_the_file_alone_sees_nothing_on_a_plain_server_but_statgraph_says_why(cli, tmp_path, start_server):
    """Oxigraph started plainly keeps named graphs out of the default graph: without FROM a
    query sees no data, and statgraph says so instead of printing 0 rows."""
    empty = start_server("oxigraph")
    run = cli("gaps", "--state", "MO", "--endpoint", empty.query)
    assert run.code == 3 and "holds no statgraph data" in run.err and "statgraph push" in run.err
    assert cli("query", "goal-status", "--state", "MO", "--endpoint", empty.query).code == 3
