"""The watch loop end to end: real feeds and folders in, incidents stored, alerts delivered.

These run the real pipeline (spaCy), on invented reports written for these tests.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REPO
from test_watch_support import Entry, FeedServer, Route, receiving, rss, serving_feeds

from tocsin.cli import cli
from tocsin.store import Store, open_store
from tocsin.watch import Alerter, FetchPolicy, Watcher, WebhookSink
from tocsin.watch.alerts import Alert
from tocsin.watch.rules import AlertConfig, Output, Rule

pytestmark = pytest.mark.slow

MARKET = Entry(
    "ng-0603",
    "Suicide bomber kills six at Maiduguri cattle market",
    "A suicide bomber blew himself up at a crowded cattle market in Maiduguri, the capital of"
    " Borno state in northeastern Nigeria, on Monday morning, killing six traders and wounding"
    " 14 others, police said. No group immediately claimed the attack.",
    "Mon, 03 Jun 2024 11:00:00 +0000",
)
MARKET_TOLL = Entry(
    "ng-0604",
    "Maiduguri market bombing toll rises to 15",
    "The death toll from Monday's suicide bombing at a cattle market in Maiduguri, Borno state,"
    " rose to 15 on Tuesday, hospital officials said, as several of the wounded died overnight.",
    "Tue, 04 Jun 2024 09:30:00 +0000",
)
CHECKPOINT = Entry(
    "iq-0606",
    "Gunmen kill three police officers near Kirkuk",
    "Gunmen opened fire on a police checkpoint on the outskirts of Kirkuk in northern Iraq on"
    " Wednesday night, killing three officers, security sources said.",
    "Thu, 06 Jun 2024 07:45:00 +0000",
)

FILES = {
    "quetta.txt": "date 2024-06-10\nA roadside bomb struck a paramilitary convoy near Quetta,"
    " the capital of Balochistan province in Pakistan, on Monday, killing four soldiers and"
    " wounding seven, officials said.\n",
    "mogadishu.txt": "date 2024-06-12\nMilitants stormed a hotel in Mogadishu, Somalia, on"
    " Wednesday evening, killing nine guests and injuring 11 others before security forces"
    " ended the siege, police said.\n",
    "kandahar.txt": "date 2024-06-14\nA bomb hidden in a motorcycle exploded outside a bank"
    " in Kandahar, southern Afghanistan, on Friday, killing five customers, police said.\n",
}


class ListSink:
    name = "list"

    def __init__(self) -> None:
        self.alerts: list[Alert] = []

    def send(self, alert: Alert) -> None:
        self.alerts.append(alert)


class StopAfter(threading.Event):
    """An event that reads as set from its (n+1)th check on: a Ctrl-C at a known moment."""

    def __init__(self, checks: int) -> None:
        super().__init__()
        self.checks = checks

    def is_set(self) -> bool:
        self.checks -= 1
        return self.checks < 0 or super().is_set()


@pytest.fixture
def server() -> Iterator[FeedServer]:
    with serving_feeds() as s:
        yield s


def watcher(sources: list[str], store: Store, *sinks: object, rules: tuple[Rule, ...]) -> Watcher:
    alerter = Alerter(
        AlertConfig(rules=rules, output=Output()),
        store=store,
        sinks=list(sinks),  # type: ignore[arg-type]
    )
    policy = FetchPolicy(timeout=2.0, host_delay=0.0, retries=0, backoff=0.0)
    return Watcher(sources, store=store, interval=0.1, policy=policy, alerter=alerter)


def incidents_of(store: Store, article_id: str) -> list[str]:
    return store.incidents_of_article(article_id)


def test_feed_items_are_stored_and_alerted_once_through_a_webhook(
    server: FeedServer, tmp_path: Path
) -> None:
    url = server.serve("/wire.xml", Route(rss([CHECKPOINT, MARKET]), etag='"1"'))
    with receiving(fail_first=1) as receiver, open_store(tmp_path / "w.db") as store:
        sink = WebhookSink(receiver.url, retries=2, backoff=0.05)
        w = watcher([url], store, sink, rules=(Rule("deadly", min_killed=3),))
        total = w.run(once=True)
        assert total.items == 2
        assert incidents_of(store, "ng-0603") and incidents_of(store, "iq-0606")
        alerts = receiver.wait_for(2)
        w.run(once=True)  # nothing new: no alert again
        time.sleep(0.2)
        assert receiver.received == alerts
    assert sorted(a["place"] for a in alerts) == ["Kirkuk", "Maiduguri"]
    assert {a["kind"] for a in alerts} == {"new"}


def test_later_report_of_a_higher_toll_sends_an_update_alert(
    server: FeedServer, tmp_path: Path
) -> None:
    url = server.serve("/wire.xml", Route(rss([MARKET]), etag='"1"'))
    sink = ListSink()
    rules = (Rule("nigeria", country=frozenset({"NG"})), Rule("rising", toll_rose_by=5))
    with open_store(tmp_path / "w.db") as store:
        w = watcher([url], store, sink, rules=rules)
        w.run(once=True)
        assert [(a.rule, a.kind, a.killed) for a in sink.alerts] == [("nigeria", "new", 6)]
        server.serve("/wire.xml", Route(rss([MARKET_TOLL, MARKET]), etag='"2"'))
        time.sleep(0.15)  # the feed's interval
        w.run(once=True)
    later = [(a.rule, a.kind, a.killed, a.changes) for a in sink.alerts[1:]]
    assert sorted(later) == [
        ("nigeria", "update", 15, ["killed 6 -> 15"]),
        ("rising", "new", 15, []),
    ]


def test_a_restarted_watch_continues_where_it_stopped(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("kandahar.txt", "mogadishu.txt"):
        (folder / name).write_text(FILES[name], encoding="utf-8")
    db = tmp_path / "w.db"
    rules = (Rule("deadly", min_killed=1),)
    first, second = ListSink(), ListSink()
    with open_store(db) as store:
        # Stopped (as by Ctrl-C) after the first item: one check in the poll, one per item.
        report = watcher([str(folder)], store, first, rules=rules).run(stop=StopAfter(2))
        assert report.items == 1
    (folder / "quetta.txt").write_text(FILES["quetta.txt"], encoding="utf-8")
    with open_store(db) as store:
        report = watcher([str(folder)], store, second, rules=rules).run(once=True)
        assert report.run.read == 2  # mogadishu (never reached) and quetta (new)
        assert store.count("articles") == 3
    assert [a.country for a in first.alerts] == ["AF"]  # Kandahar
    assert sorted(a.country for a in second.alerts) == ["PK", "SO"]  # Quetta, Mogadishu


def test_failing_feed_does_not_stop_a_watched_folder(server: FeedServer, tmp_path: Path) -> None:
    bad = server.serve("/down.xml", Route(b"", script=["500"] * 5))
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "quetta.txt").write_text(FILES["quetta.txt"], encoding="utf-8")
    with open_store(tmp_path / "w.db") as store:
        report = watcher([bad, str(folder)], store, ListSink(), rules=(Rule("r", min_killed=1),))
        total = report.run(once=True)
        assert total.items == 1 and store.count("incidents") == 1
    assert total.run.counters["watch.feed_failures"] == 1


def test_cli_watch_once_prints_alerts_and_a_summary(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "mogadishu.txt").write_text(FILES["mogadishu.txt"], encoding="utf-8")
    rules = tmp_path / "rules.toml"
    rules.write_text('[[rule]]\nname = "somalia"\ncountry = "SO"\n', encoding="utf-8")
    db = tmp_path / "w.db"
    args = ["watch", str(folder), "--db", str(db), "--once", "--alerts", str(rules)]
    result = CliRunner().invoke(cli, [*args, "--base-url", "http://dash.test"])
    assert result.exit_code == 0, result.output
    [alert] = [json.loads(line) for line in result.stdout.splitlines()]
    assert alert["rule"] == "somalia" and alert["link"].startswith("http://dash.test/#/incident/")
    assert "1 new items" in result.stderr and "1 alerts" in result.stderr
    again = CliRunner().invoke(cli, [*args])
    assert again.exit_code == 0 and again.stdout == ""
    assert "0 new items" in again.stderr


def test_ctrl_c_stops_the_watch_cleanly(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    db = tmp_path / "w.db"
    jsonl = tmp_path / "alerts.jsonl"
    rules = tmp_path / "rules.toml"
    rules.write_text(
        f'[[rule]]\nname = "any"\nmin_killed = 1\n[output]\nstdout = false\njsonl = "{jsonl}"\n',
        encoding="utf-8",
    )
    tocsin = Path(sys.executable).with_name("tocsin")
    command = [str(tocsin), "watch", str(folder), "--db", str(db), "--interval", "0.2"]
    proc = subprocess.Popen(
        [*command, "--alerts", str(rules)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        (folder / "kandahar.txt").write_text(FILES["kandahar.txt"], encoding="utf-8")
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not (jsonl.exists() and jsonl.read_text()):
            time.sleep(0.1)
        assert jsonl.exists(), "no alert within 120 s"
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert "1 new items" in err and "1 alerts" in err
    with open_store(db) as store:
        assert store.count("articles") == 1


def test_items_seen_more_than_ninety_days_ago_are_forgotten(tmp_path: Path) -> None:
    from tocsin.watch.loop import SEEN_KEPT_S

    folder = tmp_path / "in"
    folder.mkdir()
    now = 1_800_000_000.0
    with open_store(tmp_path / "w.db") as store:
        store.mark_seen("feed", ["old"], at=now - SEEN_KEPT_S - 60)
        store.mark_seen("feed", ["recent"], at=now - 86400)
        Watcher([str(folder)], store=store, interval=0.1, clock=lambda: now).run(once=True)
        assert store.seen_items("feed", ["old", "recent"]) == {"recent"}
