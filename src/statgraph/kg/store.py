"""The embedded knowledge graph: an Oxigraph store with a named graph per file, plus derived values.

Oxigraph (pyoxigraph) parses and answers SPARQL natively; rdflib graphs are
made on request for the callers that want rdflib's API (export, tests).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from statgraph import bounded
from statgraph.errors import DataFileError, InputError
from statgraph.kg import loader
from statgraph.kg.base import (KnowledgeGraph, Result, natural_key, normalise_lists,  # noqa: F401 (re-exported)
                               prepare)
from statgraph.kg.names import GRAPH_BASE, PREFIXES
from statgraph.kg.queries import NamedQuery, derivation_queries, find_query
from statgraph.kg.sparql import has_dataset_clause
from statgraph.kg.terms import ox_value

DERIVED_GRAPH = GRAPH_BASE + "derived"
_PROV = PREFIXES["prov"]


class EmbeddedGraph(KnowledgeGraph):
    """The ontology, framework, reference data and entries in an in-process Oxigraph store."""

    def __init__(self, store: ox.Store | Callable[[], ox.Store], files: dict[loader.SourceFile, int],
                 derived_count: int, resident: tuple[Path, str] | None = None):
        self._store = store  # or how to open it, when a resident process answers the queries
        self.files = files
        self._derived_count = derived_count
        self.resident = resident  # (folder, key) of the compiled store a resident process holds in memory

    @property
    def store(self) -> ox.Store:
        if not isinstance(self._store, ox.Store):
            self._store = self._store()
        return self._store

    def describe(self) -> str:
        return "embedded store (Oxigraph)"

    def execute(self, prepared: str, source: str) -> Result:
        # A query naming its own dataset (FROM) reads the graphs it names, as on any server;
        # the others read the union of every loaded file.
        union = not has_dataset_clause(prepared)

        def evaluate() -> Result:
            answer = None
            if self.resident and union:  # a resident reads the union, as the queries it serves do
                from statgraph.kg import resident
                answer = resident.ask(*self.resident, prepared)
            if answer is None:  # no resident, or no complete answer from it: the same query here
                answer = self.store.query(prepared, use_default_graph_as_union=union)
            if not isinstance(answer, ox.QuerySolutions):
                kind = "ASK" if isinstance(answer, ox.QueryBoolean) else "CONSTRUCT or DESCRIBE"
                del answer  # dropped in the thread that made it (pyoxigraph's objects stay in their thread)
                raise InputError(f"{source}: only SELECT queries give rows (this one is {kind})")
            try:
                return Result([v.value for v in answer.variables],
                              [[ox_value(value) for value in solution] for solution in answer])
            except OSError as error:  # raised while iterating: keep the answer in this thread
                del answer
                raise InputError(f"{source}: the query failed: {error}") from None
        try:
            return bounded.call(evaluate, self.timeout, f"{source} on the embedded store")
        except OSError as error:  # evaluation errors Oxigraph reports, e.g. a bad SERVICE call
            raise InputError(f"{source}: the query failed: {error}") from None

    def __len__(self) -> int:
        return len(self.store)

    @property
    def derived_count(self) -> int:
        return self._derived_count

    # -- the embedded store only -----------------------------------------------------------

    def construct(self, query: NamedQuery | str, params: dict[str, object] | None = None, /,
                  **values: object):
        """The triples of a named CONSTRUCT query, streamed from the store (never all in memory)."""
        if not isinstance(query, NamedQuery):
            query = find_query(query)
        text = prepare(query.text, query.bindings({**(params or {}), **values}))
        return iter(self.store.query(text, use_default_graph_as_union=True))

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


def derive(store: ox.Store, say: Callable[[str], None] | None = None) -> int:
    """Materialise what follows with certainty into its own, provenance-marked graph.

    Each CONSTRUCT's triples go from the query into the store as N-Triples text, inside
    Oxigraph, rather than as a Python object per derived triple (1.8 million at 51 × 2,000):
    the same derived graph, byte for byte, in 30.1 s instead of 35.7 s at 51 × 200 (one run
    each, busy machine)."""
    derived = ox.NamedNode(DERIVED_GRAPH)
    activity = ox.NamedNode(DERIVED_GRAPH + "#derivation")
    queries = derivation_queries()
    quads = []
    for number, query in enumerate(queries, start=1):  # in file order; each sees what the ones before derived
        if say:
            say(f"deriving {query.name.removeprefix('derive/')} ({number}/{len(queries)})")
        text = prepare(query.text)

        def construct(text: str = text) -> None:
            found = store.query(text, use_default_graph_as_union=True).serialize(format=ox.RdfFormat.N_TRIPLES)
            store.load(found, format=ox.RdfFormat.N_TRIPLES, to_graph=derived)

        bounded.call(construct, what=f"deriving {query.name}")
        quads.append(ox.Quad(activity, ox.NamedNode(_PROV + "used"),
                             ox.Literal(f"queries/{query.name}.rq"), derived))
    quads += [
        ox.Quad(derived, ox.NamedNode(PREFIXES["rdf"] + "type"), ox.NamedNode(_PROV + "Entity"), derived),
        ox.Quad(derived, ox.NamedNode(_PROV + "wasGeneratedBy"), activity, derived),
        ox.Quad(activity, ox.NamedNode(PREFIXES["rdf"] + "type"), ox.NamedNode(_PROV + "Activity"), derived),
        ox.Quad(activity, ox.NamedNode(PREFIXES["rdfs"] + "comment"),
                ox.Literal("Values computed by statgraph from published facts; see the derive queries."),
                derived),
    ]
    store.extend(quads)
    return bounded.call(lambda: sum(1 for _ in store.quads_for_pattern(None, None, None, derived)),
                        what="counting the derived values")


def fill(store: ox.Store, files: list[loader.SourceFile], say: Callable[[str], None] | None = None) -> dict:
    """Parse every file into its named graph, derive, and describe what was loaded
    (with the entries' trespasses, see statgraph.kg.ownership, and the triples a file restates
    dropped, see statgraph.kg.restatements). ``say`` reports progress."""
    from statgraph.kg import ownership, restatements
    counts = {}
    if say and not getattr(say, "live", True):  # a log: one line for the files, not one each
        say(f"reading {len(files)} files")
    for number, source in enumerate(files, start=1):
        if say and getattr(say, "live", True):
            say(f"reading {source.display_name} ({number}/{len(files)} files)")
        loader.read_into_oxigraph(source, store)
        counts[source.graph] = sum(1 for _ in store.quads_for_pattern(None, None, None, ox.NamedNode(source.graph)))
        if counts[source.graph] == 0 and source.role == "entry":
            raise DataFileError(source.display_name, "holds no triples",
                                hint="an entry file holds Turtle statements")
    entries = [f.graph for f in files if f.role == "entry"]
    if say:
        say("checking what each entry states")
    owners, copies = {}, {}
    found = ownership.trespasses_in_store(store, entries, owners=owners, restated=copies)
    trespasses = {graph: [[t.triple_text(), t.reason] for t in listed] for graph, listed in found.items()}
    restated = restatements.drop_restated(store, entries, owners, copies, counts)
    for item in restated:
        counts[item.graph] -= item.count
    return {"counts": counts, "conflicts": card_conflicts(store), "derived": derive(store, say),
            "trespasses": trespasses, "restated": [[item.graph, item.earlier, item.count] for item in restated]}


def card_conflicts(store: ox.Store) -> list[str]:
    """What would make a report card count twice (queries/kg/card-conflicts.rq), as sentences."""
    from statgraph.kg.names import compact_iri

    def name(term) -> str:
        if isinstance(term, ox.BlankNode):
            return "a node without an IRI"
        return compact_iri(term.value) if isinstance(term, ox.NamedNode) else term.value

    text = prepare(find_query("kg/card-conflicts").text)
    rows = bounded.call(lambda: [[s[v] for v in ("what", "subject", "key", "count")]
                                 for s in store.query(text, use_default_graph_as_union=True)],
                        what="checking the report cards")
    return [f"{count.value} {what.value} {name(key)} on {name(subject)}" for what, subject, key, count in rows]


def _refuse_conflicts(kg: EmbeddedGraph, meta: dict) -> None:
    """Stop a load in which a report card would count twice: gaps, what-if and the rest would
    answer wrong, silently (validate reports the same faults with their rules)."""
    found = meta.get("conflicts")
    if found is None:  # a store compiled before this check
        found = card_conflicts(kg.store)
    if found:
        more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
        raise InputError(f"the loaded entries hold {found[0]}{more}: a report card would count twice",
                         hint="'statgraph validate FILE --data …' names the nodes and files; keep one of each")


def _note_restated(meta: dict, files: list[loader.SourceFile]) -> None:
    """Say, once, which files restated facts another loaded file states (each counted once)."""
    if not meta.get("restated"):
        return
    from statgraph.kg import cache as compiled
    names = {f.graph: f.display_name for f in files}
    for graph, earlier, count in meta.get("restated", ()):
        compiled.note(f"{names.get(earlier, earlier)} and {names.get(graph, graph)} both state the same "
                      f"{count} triple{'s' * (count != 1)}; each is counted once")


def _refuse_trespass(kg: EmbeddedGraph, meta: dict, files: list[loader.SourceFile]) -> None:
    found = meta.get("trespasses")
    if found is not None and not any(found.values()):
        return  # recorded when compiled: nothing to refuse (and nothing more to import)
    from statgraph.kg import ownership
    if found is None:  # a store compiled before the ownership rule: check it now
        found = ownership.trespasses_in_store(kg.store, [f.graph for f in files if f.role == "entry"])
    else:
        found = {graph: [ownership.Recorded(*pair) for pair in listed] for graph, listed in found.items()}
    ownership.refuse(found, {f.graph: f.display_name for f in files})


def load(data: list[str | Path] | None = None, cache: bool | None = None, *,
         entries: list[loader.SourceFile] | None = None, refuse_trespass: bool = True,
         resident_process: bool = False) -> EmbeddedGraph:
    """Load the ontology, framework and reference data with the bundled or given entries.

    For large inputs (see statgraph.kg.cache), a store compiled from the same file
    contents is opened instead of parsing again; ``cache`` forces it on or off.
    ``entries`` gives the entry files directly. An entry that states facts it does
    not own (statgraph.kg.ownership) stops the load unless ``refuse_trespass`` is
    False (validation, which reports them). With ``resident_process`` (commands), a
    compiled store opened a second time is also copied into memory by a resident
    process that later loads reach (statgraph.kg.resident)."""
    from statgraph.kg import cache as compiled

    from statgraph import limits

    files = loader.foundation_files() + entries if entries is not None else loader.select_files(data)
    input_bytes = sum(f.size for f in files)

    def filled(store: ox.Store) -> dict:  # parsing and deriving, all in one hand-off to the engine thread
        say = _progress(input_bytes)
        return bounded.call(lambda: fill(store, files, say), what="loading the graph")

    limits.require_possible(input_bytes, limits.LOAD_FACTOR, "loading the graph")
    found = None
    served = None  # (folder, key) when a resident process answers for this store
    if compiled.wanted(files, resident_process) if cache is None else cache:
        from statgraph.kg import resident
        try:
            key = compiled.fingerprint(files)
            folder = compiled.root() / f"store-{key}"
            if resident_process and resident.enabled() and resident.serving(folder):
                served = (folder, key)
            found = compiled.open_store(key, opened=served is None)
            if found is None:
                served = None
            elif resident_process and served is None and resident.enabled():
                resident.start(folder, key)  # for the commands after this one
        except OSError as error:  # an unreadable input says so below; a cache folder we cannot use is skipped
            compiled.note(f"the compiled-store cache cannot be used ({error.strerror or error}); going on "
                          "without it")
            key = None
        if found is None and key is not None:
            limits.require_memory(input_bytes, limits.LOAD_FACTOR, "loading the graph")
            if compiled.building(key):  # another command compiles it now: answer without waiting
                pass
            elif limits.fits(input_bytes, limits.CACHE_BUILD_FACTOR):
                found = compiled.save_store(key, filled, input_bytes,
                                            [f.display_name for f in files if f.role == "entry"],
                                            background=resident_process and input_bytes >= compiled.MIN_BYTES)
            else:  # compiling needs two copies at once: load in memory only, and say why
                compiled.note("not caching this input: compiling it needs more memory than is free now")
    if found is None:
        limits.require_memory(input_bytes, limits.LOAD_FACTOR, "loading the graph")
        store = ox.Store()
        meta = filled(store)
    else:
        store, meta = found
    if served is not None:
        store = functools.partial(_open_or_parse, store, filled)
    graph = EmbeddedGraph(store, {f: meta["counts"].get(f.graph, 0) for f in files}, meta["derived"], served)
    if refuse_trespass:
        _refuse_trespass(graph, meta, files)
        _refuse_conflicts(graph, meta)
    _note_restated(meta, files)
    return graph


PROGRESS_BYTES = 2_000_000  # about 2 s to parse and derive: progress in a terminal
LOGGED_PROGRESS_BYTES = 20_000_000  # about 20 s: progress in a log too


def _progress(input_bytes: int) -> Callable[[str], None] | None:
    """A progress line for a load long enough to watch (on standard error), or None."""
    if input_bytes < PROGRESS_BYTES:
        return None
    from statgraph import progress
    return progress.reporter("loading", always=input_bytes >= LOGGED_PROGRESS_BYTES)


def _open_or_parse(opener: Callable[[], ox.Store], filled: Callable[[ox.Store], dict]) -> ox.Store:
    """The compiled store a resident process serves, for a query it did not answer; parsed again
    if the store went away meanwhile (statgraph cache --clear)."""
    try:
        return opener()
    except (OSError, RuntimeError):
        store = ox.Store()
        filled(store)
        return store
