"""Text that is safe to show on a terminal, for every layer's text views and messages."""

from __future__ import annotations

import re

# What a terminal would act on rather than show: C0 and C1 controls (ESC starts the sequences that
# clear screens and set window titles), DEL, and the bidirectional formatting characters that make
# text read in another order than it is stored (U+202E). Tab and line feed are layout, kept.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e"
                          "\u2066-\u2069\ufeff]")
LONG_VALUE = 200  # characters of one word (a path, an argument) shown in a message before it is cut


def printable(text: object, keep_newlines: bool = True, cut: bool = False) -> str:
    """Text safe to put on a terminal: hidden and control characters written as \\xNN or \\uNNNN;
    with ``cut`` (messages), any run of more than LONG_VALUE characters without a space is cut,
    saying how long it was. For the text views and messages only: CSV and JSON carry the data
    unchanged."""
    text = str(text)
    if not keep_newlines:
        text = text.replace("\n", "\\n").replace("\t", "\\t")
    text = _UNPRINTABLE.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100
                            else f"\\u{ord(m.group()):04x}", text)
    if not cut:
        return text
    return re.sub(rf"\S{{{LONG_VALUE + 1},}}",
                  lambda m: f"{m.group()[:LONG_VALUE - 40]}…[{len(m.group()):,} characters]", text)
