"""Saved HTML pages: the article text and metadata found by trafilatura."""

from __future__ import annotations

from tocsin.ingest.common import hash_id, parse_published
from tocsin.models import Article
from tocsin.report import RunReport


def parse_html(html: str, *, origin: str, report: RunReport) -> Article | None:
    """Return the article a saved page holds, or None (counted) when it has no article text."""
    if not html.strip():
        report.count("empty_file")
        return None
    import trafilatura  # slow to import; only needed when there is HTML to read

    try:
        doc = trafilatura.bare_extraction(
            html, with_metadata=True, include_comments=False, include_tables=False
        )
    except (ValueError, TypeError, AttributeError) as exc:
        # trafilatura raises these on some malformed trees; the page is skipped, the run goes on.
        report.skip(origin, f"no article text in HTML: {type(exc).__name__}", stage="ingest")
        return None
    text = _attr(doc, "text")
    if not text:
        report.skip(origin, "no article text in HTML", stage="ingest")
        return None
    published, published_at, ok = parse_published(_attr(doc, "date"))
    if not ok:
        report.count("bad_date")
    return Article(
        id=hash_id(html),
        text=text,
        title=_attr(doc, "title"),
        url=_attr(doc, "url"),
        source=_attr(doc, "sitename"),
        published=published,
        published_at=published_at,
        origin=origin,
    )


def _attr(doc: object, name: str) -> str | None:
    value = doc.get(name) if isinstance(doc, dict) else getattr(doc, name, None)
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None
