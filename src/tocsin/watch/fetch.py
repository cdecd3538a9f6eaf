"""HTTP for the watcher: conditional GETs of feeds and POSTs to webhooks, with retries.

Built on the standard library's urllib, not httpx: httpx is in the virtualenv only because
FastAPI's test client needs it, it is not one of tocsin's dependencies, and polling feeds needs
nothing urllib lacks (conditional headers, timeouts, status codes). One request at a time per
host, `host_delay` seconds apart, so that a watch of many feeds on one site stays polite.
"""

from __future__ import annotations

import http.client
import logging
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from tocsin import __version__

log = logging.getLogger(__name__)

USER_AGENT = f"tocsin/{__version__} (feed watcher)"


@dataclass(frozen=True)
class FetchPolicy:
    """How the watcher talks HTTP: timeouts, retries, backoff and politeness."""

    timeout: float = 10.0  # seconds for connecting and for each read
    retries: int = 2  # further attempts after a transient failure, within one poll
    backoff: float = 0.5  # seconds before the first retry; doubles at each retry
    host_delay: float = 1.0  # least seconds between two requests to one host
    max_bytes: int = 20_000_000  # a larger feed is refused, not read into memory


@dataclass(frozen=True)
class Response:
    """What one request gave: a status and body, or the error that stopped it."""

    url: str
    status: int | None = None  # None when no HTTP answer came (timeout, refused...)
    body: bytes = b""
    etag: str | None = None
    last_modified: str | None = None
    error: str | None = None
    attempts: int = 0

    @property
    def ok(self) -> bool:
        return self.error is None and self.status is not None and self.status < 300

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class _Transient(Exception):
    """A failure worth retrying: timeout, connection trouble, HTTP 429 or 5xx."""


class Client:
    """Sends requests with retries and backoff, spacing the requests to each host.

    Thread-safe: feeds on different hosts are fetched from several threads at once.
    """

    def __init__(
        self,
        policy: FetchPolicy | None = None,
        *,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.policy = policy or FetchPolicy()
        self._sleep = sleep
        self._lock = threading.Lock()
        self._host_locks: dict[str, threading.Lock] = {}
        self._last_request: dict[str, float] = {}

    def get(
        self, url: str, *, etag: str | None = None, last_modified: str | None = None
    ) -> Response:
        """GET `url`, conditionally when validators are given; a 304 is a normal answer."""
        headers = {"User-Agent": USER_AGENT, "Accept": _FEED_TYPES}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        return self._send(urllib.request.Request(url, headers=headers, method="GET"))

    def post_json(
        self, url: str, body: bytes, *, headers: Mapping[str, str] | None = None
    ) -> Response:
        """POST a JSON body to `url`; any 2xx answer is a success."""
        all_headers = {"User-Agent": USER_AGENT, "Content-Type": "application/json"}
        all_headers.update(headers or {})
        request = urllib.request.Request(url, data=body, headers=all_headers, method="POST")
        return self._send(request)

    def _send(self, request: urllib.request.Request) -> Response:
        url = request.full_url
        policy = self.policy
        error = "no attempt"
        status: int | None = None
        for attempt in range(policy.retries + 1):
            if attempt:
                self._sleep(policy.backoff * 2 ** (attempt - 1))
            try:
                return self._once(request, attempt + 1)
            except _Transient as exc:
                error = str(exc)
                status = _status_of(exc)
                log.info("%s: %s (attempt %d of %d)", url, error, attempt + 1, policy.retries + 1)
            except _Permanent as exc:
                return Response(url=url, status=exc.status, error=str(exc), attempts=attempt + 1)
        return Response(url=url, status=status, error=error, attempts=policy.retries + 1)

    def _once(self, request: urllib.request.Request, attempt: int) -> Response:
        url = request.full_url
        with self._polite(urllib.parse.urlsplit(url).netloc.lower()):
            try:
                with urllib.request.urlopen(request, timeout=self.policy.timeout) as answer:
                    body = answer.read(self.policy.max_bytes + 1)
                    status = int(answer.status)
                    headers = answer.headers
            except urllib.error.HTTPError as exc:
                exc.close()  # its body (an error page) is not needed
                if exc.code == 304:
                    return Response(url=url, status=304, attempts=attempt)
                if exc.code == 429 or exc.code >= 500:
                    raise _Transient(f"HTTP {exc.code} {exc.reason}", exc.code) from exc
                raise _Permanent(f"HTTP {exc.code} {exc.reason}", exc.code) from exc
            except urllib.error.URLError as exc:
                reason = exc.reason
                if isinstance(reason, TimeoutError):
                    raise _Transient(f"timed out after {self.policy.timeout:g} s") from exc
                raise _Transient(f"cannot connect: {reason}") from exc
            except TimeoutError as exc:
                raise _Transient(f"timed out after {self.policy.timeout:g} s") from exc
            except (http.client.HTTPException, ConnectionError) as exc:
                raise _Transient(f"connection broken: {exc!r}") from exc
            except ValueError as exc:  # a URL urllib cannot use
                raise _Permanent(f"bad URL: {exc}") from exc
        if len(body) > self.policy.max_bytes:
            raise _Permanent(f"answer larger than {self.policy.max_bytes} bytes")
        return Response(
            url=url,
            status=status,
            body=body,
            etag=headers.get("ETag"),
            last_modified=headers.get("Last-Modified"),
            attempts=attempt,
        )

    def _polite(self, host: str) -> _HostSlot:
        with self._lock:
            lock = self._host_locks.setdefault(host, threading.Lock())
        return _HostSlot(self, host, lock)


class _HostSlot:
    """Holds a host's turn: waits until `host_delay` has passed since its last request."""

    def __init__(self, client: Client, host: str, lock: threading.Lock) -> None:
        self.client = client
        self.host = host
        self.lock = lock

    def __enter__(self) -> None:
        self.lock.acquire()
        delay = self.client.policy.host_delay
        last = self.client._last_request.get(self.host)
        if last is not None and delay > 0:
            wait = last + delay - time.monotonic()
            if wait > 0:
                self.client._sleep(wait)

    def __exit__(self, *exc: object) -> None:
        self.client._last_request[self.host] = time.monotonic()
        self.lock.release()


class _Permanent(Exception):
    """A failure that a retry will not fix: HTTP 4xx, a bad URL, an oversized answer."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


def _status_of(exc: _Transient) -> int | None:
    return exc.args[1] if len(exc.args) > 1 else None


_FEED_TYPES = (
    "application/rss+xml, application/atom+xml, application/rdf+xml, application/xml;q=0.9,"
    " text/xml;q=0.9, */*;q=0.5"
)
