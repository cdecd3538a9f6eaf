"""`tocsin show`: one incident as a readable report, every field with its evidence."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from tocsin.models import Article, Count, Incident, Interaction, Mention, Place, Span


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
        lines.append("Count history:")
        for r in sorted(
            incident.count_history, key=lambda r: (str(r.as_of_time or r.as_of), r.article)
        ):
            lines.append(
                f"  {r.as_of_time or r.as_of}  killed {_count(r.killed)},"
                f" injured {_count(r.injured)}  [{r.article}]"
            )
    if interactions:
        lines.append("Reactions and related acts:")
        ordered = sorted(interactions, key=lambda x: (not x[1].before_incident, str(x[1].date)))
        for _, i in ordered:
            when = "before the incident" if i.before_incident else str(i.date or "")
            codes = "/".join(c for c in (i.plover, i.cameo and f"CAMEO {i.cameo}") if c)
            target = i.target.name if i.target else (i.target_text or "")
            lines.append(
                f"  {when:<12} {i.actor.name} {i.verb} {target} ({codes}){_quote(i.evidence)}"
                f"  [{i.article_id}]"
            )
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
