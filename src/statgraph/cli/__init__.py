"""The statgraph command line: it parses, calls the library and prints.

Commands are declared beside their handlers (statgraph.cli.reading, amending,
documents, entries, servers) with the shared option groups of statgraph.cli.grammar.
Errors print one message and exit with the documented code; --debug shows the
traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
import threading

from statgraph import __version__
from statgraph.cli import reading, amending, documents, entries, servers  # noqa: F401,I001 (each registers its commands, in this order)
from statgraph.cli.grammar import COMMANDS, Formatter, Output, add_commands
from statgraph.errors import EXIT_INTERNAL, EXIT_OK, StatgraphError

DESCRIPTION = """\
statgraph turns analyses of state law into a knowledge graph: statutes,
offenses, protections, policy goals and report-card assessments, queryable
with SPARQL. The bundled graph holds Shared Hope International's 2023 report
card for Missouri."""

EXIT_CODES = """\
exit codes: 0 success, 1 validation violations, 2 bad input or usage,
3 a failure outside the input (server, disk, memory), 4 internal error (a bug),
130 interrupted (Ctrl-C), 143 terminated (SIGTERM)."""


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--debug", action="store_true", help="show the traceback of an error")
    examples = "\n".join(f"  {cmd.examples[0]}" for cmd in COMMANDS.values())
    parser = argparse.ArgumentParser(prog="statgraph", description=DESCRIPTION, formatter_class=Formatter,
                                     epilog=f"examples:\n{examples}\n\n{EXIT_CODES}", parents=[common])
    parser.add_argument("--version", action="version", version=f"statgraph {__version__}")
    add_commands(parser.add_subparsers(dest="command", metavar="COMMAND"), common)
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


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return EXIT_OK
    try:
        with _terminate_cleanly():
            outcome: Output = args.handler(args)
        sys.stdout.write(outcome.text)
        sys.stdout.flush()
        return outcome.code
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
