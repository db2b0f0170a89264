"""Remote SPARQL 1.1 servers: the same .rq files sent through SPARQLWrapper, and push.

Credentials come only from the environment, never from the command line:
STATGRAPH_ENDPOINT_USER and STATGRAPH_ENDPOINT_PASSWORD (HTTP basic), or
STATGRAPH_ENDPOINT_TOKEN (a bearer token). They are never printed.

Queries read the union of the server's graphs (start Oxigraph with
--union-default-graph; Virtuoso does this by default). push uploads each file's
graph, and the derived graph, replacing each in one SPARQL Update request, so a
failed upload leaves the server's copy of that graph as it was.
"""

from __future__ import annotations

import base64
import json
import os
import socket
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator

import pyoxigraph as ox
from SPARQLWrapper import JSON, POST, SELECT, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from statgraph.errors import EnvironmentFailure, InputError
from statgraph.kg.sparql import term_to_sparql
from statgraph.kg.terms import Iri, Lit, json_cell_value
from statgraph.kg.base import KnowledgeGraph, Result
from statgraph.kg.store import DERIVED_GRAPH, EmbeddedGraph

_WRAPPER_STATUS = {"QueryBadFormed": 400, "Unauthorized": 401, "EndPointNotFound": 404,
                   "URITooLong": 414, "EndPointInternalError": 500}
DEFAULT_TIMEOUT = 30.0  # seconds, for each request
READ_ATTEMPTS = 3  # reads are retried on connection errors and 5xx; updates never


def _auth_header() -> dict[str, str]:
    token = os.environ.get("STATGRAPH_ENDPOINT_TOKEN")
    if token:
        return {"Authorization": f"Bearer {token}"}
    user = os.environ.get("STATGRAPH_ENDPOINT_USER")
    if user:
        secret = f"{user}:{os.environ.get('STATGRAPH_ENDPOINT_PASSWORD', '')}".encode()
        return {"Authorization": "Basic " + base64.b64encode(secret).decode()}
    return {}


def _check_url(url: str, option: str) -> str:
    if not url.startswith(("http://", "https://")):
        raise InputError(f"{option} must be an http:// or https:// URL, got {url!r}")
    if "@" in url.split("/")[2]:
        raise InputError(f"{option} must not carry credentials",
                         hint="set STATGRAPH_ENDPOINT_USER and STATGRAPH_ENDPOINT_PASSWORD instead")
    return url


def _refuse_partial_answer(endpoint: str, headers) -> None:
    """Virtuoso answers a query that hit its time limit with the rows found so far and
    says so only in a header; a partial answer would read as a wrong one."""
    if (headers.get("X-SQL-State") or "").strip() == "S1TAT":
        raise EnvironmentFailure(
            f"{endpoint} cut the answer short at its own time limit: {headers.get('X-SQL-Message', '')}".strip(),
            hint="the server's operator can raise MaxQueryExecutionTime; statgraph will not show partial results")


class RemoteGraph(KnowledgeGraph):
    """A SPARQL endpoint answering the same named queries as the embedded store."""

    def __init__(self, endpoint: str, timeout: float = DEFAULT_TIMEOUT):
        self.endpoint = _check_url(endpoint, "--endpoint")
        self.timeout = timeout
        self.files: dict = {}

    # -- querying --------------------------------------------------------------

    def describe(self) -> str:
        return f"endpoint {self.endpoint}"

    def _request(self, text: str) -> dict:
        client = SPARQLWrapper(self.endpoint)
        client.setQuery(text)
        client.queryType = SELECT  # SPARQLWrapper guesses the form from the text, and comments fool it
        client.setMethod(POST)
        client.setReturnFormat(JSON)
        client.setTimeout(int(max(1, self.timeout)))
        for name, value in _auth_header().items():
            client.addCustomHttpHeader(name, value)
        delay = 0.5
        for attempt in range(1, READ_ATTEMPTS + 1):
            try:
                response = client.query().response
                body = response.read()
                _refuse_partial_answer(self.endpoint, response.headers)
                break
            except urllib.error.HTTPError as error:
                detail = error.read(300).decode("utf-8", "replace").strip()
                if error.code < 500 or attempt == READ_ATTEMPTS:
                    raise self._http_error(error.code, detail) from None
            except SPARQLWrapperException as error:  # SPARQLWrapper's names for HTTP errors
                code = _WRAPPER_STATUS.get(type(error).__name__, 400)
                detail = str(error).split("Response:", 1)[-1].strip().removeprefix("b'").rstrip("'")
                if code < 500 or attempt == READ_ATTEMPTS:
                    raise self._http_error(code, detail) from None
            except (urllib.error.URLError, socket.timeout, TimeoutError, ConnectionError) as error:
                reason = getattr(error, "reason", error)
                if isinstance(reason, (socket.timeout, TimeoutError)):  # slow, not away: asking again won't help
                    raise EnvironmentFailure(
                        f"{self.endpoint} did not answer within {self.timeout:g} s",
                        hint="raise --timeout, or ask the server's operator about its load") from None
                if attempt == READ_ATTEMPTS:
                    reason = getattr(error, "reason", error)
                    raise EnvironmentFailure(
                        f"cannot reach {self.endpoint}: {reason}",
                        hint=f"tried {READ_ATTEMPTS} times; is the server running? --timeout is "
                             f"{self.timeout:g} s") from None
            time.sleep(delay)
            delay *= 2
        try:
            return json.loads(body)
        except ValueError:
            raise EnvironmentFailure(f"{self.endpoint} did not answer with SPARQL JSON results",
                                     hint="is the URL the server's query endpoint?") from None

    def _http_error(self, code: int, detail: str) -> EnvironmentFailure:
        if code in (401, 403):
            return EnvironmentFailure(f"{self.endpoint} refused access (HTTP {code})",
                                      hint="set STATGRAPH_ENDPOINT_USER and STATGRAPH_ENDPOINT_PASSWORD, "
                                           "or STATGRAPH_ENDPOINT_TOKEN")
        return EnvironmentFailure(f"{self.endpoint} answered HTTP {code}: {detail[:200]}")

    def execute(self, prepared: str, source: str) -> Result:
        document = self._request(prepared)
        try:
            columns = list(document["head"]["vars"])
            rows = [[json_cell_value(b[c]) if c in b else None for c in columns]
                    for b in document["results"]["bindings"]]
        except (KeyError, TypeError):
            raise EnvironmentFailure(f"{self.endpoint} sent an answer that is not SPARQL SELECT results") from None
        return Result(columns, rows)

    # -- what the server holds ---------------------------------------------------

    def __len__(self) -> int:
        (row,) = self.run("kg/triple-count").rows
        return int(row[0])

    @property
    def derived_count(self) -> int:
        (row,) = self.run("kg/derived-count", graph=DERIVED_GRAPH).rows
        return int(row[0])


# --- push -------------------------------------------------------------------------------

def _ntriples(triples) -> Iterator[str]:
    for triple in triples:
        yield f"{_term(triple.subject)} {_term(triple.predicate)} {_term(triple.object)} .\n"


SKOLEM_BASE = "https://w3id.org/statgraph/.well-known/genid/"


def _term(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> str:
    """An Oxigraph term for INSERT DATA, escaped by statgraph.kg.sparql; blank nodes become
    skolem IRIs (RDF 1.1 §3.5), which every server accepts (Virtuoso refuses blank nodes
    in INSERT DATA)."""
    if isinstance(term, ox.BlankNode):
        return f"<{SKOLEM_BASE}{term.value}>"
    if isinstance(term, ox.NamedNode):
        return term_to_sparql(Iri(term.value))
    return term_to_sparql(Lit(term.value, term.datatype.value if not term.language else None, term.language))


def update_body(graph: str, triples, counter: list[int] | None = None) -> Iterator[bytes]:
    """One SPARQL Update that replaces a named graph: DROP it, then INSERT DATA its triples.
    Adds the number of triples written to ``counter[0]``."""
    name = term_to_sparql(Iri(graph))
    yield f"DROP SILENT GRAPH {name} ;\nINSERT DATA {{ GRAPH {name} {{\n".encode()
    batch = []
    for line in _ntriples(triples):
        batch.append(line)
        if len(batch) == 5000:  # stream in chunks rather than one large string
            yield "".join(batch).encode()
            if counter is not None:
                counter[0] += len(batch)
            batch = []
    if counter is not None:
        counter[0] += len(batch)
    yield ("".join(batch) + "} }\n").encode()


def send_update(update_endpoint: str, body: Iterator[bytes], timeout: float) -> None:
    """POST one update request; never retried (it may have half-arrived).

    The body is spooled (to disk past 8 MB) so it can be sent with its length:
    some servers (Virtuoso) drop large chunked requests."""
    spool = tempfile.SpooledTemporaryFile(max_size=8 << 20)
    size = 0
    for chunk in body:
        spool.write(chunk)
        size += len(chunk)
    spool.seek(0)
    request = urllib.request.Request(update_endpoint, data=spool, method="POST",
                                     headers={"Content-Type": "application/sparql-update",
                                              "Content-Length": str(size), **_auth_header()})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
    except urllib.error.HTTPError as error:
        detail = error.read(300).decode("utf-8", "replace").strip()
        raise EnvironmentFailure(f"{update_endpoint} rejected the update (HTTP {error.code}): {detail[:200]}",
                                 hint="the graph keeps what it had before this push") from None
    except (urllib.error.URLError, socket.timeout, TimeoutError, ConnectionError) as error:
        raise EnvironmentFailure(f"cannot reach {update_endpoint}: {getattr(error, 'reason', error)}",
                                 hint="updates are not retried; the graph keeps what it had unless the "
                                      "server had already received the whole request") from None
    finally:
        spool.close()


def push(kg: EmbeddedGraph, update_endpoint: str, graph: str | None = None,
         timeout: float = DEFAULT_TIMEOUT, progress: Callable[[str], None] | None = None) -> list[tuple[str, int]]:
    """Replace, on the server, one named graph per loaded file plus the derived graph
    (or a single graph holding everything). Returns (graph, triples) pushed."""
    update_endpoint = _check_url(update_endpoint, "--update-endpoint")
    # Triples stream from the store into the request body: no second copy of the graph.
    if graph is not None:
        term_to_sparql(Iri(graph))  # refuses IRIs that could break out of <...>
        everything = [f.graph for f in kg.files] + [DERIVED_GRAPH]
        plan = [(graph, "everything", None, lambda: kg.construct("kg/merged-triples", graph=everything))]
    else:
        plan = [(f.graph, f.display_name, count, lambda name=f.graph: _graph_triples(kg, name))
                for f, count in kg.files.items()]
        plan.append((DERIVED_GRAPH, "derived values", kg.derived_count,
                     lambda: _graph_triples(kg, DERIVED_GRAPH)))
    pushed = []
    for number, (name, label, expected, triples) in enumerate(plan, start=1):
        if progress:
            size = f" ({expected:,} triples)" if expected is not None else ""
            progress(f"{number}/{len(plan)} {label}{size} → <{name}>")
        counter = [0]
        send_update(update_endpoint, update_body(name, triples(), counter), timeout)
        pushed.append((str(name), counter[0]))
    return pushed


def _graph_triples(kg: EmbeddedGraph, name: str):
    return (quad.triple for quad in kg.store.quads_for_pattern(None, None, None, ox.NamedNode(str(name))))

