"""Issue #16: `--data -` (standard input) was not accepted."""

from test_everyday_input import MO, run


def test_data_from_standard_input():
    entry = b"".join(p.read_bytes() for p in sorted(MO.glob("*.ttl")))
    piped = run(["gaps", "--state", "MO", "--data", "-"], stdin=entry)
    assert piped.returncode == 0, piped.stderr
    assert piped.stdout == run(["gaps", "--state", "MO"]).stdout
