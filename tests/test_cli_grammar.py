"""The command line has one grammar: the same options mean the same thing on every command."""

from __future__ import annotations

import argparse

import pytest

from statgraph.cli import build_parser
from statgraph.cli.grammar import COMMANDS

PER_STATE_READING = ("gaps", "coverage", "impact", "what-if", "report", "viz")
READING = PER_STATE_READING + ("query", "info", "site", "new-state")


def options_of(name: str) -> dict[str, argparse.Action]:
    parser = build_parser()
    subparsers = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return {option: action for action in subparsers.choices[name]._actions for option in action.option_strings}


@pytest.mark.parametrize("name", PER_STATE_READING)
def test_every_per_state_reading_command_takes_the_same_options(name):
    options = options_of(name)
    for option in ("--state", "--year", "--data", "--endpoint", "--timeout", "--format", "-o"):
        assert option in options, f"{name} lacks {option}"
    assert options["--state"].required and options["--state"].metavar == "CODE"
    assert options["--timeout"].type is options_of("gaps")["--timeout"].type


@pytest.mark.parametrize("name", READING)
def test_every_reading_command_can_ask_a_server(name):
    assert {"--data", "--endpoint", "--timeout"} <= set(options_of(name))


def test_rows_commands_offer_the_same_formats():
    for name in ("gaps", "coverage", "impact", "what-if", "query", "info", "validate", "diff"):
        assert tuple(options_of(name)["--format"].choices) == ("table", "csv", "json"), name


def test_the_same_option_has_the_same_help_everywhere():
    helps: dict[str, set[str]] = {}
    for name in COMMANDS:
        for option in ("--data", "--endpoint", "--timeout", "--state"):
            action = options_of(name).get(option)
            if action is not None and name not in ("ingest", "new-state", "push"):
                helps.setdefault(option, set()).add(action.help)
    for option, texts in helps.items():
        assert len(texts) == 1, f"{option} is described {len(texts)} ways: {texts}"


def test_rows_format_follows_the_output_extension(cli, tmp_path):
    out = tmp_path / "gaps.csv"
    run = cli("gaps", "--state", "MO", "-o", out)
    assert run.code == 0 and run.out == f"wrote {out} (csv)\n"
    assert out.read_text(encoding="utf-8").startswith("issue,issue_title,goal,status")
    clash = cli("gaps", "--state", "MO", "--format", "json", "-o", out)
    assert clash.code == 2 and "does not match the file name" in clash.err


def test_document_format_follows_the_output_extension(cli, tmp_path):
    run = cli("report", "--state", "MO", "-o", tmp_path / "mo.html")
    assert run.code == 0 and (tmp_path / "mo.html").read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")
    unknown = cli("report", "--state", "MO", "-o", tmp_path / "mo.pdf")
    assert unknown.code == 2 and "cannot tell the format of mo.pdf" in unknown.err


def test_query_takes_state_and_year_like_the_other_commands(cli):
    by_option = cli("query", "goal-status", "--state", "mo", "--year", "2023", "--format", "csv")
    by_param = cli("query", "goal-status", "--param", "state=MO", "--param", "year=2023", "--format", "csv")
    assert by_option.code == 0 and by_option.out == by_param.out and len(by_option.out.splitlines()) == 41

