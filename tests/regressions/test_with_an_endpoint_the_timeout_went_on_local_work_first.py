"""Issue #16: with `--endpoint URL --timeout 5`, 25 s went on local work (loading and deriving the
bundled graph) before anything was sent, and the limit did not bound the exchange."""

import socket
import threading
import time


def test_the_request_leaves_at_once_and_the_limit_bounds_a_server_that_never_answers(cli):
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    accepted: list[float] = []
    held = []

    def accept_and_say_nothing():
        while True:
            try:
                connection, _ = listener.accept()
            except OSError:  # closed at the end of the test
                return
            accepted.append(time.monotonic())
            held.append(connection)

    threading.Thread(target=accept_and_say_nothing, daemon=True).start()
    try:
        started = time.monotonic()
        run = cli("gaps", "--state", "MO", "--endpoint", f"http://127.0.0.1:{port}/query", "--timeout", "2")
        elapsed = time.monotonic() - started
    finally:
        listener.close()
        for connection in held:
            connection.close()
    assert run.code == 3 and f"127.0.0.1:{port}/query did not answer within 2 s" in run.err, run.err
    assert accepted and accepted[0] - started < 1.0, "local work came before the request"
    assert elapsed < 2 + 1.5, f"took {elapsed:.1f} s for a 2 s limit"
