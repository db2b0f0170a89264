"""The loaded knowledge graph: one rdflib Dataset, a named graph per file, plus derived values."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pyparsing import ParseException
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS

from . import loader
from .errors import InputError
from .queries import NamedQuery, derivation_queries, find_query
from .sparql import bind_values, python_value
from .vocab import GRAPH_BASE, sparql_prologue

DERIVED_GRAPH = URIRef(GRAPH_BASE + "derived")


@dataclass
class Result:
    """Rows of a SELECT query: column names and plain Python values (None where unbound)."""

    columns: list[str]
    rows: list[list[object]]

    def records(self) -> list[dict[str, object]]:
        return [dict(zip(self.columns, row)) for row in self.rows]


def _declared_prefixes(text: str) -> set[str]:
    return set(re.findall(r"(?im)^\s*PREFIX\s+([A-Za-z][\w.-]*)?:", text))


def prepare(query_text: str, bindings: dict | None = None) -> str:
    """The full query text as sent to an engine: shared prefixes, then the bound query."""
    return sparql_prologue(_declared_prefixes(query_text)) + bind_values(query_text, bindings or {})


class KnowledgeGraph:
    """The ontology, framework, reference data and entries, queryable with SPARQL."""

    def __init__(self, dataset: Dataset, files: dict[loader.SourceFile, int]):
        self.dataset = dataset
        self.files = files
        self._derive()

    # -- derived values ---------------------------------------------------------

    def _derive(self) -> None:
        """Materialise what follows with certainty into its own, provenance-marked graph."""
        derived = self.dataset.graph(DERIVED_GRAPH)
        activity = URIRef(DERIVED_GRAPH + "#derivation")
        for query in derivation_queries():
            for triple in self.dataset.query(prepare(query.text)).graph:
                derived.add(triple)
            derived.add((activity, PROV.used, Literal(f"queries/derive/{query.path.name}")))
        derived.add((DERIVED_GRAPH, RDF.type, PROV.Entity))
        derived.add((DERIVED_GRAPH, PROV.wasGeneratedBy, activity))
        derived.add((activity, RDF.type, PROV.Activity))
        derived.add((activity, RDFS.comment, Literal(
            "Values computed by statgraph from published facts; see the derive queries.")))

    # -- querying ---------------------------------------------------------------

    def select(self, query_text: str, bindings: dict | None = None,
               source: str = "query") -> Result:
        try:
            result = self.dataset.query(prepare(query_text, bindings))
        except ParseException:
            raise _syntax_error(query_text, source) from None
        if result.type != "SELECT":
            raise InputError(f"{source}: only SELECT queries give rows (this one is {result.type})")
        columns = [str(v) for v in result.vars]
        rows = [[python_value(value) for value in row] for row in result]
        return Result(columns, rows)

    def run(self, query: NamedQuery | str, params: dict[str, str] | None = None) -> Result:
        """Run a named query (or a .rq path) with the user's parameter values (as typed)."""
        if isinstance(query, str):
            query = find_query(query)
        result = self.select(query.text, query.bindings(params or {}), source=str(query.path.name))
        return _normalise_lists(result, query.list_columns)

    # -- facts about what is loaded ----------------------------------------------

    def __len__(self) -> int:
        return sum(len(self.dataset.graph(f.graph)) for f in self.files) + len(
            self.dataset.graph(DERIVED_GRAPH))

    def union_graph(self, include_derived: bool = True) -> Graph:
        graph = Graph()
        for f in self.files:
            graph += self.dataset.graph(f.graph)
        if include_derived:
            graph += self.dataset.graph(DERIVED_GRAPH)
        return graph

    def jurisdiction_codes(self) -> list[str]:
        return [str(r[0]) for r in self.select(
            "SELECT DISTINCT ?code WHERE { ?j a sg:Jurisdiction ; sg:code ?code } ORDER BY ?code").rows]


def _syntax_error(query_text: str, source: str) -> InputError:
    """The parser's complaint, positioned in the user's own text (without added prefixes)."""
    from rdflib.plugins.sparql import prepareQuery

    prologue = sparql_prologue(_declared_prefixes(query_text))
    try:
        prepareQuery(prologue + query_text)
    except ParseException as error:
        line = error.lineno - prologue.count("\n")
        return InputError(f"{source}, line {line}, column {error.col}: SPARQL syntax error: {error.msg}",
                          hint=f"near: {error.line.strip()[:80]!r}")
    return InputError(f"{source}: SPARQL syntax error")


def natural_key(text: str) -> list:
    """Sort key that orders 566.210 before 566.211 and 210.125 before 210.1500."""
    return [(0, int(part), "") if part.isdigit() else (1, 0, part)
            for part in re.split(r"(\d+)", text) if part]


def _normalise_lists(result: Result, list_columns: frozenset[str]) -> Result:
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
        rows.append(row)
    return Result(result.columns, rows)


def load(data: list[str | Path] | None = None) -> KnowledgeGraph:
    """Load the ontology, framework and reference data with the bundled or given entries."""
    dataset, counts = loader.load_dataset(loader.select_files(data))
    return KnowledgeGraph(dataset, counts)

