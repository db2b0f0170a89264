"""The same named queries against real SPARQL servers, push, and faults of remote endpoints.

An Oxigraph server (PyPI oxigraph) is started on a free loopback port with a
temporary store; Virtuoso likewise when Debian's virtuoso-opensource-7-bin is
installed (otherwise those tests are skipped, saying so).
"""

from __future__ import annotations

import http.server
import socket
import threading
import time

import pytest

import statgraph
from statgraph.kg import remote
from statgraph.errors import EnvironmentFailure
from statgraph.kg.queries import catalogue

from servers import oxigraph_binary, start_oxigraph, start_virtuoso, stop, virtuoso_binary

PARAMS = {"impact": {"state": "MO", "section": "566.211"}, "what-if": {"state": "MO"},
          "what-if-status": {"state": "MO", "moves": ["5.2=FullyMet", "1.2=NotMet", "5.1=NotMet", "1.7=PartiallyMet"]}}


def params_for(query):
    if query.name in PARAMS:
        return PARAMS[query.name]
    return {"state": "MO"} if any(p.name == "state" for p in query.params) else {}


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory):
    if not oxigraph_binary():
        pytest.skip("the oxigraph server is not installed: pip install oxigraph (it is in the test extra)")
    process, server = start_oxigraph(tmp_path_factory.mktemp("oxigraph-store"))
    yield server
    stop(process)


@pytest.fixture(scope="module")
def pushed(kg, oxigraph):
    remote.push(kg, oxigraph.update)
    return remote.RemoteGraph(oxigraph.query)


@pytest.mark.parametrize("name", sorted(catalogue()))
def test_every_named_query_gives_the_same_rows_remotely(kg, pushed, name):
    query = catalogue()[name]
    local, far = kg.run(query, params_for(query)), pushed.run(query, params_for(query))
    assert far.columns == local.columns
    assert far.rows == local.rows
    assert local.rows


@pytest.mark.parametrize("args", [
    ("gaps", "--state", "MO"), ("coverage", "--state", "MO"), ("impact", "566.223", "--state", "MO"),
    ("what-if", "--state", "MO", "2.6.1", "4.1.1"), ("query", "terms", "--param", "state=MO"),
    ("criteria", "--state", "MO"),
])
@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_commands_print_the_same_locally_and_remotely(cli, pushed, oxigraph, args, fmt):
    local = cli(*args, "--format", fmt)
    far = cli(*args, "--format", fmt, "--endpoint", oxigraph.query)
    assert far.code == 0 and far.out == local.out


HOSTILE_VALUES = ['MO" } ; DROP ALL ; #', "MO\n} DELETE WHERE { ?s ?p ?o } #", "MO\\", '"""', "M\u200bO",
                  "MO> } INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> } #"]


@pytest.mark.parametrize("value", HOSTILE_VALUES)
def test_hostile_values_against_a_real_server_change_nothing(cli, kg, pushed, oxigraph, value):
    before = len(pushed)
    run = cli("gaps", "--state", value, "--endpoint", oxigraph.query)
    assert run.code == 2 and "Traceback" not in run.err
    assert "unknown state" in run.err, run.err
    section = cli("impact", value, "--state", "MO", "--endpoint", oxigraph.query)
    assert section.code == 2 and "no section" in section.err and "Traceback" not in section.err
    assert len(pushed) == before == len(kg)


def test_push_is_idempotent(kg, pushed, oxigraph):
    before = len(pushed)
    remote.push(kg, oxigraph.update)
    assert len(pushed) == before == len(kg)
    assert pushed.run("goal-status", {"state": "MO"}).rows == kg.run("goal-status", {"state": "MO"}).rows


def test_a_failing_upload_leaves_the_previous_graph(kg, pushed, oxigraph, monkeypatch):
    before = len(pushed)
    gaps = pushed.run("gaps", {"state": "MO"}).rows
    original = remote.update_body

    def broken(graph, triples, counter=None):
        yield from original(graph, list(triples)[:-10], counter)
        yield b"<urn:broken> <urn:broken> }} } oops"  # the request is cut short and malformed
    monkeypatch.setattr(remote, "update_body", broken)
    with pytest.raises(EnvironmentFailure, match="rejected the update"):
        remote.push(kg, oxigraph.update)
    assert len(pushed) == before
    assert pushed.run("gaps", {"state": "MO"}).rows == gaps


def test_push_into_one_named_graph(kg, tmp_path):
    process, server = start_oxigraph(tmp_path)
    try:
        pushed = remote.push(kg, server.update, graph="urn:x-statgraph:everything")
        assert [name for name, _ in pushed] == ["urn:x-statgraph:everything"]
        far = remote.RemoteGraph(server.query)
        assert far.run("goal-status", {"state": "MO"}).rows == kg.run("goal-status", {"state": "MO"}).rows
    finally:
        stop(process)


def test_push_command_shows_progress(cli, oxigraph, capsys):
    run = cli("push", "--endpoint", oxigraph.query, "--update-endpoint", oxigraph.update)
    assert run.code == 0 and "pushed 7 graphs" in run.out
    assert "push: 7/7 derived values" in run.err


# --- remote faults -------------------------------------------------------------------------

class Canned(http.server.BaseHTTPRequestHandler):
    """Answers every request the same way; counts requests."""

    status, body, delay, seen, headers = 200, b"<html>not SPARQL</html>", 0.0, [], {}

    def do_POST(self):  # noqa: N802
        type(self).seen.append(self.path)
        self.rfile.read(int(self.headers.get("Content-Length") or 0)) if self.headers.get("Content-Length") else None
        time.sleep(type(self).delay)
        try:
            self.send_response(type(self).status)
            self.send_header("Content-Type", "text/html")
            for name, value in type(self).headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(type(self).body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting, as the timeout test intends

    do_GET = do_POST

    def log_message(self, *args):
        pass


@pytest.fixture
def canned():
    Canned.status, Canned.body, Canned.delay, Canned.seen, Canned.headers = 200, b"<html>not SPARQL</html>", 0.0, [], {}
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Canned)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_connection_refused_is_a_clear_error_in_bounded_time(cli):
    start = time.monotonic()
    run = cli("gaps", "--state", "MO", "--endpoint", f"http://127.0.0.1:{closed_port()}/query", "--timeout", "2")
    assert run.code == 3 and "cannot reach" in run.err and "Connection refused" in run.err
    assert time.monotonic() - start < 10 and "Traceback" not in run.err


def test_non_sparql_answer(cli, canned):
    run = cli("info", "--endpoint", canned + "/query")
    assert run.code == 3 and "did not answer with SPARQL JSON results" in run.err


def test_truncated_answer(cli, canned):
    Canned.body = b'{"head": {"vars": ["code"]}, "results": {"bindings": [{"code": {"type": "lit'
    run = cli("info", "--endpoint", canned + "/query")
    assert run.code == 3 and "did not answer with SPARQL JSON results" in run.err
    assert "Traceback" not in run.err


@pytest.mark.parametrize("status", [404, 500])
def test_http_errors(cli, canned, status):
    Canned.status, Canned.body = status, b"nothing here"
    run = cli("gaps", "--state", "MO", "--endpoint", canned + "/query", "--timeout", "2")
    assert run.code == 3 and f"HTTP {status}" in run.err
    assert len(Canned.seen) == (1 if status == 404 else remote.READ_ATTEMPTS)  # reads retry on 5xx only


def test_timeout_is_not_retried(cli, canned):
    Canned.delay = 5
    start = time.monotonic()
    run = cli("gaps", "--state", "MO", "--endpoint", canned + "/query", "--timeout", "1")
    assert run.code == 3 and "did not answer within 1 s" in run.err and "raise --timeout" in run.err
    assert len(Canned.seen) == 1  # a slow server is not asked the same heavy query again
    assert time.monotonic() - start < 4


def test_an_answer_cut_short_by_the_server_is_refused(cli, canned):
    """Virtuoso's 'anytime' answers: the rows found before its time limit, flagged in a header."""
    Canned.body = b'{"head": {"vars": ["code"]}, "results": {"bindings": []}}'
    Canned.headers = {"X-SQL-State": "S1TAT", "X-SQL-Message": "RC...: Returning incomplete results"}
    run = cli("info", "--endpoint", canned + "/query")
    assert run.code == 3 and "cut the answer short at its own time limit" in run.err
    assert "will not show partial results" in run.err


def test_updates_are_never_retried(kg, canned):
    Canned.status = 500
    with pytest.raises(EnvironmentFailure, match="HTTP 500"):
        remote.push(kg, canned + "/update")
    assert len(Canned.seen) == 1


def test_credentials_come_from_the_environment_and_are_never_echoed(cli, canned, monkeypatch):
    monkeypatch.setenv("STATGRAPH_ENDPOINT_TOKEN", "s3cret-token")
    Canned.status, Canned.body = 401, b"who are you"
    run = cli("gaps", "--state", "MO", "--endpoint", canned + "/query")
    assert run.code == 3 and "refused access" in run.err and "s3cret" not in run.err + run.out
    url = canned.replace("http://", "http://user:pass@") + "/query"
    refused = cli("gaps", "--state", "MO", "--endpoint", url)
    assert refused.code == 2 and "must not carry credentials" in refused.err and "pass" not in refused.err.split("hint")[0].replace("must not", "")


def test_data_and_endpoint_together_are_refused(cli):
    run = cli("gaps", "--state", "MO", "--data", "x.ttl", "--endpoint", "http://127.0.0.1:1/query")
    assert run.code == 2 and "cannot be combined" in run.err


# --- Virtuoso, the engine a team would grow into ---------------------------------------------

@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory, kg):
    if not virtuoso_binary():
        pytest.skip("Virtuoso is not installed: apt-get install virtuoso-opensource-7-bin to run these tests")
    process, server = start_virtuoso(tmp_path_factory.mktemp("virtuoso"))
    try:
        remote.push(kg, server.update)
        # impact takes 40-60 s on Virtuoso 7 (see README, Known limits)
        yield remote.RemoteGraph(server.query, timeout=240)
    finally:
        stop(process)


@pytest.mark.parametrize("name", sorted(catalogue()))
def test_every_named_query_gives_the_same_rows_on_virtuoso(kg, virtuoso, name):
    if name == "impact":  # FIXME(#14): Virtuoso 7 runs out of time on impact; being restructured
        pytest.xfail("impact exceeds Virtuoso 7's default limits (issue #14)")
    query = catalogue()[name]
    local, far = kg.run(query, params_for(query)), virtuoso.run(query, params_for(query))
    assert far.columns == local.columns
    assert far.rows == local.rows


# --- criteria: the same rules on every engine (amend re-runs them on copies) ------------------

def _criteria_rows(graph):
    from statgraph.analyses.criteria import criterion_files, run_criterion
    return {q.name: run_criterion(graph, q, "MO") for q in criterion_files()}


def test_every_criterion_gives_the_same_elements_remotely(kg, pushed):
    assert _criteria_rows(pushed) == _criteria_rows(kg)


def test_every_criterion_gives_the_same_elements_on_virtuoso(kg, virtuoso):
    assert _criteria_rows(virtuoso) == _criteria_rows(kg)
