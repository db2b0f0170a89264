"""Issue #16: `validate` of a 200 MB input ran out of memory after 208 s at 8 GB and ended in exit 4,
"internal error"; out of memory is the environment (exit 3), and an input too large is refused early."""

import re
import time


def test_out_of_memory_is_exit_3(cli, monkeypatch):
    import statgraph.analyses.gaps

    def exhausted(*args):
        raise MemoryError()
    monkeypatch.setattr(statgraph.analyses.gaps, "gap_report", exhausted)
    run = cli("gaps", "--state", "MO")
    assert run.code == 3 and "out of memory" in run.err


def test_an_input_too_large_for_memory_is_refused_before_it_is_read(cli, tmp_path, monkeypatch):
    from statgraph import limits
    monkeypatch.setattr(limits, "available_memory", lambda: 200 << 20)
    big = tmp_path / "big.ttl"
    with big.open("w", encoding="utf-8") as handle:  # 40 MB: needs about 0.5 GB to load
        line = '<https://w3id.org/statgraph/id/us-zz/x> <urn:p> "' + "x" * 1000 + '" .\n'
        for _ in range(40_000):
            handle.write(line)
    started = time.monotonic()
    run = cli("info", "--data", big)
    assert run.code == 3, run.err
    assert re.search(r"loading the graph: 4\d\.\d MB of Turtle needs about \d+\.\d MB of memory and "
                     r"200\.0 MB is available; the limit here is about \d+\.\d MB of input", run.err), run.err
    assert time.monotonic() - started < 2
    monkeypatch.setenv("STATGRAPH_MEMORY_CHECK", "off")  # the way out the hint names
    limits.require_memory(big.stat().st_size, limits.LOAD_FACTOR, "loading")
