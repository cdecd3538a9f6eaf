"""Merging: each new mention joins the incident it reports, or starts a new one.

A mention joins a stored incident when nothing contradicts it (dates within a window, same
country, compatible types, places close) and enough agrees (same or nearby place, same admin1
and type, or a shared perpetrator). Figures are never overwritten: every report goes into the
incident's `count_history` and the current figure follows `current_counts`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections.abc import Sequence

from tocsin.models import (
    Count,
    CountReport,
    DatePrecision,
    EventDate,
    Incident,
    LocationPrecision,
    Mention,
    Perpetrator,
    Place,
    Responsibility,
)

# Reports of one incident keep arriving for days; its date as reported may differ by a day
# (time zones, "overnight", "on Friday" vs the article's date).
DATE_WINDOW_DAYS = 3
NEAR_KM = 30.0
FAR_KM = 100.0
PRECISION_RANK = {
    LocationPrecision.CITY: 4,
    LocationPrecision.ADMIN2: 3,
    LocationPrecision.ADMIN1: 2,
    LocationPrecision.COUNTRY: 1,
}


def incident_id_for(mention: Mention) -> str:
    """Return the id of the incident a mention founds: stable for the same article and index."""
    digest = hashlib.sha1(f"{mention.article_id}\x1f{mention.index}".encode()).hexdigest()
    return "inc_" + digest[:16]


def mention_day(mention: Mention) -> dt.date | None:
    """Return the best single day for a mention: its event date, else its publication date."""
    if mention.date is not None:
        iso = mention.date.iso
        if len(iso) == 10:
            return dt.date.fromisoformat(iso)
        if len(iso) == 7:
            return dt.date.fromisoformat(iso + "-01")
    return mention.published


def date_window(mention: Mention) -> tuple[str, str] | None:
    """Return the ISO range of incident dates a mention may join, or None without a date."""
    day = mention_day(mention)
    if day is None:
        return None
    delta = dt.timedelta(days=DATE_WINDOW_DAYS)
    if mention.date is not None and mention.date.precision == DatePrecision.MONTH:
        delta = dt.timedelta(days=31)
    return (day - delta).isoformat(), (day + delta).isoformat()


def distance_km(a: Place, b: Place) -> float | None:
    """Return the great-circle distance between two resolved places, or None."""
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return None
    la1, lo1, la2, lo2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = (
        math.sin((la2 - la1) / 2) ** 2
        + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    )
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(h)))


def _norm(name: str) -> str:
    return " ".join(name.lower().split())


def match_score(incident: Incident, mention: Mention) -> float | None:
    """Return how well a mention fits an incident, or None when something contradicts it."""
    if mention.article_id in incident.articles:
        return None  # the extractor already separated the incidents of one article
    if incident.acled_type and mention.acled_type and incident.acled_type != mention.acled_type:
        return None
    score = 0.0
    a, b = incident.place, mention.place
    if a is not None and b is not None:
        if a.country and b.country and a.country != b.country:
            return None
        km = distance_km(a, b)
        if a.geonames_id is not None and a.geonames_id == b.geonames_id:
            score += 2.0
        elif km is not None and km <= NEAR_KM:
            score += 1.5
        elif km is not None and km > FAR_KM and _both_precise(a, b):
            return None
        elif a.admin1 and a.admin1 == b.admin1:
            score += 1.0
        elif a.country and a.country == b.country:
            score += 0.5
    if incident.gtd_type and mention.gtd_type and incident.gtd_type == mention.gtd_type:
        score += 0.5
    if incident.acled_subtype and incident.acled_subtype == mention.acled_subtype:
        score += 0.5
    known = {_norm(p.name) for p in incident.perpetrators if p.kind == "group"}
    if any(_norm(p.name) in known for p in mention.perpetrators if p.kind == "group"):
        score += 1.0
    day_a = _incident_day(incident)
    day_b = mention_day(mention)
    if day_a is not None and day_b is not None:
        gap = abs((day_a - day_b).days)
        if gap > DATE_WINDOW_DAYS and not _month_precision(incident, mention):
            return None
        score += 0.5 if gap <= 1 else 0.0
    return score


def _both_precise(a: Place, b: Place) -> bool:
    return (a.precision in (LocationPrecision.CITY, LocationPrecision.ADMIN2)) and (
        b.precision in (LocationPrecision.CITY, LocationPrecision.ADMIN2)
    )


def _month_precision(incident: Incident, mention: Mention) -> bool:
    return any(
        d is not None and d.precision == DatePrecision.MONTH for d in (incident.date, mention.date)
    )


def _incident_day(incident: Incident) -> dt.date | None:
    if incident.date is None:
        return None
    iso = incident.date.iso
    return dt.date.fromisoformat(iso if len(iso) == 10 else iso[:7] + "-01")


# A merge needs positive evidence beyond "nothing contradicts": a close place, or a shared
# admin1 with a matching type, or a shared perpetrator group.
MERGE_THRESHOLD = 2.0


def best_match(candidates: Sequence[Incident], mention: Mention) -> Incident | None:
    """Return the candidate the mention should join, or None to start a new incident."""
    best: tuple[float, str] | None = None
    chosen: Incident | None = None
    for incident in candidates:
        score = match_score(incident, mention)
        if score is None or score < MERGE_THRESHOLD:
            continue
        # Ties go to the lowest id so that the outcome does not depend on candidate order.
        key = (score, _neg(incident.id))
        if best is None or key > best:
            best, chosen = key, incident
    return chosen


def _neg(text: str) -> str:
    return "".join(chr(0x10FFFF - ord(c)) for c in text)


def report_of(mention: Mention) -> CountReport | None:
    """Return the count report a mention contributes, or None when it gives no figure."""
    if mention.killed is None and mention.injured is None and mention.kidnapped is None:
        return None
    return CountReport(
        as_of=mention.published,
        as_of_time=mention.published_at,
        article=mention.article_id,
        killed=mention.killed,
        injured=mention.injured,
        kidnapped=mention.kidnapped,
    )


def new_incident(mention: Mention) -> Incident:
    """Return a new incident founded by one mention."""
    report = report_of(mention)
    incident = Incident(
        id=incident_id_for(mention),
        gtd_type=mention.gtd_type,
        acled_type=mention.acled_type,
        acled_subtype=mention.acled_subtype,
        date=mention.date,
        place=mention.place,
        perpetrators_killed=mention.perpetrators_killed,
        perpetrators=list(mention.perpetrators),
        targets=list(mention.targets),
        weapons=list(mention.weapons),
        articles=[mention.article_id],
        count_history=[report] if report else [],
    )
    return _apply_current_counts(incident)


def absorb(incident: Incident, mention: Mention) -> Incident:
    """Return the incident updated with one more mention of it."""
    updated = incident.model_copy(deep=True)
    updated.articles.append(mention.article_id)
    report = report_of(mention)
    if report is not None:
        updated.count_history.append(report)
    for field in ("gtd_type", "acled_type", "acled_subtype"):
        if getattr(updated, field) is None:
            setattr(updated, field, getattr(mention, field))
    updated.date = _better_date(updated, mention)
    updated.place = _better_place(updated.place, mention.place)
    updated.perpetrators = _merge_perpetrators(updated.perpetrators, mention.perpetrators)
    seen_targets = {_norm(t.text) for t in updated.targets}
    updated.targets += [t for t in mention.targets if _norm(t.text) not in seen_targets]
    seen_weapons = {_norm(w.text) for w in updated.weapons}
    updated.weapons += [w for w in mention.weapons if _norm(w.text) not in seen_weapons]
    if mention.perpetrators_killed is not None and updated.perpetrators_killed is None:
        updated.perpetrators_killed = mention.perpetrators_killed
    return _apply_current_counts(updated)


def _better_date(incident: Incident, mention: Mention) -> EventDate | None:
    current, new = incident.date, mention.date
    if current is None:
        return new
    if new is None:
        return current
    rank = {DatePrecision.DAY: 3, DatePrecision.MONTH: 2, DatePrecision.YEAR: 1}
    rank_current = rank.get(current.precision, 0)
    rank_new = rank.get(new.precision, 0)
    if rank_new != rank_current:
        return new if rank_new > rank_current else current
    # Same precision: the earliest report of the day an incident happened is the safest.
    return min(current, new, key=lambda d: d.iso)


def _better_place(current: Place | None, new: Place | None) -> Place | None:
    if current is None or current.precision is None:
        return new if new is not None and (current is None or new.precision) else current
    if new is None or new.precision is None:
        return current
    if PRECISION_RANK[new.precision] > PRECISION_RANK[current.precision]:
        return new
    return current


def _merge_perpetrators(
    current: list[Perpetrator], new: Sequence[Perpetrator]
) -> list[Perpetrator]:
    rank = {
        Responsibility.CLAIMED: 3,
        Responsibility.DENIED: 2,
        Responsibility.SUSPECTED: 1,
        Responsibility.UNKNOWN: 0,
    }
    merged = {_norm(p.name): p for p in current}
    order = [_norm(p.name) for p in current]
    for p in new:
        key = _norm(p.name)
        if key not in merged:
            merged[key] = p
            order.append(key)
        elif rank[p.responsibility] > rank[merged[key].responsibility]:
            merged[key] = merged[key].model_copy(update={"responsibility": p.responsibility})
    return [merged[k] for k in order]


def current_counts(history: Sequence[CountReport]) -> dict[str, Count | None]:
    """Return the current killed/injured/kidnapped figures from an incident's reports.

    Rule: for each figure, the latest report that gives it wins (by publication time, then
    date); reports of the same moment resolve to the highest figure.
    """
    result: dict[str, Count | None] = {}
    for field in ("killed", "injured", "kidnapped"):
        best: tuple[tuple[str, str], int] | None = None
        chosen: Count | None = None
        for report in history:
            count: Count | None = getattr(report, field)
            if count is None:
                continue
            when = (
                report.as_of.isoformat() if report.as_of else "",
                report.as_of_time.isoformat() if report.as_of_time else "",
            )
            key = (when, count.value)
            if best is None or key > best:
                best, chosen = key, count
        result[field] = chosen
    return result


def _apply_current_counts(incident: Incident) -> Incident:
    for field, count in current_counts(incident.count_history).items():
        setattr(incident, field, count)
    return incident
