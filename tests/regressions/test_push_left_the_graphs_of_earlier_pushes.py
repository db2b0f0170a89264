"""Issue #14: push never removed graphs that an earlier push had created from files no longer
pushed; a later `gaps` counted "116736 of 10240 goals"."""

import urllib.request

from statgraph.kg.remote import MANIFEST_GRAPH, RemoteGraph

from test_remote import assert_same, larger, push_to, statgraph_graphs


def test_a_smaller_push_after_a_larger_leaves_only_the_smaller(kg, larger, tmp_path, start_server):
    server = start_server("oxigraph")
    own = urllib.request.Request(server.update, data=b"INSERT DATA { GRAPH <urn:x-user:mine> { <urn:a> <urn:b> 1 } }",
                                 headers={"Content-Type": "application/sparql-update"})
    urllib.request.urlopen(own).read()
    push_to(larger, server)
    assert RemoteGraph(server.query).jurisdictions() == larger.jurisdictions()
    assert {"MO", "S01", "S02"} <= set(larger.jurisdictions())
    result = push_to(kg, server)
    far = RemoteGraph(server.query)
    assert far.jurisdictions() == kg.jurisdictions() and "S01" not in far.jurisdictions()
    assert_same(kg.run("goal-status", state="MO"), far.run("goal-status", state="MO"))
    assert far.derived_count == kg.derived_count
    assert len(result.removed) == 2  # the larger push's two graphs
    assert statgraph_graphs(server) == {p.staged for p in result.parts} | {MANIFEST_GRAPH, "urn:x-user:mine"}
