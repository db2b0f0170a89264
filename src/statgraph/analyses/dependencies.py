"""The statute dependency graph as networkx, and the views people look at.

One DiGraph is built from the RDF (through the graph-nodes and graph-edges
queries, so it works on the embedded store and on a server alike). An edge
A -> B reads "A depends on B". Views are functions of that graph.
"""

from __future__ import annotations

import networkx as nx

from statgraph.errors import InputError
from statgraph.kg.base import KnowledgeGraph, natural_key

VIEWS = ("statutes", "goals", "chapters", "coverage")
STATUTE_KINDS = {"section", "chapter", "external"}


def build(kg: KnowledgeGraph, state: str, year: int | None = None) -> nx.DiGraph:
    """Every node and edge of a state's dependency graph (goals of every report card, or of ``year``'s)."""
    state = kg.require_state(state)
    graph = nx.DiGraph(state=state)
    # Rows come in the engine's order, which changes between runs: sorted, the files a drawing
    # writes (GraphML, GEXF, JSON, the page) are the same for the same graph.
    nodes = sorted(kg.run("graph-nodes", state=state, year=year).records(), key=lambda r: natural_key(str(r["node"])))
    for row in nodes:
        attributes = {k: v for k, v in row.items() if k != "node" and v not in (None, "")}
        graph.add_node(str(row["node"]), **attributes)
    edges = sorted(kg.run("graph-edges", state=state, year=year).records(),
                   key=lambda r: (natural_key(str(r["source"])), natural_key(str(r["target"])), str(r["relation"])))
    for row in edges:
        source, target = str(row["source"]), str(row["target"])
        if source in graph and target in graph:
            graph.add_edge(source, target, relation=row["relation"])
    _annotate(graph)
    return graph


def _annotate(graph: nx.DiGraph) -> None:
    """What a reader wants on hover: the goals resting on each statute."""
    for node, data in graph.nodes(data=True):
        if data.get("kind") in STATUTE_KINDS:
            goals = sorted({graph.nodes[s]["label"].removeprefix("goal ") for s, _, d in graph.in_edges(node, data=True)
                            if d["relation"] == "rests-on"}, key=natural_key)
            if goals:
                data["goals"] = ", ".join(goals)


def find(graph: nx.DiGraph, citation: str) -> str:
    """The node whose label is the citation (566.211, chapter 566, goal 2.5)."""
    wanted = citation.strip().removeprefix("§").strip()
    for node, data in graph.nodes(data=True):
        if data.get("label") in (wanted, f"goal {wanted}"):
            return node
    sections = sorted((d["label"] for _, d in graph.nodes(data=True) if d.get("kind") == "section"), key=natural_key)
    near = [s for s in sections if s.split(".")[0] == wanted.split(".")[0]][:8]
    raise InputError(f"no node {wanted!r} in {graph.graph.get('state', 'the')} graph",
                     hint=f"sections of that chapter: {', '.join(near)}" if near else
                     "give a section number as cited, e.g. 566.211")


def _subgraph(graph: nx.DiGraph, keep) -> nx.DiGraph:
    return _induced(graph, [n for n, d in graph.nodes(data=True) if keep(n, d)])


def _induced(graph: nx.DiGraph, nodes) -> nx.DiGraph:
    """The subgraph on ``nodes``, in ``graph``'s order. (networkx's ``subgraph`` walks a set when it
    keeps under half the nodes, so its order, and every file drawn from it, changed between runs.)"""
    wanted = set(nodes)
    view = nx.DiGraph()
    view.graph.update(graph.graph)
    view.add_nodes_from((n, dict(d)) for n, d in graph.nodes(data=True) if n in wanted)
    view.add_edges_from((a, b, dict(d)) for a, b, d in graph.edges(data=True) if a in wanted and b in wanted)
    return view


def statutes(graph: nx.DiGraph) -> nx.DiGraph:
    """Sections, chapters and external laws, with what cites what and the transfers."""
    view = _subgraph(graph, lambda n, d: d.get("kind") in STATUTE_KINDS)
    view.remove_edges_from([(a, b) for a, b, d in view.edges(data=True)
                            if d["relation"] not in ("cites", "transferred-to")])
    view.remove_nodes_from([n for n, d in view.nodes(data=True)
                            if d["kind"] == "chapter" and view.degree(n) == 0])
    view.graph["view"] = "statutes"
    return view


def goals(graph: nx.DiGraph) -> nx.DiGraph:
    """Goals and the statutes their assessments rest on, coloured by status."""
    resting = {b for _, b, d in graph.edges(data=True) if d["relation"] == "rests-on"}
    view = _subgraph(graph, lambda n, d: d.get("kind") == "goal" or n in resting)
    view.remove_edges_from([(a, b) for a, b, d in view.edges(data=True) if d["relation"] != "rests-on"])
    view.graph["view"] = "goals"
    return view


def chapters(graph: nx.DiGraph) -> nx.DiGraph:
    """Chapters as nodes; an edge counts the citations from one chapter's sections to another's."""
    chapter_of = {}
    for node, data in graph.nodes(data=True):
        if data.get("kind") == "section":
            chapter_of[node] = data.get("chapter")
        elif data.get("kind") in ("chapter", "external"):
            chapter_of[node] = data["label"]
    view = nx.DiGraph(**graph.graph, view="chapters")
    for node, data in graph.nodes(data=True):
        if data.get("kind") in ("chapter", "external"):
            members = sum(1 for n, c in chapter_of.items() if c == data["label"] and graph.nodes[n]["kind"] == "section")
            view.add_node(data["label"], kind=data["kind"], label=data["label"], title=data.get("title", ""),
                          sections=members)
    for a, b, d in graph.edges(data=True):
        if d["relation"] in ("cites", "transferred-to") and a in chapter_of and b in chapter_of:
            source, target = chapter_of[a], chapter_of[b]
            if source and target and source != target:
                weight = view.edges[source, target]["weight"] + 1 if view.has_edge(source, target) else 1
                view.add_edge(source, target, relation="cites", weight=weight)
    view.remove_nodes_from([n for n in list(view) if view.degree(n) == 0 and not view.nodes[n].get("sections")])
    return view


def coverage(kg: KnowledgeGraph, state: str) -> nx.DiGraph:
    """Protections to the child sex trafficking and CSEC offenses they reach (or do not)."""
    state = kg.require_state(state)
    view = nx.DiGraph(state=state, view="coverage")
    for row in kg.run("coverage", {"state": state}).records():
        protection = f"protection {row['protection']}"
        offense = f"offense {row['offense']}"
        view.add_node(protection, kind="protection", label=row["protection"], title=row["protection_label"] or "")
        view.add_node(offense, kind="offense", label=row["offense"], title=row["offense_label"] or "",
                      chapter=row["offense_chapter"], detail=row["category"])
        relation = {True: "reaches", False: "does-not-reach"}.get(row["covered"], "may-reach")
        view.add_edge(protection, offense, relation=relation, via=row["via"] or "")
    return view


def ego(graph: nx.DiGraph, citation: str, depth: int) -> nx.DiGraph:
    """Everything within ``depth`` steps of a node, whichever way the edges point."""
    if depth < 0:
        raise InputError("--depth must be 0 or more")
    center = find(graph, citation)
    near = nx.single_source_shortest_path_length(graph.to_undirected(as_view=True), center, cutoff=depth)
    view = _induced(graph, near)
    view.graph["focus"] = center
    return view


def view_of(kg: KnowledgeGraph, state: str, view: str, focus: str | None = None, depth: int = 2,
            year: int | None = None) -> nx.DiGraph:
    """The graph a viz command draws."""
    if view not in VIEWS:
        raise InputError(f"no view {view!r}", hint=f"views: {', '.join(VIEWS)}")
    if view == "coverage":
        if focus:
            raise InputError("--focus works with the statutes and goals views")
        return coverage(kg, state)
    full = build(kg, state, year)
    if focus:
        return ego(full, focus, depth)
    return {"statutes": statutes, "goals": goals, "chapters": chapters}[view](full)
