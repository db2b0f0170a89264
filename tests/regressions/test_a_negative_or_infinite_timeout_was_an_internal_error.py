"""Issue #16: `--timeout -1` or `--timeout inf` ended in exit 4, "internal error", instead of a
usage error (exit 2) naming the option."""

import pytest


@pytest.mark.parametrize("value", ["-1", "0", "inf", "nan", "soon", "1e10"])  # 1e10 overflowed the clock (exit 4)
def test_a_timeout_must_be_a_positive_finite_number(cli, value):
    run = cli("gaps", "--state", "MO", "--timeout", value)
    assert run.code == 2 and "--timeout" in run.err and "Traceback" not in run.err
