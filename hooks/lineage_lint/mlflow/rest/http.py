"""Requests to the tracking server with the standard library's ``http.client``: connections kept alive (one set
per thread), proxies, redirects, bounded retries with backoff, JSON in and out, and every failure as one of
:mod:`lineage_lint.mlflow.rest.errors` with a plain reason.

It behaves as MLflow's client (requests and urllib3 underneath it) does: each request is retried after a
failure to connect, a time-out, a dropped connection and HTTP 408, 429, 500, 502, 503, 504, at most
``retries`` times, with no pause before the first retry and ``backoff_factor * 2**(n-1)`` (plus up to
``backoff_jitter``) before the n-th, or what ``Retry-After`` says (capped at 120 s); up to 30 redirects are
followed, and the credentials are dropped on one to another host; a ``gzip`` answer is inflated. An
untrusted certificate is not retried (it will not become trusted), and an answer larger than 256 MiB is
refused.
"""

from __future__ import annotations

import http.client
import json
import random
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urljoin, urlsplit

from lineage_lint.mlflow.rest import settings
from lineage_lint.mlflow.rest.errors import BadReply, ServerError, Unreachable
from lineage_lint.mlflow.rest.settings import Endpoint, Limits, Origin

MAX_BODY = 256 * 1024 * 1024
MAX_REDIRECTS = 30
MAX_PAUSE = 120.0
RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
RETRY_AFTER_STATUSES = frozenset({413, 429, 503})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
# MLflow's client names an error answer without an error_code in its body by its status, so:
_ERROR_CODES = {400: "BAD_REQUEST", 401: "UNAUTHENTICATED", 403: "PERMISSION_DENIED", 404: "ENDPOINT_NOT_FOUND",
                409: "ALREADY_EXISTS", 429: "RESOURCE_EXHAUSTED", 499: "CANCELLED", 500: "INTERNAL_ERROR",
                501: "NOT_IMPLEMENTED", 503: "TEMPORARILY_UNAVAILABLE", 504: "DEADLINE_EXCEEDED"}
_DROPPED = (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError, ConnectionAbortedError)


@dataclass
class Reply:
    status: int
    headers: dict[str, str]  # names in lower case
    body: bytes


@dataclass
class _Connection:
    http: http.client.HTTPConnection
    via: str  # "http://host:port" when a plain-HTTP proxy forwards the request (the target is then absolute)
    proxy_headers: dict[str, str]


class _NoAnswer(Exception):
    def __init__(self, reason: str, retry: bool) -> None:
        super().__init__(reason)
        self.reason, self.retry = reason, retry


class Transport:
    """GET and POST to one tracking server's REST API, answers as JSON objects."""

    def __init__(self, endpoint: Endpoint, limits: Limits) -> None:
        self.endpoint = endpoint
        self.limits = limits
        self._local = threading.local()

    def get(self, path: str, params: Mapping[str, str | int | list[str] | None] | None = None) -> dict[str, Any]:
        query = urlencode({key: value for key, value in (params or {}).items() if value is not None}, doseq=True)
        return self.call("GET", path + (f"?{query}" if query else ""), None)

    def post(self, path: str, body: Mapping[str, Any]) -> dict[str, Any]:
        return self.call("POST", path, json.dumps({k: v for k, v in body.items() if v is not None}).encode())

    def call(self, method: str, path: str, body: bytes | None) -> dict[str, Any]:
        """The JSON object ``path`` (below the tracking URI) answers; raises :class:`Unreachable`,
        :class:`ServerError` or :class:`BadReply`."""
        origin, target, authorized = self.endpoint.origin, self.endpoint.prefix + path, True
        for _ in range(MAX_REDIRECTS + 1):
            reply, attempts = self._with_retries(origin, method, target, body, authorized)
            location = reply.headers.get("location")
            if reply.status not in REDIRECT_STATUSES or not location:
                return _decode(reply, attempts, path)
            moved = urlsplit(urljoin(f"{origin.scheme}://{origin.netloc}{target}", location))
            scheme = moved.scheme.lower()
            if scheme not in ("http", "https") or not moved.hostname:
                raise Unreachable(f"HTTP {reply.status} redirects to a location that is not http(s)")
            new = Origin(scheme, moved.hostname, moved.port or (443 if scheme == "https" else 80))
            authorized = authorized and _same_host(origin, new)
            target = (moved.path or "/") + (f"?{moved.query}" if moved.query else "")
            if reply.status == 303 or (reply.status in (301, 302) and method == "POST"):
                method, body = "GET", None
            origin = new
        raise Unreachable(f"more than {MAX_REDIRECTS} redirects")

    def close(self) -> None:
        for connection in getattr(self._local, "pool", {}).values():
            connection.http.close()
        self._local.pool = {}

    # --- one request, retried ---------------------------------------------------------------------------

    def _with_retries(self, origin: Origin, method: str, target: str, body: bytes | None,
                      authorized: bool) -> tuple[Reply, int]:
        attempt = 0
        while True:
            attempt += 1
            try:
                reply = self._exchange(origin, method, target, body, authorized)
            except _NoAnswer as failed:
                if not failed.retry or attempt > self.limits.retries:
                    tried = f"; {attempt} attempts" if attempt > 1 else ""
                    raise Unreachable(failed.reason + tried) from None
                time.sleep(self._backoff(attempt))
                continue
            if reply.status in RETRY_STATUSES and attempt <= self.limits.retries:
                time.sleep(self._pause(reply, attempt))
                continue
            return reply, attempt

    def _backoff(self, attempt: int) -> float:
        """urllib3's: nothing before the first retry, then the factor doubling, plus jitter."""
        if attempt <= 1:
            return 0.0
        pause = self.limits.backoff_factor * float(2 ** (attempt - 1))
        if self.limits.backoff_jitter:
            pause += random.random() * self.limits.backoff_jitter
        return max(0.0, min(MAX_PAUSE, pause))

    def _pause(self, reply: Reply, attempt: int) -> float:
        after = reply.headers.get("retry-after")
        if self.limits.respect_retry_after and after and reply.status in RETRY_AFTER_STATUSES:
            seconds = _retry_after(after)
            if seconds is not None:
                return min(MAX_PAUSE, seconds)
        return self._backoff(attempt)

    def _exchange(self, origin: Origin, method: str, target: str, body: bytes | None, authorized: bool) -> Reply:
        headers = dict(self.endpoint.headers)
        if authorized and self.endpoint.authorization:
            headers["Authorization"] = self.endpoint.authorization
        if body is not None:
            headers["Content-Type"] = "application/json"
        for _ in range(2):
            connection, reused = self._connection(origin)
            try:
                return self._send(connection, method, target, body, {**headers, **connection.proxy_headers})
            except _DROPPED as exc:
                self._forget(origin)
                if reused:
                    continue  # a kept-alive connection the server closed meanwhile: once more on a new one
                raise _NoAnswer(*_reason(exc, self.limits.timeout)) from None
            except (OSError, http.client.HTTPException) as exc:
                self._forget(origin)
                raise _NoAnswer(*_reason(exc, self.limits.timeout)) from None
            except ValueError:  # http.client refusing the request line (its message would quote it): no request
                self._forget(origin)
                raise _NoAnswer("the request cannot be sent as HTTP (a control character in the URI)", False) from None
        raise AssertionError("unreachable")  # pragma: no cover

    def _send(self, connection: _Connection, method: str, target: str, body: bytes | None,
              headers: dict[str, str]) -> Reply:
        connection.http.request(method, connection.via + target, body=body, headers=headers)
        response = connection.http.getresponse()
        data = response.read(MAX_BODY + 1)
        if len(data) > MAX_BODY:
            connection.http.close()
            raise BadReply(f"the answer is larger than {MAX_BODY // (1024 * 1024)} MiB")
        reply = Reply(response.status, {name.lower(): value for name, value in response.getheaders()}, data)
        response.close()
        if response.will_close:
            connection.http.close()
        return reply

    def _connection(self, origin: Origin) -> tuple[_Connection, bool]:
        pool: dict[Origin, _Connection] = self._local.__dict__.setdefault("pool", {})
        found = pool.get(origin)
        if found is not None and found.http.sock is not None:
            return found, True
        timeout = self.limits.timeout
        proxy = settings.proxy(origin)
        tls = (self.endpoint.tls or settings.tls_context()) if origin.scheme == "https" else None
        connected = proxy.origin if proxy is not None else origin
        plain: http.client.HTTPConnection = (
            http.client.HTTPSConnection(connected.host, connected.port, timeout=timeout, context=tls)
            if tls is not None else http.client.HTTPConnection(connected.host, connected.port, timeout=timeout))
        via, proxy_headers = "", {}
        if proxy is not None and proxy.authorization:
            proxy_headers = {"Proxy-Authorization": proxy.authorization}
        if proxy is not None and tls is not None:  # CONNECT through the proxy, then TLS with the server
            plain.set_tunnel(origin.host, origin.port, headers=proxy_headers)
            proxy_headers = {}
        elif proxy is not None:
            via = f"http://{origin.netloc}"
        pool[origin] = _Connection(plain, via, proxy_headers)
        return pool[origin], False

    def _forget(self, origin: Origin) -> None:
        pool: dict[Origin, _Connection] = self._local.__dict__.setdefault("pool", {})
        dropped = pool.pop(origin, None)
        if dropped is not None:
            dropped.http.close()


def _same_host(old: Origin, new: Origin) -> bool:
    """requests keeps the credentials on a redirect to the same host (and on http -> https on default ports)."""
    if old.host != new.host:
        return False
    return (old.scheme, old.port) == (new.scheme, new.port) or (
        (old.scheme, old.port, new.scheme, new.port) == ("http", 80, "https", 443))


def _retry_after(value: str) -> float | None:
    text = value.strip()
    if text.isdigit():
        return float(text)
    from email.utils import parsedate_to_datetime

    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    return max(0.0, float(when.timestamp()) - time.time())


def _reason(exc: BaseException, timeout: float) -> tuple[str, bool]:
    """Why no answer came, in a few words, and whether trying again may help."""
    if isinstance(exc, ssl.SSLCertVerificationError):
        return f"TLS: the server's certificate is not trusted: {exc.verify_message or exc.reason}", False
    if isinstance(exc, ssl.SSLError):
        return f"TLS failed: {exc.reason or type(exc).__name__}", True
    if isinstance(exc, socket.gaierror):
        return "its host name does not resolve", True
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused", True
    if isinstance(exc, TimeoutError):
        return f"no answer within {timeout:g} s", True
    if isinstance(exc, http.client.RemoteDisconnected):
        return "the server closed the connection without answering", True
    if isinstance(exc, ConnectionError):
        return "the connection was reset", True
    if isinstance(exc, http.client.HTTPException):
        return f"the answer is not HTTP ({type(exc).__name__})", True
    text = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    return _short(str(text)), True


def _decode(reply: Reply, attempts: int, path: str) -> dict[str, Any]:
    data = _inflate(reply)
    if not 200 <= reply.status < 300:
        raise _error(reply.status, data, attempts)
    what = path.split("?", 1)[0].rsplit("/mlflow/", 1)[-1]  # model-versions/get
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise BadReply(f"{what}: the answer is not UTF-8 text") from None
    if text.strip() in ("", "200 OK"):  # MLflow's client reads these as an empty object too
        return {}
    try:
        value = json.loads(text)
    except ValueError:
        raise BadReply(f"{what}: the answer is not JSON ({_short(text, 120)})") from None
    if not isinstance(value, dict):
        raise BadReply(f"{what}: the answer is JSON but not an object")
    return value


def _inflate(reply: Reply) -> bytes:
    encoding = reply.headers.get("content-encoding", "").strip().lower()
    if encoding not in ("gzip", "x-gzip", "deflate") or not reply.body:
        return reply.body
    inflater = zlib.decompressobj(zlib.MAX_WBITS | 16 if encoding != "deflate" else zlib.MAX_WBITS)
    try:
        data = inflater.decompress(reply.body, MAX_BODY + 1)
    except zlib.error:
        raise BadReply(f"the answer's {encoding} encoding is broken") from None
    if len(data) > MAX_BODY or inflater.unconsumed_tail:
        raise BadReply(f"the answer is larger than {MAX_BODY // (1024 * 1024)} MiB")
    return data


def _error(status: int, data: bytes, attempts: int) -> ServerError:
    text = data.decode("utf-8", errors="replace")
    try:
        body = json.loads(text)
    except ValueError:
        body = None
    if isinstance(body, dict) and isinstance(body.get("error_code"), str):
        return ServerError(status, body["error_code"], _short(str(body.get("message") or "")), attempts, coded=True)
    code = _ERROR_CODES.get(status, "INTERNAL_ERROR")
    return ServerError(status, code, _short(text, 200) or http.client.responses.get(status, ""), attempts)


def _short(text: str, limit: int = 400) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
