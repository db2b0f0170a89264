"""The one way statgraph writes Turtle: prefixes, @base, and every term escaped.

Skeletons (new-state), drafts (ingest) and synthetic entries (synth) write
their Turtle through these functions, so text taken from a report, a title in
the graph or a user's argument can only ever become a literal or a comment:

- :func:`literal` escapes quotes, backslashes and line breaks, and writes every
  other control or bidirectional-formatting character as ``\\uHHHH`` (four hex digits);
- :func:`iri` percent-encodes anything that could end ``<…>`` early;
- :func:`comment` and :func:`note` never let a line break out of the comment;
- :func:`name` accepts only a plain prefixed name (``sg:FullyMet``).
"""

from __future__ import annotations

import re
from decimal import Decimal

from statgraph.kg.names import ID_BASE, PREFIXES

# Characters Turtle allows raw in a string but that we never write raw: C0 and C1 controls,
# DEL, and the bidirectional formatting characters that make text display out of order.
_HIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]")
_SHORT_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
# Characters an IRI may hold as they are (RFC 3987): unreserved and reserved ASCII, and the
# ``ucschar`` ranges of Unicode; everything else is percent-encoded.
_IRI_ASCII = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@/?#")
_UCSCHAR = ((0xA0, 0xD7FF), (0xF900, 0xFDCF), (0xFDF0, 0xFFEF), (0xE1000, 0xEFFFD)) + tuple(
    (plane << 16, (plane << 16) + 0xFFFD) for plane in range(1, 14))
_BIDI = frozenset("\u061c\u200e\u200f\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_HEX = re.compile(r"[0-9A-Fa-f]{2}")
_LOCAL_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")
_DECIMAL = re.compile(r"[+-]?\d+\.\d+")


def _escape_char(match: re.Match) -> str:
    ch = match.group()
    return _SHORT_ESCAPES.get(ch) or f"\\u{ord(ch):04X}"


def literal(text: object, datatype: str | None = None, language: str | None = None) -> str:
    """A string literal, optionally typed (``xsd:date``, a prefixed name) or tagged."""
    body = re.sub(r'[\\"]', _escape_char, str(text))
    body = _HIDDEN.sub(_escape_char, body)
    written = f'"{body}"'
    if language:
        if not re.fullmatch(r"[A-Za-z]+(-[A-Za-z0-9]+)*", language):
            raise ValueError(f"not a language tag: {language!r}")
        return f"{written}@{language}"
    if datatype:
        return f"{written}^^{name(datatype) if ':' in datatype and '/' not in datatype else iri(datatype)}"
    return written


def _iri_char_allowed(ch: str) -> bool:
    if ch in _IRI_ASCII:
        return True
    code = ord(ch)
    return code > 127 and ch not in _BIDI and any(low <= code <= high for low, high in _UCSCHAR)


def iri(value: str) -> str:
    """``<value>``: absolute, or relative to the file's @base. Anything an IRI may not hold
    (spaces, ``<>"{}|^`\\``, controls, bidirectional marks, a second ``#``, a ``:`` in the first
    segment of a relative IRI) is percent-encoded, so the IRI can never end early."""
    text = str(value)
    if not text:
        raise ValueError("an IRI cannot be empty")
    scheme = _SCHEME.match(text)
    written = [scheme.group()] if scheme else []
    first_segment, fragment = scheme is None, False
    index = len(written[0]) if scheme else 0
    while index < len(text):
        ch = text[index]
        if ch in "/?":
            first_segment = False
        keep = _iri_char_allowed(ch) and not (ch == ":" and first_segment) and not (ch == "#" and fragment)
        if ch == "%" and _HEX.match(text, index + 1):
            keep = True
        if ch == "#":
            fragment, first_segment = True, False
        written.append(ch if keep else "".join(f"%{byte:02X}" for byte in ch.encode("utf-8")))
        index += 1
    return "<" + "".join(written) + ">"


def iris(values) -> str:
    """Objects of one predicate: ``<a>, <b>``."""
    return ", ".join(iri(v) for v in values)


def name(prefixed: str) -> str:
    """A prefixed name such as ``sg:FullyMet``; the prefix must be a shared one."""
    prefix, _, local = str(prefixed).partition(":")
    if prefix not in PREFIXES or not _LOCAL_NAME.fullmatch(local):
        raise ValueError(f"not a prefixed name statgraph writes: {prefixed!r}")
    return f"{prefix}:{local}"


def integer(value: object) -> str:
    if isinstance(value, bool):
        raise ValueError(f"not an integer: {value!r}")
    return str(int(value))


def decimal(value: object, places: int = 1) -> str:
    """An xsd:decimal written as Turtle's bare decimal (``13.5``)."""
    text = f"{Decimal(str(value)):.{places}f}"
    if not _DECIMAL.fullmatch(text):
        raise ValueError(f"not a finite decimal: {value!r}")
    return text


def boolean(value: bool) -> str:
    return "true" if value else "false"


def _one_line(text: object) -> str:
    """Text for a comment: line breaks become spaces, other hidden characters ``\\uHHHH`` (four hex digits)."""
    flat = re.sub(r"[\r\n\u2028\u2029\x0b\x0c\x85]+", " ", str(text))
    return _HIDDEN.sub(lambda m: f"\\u{ord(m.group()):04X}", flat).rstrip()


def comment(text: object = "") -> str:
    """A whole-line comment; several lines of text become several comment lines."""
    lines = re.split(r"\r\n|[\r\n\u2028\u2029\x0b\x0c\x85]", str(text))
    return "\n".join(("# " + _one_line(line)).rstrip() for line in lines)


def note(text: object) -> str:
    """A comment at the end of a statement's line: ``  # text``, always on that one line."""
    return f"  # {_one_line(text)}"


def prologue(prefixes: tuple[str, ...] | list[str], base: str = ID_BASE) -> str:
    """The @base line and one @prefix line per shared prefix named, aligned."""
    width = max(len(p) for p in prefixes) + 1
    lines = [f"@base {iri(base)} ."]
    lines += [f"@prefix {(p + ':').ljust(width)} {iri(PREFIXES[p])} ." for p in prefixes]
    return "\n".join(lines) + "\n"


def document(triples, header: list[str], prefixes: tuple[str, ...] = ("sg", "eli", "skos", "dcterms", "prov", "rdf",
                                                                       "rdfs", "xsd")) -> bytes:
    """Triples (pyoxigraph's) as a Turtle file against the data @base, under a header of comment
    lines; Oxigraph's serialiser escapes the terms, :func:`comment` the header."""
    import pyoxigraph as ox
    body = ox.serialize([ox.Triple(*t) for t in triples], format=ox.RdfFormat.TURTLE,
                        prefixes={name: PREFIXES[name] for name in prefixes}, base_iri=ID_BASE)
    return ("\n".join(comment(line) for line in header) + "\n\n").encode("utf-8") + body
