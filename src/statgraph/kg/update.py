"""SPARQL 1.1 Update text that statgraph will apply to a copy of the graph, and nothing else.

An amendment is a change to one jurisdiction's statute facts: ``INSERT DATA``,
``DELETE DATA``, ``DELETE WHERE`` and ``DELETE/INSERT … WHERE``, over the
default graph of a scratch store. Everything that reaches further is refused
before any of it runs: ``LOAD`` (fetches a document), ``SERVICE`` (asks another
endpoint), the graph-management operations (``CLEAR``, ``DROP``, ``CREATE``,
``ADD``, ``MOVE``, ``COPY``) and named graphs (``GRAPH``, ``WITH``, ``USING``:
the copy has none, so a change written there would silently change nothing).

Relative IRIs resolve against statgraph's data base, as in the entry files
(``<us-mo/protection/491.680>``), and the shared prefixes (``sg:``, ``eli:`` …)
may be used without declaring them.
"""

from __future__ import annotations

import re

import pyoxigraph as ox

from statgraph import bounded
from statgraph.errors import InputError
from statgraph.kg.base import syntax_error
from statgraph.kg.names import ID_BASE, sparql_prologue
from statgraph.kg.sparql import keywords, prefixes_used

# What an amendment may not do, and why (for the message).
REFUSED = {
    "LOAD": "it fetches a document from outside",
    "SERVICE": "it asks another SPARQL endpoint",
    "CLEAR": "it empties whole graphs", "DROP": "it removes whole graphs", "CREATE": "it creates graphs",
    "ADD": "it copies whole graphs", "MOVE": "it moves whole graphs", "COPY": "it copies whole graphs",
    "GRAPH": "it names a graph (an amendment changes one entry, which has none)",
    "WITH": "it names a graph (an amendment changes one entry, which has none)",
    "USING": "it names a graph (an amendment changes one entry, which has none)",
}
_MAX_DETAIL = 160


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def refuse_unsafe(text: str, source: str) -> None:
    """Stop an Update that would reach outside the copy it is applied to, naming line and column."""
    for word, offset in keywords(text):
        word = word.upper()
        if word in REFUSED:
            line, column = _position(text, offset)
            raise InputError(f"{source}, line {line}, column {column}: {word} is not allowed in an amendment: "
                             f"{REFUSED[word]}",
                             hint="an amendment is INSERT DATA, DELETE DATA or DELETE/INSERT … WHERE over the "
                                  "state's statute facts")


def refuse_queries(text: str, source: str) -> None:
    """A query (SELECT, ASK …) given where an Update belongs: say so, rather than the parser's complaint."""
    for word, offset in keywords(text):
        if word.upper() in ("PREFIX", "BASE"):
            continue
        if word.upper() in ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE"):
            line, column = _position(text, offset)
            raise InputError(f"{source}, line {line}, column {column}: this is a SPARQL query ({word.upper()}), "
                             f"not an Update", hint="an amendment is INSERT DATA, DELETE DATA or "
                                                    "DELETE/INSERT … WHERE")
        return


def prepare_update(text: str) -> str:
    """The Update as it is applied: PREFIX lines for the shared prefixes it uses undeclared, then the text."""
    declared = set(re.findall(r"(?im)^\s*PREFIX\s+([A-Za-z][\w.-]*)?:", text))
    return sparql_prologue(prefixes_used(text) - declared) + text


def _short_syntax_error(error: SyntaxError, text: str, source: str) -> InputError:
    """Oxigraph's complaint, positioned in the user's text; its long 'expected one of' lists cut short."""
    found = syntax_error(error, text, source)
    if len(found.message) > len(source) + _MAX_DETAIL:
        found = InputError(found.message[: len(source) + _MAX_DETAIL].rstrip() + " …", found.hint)
    return found


def check(text: str, source: str) -> str:
    """Refuse what reaches outside, parse without touching any data, and return the text to apply."""
    refuse_unsafe(text, source)
    refuse_queries(text, source)
    prepared = prepare_update(text)
    try:
        ox.Store().update(prepared, base_iri=ID_BASE)  # an empty store: parses, and changes nothing that matters
    except SyntaxError as error:
        raise _short_syntax_error(error, text, source) from None
    except OSError as error:
        raise InputError(f"{source}: the Update failed: {error}") from None
    return prepared


def apply(store: ox.Store, prepared: str, source: str, timeout: float | None = None) -> None:
    """Run a checked Update (see :func:`check`) on a scratch store's default graph, where
    Ctrl-C, SIGTERM and ``timeout`` can stop it (an Update's WHERE can be as heavy as a query's)."""
    try:
        bounded.call(lambda: store.update(prepared, base_iri=ID_BASE), timeout, f"the Update {source}")
    except (SyntaxError, OSError, ValueError) as error:
        raise InputError(f"{source}: the Update failed: {error}") from None
