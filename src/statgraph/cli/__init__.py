"""The statgraph command line: it parses, calls the library and prints.

Commands are declared beside their handlers (statgraph.cli.reading, amending,
documents, entries, servers) with the shared option groups of statgraph.cli.grammar.
Errors print one message and exit with the documented code; --debug shows the
traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import signal
import sys
import threading

from statgraph import __version__
from statgraph.cli import reading, amending, documents, entries, servers, maintenance  # noqa: F401,I001 (each registers its commands, in this order)
from statgraph.cli.grammar import COMMANDS, Formatter, Output, add_commands, check_output
from statgraph.errors import EXIT_ENVIRONMENT, EXIT_INTERNAL, EXIT_OK, EnvironmentFailure, StatgraphError

DESCRIPTION = """\
statgraph turns analyses of state law into a knowledge graph: statutes,
offenses, protections, policy goals and report-card assessments, queryable
with SPARQL. The bundled graph holds Shared Hope International's 2023 report
card for Missouri."""

EXIT_CODES = """\
exit codes: 0 success, 1 validation violations, 2 bad input or usage,
3 a failure outside the input (server, disk, memory), 4 internal error (a bug),
130 interrupted (Ctrl-C), 143 terminated (SIGTERM)."""


class _Parser(argparse.ArgumentParser):
    """argparse, with the values it echoes in usage errors made safe to print and cut when long."""

    def error(self, message: str):
        from statgraph.safe_text import printable
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {printable(message, cut=True)}\n")


def _command_named(argv: list[str]) -> str | None:
    """The command the arguments name, if any: the first one not an option (statgraph's own
    options, --debug, --version and --help, take no value)."""
    for argument in argv:
        if not argument.startswith("-"):
            return argument if argument in COMMANDS else None
    return None


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The parser; given the arguments, only the command they name is declared in full (declaring
    all twenty cost about 5 ms of every command's start), so --help still lists every one."""
    common = _Parser(add_help=False)
    common.add_argument("--debug", action="store_true", help="show the traceback of an error")
    examples = "\n".join(f"  {cmd.examples[0]}" for cmd in COMMANDS.values())
    parser = _Parser(prog="statgraph", description=DESCRIPTION, formatter_class=Formatter,
                                     epilog=f"examples:\n{examples}\n\n{EXIT_CODES}", parents=[common])
    parser.add_argument("--version", action="version", version=f"statgraph {__version__}")
    named = _command_named(argv) if argv is not None else None
    add_commands(parser.add_subparsers(dest="command", metavar="COMMAND"), common, only=named)
    return parser


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


def _write_stdout(text: str) -> None:
    """All of the text or none of it: characters the console cannot encode are found before
    anything is written, and a write that fails (a full disk, /dev/full) is an environment error."""
    try:
        if sys.stdout.isatty():  # whatever the format, a terminal shows control characters, never obeys them
            from statgraph.safe_text import printable
            text = printable(text)
    except (AttributeError, ValueError):
        pass
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    # An error handler the user chose (PYTHONIOENCODING=cp1252:replace) says how to show what the
    # console cannot: then nothing is refused; with the default 'strict', a character is.
    replacing = getattr(sys.stdout, "errors", None) in ("replace", "backslashreplace", "xmlcharrefreplace",
                                                        "namereplace", "ignore")
    try:
        if not replacing:
            text.encode(encoding)
    except UnicodeEncodeError as error:
        character = error.object[error.start]
        raise EnvironmentFailure(
            f"standard output is {encoding}, which cannot show {character!r} (U+{ord(character):04X}); "
            "nothing was written",
            hint="set PYTHONIOENCODING=utf-8 (or PYTHONUTF8=1), or write the output to a file with -o FILE"
        ) from None
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as error:
        _drop_stdout()
        raise EnvironmentFailure(f"cannot write to standard output: {error.strerror or error}") from None


def _drop_stdout() -> None:
    """Point standard output at /dev/null so Python's own flush at exit does not fail again."""
    with contextlib.suppress(OSError, ValueError, AttributeError, io.UnsupportedOperation):
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)


def _report(message: str, code: int) -> int:
    from statgraph.safe_text import printable
    print(f"statgraph: error: {printable(message, cut=True)}", file=sys.stderr)
    return code


def _os_error_message(error: OSError) -> str:
    """An operating-system failure in the user's words: what, and on which file."""
    what = error.strerror or str(error)
    where = " ".join(str(name) for name in (error.filename, error.filename2) if name)
    return f"{what}: {where}" if where else what


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return EXIT_OK
    try:
        with _terminate_cleanly():
            check_output(args)  # before any work: never write over an input
            try:
                outcome: Output = args.handler(args)
            finally:
                if "statgraph.progress" in sys.modules:  # a command showed progress: end its line
                    sys.modules["statgraph.progress"].close_all()
            _write_stdout(outcome.text)
        return outcome.code
    except StatgraphError as error:
        if args.debug:
            raise
        return _report(str(error), error.exit_code)
    except BrokenPipeError:  # e.g. piped into head
        _drop_stdout()
        sys.stderr.close()
        return EXIT_OK
    except KeyboardInterrupt:
        print("statgraph: interrupted", file=sys.stderr)
        return 130
    except _Terminated:
        print("statgraph: terminated; nothing was half-written", file=sys.stderr)
        return 143
    except MemoryError:
        if args.debug:
            raise
        return _report("out of memory", EXIT_ENVIRONMENT)
    except OSError as error:  # the file system, a device, the network: outside statgraph and its input
        if args.debug:
            raise
        return _report(_os_error_message(error), EXIT_ENVIRONMENT)
    except Exception as error:  # a bug: say so briefly, keep the traceback for --debug
        if args.debug:
            raise
        from statgraph.safe_text import printable
        print(f"statgraph: internal error: {type(error).__name__}: {printable(error, cut=True)}\n"
              "  hint: run again with --debug for the traceback, and please report it",
              file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
