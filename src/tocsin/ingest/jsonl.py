"""JSON Lines articles (FORMAT.md "Input articles"): one object per line, unknown keys ignored."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from tocsin.ingest.common import hash_id, parse_published
from tocsin.models import Article
from tocsin.report import RunReport


def read_jsonl(lines: Iterable[str], *, origin: str, report: RunReport) -> Iterator[Article]:
    """Yield one Article per good line; count every bad line as a skip and go on.

    `lines` is consumed lazily, so a file is never held in memory beyond its longest line.
    Records are numbered from 1 in `origin` ("path:LINE").
    """
    seen_content = False
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        seen_content = True
        where = f"{origin}:{number}"
        article = parse_record(line, origin=where, report=report)
        if article is not None:
            yield article
    if not seen_content:
        report.count("empty_file")


def parse_record(line: str, *, origin: str, report: RunReport) -> Article | None:
    """Return the Article one JSONL line holds, or None after counting why it was skipped."""
    try:
        record = json.loads(line)
    except (ValueError, RecursionError) as exc:
        # ValueError covers JSONDecodeError; RecursionError comes from absurdly nested input.
        detail = exc.msg if isinstance(exc, json.JSONDecodeError) else type(exc).__name__
        report.skip(origin, f"malformed JSON: {detail}", stage="ingest")
        return None
    if not isinstance(record, dict):
        report.skip(origin, f"not a JSON object: {type(record).__name__}", stage="ingest")
        return None
    text = record.get("text")
    if text is None:
        report.skip(origin, "missing text", stage="ingest")
        return None
    if not isinstance(text, str):
        report.skip(origin, f"text is not a string: {type(text).__name__}", stage="ingest")
        return None
    if not text.strip():
        report.skip(origin, "empty text", stage="ingest")
        return None
    published, published_at, ok = parse_published(record.get("published"))
    if not ok:
        report.count("bad_date")
    language = _string_or_none(record.get("language"))
    return Article(
        id=_article_id(record.get("id"), text),
        text=text.replace("\r\n", "\n").replace("\r", "\n"),
        published=published,
        published_at=published_at,
        language=language.lower() if language else None,
        origin=origin,
        title=_string_or_none(record.get("title")),
        url=_string_or_none(record.get("url")),
        source=_string_or_none(record.get("source")),
    )


def _article_id(value: Any, text: str) -> str:
    # Numeric ids are common in exported corpora; booleans and containers are not ids.
    if isinstance(value, str) and value.strip():
        return value.strip()
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return hash_id(text)


def _string_or_none(value: Any) -> str | None:
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None
