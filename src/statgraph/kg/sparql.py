"""SPARQL text utilities: RDF terms written safely, parameters bound into VALUES blocks.

User values never become query syntax. Each value is turned into an RDF term
(a literal or a checked IRI), serialised with full escaping, and placed in the
query's ``VALUES ?param { … }`` blocks (see :func:`bind_values`). The same text
runs on the embedded store and on any SPARQL 1.1 server.
"""

from __future__ import annotations

import re

from statgraph.errors import InputError
from statgraph.kg.names import XSD
from statgraph.kg.terms import Iri, Lit

# RFC 3987 IRIs as SPARQL's IRIREF admits them: no spaces, controls (C0, DEL, C1), quotes, braces or
# angle brackets (DEL found by tests/test_fuzz.py: Oxigraph refuses it).
# \Z, not $: $ would also match before a final newline (found by tests/test_fuzz.py).
_IRI = re.compile(r'[A-Za-z][A-Za-z0-9+.-]*:[^\x00-\x20\x7f-\x9f<>"{}|^`\\]*\Z')
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
      | (?P<pname>(?:[A-Za-z_][\w.-]*)?:(?:[\w\-.:%]|\\.)*)
      | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
      | (?P<open>\{) | (?P<close>\})
      | (?P<other>.)''',
    re.VERBOSE | re.DOTALL,
)


def keywords(text: str):
    """Each bare word of SPARQL syntax (not inside a string, IRI, comment, variable or prefixed
    name) with its offset: the keywords, read as the parser would."""
    for match in _TOKEN.finditer(text):
        if match.lastgroup == "word":
            yield match.group(), match.start()


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


def service_calls(query: str) -> list[tuple[str | None, int, int]]:
    """Every ``SERVICE`` clause of a query: the endpoint IRI (None when it is a variable or a
    prefixed name) and where that IRI is written (start and end offsets of ``<…>``)."""
    calls = []
    tokens = [m for m in _TOKEN.finditer(query)
              if m.lastgroup != "comment" and not (m.lastgroup == "other" and m.group().isspace())]
    for index, match in enumerate(tokens):
        if match.lastgroup != "word" or match.group().upper() != "SERVICE":
            continue
        following = tokens[index + 1:index + 3]
        if following and following[0].lastgroup == "word" and following[0].group().upper() == "SILENT":
            following = following[1:]
        target = following[0] if following else None
        if target is not None and target.lastgroup == "iri":
            calls.append((target.group()[1:-1], target.start(), target.end()))
        else:
            calls.append((None, match.start(), match.end()))
    return calls


def _host(url: str) -> str:
    from urllib.parse import urlsplit
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        return f"{host}:{parts.port}" if parts.port else host
    except ValueError:
        return ""


def _host_allowed(endpoint: str, allowed: frozenset[str]) -> bool:
    """An endpoint's host is allowed when named alone (any port) or with its port."""
    host = _host(endpoint)
    return bool(host) and (host in allowed or host.split(":")[0] in allowed)


def refuse_services(query: str, source: str, allowed: frozenset[str] = frozenset()) -> None:
    """Refuse a query that would call another server (SERVICE) unless the user allowed that host.

    A query file someone sent you must not make your machine send requests: SERVICE
    runs wherever the query is evaluated, the embedded store included."""
    for endpoint, _, _ in service_calls(query):
        if endpoint is None:
            raise InputError(f"{source}: SERVICE with an endpoint that is not written as a full <IRI>",
                             hint="statgraph runs SERVICE only to hosts you name with --allow-service HOST, "
                                  "so it must see the endpoint's IRI")
        if not endpoint.startswith(("http://", "https://")):
            raise InputError(f"{source}: SERVICE <{endpoint[:80]}> is not an http(s) endpoint")
        if not _host_allowed(endpoint, allowed):
            host = _host(endpoint) or endpoint[:80]
            raise InputError(f"{source}: the query calls another server (SERVICE <{endpoint[:80]}>); "
                             f"statgraph sends no request to {host} unless you allow it",
                             hint=f"if you trust this query, run it with --allow-service {host.split(':')[0]}")


def without_services(query: str) -> str:
    """The same text with every SERVICE endpoint IRI replaced by a ``urn:`` IRI of the same
    length, so parsing it (which in Oxigraph may already start the call) reaches nothing
    while error positions stay those of the user's text."""
    for endpoint, start, end in reversed(service_calls(query)):
        if endpoint is not None:
            inert = ("urn:x-statgraph-no-service:" + "x" * len(endpoint))[:max(len(endpoint), 5)]
            query = query[:start] + f"<{inert}>" + query[end:]
    return query


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


def prefixes_used(query: str) -> set[str]:
    """The prefixes of the prefixed names a query uses (``sg`` for ``sg:Section``)."""
    return {match.group().split(":", 1)[0] for match in _TOKEN.finditer(query) if match.lastgroup == "pname"}


def query_form(query: str) -> str | None:
    """SELECT, CONSTRUCT, ASK or DESCRIBE: the query's form, read past comments and prefixes."""
    for match in _TOKEN.finditer(query):
        if match.lastgroup == "word" and match.group().upper() in _QUERY_WORDS:
            return match.group().upper()
    return None


def projection(query: str) -> tuple[str, ...]:
    """The variables a SELECT query projects, in order (``(expr AS ?v)`` gives ``v``);
    empty for ``SELECT *`` and for the other forms."""
    columns: list[str] = []
    in_select = False
    depth = 0  # parentheses
    previous = ""
    for match in _TOKEN.finditer(query):
        kind, text = match.lastgroup, match.group()
        if kind == "word" and text.upper() == "SELECT" and not in_select:
            in_select = True
            continue
        if not in_select:
            if kind == "word" and text.upper() in _QUERY_WORDS:
                return ()
            continue
        if kind in ("open", "comment"):
            if kind == "open":
                break
            continue
        if kind == "word" and text.upper() == "WHERE" and depth == 0:
            break
        if text == "(":
            depth += 1
        elif text == ")":
            depth -= 1
        elif text == "*" and depth == 0:
            return ()
        elif kind == "var" and (depth == 0 or previous == "AS"):
            columns.append(text[1:])
        if kind == "word" or kind == "var":
            previous = text.upper()
        elif kind != "other" or not text.isspace():
            previous = text
    return tuple(columns)


def _value_slots(query: str) -> dict[str, list[tuple[int, int]]]:
    """Where each single-variable ``VALUES ?v { … }`` block keeps its rows: (start, end) offsets
    of the text between the braces, by variable name."""
    slots: dict[str, list[tuple[int, int]]] = {}
    state = None  # None, "values" (saw VALUES), ("var", name) (saw VALUES ?name)
    inside: tuple[str, int] | None = None
    for match in _TOKEN.finditer(query):
        kind = match.lastgroup
        if kind == "comment" or (kind == "other" and match.group().isspace()):
            continue
        if inside is not None:
            if kind == "close":
                slots.setdefault(inside[0], []).append((inside[1], match.start()))
                inside = None
            continue
        if kind == "word" and match.group().upper() == "VALUES":
            state = "values"
        elif state == "values" and kind == "var":
            state = ("var", match.group()[1:])
        elif isinstance(state, tuple) and kind == "open":
            inside = (state[1], match.end())
            state = None
        else:
            state = None
    return slots


_OPEN_SLOT = re.compile(r"^[ \t]*(VALUES\s+\?[A-Za-z_][A-Za-z0-9_]*\s*\{\s*UNDEF\s*\})[ \t]*\n?", re.I | re.M)


def drop_open_slots(query: str) -> str:
    """Remove the lines ``VALUES ?v { UNDEF }`` left unbound: each joins as the identity, so the
    answer is the same, and Virtuoso plans a query with one far worse (240 s against 0.1 s
    for framework-goals). Only blocks outside strings and comments are touched."""
    spans = [(m.start(), m.end()) for m in _OPEN_SLOT.finditer(query)
             if _at_code(query, m.start(1))]
    for start, end in reversed(spans):
        query = query[:start] + query[end:]
    return query


def _at_code(query: str, offset: int) -> bool:
    """Whether ``offset`` starts a token of query syntax (not inside a string, IRI or comment)."""
    for match in _TOKEN.finditer(query):
        if match.start() == offset:
            return match.lastgroup == "word"
        if match.start() > offset:
            return False
    return False


def bind_values(query: str, bindings: dict[str, object]) -> str:
    """Return ``query`` with each parameter bound (a list: one row per value).

    The one rule: every single-variable block ``VALUES ?name { … }`` in the query
    is a slot for parameter ``name``, and binding replaces its rows with the
    value's term. A parameter the query has no slot for gets one at the start of
    the WHERE group, one VALUES block per variable (Virtuoso mis-evaluates a
    block binding two variables next to an OPTIONAL).
    """
    if not bindings:
        return drop_open_slots(query)
    for name in bindings:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise InputError(f"not a valid parameter name: {name!r}")
    rows = {name: " ".join(term_to_sparql(t) for t in (v if isinstance(v, list) else [v]))
            for name, v in bindings.items()}
    slots = _value_slots(query)
    edits = sorted(((start, end, f" {rows[name]} ") for name in rows for start, end in slots.get(name, [])),
                   reverse=True)
    for start, end, text in edits:
        query = query[:start] + text + query[end:]
    query = drop_open_slots(query)
    missing = [name for name in rows if name not in slots]
    if missing:
        at = _where_group_start(query)
        block = "".join(f"\n  VALUES ?{name} {{ {rows[name]} }}" for name in missing)
        query = query[:at] + block + "\n" + query[at:]
    return query


def _dataset_clause_offset(query: str) -> int:
    """Where a query's dataset clauses go: before the WHERE of its outermost group (after a
    CONSTRUCT template), that is after the SELECT projection."""
    depth = 0
    form = None
    template_done = False
    for match in _TOKEN.finditer(query):
        kind = match.lastgroup
        if kind == "word" and depth == 0:
            word = match.group().upper()
            if form is None and word in _QUERY_WORDS:
                form = word
            elif word == "WHERE" and form is not None:
                return match.start()
        elif kind == "open":
            if depth == 0 and form is not None and (form != "CONSTRUCT" or template_done):
                return match.start()
            depth += 1
        elif kind == "close":
            depth -= 1
            if depth == 0 and form == "CONSTRUCT":
                template_done = True
    raise InputError("cannot name the dataset: the query has no WHERE group")


def has_dataset_clause(query: str) -> bool:
    """Whether the query names its own dataset (FROM or FROM NAMED; SPARQL allows them nowhere else)."""
    return any(word.upper() == "FROM" for word, _ in keywords(query))


def uses_graph_patterns(query: str) -> bool:
    """Whether the query has a GRAPH pattern (outside strings, IRIs and comments)."""
    return any(m.lastgroup == "word" and m.group().upper() == "GRAPH" for m in _TOKEN.finditer(query))


def with_dataset(query: str, graphs) -> str:
    """The query reading exactly ``graphs``: a ``FROM`` clause for each (the default graph is
    their merge) and, when it has GRAPH patterns, a ``FROM NAMED`` for each; before WHERE."""
    lines = "".join(f"FROM {term_to_sparql(Iri(g))}\n" for g in graphs)
    if uses_graph_patterns(query):  # FROM NAMED only where needed: Virtuoso 7 plans what-if 10x worse with it
        lines += "".join(f"FROM NAMED {term_to_sparql(Iri(g))}\n" for g in graphs)
    at = _dataset_clause_offset(query)
    head = query[:at].rstrip(" \t")
    if not head.endswith("\n"):
        head += "\n"
    return head + lines + query[at:]


# --- update templates (queries/push/*.ru) ----------------------------------------------------

PLACEHOLDER = "urn:statgraph:param:"
TRIPLES_LINE = re.compile(r"^[ \t]*#statgraph:triples[ \t]*\n", re.M)


def fill_template(template: str, iris: dict[str, str], triples: str | None = None) -> str:
    """An update file with its placeholders filled: each IRI ``<urn:statgraph:param:NAME>`` becomes
    the checked, escaped IRI given for NAME, and the line ``#statgraph:triples`` the N-Triples
    lines given (already serialised term by term). For the operations SPARQL gives no
    variables to (DROP, INSERT DATA); the others bind VALUES slots like queries."""
    edits = []
    for match in _TOKEN.finditer(template):
        if match.lastgroup == "iri" and match.group()[1:-1].startswith(PLACEHOLDER):
            name = match.group()[1 + len(PLACEHOLDER):-1]
            if name not in iris:
                raise ValueError(f"no value for the placeholder {name!r}")
            edits.append((match.start(), match.end(), term_to_sparql(Iri(iris[name]))))
    for start, end, text in reversed(edits):
        template = template[:start] + text + template[end:]
    if triples is not None:
        spots = list(TRIPLES_LINE.finditer(template))
        if len(spots) != 1:
            raise ValueError("an update template takes triples at exactly one '#statgraph:triples' line")
        template = template[:spots[0].start()] + triples + template[spots[0].end():]
    return template


def strip_header(text: str) -> str:
    """The text without its leading '#key: value' header lines (for joining operations)."""
    lines = text.splitlines(keepends=True)
    while lines and (lines[0].startswith("#") or not lines[0].strip()):
        lines.pop(0)
    return "".join(lines)
