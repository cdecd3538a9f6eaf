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
from tocsin.resolve.merge import (
    attach,
    attach_foreign,
    is_retrospective,
    mention_terms,
    report_of,
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

    foreign = ForeignArticles(report)
    extractions = resolve(
        extract(fresh(clean(foreign.watch(counted(articles)), report=report)), nlp=nlp),
        gazetteer=gazetteer,
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
        mention = mention.model_copy(update={"terms": mention_terms(mention, article.text)})
        if mention.background:
            store.add_mention(mention, None)
            continue
        incident_id, joined = attach(
            mention,
            store=store,
            report=report_of(mention, source=article.source, text=article.text),
            retrospective=is_retrospective(mention, article.text),
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
