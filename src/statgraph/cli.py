"""The statgraph command line: a thin layer over the library.

Every reading command takes --data (entry files or folders instead of the
bundled jurisdictions), --endpoint (a SPARQL server, not yet supported) and
--format table|csv|json. Errors print one message and exit non-zero; --debug
shows the traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import __version__
from .errors import EXIT_INTERNAL, EXIT_OK, InputError, StatgraphError
from .output import FORMATS, render, to_table

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
  statgraph validate my-state.ttl           check an entry against the shapes
  statgraph new-state KS --year 2024 -o ks-2024.ttl   start a new entry

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
                        help="query this SPARQL 1.1 endpoint instead of the embedded store "
                             "(not yet supported)")
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
    if args.endpoint:
        raise InputError(
            "--endpoint is not supported yet: remote SPARQL servers arrive with the analyses work",
            hint="leave out --endpoint to use the embedded store")
    from .store import load
    return load(args.data)


def _gaps(args: argparse.Namespace) -> str:
    from .gaps import gap_report, render as render_gaps
    return render_gaps(gap_report(_load(args), args.state, args.year), args.format)


def _parse_params(pairs: list[str]) -> dict[str, str]:
    params: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise InputError(f"malformed --param {pair!r}", hint="write --param KEY=VALUE, e.g. state=MO")
        params[key.strip()] = value
    return params


def _query(args: argparse.Namespace) -> str:
    from .queries import catalogue, find_query
    if args.list:
        rows = [[q.name, q.title, ", ".join(p.name + ("" if p.required else "?") for p in q.params)]
                for q in catalogue().values()]
        return render(["name", "title", "parameters"], rows, args.format)
    if not args.name:
        raise InputError("name a query or a .rq file", hint="'statgraph query --list' shows them")
    query = find_query(args.name)
    params = _parse_params(args.param)
    if args.show:
        from .store import prepare
        return prepare(query.text, query.bindings(params))
    result = _load(args).run(query, params)
    return render(result.columns, result.rows, args.format)


def _info(args: argparse.Namespace) -> str:
    from .info import collect, render as render_info
    return render_info(collect(_load(args)), args.format)


def _export(args: argparse.Namespace) -> str:
    from .export import export
    kg = _load(args)
    export(kg, args.format, args.output, sys.stdout.buffer, include_derived=not args.no_derived)
    if args.output:
        return f"wrote {args.output} ({args.format})\n" if sys.stderr.isatty() else ""
    return ""


def _validate(args: argparse.Namespace) -> tuple[str, int]:
    from . import loader
    from .validation import render_json, render_text, validate
    entries = loader.user_entry_files(args.paths) if args.paths else None
    report = validate(entries, args.data)
    text = render_json(report) if args.format == "json" else render_text(report)
    return text, report.exit_code(args.warnings_as_errors)


def _new_state(args: argparse.Namespace) -> str:
    from .skeleton import skeleton
    text = skeleton(_load(args), args.code, args.year, args.framework)
    if args.output is None:
        return text
    from .atomic import write_atomically
    write_atomically(args.output, lambda handle: handle.write(text.encode("utf-8")))
    return ""


def _synth(args: argparse.Namespace) -> str:
    from .synth import print_progress, synthesise
    written = synthesise(_load(args), args.states, args.sections, args.output, args.seed,
                         progress=print_progress)
    return f"wrote {len(written)} files for {args.states} jurisdictions under {args.output}\n"


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return EXIT_OK
    try:
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
    except Exception as error:  # a bug: say so briefly, keep the traceback for --debug
        if args.debug:
            raise
        print(f"statgraph: internal error: {type(error).__name__}: {error}\n"
              "  hint: run again with --debug for the traceback, and please report it",
              file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
