"""The one interface every knowledge graph statgraph reads implements.

The embedded store (:class:`statgraph.kg.store.EmbeddedGraph`) and a SPARQL
endpoint (:class:`statgraph.kg.remote.RemoteGraph`) differ only in how a
prepared query text is executed; everything else — refusing updates, adding
prefixes, binding parameters, checking syntax, running named queries,
knowing the loaded jurisdictions — is written once, here. Analyses take a
``KnowledgeGraph``, so a feature works on both or on neither.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from dataclasses import dataclass
from functools import cached_property

from statgraph.errors import InputError
from statgraph.kg.names import sparql_prologue
from statgraph.kg.queries import JURISDICTION_CODE, NamedQuery, find_query, normalise_code
from statgraph.kg.sparql import bind_values, prefixes_used, refuse_services, refuse_updates, without_services


@dataclass
class Result:
    """Rows of a SELECT query: column names and plain Python values (None where unbound)."""

    columns: list[str]
    rows: list[list[object]]

    def records(self) -> list[dict[str, object]]:
        return [dict(zip(self.columns, row)) for row in self.rows]


def _undeclared_prefixes(text: str) -> set[str]:
    """Shared prefixes the query uses but does not declare (a user's file may rely on them)."""
    declared = set(re.findall(r"(?im)^\s*PREFIX\s+([A-Za-z][\w.-]*)?:", text))
    return prefixes_used(text) - declared


def _prologue(query_text: str) -> str:
    return sparql_prologue(_undeclared_prefixes(query_text))


def prepare(query_text: str, bindings: dict | None = None) -> str:
    """The full query text as sent to an engine: the bound query, after PREFIX lines for any
    shared prefix it uses without declaring. Bundled queries declare their own, so for
    them this is the file's text with its parameters bound."""
    return _prologue(query_text) + bind_values(query_text, bindings or {})


def syntax_error(error: SyntaxError, query_text: str, source: str) -> InputError:
    """Oxigraph's complaint, positioned in the user's own text (without the added prefixes)."""
    prologue_lines = _prologue(query_text).count("\n")
    message = str(error)
    where = re.match(r"error at (\d+):(\d+): (.*)", message, re.S)
    if where:
        line, column, detail = int(where[1]) - prologue_lines, int(where[2]), where[3]
        lines = query_text.rstrip().splitlines() or [""]
        if line > len(lines):  # the parser ran off the end: point at the end of the last line
            line, column, detail = len(lines), len(lines[-1]) + 1, f"unexpected end of query ({detail})"
        return InputError(f"{source}, line {line}, column {column}: SPARQL syntax error: {detail}")
    return InputError(f"{source}: SPARQL syntax error: {message}")


def check_syntax(prepared: str, query_text: str, source: str) -> None:
    """Parse the query without evaluating it. Oxigraph has no parse-only call, and asking an
    empty store is not enough: it starts a SERVICE call as soon as it is asked (measured with
    a local listener), so every SERVICE endpoint is first replaced by an inert ``urn:`` IRI."""
    import pyoxigraph as ox
    try:
        ox.Store().query(without_services(prepared))
    except SyntaxError as error:
        raise syntax_error(error, query_text, source) from None


def natural_key(text: str) -> list:
    """Sort key that orders 566.210 before 566.211 and 210.125 before 210.1500."""
    return [(0, int(part), "") if part.isdigit() else (1, 0, part)
            for part in re.split(r"(\d+)", str(text)) if part]


def normalise_lists(result: Result, list_columns: frozenset[str]) -> Result:
    """Sort '; '-joined list cells so every engine's GROUP_CONCAT order gives the same text."""
    indexes = [i for i, c in enumerate(result.columns) if c in list_columns]
    if not indexes:
        return result
    rows = []
    for row in result.rows:
        row = list(row)
        for i in indexes:
            if isinstance(row[i], str) and row[i]:
                row[i] = "; ".join(sorted(set(row[i].split("; ")), key=natural_key))
            elif row[i] is None:
                row[i] = ""
        rows.append(row)
    return Result(result.columns, rows)


class KnowledgeGraph(ABC):
    """A graph statgraph can ask: the embedded store or a SPARQL endpoint.

    ``files`` maps each loaded file to its triple count (empty for an endpoint)."""

    files: dict
    # Hosts a query may call with SERVICE (--allow-service); none unless the user names them.
    allowed_services: frozenset[str] = frozenset()
    # Seconds a query may run (--timeout); None: no limit (Ctrl-C and SIGTERM still stop it).
    timeout: float | None = None

    # -- what each kind of graph provides ------------------------------------------------

    @abstractmethod
    def describe(self) -> str:
        """Where the answers come from, for people: 'embedded store (Oxigraph)', 'endpoint URL'."""

    @abstractmethod
    def execute(self, prepared: str, source: str) -> Result:
        """Run a complete, bound, syntax-checked SELECT text and return its rows."""

    @abstractmethod
    def __len__(self) -> int:
        """Triples held, derived ones included."""

    @property
    @abstractmethod
    def derived_count(self) -> int:
        """Triples in the derived graph."""

    # -- written once for every graph ----------------------------------------------------

    def select(self, query_text: str, bindings: dict | None = None, source: str = "query",
               bundled: bool = False) -> Result:
        """Run SELECT text with parameters already converted to RDF terms. A ``bundled`` query's
        syntax is not checked again (2 ms a query; the tests parse every one, and values are bound
        as escaped terms)."""
        refuse_updates(query_text, source)
        refuse_services(query_text, source, self.allowed_services)
        prepared = prepare(query_text, bindings)
        if not bundled:
            check_syntax(prepared, query_text, source)
        return self.execute(prepared, source)

    def run(self, query: NamedQuery | str, params: dict[str, object] | None = None, /,
            **values: object) -> Result:
        """Run a named query (or a .rq file) with parameter values as Python values or text.

        ``kg.run("goal-status", state="MO", year=2023)`` and
        ``kg.run("goal-status", {"state": "mo", "year": "2023"})`` are the same call.
        A jurisdiction parameter must name a loaded jurisdiction."""
        if not isinstance(query, NamedQuery):
            query = find_query(query)
        given = {**(params or {}), **values}
        bindings = query.bindings(given)
        for param in query.params:
            if param.type == "jurisdiction" and param.name in given and given[param.name] is not None:
                codes = given[param.name] if param.is_list and not isinstance(given[param.name], str) \
                    else [given[param.name]]
                for code in codes:
                    self.require_state(code)
        result = self.select(query.text, bindings, source=query.path.name, bundled=query.bundled)
        return normalise_lists(result, query.list_columns)

    def prepared_text(self, query: NamedQuery | str, params: dict[str, object] | None = None) -> str:
        """Exactly the text :meth:`run` would send for a named query and parameters."""
        if not isinstance(query, NamedQuery):
            query = find_query(query)
        return prepare(query.text, query.bindings(params))

    @cached_property
    def _jurisdictions(self) -> list[str]:
        return [str(row[0]) for row in self.run("kg/jurisdictions").rows]

    def jurisdictions(self) -> list[str]:
        """Codes of the loaded jurisdictions, sorted."""
        return list(self._jurisdictions)

    def require_state(self, state: object) -> str:
        """The jurisdiction code as stored (upper case), or an error listing the loaded ones."""
        code = normalise_code(str(state))
        codes = self._jurisdictions
        if code not in codes:
            shown = code if len(code) <= 40 else code[:39] + "…"
            hint = f"loaded jurisdictions: {', '.join(codes) or 'none'}"
            if not JURISDICTION_CODE.fullmatch(code):
                hint = "a jurisdiction code is 2–6 capital letters or digits, e.g. MO; " + hint
            raise InputError(f"unknown state {shown!r}", hint=hint)
        return code
