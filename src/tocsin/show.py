"""`tocsin show`: one incident as a readable report, every field with its evidence."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from tocsin.models import (
    Article,
    Count,
    CountReport,
    Incident,
    Interaction,
    Mention,
    Place,
    Span,
)
from tocsin.resolve.merge import current_counts


def _quote(span: Span | None) -> str:
    return f'  "{span.text}"' if span is not None else ""


def _count(count: Count | None) -> str:
    if count is None:
        return "unknown"
    if count.qualifier.value == "range" and count.high is not None:
        return f"{count.value}-{count.high}"
    words = {"exact": "", "at_least": "at least ", "at_most": "at most ", "about": "about "}
    return f"{words.get(count.qualifier.value, '')}{count.value}"


def _place_text(place: Place | None) -> str:
    if place is None:
        return "unknown"
    names = (place.name or place.raw, place.admin1, place.country)
    text = ", ".join(x for x in names if x)
    if place.lat is not None and place.lon is not None:
        level = place.precision.value if place.precision else "?"
        text += f"  ({place.lat:.4f}, {place.lon:.4f}; {level})"
    return text


def _evidence_of(mentions: Sequence[Mention], field: str) -> tuple[Span | None, str]:
    """Return the first evidence span of a field among the mentions, with its article."""
    for m in mentions:
        value = getattr(m, field)
        span = getattr(value, "evidence", None) if value is not None else None
        if field == "gtd_type":
            span = m.type_evidence
        if span is not None:
            return span, m.article_id
    return None, ""


def render_incident(
    incident: Incident,
    interactions: Sequence[tuple[str, Interaction]],
    articles: Mapping[str, Article | None],
) -> str:
    """Return the incident report: fields with evidence, count history, then the timeline."""
    lines = [f"Incident {incident.id}"]
    place = incident.place
    fields: list[tuple[str, str, str]] = [
        (
            "type",
            f"{incident.gtd_type} / {incident.acled_type} / {incident.acled_subtype}",
            "gtd_type",
        ),
        (
            "date",
            f"{incident.date.iso} ({incident.date.precision.value})"
            if incident.date
            else "unknown",
            "date",
        ),
        ("place", _place_text(place), "place"),
        ("killed", _count(incident.killed), "killed"),
        ("injured", _count(incident.injured), "injured"),
        ("kidnapped", _count(incident.kidnapped), "kidnapped"),
    ]
    for label, value, field in fields:
        span, article = _evidence_of(incident.mentions, field)
        source = f"  [{article}]" if article else ""
        lines.append(f"  {label:<13}{value}{_quote(span)}{source}")
    for p in incident.perpetrators:
        lines.append(
            f"  {'perpetrator':<13}{p.name} ({p.kind}, {p.responsibility.value})"
            + _quote(p.evidence)
        )
    for t in incident.targets:
        lines.append(
            f"  {'target':<13}{t.text} ({t.kind}, {t.gtd_target_type}){_quote(t.evidence)}"
        )
    for w in incident.weapons:
        lines.append(f"  {'weapon':<13}{w.text} ({w.gtd_weapon_type}){_quote(w.evidence)}")
    if incident.count_history:
        lines.append("Count history (current figure: latest credible report, see merge.py):")
        for r in incident.count_history:
            flags = "".join(
                [
                    "  [revision]" if r.revision else "",
                    f"  [outlier, not adopted: {', '.join(r.outlier)}]" if r.outlier else "",
                ]
            )
            source = f" {r.source}" if r.source else ""
            lines.append(
                f"  {_when(r.as_of_time, r.as_of)}  killed {_count(r.killed)},"
                f" injured {_count(r.injured)}  [{r.article}{source}]{flags}"
            )
    events = timeline(incident, interactions, articles)
    if events:
        lines.append("Timeline:")
        for event in events:
            lines.append(f"  {event.when:<20} {event.what}  [{event.article}]")
    lines.append("Sources:")
    for article_id in incident.articles:
        source_article = articles.get(article_id)
        detail = ""
        if source_article is not None:
            parts = (
                str(source_article.published or ""),
                source_article.source or "",
                source_article.title or source_article.url or "",
            )
            detail = " ".join(x for x in parts if x)
        lines.append(f"  {article_id}  {detail}".rstrip())
    return "\n".join(lines)


def _when(time: dt.datetime | None, day: dt.date | None) -> str:
    if time is not None:
        return time.strftime("%Y-%m-%d %H:%M")
    return day.isoformat() if day else "undated"


@dataclass(frozen=True)
class Event:
    """One step of an incident's story: when, what happened or was said, and the source."""

    when: str
    what: str
    article: str
    order: tuple[int, str, str]


# Timeline labels of some interaction verbs; the others show as their verb.
_LABELS = {
    "claim_responsibility": "claim",
    "deny": "denial",
    "arrest": "arrests",
    "warn": "warning",
    "investigate": "investigation",
}


def _first_article(
    incident: Incident, articles: Mapping[str, Article | None]
) -> tuple[str, Article] | None:
    """Return (when, article) of the incident's earliest dated source article, or None."""
    dated = [
        (_when(a.published_at, a.published), a.id, a)
        for a in (articles.get(i) for i in incident.articles)
        if a is not None and (a.published is not None or a.published_at is not None)
    ]
    if not dated:
        return None
    when, _, article = min(dated, key=lambda t: (t[0], t[1]))
    return when, article


def _references(
    incident: Incident, articles: Mapping[str, Article | None], *, skip: set[str]
) -> list[Event]:
    """Return an event per source article that no mention of the incident came from.

    Only when the incident's mentions are loaded: without them, every source looks alike.
    """
    if not incident.mentions:
        return []
    own = {m.article_id for m in incident.mentions}
    events = []
    for article_id in incident.articles:
        article = articles.get(article_id)
        if article_id in own or article_id in skip or article is None:
            continue
        when = _when(article.published_at, article.published)
        title = article.title or article.url or article.text[:80]
        events.append(Event(when, f"reference: {title}", article_id, (1, when, article_id)))
    return events


def _figures(r: CountReport) -> str:
    parts = [
        f"{name} {_count(getattr(r, name))}"
        for name in ("killed", "injured", "kidnapped")
        if getattr(r, name) is not None
    ]
    return ", ".join(parts)


def timeline(
    incident: Incident,
    interactions: Sequence[tuple[str, Interaction]],
    articles: Mapping[str, Article | None],
) -> list[Event]:
    """Return the incident's story in order: warnings given before it, the first report, each
    change of the current figures (and outliers not adopted), claims and denials, arrests and
    reactions, each with its source article; and each *reference* (a source article that gave
    no mention of its own: a briefing, an analysis, a report in another language, listed by
    merging) at its publication time.

    The first report is the earliest source article (by publication time, among those in
    `articles`), with its title, even when it gave no figure; the first figures then follow
    as "first figures". Without article records, the first count report is the first report.
    """
    events: list[Event] = []
    first = _first_article(incident, articles)
    first_label = "first report"
    if first is not None:
        when, source = first
        title = source.title or source.url
        what = f"first report: {title}" if title else "first report"
        figures = next((r for r in incident.count_history if r.article == source.id), None)
        if figures is not None and _figures(figures) and figures is incident.count_history[0]:
            what = f"first report: {_figures(figures)}" + (f" ({title})" if title else "")
            first_label = ""
        else:
            first_label = "first figures"
        events.append(Event(when, what, source.id, (1, when, source.id)))
    history: list[CountReport] = []
    shown: dict[str, Count | None] | None = None
    for r in incident.count_history:
        when = _when(r.as_of_time, r.as_of)
        order = (1, when, r.article)
        history.append(r)
        if r.outlier:
            events.append(Event(when, f"outlier not adopted: {_figures(r)}", r.article, order))
        now = current_counts(history)
        if shown is None:
            if first_label:
                events.append(Event(when, f"{first_label}: {_figures(r)}", r.article, order))
        elif now != shown:
            changes = [
                f"{k} {_count(shown[k])} -> {_count(now[k])}" for k in now if now[k] != shown[k]
            ]
            label = "revised" if r.revision else "figures updated"
            events.append(Event(when, f"{label}: {'; '.join(changes)}", r.article, order))
        shown = now
    events += _references(incident, articles, skip={e.article for e in events})
    for _, i in interactions:
        article = articles.get(i.article_id)
        day = i.date or (article.published if article else None)
        time = article.published_at if article and i.date is None else None
        when = "before the incident" if i.before_incident else _when(time, day)
        label = _LABELS.get(i.verb, i.verb)
        target = i.target.name if i.target else (i.target_text or "")
        what = f"{label}: {i.actor.name} -> {target}" if target else f"{label}: {i.actor.name}"
        rank = 0 if i.before_incident else 1
        events.append(Event(when, what, i.article_id, (rank, when, i.article_id)))
    return sorted(events, key=lambda e: e.order)
