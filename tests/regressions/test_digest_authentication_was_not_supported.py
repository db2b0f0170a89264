"""Issue #14: Virtuoso's authenticated endpoint /sparql-auth wants HTTP Digest, and statgraph sent
only Basic, so `push` to a stock Virtuoso could not authenticate."""

import hashlib
import re

from statgraph.kg.transport import Client


def test_digest_answers_the_servers_challenge(canned, monkeypatch):
    """RFC 7616 Digest (MD5, qop=auth), checked by the server with the password; the nonce is
    reused with a growing count, so later requests need no second round trip."""
    monkeypatch.setenv("STATGRAPH_ENDPOINT_USER", "dba")
    monkeypatch.setenv("STATGRAPH_ENDPOINT_PASSWORD", "s3cret")
    nonce = "ab12cd34"

    def guarded(handler, body):
        header = handler.headers.get("Authorization", "")
        fields = dict(re.findall(r'(\w+)="?([^",]*)"?', header))
        if header.startswith("Digest ") and fields.get("nonce") == nonce:
            ha1 = hashlib.md5(b"dba:SPARQL:s3cret").hexdigest()
            ha2 = hashlib.md5(f"POST:{fields['uri']}".encode()).hexdigest()
            expected = hashlib.md5(f"{ha1}:{nonce}:{fields['nc']}:{fields['cnonce']}:auth:{ha2}".encode()).hexdigest()
            if fields["response"] == expected:
                handler.send_response(204)
                handler.end_headers()
                return
        handler.send_response(401)
        handler.send_header("WWW-Authenticate",
                            f'Digest realm="SPARQL", nonce="{nonce}", qop="auth", algorithm="MD5", opaque="x"')
        handler.end_headers()

    canned.default = guarded
    client = Client(5.0)
    for _ in range(3):
        assert client.post(canned.url + "/sparql-auth", b"INSERT DATA {}", "application/sparql-update").status == 204
    assert len(canned.seen) == 4  # one challenge, then three answered requests
    assert all("s3cret" not in str(headers) for _, headers, _ in canned.seen)
