"""Issue #16: `query --param state=ZZ` printed nothing and exited 0, where `gaps` says "unknown
state"."""


def test_an_unknown_state_in_query_is_reported_as_in_gaps(cli):
    run = cli("query", "goal-status", "--param", "state=ZZ")
    assert run.code == 2 and "unknown state 'ZZ'" in run.err and run.out == ""


def test_unknown_state_in_query_is_named_as_in_gaps(cli):
    query = cli("query", "goal-status", "--state", "ZZ")
    gaps = cli("gaps", "--state", "ZZ")
    assert query.code == gaps.code == 2
    assert "unknown state 'ZZ'" in query.err and "unknown state 'ZZ'" in gaps.err
