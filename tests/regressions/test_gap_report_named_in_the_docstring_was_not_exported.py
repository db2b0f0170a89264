"""Issue #17: the package docstring told notebook users to call `statgraph.gap_report`, which
`import statgraph` did not export. Every `statgraph.NAME(` the docstring shows must exist."""

import re

import statgraph


def test_every_function_the_package_docstring_calls_is_exported():
    called = set(re.findall(r"statgraph\.(\w+)\(", statgraph.__doc__))
    assert {"load", "gaps"} <= called
    assert sorted(name for name in called if not callable(getattr(statgraph, name, None))) == []
