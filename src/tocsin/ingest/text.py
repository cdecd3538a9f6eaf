"""Plain-text articles: an optional `date YYYY-MM-DD` prefix, then the text."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from tocsin.ingest.common import hash_id
from tocsin.models import Article
from tocsin.report import RunReport

# "date 2024-03-23" at the very start (after blanks), optionally "Date:"; the text may follow
# on the same line (as in shared/samples) or on the next one.
_DATE_LINE = re.compile(
    r"\A[ \t\n]*date[ \t]*:?[ \t]+(\d{1,4})[-/.](\d{1,2})[-/.](\d{1,2})(?=\s|\Z)[ \t]*\n?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class DateLine:
    """What the optional date prefix of a text file held."""

    published: dt.date | None
    present: bool  # a `date ...` prefix was found (valid or not)
    body: str  # the text after the prefix


def parse_date_line(text: str) -> DateLine:
    """Return the publication date given by a leading `date YYYY-MM-DD` and the text after it.

    A prefix naming a day that does not exist (2024-02-30) gives `published=None` with
    `present=True`, so that the caller can count it.
    """
    m = _DATE_LINE.match(text)
    if m is None:
        return DateLine(published=None, present=False, body=text)
    body = text[m.end() :]
    year, month, day = (int(g) for g in m.groups())
    try:
        published: dt.date | None = dt.date(year, month, day) if year >= 1000 else None
    except ValueError:
        published = None
    return DateLine(published=published, present=True, body=body)


def parse_text(text: str, *, origin: str, report: RunReport) -> Article | None:
    """Return the Article a plain-text file holds, or None (counted) when it is empty."""
    if not text.strip():
        report.count("empty_file")
        return None
    line = parse_date_line(text)
    if line.present and line.published is None:
        report.count("bad_date")
    body = line.body.strip("\n")
    if not body.strip():
        report.skip(origin, "no text after the date line", stage="ingest")
        return None
    return Article(id=hash_id(text), text=body, published=line.published, origin=origin)
