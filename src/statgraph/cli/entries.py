"""Commands for entries, the files analysts write: validate, new-state, ingest, diff, synth."""

from __future__ import annotations

import argparse
from pathlib import Path

from statgraph.cli.grammar import (LOCAL_SOURCE, ROWS, SOURCE, Output, command, deliver, document,
                                   document_format, open_graph, progress, row_format, year)


def _validate_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help="entry files or folders to check (default: the loaded entries)")
    parser.add_argument("--warnings-as-errors", action="store_true", help="exit 1 on warnings too")
    parser.add_argument("--criteria", action="store_true",
                        help="also warn where a published 'fully met' is contradicted by the goal's criterion")


@command("validate", options=[LOCAL_SOURCE, ROWS], arguments=_validate_arguments,
         help="check entries against the SHACL shapes",
         description="Check entry files (default: every loaded entry) against the shapes in ontology/shapes/: "
                     "structure, completeness, consistency and references. Each file is checked with the "
                     "ontology, the framework and the statutes it names; --data chooses the loaded entries "
                     "references resolve against. An entry may state facts about its own jurisdiction only. "
                     "Exit 0 with no violations (warnings allowed), 1 on violations, 2 when a file cannot be read.",
         examples=["statgraph validate", "statgraph validate my-state.ttl",
                   "statgraph validate my-state.ttl --warnings-as-errors",
                   "statgraph validate draft.ttl --format json -o findings.json"])
def validate(args: argparse.Namespace) -> Output:
    from statgraph.analyses.validation import validate as check
    from statgraph.kg import loader
    from statgraph.publish.findings import render_csv, render_json, render_text
    entries = loader.user_entry_files(args.paths) if args.paths else None
    report = check(entries, args.data, criteria=args.criteria)
    fmt = row_format(args)
    text = {"json": lambda: render_json(report, args.warnings_as_errors), "csv": lambda: render_csv(report),
            "table": lambda: render_text(report)}[fmt]()
    out = deliver(args, text, fmt)
    out.code = report.exit_code(args.warnings_as_errors)
    return out


def _new_state_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("report card")
    group.add_argument("--state", required=True, metavar="CODE", help="the new jurisdiction's code, e.g. KS")
    group.add_argument("--year", type=year, required=True, metavar="YEAR", help="report-card year")
    parser.add_argument("--framework", default="shi-2023", help="framework identifier (default: shi-2023)")


@command("new-state", options=[SOURCE, document({"ttl": "ttl"}, default="ttl")], arguments=_new_state_arguments,
         help="write a Turtle skeleton for a new jurisdiction's report card",
         description="Write a Turtle skeleton for a new jurisdiction: the report card, one assessment per goal "
                     "and the issue-area results of the framework, with comments saying what to fill in. A "
                     "fresh skeleton validates with warnings only.",
         examples=["statgraph new-state --state KS --year 2024 -o ks-2024.ttl", "statgraph validate ks-2024.ttl"])
def new_state(args: argparse.Namespace) -> Output:
    from statgraph.authoring.skeleton import skeleton
    document_format(args)
    return deliver(args, skeleton(open_graph(args), args.state, args.year, args.framework), "ttl")


def _ingest_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("report", type=Path, metavar="REPORT",
                        help="the report's Markdown or text file ('-' for standard input)")
    group = parser.add_argument_group("report card")
    group.add_argument("--state", required=True, metavar="CODE",
                       help="the jurisdiction the report grades, e.g. MO (its citation forms read the statutes)")
    group.add_argument("--year", type=year, metavar="YEAR", help="report-card year (default: read from the report)")
    parser.add_argument("--framework", default="shi-2023", help="framework identifier (default: shi-2023)")


@command("ingest", options=[LOCAL_SOURCE, document({"ttl": "ttl"}, default="ttl")], arguments=_ingest_arguments,
         help="turn a report card analysis (Markdown/text) into a draft entry",
         description="Read a report card analysis converted from its PDF (Markdown or text) and write a draft "
                     "Turtle entry: goals with status, the statutes each rests on, gap text, recommendations, "
                     "the issue table, extra credit, Safe Harbor rows, total, grade and tier, and from the "
                     "quoted statutory text the sections, titles, cross-references, transfers and defined "
                     "terms. Review it, then check it with 'statgraph validate'.",
         examples=["statgraph ingest report.md --state MO -o draft.ttl",
                   "statgraph validate draft.ttl --data draft.ttl",
                   "statgraph diff draft.ttl graph_data/jurisdictions/us-mo   what ingestion missed"])
def ingest(args: argparse.Namespace) -> Output:
    import sys

    from statgraph.authoring.draft import draft_from_report
    from statgraph.kg.store import load
    document_format(args)
    drafted = draft_from_report(load(args.data), args.report, args.state, args.year, args.framework,
                                progress("ingest"))
    name = "standard input" if str(args.report) == "-" else args.report.name
    if args.output is None:
        print(f"ingested {name}: {drafted.summary()}", file=sys.stderr)
        return Output(drafted.turtle)
    if not deliver(args, drafted.turtle).text:  # -o /dev/stdout: the draft alone
        print(f"ingested {name}: {drafted.summary()}", file=sys.stderr)
        return Output()
    return Output(f"wrote {args.output} from {name}: {drafted.summary()}\n")


def _diff_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("a", type=Path, metavar="A", help="entry file or folder")
    parser.add_argument("b", type=Path, metavar="B", help="entry file or folder to compare with")


@command("diff", options=[ROWS], arguments=_diff_arguments,
         help="what one entry has that another lacks",
         description="Compare two entries (files or folders): policy goals, statuses, sections, goal-statute "
                     "links, cross-references and defined terms, each as the keys an analyst knows (goal 2.5, "
                     "section 566.211). Subsections count as their section, except in 'goal-provision links'.",
         examples=["statgraph diff draft.ttl graph_data/jurisdictions/us-mo",
                   "statgraph diff old.ttl new.ttl --format json"])
def diff(args: argparse.Namespace) -> Output:
    from statgraph.authoring.diff import compare
    from statgraph.publish.terminal import diff_csv, diff_json, diff_text
    result = compare([args.a], [args.b])
    fmt = row_format(args)
    text = {"table": diff_text, "json": diff_json, "csv": diff_csv}[fmt](result)
    return deliver(args, text, fmt)


def _synth_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--states", type=int, required=True, help="how many jurisdictions")
    parser.add_argument("--sections", type=int, required=True, help="sections per jurisdiction")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default: 1)")
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="DIR",
                        help="folder to write into (created if missing)")


@command("synth", options=[LOCAL_SOURCE], arguments=_synth_arguments,
         help="write deterministic synthetic jurisdictions for scale tests",
         description="Write synthetic jurisdictions S01, S02, ... (IRIs under id/synthetic/) with M sections "
                     "each, cross-references, transfers, offenses, protections and a consistent report card. "
                     "Same --seed, same files. Load them with --data DIR.",
         examples=["statgraph synth --states 5 --sections 200 -o /tmp/synthetic",
                   "statgraph gaps --state S03 --data /tmp/synthetic",
                   "statgraph validate --data /tmp/synthetic /tmp/synthetic/s03"])
def synth(args: argparse.Namespace) -> Output:
    from statgraph.authoring.synth import synthesise
    written = synthesise(open_graph(args), args.states, args.sections, args.output, args.seed,
                         progress=progress("synth", always=args.states >= 10))
    return Output(f"wrote {len(written)} files for {args.states} jurisdictions under {args.output}\n")
