"""Real local HTTP servers for the watch and alert tests: a feed server and a webhook receiver.

Both listen on 127.0.0.1 on a free port, in a thread, and record every request they get. The
feed items are invented for these tests.
"""

from __future__ import annotations

import email.utils
import json
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from xml.sax.saxutils import escape


@dataclass
class Entry:
    guid: str
    title: str
    body: str
    published: str = "Mon, 03 Jun 2024 08:00:00 +0000"


def rss(entries: Sequence[Entry], *, title: str = "Test Wire") -> bytes:
    """Return an RSS 2.0 document holding `entries`."""
    items = "".join(
        f'<item><title>{escape(e.title)}</title><guid isPermaLink="false">{escape(e.guid)}'
        f"</guid><link>https://wire.example.org/{escape(e.guid)}</link>"
        f"<pubDate>{e.published}</pubDate><description>{escape(e.body)}</description></item>"
        for e in entries
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>{escape(title)}</title><link>https://wire.example.org/</link>{items}"
        "</channel></rss>"
    ).encode()


@dataclass
class Route:
    """What the feed server answers on one path.

    `script` lists what the next requests get before the normal answer: "500", "404",
    "sleep:SECONDS" (answer that late), "close" (drop the connection).
    """

    body: bytes = b""
    etag: str | None = None
    last_modified: str | None = None
    content_type: str = "application/rss+xml"
    script: list[str] = field(default_factory=list)


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    at: float


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


class FeedServer:
    """Serves feeds from `routes`; honours If-None-Match and If-Modified-Since with 304."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[Request] = []
        self.lock = threading.Lock()
        self.server = _Server(("127.0.0.1", 0), self._handler())
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def serve(self, path: str, route: Route) -> str:
        with self.lock:
            self.routes[path] = route
        return self.url(path)

    def hits(self, path: str) -> list[Request]:
        with self.lock:
            return [r for r in self.requests if r.path == path]

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                with owner.lock:
                    owner.requests.append(
                        Request("GET", self.path, dict(self.headers), b"", time.monotonic())
                    )
                    route = owner.routes.get(self.path)
                    step = route.script.pop(0) if route and route.script else None
                if route is None:
                    self.send_error(404)
                    return
                if step is not None and step.startswith("sleep:"):
                    time.sleep(float(step.split(":", 1)[1]))
                elif step == "close":
                    self.close_connection = True
                    self.wfile.flush()
                    self.connection.close()
                    return
                elif step is not None:
                    self.send_error(int(step))
                    return
                if (route.etag and self.headers.get("If-None-Match") == route.etag) or (
                    route.last_modified
                    and not route.etag
                    and self.headers.get("If-Modified-Since") == route.last_modified
                ):
                    self.send_response(304)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", route.content_type)
                self.send_header("Content-Length", str(len(route.body)))
                if route.etag:
                    self.send_header("ETag", route.etag)
                if route.last_modified:
                    self.send_header("Last-Modified", route.last_modified)
                self.end_headers()
                # The client may have given up (a timeout test).
                with suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(route.body)

        return Handler


class WebhookReceiver:
    """Takes POSTed JSON; answers 500 to the first `fail_first` requests, then 204."""

    def __init__(self, *, fail_first: int = 0) -> None:
        self.fail_first = fail_first
        self.received: list[dict[str, Any]] = []
        self.attempts = 0
        self.headers: list[dict[str, str]] = []
        self.lock = threading.Lock()
        self.arrived = threading.Condition(self.lock)
        self.times: list[float] = []
        self.server = _Server(("127.0.0.1", 0), self._handler())
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def wait_for(self, n: int, timeout: float = 10.0) -> list[dict[str, Any]]:
        """Return the alerts received once there are `n` of them (or at the timeout)."""
        with self.arrived:
            self.arrived.wait_for(lambda: len(self.received) >= n, timeout=timeout)
            return list(self.received)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                with owner.lock:
                    owner.attempts += 1
                    failing = owner.attempts <= owner.fail_first
                if failing:
                    self.send_error(500)
                    return
                self.send_response(204)
                self.end_headers()
                with owner.arrived:
                    owner.received.append(json.loads(body))
                    owner.headers.append(dict(self.headers))
                    owner.times.append(time.perf_counter())
                    owner.arrived.notify_all()

        return Handler


def http_date(ts: float) -> str:
    return email.utils.formatdate(ts, usegmt=True)


@contextmanager
def serving_feeds() -> Iterator[FeedServer]:
    server = FeedServer()
    server.thread.start()
    try:
        yield server
    finally:
        server.server.shutdown()
        server.server.server_close()


@contextmanager
def receiving(*, fail_first: int = 0) -> Iterator[WebhookReceiver]:
    receiver = WebhookReceiver(fail_first=fail_first)
    receiver.thread.start()
    try:
        yield receiver
    finally:
        receiver.server.shutdown()
        receiver.server.server_close()
