"""A SPARQL 1.1 endpoint as a knowledge graph: the same .rq files, sent over HTTP (statgraph.kg.transport).

Which graphs a query reads. A server's default graph differs by configuration:
Oxigraph started plainly and Fuseki keep named graphs out of it, Oxigraph with
--union-default-graph and Virtuoso make it the union of every graph (Virtuoso's
own system graphs included). So statgraph does not rely on it: ``statgraph
push`` records the graphs it uploaded in a small manifest graph
(statgraph.kg.push), and every query sent to the endpoint names them in
``FROM`` and ``FROM NAMED`` clauses, written into the query text (so the text
``query --print-sparql --endpoint URL`` prints is exactly what is sent, and
gives the same rows from curl). Measured on the bundled data, FROM and the
Protocol's ``default-graph-uri`` parameters cost the same on Oxigraph and
Virtuoso (every named query within a few milliseconds of the other way); FROM
keeps the text self-contained. A server holding statgraph's data in its default
graph without a manifest (files loaded by hand) is read as it is; a server with
neither is an error saying so, never "0 rows".
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from functools import cached_property
from urllib.parse import urlencode

from statgraph.errors import EnvironmentFailure
from statgraph.kg.base import KnowledgeGraph, Result, prepare
from statgraph.kg.names import GRAPH_BASE
from statgraph.kg.queries import NamedQuery, find_query
from statgraph.kg.sparql import has_dataset_clause, projection, uses_graph_patterns, with_dataset
from statgraph.kg.terms import json_cell_value
from statgraph.kg.transport import CREDENTIAL_HINT, Answer, Client, TimedOut, check_url

DEFAULT_TIMEOUT = 30.0  # seconds, for each exchange
READ_ATTEMPTS = 3  # reads are retried on connection errors and 5xx; updates never
MANIFEST_GRAPH = GRAPH_BASE + "dataset"  # where push records the graphs of the dataset it pushed
PUSHED_BASE = GRAPH_BASE + "push/"  # pushed graphs: PUSHED_BASE + generation + "/" + the file's graph


@dataclass(frozen=True)
class Dataset:
    """The graphs statgraph's queries read on a server: those of the last push (``graphs``),
    or the server's default graph as it is (``graphs`` None: data loaded another way)."""

    graphs: tuple[str, ...] | None
    generation: str = ""
    pushed_at: str = ""

    @property
    def derived_graph(self) -> str | None:
        for graph in self.graphs or ():
            if graph.endswith("/derived"):
                return graph
        return None


def http_error(endpoint: str, answer: Answer, what: str = "answered") -> EnvironmentFailure:
    if answer.status in (401, 403):
        return EnvironmentFailure(f"{endpoint} refused access (HTTP {answer.status})", hint=CREDENTIAL_HINT)
    return EnvironmentFailure(f"{endpoint} {what} HTTP {answer.status}: {answer.text(200)}")


def refuse_partial_answer(endpoint: str, answer: Answer) -> None:
    """Virtuoso answers a query that hit one of its limits with the rows found so far and says
    so only in a header; a partial answer would read as a wrong one."""
    headers = answer.headers
    if (headers.get("x-sql-state") or "").strip() == "S1TAT":
        raise EnvironmentFailure(
            f"{endpoint} cut the answer short at its own time limit: {headers.get('x-sql-message', '')}".strip(),
            hint="the server's operator can raise MaxQueryExecutionTime; statgraph will not show partial results")
    if headers.get("x-sparql-maxrows"):
        raise EnvironmentFailure(
            f"{endpoint} stops every answer at {headers['x-sparql-maxrows']} rows and this one reached it",
            hint="ask a narrower question, or have the server's operator raise ResultSetMaxRows; "
                 "statgraph will not show partial results")


class RemoteGraph(KnowledgeGraph):
    """A SPARQL endpoint answering the same named queries as the embedded store."""

    def __init__(self, endpoint: str, timeout: float = DEFAULT_TIMEOUT, client: Client | None = None):
        self.endpoint = check_url(endpoint, "--endpoint")
        self.timeout = timeout
        self.client = client or Client(timeout)
        self.files: dict = {}

    def describe(self) -> str:
        return f"endpoint {self.endpoint}"

    # -- the exchange ---------------------------------------------------------------------

    def send(self, text: str, graphs: tuple[str, ...] | None = None) -> dict:
        """POST a query (form-encoded, as every server accepts) and return its SPARQL JSON results.
        ``graphs``: also name the dataset with the Protocol's default-graph-uri (and, for a query
        with GRAPH patterns, named-graph-uri) parameters. Reads are retried on connection errors
        and HTTP 5xx; a timeout is not retried (asking a slow server the same heavy question
        again does not help)."""
        fields = [("query", text)]
        if graphs is not None:
            fields += [("default-graph-uri", g) for g in graphs]
            if uses_graph_patterns(text):
                fields += [("named-graph-uri", g) for g in graphs]
        body = urlencode(fields).encode("utf-8")
        delay = 0.5
        for attempt in range(1, READ_ATTEMPTS + 1):
            try:
                answer = self.client.post(self.endpoint, body, "application/x-www-form-urlencoded",
                                          accept="application/sparql-results+json")
            except TimedOut:
                raise EnvironmentFailure(f"{self.endpoint} did not answer within {self.timeout:g} s",
                                         hint="raise --timeout, or ask the server's operator about its load") from None
            except OSError as error:
                if attempt == READ_ATTEMPTS:
                    reason = getattr(error, "strerror", None) or str(error) or type(error).__name__
                    raise EnvironmentFailure(
                        f"cannot reach {self.endpoint}: {reason}",
                        hint=f"tried {READ_ATTEMPTS} times; is the server running? --timeout is "
                             f"{self.timeout:g} s") from None
            else:
                if answer.status < 300:
                    refuse_partial_answer(self.endpoint, answer)
                    break
                if answer.status < 500 or attempt == READ_ATTEMPTS:
                    raise http_error(self.endpoint, answer)
            time.sleep(delay)
            delay *= 2
        try:
            return json.loads(answer.body)
        except ValueError:
            raise EnvironmentFailure(f"{self.endpoint} did not answer with SPARQL JSON results",
                                     hint="is the URL the server's query endpoint?") from None

    def rows(self, text: str, graphs: tuple[str, ...] | None = None) -> Result:
        document = self.send(text, graphs)
        try:
            columns = list(document["head"]["vars"])
            rows = [[json_cell_value(b[c]) if c in b else None for c in columns]
                    for b in document["results"]["bindings"]]
        except (KeyError, TypeError, AttributeError):
            raise EnvironmentFailure(f"{self.endpoint} sent an answer that is not SPARQL SELECT results") from None
        missing = [c for c in projection(text) if c not in columns] if rows else []
        if missing:  # the rows would be read wrong, or not at all (no row: nothing to misread)
            raise EnvironmentFailure(f"{self.endpoint} answered without the column{'s' * (len(missing) > 1)} the "
                                     f"query asks for: {', '.join(missing[:5])}",
                                     hint="is the URL a SPARQL 1.1 query endpoint?")
        return Result(columns, rows)

    # -- which graphs --------------------------------------------------------------------------

    @cached_property
    def dataset(self) -> Dataset:
        """The dataset statgraph's queries read here (asked once per RemoteGraph)."""
        found = self.rows(prepare(find_query("kg/dataset").text)).records()
        if found:
            return Dataset(tuple(sorted({str(r["graph"]) for r in found})), str(found[0]["generation"]),
                           str(found[0]["pushed"] or ""))
        probe = self.rows(prepare(find_query("kg/ontology-present").text)).rows
        if probe and probe[0][0] is True:  # a server answering no row at all holds nothing of ours either
            return Dataset(None)
        raise EnvironmentFailure(
            f"{self.endpoint} holds no statgraph data: no dataset pushed by statgraph, and no statgraph "
            "ontology in its default graph",
            hint="load it with 'statgraph push --endpoint URL --update-endpoint URL'; if you loaded the files "
                 "into named graphs yourself, make the default graph their union (Oxigraph: "
                 "--union-default-graph; Fuseki: unionDefaultGraph)")

    def dataset_text(self, prepared: str) -> str:
        """The query text with this endpoint's dataset named in FROM and FROM NAMED."""
        graphs = self.dataset.graphs  # a query naming its own dataset is sent as written
        return prepared if graphs is None or has_dataset_clause(prepared) else with_dataset(prepared, graphs)

    def execute(self, prepared: str, source: str) -> Result:
        # FROM in the text, and the same graphs as Protocol parameters: Oxigraph started with
        # --union-default-graph ignores FROM (measured: a count over FROM <files> saw the manifest's
        # 4 triples too) but honours default-graph-uri; elsewhere the two agree.
        graphs = None if has_dataset_clause(prepared) else self.dataset.graphs
        return self.rows(self.dataset_text(prepared), graphs)

    def prepared_text(self, query: NamedQuery | str, params: dict[str, object] | None = None) -> str:
        return self.dataset_text(super().prepared_text(query, params))

    # -- what the server holds ---------------------------------------------------------------

    def __len__(self) -> int:
        (row,) = self.run("kg/triple-count").rows
        return int(row[0])

    @property
    def derived_count(self) -> int:
        graph = self.dataset.derived_graph if self.dataset.graphs is not None else GRAPH_BASE + "derived"
        if graph is None:
            return 0
        (row,) = self.run("kg/derived-count", graph=graph).rows
        return int(row[0])
