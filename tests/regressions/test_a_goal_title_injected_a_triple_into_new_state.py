"""Issue #16: a goal title containing newlines, loaded with --data, made `new-state` write a live
triple (`<us-zz> sg:code "PWNED"`) into the analyst's skeleton; generated Turtle was written with
f-strings."""

import pyoxigraph as ox

from statgraph.authoring import turtle
from statgraph.authoring.skeleton import skeleton
from statgraph.kg.store import load

from test_untrusted import INJECTED


def test_an_injected_goal_title_stays_a_comment_in_new_state(cli, tmp_path):
    """A goal title with line breaks, loaded with --data, once wrote a live triple into the skeleton."""
    evil = tmp_path / "evil.ttl"
    evil.write_text("@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
                    f"<https://w3id.org/statgraph/id/framework/2023/goal/1.1> skos:prefLabel {turtle.literal(INJECTED)} .\n",
                    encoding="utf-8")
    # the first defence: an entry may not restate the framework at all
    refused = cli("new-state", "--state", "KS", "--year", "2024", "--data", evil)
    assert refused.code == 2 and "framework" in refused.err
    # the second: even a graph holding such a title writes it as a comment, never as a statement
    kg = load([evil], refuse_trespass=False)
    text = skeleton(kg, "ZZ", 2024)
    assert "Buyers" in text
    triples = list(ox.parse(text.encode("utf-8"), ox.RdfFormat.TURTLE))
    assert not any(t.object == ox.Literal("PWNED") for t in triples)
    clean = list(ox.parse(skeleton(load(), "ZZ", 2024).encode("utf-8"), ox.RdfFormat.TURTLE))
    assert set(triples) == set(clean)
