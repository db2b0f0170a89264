"""Dependency graphs: built from the data, drawn in every format, and usable in a browser."""

import json
import xml.etree.ElementTree as ElementTree

import networkx as nx
import pytest

import statgraph
from statgraph.analyses import dependencies as dependency_graph
from statgraph.publish import viz as viz_module

from browser import Page


@pytest.fixture(scope="module")
def full(kg):
    return dependency_graph.build(kg, "MO")


def labels(graph, kind):
    return {d["label"] for _, d in graph.nodes(data=True) if d.get("kind") == kind}


def test_nodes_of_every_kind_match_the_data(full):
    counts = {kind: sum(1 for _, d in full.nodes(data=True) if d.get("kind") == kind) for kind in
              ("section", "chapter", "goal", "offense", "protection", "term", "external")}
    assert counts == {"section": 65, "chapter": 24, "goal": 40, "offense": 15, "protection": 16,
                      "term": 21, "external": 2}
    assert labels(full, "external") == {"22 U.S.C. § 7102", "Mo. Const. art. IX, § 7"}


def test_edges_read_depends_on_and_the_transfers_exist(full):
    def edges(relation):
        return {(full.nodes[a]["label"], full.nodes[b]["label"]) for a, b, d in full.edges(data=True)
                if d["relation"] == relation}
    assert edges("transferred-to") == {("566.212", "566.211"), ("566.213", "566.210")}
    assert ("566.211", "573.010") in edges("cites")  # 566.211(1) cites 573.010, folded to the section
    assert ("goal 4.5", "566.223") in edges("rests-on")
    assert ("offense 566.211", "566.211") in edges("defines")
    assert {b for a, b in edges("scope") if a == "491.680(1)"} == {"chapter 565", "chapter 566", "chapter 568"}
    assert not any(b.startswith("chapter") for a, b in edges("cites") if a == "566.223")  # no chapter for a section


def test_views(kg, full):
    statutes = dependency_graph.statutes(full)
    assert labels(statutes, "section") == labels(full, "section")  # every cited section drawn
    assert {d["relation"] for *_, d in statutes.edges(data=True)} == {"cites", "transferred-to"}
    goals = dependency_graph.goals(full)
    assert len(labels(goals, "goal")) == 40
    assert {d.get("status") for _, d in goals.nodes(data=True) if d["kind"] == "goal"} == {
        "FullyMet", "PartiallyMet", "NotMet"}
    chapters = dependency_graph.chapters(full)
    assert chapters.edges["chapter 589", "chapter 567"]["weight"] == 5  # 589.414 cites five 567 sections
    coverage = dependency_graph.coverage(kg, "MO")
    assert coverage.edges["protection 491.680(1)", "offense 566.211"]["relation"] == "reaches"
    assert coverage.edges["protection 491.680(1)", "offense 567.030"]["relation"] == "does-not-reach"
    assert coverage.edges["protection 491.725", "offense 567.030"]["relation"] == "may-reach"  # scope not stated
    ego = dependency_graph.ego(full, "566.223", 1)
    assert {"566.223", "566.200", "goal 4.5"} <= {d["label"] for _, d in ego.nodes(data=True)}
    assert full.nodes[dependency_graph.find(full, "566.223")]["goals"] == "2.5, 3.3, 3.4, 4.5, 4.6, 6.1, 6.2, 6.3"


@pytest.mark.parametrize("extension,reader", [(".graphml", nx.read_graphml), (".gexf", nx.read_gexf)])
def test_graph_files_load_in_networkx_with_every_cited_section(cli, tmp_path, extension, reader):
    out = tmp_path / f"mo{extension}"
    assert cli("viz", "--state", "MO", "-o", out).code == 0
    loaded = reader(out)
    sections = {d["label"] for _, d in loaded.nodes(data=True) if d.get("kind") == "section"}
    assert len(sections) == 65 and "566.211" in sections
    assert any(d.get("relation") == "transferred-to" for *_, d in loaded.edges(data=True))


def test_node_link_json(cli, tmp_path):
    out = tmp_path / "mo.json"
    assert cli("viz", "--state", "MO", "--view", "goals", "-o", out).code == 0
    loaded = nx.node_link_graph(json.loads(out.read_text(encoding="utf-8")), edges="links")
    assert sum(1 for _, d in loaded.nodes(data=True) if d.get("kind") == "goal") == 40


def test_svg_is_xml_with_readable_labels_and_a_legend(cli, tmp_path):
    pytest.importorskip("shutil").which("dot") or pytest.skip("Graphviz is not installed: apt-get install graphviz")
    out = tmp_path / "f.svg"
    run = cli("viz", "--state", "MO", "--focus", "566.223", "--depth", "2", "-o", out)
    assert run.code == 0
    tree = ElementTree.parse(out)
    text = " ".join(t.text or "" for t in tree.iter("{http://www.w3.org/2000/svg}text"))
    assert "566.223" in text and "Federal Trafficking Victims" in text and "Legend" in text
    png = tmp_path / "f.png"
    assert cli("viz", "--state", "MO", "--view", "chapters", "-o", png).code == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_without_graphviz_svg_and_png_are_drawn_all_the_same(cli, tmp_path, monkeypatch):
    """A fresh machine with pip alone: no Graphviz, and the README's SVG example still works."""
    import statgraph.publish.viz
    monkeypatch.setattr(statgraph.publish.viz.shutil, "which", lambda name: None)
    out = tmp_path / "f.svg"
    run = cli("viz", "--state", "MO", "--focus", "566.223", "--depth", "2", "-o", out)
    assert run.code == 0, run.err
    tree = ElementTree.parse(out)
    text = " ".join(t.text or "" for t in tree.iter("{http://www.w3.org/2000/svg}text"))
    for citation in ("566.223", "566.200", "566.211", "566.223(6)"):  # the focus and its neighbours
        assert citation in text
    assert "Federal Trafficking Victims" in text and "Legend" in text
    png = tmp_path / "f.png"
    assert cli("viz", "--state", "MO", "--view", "chapters", "-o", png).code == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("args,message", [
    (["--focus", "566.999"], "no node '566.999'"),
    (["-o", "{tmp}/mo.pdf"], "cannot tell the format of mo.pdf"),
    (["--view", "coverage", "--focus", "566.211"], "--focus works with"),
    (["--state", "ZZ"], "unknown state 'ZZ'"),
])
def test_bad_viz_input(cli, tmp_path, args, message):
    base = ["viz", "--state", "MO", "-o", str(tmp_path / "mo.html")]
    run = cli(*base, *[a.replace("{tmp}", str(tmp_path)) for a in args])
    assert run.code == 2 and message in run.err and "Traceback" not in run.err


# --- the HTML page in a real browser --------------------------------------------------------

def open_page(browser, path):  # noqa: F811
    page = Page(browser, path.as_uri())
    page.page.wait_for_selector("body[data-ready=true]", timeout=20000)
    return page


def test_html_page_works_offline_and_finds_566_211(cli, browser, full, tmp_path):  # noqa: F811
    out = tmp_path / "mo.html"
    assert cli("viz", "--state", "MO", "-o", out).code == 0
    page = open_page(browser, out)
    try:
        assert page.page.locator("g.item").count() == dependency_graph.statutes(full).number_of_nodes()
        page.page.fill("#query", "566.211")
        page.page.click("#search button")
        page.page.wait_for_selector("g.item.found")
        assert page.page.evaluate("document.body.dataset.found") == "566.211"
        assert "Sexual trafficking of a child" in page.page.inner_text("#status")
        box = page.page.locator("g.item.found .node").bounding_box()
        page.page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        assert "566.211" in page.page.inner_text("#tooltip")
        assert "goals resting on it: 1.1" in page.page.inner_text("#tooltip")
        shot = page.screenshot("viz-mo-statutes-566.211.png")
        assert shot.stat().st_size > 10_000
        assert [c for c in page.console if c.startswith(("error", "pageerror", "warning"))] == []
        assert page.requests == [out.as_uri()]  # nothing left the machine
    finally:
        page.close()


@pytest.mark.parametrize("view", ["goals", "chapters", "coverage"])
def test_every_view_renders(cli, browser, tmp_path, view):  # noqa: F811
    out = tmp_path / f"{view}.html"
    assert cli("viz", "--state", "MO", "--view", view, "-o", out).code == 0
    page = open_page(browser, out)
    try:
        assert page.page.locator("g.item").count() > 10
        assert page.page.locator("#legend div").count() >= 2
        page.screenshot(f"viz-mo-{view}.png")
        assert [c for c in page.console if c.startswith(("error", "pageerror"))] == []
        assert page.requests == [out.as_uri()]
    finally:
        page.close()


def test_large_graph_stays_usable(browser, tmp_path, synthetic_states):  # noqa: F811
    world = statgraph.load([synthetic_states(1, 600, seed=5)])
    drawing = dependency_graph.view_of(world, "S01", "statutes")
    assert drawing.number_of_nodes() > 600
    from statgraph.publish import viz
    out = tmp_path / "large.html"
    viz.write(drawing, out, "large")
    page = open_page(browser, out)
    try:
        assert page.page.evaluate("document.getElementById('canvas').classList.contains('thin')")  # labels thinned
        page.page.fill("#query", "100.050")
        page.page.click("#search button")
        page.page.wait_for_selector("g.item.found")
        page.screenshot("viz-synthetic-600.png")
        assert [c for c in page.console if c.startswith(("error", "pageerror"))] == []
    finally:
        page.close()


HOSTILE_LABEL = '</script><script>window.pwned = 1</script><img src=x onerror="window.pwned = 2">'


def test_labels_are_text_not_markup(full, browser, tmp_path):  # noqa: F811
    """A title from an entry file cannot run script in the page or load anything."""
    graph = dependency_graph.statutes(full).copy()
    target = next(n for n, d in graph.nodes(data=True) if d.get("label") == "566.211")
    graph.nodes[target]["title"] = HOSTILE_LABEL
    out = tmp_path / "hostile.html"
    out.write_bytes(viz_module.to_html(graph, "hostile " + HOSTILE_LABEL))
    assert b"</script><script>window.pwned" not in out.read_bytes()
    page = open_page(browser, out)
    try:
        page.page.fill("#query", "566.211")
        page.page.click("#search button")
        page.page.wait_for_selector("g.item.found")
        assert HOSTILE_LABEL in page.page.inner_text("#status")  # shown, as text
        assert page.page.evaluate("window.pwned") is None
        assert page.page.locator("img").count() == 0
        assert page.requests == [out.as_uri()]
    finally:
        page.close()
