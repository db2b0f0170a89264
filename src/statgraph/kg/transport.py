"""HTTP for SPARQL servers: one POST exchange, bounded in time and size, authenticated safely.

statgraph speaks to servers through this module only (queries and push). It
uses the standard library's http.client directly rather than urllib or
SPARQLWrapper, because the rules below are not theirs:

- Credentials come from the environment only: ``STATGRAPH_ENDPOINT_TOKEN`` (a
  bearer token, sent with every request), or ``STATGRAPH_ENDPOINT_USER`` and
  ``STATGRAPH_ENDPOINT_PASSWORD``, sent only when the server asks (HTTP 401)
  and in the scheme it asks for: Digest (RFC 7616: MD5, SHA-256, with or without
  ``-sess``; qop ``auth``) or Basic. A password is never sent in the clear to a
  server that asked for Digest, and never printed.
- A redirect is followed only within the same origin (scheme, host and port),
  and only one that keeps the method (307, 308): a POST is never turned into a
  GET, and nothing, credentials least of all, goes to another host.
- ``timeout`` bounds the whole exchange — connecting, authenticating, following
  redirects and reading the answer — even against a server that trickles bytes:
  a watchdog closes the connection when the time is up.
- An answer larger than ``max_bytes`` is refused, by its Content-Length before
  reading or as soon as the bytes read pass the limit.
"""

from __future__ import annotations

import base64
import hashlib
import http.client
import os
import re
import secrets
import socket
import ssl
import threading
import time
from dataclasses import dataclass, field
from typing import BinaryIO
from urllib.parse import urljoin, urlsplit

from statgraph.errors import EnvironmentFailure, InputError

DEFAULT_MAX_ANSWER = 512 * 1024 * 1024  # bytes; STATGRAPH_MAX_ANSWER_MB changes it
MAX_REDIRECTS = 5
_CHUNK = 64 * 1024
CREDENTIAL_HINT = "set STATGRAPH_ENDPOINT_USER and STATGRAPH_ENDPOINT_PASSWORD, or STATGRAPH_ENDPOINT_TOKEN"


def max_answer_bytes() -> int:
    """The size limit for one answer: STATGRAPH_MAX_ANSWER_MB, else 512 MB."""
    given = os.environ.get("STATGRAPH_MAX_ANSWER_MB")
    if not given:
        return DEFAULT_MAX_ANSWER
    try:
        megabytes = float(given)
    except ValueError:
        raise InputError(f"STATGRAPH_MAX_ANSWER_MB must be a number of megabytes, got {given[:40]!r}") from None
    if not megabytes > 0:
        raise InputError(f"STATGRAPH_MAX_ANSWER_MB must be positive, got {given[:40]!r}")
    return int(megabytes * 1024 * 1024)


def check_url(url: str, option: str) -> str:
    """An http(s) URL without credentials in it (those belong in the environment)."""
    if not isinstance(url, str) or not url.startswith(("http://", "https://")):
        raise InputError(f"{option} must be an http:// or https:// URL, got {str(url)[:80]!r}")
    parts = urlsplit(url)
    if "@" in parts.netloc:
        raise InputError(f"{option} must not carry credentials", hint=CREDENTIAL_HINT)
    if not parts.hostname:
        raise InputError(f"{option} has no host: {url[:80]!r}")
    try:
        parts.port  # noqa: B018 (raises on a port that is not a number)
    except ValueError:
        raise InputError(f"{option} has a bad port: {url[:80]!r}") from None
    return url


def origin(url: str) -> tuple[str, str, int]:
    parts = urlsplit(url)
    return parts.scheme, (parts.hostname or "").lower(), parts.port or (443 if parts.scheme == "https" else 80)


@dataclass
class Answer:
    """An HTTP answer read in full: status, headers (names in lower case) and body."""

    url: str
    status: int
    headers: dict[str, str]
    body: bytes
    challenges: list[str] = field(default_factory=list)  # the WWW-Authenticate headers

    def text(self, limit: int = 300) -> str:
        return self.body[:limit].decode("utf-8", "replace").strip()


# --- credentials and challenges ---------------------------------------------------------

@dataclass(frozen=True)
class Credentials:
    token: str | None = None
    user: str | None = None
    password: str = ""

    @classmethod
    def from_environment(cls) -> Credentials:
        token = os.environ.get("STATGRAPH_ENDPOINT_TOKEN") or None
        user = os.environ.get("STATGRAPH_ENDPOINT_USER") or None
        return cls(token, user, os.environ.get("STATGRAPH_ENDPOINT_PASSWORD", ""))

    def __repr__(self) -> str:  # never shows a secret, e.g. in a traceback with --debug
        return f"Credentials(token={'set' if self.token else None}, user={'set' if self.user else None})"


_CHALLENGE = re.compile(r'([A-Za-z][\w-]*)\s*=\s*("(?:[^"\\]|\\.)*"|[^,\s]*)')


def parse_challenges(headers: list[str]) -> dict[str, dict[str, str]]:
    """WWW-Authenticate headers as {scheme: {param: value}}, scheme in lower case."""
    found: dict[str, dict[str, str]] = {}
    for header in headers:
        # a new challenge starts at a scheme token followed by a space and a parameter (or the end)
        for match in re.finditer(r'(?:^|,)\s*([A-Za-z][\w-]*)(?=\s+[A-Za-z][\w-]*\s*=|\s*(?:,|$))', header):
            scheme = match.group(1).lower()
            rest = header[match.end():]
            params: dict[str, str] = {}
            position = len(rest) - len(rest.lstrip())
            while True:
                item = _CHALLENGE.match(rest, position)
                if not item:
                    break
                value = item.group(2)
                if value.startswith('"'):
                    value = re.sub(r"\\(.)", r"\1", value[1:-1])
                params[item.group(1).lower()] = value
                position = item.end()
                comma = re.match(r"\s*,\s*", rest[position:])
                if not comma:
                    break
                position += comma.end()
            found.setdefault(scheme, params)
    return found


_DIGESTS = {"md5": hashlib.md5, "sha-256": hashlib.sha256}


@dataclass
class DigestState:
    """A server's Digest challenge, reused for later requests with a growing nonce count."""

    challenge: dict[str, str]
    count: int = 0
    cnonce: str = field(default_factory=lambda: secrets.token_hex(8))

    def usable(self) -> bool:
        algorithm = self.challenge.get("algorithm", "MD5").lower().removesuffix("-sess")
        qops = {q.strip() for q in self.challenge.get("qop", "auth").split(",")} if "qop" in self.challenge else {""}
        return algorithm in _DIGESTS and bool(qops & {"auth", ""}) and "nonce" in self.challenge

    def header(self, credentials: Credentials, method: str, uri: str) -> str:
        c = self.challenge
        algorithm = c.get("algorithm", "MD5")
        digest = _DIGESTS[algorithm.lower().removesuffix("-sess")]

        def h(text: str) -> str:
            return digest(text.encode("utf-8")).hexdigest()

        self.count += 1
        nc = f"{self.count:08x}"
        realm, nonce = c.get("realm", ""), c["nonce"]
        ha1 = h(f"{credentials.user}:{realm}:{credentials.password}")
        if algorithm.lower().endswith("-sess"):
            ha1 = h(f"{ha1}:{nonce}:{self.cnonce}")
        ha2 = h(f"{method}:{uri}")
        qop = "auth" if "qop" in c else ""
        response = h(f"{ha1}:{nonce}:{nc}:{self.cnonce}:{qop}:{ha2}") if qop else h(f"{ha1}:{nonce}:{ha2}")

        def quoted(value: str) -> str:
            return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'

        parts = [f"username={quoted(credentials.user or '')}", f"realm={quoted(realm)}", f"nonce={quoted(nonce)}",
                 f"uri={quoted(uri)}", f"algorithm={algorithm}", f"response={quoted(response)}"]
        if qop:
            parts += [f"qop={qop}", f"nc={nc}", f"cnonce={quoted(self.cnonce)}"]
        if "opaque" in c:
            parts.append(f"opaque={quoted(c['opaque'])}")
        return "Digest " + ", ".join(parts)


# --- the exchange ---------------------------------------------------------------------------

class _Watchdog:
    """Closes a connection's socket when the deadline passes, so no read can outlast it."""

    def __init__(self, connection: http.client.HTTPConnection, seconds: float):
        self.fired = False
        self.sock = None
        self._connection = connection
        self._timer = threading.Timer(max(seconds, 0.001), self._fire)
        self._timer.daemon = True

    def _fire(self) -> None:
        self.fired = True
        # http.client lets go of the connection's socket once a response that ends with the
        # connection is read, so the socket is kept here as soon as the request is sent
        sock = self._connection.sock or self.sock
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def __enter__(self):
        self._timer.start()
        return self

    def __exit__(self, *exc):
        self._timer.cancel()


class TimedOut(Exception):
    """The exchange did not finish within the time allowed."""


class Client:
    """POSTs to one server's endpoints with statgraph's rules for auth, redirects, time and size."""

    def __init__(self, timeout: float, max_bytes: int | None = None,
                 credentials: Credentials | None = None):
        self.timeout = timeout
        self.max_bytes = max_bytes if max_bytes is not None else max_answer_bytes()
        self.credentials = credentials if credentials is not None else Credentials.from_environment()
        self._digest: dict[tuple, DigestState] = {}
        self._basic: set[tuple] = set()

    # -- public ------------------------------------------------------------------------------

    def post(self, url: str, body: bytes | BinaryIO, content_type: str, accept: str = "*/*") -> Answer:
        """POST ``body`` and read the answer, following same-origin 307/308 redirects and
        answering one authentication challenge. Raises TimedOut, OSError (connection),
        EnvironmentFailure (a redirect or an answer statgraph refuses)."""
        deadline = time.monotonic() + self.timeout
        start_url = url
        challenged = False
        for _hop in range(MAX_REDIRECTS + 1):
            answer = self._exchange(url, body, content_type, accept, deadline)
            if answer.status == 401 and self._can_answer(url, answer) and not challenged:
                challenged = True
                continue  # same URL, now with credentials
            if answer.status in (301, 302, 303, 307, 308):
                url = self._redirect(start_url, url, answer)
                continue
            return answer
        raise EnvironmentFailure(f"{start_url} redirected more than {MAX_REDIRECTS} times",
                                 hint="give the server's final endpoint URL")

    # -- parts ---------------------------------------------------------------------------------

    def _redirect(self, start_url: str, url: str, answer: Answer) -> str:
        location = answer.headers.get("location")
        if not location:
            raise EnvironmentFailure(f"{url} answered HTTP {answer.status} without saying where to")
        target = urljoin(url, location)
        shown = target.split("?", 1)[0][:120]
        if origin(target) != origin(url):
            raise EnvironmentFailure(
                f"{url} redirected to another server ({shown}); statgraph does not follow it",
                hint="redirects are followed only within the same scheme, host and port, so credentials "
                     "never reach another host; if you trust that server, give its URL instead")
        if answer.status not in (307, 308):
            raise EnvironmentFailure(
                f"{url} redirected a POST with HTTP {answer.status} to {shown}, which would turn it into a GET; "
                "statgraph does not",
                hint="give the URL it points to instead")
        check_url(target, "a redirect")
        return target

    def _can_answer(self, url: str, answer: Answer) -> bool:
        """Prepare credentials for the challenge in ``answer``; False when there is nothing to send."""
        creds = self.credentials
        if not creds.user:
            return False
        challenges = parse_challenges(answer.challenges)
        key = origin(url)
        digest = challenges.get("digest")
        if digest is not None and DigestState(digest).usable():
            self._digest[key] = DigestState(digest)
            return True
        if "basic" in challenges:
            self._basic.add(key)
            return True
        return False

    def _authorization(self, url: str, method: str, path: str) -> str | None:
        creds = self.credentials
        if creds.token:
            return f"Bearer {creds.token}"
        key = origin(url)
        if creds.user and key in self._digest:
            return self._digest[key].header(creds, method, path)
        if creds.user and key in self._basic:
            secret = f"{creds.user}:{creds.password}".encode("utf-8")
            return "Basic " + base64.b64encode(secret).decode("ascii")
        return None

    def _exchange(self, url: str, body: bytes | BinaryIO, content_type: str, accept: str,
                  deadline: float) -> Answer:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimedOut()
        parts = urlsplit(url)
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        if parts.scheme == "https":
            connection = http.client.HTTPSConnection(parts.hostname, parts.port, timeout=remaining,
                                                     context=ssl.create_default_context())
        else:
            connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=remaining)
        if isinstance(body, bytes):
            length = len(body)
        else:
            body.seek(0, os.SEEK_END)
            length = body.tell()
            body.seek(0)
        headers = {"Content-Type": content_type, "Accept": accept, "Content-Length": str(length),
                   "Accept-Encoding": "identity", "User-Agent": "statgraph"}
        authorization = self._authorization(url, "POST", path)
        if authorization:
            headers["Authorization"] = authorization
        watchdog = _Watchdog(connection, remaining)
        try:
            with watchdog:
                try:
                    connection.request("POST", path, body=body, headers=headers)
                    watchdog.sock = connection.sock
                    response = connection.getresponse()
                    answer_headers = {name.lower(): value for name, value in response.getheaders()}
                    challenges = response.msg.get_all("WWW-Authenticate") or []
                    declared = answer_headers.get("content-length")
                    if declared and declared.isdigit() and int(declared) > self.max_bytes:
                        raise _TooLarge()
                    chunks, size = [], 0
                    while True:
                        chunk = response.read1(_CHUNK) if not response.isclosed() else b""  # what has arrived
                        if not chunk:
                            break
                        size += len(chunk)
                        if size > self.max_bytes:
                            raise _TooLarge()
                        chunks.append(chunk)
                        if time.monotonic() > deadline:
                            raise TimedOut()
                except (OSError, http.client.HTTPException) as error:
                    if watchdog.fired or isinstance(error, (socket.timeout, TimeoutError)):
                        raise TimedOut() from None
                    if isinstance(error, http.client.HTTPException) and not isinstance(error, OSError):
                        raise ConnectionError(f"the connection broke: {type(error).__name__}") from None
                    raise
            if watchdog.fired:
                raise TimedOut()
        except _TooLarge:
            limit = self.max_bytes / (1024 * 1024)
            raise EnvironmentFailure(
                f"{url} sent an answer larger than {limit:.3g} MB; statgraph refuses it rather than hold it all",
                hint="ask a narrower question (a parameter, LIMIT), or raise the limit with "
                     "STATGRAPH_MAX_ANSWER_MB") from None
        finally:
            connection.close()
        return Answer(url, response.status, answer_headers, b"".join(chunks), challenges)


class _TooLarge(Exception):
    pass
