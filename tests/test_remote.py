"""The same answers from SPARQL servers as from the embedded store; push; faults of remote endpoints.

Servers are started on free loopback ports with their stock settings (tests/servers.py):
Oxigraph plainly (named graphs kept out of the default graph, like Fuseki), Oxigraph with
--union-default-graph, and Virtuoso 7 with Debian's settings where it is installed
(otherwise those cases are skipped, saying so). Each gets the bundled graph through
'statgraph push', then every named query and every reading command is compared with
the embedded store, in value and in type.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

import statgraph
import servers
from conftest import free_port
from statgraph.errors import EnvironmentFailure
from statgraph.kg.base import Result, normalise_lists
from statgraph.kg.push import Pusher
from statgraph.kg.queries import catalogue
from statgraph.kg.remote import MANIFEST_GRAPH, READ_ATTEMPTS, RemoteGraph
from statgraph.kg.terms import json_cell_value
from statgraph.kg.transport import Answer, Client

REPO = Path(__file__).resolve().parents[1]
PARAMS = {"impact": {"state": "MO", "section": "566.223"},
          "what-if-status": {"state": "MO", "moves": ["5.2=FullyMet", "1.2=NotMet", "5.1=NotMet", "1.7=PartiallyMet"]}}


def params_for(query) -> dict:
    if query.name in PARAMS:
        return PARAMS[query.name]
    return {"state": "MO"} if any(p.name == "state" for p in query.params) else {}


def typed(result: Result) -> list[list[tuple[type, object]]]:
    """Rows with each cell's type beside its value: 1 == True and Decimal(1) == 1 in Python,
    but an answer of 1 where the store says true is a different answer."""
    return [[(type(value), value) for value in row] for row in result.rows]


def assert_same(local: Result, far: Result) -> None:
    assert far.columns == local.columns
    assert typed(far) == typed(local)


def push_to(kg, server, **options):
    with servers.environment(server.credentials):
        return Pusher(kg, server.query, server.update, 120.0, **options).run()


# --- every named query and reading command, on each stock server ------------------------------

@pytest.fixture(scope="module", params=servers.KINDS)
def server(request, pushed_server):
    """A stock server of each kind holding the bundled graph, pushed by statgraph."""
    return pushed_server(request.param)


@pytest.mark.parametrize("name", sorted(catalogue()))
def test_every_named_query_gives_the_same_rows_and_types(kg, server, name):
    query = catalogue()[name]
    far = RemoteGraph(server.query, timeout=120)  # Virtuoso's own limit (60 s) comes first
    local = kg.run(query, params_for(query))
    assert local.rows, f"{name} gives no rows for Missouri: the comparison would prove nothing"
    assert_same(local, far.run(query, params_for(query)))


READING = [
    ("gaps", "--state", "MO"), ("coverage", "--state", "MO"), ("coverage", "--state", "MO", "--chapters", "566,567"),
    ("impact", "566.223", "--state", "MO"), ("impact", "573.010", "--state", "MO", "--year", "2023"),
    ("what-if", "--state", "MO", "2.6.1", "4.1.1"), ("what-if", "--state", "MO"),
    ("query", "terms", "--param", "state=MO"), ("query", "safe-harbor", "--state", "MO"),
    ("criteria", "--state", "MO"),
]


@pytest.mark.parametrize("args", READING, ids=lambda a: " ".join(a))
@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_reading_commands_print_the_same(cli, server, args, fmt):
    local = cli(*args, "--format", fmt)
    far = cli(*args, "--format", fmt, "--endpoint", server.query, "--timeout", "120")
    assert local.code == 0 and far.code == 0, far.err
    assert far.out == local.out


DOCUMENTS = [("report", "--state", "MO", "-o", "{dir}/mo.md"), ("report", "--state", "MO", "-o", "{dir}/mo.html"),
             ("new-state", "--state", "KS", "--year", "2024", "-o", "{dir}/ks.ttl"),
             ("viz", "--state", "MO", "-o", "{dir}/mo.html"), ("viz", "--state", "MO", "--view", "goals", "-o",
                                                              "{dir}/goals.gexf"),
             ("viz", "--state", "MO", "--view", "coverage", "-o", "{dir}/coverage.json")]


@pytest.mark.parametrize("args", DOCUMENTS, ids=lambda a: " ".join(a[:2]) + " " + a[-1].rsplit(".", 1)[-1])
def test_documents_are_the_same(cli, server, tmp_path, args):
    (tmp_path / "here").mkdir()
    (tmp_path / "there").mkdir()
    local = cli(*[a.format(dir=tmp_path / "here") for a in args])
    far = cli(*[a.format(dir=tmp_path / "there") for a in args], "--endpoint", server.query, "--timeout", "120")
    assert local.code == 0 and far.code == 0, far.err
    (here,) = (tmp_path / "here").iterdir()
    assert (tmp_path / "there" / here.name).read_bytes() == here.read_bytes()


def test_site_is_the_same(cli, server, tmp_path):
    local = cli("site", "-o", tmp_path / "here")
    far = cli("site", "-o", tmp_path / "there", "--endpoint", server.query, "--timeout", "120")
    assert local.code == 0 and far.code == 0, far.err
    here = sorted(p.relative_to(tmp_path / "here") for p in (tmp_path / "here").rglob("*") if p.is_file())
    there = sorted(p.relative_to(tmp_path / "there") for p in (tmp_path / "there").rglob("*") if p.is_file())
    assert here == there and len(here) > 100
    for path in here:
        assert (tmp_path / "there" / path).read_bytes() == (tmp_path / "here" / path).read_bytes(), path


def test_info_counts_the_same(cli, server):
    local = json.loads(cli("info", "--format", "json").out)
    far = json.loads(cli("info", "--format", "json", "--endpoint", server.query).out)
    for key in ("triples", "derived_triples", "classes", "report_cards"):
        assert far[key] == local[key], key


HOSTILE_VALUES = ['MO" } ; DROP ALL ; #', "MO\n} DELETE WHERE { ?s ?p ?o } #", "MO\\", '"""', "M\u200bO",
                  "MO> } INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> } #"]


@pytest.mark.parametrize("value", HOSTILE_VALUES)
def test_hostile_values_against_a_real_server_change_nothing(cli, kg, server, value):
    far = RemoteGraph(server.query)
    before = len(far)
    run = cli("gaps", "--state", value, "--endpoint", server.query)
    assert run.code == 2 and "unknown state" in run.err and "Traceback" not in run.err
    section = cli("impact", value, "--state", "MO", "--endpoint", server.query)
    assert section.code == 2 and "no section" in section.err and "Traceback" not in section.err
    assert len(RemoteGraph(server.query)) == before


# --- the printed text, sent by plain HTTP, to Oxigraph as started plainly --------------------------

@pytest.fixture(scope="module")
def plain_oxigraph(pushed_server):
    return pushed_server("oxigraph")


def urllib_rows(endpoint: str, text: str) -> Result:
    body = urllib.parse.urlencode({"query": text}).encode()
    request = urllib.request.Request(endpoint, data=body,
                                     headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        document = json.load(response)
    columns = document["head"]["vars"]
    return Result(columns, [[json_cell_value(b[c]) if c in b else None for c in columns]
                            for b in document["results"]["bindings"]])


@pytest.mark.parametrize("name", sorted(catalogue()))
def test_printed_sparql_sent_with_urllib_gives_the_same_rows(cli, kg, plain_oxigraph, name):
    query = catalogue()[name]
    params = [f"{k}={','.join(v) if isinstance(v, list) else v}" for k, v in params_for(query).items()]
    printed = cli("query", name, *[x for p in params for x in ("--param", p)], "--print-sparql",
                  "--endpoint", plain_oxigraph.query)
    assert printed.code == 0 and "FROM <" in printed.out
    far = urllib_rows(plain_oxigraph.query, printed.out)
    # GROUP_CONCAT lists come in the engine's order; statgraph sorts them, so compare them sorted
    assert_same(kg.run(query, params_for(query)), normalise_lists(far, query.list_columns))


def test_files_loaded_by_hand_into_a_union_default_graph_are_read_as_they_are(cli, tmp_path, start_server):
    """No manifest (the export loaded with the server's own tools): the default graph is used."""
    server = start_server("oxigraph-union")
    assert cli("export", "-o", tmp_path / "all.trig").code == 0
    load = urllib.request.Request(server.query.replace("/query", "/store"), data=(tmp_path / "all.trig").read_bytes(),
                                  headers={"Content-Type": "application/trig"}, method="POST")
    urllib.request.urlopen(load, timeout=60).read()
    assert RemoteGraph(server.query).dataset.graphs is None
    far = cli("gaps", "--state", "MO", "--format", "csv", "--endpoint", server.query)
    assert far.code == 0 and far.out == cli("gaps", "--state", "MO", "--format", "csv").out


# --- push ---------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def larger(synthetic_states):
    """Missouri and two synthetic states: a dataset to replace with Missouri alone."""
    return statgraph.load([REPO / "graph_data" / "jurisdictions", synthetic_states(2, 15, seed=1)])


def statgraph_graphs(server) -> set[str]:
    text = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    return {str(row[0]) for row in urllib_rows(server.query, text).rows}


def faulty_client(fail_at: int, when: str, interrupt: bool = False):
    """A Client whose exchange number ``fail_at`` fails: refused before it is sent, or sent and its
    answer replaced by an error (the server did the work, the client never heard). An HTTP 400,
    which no step retries; or Ctrl-C."""

    class Faulty(Client):
        calls = 0

        def post(self, url, body, content_type, accept="*/*"):
            type(self).calls += 1
            failing = type(self).calls == fail_at
            if failing and interrupt:
                raise KeyboardInterrupt()
            if failing and when == "before":
                return Answer(url, 400, {}, b"injected: refused before sending")
            answer = super().post(url, body, content_type, accept)
            if failing and when == "after":
                return Answer(url, 400, {}, b"injected: the answer was lost")
            return answer

    return Faulty(60.0)


def count_exchanges(kg, server) -> int:
    client = faulty_client(0, "never")
    Pusher(kg, server.query, server.update, 60.0, client=client).run()
    return type(client).calls


def answered_dataset(server, old, new) -> str:
    far = RemoteGraph(server.query)
    seen = (far.jurisdictions(), far.run("report-cards").rows, far.derived_count)
    if seen == (old.jurisdictions(), old.run("report-cards").rows, old.derived_count):
        return "old"
    if seen == (new.jurisdictions(), new.run("report-cards").rows, new.derived_count):
        return "new"
    return f"a mix: {seen}"


def test_an_interrupted_push_leaves_the_old_dataset(kg, larger, tmp_path, capsys, start_server):
    server = start_server("oxigraph")
    push_to(larger, server)
    with pytest.raises(KeyboardInterrupt):
        Pusher(kg, server.query, server.update, 60.0, client=faulty_client(2, "before", interrupt=True)).run()
    assert "still answers the previous dataset" in capsys.readouterr().err
    assert answered_dataset(server, larger, kg) == "old"
    assert statgraph_graphs(server) == set(RemoteGraph(server.query).dataset.graphs) | {MANIFEST_GRAPH}


def test_push_stops_when_the_query_endpoint_does_not_see_the_upload(cli, kg, tmp_path, start_server):
    """Query endpoint of one server, update endpoint of another: checked before the switch."""
    one = start_server("oxigraph")
    other = start_server("oxigraph")
    run = cli("push", "--endpoint", one.query, "--update-endpoint", other.update)
    assert run.code == 3 and "sees 0 of the" in run.err and "same dataset" in run.err
    assert "still answers the previous dataset" in run.err and "Traceback" not in run.err
    assert statgraph_graphs(other) == set()  # what was staged there was removed again


def test_push_command_shows_progress_and_is_idempotent(cli, kg, tmp_path, start_server):
    server = start_server("oxigraph")
    for _ in range(2):
        run = cli("push", "--endpoint", server.query, "--update-endpoint", server.update)
        assert run.code == 0 and "pushed 2 graphs" in run.out and "the server now answers" in run.out
        assert "push: 2/2 derived values" in run.err and "switching the server" in run.err
    assert "removed 2 graphs of earlier pushes" in run.out
    assert len(statgraph_graphs(server)) == 3


# --- transport faults, against small canned servers -------------------------------------------------

EMPTY_RESULTS = (200, {"Content-Type": "application/sparql-results+json"},
                 b'{"head": {"vars": ["graph", "generation", "pushed"]}, "results": {"bindings": []}}')


def test_connection_refused_is_a_clear_error_in_bounded_time(cli):
    start = time.monotonic()
    run = cli("gaps", "--state", "MO", "--endpoint", f"http://127.0.0.1:{free_port()}/query", "--timeout", "2")
    assert run.code == 3 and "cannot reach" in run.err and "Connection refused" in run.err
    assert time.monotonic() - start < 10 and "Traceback" not in run.err


def test_non_sparql_answer(cli, canned):
    run = cli("info", "--endpoint", canned.url + "/query")
    assert run.code == 3 and "did not answer with SPARQL JSON results" in run.err


def test_truncated_answer(cli, canned):
    canned.default = (200, {}, b'{"head": {"vars": ["code"]}, "results": {"bindings": [{"code": {"type": "lit')
    run = cli("info", "--endpoint", canned.url + "/query")
    assert run.code == 3 and "did not answer with SPARQL JSON results" in run.err and "Traceback" not in run.err


@pytest.mark.parametrize("status", [404, 500])
def test_http_errors(cli, canned, status):
    canned.default = (status, {}, b"nothing here")
    run = cli("gaps", "--state", "MO", "--endpoint", canned.url + "/query", "--timeout", "2")
    assert run.code == 3 and f"HTTP {status}" in run.err
    assert len(canned.seen) == (1 if status == 404 else READ_ATTEMPTS)  # reads retry on 5xx only


def slow(seconds: float):
    def answer(handler, body):
        time.sleep(seconds)
        handler.send_response(200)
        handler.end_headers()
    return answer


def test_timeout_is_not_retried(cli, canned):
    canned.default = slow(5)
    start = time.monotonic()
    run = cli("gaps", "--state", "MO", "--endpoint", canned.url + "/query", "--timeout", "1")
    assert run.code == 3 and "did not answer within 1 s" in run.err and "raise --timeout" in run.err
    assert len(canned.seen) == 1  # a slow server is not asked the same heavy query again
    assert time.monotonic() - start < 4


def trickle(handler, body):
    """Headers at once, then one byte of a never-ending answer every 0.2 s (for 20 s at most)."""
    handler.send_response(200)
    handler.send_header("Content-Type", "application/sparql-results+json")
    handler.end_headers()
    for _ in range(100):
        handler.wfile.write(b" ")
        handler.wfile.flush()
        time.sleep(0.2)


def test_timeout_bounds_the_whole_exchange_against_a_trickling_server(cli, canned):
    canned.default = trickle
    start = time.monotonic()
    run = cli("info", "--endpoint", canned.url + "/query", "--timeout", "2")
    assert run.code == 3 and "did not answer within 2 s" in run.err
    assert time.monotonic() - start < 5


@pytest.mark.parametrize("declared", [True, False], ids=["content-length", "read-until-close"])
def test_an_answer_over_the_limit_is_refused(cli, canned, monkeypatch, declared):
    monkeypatch.setenv("STATGRAPH_MAX_ANSWER_MB", "0.01")  # 10 kB
    body = b'{"head": {"vars": ["code"]}, "results": {"bindings": [' + b'{"code": {"type": "literal", "value": "MO"}},' * 2000
    canned.default = (200, {"Content-Length": str(len(body))} if declared else {}, body)
    run = cli("info", "--endpoint", canned.url + "/query")
    assert run.code == 3 and "larger than 0.01 MB" in run.err and "STATGRAPH_MAX_ANSWER_MB" in run.err


def test_an_answer_cut_short_by_the_server_is_refused(cli, canned):
    """Virtuoso's 'anytime' answers: the rows found before its time limit, flagged in a header."""
    canned.default = (200, {"X-SQL-State": "S1TAT", "X-SQL-Message": "RC...: Returning incomplete results"},
                      b'{"head": {"vars": ["code"]}, "results": {"bindings": []}}')
    run = cli("info", "--endpoint", canned.url + "/query")
    assert run.code == 3 and "cut the answer short at its own time limit" in run.err
    assert "will not show partial results" in run.err


def test_an_answer_at_the_servers_row_cap_is_refused(cli, canned):
    canned.default = (200, {"X-SPARQL-MaxRows": "10000"}, b'{"head": {"vars": ["code"]}, "results": {"bindings": []}}')
    run = cli("info", "--endpoint", canned.url + "/query")
    assert run.code == 3 and "stops every answer at 10000 rows" in run.err


def test_updates_are_never_retried(kg, canned):
    canned.routes["/query"] = EMPTY_RESULTS
    canned.routes["/update"] = (500, {}, b"out of memory")
    with pytest.raises(EnvironmentFailure, match="HTTP 500") as failure:
        Pusher(kg, canned.url + "/query", canned.url + "/update", 10.0).run()
    updates = [path for path, _, _ in canned.seen if path == "/update"]
    assert len(updates) == 2  # the first upload, then removing what was staged: nothing sent twice
    assert "still answers the previous dataset" in str(failure.value)


def test_credentials_come_from_the_environment_and_are_never_echoed(cli, canned, monkeypatch):
    monkeypatch.setenv("STATGRAPH_ENDPOINT_TOKEN", "s3cret-token")
    canned.default = (401, {}, b"who are you")
    run = cli("gaps", "--state", "MO", "--endpoint", canned.url + "/query")
    assert run.code == 3 and "refused access" in run.err and "s3cret" not in run.err + run.out
    assert canned.seen[0][1].get("Authorization") == "Bearer s3cret-token"
    url = canned.url.replace("http://", "http://user:pass@") + "/query"
    refused = cli("gaps", "--state", "MO", "--endpoint", url)
    assert refused.code == 2 and "must not carry credentials" in refused.err and "pass" not in refused.err


def test_basic_is_sent_only_when_asked_for(canned, monkeypatch):
    monkeypatch.setenv("STATGRAPH_ENDPOINT_USER", "ann")
    monkeypatch.setenv("STATGRAPH_ENDPOINT_PASSWORD", "pa:ss")

    def guarded(handler, body):
        if handler.headers.get("Authorization") == "Basic YW5uOnBhOnNz":  # ann:pa:ss
            handler.send_response(200)
            handler.send_header("Content-Type", "application/sparql-results+json")
            handler.end_headers()
            handler.wfile.write(b'{"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "literal", '
                                b'"value": "ok"}}]}}')
        else:
            handler.send_response(401)
            handler.send_header("WWW-Authenticate", 'Basic realm="statgraph test"')
            handler.end_headers()

    canned.default = guarded
    far = RemoteGraph(canned.url + "/query")
    assert far.rows("SELECT ?x WHERE {}").rows == [["ok"]]
    assert "Authorization" not in canned.seen[0][1]  # nothing sent before the server asked


def redirect_to(url: str, status: int = 307):
    return (status, {"Location": url}, b"")


def test_a_same_origin_307_is_followed_with_the_same_body(canned):
    canned.routes["/query"] = redirect_to("/sparql")
    canned.routes["/sparql"] = (200, {}, b'{"head": {"vars": ["x"]}, "results": {"bindings": []}}')
    assert RemoteGraph(canned.url + "/query").rows("SELECT ?x WHERE {}").rows == []
    (first, _, sent), (second, _, again) = canned.seen
    assert (first, second) == ("/query", "/sparql") and sent == again and b"SELECT" in again


def test_data_and_endpoint_together_are_refused(cli):
    run = cli("gaps", "--state", "MO", "--data", "x.ttl", "--endpoint", "http://127.0.0.1:1/query")
    assert run.code == 2 and "cannot be combined" in run.err


# --- statgraph serve --------------------------------------------------------------------------------

def test_serve_answers_named_queries_and_stops_cleanly_on_ctrl_c(cli, kg, tmp_path):
    servers.need("oxigraph")
    env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "TMPDIR": str(tmp_path)}
    process = subprocess.Popen([sys.executable, "-m", "statgraph", "serve"], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, env=env, cwd=tmp_path)
    try:
        lines = []
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not any("--endpoint" in line for line in lines):
            lines.append(process.stdout.readline())
        endpoint = next(line.split()[-1] for line in lines if "--endpoint" in line)
        assert endpoint.startswith("http://127.0.0.1:") and endpoint.endswith("/query")
        assert any("read-only" in line for line in lines)
        run = cli("gaps", "--state", "MO", "--endpoint", endpoint, "--format", "csv")
        assert run.code == 0 and run.out == cli("gaps", "--state", "MO", "--format", "csv").out
        refused = urllib.request.Request(endpoint.replace("/query", "/update"), data=b"DROP ALL",
                                         headers={"Content-Type": "application/sparql-update"})
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(refused, timeout=10)
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)
        assert process.returncode == 0, err
        assert "stopped" in out and "Traceback" not in err
        assert list(tmp_path.glob("statgraph-serve-*")) == []  # its store is removed
        with pytest.raises(OSError):
            urllib.request.urlopen(endpoint + "?query=ASK%7B%7D", timeout=5)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        shutil.rmtree(tmp_path / "statgraph-serve", ignore_errors=True)


# --- Virtuoso's stock accounts ------------------------------------------------------------------------

def test_virtuoso_refuses_anonymous_updates_and_push_says_what_to_set(cli, server):
    if server.name != "Virtuoso":
        pytest.skip("only Virtuoso needs credentials to update")
    run = cli("push", "--endpoint", server.query, "--update-endpoint", server.update)
    assert run.code == 3 and "refused access (HTTP 401)" in run.err and "STATGRAPH_ENDPOINT_USER" in run.err
    assert "still answers the previous dataset" in run.err


# --- criteria: the same rules on every engine (amend re-runs them on copies) ------------------

def test_every_criterion_gives_the_same_elements_on_every_server(kg, server):
    from statgraph.analyses.criteria import criterion_files, run_criterion
    far = RemoteGraph(server.query, timeout=120)
    for query in criterion_files():
        assert run_criterion(far, query, "MO") == run_criterion(kg, query, "MO"), query.name
