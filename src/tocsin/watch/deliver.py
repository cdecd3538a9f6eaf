"""Where alerts go: a text stream (stdout), a JSON Lines file, a webhook (HTTP POST of JSON).

Each output takes one alert at a time and raises DeliveryFailed when it could not; the webhook
retries with exponential backoff first (`tocsin.watch.fetch.Client`).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Protocol, TextIO

from tocsin.watch.alerts import Alert
from tocsin.watch.fetch import Client, FetchPolicy
from tocsin.watch.rules import Output


class DeliveryFailed(Exception):
    """An output could not take an alert (a full disk, a webhook down after its retries)."""


class Sink(Protocol):
    name: str

    def send(self, alert: Alert) -> None: ...


def _line(alert: Alert) -> str:
    return json.dumps(alert.model_dump(mode="json"), ensure_ascii=False)


class StreamSink:
    """Writes each alert as one JSON line to a text stream, flushed at once."""

    name = "stdout"

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def send(self, alert: Alert) -> None:
        try:
            self.stream.write(_line(alert) + "\n")
            self.stream.flush()
        except (OSError, ValueError) as exc:
            raise DeliveryFailed(str(exc)) from exc


class JsonlSink:
    """Appends each alert to a JSON Lines file (opened per alert: safe to rotate or tail)."""

    name = "jsonl"

    def __init__(self, path: Path) -> None:
        self.path = path

    def send(self, alert: Alert) -> None:
        try:
            with open(self.path, "a", encoding="utf-8") as fh:
                fh.write(_line(alert) + "\n")
        except OSError as exc:
            raise DeliveryFailed(f"cannot write {self.path}: {exc.strerror}") from exc


class WebhookSink:
    """POSTs each alert as a JSON object; retries 5xx, 429, timeouts and refused connections."""

    name = "webhook"

    def __init__(
        self,
        url: str,
        *,
        headers: Mapping[str, str] | None = None,
        timeout: float = 10.0,
        retries: int = 3,
        backoff: float = 0.5,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.url = url
        self.headers = dict(headers or {})
        policy = FetchPolicy(timeout=timeout, retries=retries, backoff=backoff, host_delay=0.0)
        self.client = Client(policy, sleep=sleep)

    def send(self, alert: Alert) -> None:
        body = _line(alert).encode("utf-8")
        answer = self.client.post_json(self.url, body, headers=self.headers)
        if not answer.ok:
            raise DeliveryFailed(f"{self.url}: {answer.error} after {answer.attempts} attempts")


def sinks_for(output: Output, *, stdout: TextIO | None) -> list[Sink]:
    """Return the outputs an `[output]` table asks for; `stdout` is the stream for stdout."""
    sinks: list[Sink] = []
    if output.stdout and stdout is not None:
        sinks.append(StreamSink(stdout))
    if output.jsonl is not None:
        sinks.append(JsonlSink(output.jsonl))
    if output.webhook is not None:
        sinks.append(
            WebhookSink(
                output.webhook,
                headers=output.webhook_headers,
                timeout=output.webhook_timeout,
                retries=output.webhook_retries,
            )
        )
    return sinks
