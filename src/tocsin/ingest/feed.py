"""RSS and Atom feeds: one article per entry (headline, then summary or content)."""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Iterator
from typing import Any

from tocsin.ingest.common import hash_id
from tocsin.models import Article
from tocsin.report import RunReport

# Block-level closing tags become line breaks before the markup is stripped, so that
# "<p>a</p><p>b</p>" reads "a\nb", not "ab".
_BLOCK_END = re.compile(r"(?i)<br\s*/?>|</(?:p|div|li|h[1-6]|blockquote|tr)\s*>")
_SPACES = re.compile(r"[ \t\u00a0]+")
_SENTENCE_END = (".", "!", "?", ":", ";", "\u2026", '."', ".\u201d", '?"', '!"')


def parse_feed(data: bytes, *, origin: str, report: RunReport) -> Iterator[Article]:
    """Yield one Article per feed entry; a feed that cannot be parsed is a counted skip."""
    if not data.strip():
        report.count("empty_file")
        return
    import feedparser  # only needed when there is a feed to read

    # Bytes, never a str: feedparser treats a str as a URL or file name to open.
    parsed = feedparser.parse(data)
    entries = parsed.get("entries") or []
    if not entries:
        if parsed.get("bozo"):
            problem = parsed.get("bozo_exception")
            detail = str(problem).splitlines()[0] if problem else "unknown error"
            report.skip(origin, f"not a valid feed: {detail}", stage="ingest")
        else:
            report.count("empty_feed")
        return
    feed_title = _clean_inline(parsed.get("feed", {}).get("title"))
    for number, entry in enumerate(entries, start=1):
        article = _entry_article(entry, origin=origin, feed_title=feed_title)
        if article is None:
            report.skip(f"{origin}#{number}", "feed entry without text", stage="ingest")
            continue
        yield article


def _entry_article(entry: Any, *, origin: str, feed_title: str | None) -> Article | None:
    title = _clean_inline(entry.get("title"))
    summary = strip_html(entry.get("summary") or "")
    contents = entry.get("content") or []
    content = strip_html(contents[0].get("value") or "") if contents else ""
    body = content if len(content) > len(summary) else summary
    if title and body:
        # A summary often repeats the headline; do not say it twice.
        text = body if body.startswith(title) else f"{_as_sentence(title)} {body}"
    else:
        text = title or body
    if not text:
        return None
    published_at = _entry_time(entry)
    link = _clean_inline(entry.get("link"))
    entry_id = _clean_inline(entry.get("id")) or link
    return Article(
        id=entry_id or hash_id(text),
        text=text,
        title=title,
        url=link,
        source=feed_title,
        published=published_at.date() if published_at else None,
        published_at=published_at,
        origin=origin,
    )


def strip_html(markup: str) -> str:
    """Return the text of an HTML fragment, one line per block element."""
    if not markup.strip():
        return ""
    if "<" not in markup and "&" not in markup:
        return _tidy(markup)
    import lxml.etree
    import lxml.html

    try:
        root = lxml.html.fragment_fromstring(_BLOCK_END.sub("\n", markup), create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        return _tidy(re.sub(r"<[^>]*>", " ", markup))
    return _tidy(root.text_content())


def _entry_time(entry: Any) -> dt.datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if isinstance(value, time.struct_time):
            try:
                # feedparser gives these in UTC.
                return dt.datetime(*value[:6], tzinfo=dt.UTC)
            except ValueError:
                continue
    return None


def _as_sentence(title: str) -> str:
    return title if title.endswith(_SENTENCE_END) else f"{title}."


def _tidy(text: str) -> str:
    lines = (_SPACES.sub(" ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def _clean_inline(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    text = _SPACES.sub(" ", " ".join(value.split())).strip()
    return text or None
