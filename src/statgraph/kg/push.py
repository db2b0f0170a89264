"""push: put the loaded graph on a SPARQL 1.1 server, replacing statgraph's data there as a whole.

How a push keeps the server answering one dataset at a time:

1. stage: every file's triples (merged into one graph) and the derived values are uploaded
   under new names, ``https://w3id.org/statgraph/graph/push/GENERATION/files`` and
   ``…/derived``, in batches of INSERT
   DATA (queries/push/insert-data.ru). statgraph's queries read only the graphs
   the manifest names (statgraph.kg.remote), so nothing staged is visible to them;
2. check: the query endpoint must see every staged graph whole
   (queries/push/graph-sizes.rq), else the push stops and says what to change;
3. switch: one SPARQL Update operation replaces the manifest graph's statements
   with the new graphs (queries/push/switch.ru). One operation, because servers
   apply the operations of one request one by one (Virtuoso 7, measured);
4. clean up: every other graph under ``https://w3id.org/statgraph/graph/`` is
   dropped — earlier pushes, pushes that failed, and graphs of older statgraph
   versions. No other graph is ever touched.

A failure or an interruption before the switch leaves the old dataset answering
(the staged graphs are dropped when the server can still be reached); after it,
the new one. If the switch itself fails, the manifest is read back to tell which,
and the message says so. Updates are never retried.

Credentials and transport rules: statgraph.kg.transport.
"""

from __future__ import annotations

import datetime
import secrets
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache

import pyoxigraph as ox

from statgraph import resources
from statgraph.errors import EnvironmentFailure, StatgraphError
from statgraph.kg.base import prepare
from statgraph.kg.names import GRAPH_BASE
from statgraph.kg.queries import NamedQuery, find_query, parse_query_text
from statgraph.kg.remote import MANIFEST_GRAPH, PUSHED_BASE, Dataset, RemoteGraph, http_error
from statgraph.kg.sparql import bind_values, fill_template, strip_header, term_to_sparql
from statgraph.kg.store import DERIVED_GRAPH, EmbeddedGraph
from statgraph.kg.terms import Iri, Lit
from statgraph.kg.transport import Client, TimedOut, check_url

BATCH_TRIPLES = 500  # per INSERT DATA operation (see queries/push/insert-data.ru)
BATCHES_PER_REQUEST = 10
SKOLEM_BASE = "https://w3id.org/statgraph/.well-known/genid/"


@cache
def update_template(name: str) -> NamedQuery:
    """An update file of queries/push/, with its header read like a query's."""
    path = resources.queries_dir() / "push" / f"{name}.ru"
    return parse_query_text(path.read_text(encoding="utf-8"), path, f"push/{name}")


# --- what is pushed -------------------------------------------------------------------------

def _term(term) -> str:
    """An Oxigraph term for INSERT DATA, escaped by statgraph.kg.sparql; blank nodes become
    skolem IRIs (RDF 1.1 §3.5), which every server accepts (Virtuoso refuses blank nodes
    in INSERT DATA)."""
    if isinstance(term, ox.BlankNode):
        return f"<{SKOLEM_BASE}{term.value}>"
    if isinstance(term, ox.NamedNode):
        return term_to_sparql(Iri(term.value))
    return term_to_sparql(Lit(term.value, term.datatype.value if not term.language else None, term.language))


def ntriples(triples) -> Iterator[str]:
    for triple in triples:
        yield f"{_term(triple.subject)} {_term(triple.predicate)} {_term(triple.object)} .\n"


@dataclass
class Part:
    graph: str  # the name in the embedded store
    label: str
    triples: Callable[[], Iterator]
    expected: int
    staged: str = ""
    sent: int = 0


@dataclass
class PushResult:
    generation: str
    pushed_at: str
    parts: list[Part]
    previous: Dataset | None
    removed: list[str] = field(default_factory=list)

    @property
    def triples(self) -> int:
        return sum(p.sent for p in self.parts)


def new_generation(now: datetime.datetime) -> str:
    return now.strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(3)


# --- the push -----------------------------------------------------------------------------------

class Pusher:
    """One push to one server (query endpoint to check, update endpoint to change)."""

    def __init__(self, kg: EmbeddedGraph, query_endpoint: str, update_endpoint: str, timeout: float,
                 progress: Callable[[str], None] | None = None, client: Client | None = None):
        self.kg = kg
        self.update_endpoint = check_url(update_endpoint, "--update-endpoint")
        self.client = client or Client(timeout)
        self.remote = RemoteGraph(query_endpoint, timeout, self.client)
        self.timeout = timeout
        self.progress = progress or (lambda message: None)
        self.requests = 0  # updates sent, for messages (and the tests' fault injection)

    # -- talking to the server -------------------------------------------------------------

    def update(self, text: str) -> None:
        """POST one update request; never retried (it may have been applied)."""
        self.requests += 1
        try:
            answer = self.client.post(self.update_endpoint, text.encode("utf-8"), "application/sparql-update")
        except TimedOut:
            raise EnvironmentFailure(f"{self.update_endpoint} did not finish an update within {self.timeout:g} s",
                                     hint="raise --timeout") from None
        except OSError as error:
            reason = getattr(error, "strerror", None) or str(error) or type(error).__name__
            raise EnvironmentFailure(f"cannot reach {self.update_endpoint}: {reason}") from None
        if answer.status >= 300:
            raise http_error(self.update_endpoint, answer, "rejected the update with")

    def current(self) -> Dataset | None:
        """The dataset the manifest names now, or None when nothing was pushed."""
        found = self.remote.rows(prepare(find_query("kg/dataset").text)).records()
        if not found:
            return None
        return Dataset(tuple(sorted({str(r["graph"]) for r in found})), str(found[0]["generation"]),
                       str(found[0]["pushed"] or ""))

    def drop(self, graphs: list[str]) -> None:
        template = strip_header(update_template("drop-graph").text).strip()
        for start in range(0, len(graphs), 50):
            self.update(" ;\n".join(fill_template(template, {"graph": g}) for g in graphs[start:start + 50]))

    # -- steps ----------------------------------------------------------------------------------

    def plan(self, generation: str) -> list[Part]:
        """Two graphs: every file's triples merged, and the derived values. Not one graph per file:
        Virtuoso 7 estimates a query's cost higher for each graph named in FROM (measured: what-if
        answered in 0.3 s with up to 3 graphs, refused with 6 as 'estimated 4,737 s, over the 400 s
        limit'), and a 51-state dataset has over a hundred files."""
        kg = self.kg
        files = [str(f.graph) for f in kg.files]
        parts = [Part("files", f"{len(files)} files", lambda: kg.construct("kg/merged-triples", graph=files),
                      sum(kg.files.values())),
                 Part(DERIVED_GRAPH, "derived values", lambda: _graph_triples(kg, DERIVED_GRAPH),
                      kg.derived_count)]
        parts[0].staged = f"{PUSHED_BASE}{generation}/files"
        parts[1].staged = f"{PUSHED_BASE}{generation}/derived"
        return parts

    def upload(self, part: Part) -> None:
        template = strip_header(update_template("insert-data").text)
        operations: list[str] = []
        batch: list[str] = []

        def flush_batch():
            if batch:
                operations.append(fill_template(template, {"graph": part.staged}, "".join(batch)).strip())
                part.sent += len(batch)
                batch.clear()

        for line in ntriples(part.triples()):
            batch.append(line)
            if len(batch) == BATCH_TRIPLES:
                flush_batch()
                if len(operations) == BATCHES_PER_REQUEST:
                    self.update(" ;\n".join(operations))
                    operations.clear()
        flush_batch()
        if operations:
            self.update(" ;\n".join(operations))

    def check(self, parts: list[Part]) -> None:
        """The query endpoint sees every staged graph whole, or the push stops here."""
        query = find_query("push/graph-sizes")
        text = prepare(query.text, query.bindings({"graph": [p.staged for p in parts if p.sent]}))
        seen = {str(r["graph"]): int(r["triples"]) for r in self.remote.rows(text).records()}
        for part in parts:
            if seen.get(part.staged, 0) != part.sent:
                raise EnvironmentFailure(
                    f"the query endpoint {self.remote.endpoint} sees {seen.get(part.staged, 0):,} of the "
                    f"{part.sent:,} triples uploaded for {part.label} through {self.update_endpoint}",
                    hint="give the query and update endpoints of one and the same dataset (Oxigraph: /query and "
                         "/update; Fuseki: /DATASET/query and /DATASET/update; Virtuoso: /sparql and "
                         "/sparql-auth), and check that the server lets GRAPH patterns read named graphs")

    def switch(self, parts: list[Part], generation: str, pushed_at: str) -> None:
        query = update_template("switch")
        bindings = query.bindings({"part": [p.staged for p in parts], "generation": generation,
                                   "pushed": pushed_at})
        self.update(bind_values(query.text, bindings))

    def statgraph_graphs(self) -> list[str]:
        return [str(r[0]) for r in self.remote.rows(prepare(find_query("push/graphs").text)).rows]

    # -- the whole push -------------------------------------------------------------------------

    def run(self) -> PushResult:
        now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
        generation = new_generation(now)
        parts = self.plan(generation)
        result = PushResult(generation, now.strftime("%Y-%m-%dT%H:%M:%SZ"), parts, None)
        previous = None
        step = "asking the server which dataset it answers"
        try:
            previous = result.previous = self.current()
            for number, part in enumerate(parts, start=1):
                step = f"uploading {part.label} ({number} of {len(parts)})"
                self.progress(f"{number}/{len(parts)} {part.label} ({part.expected:,} triples) "
                              f"→ <{part.staged}>")
                self.upload(part)
            step = "checking the uploaded graphs"
            self.progress("checking that the query endpoint sees every graph whole")
            self.check(parts)
            step = "switching to the new dataset"
            self.progress("switching the server to the new dataset (one update)")
            self.switch(parts, generation, result.pushed_at)
        except BaseException as error:  # noqa: BLE001 (Ctrl-C and SIGTERM too: say what the server answers)
            self._after_failure(error, step, parts, generation, previous)
            raise
        try:
            self._confirm(result)
            result.removed = self._clean_up(parts)
        except StatgraphError as error:
            error.message += "\n  the switch went through: the server answers the new dataset"
            raise
        return result

    def _after_failure(self, error: BaseException, step: str, parts: list[Part], generation: str,
                       previous: Dataset | None) -> None:
        """Find out which dataset the server answers, drop what was staged if that is the old one,
        and turn the failure into a message saying which. After Ctrl-C or SIGTERM each of these
        exchanges gets 5 seconds at most: stopping must not wait for a slow server."""
        if not isinstance(error, StatgraphError):
            self.client.timeout = min(self.client.timeout, 5.0)
        try:
            now = self.current()
            answering = "new" if now is not None and now.generation == generation else "old"
        except (StatgraphError, OSError, TimedOut):
            answering = "unknown"
        left = ""
        if answering == "old":
            staged = [p.staged for p in parts if p.sent]
            try:
                if staged:
                    self.drop(staged)
            except (StatgraphError, OSError, TimedOut):
                left = (f"; {len(staged)} staged graph{'s' * (len(staged) != 1)} under <{PUSHED_BASE}{generation}/> "
                        "could not be removed (the next push removes them)")
        before = (f"the dataset pushed at {previous.pushed_at or previous.generation}"
                  if previous is not None else "the one it had before this push")
        state = {"old": f"the server still answers the previous dataset: {before}",
                 "new": "the server answers the new dataset (the switch went through)",
                 "unknown": "could not ask the server which dataset it answers now; run 'statgraph push' "
                            "again"}[answering]
        message = f"push stopped while {step}; {state}{left}"
        if isinstance(error, StatgraphError):
            error.message = f"{error.message}\n  {message}"
        else:
            print(f"statgraph: {message}", file=sys.stderr, flush=True)

    def _confirm(self, result: PushResult) -> None:
        """The switch is visible: the manifest names this push, and queries see its jurisdictions."""
        now = self.current()
        if now is None or now.generation != result.generation:
            raise EnvironmentFailure(
                f"the server accepted the switch but its query endpoint does not show it (it names "
                f"{now.generation if now else 'no dataset'})",
                hint="the query and update endpoints may belong to different datasets")
        fresh = RemoteGraph(self.remote.endpoint, self.timeout, self.client)
        if fresh.jurisdictions() != self.kg.jurisdictions():
            raise EnvironmentFailure(
                f"after the push, queries to {self.remote.endpoint} that name the pushed graphs in FROM see "
                f"jurisdictions {', '.join(fresh.jurisdictions()) or 'none'}, not "
                f"{', '.join(self.kg.jurisdictions()) or 'none'}",
                hint="the server does not honour FROM clauses; statgraph needs a SPARQL 1.1 dataset description")

    def _clean_up(self, parts: list[Part]) -> list[str]:
        keep = {p.staged for p in parts} | {MANIFEST_GRAPH}
        old = [g for g in self.statgraph_graphs() if g not in keep and g.startswith(GRAPH_BASE)]
        if old:
            self.progress(f"removing {len(old)} graph{'s' * (len(old) != 1)} of earlier pushes")
            try:
                self.drop(old)
            except StatgraphError as error:
                error.message += ("\n  graphs of earlier pushes are still there (statgraph's queries do not read "
                                  "them; the next push removes them)")
                raise
        return old


def _graph_triples(kg: EmbeddedGraph, name: str):
    return (quad.triple for quad in kg.store.quads_for_pattern(None, None, None, ox.NamedNode(str(name))))


def push(kg: EmbeddedGraph, query_endpoint: str, update_endpoint: str, timeout: float = 120.0,
         progress: Callable[[str], None] | None = None) -> PushResult:
    """Replace statgraph's data on the server with the loaded files and derived values."""
    return Pusher(kg, query_endpoint, update_endpoint, timeout, progress).run()
