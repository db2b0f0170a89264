"""The statgraph command line: a thin layer over the library.

Every reading command takes --data (entry files or folders instead of the
bundled jurisdictions), --endpoint (a SPARQL server, not yet supported) and
--format table|csv|json. Errors print one message and exit non-zero; --debug
shows the traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
import threading
from pathlib import Path

from statgraph import __version__
from statgraph.errors import EXIT_INTERNAL, EXIT_OK, InputError, StatgraphError
from statgraph.publish.output import FORMATS, render

DESCRIPTION = """\
statgraph turns analyses of state law into a knowledge graph: statutes,
offenses, protections, policy goals and report-card assessments, queryable
with SPARQL. The bundled graph holds Shared Hope International's 2023 report
card for Missouri."""

EPILOG = """\
examples:
  statgraph gaps --state MO                 goals Missouri has not fully met
  statgraph query --list                    the named queries
  statgraph query goal-status --param state=MO --format csv
  statgraph info                            what is loaded
  statgraph export --format ttl -o mo.ttl   the graph as Turtle
  statgraph coverage --state MO             which protections reach which offenses
  statgraph criteria --state MO             goals decided from the statutes, beside the published ones
  statgraph impact 566.223 --state MO       what depends on a section
  statgraph what-if --state MO 2.6.1 4.1.1  total and grade if recommendations were enacted
  statgraph viz --state MO -o mo.html       an interactive statute graph
  statgraph validate my-state.ttl           check an entry against the shapes
  statgraph new-state KS --year 2024 -o ks-2024.ttl   start a new entry
  statgraph report --state MO --format html -o mo.html   the report card, regenerated
  statgraph site out/                       a static, offline site of everything loaded
  statgraph ingest report.md --state MO -o draft.ttl  draft an entry from a report
  statgraph diff draft.ttl graph_data/jurisdictions/us-mo   compare two entries

exit codes: 0 success, 1 validation violations, 2 bad input or usage,
3 a failure outside the input (server, disk), 4 internal error (a bug)."""


class _Formatter(argparse.RawDescriptionHelpFormatter):
    def __init__(self, prog: str) -> None:
        super().__init__(prog, max_help_position=32)


def _common() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--debug", action="store_true", help="show the traceback of an error")
    return common


def _reading(parser: argparse.ArgumentParser, formats=FORMATS, default="table") -> None:
    parser.add_argument("--data", action="append", metavar="PATH",
                        help="entry file or folder of .ttl files to use instead of the bundled "
                             "jurisdictions (repeatable); ontology and framework always load")
    parser.add_argument("--endpoint", metavar="URL",
                        help="query this SPARQL 1.1 endpoint instead of the embedded store; "
                             "credentials from STATGRAPH_ENDPOINT_USER/_PASSWORD or _TOKEN")
    parser.add_argument("--timeout", type=float, default=30.0, metavar="SECONDS",
                        help="seconds to wait for the endpoint (default: 30)")
    parser.add_argument("--format", choices=formats, default=default,
                        help=f"output format (default: {default})")


def build_parser() -> argparse.ArgumentParser:
    common = _common()
    parser = argparse.ArgumentParser(prog="statgraph", description=DESCRIPTION, epilog=EPILOG,
                                     formatter_class=_Formatter, parents=[common])
    parser.add_argument("--version", action="version", version=f"statgraph {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    gaps = commands.add_parser(
        "gaps", parents=[common], formatter_class=_Formatter,
        help="goals a state has not fully met, with recommendations",
        description="Every policy goal a state's report card does not find fully met, grouped by "
                    "issue area: status, points still available (a range where the points are not "
                    "published), the recommendation and the statutes involved.",
        epilog="examples:\n  statgraph gaps --state MO\n  statgraph gaps --state MO --year 2023 "
               "--format csv > mo-gaps.csv\n  statgraph gaps --state XX --data my-state.ttl")
    gaps.add_argument("--state", required=True, help="jurisdiction code, e.g. MO")
    gaps.add_argument("--year", type=int, help="report-card year (default: the latest loaded)")
    _reading(gaps)
    gaps.set_defaults(handler=_gaps)

    query = commands.add_parser(
        "query", parents=[common], formatter_class=_Formatter,
        help="run a named query or a .rq file",
        description="Run one of the bundled named queries (queries/*.rq) or your own .rq file. "
                    "Parameters are bound as RDF terms, never pasted into the query text.",
        epilog="examples:\n  statgraph query --list\n"
               "  statgraph query goal-status --param state=MO --format csv\n"
               "  statgraph query crossrefs --param state=MO\n"
               "  statgraph query my-question.rq --param state=MO\n"
               "  statgraph query gaps --param state=MO --show    print the query as sent")
    query.add_argument("name", nargs="?", metavar="NAME|FILE.rq", help="query name or .rq file")
    query.add_argument("--param", action="append", default=[], metavar="KEY=VALUE",
                       help="a query parameter (repeatable), e.g. state=MO")
    query.add_argument("--list", action="store_true", help="list the named queries and stop")
    query.add_argument("--show", action="store_true",
                       help="print the query text with prefixes and bound parameters, and stop")
    _reading(query)
    query.set_defaults(handler=_query)

    info = commands.add_parser(
        "info", parents=[common], formatter_class=_Formatter, help="what is loaded",
        description="Triples, files, report cards and instances by class in the loaded graph.",
        epilog="examples:\n  statgraph info\n  statgraph info --data my-state.ttl --format json")
    _reading(info)
    info.set_defaults(handler=_info)

    export = commands.add_parser(
        "export", parents=[common], formatter_class=_Formatter, help="write the graph as RDF",
        description="Write the loaded graph as Turtle, N-Triples, JSON-LD or TriG (one named "
                    "graph per file). Derived values are included unless --no-derived.",
        epilog="examples:\n  statgraph export --format ttl -o mo.ttl\n"
               "  statgraph export --format trig --no-derived > published-only.trig")
    _reading(export, formats=("ttl", "nt", "jsonld", "trig"), default="ttl")
    export.add_argument("-o", "--output", type=Path, metavar="FILE",
                        help="write here (atomically) instead of standard output")
    export.add_argument("--no-derived", action="store_true", help="leave out derived values")
    export.set_defaults(handler=_export)

    coverage = commands.add_parser(
        "coverage", parents=[common], formatter_class=_Formatter,
        help="which protections reach which child sex trafficking and CSEC offenses",
        description="Every protection of a state against every child sex trafficking or CSEC "
                    "offense, derived from the protection's scope (chapters, listed sections, "
                    "transfers): a matrix in table format, one row per pair in CSV and JSON.",
        epilog="examples:\n  statgraph coverage --state MO\n  statgraph coverage --state MO --chapters 566,567\n"
               "  statgraph coverage --state MO --format csv > coverage.csv")
    coverage.add_argument("--state", required=True, help="jurisdiction code, e.g. MO")
    coverage.add_argument("--chapters", help="only offenses in these chapters, e.g. 566,567")
    _reading(coverage)
    coverage.set_defaults(handler=_coverage)

    criteria = commands.add_parser(
        "criteria", parents=[common], formatter_class=_Formatter,
        help="goals decided from the statutes by the framework's rules, beside the published statuses",
        description="Run each goal's criterion (queries/criteria/<goal>.rq: the framework's rule over the "
                    "statute facts) for a state: met, partly met, not met, or undecided where the graph "
                    "lacks a fact it needs; the status the report card publishes; whether they agree; and "
                    "the evidence (the offenses not reached, the provision missing).",
        epilog="examples:\n  statgraph criteria --state MO\n  statgraph criteria --state MO --goal 5.2 --format json\n"
               "  statgraph criteria --state ZZ --data zz.ttl --format csv")
    criteria.add_argument("--state", required=True, help="jurisdiction code, e.g. MO")
    criteria.add_argument("--year", type=int, help="report-card year to compare with (default: the latest loaded)")
    criteria.add_argument("--goal", action="append", metavar="GOAL", help="only this goal (repeatable), e.g. 5.2")
    _reading(criteria)
    criteria.set_defaults(handler=_criteria)

    impact = commands.add_parser(
        "impact", parents=[common], formatter_class=_Formatter,
        help="everything that depends on a section",
        description="Goals, assessments, recommendations, protections, offenses, terms and statutes "
                    "that depend on a section, directly or through cross-references and transfers, "
                    "with the path.",
        epilog="examples:\n  statgraph impact 566.223 --state MO\n  statgraph impact 573.010 --state MO --format csv")
    impact.add_argument("section", metavar="SECTION", help="section number as cited, e.g. 566.223")
    impact.add_argument("--state", required=True, help="jurisdiction code, e.g. MO")
    _reading(impact)
    impact.set_defaults(handler=_impact)

    what_if = commands.add_parser(
        "what-if", parents=[common], formatter_class=_Formatter,
        help="total, grade and rank if recommendations were enacted",
        description="The total and grade a state's report card would have if the listed "
                    "recommendations were enacted (their goals fully met); every recommendation when "
                    "none is listed. A range where goal points are not published; rank and tier "
                    "among the other loaded report cards.",
        epilog="examples:\n  statgraph what-if --state MO 2.6.1 4.1.1\n  statgraph what-if --state MO\n"
               "  statgraph what-if --state MO 5.1.1 --data graph_data/jurisdictions --data /tmp/synthetic")
    what_if.add_argument("recommendations", nargs="*", metavar="RECOMMENDATION",
                         help="recommendation numbers, e.g. 2.6.1 (default: all)")
    what_if.add_argument("--state", required=True, help="jurisdiction code, e.g. MO")
    what_if.add_argument("--year", type=int, help="report-card year (default: the latest loaded)")
    _reading(what_if)
    what_if.set_defaults(handler=_what_if)

    viz = commands.add_parser(
        "viz", parents=[common], formatter_class=_Formatter,
        help="draw a statute dependency graph (HTML, SVG, PNG, GraphML, GEXF, JSON)",
        description="Draw how a state's statutes depend on each other. Views: statutes (what "
                    "cites what, transfers), goals (goals and the statutes they rest on, coloured by "
                    "status), chapters (citations between chapters), coverage (protections and the "
                    "offenses they reach). --focus draws the neighbourhood of one section. The file "
                    "extension picks the format: .html is one self-contained interactive page that "
                    "works offline; .svg and .png need Graphviz; .graphml, .gexf and .json (node-link) "
                    "open in Gephi, Cytoscape and notebooks.",
        epilog="examples:\n  statgraph viz --state MO -o mo.html\n"
               "  statgraph viz --state MO --focus 566.223 --depth 2 -o f.svg\n"
               "  statgraph viz --state MO --view goals -o goals.html\n"
               "  statgraph viz --state MO -o mo.graphml")
    viz.add_argument("--state", required=True, help="jurisdiction code, e.g. MO")
    viz.add_argument("--view", default="statutes", choices=("statutes", "goals", "chapters", "coverage"),
                     help="what to draw (default: statutes)")
    viz.add_argument("--focus", metavar="SECTION", help="draw only the neighbourhood of this section")
    viz.add_argument("--depth", type=int, default=2, help="steps around --focus (default: 2)")
    viz.add_argument("-o", "--output", type=Path, required=True, metavar="FILE",
                     help="where to write; the extension picks the format")
    viz.add_argument("--data", action="append", metavar="PATH",
                     help="entry files or folders to draw instead of the bundled jurisdictions")
    viz.add_argument("--endpoint", metavar="URL", help="read the graph from this SPARQL endpoint")
    viz.add_argument("--timeout", type=float, default=30.0, metavar="SECONDS", help=argparse.SUPPRESS)
    viz.set_defaults(handler=_viz)

    validate = commands.add_parser(
        "validate", parents=[common], formatter_class=_Formatter,
        help="check entries against the SHACL shapes",
        description="Check entry files (default: every loaded entry) against the shapes in "
                    "ontology/shapes/: structure, completeness, consistency and references. Each "
                    "file is checked with the ontology, the framework and the statutes it names. "
                    "Exit 0 when it conforms (warnings allowed), 1 on violations, 2 when a file "
                    "cannot be read.",
        epilog="examples:\n  statgraph validate\n  statgraph validate my-state.ttl\n"
               "  statgraph validate my-state.ttl --warnings-as-errors\n"
               "  statgraph validate draft.ttl --format json > findings.json")
    validate.add_argument("paths", nargs="*", metavar="PATH",
                          help="entry files or folders to check (default: the loaded entries)")
    validate.add_argument("--data", action="append", metavar="PATH",
                          help="the loaded entries that references resolve against, instead of the "
                               "bundled jurisdictions (repeatable)")
    validate.add_argument("--format", choices=("table", "json"), default="table",
                          help="output format (default: table)")
    validate.add_argument("--warnings-as-errors", action="store_true",
                          help="exit 1 on warnings too")
    validate.add_argument("--criteria", action="store_true",
                          help="also warn where a published 'fully met' is contradicted by the goal's criterion")
    validate.set_defaults(handler=_validate)

    new_state = commands.add_parser(
        "new-state", parents=[common], formatter_class=_Formatter,
        help="write a Turtle skeleton for a new jurisdiction's report card",
        description="Write a Turtle skeleton for a new jurisdiction: the report card, one "
                    "assessment per goal and the issue-area results, with comments saying what "
                    "to fill in. A fresh skeleton validates with warnings only.",
        epilog="examples:\n  statgraph new-state KS --year 2024 -o ks-2024.ttl\n"
               "  statgraph validate ks-2024.ttl")
    new_state.add_argument("code", metavar="CODE", help="jurisdiction code, e.g. KS")
    new_state.add_argument("--year", type=int, required=True, help="report-card year")
    new_state.add_argument("--framework", default="shi-2023",
                           help="framework identifier (default: shi-2023)")
    new_state.add_argument("-o", "--output", type=Path, metavar="FILE",
                           help="write here (atomically) instead of standard output")
    new_state.add_argument("--data", action="append", metavar="PATH", help=argparse.SUPPRESS)
    new_state.add_argument("--endpoint", help=argparse.SUPPRESS)
    new_state.set_defaults(handler=_new_state)

    report = commands.add_parser(
        "report", parents=[common], formatter_class=_Formatter,
        help="regenerate a state's report card from the graph (Markdown or HTML)",
        description="Write a state's report card from the graph alone: issue table, total, grade, tier, "
                    "extra credit, highlights, the goals with status, statutes relied on, gap and "
                    "recommendation, the Safe Harbor scorecard and the keystone statutes; and beyond the "
                    "source: the coverage matrix, the what-if of all recommendations and a chapter picture.",
        epilog="examples:\n  statgraph report --state MO --format md -o mo-2023.md\n"
               "  statgraph report --state MO --year 2023 --format html -o mo-2023.html\n"
               "  statgraph report --state S07 --data /tmp/synthetic --format md")
    report.add_argument("--state", required=True, help="jurisdiction code, e.g. MO")
    report.add_argument("--year", type=int, help="report-card year (default: the latest loaded)")
    report.add_argument("--format", choices=("md", "html"), default="md", help="output format (default: md)")
    report.add_argument("-o", "--output", type=Path, metavar="FILE",
                        help="write here (atomically) instead of standard output")
    report.add_argument("--data", action="append", metavar="PATH",
                        help="entry file or folder to use instead of the bundled jurisdictions (repeatable)")
    report.add_argument("--endpoint", help=argparse.SUPPRESS)
    report.set_defaults(handler=_report)

    site = commands.add_parser(
        "site", parents=[common], formatter_class=_Formatter,
        help="build a static, offline HTML site from the graph",
        description="Write a static site to OUT: an index of jurisdictions and years, a page per report "
                    "card (with its interactive statute graph), per policy goal (every loaded "
                    "jurisdiction's status side by side), per statute and per defined term, and a search "
                    "box. Page paths follow the IRIs. Open OUT/index.html; nothing is fetched from the "
                    "network. OUT must be new, empty, or a site statgraph built (it is replaced whole).",
        epilog="examples:\n  statgraph site out/\n  statgraph site national/ --data graph_data/jurisdictions "
               "--data /tmp/synthetic")
    site.add_argument("output", type=Path, metavar="OUT", help="folder to write the site to")
    site.add_argument("--data", action="append", metavar="PATH",
                      help="entry file or folder to use instead of the bundled jurisdictions (repeatable)")
    site.add_argument("--endpoint", help=argparse.SUPPRESS)
    site.set_defaults(handler=_site)

    ingest = commands.add_parser(
        "ingest", parents=[common], formatter_class=_Formatter,
        help="turn a report card analysis (Markdown/text) into a draft entry",
        description="Read a report card analysis converted from its PDF (Markdown or text) and write "
                    "a draft Turtle entry: goals with status, the statutes each rests on, gap text, "
                    "recommendations, the issue table, extra credit, Safe Harbor rows, total, grade and "
                    "tier, and from the quoted statutory text the sections, titles, cross-references, "
                    "transfers and defined terms. Review it, then check it with 'statgraph validate'.",
        epilog="examples:\n"
               "  statgraph ingest report.md --state MO -o draft.ttl\n"
               "  statgraph validate draft.ttl --data draft.ttl\n"
               "  statgraph diff draft.ttl graph_data/jurisdictions/us-mo   what ingestion missed")
    ingest.add_argument("report", type=Path, metavar="REPORT", help="the report's Markdown or text file")
    ingest.add_argument("--state", required=True, help="state code whose citation form to use, e.g. MO")
    ingest.add_argument("--year", type=int, help="report-card year (default: read from the report)")
    ingest.add_argument("--framework", default="shi-2023", help="framework identifier (default: shi-2023)")
    ingest.add_argument("-o", "--output", type=Path, metavar="FILE",
                        help="write here (atomically) instead of standard output")
    ingest.set_defaults(handler=_ingest)

    diff = commands.add_parser(
        "diff", parents=[common], formatter_class=_Formatter,
        help="what one entry has that another lacks",
        description="Compare two entries (files or folders): policy goals, statuses, sections, "
                    "goal-statute links, cross-references and defined terms, each as the keys an "
                    "analyst knows (goal 2.5, section 566.211). Subsections count as their section, "
                    "except in 'goal-provision links'.",
        epilog="examples:\n  statgraph diff draft.ttl graph_data/jurisdictions/us-mo\n"
               "  statgraph diff old.ttl new.ttl --format json")
    diff.add_argument("a", type=Path, metavar="A", help="entry file or folder")
    diff.add_argument("b", type=Path, metavar="B", help="entry file or folder to compare with")
    diff.add_argument("--format", choices=("table", "json"), default="table",
                      help="output format (default: table)")
    diff.set_defaults(handler=_diff)

    push = commands.add_parser(
        "push", parents=[common], formatter_class=_Formatter,
        help="upload the graph to a SPARQL server, one named graph per file",
        description="Upload the bundled (or --data) files to a SPARQL 1.1 server: one named graph "
                    "per file plus the derived values, each replaced in one SPARQL Update request "
                    "(DROP, then INSERT DATA), so a failed upload leaves that graph as it was. "
                    "Pushing twice gives the same server. Start Oxigraph with "
                    "--union-default-graph so queries see every graph.",
        epilog="examples:\n  oxigraph serve --location /tmp/store --union-default-graph &\n"
               "  statgraph push --endpoint http://localhost:7878/query "
               "--update-endpoint http://localhost:7878/update\n"
               "  statgraph gaps --state MO --endpoint http://localhost:7878/query")
    push.add_argument("--endpoint", required=True, metavar="URL",
                      help="the server's query endpoint, to confirm what arrived")
    push.add_argument("--update-endpoint", required=True, metavar="URL", help="the server's update endpoint")
    push.add_argument("--graph", metavar="IRI", help="put everything into this one named graph instead")
    push.add_argument("--data", action="append", metavar="PATH",
                      help="entry files or folders to push instead of the bundled jurisdictions")
    push.add_argument("--timeout", type=float, default=120.0, metavar="SECONDS",
                      help="seconds to wait for each request (default: 120)")
    push.set_defaults(handler=_push)

    synth = commands.add_parser(
        "synth", parents=[common], formatter_class=_Formatter,
        help="write deterministic synthetic jurisdictions for scale tests",
        description="Write synthetic jurisdictions S01, S02, ... (IRIs under id/synthetic/) with "
                    "M sections each, cross-references, transfers, offenses, protections and a "
                    "consistent report card. Same --seed, same files. Load them with --data DIR.",
        epilog="examples:\n  statgraph synth --states 5 --sections 200 -o /tmp/synthetic\n"
               "  statgraph gaps --state S03 --data /tmp/synthetic\n"
               "  statgraph validate --data /tmp/synthetic /tmp/synthetic/s03")
    synth.add_argument("--states", type=int, required=True, help="how many jurisdictions")
    synth.add_argument("--sections", type=int, required=True, help="sections per jurisdiction")
    synth.add_argument("--seed", type=int, default=1, help="random seed (default: 1)")
    synth.add_argument("-o", "--output", type=Path, required=True, metavar="DIR",
                       help="folder to write into (created if missing)")
    synth.set_defaults(handler=_synth, data=None, endpoint=None)
    return parser


# --- handlers ------------------------------------------------------------------

def _load(args: argparse.Namespace):
    """The embedded store, or the remote endpoint the user named."""
    if getattr(args, "endpoint", None):
        if args.data:
            raise InputError("--data and --endpoint cannot be combined",
                             hint="--data loads files into the embedded store; push them to the "
                                  "server with 'statgraph push' instead")
        from statgraph.kg.remote import RemoteGraph
        return RemoteGraph(args.endpoint, args.timeout)
    from statgraph.kg.store import load
    return load(args.data)


def _gaps(args: argparse.Namespace) -> str:
    from statgraph.analyses.gaps import gap_report, render as render_gaps
    return render_gaps(gap_report(_load(args), args.state, args.year), args.format)


def _viz(args: argparse.Namespace) -> str:
    from statgraph.analyses import dependencies as graph
    from statgraph.publish import viz
    fmt = viz.format_of(args.output)  # before any work: a wrong extension fails fast
    kg = _load(args)
    drawing = graph.view_of(kg, args.state, args.view, args.focus, args.depth)
    name = args.state.upper()
    what = f"around {args.focus} (depth {args.depth})" if args.focus else f"{args.view} view"
    viz.write(drawing, args.output, f"statgraph · {name} · {what}")
    return (f"wrote {args.output} ({fmt}): {drawing.number_of_nodes()} nodes, "
            f"{drawing.number_of_edges()} edges\n")


def _coverage(args: argparse.Namespace) -> str:
    from statgraph.analyses.shortcuts import coverage, coverage_matrix
    chapters = args.chapters.split(",") if args.chapters else None
    result = coverage(_load(args), args.state, chapters)
    return coverage_matrix(result) if args.format == "table" else render(result.columns, result.rows, args.format)


def _criteria(args: argparse.Namespace) -> str:
    from statgraph.analyses.criteria import criteria
    from statgraph.publish.criteria import render as render_criteria
    kg = _load(args)
    return render_criteria(criteria(kg, args.state, args.year, args.goal), args.format, kg.require_state(args.state))


def _impact(args: argparse.Namespace) -> str:
    from statgraph.analyses.shortcuts import impact, impact_text
    result = impact(_load(args), args.state, args.section)
    if args.format == "table":
        return impact_text(result, args.section)
    return render(result.columns, result.rows, args.format)


def _what_if(args: argparse.Namespace) -> str:
    from statgraph.analyses.shortcuts import what_if, what_if_text
    result = what_if(_load(args), args.state, args.recommendations, args.year)
    if args.format == "table":
        return what_if_text(result)
    columns = list(result.record)
    return render(columns, [[result.record[c] for c in columns]], args.format)


def _parse_params(pairs: list[str]) -> dict[str, str]:
    params: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise InputError(f"malformed --param {pair!r}", hint="write --param KEY=VALUE, e.g. state=MO")
        params[key.strip()] = value
    return params


def _query(args: argparse.Namespace) -> str:
    from statgraph.kg.queries import catalogue, find_query
    if args.list:
        rows = [[q.name, q.title, ", ".join(p.name + ("" if p.required else "?") for p in q.params)]
                for q in catalogue().values()]
        return render(["name", "title", "parameters"], rows, args.format)
    if not args.name:
        raise InputError("name a query or a .rq file", hint="'statgraph query --list' shows them")
    query = find_query(args.name)
    params = _parse_params(args.param)
    if args.show:
        from statgraph.kg.store import prepare
        return prepare(query.text, query.bindings(params))
    result = _load(args).run(query, params)
    return render(result.columns, result.rows, args.format)


def _info(args: argparse.Namespace) -> str:
    from statgraph.analyses.info import collect, render as render_info
    return render_info(collect(_load(args)), args.format)


def _export(args: argparse.Namespace) -> str:
    from statgraph.publish.export import export
    if args.endpoint:
        raise InputError("export writes the embedded store; it does not read from --endpoint",
                         hint="use the server's own dump, or export locally and push")
    kg = _load(args)
    export(kg, args.format, args.output, sys.stdout.buffer, include_derived=not args.no_derived)
    if args.output:
        return f"wrote {args.output} ({args.format})\n" if sys.stderr.isatty() else ""
    return ""


def _validate(args: argparse.Namespace) -> tuple[str, int]:
    from statgraph.kg import loader
    from statgraph.analyses.validation import render_json, render_text, validate
    entries = loader.user_entry_files(args.paths) if args.paths else None
    report = validate(entries, args.data, criteria=args.criteria)
    text = render_json(report) if args.format == "json" else render_text(report)
    return text, report.exit_code(args.warnings_as_errors)


def _new_state(args: argparse.Namespace) -> str:
    from statgraph.authoring.skeleton import skeleton
    text = skeleton(_load(args), args.code, args.year, args.framework)
    return _text_or_file(text, args.output, "")


def _report(args: argparse.Namespace) -> str:
    from statgraph.publish.report import collect, render as render_report
    text = render_report(collect(_load(args), args.state, args.year, picture=args.format == "html"), args.format)
    return _text_or_file(text, args.output, f"wrote {args.output} ({args.format})\n")


def _text_or_file(text: str, output: Path | None, done: str) -> str:
    """The text for standard output, or ``done`` once the text is written (atomically) to ``output``."""
    if output is None:
        return text
    from statgraph.atomic import write_atomically
    write_atomically(output, lambda handle: handle.write(text.encode("utf-8")))
    return done


def _progress(command: str, show: bool):
    """A progress callback printing to standard error, or None when nobody would see it."""
    return (lambda message: print(f"statgraph: {command}: {message}", file=sys.stderr)) if show else None


def _site(args: argparse.Namespace) -> str:
    from statgraph.publish.site import build_site
    progress = _progress("site", sys.stderr.isatty())
    summary = build_site(_load(args), args.output, progress)
    return (f"wrote {summary.pages} pages to {args.output}: {summary.cards} report cards, {summary.goals} goals, "
            f"{summary.statutes} statutes, {summary.terms} terms; open {args.output / 'index.html'}\n")


def _ingest(args: argparse.Namespace) -> str:
    import hashlib

    from statgraph.authoring.draft import to_turtle
    from statgraph.authoring.ingest import ingest, read_report
    from statgraph.kg.names import ID_BASE
    from statgraph.kg.store import load
    text = read_report(args.report)
    goals = load(None).run("framework-goals", {"framework": args.framework}).records()
    if not goals:
        raise InputError(f"no framework {args.framework!r} is loaded",
                         hint="'statgraph query framework-goals' lists the frameworks' goals")
    progress = _progress("ingest", sys.stderr.isatty() or len(text) > 500_000)
    draft = ingest(text, args.state, args.year, progress)
    goal_iris = {g["goal"]: str(g["goal_iri"]).removeprefix(ID_BASE) for g in goals}
    framework_iri = str(goals[0]["framework_iri"]).removeprefix(ID_BASE)
    turtle = to_turtle(draft, args.report.name, hashlib.sha256(text.encode("utf-8")).hexdigest(),
                       goal_iris, framework_iri)
    _check_turtle(turtle)
    summary = (f"ingested {args.report.name}: {len(draft.goals)} goals "
               f"({sum(g.status is not None for g in draft.goals.values())} with a status), "
               f"{len(draft.sections)} sections, {len(draft.cross_references)} cross-references, "
               f"{len(draft.terms)} terms\n")
    if args.output is None:
        print(summary, end="", file=sys.stderr)
    return _text_or_file(turtle, args.output, summary.replace("ingested", f"wrote {args.output} from", 1))


def _check_turtle(turtle: str) -> None:
    """A draft that does not parse is statgraph's bug, not the user's: refuse to write it."""
    import pyoxigraph as ox
    try:
        ox.Store().load(turtle.encode("utf-8"), format=ox.RdfFormat.TURTLE)
    except SyntaxError as error:
        raise RuntimeError(f"the draft written by ingest is not valid Turtle: {error}") from error


def _diff(args: argparse.Namespace) -> str:
    from statgraph.authoring.diff import compare, render_json, render_text
    result = compare([args.a], [args.b])
    return render_json(result) if args.format == "json" else render_text(result)


def _push(args: argparse.Namespace) -> str:
    from statgraph.kg.remote import RemoteGraph, print_progress, push
    from statgraph.kg.store import load
    remote = RemoteGraph(args.endpoint, args.timeout)  # checks the URL before any work
    graph = args.graph or None
    pushed = push(load(args.data), args.update_endpoint, graph, args.timeout, progress=print_progress)
    total = sum(n for _, n in pushed)
    return (f"pushed {len(pushed)} graph{'s' * (len(pushed) != 1)}, {total:,} triples; "
            f"the server now holds {len(remote):,} triples\n")


def _synth(args: argparse.Namespace) -> str:
    from statgraph.authoring.synth import print_progress, synthesise
    written = synthesise(_load(args), args.states, args.sections, args.output, args.seed,
                         progress=print_progress)
    return f"wrote {len(written)} files for {args.states} jurisdictions under {args.output}\n"


class _Terminated(BaseException):
    """Raised by the SIGTERM handler so cleanup code (temp files, uploads) runs."""


@contextlib.contextmanager
def _terminate_cleanly():
    """Turn SIGTERM into an exception while a command runs; restore the old handler after.

    Python's default for SIGTERM is to die at once, skipping ``finally`` blocks,
    which would leave temporary files behind.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def on_terminate(signum, frame):
        raise _Terminated()

    previous = signal.signal(signal.SIGTERM, on_terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return EXIT_OK
    try:
        with _terminate_cleanly():
            outcome = args.handler(args)
        text, code = outcome if isinstance(outcome, tuple) else (outcome, EXIT_OK)
        sys.stdout.write(text)
        sys.stdout.flush()
        return code
    except StatgraphError as error:
        if args.debug:
            raise
        print(f"statgraph: error: {error}", file=sys.stderr)
        return error.exit_code
    except BrokenPipeError:  # e.g. piped into head
        sys.stderr.close()
        return EXIT_OK
    except KeyboardInterrupt:
        print("statgraph: interrupted", file=sys.stderr)
        return 130
    except _Terminated:
        print("statgraph: terminated; nothing was half-written", file=sys.stderr)
        return 143
    except Exception as error:  # a bug: say so briefly, keep the traceback for --debug
        if args.debug:
            raise
        print(f"statgraph: internal error: {type(error).__name__}: {error}\n"
              "  hint: run again with --debug for the traceback, and please report it",
              file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
