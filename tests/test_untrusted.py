"""Files other people send: a query file cannot reach out, generated Turtle cannot be injected,
and the terminal shows control characters instead of obeying them (issue #16, bullets 1 and 5)."""

from __future__ import annotations

import http.server
import json
import urllib.parse
import socket
import threading

import pyoxigraph as ox
import pytest
from hypothesis import given
from hypothesis import strategies as st

from statgraph.authoring import turtle
from statgraph.authoring.skeleton import skeleton
from statgraph.errors import InputError
from statgraph.kg.base import check_syntax
from statgraph.kg.store import load
from statgraph.kg.sparql import refuse_services, service_calls

EMPTY_RESULTS = json.dumps({"head": {"vars": ["s"]}, "results": {"bindings": []}}).encode()
# what a server holding statgraph's files in its default graph answers to statgraph's first question
ONTOLOGY_PRESENT = json.dumps({"head": {"vars": ["present"]}, "results": {"bindings": [{"present": {
    "type": "literal", "value": "true", "datatype": "http://www.w3.org/2001/XMLSchema#boolean"}}]}}).encode()


class Listener:
    """A loopback HTTP server that records every request and answers with empty SPARQL results."""

    def __init__(self):
        self.requests: list[str] = []
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's name)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode("utf-8", "replace")
                answer = EMPTY_RESULTS
                text = urllib.parse.unquote_plus(body)
                if "#title: Ontology present" in text:  # statgraph asking what the server holds: ours
                    answer = ONTOLOGY_PRESENT
                elif "#title: Pushed dataset" not in text:
                    outer.requests.append(f"POST {self.path} {text}")
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            do_GET = do_POST  # noqa: N815

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def listener():
    server = Listener()
    yield server
    server.close()


def service_query(url: str) -> str:
    return (f"PREFIX sg: <https://w3id.org/statgraph/ontology#>\n"
            f"SELECT ?s WHERE {{\n  ?s a sg:Jurisdiction .\n  SERVICE <{url}/sparql> {{ ?s ?p ?o }}\n}}\n")


# --- SERVICE ---------------------------------------------------------------------------------

def test_a_service_query_file_is_refused_and_makes_no_request(cli, tmp_path, listener):
    shared = tmp_path / "shared.rq"
    shared.write_text(service_query(listener.url), encoding="utf-8")
    run = cli("query", shared)
    assert run.code == 2
    assert "calls another server (SERVICE" in run.err and "--allow-service 127.0.0.1" in run.err
    assert listener.requests == []


def test_with_an_endpoint_the_local_syntax_check_reaches_no_service(cli, tmp_path, listener):
    """Before: the local 'syntax check' evaluated the query, so SERVICE ran on the user's machine."""
    service_host = Listener()  # the server the query names in SERVICE: nothing may reach it from here
    try:
        shared = tmp_path / "shared.rq"
        shared.write_text(service_query(service_host.url), encoding="utf-8")
        refused = cli("query", shared, "--endpoint", f"{listener.url}/query")
        assert refused.code == 2 and listener.requests == [] and service_host.requests == []
        allowed = cli("query", shared, "--endpoint", f"{listener.url}/query", "--allow-service", "127.0.0.1")
        assert allowed.code == 0, allowed.err
        assert len(listener.requests) == 1 and "SERVICE" in listener.requests[0]  # the endpoint runs it
        assert service_host.requests == []  # not this machine
    finally:
        service_host.close()


def test_allowing_the_host_lets_the_embedded_store_call_it(cli, tmp_path, listener):
    shared = tmp_path / "shared.rq"
    shared.write_text(service_query(listener.url), encoding="utf-8")
    assert cli("query", shared, "--allow-service", "example.org").code == 2  # another host: still refused
    run = cli("query", shared, "--allow-service", "127.0.0.1")
    assert run.code == 0, run.err
    assert len(listener.requests) == 1  # exactly the one the user allowed


def test_checking_syntax_never_executes_a_service(listener):
    text = service_query(listener.url)
    check_syntax(text, text, "shared.rq")
    with pytest.raises(InputError, match="SPARQL syntax error"):
        broken = text.replace("?s ?p ?o", "?s ?p")
        check_syntax(broken, broken, "broken.rq")
    assert listener.requests == []


@pytest.mark.parametrize("text", [
    "SELECT * WHERE { service <http://127.0.0.1:9/x> { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE SILENT <http://127.0.0.1:9/x> { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p ?o OPTIONAL{SERVICE<http://127.0.0.1:9/x>{?s ?p ?o}} }",
    "PREFIX e: <http://127.0.0.1:9/> SELECT * WHERE { SERVICE e:x { ?s ?p ?o } }",
    "SELECT * WHERE { VALUES ?e { <http://127.0.0.1:9/x> } SERVICE ?e { ?s ?p ?o } }",
])
def test_every_spelling_of_service_is_seen(text):
    assert service_calls(text)
    with pytest.raises(InputError):
        refuse_services(text, "q.rq")


@pytest.mark.parametrize("text", [
    '# SERVICE <http://127.0.0.1:9/x> in a comment\nSELECT * WHERE { ?s ?p "SERVICE <http://x/>" }',
    "SELECT * WHERE { ?s <http://example.org/SERVICE> ?o }",
    "SELECT ?service WHERE { ?service ?p ?o }",
])
def test_the_word_in_strings_comments_and_iris_is_not_a_call(text):
    assert service_calls(text) == []


# --- generated Turtle -----------------------------------------------------------------------------

INJECTED = 'Buyers\n<us-zz> <https://w3id.org/statgraph/ontology#code> "PWNED" .\n# '


def test_an_injected_goal_title_stays_a_comment_in_new_state(cli, tmp_path):
    """A goal title with line breaks, loaded with --data, once wrote a live triple into the skeleton."""
    evil = tmp_path / "evil.ttl"
    evil.write_text("@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
                    f"<https://w3id.org/statgraph/id/framework/2023/goal/1.1> skos:prefLabel {turtle.literal(INJECTED)} .\n",
                    encoding="utf-8")
    # the first defence: an entry may not restate the framework at all
    refused = cli("new-state", "--state", "KS", "--year", "2024", "--data", evil)
    assert refused.code == 2 and "framework" in refused.err
    # the second: even a graph holding such a title writes it as a comment, never as a statement
    kg = load([evil], refuse_trespass=False)
    text = skeleton(kg, "ZZ", 2024)
    assert "Buyers" in text
    triples = list(ox.parse(text.encode("utf-8"), ox.RdfFormat.TURTLE))
    assert not any(t.object == ox.Literal("PWNED") for t in triples)
    clean = list(ox.parse(skeleton(load(), "ZZ", 2024).encode("utf-8"), ox.RdfFormat.TURTLE))
    assert set(triples) == set(clean)


@given(st.text())
def test_any_text_is_one_literal_and_any_comment_no_statement(text):
    document = (turtle.prologue(("sg",)) + turtle.comment(text) + "\n"
                + f"{turtle.iri('x/' + text)} sg:p {turtle.literal(text)} ." + turtle.note(text) + "\n"
                + f"{turtle.iri(text or 'x')} sg:p {turtle.iri('https://example.org/' + text)} .\n")
    triples = list(ox.parse(document.encode("utf-8"), ox.RdfFormat.TURTLE))
    assert len(triples) == 2
    assert triples[0].object.value == text


def test_the_writer_refuses_what_it_cannot_escape():
    with pytest.raises(ValueError):
        turtle.name('sg:FullyMet ; sg:code "X"')
    with pytest.raises(ValueError):
        turtle.decimal("NaN")
    assert turtle.iri('x> <y') == "<x%3E%20%3Cy>"


# --- the terminal ------------------------------------------------------------------------------------

HOSTILE = "Evil\x1b]0;owned\x07\x1b[2J\u202eFED\x00 state"


@pytest.fixture
def hostile_entry(tmp_path):
    entry = tmp_path / "zz.ttl"
    entry.write_text("@prefix sg: <https://w3id.org/statgraph/ontology#> .\n"
                     "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
                     f"<https://w3id.org/statgraph/id/us-zz> a sg:Jurisdiction ; sg:code \"ZZ\" ;"
                     f" rdfs:label {turtle.literal(HOSTILE)} .\n", encoding="utf-8")
    query = tmp_path / "names.rq"
    query.write_text("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
                     "SELECT ?name WHERE { <https://w3id.org/statgraph/id/us-zz> rdfs:label ?name }\n",
                     encoding="utf-8")
    return entry, query


def test_control_and_bidi_characters_are_shown_not_obeyed(cli, hostile_entry):
    entry, query = hostile_entry
    table = cli("query", query, "--data", entry)
    assert table.code == 0, table.err
    for raw in ("\x1b", "\x07", "\u202e", "\x00"):
        assert raw not in table.out
    assert "Evil\\x1b]0;owned\\x07\\x1b[2J\\u202eFED\\x00 state" in table.out
    # the data itself is unchanged where programs read it
    assert json.loads(cli("query", query, "--data", entry, "--format", "json").out) == [{"name": HOSTILE}]
    assert HOSTILE in cli("query", query, "--data", entry, "--format", "csv").out


def test_error_messages_escape_and_cut_what_the_user_typed(cli):
    run = cli("query", "goal-status", "--param", "state=M\x1b[2JO")
    assert run.code == 2 and "\x1b" not in run.err and "\\x1b[2J" in run.err
    long = cli("info", "--data", "x" * 100_000)
    assert long.code == 2 and len(long.err) < 600 and "characters]" in long.err


def test_an_unknown_state_in_query_is_reported_as_in_gaps(cli):
    run = cli("query", "goal-status", "--param", "state=ZZ")
    assert run.code == 2 and "unknown state 'ZZ'" in run.err and run.out == ""


def test_a_port_in_allow_service_must_match(tmp_path):
    text = "SELECT * WHERE { SERVICE <http://data.example.org:8890/sparql> { ?s ?p ?o } }"
    refuse_services(text, "q.rq", frozenset({"data.example.org"}))
    refuse_services(text, "q.rq", frozenset({"data.example.org:8890"}))
    with pytest.raises(InputError):
        refuse_services(text, "q.rq", frozenset({"data.example.org:80"}))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_terminal_never_gets_raw_control_characters_whatever_the_format(hostile_entry):
    """CSV is data when redirected, but on a terminal it is shown: escaped like the table."""
    import os
    import pty
    import subprocess
    import sys
    entry, query = hostile_entry
    leader, follower = pty.openpty()
    done = subprocess.run([sys.executable, "-m", "statgraph.cli", "query", str(query), "--data", str(entry),
                           "--format", "csv"], stdout=follower, stderr=subprocess.PIPE, timeout=120)
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    assert done.returncode == 0, done.stderr
    assert b"\x1b" not in shown and b"Evil\\x1b]0;owned" in shown


def test_an_amended_entry_header_cannot_add_a_statement():
    """amend --write-entry heads the file with the state's name and the amendment's source."""
    triple = (ox.NamedNode("https://w3id.org/statgraph/id/us-zz"), ox.NamedNode("urn:p"), ox.Literal("x"))
    text = turtle.document([triple], [INJECTED + "'s entries", "by 'statgraph amend' (x\r<a> <b> <c> .)"])
    parsed = list(ox.parse(text, ox.RdfFormat.TURTLE))
    assert [(q.subject, q.predicate, q.object) for q in parsed] == [triple]
