"""Issue #16: control characters in labels (ESC sequences, U+202E, NUL) reached the terminal raw: one
cleared the screen and set the window title."""

import json

from test_untrusted import HOSTILE, hostile_entry


def test_control_and_bidi_characters_are_shown_not_obeyed(cli, hostile_entry):
    entry, query = hostile_entry
    table = cli("query", query, "--data", entry)
    assert table.code == 0, table.err
    for raw in ("\x1b", "\x07", "\u202e", "\x00"):
        assert raw not in table.out
    assert "Evil\\x1b]0;owned\\x07\\x1b[2J\\u202eFED\\x00 state" in table.out
    # the data itself is unchanged where programs read it
    assert json.loads(cli("query", query, "--data", entry, "--format", "json").out) == [{"name": HOSTILE}]
    assert HOSTILE in cli("query", query, "--data", entry, "--format", "csv").out
