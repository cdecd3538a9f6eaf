"""Polling sources for `tocsin watch`: feeds from a real local HTTP server, files, directories.

No language model here: these tests stop at the items a poll gives and the state it keeps.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_watch_support import Entry, FeedServer, Route, http_date, rss, serving_feeds

from tocsin.cli import cli
from tocsin.errors import InputNotFound, WatchSourceInvalid
from tocsin.report import RunReport
from tocsin.store import Store, open_store
from tocsin.watch.feeds import Poller, Update, check_sources
from tocsin.watch.fetch import Client, FetchPolicy

INTERVAL = 60.0

BLAST = Entry(
    "w-1",
    "Blast hits bus depot in Kirkuk",
    "A bomb exploded at a bus depot in Kirkuk on Monday, killing four drivers, police said.",
)
RAID = Entry(
    "w-2",
    "Gunmen raid village near Maiduguri",
    "Gunmen raided a farming village near Maiduguri overnight, killing six people.",
)
FLOOD = Entry(
    "w-3",
    "Floods close roads in lowland districts",
    "Heavy rain closed roads in three lowland districts; no one was hurt, officials said.",
)


class Clock:
    """A clock the test moves by hand (Unix seconds)."""

    def __init__(self) -> None:
        self.now = 1_700_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def server() -> Iterator[FeedServer]:
    with serving_feeds() as s:
        yield s


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(tmp_path / "watch.db") as s:
        yield s


def poller(sources: list[str], store: Store, clock: Clock, **policy: float) -> Poller:
    settings = {"host_delay": 0.0, "retries": 0, "backoff": 0.0, "timeout": 2.0, **policy}
    return Poller(
        sources,
        store=store,
        client=Client(FetchPolicy(**settings)),  # type: ignore[arg-type]
        interval=INTERVAL,
        clock=clock,
    )


def keep(p: Poller, store: Store, updates: list[Update]) -> None:
    """Do what the watch loop does once the items are stored: mark them seen, save the state."""
    for update in updates:
        store.mark_seen(update.source, [i.key for i in update.items], at=time.time())
        store.save_feed_state(update.state)
    p.remember(updates)


def keys(updates: list[Update]) -> list[str]:
    return [item.key for update in updates for item in update.items]


def test_first_poll_gives_every_item_and_the_feeds_etag(server: FeedServer, store: Store) -> None:
    url = server.serve("/wire.xml", Route(rss([BLAST, RAID]), etag='"v1"'))
    updates = poller([url], store, Clock()).poll(report=RunReport())
    assert sorted(keys(updates)) == ["w-1", "w-2"]
    assert updates[0].state.etag == '"v1"'
    assert updates[0].items[0].article.text.startswith("Blast hits bus depot in Kirkuk.")


@pytest.mark.parametrize(
    ("route", "header", "value"),
    [
        (Route(rss([BLAST]), etag='"abc"'), "If-None-Match", '"abc"'),
        (
            Route(rss([BLAST]), last_modified=http_date(1_717_000_000)),
            "If-Modified-Since",
            http_date(1_717_000_000),
        ),
    ],
)
def test_unchanged_feed_is_asked_conditionally_and_its_304_gives_nothing(
    server: FeedServer, store: Store, route: Route, header: str, value: str
) -> None:
    url = server.serve("/wire.xml", route)
    clock = Clock()
    p = poller([url], store, clock)
    keep(p, store, p.poll(report=RunReport()))
    clock.now += INTERVAL
    report = RunReport()
    updates = p.poll(report=report)
    assert keys(updates) == []
    assert server.hits("/wire.xml")[-1].headers.get(header) == value
    assert report.counters["watch.feed_not_modified"] == 1


def test_feed_is_not_asked_again_before_its_interval(server: FeedServer, store: Store) -> None:
    url = server.serve("/wire.xml", Route(rss([BLAST])))
    clock = Clock()
    p = poller([url], store, clock)
    keep(p, store, p.poll(report=RunReport()))
    clock.now += INTERVAL / 2
    p.poll(report=RunReport())
    assert len(server.hits("/wire.xml")) == 1


def test_changed_feed_gives_only_its_new_items(server: FeedServer, store: Store) -> None:
    url = server.serve("/wire.xml", Route(rss([BLAST]), etag='"v1"'))
    clock = Clock()
    p = poller([url], store, clock)
    keep(p, store, p.poll(report=RunReport()))
    server.serve("/wire.xml", Route(rss([RAID, BLAST]), etag='"v2"'))
    clock.now += INTERVAL
    assert keys(p.poll(report=RunReport())) == ["w-2"]


def test_server_error_then_success_is_retried_within_one_poll(
    server: FeedServer, store: Store
) -> None:
    url = server.serve("/wire.xml", Route(rss([BLAST]), script=["500"]))
    report = RunReport()
    updates = poller([url], store, Clock(), retries=2).poll(report=report)
    assert keys(updates) == ["w-1"]
    assert len(server.hits("/wire.xml")) == 2
    assert report.counters["watch.feed_failures"] == 0


def test_failing_feed_is_reported_and_never_stops_the_others(
    server: FeedServer, store: Store
) -> None:
    bad = server.serve("/down.xml", Route(rss([FLOOD]), script=["500"] * 10))
    good = server.serve("/wire.xml", Route(rss([BLAST])))
    report = RunReport()
    updates = poller([bad, good], store, Clock()).poll(report=report)
    assert keys(updates) == ["w-1"]
    assert report.counters["watch.feed_failures"] == 1
    assert [s.origin for s in report.skipped] == [bad]
    assert "HTTP 500" in report.skipped[0].reason


def test_failing_feed_backs_off_exponentially_then_recovers(
    server: FeedServer, store: Store
) -> None:
    url = server.serve("/down.xml", Route(rss([FLOOD]), script=["500", "500"]))
    clock = Clock()
    p = poller([url], store, clock)
    start = clock.now
    keep(p, store, p.poll(report=RunReport()))
    state = store.feed_state(url)
    assert state is not None and state.failures == 1
    assert state.next_try == start + INTERVAL
    clock.now = start + INTERVAL / 2
    p.poll(report=RunReport())
    assert len(server.hits("/down.xml")) == 1  # not due yet
    clock.now = start + INTERVAL
    keep(p, store, p.poll(report=RunReport()))
    state = store.feed_state(url)
    assert state is not None and state.failures == 2
    assert state.next_try == clock.now + 2 * INTERVAL
    clock.now += 2 * INTERVAL
    updates = p.poll(report=RunReport())
    assert keys(updates) == ["w-3"]
    assert updates[0].state.failures == 0 and updates[0].state.last_error is None


def test_feed_that_times_out_is_a_failure_tried_again_later(
    server: FeedServer, store: Store
) -> None:
    url = server.serve("/slow.xml", Route(rss([RAID]), script=["sleep:1.5"]))
    clock = Clock()
    p = poller([url], store, clock, timeout=0.3)
    report = RunReport()
    began = time.monotonic()
    keep(p, store, p.poll(report=report))
    assert time.monotonic() - began < 1.2
    assert "timed out" in report.skipped[0].reason
    clock.now += INTERVAL
    assert keys(p.poll(report=RunReport())) == ["w-2"]


def test_dropped_connection_is_a_failure(server: FeedServer, store: Store) -> None:
    url = server.serve("/drop.xml", Route(rss([RAID]), script=["close"]))
    report = RunReport()
    assert keys(poller([url], store, Clock()).poll(report=report)) == []
    assert report.counters["watch.feed_failures"] == 1


def test_malformed_feed_is_a_failure_and_its_validators_are_not_kept(
    server: FeedServer, store: Store
) -> None:
    url = server.serve("/broken.xml", Route(b"<html><body>503 upstream gone", etag='"bad"'))
    clock = Clock()
    p = poller([url], store, clock)
    report = RunReport()
    keep(p, store, p.poll(report=report))
    assert report.counters["watch.feed_failures"] == 1
    assert any("not a valid feed" in s.reason for s in report.skipped)
    state = store.feed_state(url)
    assert state is not None and state.etag is None and state.failures == 1
    server.serve("/broken.xml", Route(rss([RAID]), etag='"bad"'))
    clock.now += INTERVAL
    assert keys(p.poll(report=RunReport())) == ["w-2"]
    assert "If-None-Match" not in server.hits("/broken.xml")[-1].headers


def test_requests_to_one_host_are_spaced_by_the_host_delay(
    server: FeedServer, store: Store
) -> None:
    urls = [server.serve(f"/f{i}.xml", Route(rss([BLAST]))) for i in range(3)]
    poller(urls, store, Clock(), host_delay=0.25).poll(report=RunReport())
    times = sorted(r.at for r in server.requests)
    assert len(times) == 3
    assert all(b - a >= 0.24 for a, b in pairwise(times))


def test_a_restart_before_the_items_were_stored_fetches_them_again(
    server: FeedServer, tmp_path: Path
) -> None:
    url = server.serve("/wire.xml", Route(rss([BLAST]), etag='"v1"'))
    db = tmp_path / "restart.db"
    with open_store(db) as store:
        poller([url], store, Clock()).poll(report=RunReport())  # stopped before `keep`
    with open_store(db) as store:
        p = poller([url], store, Clock())
        updates = p.poll(report=RunReport())
        assert keys(updates) == ["w-1"]
        keep(p, store, updates)
    with open_store(db) as store:
        clock = Clock()
        clock.now += INTERVAL
        assert keys(poller([url], store, clock).poll(report=RunReport())) == []


def test_new_file_in_a_watched_directory_is_picked_up_once(tmp_path: Path, store: Store) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("date 2024-06-03\nA bomb killed two men in Kirkuk.\n")
    p = poller([str(folder)], store, Clock())
    first = p.poll(report=RunReport())
    assert len(keys(first)) == 1
    keep(p, store, first)
    assert keys(p.poll(report=RunReport())) == []
    (folder / "b.txt").write_text("date 2024-06-04\nGunmen killed five people near Maiduguri.\n")
    second = p.poll(report=RunReport())
    assert [i.article.text for u in second for i in u.items] == [
        "Gunmen killed five people near Maiduguri."
    ]


def test_hidden_file_is_read_only_once_renamed_into_place(tmp_path: Path, store: Store) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    partial = folder / ".c.txt.tmp"
    partial.write_text("A bomb killed two men in Kirk")
    p = poller([str(folder)], store, Clock())
    assert keys(p.poll(report=RunReport())) == []
    partial.write_text("A bomb killed two men in Kirkuk on Monday.\n")
    os.replace(partial, folder / "c.txt")
    assert len(keys(p.poll(report=RunReport()))) == 1


def test_feed_file_rewritten_gives_only_its_new_entries(tmp_path: Path, store: Store) -> None:
    feed = tmp_path / "wire.xml"
    feed.write_bytes(rss([BLAST]))
    p = poller([str(feed)], store, Clock())
    keep(p, store, p.poll(report=RunReport()))
    feed.write_bytes(rss([RAID, BLAST]))
    assert keys(p.poll(report=RunReport())) == ["w-2"]


def test_binary_file_in_a_watched_directory_is_counted_not_fatal(
    tmp_path: Path, store: Store
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "photo.bin").write_bytes(b"\x89PNG\x00\x00\x01")
    (folder / "a.txt").write_text("A bomb killed two men in Kirkuk.\n")
    report = RunReport()
    assert len(keys(poller([str(folder)], store, Clock()).poll(report=report))) == 1
    assert [Path(s.origin).name for s in report.skipped] == ["photo.bin"]


@pytest.mark.parametrize(
    ("source", "error"),
    [
        ("ftp://wire.example.org/feed.xml", WatchSourceInvalid),
        ("http://", WatchSourceInvalid),
        ("no/such/folder", InputNotFound),
    ],
)
def test_bad_source_is_a_coded_error(source: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        check_sources([source])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["ftp://wire.example.org/feed.xml"], "Error: [E073] ftp://wire.example.org/feed.xml:"),
        (["no/such/folder"], "Error: [E001] input not found: no/such/folder"),
    ],
)
def test_cli_watch_rejects_a_bad_source_with_a_coded_error(
    tmp_path: Path, args: list[str], message: str
) -> None:
    result = CliRunner().invoke(cli, ["watch", *args, "--db", str(tmp_path / "w.db"), "--once"])
    assert result.exit_code == 1
    assert result.stderr.startswith(message)
    assert not (tmp_path / "w.db").exists()
