"""SPARQL text utilities: RDF terms written safely, and parameters bound as a VALUES block.

User values never become query syntax. Each value is turned into an RDF term
(a literal or a checked IRI), serialised with full escaping, and placed in a
VALUES block at the start of the query's WHERE group. The same text runs on
the embedded store and on any SPARQL 1.1 server.
"""

from __future__ import annotations

import itertools
import re

from statgraph.errors import InputError
from statgraph.kg.names import XSD
from statgraph.kg.terms import Iri, Lit

# RFC 3987 IRIs as SPARQL's IRIREF admits them: no spaces, quotes, braces or angle brackets.
# \Z, not $: $ would also match before a final newline (found by tests/test_fuzz.py).
_IRI = re.compile(r'[A-Za-z][A-Za-z0-9+.-]*:[^\x00-\x20<>"{}|^`\\]*\Z')
_STRING_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t",
                   "\b": "\\b", "\f": "\\f"}


def term_to_sparql(term) -> str:
    """Serialise a term for SPARQL text; refuses IRIs that could break out of <...>.

    Takes statgraph's Iri and Lit, and rdflib's URIRef and Literal (push sends rdflib graphs)."""
    if isinstance(term, Lit) or hasattr(term, "datatype"):
        lexical = "".join(_STRING_ESCAPES.get(ch, ch) for ch in str(getattr(term, "lexical", term)))
        language = term.language
        datatype = str(term.datatype) if term.datatype is not None else None
        if language:
            if not re.fullmatch(r"[A-Za-z]+(-[A-Za-z0-9]+)*", language):
                raise InputError(f"not a valid language tag: {language!r}")
            return f'"{lexical}"@{language}'
        if datatype and datatype != XSD + "string":
            return f'"{lexical}"^^{term_to_sparql(Iri(datatype))}'
        return f'"{lexical}"'
    if type(term).__name__ == "BNode":
        raise InputError("cannot bind a blank node: only IRIs and literals can be query parameters")
    if isinstance(term, str):
        if not _IRI.match(term):
            raise InputError(f"not a valid IRI: {str(term)!r}")
        return f"<{term}>"
    raise InputError(f"cannot bind {term!r}: only IRIs and literals can be query parameters")


# --- finding the WHERE group -------------------------------------------------

_TOKEN = re.compile(
    r'''(?P<comment>\#[^\n]*)
      | (?P<long_string>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\')
      | (?P<string>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
      | (?P<iri><[^\x00-\x20<>"{}|^`\\]*>)
      | (?P<var>[?$][A-Za-z0-9_]+)
      | (?P<pname>[A-Za-z_][\w.-]*:[^\s{}()<>;,"'#]*|:[^\s{}()<>;,"'#]*)
      | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
      | (?P<open>\{) | (?P<close>\})
      | (?P<other>.)''',
    re.VERBOSE | re.DOTALL,
)


_UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
_QUERY_WORDS = {"SELECT", "CONSTRUCT", "ASK", "DESCRIBE"}


def refuse_updates(query: str, source: str) -> None:
    """Raise a clear error for a SPARQL Update: statgraph's queries only read."""
    for match in _TOKEN.finditer(query):
        if match.lastgroup == "word":
            word = match.group().upper()
            if word in _QUERY_WORDS:
                return
            if word in _UPDATE_WORDS:
                raise InputError(f"{source}: this is a SPARQL Update ({word}); queries here only read",
                                 hint="to change a server's data, load files with 'statgraph push'")


def _where_group_start(query: str) -> int:
    """Offset just after the '{' that opens the query's WHERE group."""
    depth = 0
    seen_where = False
    first_top_brace = None
    form = None
    for match in _TOKEN.finditer(query):
        kind = match.lastgroup
        if kind == "word" and depth == 0:
            word = match.group().upper()
            if form is None and word in ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE"):
                form = word
            elif word == "WHERE":
                seen_where = True
        elif kind == "open":
            if depth == 0:
                if seen_where:
                    return match.end()
                if first_top_brace is None and form not in (None, "CONSTRUCT"):
                    first_top_brace = match.end()
            depth += 1
        elif kind == "close":
            depth -= 1
    if first_top_brace is not None:
        return first_top_brace
    raise InputError("cannot bind parameters: the query has no WHERE group")


_BIND_MARK = re.compile(r"^([ \t]*)#@bind[ \t]*$", re.M)


def bind_values(query: str, bindings: dict[str, object]) -> str:
    """Return ``query`` with a VALUES block binding each parameter (a list: one row per value).

    The block goes where the query has a line ``#@bind`` (every such line: a
    query whose sub-patterns are evaluated on their own marks each one that
    needs the parameters), else at the start of the WHERE group.
    """
    if not bindings:
        return query
    for name in bindings:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise InputError(f"not a valid parameter name: {name!r}")
    names = list(bindings)
    columns = [[term_to_sparql(t) for t in (v if isinstance(v, list) else [v])] for v in bindings.values()]
    rows = " ".join(f"({' '.join(row)})" for row in itertools.product(*columns))
    block = f"VALUES ({' '.join('?' + n for n in names)}) {{ {rows} }}"
    if _BIND_MARK.search(query):
        return _BIND_MARK.sub(lambda m: m.group(1) + block, query)
    at = _where_group_start(query)
    return query[:at] + "\n  " + block + "\n" + query[at:]
