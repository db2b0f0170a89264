"""Issue #14: through SPARQLWrapper a 302 to another port was followed as a GET carrying the
bearer token (measured with SPARQLWrapper 2.0). A redirect is now followed only to the same origin
and only when it keeps the method; credentials never go to another host."""

from test_remote import EMPTY_RESULTS, redirect_to


def test_a_redirect_to_another_port_gets_no_credentials_and_push_fails(cli, canned, other_canned, monkeypatch):
    monkeypatch.setenv("STATGRAPH_ENDPOINT_USER", "dba")
    monkeypatch.setenv("STATGRAPH_ENDPOINT_PASSWORD", "s3cret")
    monkeypatch.setenv("STATGRAPH_ENDPOINT_TOKEN", "t0ken")
    other_canned.default = EMPTY_RESULTS
    canned.routes["/query"] = redirect_to(other_canned.url + "/query")
    canned.routes["/update"] = redirect_to(other_canned.url + "/update")
    run = cli("push", "--endpoint", canned.url + "/query", "--update-endpoint", canned.url + "/update")
    assert run.code == 3 and "redirected to another server" in run.err and "Traceback" not in run.err
    assert other_canned.seen == []  # not followed at all: nothing, credentials least of all, went there
    assert "s3cret" not in run.err + run.out and "t0ken" not in run.err + run.out
    query = cli("gaps", "--state", "MO", "--endpoint", canned.url + "/query")
    assert query.code == 3 and "redirected to another server" in query.err and other_canned.seen == []


def test_a_post_is_never_turned_into_a_get(cli, canned):
    canned.routes["/query"] = redirect_to(canned.url + "/elsewhere", 302)
    run = cli("gaps", "--state", "MO", "--endpoint", canned.url + "/query")
    assert run.code == 3 and "would turn it into a GET" in run.err
    assert [path for path, _, _ in canned.seen] == ["/query"]
