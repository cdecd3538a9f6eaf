"""`tocsin show`'s timeline: the incident's story in order, with sources."""

from __future__ import annotations

import datetime as dt

import pytest
from factories import interaction, mention

from tocsin.models import Article, Count, CountReport, Qualifier
from tocsin.resolve.merge import build_incident
from tocsin.show import render_incident, timeline


def _article(article_id: str, when: str, title: str | None) -> Article:
    at = dt.datetime.fromisoformat(when)
    return Article(
        id=article_id,
        text="...",
        content_hash="h" + article_id,
        published=at.date(),
        published_at=at,
        title=title,
    )


def _report(article_id: str, when: str, killed: int) -> CountReport:
    at = dt.datetime.fromisoformat(when)
    return CountReport(
        as_of=at.date(),
        as_of_time=at,
        article=article_id,
        killed=Count(value=killed, qualifier=Qualifier.AT_LEAST),
    )


def _incident(reports: list[CountReport]) -> tuple[object, dict[str, Article | None]]:
    mentions = [mention("a1", killed=None), mention("a2"), mention("a3")]
    incident = build_incident(mentions, count_history=reports)
    articles: dict[str, Article | None] = {
        "a1": _article("a1", "2024-03-22T18:10", "Shooting reported at concert hall"),
        "a2": _article("a2", "2024-03-22T20:00", "Dozens killed in concert hall attack"),
        "a3": _article("a3", "2024-03-23T09:00", None),
    }
    return incident, articles


def test_the_first_report_is_the_earliest_article_even_without_figures() -> None:
    reports = [_report("a2", "2024-03-22T20:00", 40), _report("a3", "2024-03-23T09:00", 60)]
    incident, articles = _incident(reports)
    events = timeline(incident, [], articles)  # type: ignore[arg-type]
    assert [(e.what, e.article) for e in events] == [
        ("first report: Shooting reported at concert hall", "a1"),
        ("first figures: killed at least 40", "a2"),
        ("figures updated: killed at least 40 -> at least 60", "a3"),
    ]


def test_a_first_report_with_figures_is_one_event() -> None:
    reports = [_report("a1", "2024-03-22T18:10", 12), _report("a3", "2024-03-23T09:00", 60)]
    incident, articles = _incident(reports)
    events = [e.what for e in timeline(incident, [], articles)]  # type: ignore[arg-type]
    assert events == [
        "first report: killed at least 12 (Shooting reported at concert hall)",
        "figures updated: killed at least 12 -> at least 60",
    ]


@pytest.mark.parametrize(
    ("verb", "before", "position"),
    [("warn", True, 0), ("condemn", False, 2)],
)
def test_warnings_open_the_story_and_reactions_follow_the_first_report(
    verb: str, before: bool, position: int
) -> None:
    # Both are reported by the latest article; the warning was given before the attack.
    incident, articles = _incident([_report("a2", "2024-03-22T20:00", 40)])
    said = interaction("a3", verb=verb, actor="United States Embassy")
    said.before_incident = before
    events = timeline(incident, [("int_1", said)], articles)  # type: ignore[arg-type]
    assert [e.what.split(":")[0] for e in events].index(
        "warning" if verb == "warn" else verb
    ) == position


def test_the_rendered_report_lists_the_timeline_and_its_sources() -> None:
    incident, articles = _incident([_report("a2", "2024-03-22T20:00", 40)])
    text = render_incident(incident, [], articles)  # type: ignore[arg-type]
    assert "Timeline:" in text
    assert "2024-03-22 18:10" in text
    assert "first report: Shooting reported at concert hall  [a1]" in text
    assert "Sources:" in text and "a3  2024-03-23" in text


def test_references_appear_in_the_timeline_at_their_publication_time() -> None:
    mentions = [mention("a1", killed=None), mention("a2")]
    incident = build_incident(
        mentions, count_history=[_report("a2", "2024-03-22T20:00", 40)], articles=["r1"]
    )
    incident.mentions = mentions
    articles: dict[str, Article | None] = {
        "a1": _article("a1", "2024-03-22T18:10", "Shooting reported at concert hall"),
        "a2": _article("a2", "2024-03-22T20:00", "Dozens killed in concert hall attack"),
        "r1": _article("r1", "2024-03-22T21:30", "Your evening briefing: an attack near Moscow"),
    }
    events = [(e.what, e.article) for e in timeline(incident, [], articles)]
    assert events == [
        ("first report: Shooting reported at concert hall", "a1"),
        ("first figures: killed at least 40", "a2"),
        ("reference: Your evening briefing: an attack near Moscow", "r1"),
    ]
