"""Watch feeds and directories into the database, and raise alerts (`tocsin watch`).

- `feeds`: the sources (feed URLs, feed files, directories) and what each poll gives;
- `fetch`: HTTP with conditional requests, timeouts, retries and per-host politeness;
- `rules`: the alert rules file (TOML) and its checks;
- `alerts`: which incidents match which rules, new alerts and updates;
- `deliver`: the outputs (stdout, JSON Lines file, webhook);
- `loop`: the passes that tie them to `tocsin.pipeline.process`.
"""

from __future__ import annotations

from tocsin.watch.alerts import DEFAULT_BASE_URL, Alert, Alerter, incident_link
from tocsin.watch.deliver import DeliveryFailed, JsonlSink, Sink, StreamSink, WebhookSink, sinks_for
from tocsin.watch.feeds import Item, Poller, Update, check_sources
from tocsin.watch.fetch import Client, FetchPolicy, Response
from tocsin.watch.loop import PassResult, Watcher, WatchReport
from tocsin.watch.rules import AlertConfig, Output, Rule, load_rules, parse_rules

__all__ = [
    "DEFAULT_BASE_URL",
    "Alert",
    "AlertConfig",
    "Alerter",
    "Client",
    "DeliveryFailed",
    "FetchPolicy",
    "Item",
    "JsonlSink",
    "Output",
    "PassResult",
    "Poller",
    "Response",
    "Rule",
    "Sink",
    "StreamSink",
    "Update",
    "WatchReport",
    "Watcher",
    "WebhookSink",
    "check_sources",
    "incident_link",
    "load_rules",
    "parse_rules",
    "sinks_for",
]
