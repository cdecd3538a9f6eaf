"""The watch loop: poll the sources, run new items through the pipeline, raise the alerts due.

One pass: poll every source that is due (`feeds.Poller`), hand the new items to
`tocsin.pipeline.process` (the same stages, merging and storage as `tocsin run`), mark them
seen, save each source's state, then check the incidents they touched against the alert rules.
A stop request (Ctrl-C in the CLI sets the event) ends the pass after the item in hand: the
items processed so far are committed and marked, the others are fetched again next time.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tocsin.errors import EmptyInput
from tocsin.models import Article
from tocsin.report import RunReport
from tocsin.store import Store, database_errors
from tocsin.watch.feeds import Item, Poller, Update, is_url
from tocsin.watch.fetch import Client, FetchPolicy

if TYPE_CHECKING:
    from spacy.language import Language

    from tocsin.dedup import Deduper
    from tocsin.resolve.gazetteer import Gazetteer
    from tocsin.watch.alerts import Alert, Alerter

log = logging.getLogger(__name__)

# Local files and directories are checked at least this often (a stat per file: cheap).
LOCAL_TICK = 1.0
# The run report keeps this many skipped records of a long watch (all are counted).
MAX_SKIPS_KEPT = 1000


@dataclass
class PassResult:
    """What one pass did."""

    items: int = 0  # new items handed to the pipeline
    processed: list[Item] = field(default_factory=list)
    incidents: set[str] = field(default_factory=set)  # incidents the new items touched
    alerts: list[Alert] = field(default_factory=list)
    report: RunReport = field(default_factory=RunReport)


@dataclass
class WatchReport:
    """The totals of a watch: passes, items, alerts, and the summed run report."""

    passes: int = 0
    items: int = 0
    alerts: int = 0
    run: RunReport = field(default_factory=RunReport)

    def add(self, result: PassResult) -> None:
        self.passes += 1
        self.items += len(result.processed)
        self.alerts += len(result.alerts)
        total, part = self.run, result.report
        total.read += part.read
        total.duplicates += part.duplicates
        total.already_stored += part.already_stored
        total.extracted += part.extracted
        total.incidents_new += part.incidents_new
        total.incidents_updated += part.incidents_updated
        total.interactions += part.interactions
        total.seconds += part.seconds
        total.counters.update(part.counters)
        room = MAX_SKIPS_KEPT - len(total.skipped)
        total.skipped.extend(part.skipped[: max(room, 0)])
        total.count("watch.skipped", len(part.skipped))


# Items seen are kept this long, then forgotten (checked at most once an hour), so that the
# table stays bounded on a watch that runs for years.
SEEN_KEPT_S = 90 * 86400.0
FORGET_EVERY_S = 3600.0


class Watcher:
    """Watches feed URLs, feed files and directories into a store; see `run` and `run_pass`."""

    def __init__(
        self,
        sources: Sequence[str],
        *,
        store: Store,
        interval: float = 300.0,
        policy: FetchPolicy | None = None,
        alerter: Alerter | None = None,
        nlp: Language | None = None,
        gazetteer: Gazetteer | None = None,
        clock: Callable[[], float] = time.time,
        max_backoff: float = 3600.0,
    ) -> None:
        self.store = store
        self.interval = interval
        self.alerter = alerter
        self.nlp = nlp
        self.gazetteer = gazetteer
        self.clock = clock
        # One Deduper for the whole watch, seeded from the store once: seeding reads every
        # stored signature, too slow to repeat on each pass of a large database. Dropped
        # (and seeded again) after a failed pass, whose articles it learned but never stored.
        self._deduper: Deduper | None = None
        self._forgotten_at = float("-inf")
        self.poller = Poller(
            sources,
            store=store,
            client=Client(policy),
            interval=interval,
            max_backoff=max_backoff,
            clock=clock,
        )

    def warm_up(self) -> None:
        """Load the language model and the gazetteer now, so the first item is not slow."""
        if self.nlp is None:
            from tocsin.extract.nlp import load_nlp

            self.nlp = load_nlp()
        if self.gazetteer is None:
            from tocsin.resolve.gazetteer import load_gazetteer

            self.gazetteer = load_gazetteer()

    def run(
        self,
        *,
        stop: threading.Event | None = None,
        once: bool = False,
        on_pass: Callable[[PassResult], None] | None = None,
    ) -> WatchReport:
        """Run passes until `stop` is set (or one pass with `once`); return the totals."""
        stop = stop or threading.Event()
        total = WatchReport()
        while True:
            result = self.run_pass(stop=stop)
            total.add(result)
            if on_pass is not None:
                on_pass(result)
            if once or stop.is_set():
                return total
            stop.wait(self._pause())
            if stop.is_set():
                return total

    def run_pass(self, *, stop: threading.Event | None = None) -> PassResult:
        """Poll, process the new items, save the sources' state, deliver the alerts due."""
        result = PassResult()
        report = result.report
        updates = self.poller.poll(report=report, stop=stop)
        items = [item for update in updates for item in update.items]
        result.items = len(items)
        result.processed = self._pipeline(items, stop=stop, report=report) if items else []
        self._remember(updates, result.processed)
        for item in result.processed:
            result.incidents.update(self.store.incidents_of_article(item.key))
        if self.alerter is not None:
            # Called on every pass, new items or not: alerts that reached no output are retried.
            result.alerts = self.alerter.check(result.incidents, report=report)
        if items or result.alerts or report.skipped:
            log.info(
                "pass: %d new items, %d incidents touched, %d alerts, %d skipped",
                len(result.processed),
                len(result.incidents),
                len(result.alerts),
                len(report.skipped),
            )
        return result

    def _pipeline(
        self, items: list[Item], *, stop: threading.Event | None, report: RunReport
    ) -> list[Item]:
        """Run `items` through the pipeline; return those done (stored, skipped or poisoned)."""
        from tocsin.pipeline import process, seeded_deduper

        taken: list[Item] = []
        if self._deduper is None:
            self._deduper = seeded_deduper(self.store)

        def articles() -> Iterator[Article]:
            for item in items:
                if stop is not None and stop.is_set():
                    return
                taken.append(item)
                yield item.article

        try:
            process(
                articles(),
                store=self.store,
                report=report,
                nlp=self.nlp,
                gazetteer=self.gazetteer,
                deduper=self._deduper,
            )
            return taken
        except EmptyInput:
            return taken  # stopped before the first item
        except database_errors() as exc:
            self._deduper = None
            # The database is locked, full or gone: nothing is marked, all is tried next pass.
            report.count("watch.database_errors")
            log.error("database error, the items will be tried again: %s", exc)
            return []
        except Exception as exc:
            self._deduper = None
            if len(items) == 1:
                # One item that breaks a stage must not block the watch: count it, move on.
                item = items[0]
                report.count("watch.pipeline_errors")
                report.skip(
                    item.article.origin or item.key, f"pipeline error: {exc!r}", stage="watch"
                )
                log.exception("pipeline error on %s", item.key)
                return items
            # Find the item at fault: the others go through one at a time.
            done: list[Item] = []
            for item in items:
                if stop is not None and stop.is_set():
                    break
                done.extend(self._pipeline([item], stop=stop, report=report))
            return done

    def _remember(self, updates: list[Update], processed: list[Item]) -> None:
        """Mark processed items seen and save the state of every source fully processed."""
        done = {(item.source, item.key) for item in processed}
        by_source: dict[str, list[str]] = {}
        for item in processed:
            by_source.setdefault(item.source, []).append(item.key)
        complete = [u for u in updates if all((i.source, i.key) in done for i in u.items)]
        now = self.clock()
        self.store.begin()
        try:
            for source, keys in by_source.items():
                self.store.mark_seen(source, keys, at=now)
            for update in complete:
                self.store.save_feed_state(update.state)
            self.store.commit()
        except BaseException:
            self.store.rollback()
            raise
        # After the commit: the poller's memory of files must not run ahead of the database.
        self.poller.remember(complete)
        if now - self._forgotten_at >= FORGET_EVERY_S:
            self.store.forget_seen(now - SEEN_KEPT_S)
            self._forgotten_at = now

    def _pause(self) -> float:
        """Return how long to sleep before the next pass."""
        if any(not is_url(s) for s in self.poller.sources):
            return max(0.05, min(self.interval, LOCAL_TICK))
        due = self.poller.next_due()
        if due is None:
            return self.interval
        return max(0.05, min(due - self.clock(), self.interval))
