"""Drawing a dependency graph: interactive HTML, Graphviz SVG/PNG, and GraphML/GEXF/JSON.

The HTML page is one self-contained file (data, script and style inline) that
works offline. SVG and PNG are drawn by Graphviz where it is installed and by
matplotlib (a dependency, so pip alone suffices) where it is not. Positions are computed here, so the page only draws: a force
layout up to a few hundred nodes, and past that a layout clustered by chapter.
"""

from __future__ import annotations

import colorsys
import html
import importlib.util
import json
import math
import shutil
import subprocess
from pathlib import Path

import networkx as nx

from statgraph.atomic import write_atomically
from statgraph.errors import EnvironmentFailure, InputError
from statgraph.kg.base import natural_key
from statgraph.resources import templates_dir

FORMATS = {".html": "html", ".svg": "svg", ".png": "png", ".graphml": "graphml", ".gexf": "gexf", ".json": "json"}
LARGE = 300  # past this many nodes: clustered layout, labels thinned in the page
STATUS_COLOURS = {"FullyMet": "#2e7d32", "PartiallyMet": "#f9a825", "NotMet": "#c62828"}
KIND_COLOURS = {"goal": "#9e9e9e", "offense": "#6a1b9a", "protection": "#00838f", "term": "#8d6e63",
                "external": "#455a64", "chapter": "#37474f"}
KIND_SHAPES = {"section": "circle", "chapter": "square", "external": "square", "goal": "diamond",
               "offense": "triangle", "protection": "hexagon", "term": "circle"}
DOT_SHAPES = {"circle": "ellipse", "square": "box", "diamond": "diamond", "triangle": "triangle",
              "hexagon": "hexagon"}
RELATION_STYLES = {"cites": "solid", "transferred-to": "bold", "rests-on": "dashed", "defines": "dotted",
                   "scope": "solid", "established-by": "solid", "reaches": "solid", "does-not-reach": "dotted",
                   "may-reach": "dashed"}


def format_of(path: Path) -> str:
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(f"cannot tell the format of {path.name}",
                         hint=f"name the file with one of {', '.join(FORMATS)}")
    return fmt


# --- colours, labels and positions -----------------------------------------------------

def chapter_colours(graph: nx.DiGraph) -> dict[str, str]:
    chapters = sorted({d.get("chapter") for _, d in graph.nodes(data=True) if d.get("chapter")}, key=natural_key)
    colours = {}
    for index, chapter in enumerate(chapters):
        hue = (index * 0.61803398875) % 1.0  # golden-ratio steps keep neighbours apart
        red, green, blue = colorsys.hls_to_rgb(hue, 0.45, 0.55)
        colours[chapter] = f"#{int(red * 255):02x}{int(green * 255):02x}{int(blue * 255):02x}"
    return colours


def colour(data: dict, chapters: dict[str, str]) -> str:
    if data.get("kind") == "goal":
        return STATUS_COLOURS.get(data.get("status", ""), "#9e9e9e")
    if data.get("kind") == "section" and data.get("chapter") in chapters:
        return chapters[data["chapter"]]
    return KIND_COLOURS.get(data.get("kind", ""), "#607d8b")


def short_title(data: dict, limit: int = 40) -> str:
    title = str(data.get("title") or "")
    return title if len(title) <= limit else title[: limit - 1].rstrip() + "…"


def layout(graph: nx.DiGraph) -> dict[str, tuple[float, float]]:
    """Deterministic positions in a 0..1000 square."""
    if graph.number_of_nodes() == 0:
        return {}
    if graph.graph.get("view") == "coverage":
        return _columns(graph, lambda d: 0 if d.get("kind") == "protection" else 1)
    if graph.graph.get("view") == "goals":
        return _columns(graph, lambda d: 0 if d.get("kind") == "goal" else 1)
    if graph.number_of_nodes() > LARGE or graph.graph.get("view") == "statutes":
        return _clustered(graph)  # sections grouped by chapter: the grouping readers look for
    undirected = graph.to_undirected()
    if nx.is_connected(undirected) and importlib.util.find_spec("scipy") is not None:
        positions = nx.kamada_kawai_layout(undirected)  # networkx needs SciPy for it
    else:
        positions = nx.spring_layout(undirected, seed=7, k=2.5 / math.sqrt(graph.number_of_nodes()),
                                     iterations=150)
    return _scale(positions)


def _columns(graph: nx.DiGraph, column) -> dict[str, tuple[float, float]]:
    groups: dict[int, list[str]] = {}
    for node, data in graph.nodes(data=True):
        groups.setdefault(column(data), []).append(node)
    positions = {}
    for index, nodes in groups.items():
        nodes.sort(key=lambda n: natural_key(str(graph.nodes[n].get("label", n))))
        for row, node in enumerate(nodes):
            positions[node] = (150 + 700 * index, 1000 * (row + 0.5) / len(nodes))
    return positions


def _clustered(graph: nx.DiGraph) -> dict[str, tuple[float, float]]:
    """Chapters in a grid, in number order; each chapter node at the centre of its cell and its
    sections around it in a sunflower spiral, so any size stays evenly spread."""
    cluster_of = {n: d.get("chapter") or d.get("label") if d.get("kind") in ("chapter", "section")
                  else d.get("kind", "other") for n, d in graph.nodes(data=True)}
    members: dict[str, list[str]] = {}
    for node, cluster in cluster_of.items():
        members.setdefault(str(cluster), []).append(node)
    order = sorted(members, key=natural_key)
    columns = max(1, math.ceil(math.sqrt(len(order))))
    rows = math.ceil(len(order) / columns)
    cell = 1000 / max(columns, rows)
    largest = max(len(nodes) for nodes in members.values())
    positions = {}
    golden = math.pi * (3 - math.sqrt(5))
    for index, cluster in enumerate(order):
        cx = cell * (index % columns + 0.5)
        cy = cell * (index // columns + 0.5)
        nodes = sorted(members[cluster], key=lambda n: (graph.nodes[n].get("kind") != "chapter",
                                                         natural_key(str(graph.nodes[n].get("label", n)))))
        spread = 0.42 * cell / math.sqrt(max(largest, 2))
        for rank, node in enumerate(nodes):
            radius = spread * math.sqrt(rank)
            positions[node] = (cx + radius * math.cos(rank * golden), cy + radius * math.sin(rank * golden))
    return positions


def _scale(positions) -> dict[str, tuple[float, float]]:
    xs = [p[0] for p in positions.values()]
    ys = [p[1] for p in positions.values()]
    width, height = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
    return {n: (50 + 900 * (float(p[0]) - min(xs)) / width, 50 + 900 * (float(p[1]) - min(ys)) / height)
            for n, p in positions.items()}


# --- exports ------------------------------------------------------------------------------

def _plain(graph: nx.DiGraph) -> nx.DiGraph:
    """A copy whose attributes GraphML and GEXF accept (no None, only str/int/float/bool)."""
    clean = nx.DiGraph()
    clean.graph.update({k: str(v) for k, v in graph.graph.items() if v is not None})
    for node, data in graph.nodes(data=True):
        clean.add_node(node, **{k: (v if isinstance(v, (int, float, bool)) else str(v))
                                for k, v in data.items() if v is not None})
    for a, b, data in graph.edges(data=True):
        clean.add_edge(a, b, **{k: (v if isinstance(v, (int, float, bool)) else str(v))
                                for k, v in data.items() if v is not None})
    return clean


def to_json(graph: nx.DiGraph) -> bytes:
    data = nx.node_link_data(_plain(graph), edges="links")
    return (json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")


def to_dot(graph: nx.DiGraph) -> str:
    chapters = chapter_colours(graph)

    def quote(text: str) -> str:
        return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'

    engine_hints = 'rankdir=LR; overlap=false; splines=true; fontname="Helvetica";'
    lines = [f"digraph statgraph {{ {engine_hints}",
             '  node [fontname="Helvetica", fontsize=10, style=filled, fontcolor=white];',
             '  edge [fontname="Helvetica", fontsize=8, color="#78909c"];']
    ids = {node: f"n{index}" for index, node in enumerate(sorted(graph, key=str))}
    for node, data in graph.nodes(data=True):
        title = short_title(data, 32)
        text = f"{data.get('label', node)}\n{title}" if title else str(data.get("label", node))
        shape = DOT_SHAPES[KIND_SHAPES.get(data.get("kind", ""), "circle")]
        focus = ', penwidth=3, color="black"' if graph.graph.get("focus") == node else ""
        lines.append(f"  {ids[node]} [label={quote(text)}, shape={shape}, "
                     f"fillcolor={quote(colour(data, chapters))}{focus}];")
    for a, b, data in graph.edges(data=True):
        relation = data.get("relation", "")
        style = RELATION_STYLES.get(relation, "solid")
        label = f"{relation} ({data['weight']})" if data.get("weight") else relation
        lines.append(f"  {ids[a]} -> {ids[b]} [style={style}, label={quote(label)}];")
    lines += _dot_legend(graph, chapters)
    lines.append("}")
    return "\n".join(lines) + "\n"


def _dot_legend(graph: nx.DiGraph, chapters: dict[str, str]) -> list[str]:
    items = _legend(graph, chapters)
    lines = ['  subgraph cluster_legend { label="Legend"; fontname="Helvetica"; fontsize=10; color="#b0bec5";',
             '    node [shape=box, fontsize=9, width=0, height=0];']
    for index, (text, fill, _) in enumerate(items):
        escaped = text.replace('"', '\\"')
        lines.append(f'    legend{index} [label="{escaped}", fillcolor="{fill}"];')
    lines.append("  }")
    return lines


def _legend(graph: nx.DiGraph, chapters: dict[str, str]) -> list[tuple[str, str, str]]:
    """(text, colour, shape) for each kind of thing the drawing shows."""
    kinds = {d.get("kind") for _, d in graph.nodes(data=True)}
    items = []
    if "goal" in kinds:
        items += [(f"goal: {s}", c, "diamond") for s, c in (("fully met", STATUS_COLOURS["FullyMet"]),
                                                             ("partially met", STATUS_COLOURS["PartiallyMet"]),
                                                             ("not met", STATUS_COLOURS["NotMet"]))]
    if "section" in kinds:
        shown = sorted({d.get("chapter") for _, d in graph.nodes(data=True)
                        if d.get("kind") == "section" and d.get("chapter")}, key=natural_key)
        items += [(f"section in {c}", chapters[c], "circle") for c in shown[:12]]
        if len(shown) > 12:
            items.append((f"… and {len(shown) - 12} more chapters", "#90a4ae", "circle"))
    for kind in ("chapter", "external", "offense", "protection", "term"):
        if kind in kinds:
            items.append((kind if kind != "external" else "external law", KIND_COLOURS[kind], KIND_SHAPES[kind]))
    return items


def to_image(graph: nx.DiGraph, fmt: str, title: str = "") -> bytes:
    """SVG or PNG: drawn by Graphviz where it is installed, else by statgraph's own drawing
    (matplotlib, installed with statgraph), so pip alone is enough."""
    engine = "dot" if graph.number_of_nodes() <= LARGE else "sfdp"
    binary = shutil.which(engine)
    if binary is None:
        return draw(graph, fmt, title)
    try:
        done = subprocess.run([binary, f"-T{fmt}"], input=to_dot(graph).encode("utf-8"),
                              capture_output=True, timeout=300, check=False)
    except subprocess.TimeoutExpired:
        raise EnvironmentFailure(f"Graphviz took more than 300 s on {graph.number_of_nodes()} nodes",
                                 hint="draw a smaller view: --view chapters, or --focus SECTION --depth 1") from None
    if done.returncode != 0:
        raise EnvironmentFailure(f"Graphviz failed: {done.stderr.decode('utf-8', 'replace').strip()[:300]}")
    return done.stdout


_LINE_STYLES = {"solid": "-", "bold": "-", "dashed": "--", "dotted": ":"}


def draw(graph: nx.DiGraph, fmt: str, title: str = "") -> bytes:
    """The drawing without Graphviz: the page's layout (statgraph.publish.viz.layout), each node a
    coloured label with its citation and short title, edges styled by relation, and a legend.
    SVG keeps the labels as text (searchable, selectable); PNG is rendered by matplotlib's Agg."""
    import io

    import matplotlib
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import FancyArrowPatch, Patch

    chapters = chapter_colours(graph)
    positions = layout(graph)
    count = max(graph.number_of_nodes(), 1)
    side = min(40.0, max(9.0, 2.2 * math.sqrt(count)))
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "statgraph", "font.size": 7,
                                "font.family": "DejaVu Sans"}):
        figure = Figure(figsize=(side * 1.25, side), dpi=110)
        axes = figure.add_axes((0.0, 0.0, 0.8, 0.95))
        axes.set_axis_off()
        axes.set_xlim(-40, 1040)
        axes.set_ylim(1040, -40)  # the page's y axis points down
        for a, b, data in graph.edges(data=True):
            style = RELATION_STYLES.get(data.get("relation", ""), "solid")
            axes.add_patch(FancyArrowPatch(positions[a], positions[b], arrowstyle="-|>", mutation_scale=9,
                                           color="#78909c", linewidth=1.6 if style == "bold" else 0.8,
                                           linestyle=_LINE_STYLES[style], shrinkA=14, shrinkB=14, zorder=1))
        for node, data in graph.nodes(data=True):
            x, y = positions[node]
            label = str(data.get("label", node))
            short = short_title(data, 28)
            focused = graph.graph.get("focus") == node
            axes.text(x, y, f"{label}\n{short}" if short else label, ha="center", va="center", color="white",
                      fontsize=6.5, zorder=2, gid=f"node-{label}",
                      bbox={"boxstyle": "round,pad=0.3", "facecolor": colour(data, chapters),
                            "edgecolor": "black" if focused else "none", "linewidth": 2 if focused else 0})
        handles = [Patch(facecolor=fill, label=text) for text, fill, _ in _legend(graph, chapters)]
        relations = sorted({d.get("relation", "") for _, _, d in graph.edges(data=True)} - {""})
        handles += [Line2D([], [], color="#78909c", linestyle=_LINE_STYLES[RELATION_STYLES.get(r, "solid")],
                           linewidth=1.6 if RELATION_STYLES.get(r) == "bold" else 0.8, label=r) for r in relations]
        figure.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.805, 0.95), title="Legend",
                      frameon=True, fontsize=7)
        if title:
            figure.suptitle(title, x=0.02, y=0.99, ha="left", fontsize=9)
        buffer = io.BytesIO()
        metadata = {"Date": None} if fmt == "svg" else {"Software": "statgraph"}
        figure.savefig(buffer, format=fmt, metadata=metadata, facecolor="white")
    return buffer.getvalue()


def to_html(graph: nx.DiGraph, title: str) -> bytes:
    chapters = chapter_colours(graph)
    positions = layout(graph)
    nodes = []
    for node, data in graph.nodes(data=True):
        x, y = positions[node]
        nodes.append({
            "id": node, "label": str(data.get("label", node)), "kind": data.get("kind", ""),
            "title": str(data.get("title") or ""), "detail": str(data.get("detail") or ""),
            "chapter": str(data.get("chapter") or ""), "status": str(data.get("status") or ""),
            "goals": str(data.get("goals") or ""), "colour": colour(data, chapters),
            "shape": KIND_SHAPES.get(data.get("kind", ""), "circle"), "x": round(x, 1), "y": round(y, 1),
            "focus": graph.graph.get("focus") == node,
        })
    edges = [{"s": a, "t": b, "relation": d.get("relation", ""), "via": str(d.get("via") or ""),
              "weight": d.get("weight", 1)} for a, b, d in graph.edges(data=True)]
    document = {"title": title, "nodes": nodes, "edges": edges, "large": len(nodes) > LARGE,
                "legend": [{"text": t, "colour": c, "shape": s} for t, c, s in _legend(graph, chapters)],
                "relations": sorted({e["relation"] for e in edges})}
    template = (templates_dir() / "graph.html").read_text(encoding="utf-8")
    payload = json.dumps(document, ensure_ascii=False).replace("</", "<\\/")  # safe inside <script>
    page = template.replace("{{TITLE}}", html.escape(title)).replace("{{DATA}}", payload)
    return page.encode("utf-8")


def render(graph: nx.DiGraph, fmt: str, title: str) -> bytes:
    if fmt == "html":
        return to_html(graph, title)
    if fmt in ("svg", "png"):
        return to_image(graph, fmt, title)
    if fmt == "json":
        return to_json(graph)
    import io
    buffer = io.BytesIO()
    (nx.write_graphml if fmt == "graphml" else nx.write_gexf)(_plain(graph), buffer)
    return buffer.getvalue() if fmt == "graphml" else _gexf_with_graph_attributes(buffer.getvalue(), graph, title)


def _gexf_with_graph_attributes(data: bytes, graph: nx.DiGraph, title: str) -> bytes:
    """GEXF has no attributes for the graph itself, and networkx drops them (state, view, focus):
    they go into the file's <meta> as keywords (``state=MO; view=goals``), the title into its
    description and the graph's name, where Gephi shows them."""
    import xml.etree.ElementTree as ET
    namespace = "http://www.gexf.net/1.2draft"
    ET.register_namespace("", namespace)
    ET.register_namespace("xsi", "http://www.w3.org/2001/XMLSchema-instance")
    root = ET.fromstring(data)
    meta = root.find(f"{{{namespace}}}meta")
    if meta is None:
        meta = ET.Element(f"{{{namespace}}}meta")
        root.insert(0, meta)
    for child in list(meta):
        if child.tag in (f"{{{namespace}}}description", f"{{{namespace}}}keywords"):
            meta.remove(child)
    ET.SubElement(meta, f"{{{namespace}}}description").text = title
    ET.SubElement(meta, f"{{{namespace}}}keywords").text = "; ".join(
        f"{key}={value}" for key, value in graph.graph.items() if value is not None)
    element = root.find(f"{{{namespace}}}graph")
    if element is not None:
        element.set("name", title)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def write(graph: nx.DiGraph, path: Path, title: str) -> str:
    fmt = format_of(path)
    data = render(graph, fmt, title)
    write_atomically(path, lambda handle: handle.write(data))
    return fmt
