"""Commands that read the graph and list rows: gaps, coverage, impact, what-if, query, info."""

from __future__ import annotations

import argparse

from statgraph.cli.grammar import (CARD, ROWS, SOURCE, Output, command, deliver, open_graph, row_format,
                                   rows_output)
from statgraph.errors import InputError


@command("gaps", options=[CARD, SOURCE, ROWS],
         help="goals a state has not fully met, with recommendations",
         description="Every policy goal a state's report card does not find fully met, grouped by issue "
                     "area: status, points still available (a range where the points are not published), "
                     "the recommendation and the statutes involved.",
         examples=["statgraph gaps --state MO",
                   "statgraph gaps --state MO --year 2023 --format csv -o mo-gaps.csv",
                   "statgraph gaps --state XX --data my-state.ttl"])
def gaps(args: argparse.Namespace) -> Output:
    from statgraph.analyses.gaps import gap_report
    from statgraph.publish.terminal import gaps_output
    fmt = row_format(args)
    return deliver(args, gaps_output(gap_report(open_graph(args), args.state, args.year), fmt), fmt)


def _coverage_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--chapters", metavar="LIST", help="only offenses in these chapters, e.g. 566,567")


@command("coverage", options=[CARD, SOURCE, ROWS], arguments=_coverage_arguments,
         help="which protections reach which child sex trafficking and CSEC offenses",
         description="Every protection of a state against every child sex trafficking or CSEC offense, "
                     "derived from the protection's scope (chapters, listed sections, transfers): a matrix "
                     "in table format, one row per pair in CSV and JSON. Coverage follows the statutes; "
                     "--year only checks that the state has a report card of that year.",
         examples=["statgraph coverage --state MO", "statgraph coverage --state MO --chapters 566,567",
                   "statgraph coverage --state MO --format csv -o coverage.csv"])
def coverage(args: argparse.Namespace) -> Output:
    from statgraph.analyses.coverage import coverage as coverage_rows
    from statgraph.analyses.gaps import resolve_card
    from statgraph.publish.terminal import coverage_matrix
    kg = open_graph(args)
    if args.year is not None:
        resolve_card(kg, args.state, args.year)
    chapters = args.chapters.split(",") if args.chapters else None
    result = coverage_rows(kg, args.state, chapters)
    return rows_output(args, result.columns, result.rows, table=lambda: coverage_matrix(result))


def _criteria_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--goal", action="append", metavar="GOAL", help="only this goal (repeatable), e.g. 5.2")


@command("criteria", options=[CARD, SOURCE, ROWS], arguments=_criteria_arguments,
         help="goals decided from the statutes by the framework's rules, beside the published statuses",
         description="Run each goal's criterion (queries/criteria/<goal>.rq: the framework's rule over the "
                     "statute facts) for a state: met, partly met, not met, or undecided where the graph lacks "
                     "a fact it needs; the status the report card publishes; whether they agree; and the "
                     "evidence (the offenses not reached, the provision missing).",
         examples=["statgraph criteria --state MO", "statgraph criteria --state MO --goal 5.2 --format json",
                   "statgraph criteria --state ZZ --data zz.ttl --format csv"])
def criteria(args: argparse.Namespace) -> Output:
    from statgraph.analyses.criteria import criteria as decide
    from statgraph.publish.criteria import render
    kg = open_graph(args)
    fmt = row_format(args)
    return deliver(args, render(decide(kg, args.state, args.year, args.goal), fmt, kg.require_state(args.state)), fmt)


def _impact_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("section", metavar="SECTION", help="section number as cited, e.g. 566.223")


@command("impact", options=[CARD, SOURCE, ROWS], arguments=_impact_arguments,
         help="everything that depends on a section",
         description="Goals, assessments, recommendations, protections, offenses, terms and statutes that "
                     "depend on a section, directly or through cross-references and transfers, with the path. "
                     "With --year, only that year's report card's goals and assessments.",
         examples=["statgraph impact 566.223 --state MO",
                   "statgraph impact 573.010 --state MO --format csv"])
def impact(args: argparse.Namespace) -> Output:
    from statgraph.analyses.impact import impact as impact_rows
    from statgraph.publish.terminal import impact_text
    result = impact_rows(open_graph(args), args.state, args.section, args.year)
    return rows_output(args, result.columns, result.rows, table=lambda: impact_text(result, args.section))


def _what_if_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("recommendations", nargs="*", metavar="RECOMMENDATION",
                        help="recommendation numbers, e.g. 2.6.1 (default: all)")


@command("what-if", options=[CARD, SOURCE, ROWS], arguments=_what_if_arguments,
         help="total, grade and rank if recommendations were enacted",
         description="The total and grade a state's report card would have if the listed recommendations "
                     "were enacted (their goals fully met); every recommendation when none is listed. A range "
                     "where goal points are not published; rank and tier among the other loaded report cards.",
         examples=["statgraph what-if --state MO 2.6.1 4.1.1", "statgraph what-if --state MO",
                   "statgraph what-if --state MO 5.1.1 --data graph_data/jurisdictions --data /tmp/synthetic"])
def what_if(args: argparse.Namespace) -> Output:
    from statgraph.analyses.what_if import what_if as what_if_result
    from statgraph.publish.terminal import what_if_text
    result = what_if_result(open_graph(args), args.state, args.recommendations, args.year)
    columns = list(result.record)
    return rows_output(args, columns, [[result.record[c] for c in columns]], table=lambda: what_if_text(result))


def _query_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name", nargs="?", metavar="NAME|FILE.rq", help="query name, .rq file, or '-' for the query on standard input")
    parser.add_argument("--param", action="append", default=[], metavar="KEY=VALUE",
                        help="a query parameter (repeatable), e.g. section=566.223")
    parser.add_argument("--state", metavar="CODE", help="jurisdiction code, e.g. MO")
    parser.add_argument("--year", metavar="YEAR", help="the query's year parameter (as --param year=YEAR)")
    parser.add_argument("--list", action="store_true", help="list the named queries and stop")
    parser.add_argument("--allow-service", action="append", metavar="HOST",
                        help="let the query call this host with SERVICE (repeatable); without it a query "
                             "that calls another server is refused")
    parser.add_argument("--print-sparql", "--show", dest="print_sparql", action="store_true",
                        help="print exactly the text statgraph would send, parameters bound, and stop")


def parse_params(pairs: list[str]) -> dict[str, str]:
    params: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            shown = pair if len(pair) <= 60 else pair[:59] + "…"
            raise InputError(f"malformed --param {shown!r}", hint="write --param KEY=VALUE, e.g. state=MO")
        key = key.strip()
        if key in params:  # keeping only one of them would answer a question nobody asked
            raise InputError(f"--param {key} given twice",
                             hint=f"give each parameter once; a list goes in one value, e.g. {key}=A,B")
        params[key] = value
    return params


@command("query", options=[SOURCE, ROWS], arguments=_query_arguments,
         help="run a named query or a .rq file",
         description="Run one of the bundled named queries (queries/*.rq) or your own .rq file. Parameters "
                     "are bound as RDF terms into the query's VALUES ?name { ... } blocks, never pasted into "
                     "the query text; --print-sparql shows the text as sent.",
         examples=["statgraph query --list", "statgraph query goal-status --state MO --format csv",
                   "statgraph query impact --state MO --param section=566.223",
                   "statgraph query my-question.rq --param state=MO",
                   "statgraph query gaps --state MO --print-sparql > gaps-mo.rq"])
def query(args: argparse.Namespace) -> Output:
    from statgraph.kg.queries import catalogue, find_query
    if args.list:
        rows = [[q.name, q.title, ", ".join(p.name + ("" if p.required else "?") for p in q.params),
                 " ".join(f"{k}={v}" for k, v in q.example.items())]
                for q in catalogue().values()]
        return rows_output(args, ["name", "title", "parameters", "example"], rows)
    if not args.name:
        raise InputError("name a query or a .rq file", hint="'statgraph query --list' shows them")
    named = find_query(args.name)
    params = parse_params(args.param)
    for key in ("state", "year"):
        if getattr(args, key) is not None:
            if key in params:
                raise InputError(f"--{key} and --param {key}= both given",
                                 hint=f"give the {key} once, e.g. --{key} {getattr(args, key)}")
            params[key] = getattr(args, key)
    if args.print_sparql:  # with --endpoint, the text names the endpoint's dataset (FROM), as sent
        if args.endpoint:
            return deliver(args, open_graph(args).prepared_text(named, params), "SPARQL")
        from statgraph.kg.base import prepare
        return deliver(args, prepare(named.text, named.bindings(params)), "SPARQL")
    result = open_graph(args).run(named, params)
    return rows_output(args, result.columns, result.rows)


@command("info", options=[SOURCE, ROWS], help="what is loaded",
         description="Triples, files, report cards and instances by class in the loaded graph.",
         examples=["statgraph info", "statgraph info --data my-state.ttl --format json"])
def info(args: argparse.Namespace) -> Output:
    from statgraph.analyses.info import collect
    from statgraph.publish.terminal import info_output
    fmt = row_format(args)
    return deliver(args, info_output(collect(open_graph(args)), fmt), fmt)
