"""Commands that write documents from the graph: report, viz, site, export."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from statgraph.cli.grammar import (CARD, LOCAL_SOURCE, SOURCE, Output, command, deliver, document,
                                   document_format, open_graph, progress)
from statgraph.errors import InputError


@command("report", options=[CARD, SOURCE, document({"md": "md", "html": "html"}, default="md")],
         help="regenerate a state's report card from the graph (Markdown or HTML)",
         description="Write a state's report card from the graph alone: issue table, total, grade, tier, extra "
                     "credit, highlights, the goals with status, statutes relied on, gap and recommendation, "
                     "the Safe Harbor scorecard and the keystone statutes; and beyond the source: the coverage "
                     "matrix, the what-if of all recommendations and a chapter picture.",
         examples=["statgraph report --state MO -o mo-2023.md",
                   "statgraph report --state MO --year 2023 -o mo-2023.html",
                   "statgraph report --state S07 --data /tmp/synthetic --format md"])
def report(args: argparse.Namespace) -> Output:
    from statgraph.publish.report import collect, render
    fmt = document_format(args)
    text = render(collect(open_graph(args), args.state, args.year, picture=fmt == "html"), fmt)
    return deliver(args, text, fmt)


VIZ_FORMATS = {"html": "html", "svg": "svg", "png": "png", "graphml": "graphml", "gexf": "gexf", "json": "json"}


def _viz_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--view", default="statutes", choices=("statutes", "goals", "chapters", "coverage"),
                        help="what to draw (default: statutes)")
    parser.add_argument("--focus", metavar="SECTION", help="draw only the neighbourhood of this section")
    parser.add_argument("--depth", type=int, default=2, help="steps around --focus (default: 2)")


@command("viz", options=[CARD, SOURCE, document(VIZ_FORMATS, default=None, output_required=True)],
         arguments=_viz_arguments,
         help="draw a statute dependency graph (HTML, SVG, PNG, GraphML, GEXF, JSON)",
         description="Draw how a state's statutes depend on each other. Views: statutes (what cites what, "
                     "transfers), goals (goals and the statutes they rest on, coloured by status; with --year, "
                     "that report card's), chapters (citations between chapters), coverage (protections and the "
                     "offenses they reach). --focus draws the neighbourhood of one section. The file extension "
                     "picks the format: .html is one self-contained interactive page that works offline; .svg "
                     "and .png are drawn by Graphviz; .graphml, .gexf and .json (node-link) open in Gephi, "
                     "Cytoscape and notebooks.",
         examples=["statgraph viz --state MO -o mo.html",
                   "statgraph viz --state MO --focus 566.223 --depth 2 -o f.svg",
                   "statgraph viz --state MO --view goals -o goals.html",
                   "statgraph viz --state MO -o mo.graphml"])
def viz(args: argparse.Namespace) -> Output:
    from statgraph.analyses import dependencies
    from statgraph.publish import viz as drawing
    fmt = document_format(args)  # before any work: a wrong extension fails fast
    kg = open_graph(args)
    if args.year is not None:
        from statgraph.analyses.gaps import resolve_card
        resolve_card(kg, args.state, args.year)
    view = dependencies.view_of(kg, args.state, args.view, args.focus, args.depth, year=args.year)
    what = f"around {args.focus} (depth {args.depth})" if args.focus else f"{args.view} view"
    data = drawing.render(view, fmt, f"statgraph · {args.state.strip().upper()} · {what}")
    written = deliver(args, data)
    if not written.text:  # -o /dev/stdout: the drawing alone
        return written
    return Output(f"wrote {args.output} ({fmt}): {view.number_of_nodes()} nodes, {view.number_of_edges()} edges\n")


def _site_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="DIR",
                        help="folder to write the site to: new, empty, or a site statgraph built (replaced whole)")


@command("site", options=[SOURCE], arguments=_site_arguments,
         help="build a static, offline HTML site from the graph",
         description="Write a static site: an index of jurisdictions and years, a page per report card (with "
                     "its interactive statute graph), per policy goal (every loaded jurisdiction's status side "
                     "by side), per statute and per defined term, and a search box. Page paths follow the IRIs. "
                     "Open DIR/index.html; nothing is fetched from the network.",
         examples=["statgraph site -o out/",
                   "statgraph site -o national/ --data graph_data/jurisdictions --data /tmp/synthetic"])
def site(args: argparse.Namespace) -> Output:
    from statgraph.publish.site import build_site
    summary = build_site(open_graph(args), args.output, progress("site"))
    return Output(f"wrote {summary.pages} pages to {args.output}: {summary.cards} report cards, {summary.goals} "
                  f"goals, {summary.statutes} statutes, {summary.terms} terms; open "
                  f"{args.output / 'index.html'}\n")


EXPORT_FORMATS = {"ttl": "ttl", "nt": "nt", "jsonld": "jsonld", "trig": "trig"}


def _export_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--no-derived", action="store_true", help="leave out derived values")


@command("export", options=[LOCAL_SOURCE, document(EXPORT_FORMATS, default="ttl")], arguments=_export_arguments,
         help="write the graph as RDF",
         description="Write the loaded graph as Turtle, N-Triples, JSON-LD or TriG (one named graph per file), "
                     "streamed from the embedded store. Derived values are included unless --no-derived.",
         examples=["statgraph export -o mo.ttl", "statgraph export --format nt | LC_ALL=C sort > mo.nt",
                   "statgraph export --no-derived -o published-only.trig"])
def export(args: argparse.Namespace) -> Output:
    from statgraph.kg.store import load
    from statgraph.publish.export import export as write_export
    fmt = document_format(args)
    write_export(load(args.data), fmt, args.output, sys.stdout.buffer, include_derived=not args.no_derived)
    return Output(f"wrote {args.output} ({fmt})\n" if args.output else "")
