"""The run: read -> clean -> de-duplicate -> extract -> resolve -> merge -> store.

Articles are committed in batches; each batch is one transaction, so a run killed at any moment
leaves whole articles only, and running it again picks up where it stopped (stored articles are
recognised by id and skipped) to reach the same database as an uninterrupted run.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING

from tocsin.clean import clean
from tocsin.dedup import Deduper
from tocsin.errors import EmptyInput
from tocsin.extract import extract
from tocsin.models import Article, Extraction, Interaction
from tocsin.report import RunReport
from tocsin.resolve import resolve
from tocsin.resolve.merge import absorb, best_match, date_window, new_incident
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
) -> RunReport:
    """Run every stage over `articles` into `store`; return the run report.

    Raises EmptyInput when the input held no readable article at all.
    """
    if report is None:
        report = RunReport()
    if nlp is None:
        from tocsin.extract.nlp import load_nlp

        nlp = load_nlp()
    started = time.perf_counter()
    run_id = store.start_run()
    deduper = Deduper()
    for article_id, content_hash, signature in store.signatures():
        deduper.add_signature(article_id, content_hash, signature)
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

    extractions = resolve(
        extract(fresh(clean(counted(articles), report=report)), nlp=nlp), gazetteer=gazetteer
    )
    store.begin()
    try:
        pending = 0
        for extraction in extractions:
            _save(extraction, store=store, deduper=deduper, report=report)
            _tick(on_article)
            pending += 1
            if pending >= batch_size:
                store.commit()
                store.begin()
                pending = 0
        for article, original in duplicates:
            _save_duplicate(article, original, store=store)
        store.commit()
    except BaseException:
        store.rollback()
        raise
    report.seconds = time.perf_counter() - started
    if report.read == 0:
        raise EmptyInput(
            "The input holds no readable article"
            + (f" ({len(report.skipped)} records skipped)." if report.skipped else ".")
        )
    store.finish_run(run_id, summary_of(report))
    return report


def _tick(callback: Callable[[], None] | None) -> None:
    if callback is not None:
        callback()


def _save(extraction: Extraction, *, store: Store, deduper: Deduper, report: RunReport) -> None:
    article = extraction.article
    store.add_article(article)
    store.add_signature(article.id, article.content_hash, deduper.signature(article))
    report.extracted += 1
    incident_of: dict[int, str] = {}
    for mention in extraction.mentions:
        if mention.background:
            store.add_mention(mention, None)
            continue
        window = date_window(mention)
        country = mention.place.country if mention.place else None
        candidates = (
            store.incidents_near(start=window[0], end=window[1], country=country) if window else []
        )
        match = best_match(candidates, mention)
        if match is None:
            incident = new_incident(mention)
            report.incidents_new += 1
        else:
            incident = absorb(match, mention)
            report.incidents_updated += 1
        store.save_incident(incident)
        store.add_mention(mention, incident.id)
        incident_of[mention.index] = incident.id
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
