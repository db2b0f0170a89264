"""Issue #16: with --endpoint the local "syntax check" executed the query, so a SERVICE in a query
meant for the server was called from the user's machine."""

from test_untrusted import Listener, listener, service_query


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
