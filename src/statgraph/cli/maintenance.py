"""Commands that look after statgraph's own files: cache."""

from __future__ import annotations

import argparse

from statgraph.cli.grammar import ROWS, Output, command, rows_output
from statgraph.errors import EnvironmentFailure


def _cache_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--clear", action="store_true",
                        help="remove every compiled store (stopping its resident process) and what "
                             "interrupted builds left behind")


def _megabytes(count: int | None) -> float | None:
    return None if count is None else round(count / (1 << 20), 1)


@command("cache", options=[ROWS], arguments=_cache_arguments,
         help="show where the compiled-store cache is, how big, and its resident processes; --clear empties it",
         description="A command's input is compiled once into an on-disk store that later commands open at once "
                     "(under 2 MB of Turtle only while resident processes are on), keyed on the content of every "
                     "input file. This lists the stores "
                     "(newest use first) with their size, the input they were built from and the resident "
                     "process holding the store in memory for later commands, if one is running "
                     "(STATGRAPH_RESIDENT=off: none), and the folder (STATGRAPH_CACHE_DIR, else the platform's "
                     "user cache folder). Removing the cache is always safe and stops the resident processes: "
                     "the next command rebuilds what it needs. A store in use by another command stays "
                     "readable until that command ends.",
         examples=["statgraph cache", "statgraph cache --clear", "statgraph cache --format json"])
def cache(args: argparse.Namespace) -> Output:
    import datetime

    from statgraph.kg import cache as compiled
    folder = compiled.root()
    try:
        if args.clear:
            removed, freed = compiled.clear(folder)
            return Output(f"removed {removed} folder{'s' * (removed != 1)} ({_megabytes(freed):,} MB) from {folder}\n")
        found = compiled.entries(folder)
    except OSError as error:
        raise EnvironmentFailure(f"cannot read the cache folder {folder}: {error.strerror or error}") from None
    rows = [[e.key if not e.leftover else f"{e.key} (left by an interrupted build)", _megabytes(e.bytes),
             datetime.datetime.fromtimestamp(e.last_used).isoformat(timespec="seconds"),
             e.inputs, _megabytes(e.input_bytes), e.resident] for e in found]
    columns = ["store", "MB", "last_used", "entry_files", "input_MB", "resident_pid"]
    total = sum(e.bytes for e in found)
    stores = sum(not e.leftover for e in found)

    def table() -> str:
        from statgraph.publish.output import printable, to_table
        state = "" if folder.is_dir() else " (not a folder: statgraph cannot cache there)" if folder.exists() \
            else " (not created yet)"
        head = (f"cache folder: {folder}{state}\n"
                f"{stores} stor{'e' if stores == 1 else 'es'}"
                + (f" and {len(found) - stores} left by interrupted builds" if len(found) > stores else "")
                + f", {_megabytes(total):,} MB in all; at most "
                f"{compiled.KEEP} stores and {compiled.max_bytes() >> 20:,} MB are kept "
                "(STATGRAPH_CACHE_MAX_MB)\n")
        return printable(head) + ("\n" + to_table(columns, rows) if rows else "")

    return rows_output(args, columns, rows, table=table,
                       json_document=lambda: {"folder": str(folder), "bytes": total,
                                              "stores": [dict(zip(columns, r)) for r in rows]})
