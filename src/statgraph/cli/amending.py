"""The amend command: what a proposed amendment would change, on a copy of the graph."""

from __future__ import annotations

import argparse
from pathlib import Path

from statgraph.cli.grammar import (CARD, LOCAL_SOURCE, ROWS, TIMEOUT_HELP, Output, command, deliver, row_format,
                                   seconds)
from statgraph.errors import EXIT_VIOLATIONS, InputError

MEMO_FORMATS = {".md": "md", ".html": "html", ".htm": "html"}


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("changes", nargs="?", type=Path, metavar="CHANGES",
                        help="a SPARQL 1.1 Update file (INSERT DATA, DELETE DATA, DELETE/INSERT … WHERE) over "
                             "the state's statute facts; relative IRIs resolve as in the entry files "
                             "(<us-mo/protection/491.680>) and sg:, eli: … need no PREFIX line")
    shortcuts = parser.add_argument_group("shortcuts (instead of CHANGES; each repeatable, combined in order)")
    shortcuts.add_argument("--extend", nargs=2, action="append", default=[], metavar=("PROTECTION", "SCOPE"),
                           help="the protection established by PROTECTION (e.g. 491.680, 566.223(6)) also reaches "
                                "SCOPE: a chapter (567, 'chapter 567') or a section (567.030)")
    shortcuts.add_argument("--narrow", nargs=2, action="append", default=[], metavar=("PROTECTION", "SCOPE"),
                           help="the protection's scope no longer names SCOPE (a chapter or a section)")
    shortcuts.add_argument("--transfer", nargs=2, action="append", default=[], metavar=("OLD", "NEW"),
                           help="section OLD is renumbered NEW (created in its chapter if missing): what OLD "
                                "defines and establishes moves to NEW; OLD stays, transferred and out of force")
    shortcuts.add_argument("--repeal", action="append", default=[], metavar="SECTION",
                           help="the section goes out of force, with the offenses, protections, terms and "
                                "references resting on its text alone")
    parser.add_argument("--timeout", type=seconds, metavar="SECONDS", help=TIMEOUT_HELP)
    shortcuts.add_argument("--print-update", action="store_true",
                           help="print the SPARQL Update the amendment stands for and stop")
    written = parser.add_argument_group("files written besides the rows (never a loaded file)")
    written.add_argument("--write-entry", type=Path, metavar="FILE.ttl",
                         help="write the amended entry as Turtle: the state's entries merged, with the amendment "
                              "applied (load it with --data in their place)")
    written.add_argument("--report", type=Path, metavar="FILE.md|FILE.html",
                         help="write the bill memo: the change, statutes touched, coverage before and after, "
                              "criteria and goals that move, total and grade range (format from the extension)")


@command("amend", options=[CARD, LOCAL_SOURCE, ROWS], arguments=_arguments,
         help="what a proposed amendment would change: coverage, criteria, goals, grade",
         description="Apply a proposed amendment to a copy of the graph — a SPARQL 1.1 Update file, or the "
                     "shortcuts --extend, --narrow, --transfer and --repeal, which write one from the templates "
                     "in queries/amend/ — and show what moves: the triples it adds and removes, the coverage "
                     "rows that change (with the route), the criteria whose result or elements change, the "
                     "goals whose status they decide and where those go, and the total and grade range by the "
                     "framework's scoring. An amendment that changes what the state's entry does not own, or "
                     "breaks a shape the entry met, is refused with the findings (exit 1). LOAD, SERVICE, "
                     "graph management and named graphs are refused (exit 2), as is a malformed Update (its "
                     "line and column). The rows go to standard output or -o FILE; --write-entry and --report "
                     "write the amended entry and the bill memo beside them. No loaded file is ever written.",
         examples=["statgraph amend --state MO --extend 491.680 567",
                   "statgraph amend --state MO extend-567.ru --report memo.html",
                   "statgraph amend --state MO --extend 491.680 567 --print-update > extend-567.ru",
                   "statgraph amend --state MO --repeal 589.414 --format json -o changes.json",
                   "statgraph amend --state MO --transfer 567.030 566.230 --write-entry mo-amended.ttl",
                   "statgraph amend --state ZZ --data zz.ttl changes.ru"])
def amend(args: argparse.Namespace) -> Output:
    from statgraph.analyses import amend as amending
    from statgraph.kg.store import load
    from statgraph.publish import amendment as view
    shortcuts = ([amending.Shortcut("extend", tuple(a)) for a in args.extend]
                 + [amending.Shortcut("narrow", tuple(a)) for a in args.narrow]
                 + [amending.Shortcut("transfer", tuple(a)) for a in args.transfer]
                 + [amending.Shortcut("repeal", (a,)) for a in args.repeal])
    if args.changes is not None and shortcuts:
        raise InputError("give CHANGES or shortcuts, not both",
                         hint="'--print-update' shows a shortcut's Update: add your changes to that file")
    if args.changes is None and not shortcuts:
        raise InputError("name the amendment: a CHANGES file, or --extend, --narrow, --transfer or --repeal",
                         hint="see 'statgraph amend --help'")
    fmt = None if args.print_update else row_format(args)  # a wrong -o extension fails before any work
    memo_format = _memo_format(args.report) if args.report is not None else None
    kg = load(args.data)
    kg.timeout = args.timeout
    loaded = {f.path.resolve() for f in kg.files}
    for path in (args.output, args.write_entry, args.report):
        if path is not None and path.resolve() in loaded:
            raise InputError(f"{path} is a loaded file: amend never writes the loaded files",
                             hint="write to a new file")
    if args.changes is not None:
        text, source = _read_changes(args.changes), str(args.changes)
    else:
        text, source = amending.shortcut_update(kg, args.state, shortcuts), " ".join(map(str, shortcuts))
    if args.print_update:
        from statgraph.kg import update
        update.check(text, source)
        return deliver(args, text, "SPARQL Update")
    result = amending.amend(kg, args.state, text, source, args.year)
    notes = []
    if not result.refused:
        from statgraph.atomic import write_atomically
        if args.write_entry is not None:
            from statgraph.authoring import turtle
            data = turtle.document(result.entry_triples, amending.entry_header(result))
            write_atomically(args.write_entry, lambda handle: handle.write(data))
            notes.append(f"wrote {args.write_entry} (the amended entry, Turtle)")
        if args.report is not None:
            memo = view.memo(result, memo_format).encode("utf-8")
            write_atomically(args.report, lambda handle: handle.write(memo))
            notes.append(f"wrote {args.report} (bill memo, {memo_format})")
    elif args.write_entry is not None or args.report is not None:
        notes.append("the amendment is refused: no entry or memo written")
    out = deliver(args, view.render(result, fmt), fmt)
    if notes and args.output is not None:
        out.text += "".join(f"{n}\n" for n in notes)
    elif notes:
        import sys
        print("\n".join(f"statgraph: amend: {n}" for n in notes), file=sys.stderr)
    if result.refused:
        out.code = EXIT_VIOLATIONS
    return out


def _memo_format(path: Path) -> str:
    fmt = MEMO_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(f"cannot tell the memo's format from {path.name}", hint="name it *.md or *.html")
    return fmt


def _read_changes(path: Path) -> str:
    from statgraph.errors import DataFileError
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder, not an Update file") from None
    except OSError as error:
        raise InputError(f"{path}: cannot read: {error.strerror}") from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise DataFileError(str(path), "not UTF-8 text", line, hint="save the file as UTF-8") from None
