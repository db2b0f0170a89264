"""The README cannot drift: every command it shows with its output is run, and the output compared
(in the spirit of datasette's tests/test_docs.py).

How to write a README example that this test checks:

- A fenced block marked ``console`` holds one or more commands, each on a line starting with
  ``$ statgraph``, each followed by its output (standard output) exactly as the program prints it
  at a terminal 120 columns wide. A command may start with environment settings, as in a shell:
  ``$ COLUMNS=110 statgraph criteria --state MO`` shows the output at 110 columns.
- A line holding only ``...`` stands for any number of output lines (none included), so an
  example may show the first lines, or a few rows, of a long output.
- Commands run in a fresh folder where ``graph_data/``, ``ontology/`` and ``queries/`` are the
  repository's and ``missouri-2023-report-card.md`` is the source report (tests needing it skip
  when it is absent). A file an example uses is given just before it, in a fenced block preceded by
  ``<!-- file: NAME -->``; the commands of one block run in order and may use what earlier ones wrote.

Other fenced blocks (``sh``, ``python``) are not run: they show commands without output.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import REPO, SOURCE

README = REPO / "README.md"
ELISION = "..."
WIDTH = 120
_BLOCK = re.compile(r"^(?:<!-- file: (?P<file>[\w.-]+) -->\n)?```(?P<kind>[\w-]*)[^\n]*\n(?P<body>.*?)^```[ \t]*$",
                    re.S | re.M)


@dataclass
class Example:
    line: int  # where the block starts in the README
    commands: list[tuple[dict[str, str], list[str], list[str]]]  # (environment, arguments, expected lines)

    @property
    def name(self) -> str:
        return f"README line {self.line}: " + " · ".join(" ".join(args[:3]) for _, args, _ in self.commands)


def _parse(text: str) -> tuple[dict[str, str], list[Example]]:
    files, examples = {}, []
    for match in _BLOCK.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        if match["file"]:
            files[match["file"]] = match["body"]
            continue
        if match["kind"] != "console":
            continue
        commands: list[tuple[dict[str, str], list[str], list[str]]] = []
        for row in match["body"].splitlines():
            if row.startswith("$ "):
                words = shlex.split(row[2:])
                environment = {}
                while words and re.fullmatch(r"[A-Z_][A-Z0-9_]*=\S*", words[0]):
                    name, _, value = words.pop(0).partition("=")
                    environment[name] = value
                assert words and words[0] == "statgraph", f"README line {line}: a console block runs statgraph only"
                commands.append((environment, words[1:], []))
            else:
                assert commands, f"README line {line}: a console block starts with a '$ statgraph' line"
                commands[-1][2].append(row)
        examples.append(Example(line, commands))
    return files, examples


FILES, EXAMPLES = _parse(README.read_text(encoding="utf-8"))


def matches(expected: list[str], actual: str) -> bool:
    """Whether the output is the expected lines, ``...`` standing for any run of lines."""
    pattern = "".join(r"(?:[^\n]*\n)*?" if line.strip() == ELISION else re.escape(line.rstrip()) + r"[ \t]*\n"
                      for line in expected)
    return re.fullmatch(pattern, actual if actual.endswith("\n") or not actual else actual + "\n") is not None


@pytest.fixture
def folder(tmp_path, monkeypatch):
    for name in ("graph_data", "ontology", "queries"):
        (tmp_path / name).symlink_to(REPO / name)
    if SOURCE.is_file():
        (tmp_path / SOURCE.name).symlink_to(SOURCE)
    for name, body in FILES.items():
        (tmp_path / name).write_text(body, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", str(WIDTH))
    return tmp_path


def test_the_readme_shows_its_examples_as_checked_blocks():
    """If the blocks were turned into plain text, nothing would be checked: hold the count."""
    commands = [args for example in EXAMPLES for _, args, _ in example.commands]
    assert len(commands) >= 10
    assert {args[0] for args in commands} >= {"gaps", "query", "coverage", "impact", "what-if", "validate", "diff",
                                               "criteria", "amend"}


def test_the_matcher_holds_outputs_to_the_letter():
    assert matches(["a", "...", "d"], "a\nb\nc\nd\n") and matches(["a", "...", "b"], "a\nb\n")
    assert not matches(["a", "b"], "a\nb\nc\n") and not matches(["a", "...", "c"], "a\nb\nd\n")
    assert not matches(["a  b"], "a b\n")


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e.name)
def test_readme_example(example: Example, folder, cli, monkeypatch):
    if any(SOURCE.name in args for _, args, _ in example.commands) and not SOURCE.is_file():
        pytest.skip(f"needs the source report ({SOURCE})")
    for environment, args, expected in example.commands:
        for name, value in environment.items():
            monkeypatch.setenv(name, value)
        run = cli(*args)
        for name in environment:
            monkeypatch.setenv(name, str(WIDTH) if name == "COLUMNS" else "")
        assert run.code in (0, 1) and "Traceback" not in run.err, f"statgraph {' '.join(args)}: {run.err}"
        assert matches(expected, run.out), (
            f"README line {example.line}: the output of 'statgraph {' '.join(args)}' is not what the README "
            f"shows.\n--- README\n" + "\n".join(expected) + "\n--- program\n" + run.out)


def test_every_command_named_in_the_prose_parses():
    """Commands quoted inline (`statgraph …`) are not run, but they must be valid as written:
    `statgraph site out/` and `statgraph new-state KS …` once were not."""
    import re
    import shlex

    from statgraph.cli import build_parser

    text = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    quoted = [m.group(1) for m in re.finditer(r"`(statgraph [^`]+)`", text)]
    assert len(quoted) > 10
    wrong = []
    for command in quoted:
        words = shlex.split(command)[1:]
        if len(words) < 2 or "…" in command or "..." in command or any(w.isupper() and len(w) > 3 for w in words):
            continue  # a command named, or a sketch with placeholders (FILE, CHANGES): not one to run
        try:
            build_parser(words).parse_args(words)
        except SystemExit as exit_:
            if exit_.code != 0:
                wrong.append(command)
    assert wrong == []
