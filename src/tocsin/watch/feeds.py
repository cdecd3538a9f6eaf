"""The sources of `tocsin watch`: feed URLs, feed files and directories, polled for new items.

A poll gives, per source that changed, its items not seen before and the state to remember
once they are processed (validators, failure count, next time to try). The state is saved
only after the items are in the database: a watch stopped in between fetches them again and
finds them already seen or already stored, so nothing is lost and nothing is counted twice.

Feed URLs are fetched with conditional requests (ETag / Last-Modified) from worker threads,
one thread per host; files are read with the readers of `tocsin.ingest` and re-read only when
their size or modification time changes.
"""

from __future__ import annotations

import logging
import os
import threading
import urllib.parse
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from tocsin.errors import InputNotFound, TocsinError, WatchSourceInvalid
from tocsin.ingest import detect_format, read
from tocsin.ingest.common import SNIFF_BYTES
from tocsin.ingest.feed import parse_feed
from tocsin.models import Article, FeedState
from tocsin.report import RunReport
from tocsin.store import Store
from tocsin.watch.fetch import Client, Response

log = logging.getLogger(__name__)

MAX_FETCH_THREADS = 8


@dataclass(frozen=True)
class Item:
    """One new article, with the source it came from (the key of its seen state)."""

    source: str
    key: str
    article: Article


@dataclass
class Update:
    """One source's new items in one poll, and its state to save once they are processed."""

    source: str
    state: FeedState
    items: list[Item] = field(default_factory=list)


def is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def check_sources(sources: Sequence[str]) -> list[str]:
    """Return the sources as given, after checking each is a feed URL or an existing path.

    Raises WatchSourceInvalid for a URL of another scheme, InputNotFound for a missing path.
    """
    if not sources:
        raise WatchSourceInvalid("Give at least one feed URL, feed file or directory to watch.")
    for source in sources:
        if is_url(source):
            if not urllib.parse.urlsplit(source).netloc:
                raise WatchSourceInvalid(f"{source} has no host; give a URL such as https://...")
            continue
        if "://" in source:
            raise WatchSourceInvalid(
                f"{source}: tocsin watches http:// and https:// feeds, files and directories."
            )
        if not os.path.exists(source):
            raise InputNotFound(f"input not found: {source}")
    return list(sources)


class Poller:
    """Polls every source; feed URLs when due, files and directories on every poll."""

    def __init__(
        self,
        sources: Sequence[str],
        *,
        store: Store,
        client: Client,
        interval: float,
        max_backoff: float = 3600.0,
        clock: Callable[[], float],
    ) -> None:
        self.sources = check_sources(sources)
        self.store = store
        self.client = client
        self.interval = interval
        self.max_backoff = max_backoff
        self.clock = clock
        # File path -> its validator ("size:mtime_ns"), mirrored from the database so that
        # a directory of many files costs one stat per file per poll, not one query.
        self._files: dict[str, str | None] = {}

    def poll(self, *, report: RunReport, stop: threading.Event | None = None) -> list[Update]:
        """Return the updates of every source due now; failures are counted and reported."""
        updates: list[Update] = []
        now = self.clock()
        due = [s for s in self.sources if is_url(s) and self._due(s, now)]
        for response in self._fetch_all(due, stop=stop):
            updates.append(self._feed_update(response, report=report))
        for source in self.sources:
            if stop is not None and stop.is_set():
                break
            if not is_url(source):
                updates.extend(self._path_updates(source, report=report))
        return updates

    def next_due(self) -> float | None:
        """Return when the next feed URL is due (Unix seconds), None when none is watched."""
        times = [
            (state.next_try or 0.0) if (state := self.store.feed_state(s)) else 0.0
            for s in self.sources
            if is_url(s)
        ]
        return min(times) if times else None

    # -- feeds -------------------------------------------------------------------------------

    def _due(self, url: str, now: float) -> bool:
        state = self.store.feed_state(url)
        return state is None or state.next_try is None or state.next_try <= now

    def _fetch_all(self, urls: list[str], *, stop: threading.Event | None) -> list[Response]:
        by_host: dict[str, list[str]] = {}
        for url in urls:
            by_host.setdefault(urllib.parse.urlsplit(url).netloc.lower(), []).append(url)
        validators = {
            url: (s.etag, s.last_modified) if (s := self.store.feed_state(url)) else (None, None)
            for url in urls
        }

        def fetch_host(host_urls: list[str]) -> list[Response]:
            out = []
            for url in host_urls:
                if stop is not None and stop.is_set():
                    break
                etag, last_modified = validators[url]
                out.append(self.client.get(url, etag=etag, last_modified=last_modified))
            return out

        groups = list(by_host.values())
        if len(groups) <= 1:
            return [r for group in groups for r in fetch_host(group)]
        with ThreadPoolExecutor(max_workers=min(MAX_FETCH_THREADS, len(groups))) as pool:
            return [r for rs in pool.map(fetch_host, groups) for r in rs]

    def _feed_update(self, response: Response, *, report: RunReport) -> Update:
        url = response.url
        now = self.clock()
        previous = self.store.feed_state(url) or FeedState(url=url)
        report.count("watch.feed_requests")
        if response.not_modified:
            report.count("watch.feed_not_modified")
            return Update(url, self._success(previous, now, previous.etag, previous.last_modified))
        if not response.ok:
            return Update(url, self._failure(previous, now, response.error or "?", report=report))
        before = len(report.skipped)
        articles = list(parse_feed(response.body, origin=url, report=report))
        broken = [
            s.reason
            for s in report.skipped[before:]
            if s.origin == url and s.reason.startswith("not a valid feed")
        ]
        if broken:
            # The skip is already in the report; keep the old validators so that the next
            # poll gets the whole feed again rather than a 304 for a feed never read.
            report.count("watch.feed_failures")
            log.warning("%s: %s", url, broken[0])
            return Update(url, self._backoff(previous, now, broken[0]))
        state = self._success(previous, now, response.etag, response.last_modified)
        return Update(url, state, self._new_items(url, articles))

    def _success(
        self, previous: FeedState, now: float, etag: str | None, last_modified: str | None
    ) -> FeedState:
        return previous.model_copy(
            update={
                "etag": etag,
                "last_modified": last_modified,
                "last_checked": now,
                "failures": 0,
                "next_try": now + self.interval,
                "last_error": None,
            }
        )

    def _failure(
        self, previous: FeedState, now: float, error: str, *, report: RunReport
    ) -> FeedState:
        report.count("watch.feed_failures")
        report.skip(previous.url, f"feed failed: {error}", stage="watch")
        state = self._backoff(previous, now, error)
        log.warning(
            "%s: %s (failure %d, next try in %.0f s)",
            previous.url,
            error,
            state.failures,
            (state.next_try or now) - now,
        )
        return state

    def _backoff(self, previous: FeedState, now: float, error: str) -> FeedState:
        failures = previous.failures + 1
        delay = min(max(self.interval, 1.0) * 2 ** (failures - 1), self.max_backoff)
        return previous.model_copy(
            update={
                "last_checked": now,
                "failures": failures,
                "next_try": now + delay,
                "last_error": error,
            }
        )

    def _new_items(self, source: str, articles: Iterable[Article]) -> list[Item]:
        unique: dict[str, Article] = {}
        for article in articles:
            unique.setdefault(article.id, article)
        seen = self.store.seen_items(source, unique)
        fresh = [a for key, a in unique.items() if key not in seen]
        # Feeds list the newest first; a story's reports go in oldest first, as in `tocsin run`.
        if all(a.published_at is not None for a in fresh):
            fresh.sort(key=lambda a: a.published_at or 0)
        return [Item(source, a.id, a) for a in fresh]

    # -- files and directories ---------------------------------------------------------------

    def _path_updates(self, source: str, *, report: RunReport) -> list[Update]:
        if os.path.isdir(source):
            files = _walk(source)
        elif os.path.exists(source):
            files = [source]
        else:
            report.count("watch.path_missing")
            return []
        updates = []
        for path in files:
            update = self._file_update(path, report=report)
            if update is not None:
                updates.append(update)
        return updates

    def _file_update(self, path: str, *, report: RunReport) -> Update | None:
        try:
            info = os.stat(path)
        except OSError:
            return None  # removed since the listing
        validator = f"{info.st_size}:{info.st_mtime_ns}"
        key = str(Path(path).resolve())
        if key not in self._files:
            state = self.store.feed_state(key)
            self._files[key] = state.etag if state else None
        if self._files[key] == validator:
            return None
        now = self.clock()
        state = FeedState(url=key, etag=validator, last_checked=now)
        report.count("watch.files_read")
        articles = self._read_file(path, report=report)
        return Update(key, state, self._new_items(key, articles))

    def _read_file(self, path: str, *, report: RunReport) -> list[Article]:
        try:
            with open(path, "rb") as fh:
                head = fh.read(SNIFF_BYTES)
            if detect_format(path, head) is None and not head.lstrip().startswith((b"<", b"{")):
                report.skip(path, f"unsupported file type: {Path(path).suffix}", stage="ingest")
                return []
            return list(read([path], report=report))
        except (OSError, TocsinError) as exc:
            # A binary or unreadable file among the watched ones: count it, keep watching.
            report.skip(path, f"cannot read file: {exc}", stage="ingest")
            return []

    def remember(self, updates: Iterable[Update]) -> None:
        """Note the files whose state was saved, so that they are not read again unchanged."""
        for update in updates:
            if not is_url(update.source):
                self._files[update.source] = update.state.etag


def _walk(root: str) -> list[str]:
    """Return the visible files under `root`, sorted; files being written should be hidden.

    Writers should write `.name.tmp` and rename it into place: hidden files are left out, so a
    file is never read half-written.
    """
    found: list[str] = []
    for directory, subdirs, files in os.walk(root):
        subdirs[:] = sorted(d for d in subdirs if not d.startswith("."))
        found.extend(os.path.join(directory, f) for f in files if not f.startswith("."))
    return sorted(found)
