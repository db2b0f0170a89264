"""``--param`` given twice kept the last value; ``--state MO --param state=S01`` answered for MO.

Found by a hostile review: ``query what-if --param recommendations=1.1.1 --param
recommendations=3.4.1`` enacted only 3.4.1, with exit 0. A parameter given twice is
now an error that says how to give a list.
"""


def test_a_parameter_given_twice_is_refused(cli):
    run = cli("query", "what-if", "--param", "state=MO", "--param", "recommendations=1.1.1",
              "--param", "recommendations=3.4.1")
    assert run.code == 2 and run.out == ""
    assert "--param recommendations given twice" in run.err and "recommendations=A,B" in run.err


def test_state_given_twice_two_ways_is_refused(cli):
    run = cli("query", "gaps", "--state", "MO", "--param", "state=S01")
    assert run.code == 2 and run.out == ""
    assert "--state and --param state= both given" in run.err


def test_the_list_form_enacts_both(cli):
    run = cli("query", "what-if", "--param", "state=MO", "--param", "recommendations=1.1.1,3.4.1", "--format", "csv")
    assert run.code == 0
    both = cli("what-if", "--state", "MO", "1.1.1", "3.4.1")
    assert "59.5 → 61" in both.out  # 1.1.1 alone gives 61; the pair adds 3.4.1's open range on top
