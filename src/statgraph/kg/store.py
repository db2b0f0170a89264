"""The loaded knowledge graph: an Oxigraph store with a named graph per file, plus derived values.

Oxigraph (pyoxigraph) parses and answers SPARQL natively; rdflib graphs are
made on request for the callers that want rdflib's API (export, tests).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from statgraph.kg import loader
from statgraph.errors import DataFileError, InputError
from statgraph.kg.names import GRAPH_BASE, PREFIXES, sparql_prologue
from statgraph.kg.queries import NamedQuery, derivation_queries, find_query
from statgraph.kg.sparql import bind_values, refuse_updates
from statgraph.kg.terms import ox_value

DERIVED_GRAPH = GRAPH_BASE + "derived"
_PROV = PREFIXES["prov"]


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


def syntax_error(error: SyntaxError, query_text: str, source: str) -> InputError:
    """Oxigraph's complaint, positioned in the user's own text (without the added prefixes)."""
    prologue_lines = sparql_prologue(_declared_prefixes(query_text)).count("\n")
    message = str(error)
    where = re.match(r"error at (\d+):(\d+): (.*)", message, re.S)
    if where:
        line, column, detail = int(where[1]) - prologue_lines, int(where[2]), where[3]
        lines = query_text.rstrip().splitlines()
        if line > len(lines):  # the parser ran off the end: point at the end of the last line
            line, column, detail = len(lines), len(lines[-1]) + 1, f"unexpected end of query ({detail})"
        return InputError(f"{source}, line {line}, column {column}: SPARQL syntax error: {detail}")
    return InputError(f"{source}: SPARQL syntax error: {message}")


class KnowledgeGraph:
    """The ontology, framework, reference data and entries, queryable with SPARQL."""

    def __init__(self, store: ox.Store, files: dict[loader.SourceFile, int], derived_count: int):
        self.store = store
        self.files = files
        self.derived_count = derived_count

    # -- querying ---------------------------------------------------------------

    def select(self, query_text: str, bindings: dict | None = None, source: str = "query") -> Result:
        refuse_updates(query_text, source)
        try:
            answer = self.store.query(prepare(query_text, bindings), use_default_graph_as_union=True)
        except SyntaxError as error:
            raise syntax_error(error, query_text, source) from None
        except OSError as error:  # evaluation errors Oxigraph reports, e.g. a bad SERVICE call
            raise InputError(f"{source}: the query failed: {error}") from None
        if not isinstance(answer, ox.QuerySolutions):
            kind = "ASK" if isinstance(answer, ox.QueryBoolean) else "CONSTRUCT or DESCRIBE"
            raise InputError(f"{source}: only SELECT queries give rows (this one is {kind})")
        columns = [v.value for v in answer.variables]
        rows = [[ox_value(value) for value in solution] for solution in answer]
        return Result(columns, rows)

    def run(self, query: NamedQuery | str, params: dict[str, str] | None = None) -> Result:
        """Run a named query (or a .rq path) with the user's parameter values (as typed)."""
        if isinstance(query, str):
            query = find_query(query)
        result = self.select(query.text, query.bindings(params or {}), source=str(query.path.name))
        return normalise_lists(result, query.list_columns)

    # -- facts about what is loaded ----------------------------------------------

    def __len__(self) -> int:
        return len(self.store)

    def graph(self, name: str):
        """One named graph as an rdflib Graph."""
        from rdflib import Graph, URIRef

        from statgraph.kg.oxigraph import from_ox
        graph = Graph(identifier=URIRef(name))
        for quad in self.store.quads_for_pattern(None, None, None, ox.NamedNode(str(name))):
            graph.add((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)))
        return graph

    def union_graph(self, include_derived: bool = True):
        """Every file's triples (and the derived ones) merged into one rdflib Graph."""
        from rdflib import Graph

        from statgraph.kg.oxigraph import from_ox
        graph = Graph()
        for quad in self.store:
            if include_derived or quad.graph_name.value != DERIVED_GRAPH:
                graph.add((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)))
        return graph

    def derived_ntriples(self) -> bytes:
        """The derived values (queries/derive/) as N-Triples, e.g. for another engine to load."""
        return self.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(DERIVED_GRAPH))

    def describe(self) -> str:
        return "embedded store (Oxigraph)"

    def require_state(self, state: str) -> str:
        """The jurisdiction code as stored (upper case), or an error listing the loaded ones."""
        code = state.strip().upper()
        codes = self.jurisdiction_codes()
        if code not in codes:
            raise InputError(f"unknown state {code!r}", hint=f"loaded jurisdictions: {', '.join(codes) or 'none'}")
        return code

    def jurisdiction_codes(self) -> list[str]:
        return [str(r[0]) for r in self.select(
            "SELECT DISTINCT ?code WHERE { ?j a sg:Jurisdiction ; sg:code ?code } ORDER BY ?code").rows]


def natural_key(text: str) -> list:
    """Sort key that orders 566.210 before 566.211 and 210.125 before 210.1500."""
    return [(0, int(part), "") if part.isdigit() else (1, 0, part)
            for part in re.split(r"(\d+)", text) if part]


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


def derive(store: ox.Store) -> int:
    """Materialise what follows with certainty into its own, provenance-marked graph."""
    derived = ox.NamedNode(DERIVED_GRAPH)
    activity = ox.NamedNode(DERIVED_GRAPH + "#derivation")
    quads = []
    for query in derivation_queries():
        answer = store.query(prepare(query.text), use_default_graph_as_union=True)
        quads += [ox.Quad(t.subject, t.predicate, t.object, derived) for t in answer]
        quads.append(ox.Quad(activity, ox.NamedNode(_PROV + "used"),
                             ox.Literal(f"queries/derive/{query.path.name}"), derived))
    quads += [
        ox.Quad(derived, ox.NamedNode(PREFIXES["rdf"] + "type"), ox.NamedNode(_PROV + "Entity"), derived),
        ox.Quad(derived, ox.NamedNode(_PROV + "wasGeneratedBy"), activity, derived),
        ox.Quad(activity, ox.NamedNode(PREFIXES["rdf"] + "type"), ox.NamedNode(_PROV + "Activity"), derived),
        ox.Quad(activity, ox.NamedNode(PREFIXES["rdfs"] + "comment"),
                ox.Literal("Values computed by statgraph from published facts; see the derive queries."),
                derived),
    ]
    store.bulk_extend(quads)
    return len(set(quads))


def fill(store: ox.Store, files: list[loader.SourceFile]) -> dict:
    """Parse every file into its named graph, derive, and describe what was loaded
    (with the entries' trespasses, see statgraph.kg.ownership)."""
    from statgraph.kg import ownership
    counts = {}
    for source in files:
        loader.read_into_oxigraph(source, store)
        counts[source.graph] = sum(1 for _ in store.quads_for_pattern(None, None, None, ox.NamedNode(source.graph)))
        if counts[source.graph] == 0 and source.role == "entry":
            raise DataFileError(source.display_name, "holds no triples",
                                hint="an entry file holds Turtle statements")
    entries = [f.graph for f in files if f.role == "entry"]
    found = ownership.trespasses_in_store(store, entries)
    trespasses = {graph: [[t.triple_text(), t.reason] for t in listed] for graph, listed in found.items()}
    return {"counts": counts, "derived": derive(store), "trespasses": trespasses}


def _refuse_trespass(store: ox.Store, meta: dict, files: list[loader.SourceFile]) -> None:
    from statgraph.kg import ownership
    found = meta.get("trespasses")
    if found is None:  # a store compiled before the ownership rule: check it now
        found = ownership.trespasses_in_store(store, [f.graph for f in files if f.role == "entry"])
    else:
        found = {graph: [ownership.Recorded(*pair) for pair in listed] for graph, listed in found.items()}
    ownership.refuse(found, {f.graph: f.display_name for f in files})


def load(data: list[str | Path] | None = None, cache: bool | None = None, *,
         entries: list[loader.SourceFile] | None = None, refuse_trespass: bool = True) -> KnowledgeGraph:
    """Load the ontology, framework and reference data with the bundled or given entries.

    For large inputs (see statgraph.kg.cache), a store compiled from the same file
    contents is opened instead of parsing again; ``cache`` forces it on or off.
    ``entries`` gives the entry files directly. An entry that states facts it does
    not own (statgraph.kg.ownership) stops the load unless ``refuse_trespass`` is
    False (validation, which reports them)."""
    from statgraph.kg import cache as compiled

    files = loader.foundation_files() + entries if entries is not None else loader.select_files(data)
    found = None
    if compiled.wanted(files) if cache is None else cache:
        key = compiled.fingerprint(files)
        found = compiled.open_store(key) or compiled.save_store(key, lambda store: fill(store, files))
    if found is None:
        store = ox.Store()
        meta = fill(store, files)
    else:
        store, meta = found
    if refuse_trespass:
        _refuse_trespass(store, meta, files)
    return KnowledgeGraph(store, {f: meta["counts"].get(f.graph, 0) for f in files}, meta["derived"])
