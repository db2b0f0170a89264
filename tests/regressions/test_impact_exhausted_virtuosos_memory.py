"""Issue #14: on Virtuoso 7 with Debian's stock settings (200 MB memory pool, 60 s per query)
`statgraph impact` exhausted the memory pool or took 23–60 s at Missouri size."""

import time

from statgraph.kg.remote import RemoteGraph


def test_impact_answers_within_the_stock_limits_with_the_embedded_stores_rows(kg, pushed_server):
    far = RemoteGraph(pushed_server("virtuoso").query, timeout=60)
    for section in ("566.223", "573.010"):
        started = time.monotonic()
        rows = far.run("impact", state="MO", section=section).rows
        assert time.monotonic() - started < 20, section
        assert sorted(map(repr, rows)) == sorted(map(repr, kg.run("impact", state="MO", section=section).rows))
