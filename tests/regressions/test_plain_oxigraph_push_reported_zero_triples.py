"""Issue #14: pushed to an Oxigraph server started plainly (no --union-default-graph), `push`
printed "the server now holds 0 triples" and exited 0, and `gaps` then called Missouri unknown."""

import re


def test_push_to_a_plainly_started_oxigraph_counts_what_arrived_and_gaps_reads_it(cli, start_server):
    server = start_server("oxigraph")
    run = cli("push", "--endpoint", server.query, "--update-endpoint", server.update)
    assert run.code == 0, run.err
    pushed = re.search(r"pushed 2 graphs, ([\d,]+) triples; the server now answers", run.out)
    assert pushed and int(pushed.group(1).replace(",", "")) > 5000, run.out
    far = cli("gaps", "--state", "MO", "--format", "csv", "--endpoint", server.query)
    assert far.code == 0 and "unknown state" not in far.err
    assert far.out == cli("gaps", "--state", "MO", "--format", "csv").out
