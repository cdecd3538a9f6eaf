"""Incident dates: date expressions in text, resolved against the publication date.

Resolution rules (documented, tested):
- explicit dates ("30 December 1989", "3 JAN 90", "December 30, 1989", "2024-03-22"): as written;
  without a year, the latest such date on or before publication (a day's slack for time zones);
  two-digit years are read in the century that puts them at or before publication.
- weekday names ("on Friday evening"): the most recent such weekday on or before publication.
  The publication weekday itself means the publication day ("on Saturday" in a Saturday
  report): online news is published the day it happens; on the GVA dev set this reading is
  right far more often than "a week earlier" (measured: 14 of 14 same-weekday cases).
  "last Saturday" in a Saturday report means a week earlier.
- "yesterday", "last night", "overnight": publication minus one day. "the day before yesterday":
  minus two. "today", "this morning", "tonight", "earlier today": the publication day.
- "last week": month precision, the month of publication minus seven days (a week is finer than
  a month but coarser than a day; the model has no week precision).
- month only ("in March", "in March 1990"): month precision, year as for explicit dates.
- holidays ("New Year's Day", "Christmas Eve", "the Fourth of July", "Thanksgiving"): the
  latest such day on or before publication.
- never the incident's date: what is planned ("scheduled for Friday", "due in court on
  Monday", "a trial was to begin June 1") and an embedded tweet's date line ("(@handle) March
  22, 2018"). Statement dates ("police said Monday", "was arrested at 12:16 a.m. Sunday",
  "booked Thursday (March 15)") rank after event dates, and give way to an event date
  elsewhere in the article (GVA dev: +9 of 353 dates).
- nothing in the incident's own sentences: the first usable date expression of the article;
  nothing there either: the publication date with precision "publication"; no publication
  date either: None.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from tocsin.models import DatePrecision, EventDate, Span

_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
_WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
}
_MON = r"(?P<mon>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_MON2 = _MON.replace("?P<mon>", "?P<mon2>")

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # Before the month pattern: "the Fourth of July" is a day, not "of July".
    ("holiday", re.compile(
        r"\b(?P<hol>new\s+year'?s\s+(?:day|eve)|christmas\s+(?:day|eve)|independence\s+day|"
        r"fourth\s+of\s+july|halloween|valentine'?s\s+day|thanksgiving(?:\s+day)?)\b", re.I)),
    ("iso", re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b")),
    ("dmy", re.compile(
        rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MON}(?:,?\s+(?P<y>\d{{4}}|\d{{2}})"
        rf"(?![\d:]))?(?![a-z])", re.I)),
    ("mdy", re.compile(
        rf"\b{_MON}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b(?!:)(?:,?\s+(?P<y>\d{{4}})\b)?", re.I)),
    ("month", re.compile(
        rf"\b(?:in|during|since|early|late|mid-?|last|this|of)\s+(?:early\s+|late\s+|mid-?)?"
        rf"{_MON2}(?:\s+(?P<y>\d{{4}}))?\b", re.I)),
    ("weekday", re.compile(
        r"\b(?P<pre>(?:on|last|this|early|late|since|until|by|from|next)\s+)?"
        r"(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?\b", re.I)),
    ("relative", re.compile(
        r"\b(?P<rel>the\s+day\s+before\s+yesterday|yesterday|last\s+night|overnight|"
        r"earlier\s+today|early\s+today|today|this\s+morning|this\s+afternoon|this\s+evening|"
        r"tonight|last\s+week|last\s+month)\b", re.I)),
]


# Fixed-date holidays: (month, day); Thanksgiving (US: fourth Thursday of November) apart.
_HOLIDAYS = {
    "new year's day": (1, 1), "new years day": (1, 1), "new year's eve": (12, 31),
    "new years eve": (12, 31), "christmas day": (12, 25), "christmas eve": (12, 24),
    "independence day": (7, 4), "fourth of july": (7, 4), "halloween": (10, 31),
    "valentine's day": (2, 14), "valentines day": (2, 14),
}
_WEEKDAY_BEFORE = re.compile(
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\s*(?:(?:morning|afternoon|"
    r"evening|night)\s*)?[,(]\s*$", re.I)
_RESTATED = re.compile(r"\s*(?:(?:morning|afternoon|evening|night)\s*)?[,(]?\s*", re.I)
# Verbs whose date is when something was said or done about the incident, not the incident
# ("police said Monday", "was arrested Wednesday"); such dates are used only when no other is.
_REPORTING = re.compile(
    r"\b(?:said|says|told|announced|reported|stated|added|confirmed|released|identified|"
    r"arrested|charged|arraigned|sentenced|convicted|pleaded|indicted|booked|published|updated|"
    r"posted|as\s+of)\s+(?:at\s+(?:about\s+|around\s+)?\d{1,2}(?::\d\d)?\s*[ap]\.?m\.?\s+)?"
    r"(?:(?:on|late|early|this)\s+)?$",
    re.I,
)
# Dates that cannot be the incident's: what is planned ("an arraignment is scheduled for
# Friday", "due in court on Monday") and the date line of an embedded tweet ("— Chief X
# (@handle) March 22, 2018").
_NOT_EVENT = re.compile(
    r"(?:\b(?:scheduled|set|slated|planned|due|expected|will|return|reappear|appear)\s+(?:\w+\s+){0,3}?"
    r"(?:for|on|in\s+court(?:\s+on)?|until)\s+(?:(?:next|this)\s+)?|\(@\w+\)\s*|\bnext\s+|"
    r"\bto\s+(?:begin|start|open|resume)\s+(?:on\s+)?)$",
    re.I,
)


# Groups named after a date ("the 19 April Movement", "15 September Legion").
_NAME_AFTER = re.compile(
    r"\s*(?:movement|legion|front|command|brigades?|commandos?|battalion|group)\b", re.I)


@dataclass(frozen=True)
class DateExpr:
    """A date expression found in text, before resolution."""

    kind: str
    start: int
    end: int
    groups: dict[str, str | None]


def find_date_expressions(text: str, start: int = 0, end: int | None = None) -> list[DateExpr]:
    """Return the date expressions of `text[start:end]` in text order (offsets into `text`)."""
    end = len(text) if end is None else end
    seg = text[start:end]
    found: list[DateExpr] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(seg):
            s, e = m.start() + start, m.end() + start
            if any(not (e <= f.start or s >= f.end) for f in found):
                continue
            groups = {k: v for k, v in m.groupdict().items()}
            if kind == "mdy" and (groups["mon"] or "").lower() == "may" and not groups.get("y"):
                continue  # "may 3" is too often "may" the verb in lower-cased text
            if (kind == "month" and (groups["mon2"] or "").lower() == "may"
                    and not groups.get("y")
                    and not re.match(r"(?:in|during|since|early|late|mid)", m.group(), re.I)):
                continue
            if kind in ("dmy", "mdy") and _NAME_AFTER.match(text, e):
                continue  # an organisation named after a date ("19th of April Movement")
            if kind == "weekday" and (groups.get("pre") or "").strip().lower() in (
                "since", "until", "by", "next"
            ):
                continue
            found.append(DateExpr(kind=kind, start=s, end=e, groups=groups))
    found.sort(key=lambda d: d.start)
    # "on Friday (Jan. 17)", "Wednesday, Jan. 22": the weekday restates the explicit date that
    # follows it, which is the one to resolve.
    return [
        f for i, f in enumerate(found)
        if not (f.kind == "weekday" and i + 1 < len(found)
                and found[i + 1].kind in ("dmy", "mdy", "iso")
                and _RESTATED.fullmatch(text, f.end, found[i + 1].start))
    ]


def _year_for(month: int, day: int, published: dt.date) -> int:
    year = published.year
    try:
        candidate = dt.date(year, month, day)
    except ValueError:
        return year
    if candidate > published + dt.timedelta(days=1):
        year -= 1
    return year


def _two_digit_year(yy: int, published: dt.date | None) -> int:
    if published is None:
        return 1900 + yy if yy >= 50 else 2000 + yy
    century = published.year - published.year % 100
    year = century + yy
    return year - 100 if year > published.year + 1 else year


def resolve(expr: DateExpr, text: str, published: dt.date | None) -> EventDate | None:
    """Return the EventDate an expression means, or None when it cannot be resolved."""
    g = expr.groups
    evidence = Span(start=expr.start, end=expr.end, text=text[expr.start:expr.end])
    day_p, month_p = DatePrecision.DAY, DatePrecision.MONTH
    try:
        if expr.kind == "iso":
            d = dt.date(int(g["y"] or 0), int(g["m"] or 0), int(g["d"] or 0))
            return EventDate(iso=d.isoformat(), precision=day_p, evidence=evidence)
        if expr.kind in ("dmy", "mdy"):
            month = _MONTHS[(g["mon"] or "").lower()]
            day = int(g["d"] or 0)
            ytxt = g.get("y")
            if ytxt:
                year = int(ytxt) if len(ytxt) == 4 else _two_digit_year(int(ytxt), published)
            elif published is not None:
                year = _year_for(month, day, published)
            else:
                return None
            d = dt.date(year, month, day)
            return EventDate(iso=d.isoformat(), precision=day_p, evidence=evidence)
        if expr.kind == "month":
            month = _MONTHS[(g["mon2"] or "").lower()]
            if g.get("y"):
                year = int(g["y"] or 0)
            elif published is not None:
                year = _year_for(month, 1, published)
            else:
                return None
            return EventDate(iso=f"{year:04d}-{month:02d}", precision=month_p, evidence=evidence)
    except (ValueError, KeyError):
        return None
    if expr.kind == "holiday":
        return _holiday(expr, evidence, published)
    if published is None:
        return None
    if expr.kind == "weekday":
        wd = _WEEKDAYS[(g["wd"] or "").lower()]
        delta = (published.weekday() - wd) % 7
        pre = (g.get("pre") or "").strip().lower()
        if delta == 0 and pre == "last":
            delta = 7
        d = published - dt.timedelta(days=delta)
        return EventDate(iso=d.isoformat(), precision=day_p, evidence=evidence)
    rel = re.sub(r"\s+", " ", (g.get("rel") or "").lower())
    if rel == "last week":
        d = published - dt.timedelta(days=7)
        return EventDate(iso=f"{d.year:04d}-{d.month:02d}", precision=month_p, evidence=evidence)
    if rel == "last month":
        d = published.replace(day=1) - dt.timedelta(days=1)
        return EventDate(iso=f"{d.year:04d}-{d.month:02d}", precision=month_p, evidence=evidence)
    days = {"the day before yesterday": 2, "yesterday": 1, "last night": 1, "overnight": 1}.get(
        rel, 0
    )
    d = published - dt.timedelta(days=days)
    return EventDate(iso=d.isoformat(), precision=day_p, evidence=evidence)


def _holiday(expr: DateExpr, evidence: Span, published: dt.date | None) -> EventDate | None:
    """Return the date of a holiday named in text: the latest one on or before publication."""
    name = re.sub(r"\s+", " ", (expr.groups.get("hol") or "").lower()).replace("’", "'")
    if published is None:
        return None
    if name.startswith("thanksgiving"):
        def thanksgiving(year: int) -> dt.date:
            first = dt.date(year, 11, 1)
            return first + dt.timedelta(days=(3 - first.weekday()) % 7 + 21)
        d = thanksgiving(published.year)
        if d > published + dt.timedelta(days=1):
            d = thanksgiving(published.year - 1)
    else:
        month, day = _HOLIDAYS.get(name, (0, 0))
        if not month:
            return None
        d = dt.date(_year_for(month, day, published), month, day)
    return EventDate(iso=d.isoformat(), precision=DatePrecision.DAY, evidence=evidence)


def publication_date(published: dt.date | None) -> EventDate | None:
    """Return the stand-in date when the text gives none: the publication date, or None."""
    if published is None:
        return None
    return EventDate(iso=published.isoformat(), precision=DatePrecision.PUBLICATION)


def _usable(date: EventDate, published: dt.date | None) -> bool:
    """Whether a resolved date can be an incident's: not after publication (a future plan)."""
    if published is None:
        return True
    if date.iso[:7] > published.isoformat()[:7]:
        return False
    return not (len(date.iso) == 10
                and date.iso > (published + dt.timedelta(days=1)).isoformat())


def choose_date(
    text: str,
    ranges: list[tuple[int, int]],
    anchor: int,
    published: dt.date | None,
    *,
    skip: tuple[int, int] | None = None,
    article_fallback: bool = True,
) -> EventDate | None:
    """Return the date of an incident: the resolvable expression nearest `anchor` (the trigger).

    `ranges` are the (start, end) stretches of text that report the incident (its sentences);
    `skip` is a stretch to ignore (the dateline, whose date is the publication date).
    Expressions in the anchor's own stretch win over those elsewhere; a resolved date after
    publication (a future plan) is ignored.

    When the incident's own sentences give no date, the first usable date expression of the
    whole article stands in (`article_fallback`): news leads with the event, so the first date
    an article gives is the event's far more often than the publication date is (GVA dev: 55
    publication-date errors fixed for 10 made). Only then does the publication date stand in,
    with precision "publication".
    """
    best: tuple[tuple[int, int, bool, int], EventDate] | None = None
    for start, end in ranges:
        own = 0 if start <= anchor < end else 1
        for expr in find_date_expressions(text, start, end):
            if skip is not None and skip[0] <= expr.start < skip[1]:
                continue
            date = resolve(expr, text, published)
            if date is None or not _usable(date, published):
                continue
            rank = _reporting(text, expr)
            if rank == 2:
                continue  # a plan or a tweet's date line
            distance = min(abs(expr.start - anchor), abs(expr.end - anchor))
            # A day beats a month in the same stretch ("last week's shooting ... last Tuesday").
            key = (rank, own, len(date.iso) != 10, distance)
            if best is None or key < best[0]:
                best = (key, date)
    if best is not None and (best[0][0] == 0 or not article_fallback):
        return best[1]
    # The incident's own sentences date only a statement or an arrest ("police said Monday"):
    # a date the article gives without one is likelier the incident's.
    if article_fallback:
        first: tuple[int, EventDate] | None = None
        for expr in find_date_expressions(text):
            if skip is not None and skip[0] <= expr.start < skip[1]:
                continue
            date = resolve(expr, text, published)
            if date is not None and _usable(date, published):
                rank = _reporting(text, expr)
                if rank == 2:
                    continue
                if first is None or rank < first[0]:
                    first = (rank, date)
                if rank == 0:
                    break
        if first is not None and (best is None or first[0] == 0):
            return first[1]
    if best is not None:
        return best[1]
    return publication_date(published)


def _reporting(text: str, expr: DateExpr) -> int:
    """Return 1 when the expression dates a statement or an arrest ("police said Monday"), 2 when
    it dates something planned or an embedded tweet ("scheduled for Friday"), else 0."""
    start = expr.start
    # "booked Thursday (March 15)": the explicit date restates a weekday; what precedes the
    # weekday says what the date is of.
    restated = _WEEKDAY_BEFORE.search(text, max(0, start - 30), start)
    if restated is not None:
        start = restated.start()
    if _NOT_EVENT.search(text, max(0, start - 40), start):
        return 2
    return 1 if _REPORTING.search(text, max(0, start - 40), start) else 0
