"""Issue #14: the `.rq` files were not SPARQL on their own: no PREFIX lines, and a parameter was
only right at the `#@bind` comment, though the README said the text runs on any SPARQL 1.1 engine."""

import pytest

from test_queries import ALL_BUNDLED


@pytest.mark.parametrize("path", ALL_BUNDLED, ids=lambda p: p.relative_to(p.parents[1]).as_posix()
                         if p.parent.name != "queries" else p.name)
def test_every_bundled_file_is_complete_sparql_on_its_own(path):
    """Parsed exactly as it is on disk, with no prefixes supplied by statgraph: a user can
    send the file to any server (its VALUES ?param { UNDEF } blocks mean 'all')."""
    import pyoxigraph as ox
    text = path.read_text(encoding="utf-8")
    ox.Store().query(text)  # raises SyntaxError on an undeclared prefix or a broken file
    assert "#@bind" not in text and "#columns:" not in text
