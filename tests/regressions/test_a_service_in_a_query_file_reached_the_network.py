"""Issue #16: `statgraph query shared.rq`, where the file held `SERVICE <http://...>`, made an HTTP
request from the user's machine (to a host that never answered it ran for 620 s)."""

from test_untrusted import listener, service_query


def test_a_service_query_file_is_refused_and_makes_no_request(cli, tmp_path, listener):
    shared = tmp_path / "shared.rq"
    shared.write_text(service_query(listener.url), encoding="utf-8")
    run = cli("query", shared)
    assert run.code == 2
    assert "calls another server (SERVICE" in run.err and "--allow-service 127.0.0.1" in run.err
    assert listener.requests == []
