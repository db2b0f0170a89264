"""Issue #16: a 100,000-character argument was echoed back whole in the error message, and
control characters the user typed reached the terminal raw."""


def test_error_messages_escape_and_cut_what_the_user_typed(cli):
    run = cli("query", "goal-status", "--param", "state=M\x1b[2JO")
    assert run.code == 2 and "\x1b" not in run.err and "\\x1b[2J" in run.err
    long = cli("info", "--data", "x" * 100_000)
    assert long.code == 2 and len(long.err) < 600 and "characters]" in long.err
