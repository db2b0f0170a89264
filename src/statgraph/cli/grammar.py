"""The command line's one grammar: commands declared beside their handlers, shared option groups,
and one rule for output.

- Every command is a function decorated with :func:`command`, which names the
  option groups it takes; the parser is built from those declarations.
- Per-state commands take ``--state CODE`` and ``--year YEAR``; reading commands
  take ``--data``, ``--endpoint`` and ``--timeout``.
- Commands that list rows take ``--format table|csv|json``; commands that write a
  document take the format from ``--format`` or the extension of ``-o FILE``.
  Either way, ``-o FILE`` writes the output atomically and prints one line saying so.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from statgraph.errors import InputError

# --- values typed on the command line ------------------------------------------------------


MAX_TIMEOUT = 7 * 24 * 3600


def seconds(text: str) -> float:
    """A timeout: a positive, finite number of seconds."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text[:40]!r}") from None
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"must be a positive number of seconds, got {text[:40]!r}")
    if value > MAX_TIMEOUT:  # the platform's clocks and waits overflow long before 1e10 s
        raise argparse.ArgumentTypeError(f"at most {MAX_TIMEOUT} seconds (a week), got {text[:40]!r}")
    return value


def year(text: str) -> int:
    if not text.strip().isdigit() or len(text.strip()) != 4:
        raise argparse.ArgumentTypeError(f"not a year: {text[:40]!r} (write it like 2023)")
    return int(text)


# --- option groups -----------------------------------------------------------------------------

ROW_FORMATS = ("table", "csv", "json")


@dataclass(frozen=True)
class Options:
    """A named set of options several commands share; ``add`` puts them on a parser."""

    name: str
    add: Callable[[argparse.ArgumentParser], None]


def _card(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("report card")
    group.add_argument("--state", required=True, metavar="CODE", help="jurisdiction code, e.g. MO")
    group.add_argument("--year", type=year, metavar="YEAR",
                       help="report-card year (default: the latest loaded for the state)")


DATA_HELP = ("entry file or folder of .ttl files to load instead of the bundled jurisdictions "
             "(repeatable; '-' reads Turtle from standard input); the ontology, framework and reference "
             "data always load")


TIMEOUT_HELP = ("stop a query or update that runs longer than this (default: no limit on the embedded store, "
                "where Ctrl-C stops it; 30 s for each request to an --endpoint)")


def _source(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("where the graph comes from")
    group.add_argument("--data", action="append", metavar="PATH", help=DATA_HELP)
    group.add_argument("--endpoint", metavar="URL",
                       help="ask this SPARQL 1.1 endpoint instead of the embedded store (after "
                            "'statgraph push'); credentials from STATGRAPH_ENDPOINT_USER/_PASSWORD "
                            "or _TOKEN")
    group.add_argument("--timeout", type=seconds, metavar="SECONDS", help=TIMEOUT_HELP)


def _local_source(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("where the graph comes from")
    group.add_argument("--data", action="append", metavar="PATH", help=DATA_HELP)


def _rows(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("output")
    group.add_argument("--format", choices=ROW_FORMATS,
                       help="table for people (default), csv or json for programs; "
                            "with -o, the extension .csv or .json also chooses")
    group.add_argument("-o", "--output", type=Path, metavar="FILE",
                       help="write to this file (atomically) instead of standard output")


CARD = Options("card", _card)
SOURCE = Options("source", _source)
LOCAL_SOURCE = Options("local source", _local_source)
ROWS = Options("rows", _rows)


def document(formats: dict[str, str], default: str | None, output_required: bool = False) -> Options:
    """Output options for a command writing a document: ``formats`` maps each format to its
    file extension; the format comes from --format, else the -o extension, else ``default``."""

    def add(parser: argparse.ArgumentParser) -> None:
        group = parser.add_argument_group("output")
        group.add_argument("--format", choices=tuple(formats),
                           help=f"{', '.join(formats)} (default: from the -o extension"
                                + (f", else {default})" if default else ")"))
        group.add_argument("-o", "--output", type=Path, metavar="FILE", required=output_required,
                           help="write to this file (atomically)" +
                                ("" if output_required else " instead of standard output"))
        parser.set_defaults(document_formats=formats, document_default=default)

    return Options("document", add)


# --- commands ----------------------------------------------------------------------------------

@dataclass
class Command:
    name: str
    handler: Callable[[argparse.Namespace], object]
    help: str
    description: str
    examples: list[str]
    options: list[Options]
    arguments: Callable[[argparse.ArgumentParser], None] | None = None
    reads_graph: bool = field(default=False)


COMMANDS: dict[str, Command] = {}


def command(name: str, *, help: str, description: str, examples: list[str],  # noqa: A002 (argparse's word)
            options: list[Options] = (), arguments: Callable[[argparse.ArgumentParser], None] | None = None):
    """Declare a command: its help, examples, shared option groups and own arguments."""

    def register(handler: Callable[[argparse.Namespace], object]):
        COMMANDS[name] = Command(name, handler, help, description, list(examples), list(options), arguments,
                                 reads_graph=SOURCE in options)
        return handler

    return register


class Formatter(argparse.RawDescriptionHelpFormatter):
    def __init__(self, prog: str) -> None:
        super().__init__(prog, max_help_position=32)


def add_commands(subparsers, common: argparse.ArgumentParser, only: str | None = None) -> None:
    """Declare the commands (``only``: just that one, for a command line that names it)."""
    for cmd in COMMANDS.values():
        if only is not None and cmd.name != only:
            continue
        parser = subparsers.add_parser(
            cmd.name, parents=[common], formatter_class=Formatter, help=cmd.help, description=cmd.description,
            epilog="examples:\n" + "\n".join(f"  {line}" for line in cmd.examples))
        if cmd.arguments:
            cmd.arguments(parser)
        for options in cmd.options:
            options.add(parser)
        parser.set_defaults(handler=cmd.handler, command_name=cmd.name)


# --- opening the graph ----------------------------------------------------------------------------

def open_graph(args: argparse.Namespace):
    """The graph a reading command asks: the embedded store (bundled or --data files), or --endpoint."""
    if getattr(args, "endpoint", None):
        if getattr(args, "data", None):
            raise InputError("--data and --endpoint cannot be combined",
                             hint="--data loads files into the embedded store; push them to the "
                                  "server with 'statgraph push' instead")
        from statgraph.kg.remote import DEFAULT_TIMEOUT, RemoteGraph
        graph = RemoteGraph(args.endpoint, args.timeout or DEFAULT_TIMEOUT)
    else:
        from statgraph.kg.store import load
        graph = load(getattr(args, "data", None), resident_process=True)
        graph.timeout = getattr(args, "timeout", None)
    graph.allowed_services = frozenset(host.strip().lower() for host in getattr(args, "allow_service", None) or ())
    return graph


# --- output -------------------------------------------------------------------------------------

@dataclass
class Output:
    """What a command produced: text for standard output, and its exit code."""

    text: str = ""
    code: int = 0


def _extension(path: Path | None) -> str:
    return path.suffix.lower().lstrip(".") if path is not None else ""


def row_format(args: argparse.Namespace) -> str:
    """table, csv or json: from --format, else from the -o extension, else table."""
    by_extension = {"csv": "csv", "json": "json"}.get(_extension(args.output))
    if args.format and by_extension and args.format != by_extension:
        raise InputError(f"--format {args.format} does not match the file name {args.output}",
                         hint=f"drop --format, or name the file *.{args.format}")
    return args.format or by_extension or "table"


def document_format(args: argparse.Namespace) -> str:
    """The document format: --format, else the -o extension, else the command's default."""
    formats: dict[str, str] = args.document_formats
    by_extension = {extension: fmt for fmt, extension in formats.items()}.get(_extension(args.output))
    if args.format and args.output is not None and by_extension and by_extension != args.format:
        raise InputError(f"--format {args.format} does not match the file name {args.output}",
                         hint=f"drop --format, or name the file *.{formats[args.format]}")
    unknown_extension = args.output is not None and _extension(args.output) and by_extension is None
    chosen = args.format or by_extension or (None if unknown_extension else args.document_default)
    if chosen is None:
        raise InputError(f"cannot tell the format of {args.output.name if args.output else 'standard output'}",
                         hint=f"name the file *.{' / *.'.join(sorted(set(formats.values())))}, or give --format")
    return chosen


def inputs(args: argparse.Namespace) -> list[Path]:
    """Every file the command reads that a user named: --data files (folders expanded), the
    report to ingest, the entries to validate or compare, a query file."""
    from statgraph.kg import loader
    read = ("a", "b", "name", "changes") + (("report",) if getattr(args, "command_name", "") != "amend" else ())
    given = [getattr(args, option, None) for option in read]
    given += list(getattr(args, "paths", None) or []) + list(getattr(args, "data", None) or [])
    files: list[Path] = []
    for value in given:
        if value is None or str(value) == "-":
            continue
        path = Path(value)
        if path.is_file():
            files.append(path)
        elif path.is_dir():
            try:
                files += [source.path for source in loader.user_entry_files([path])]
            except InputError:
                pass  # the command itself says what is wrong with it
    return files


def check_output(args: argparse.Namespace) -> None:
    """Refuse an output that would replace something the command reads: a file given as input,
    or a file statgraph ships (its ontology, data, queries and code). Site and synth write
    folders: the site's folder is replaced whole, synth's files are checked one by one."""
    from statgraph import atomic, resources
    outputs = [("-o", getattr(args, "output", None))]
    if getattr(args, "command_name", "") == "amend":  # the amended entry and the bill memo are outputs too
        outputs += [("--write-entry", args.write_entry), ("--report", args.report)]
    outputs = [(flag, path) for flag, path in outputs if path is not None]
    if not outputs:
        return
    shipped = [resources.bundled_root() / folder for folder in ("ontology", "graph_data", "queries")]
    shipped.append(Path(__file__).resolve().parents[1])  # the statgraph package itself
    reading = inputs(args)
    for flag, output in outputs:
        if getattr(args, "command_name", "") == "site":
            atomic.refuse_inputs_inside(output, reading + shipped)
            continue
        targets = [output]
        if getattr(args, "command_name", "") == "synth":
            from statgraph.authoring.synth import planned_files
            targets = planned_files(output, args.states)
        for target in targets:
            atomic.refuse_inputs(target, reading, flag)
            real = atomic.target_of(Path(target))
            if any(folder.resolve() in real.resolve().parents for folder in shipped):
                # a new file there counts too: every later command would load it as bundled data
                raise InputError(f"{flag} {output} is inside the folders statgraph ships (its ontology, data, "
                                 "queries or code); statgraph does not write there",
                                 hint="write to a folder of your own")


def deliver(args: argparse.Namespace, content: str | bytes, what: str = "") -> Output:
    """Standard output, or ``-o FILE`` written atomically with a line saying so."""
    if args.output is None:
        if isinstance(content, bytes):
            raise InputError("this output is binary: give -o FILE")
        return Output(content)
    from statgraph.atomic import is_stream, write_bytes
    check_output(args)
    write_bytes(args.output, content.encode("utf-8") if isinstance(content, str) else content)
    if is_stream(args.output):  # -o /dev/stdout, a pipe: the data alone goes there
        return Output()
    return Output(f"wrote {args.output}" + (f" ({what})" if what else "") + "\n")


def rows_output(args: argparse.Namespace, columns: list[str], rows: list[list[object]],
                table: Callable[[], str] | None = None, json_document: Callable[[], object] | None = None) -> Output:
    """Rows as a table (or the command's own text view), CSV or JSON, to stdout or -o."""
    from statgraph.publish import output
    fmt = row_format(args)
    if fmt == "csv":
        text = output.to_csv(columns, rows)
    elif fmt == "json":
        text = output.to_json(columns, rows) if json_document is None else output.json_text(json_document())
    else:
        text = table() if table is not None else output.render(columns, rows, "table")
    return deliver(args, text, fmt)


def progress(command_name: str, always: bool = False) -> Callable[[str], None] | None:
    """The command's progress line on standard error (statgraph.progress), or None when nobody
    would see it: standard error is not a terminal, unless ``always``."""
    from statgraph.progress import reporter
    return reporter(command_name, always)
