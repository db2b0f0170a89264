"""Issue #14: on Virtuoso 7 (Debian's package, stock settings) `statgraph gaps --state MO` failed
with "SP031 ... ssg_print_rvr_fixed_val()": one VALUES block bound two variables together beside an
OPTIONAL, which Virtuoso cannot compile."""


def test_gaps_on_virtuoso_gives_the_embedded_stores_answer(cli, pushed_server):
    server = pushed_server("virtuoso")
    far = cli("gaps", "--state", "MO", "--format", "csv", "--endpoint", server.query)
    assert far.code == 0 and "SP031" not in far.err, far.err
    assert far.out == cli("gaps", "--state", "MO", "--format", "csv").out
