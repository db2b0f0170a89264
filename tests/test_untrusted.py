"""Files other people send: a query file cannot reach out, generated Turtle cannot be injected,
and the terminal shows control characters instead of obeying them (issue #16, bullets 1 and 5)."""

from __future__ import annotations

import json
import urllib.parse

import pyoxigraph as ox
import pytest
from hypothesis import given
from hypothesis import strategies as st

from statgraph.authoring import turtle
from statgraph.errors import InputError
from statgraph.kg.base import check_syntax
from statgraph.kg.sparql import refuse_services, service_calls

from servers import Canned

EMPTY_RESULTS = json.dumps({"head": {"vars": ["s"]}, "results": {"bindings": []}}).encode()
# what a server holding statgraph's files in its default graph answers to statgraph's first question
ONTOLOGY_PRESENT = json.dumps({"head": {"vars": ["present"]}, "results": {"bindings": [{"present": {
    "type": "literal", "value": "true", "datatype": "http://www.w3.org/2001/XMLSchema#boolean"}}]}}).encode()


class Listener(Canned):
    """A canned server answering empty SPARQL results; ``requests`` lists what it was asked,
    without statgraph's own questions about what the server holds."""

    def __init__(self):
        super().__init__()
        self.requests: list[str] = []
        self.default = self._answer

    def _answer(self, handler, body: bytes) -> None:
        text = urllib.parse.unquote_plus(body.decode("utf-8", "replace"))
        answer = EMPTY_RESULTS
        if "#title: Ontology present" in text:  # statgraph asking what the server holds: ours
            answer = ONTOLOGY_PRESENT
        elif "#title: Pushed dataset" not in text:
            self.requests.append(f"POST {handler.path} {text}")
        handler.send_response(200)
        handler.send_header("Content-Type", "application/sparql-results+json")
        handler.send_header("Content-Length", str(len(answer)))
        handler.end_headers()
        handler.wfile.write(answer)


@pytest.fixture
def listener():
    server = Listener()
    yield server
    server.close()


def service_query(url: str) -> str:
    return (f"PREFIX sg: <https://w3id.org/statgraph/ontology#>\n"
            f"SELECT ?s WHERE {{\n  ?s a sg:Jurisdiction .\n  SERVICE <{url}/sparql> {{ ?s ?p ?o }}\n}}\n")


# --- SERVICE ---------------------------------------------------------------------------------

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


def test_a_port_in_allow_service_must_match(tmp_path):
    text = "SELECT * WHERE { SERVICE <http://data.example.org:8890/sparql> { ?s ?p ?o } }"
    refuse_services(text, "q.rq", frozenset({"data.example.org"}))
    refuse_services(text, "q.rq", frozenset({"data.example.org:8890"}))
    with pytest.raises(InputError):
        refuse_services(text, "q.rq", frozenset({"data.example.org:80"}))


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
