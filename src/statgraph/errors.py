"""Errors a user can act on, each with the exit code the CLI returns for it."""

from __future__ import annotations

# Exit codes, documented in the README.
EXIT_OK = 0
EXIT_VIOLATIONS = 1  # validation found violations
EXIT_INPUT = 2  # bad input: usage, unreadable file, unknown state/query/parameter
EXIT_ENVIRONMENT = 3  # something outside the input failed (a server, the disk)
EXIT_INTERNAL = 4  # a bug in statgraph


class StatgraphError(Exception):
    """An error to show as one message (what, where, how to fix) without a traceback."""

    exit_code = EXIT_INPUT

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message}\n  hint: {self.hint}"


class InputError(StatgraphError):
    """The user's input (a file, an option, a parameter) cannot be used."""


class DataFileError(InputError):
    """A data file cannot be read or parsed; names the file and, when known, the line."""

    def __init__(self, path: str, problem: str, line: int | None = None,
                 column: int | None = None, hint: str | None = None):
        where = path
        if line is not None:
            where += f", line {line}"
            if column is not None:
                where += f", column {column}"
        super().__init__(f"{where}: {problem}", hint)
        self.path, self.line, self.column = path, line, column


class EnvironmentFailure(StatgraphError):
    """Something outside the user's input failed: a server, the file system."""

    exit_code = EXIT_ENVIRONMENT
