"""Incident dates resolved against the publication date (tocsin.extract.dates)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tocsin.extract.dates import choose_date
from tocsin.models import DatePrecision

SAT = dt.date(2024, 3, 23)  # a Saturday


def _date(sentence: str, published: dt.date | None = SAT, anchor: int = 0) -> tuple[str, str]:
    d = choose_date(sentence, [(0, len(sentence))], anchor, published)
    assert d is not None
    return d.iso, d.precision.value


@pytest.mark.parametrize(
    ("sentence", "iso"),
    [
        ("The attack happened on Friday evening.", "2024-03-22"),
        ("Gunmen struck on Monday.", "2024-03-18"),
        ("The blast came on Saturday morning.", "2024-03-23"),
        ("The blast came last Saturday.", "2024-03-16"),
        ("A bomb went off yesterday.", "2024-03-22"),
        ("Shots were fired last night.", "2024-03-22"),
        ("The raid took place this morning.", "2024-03-23"),
        ("Rebels attacked the post today.", "2024-03-23"),
        ("The kidnapping took place on 30 December.", "2023-12-30"),
        ("The attack of December 30, 1989 killed two.", "1989-12-30"),
        ("It was reported on 3 JAN 90 that a bomb exploded.", "1990-01-03"),
        ("The record gives 2024-03-01 as the day.", "2024-03-01"),
    ],
)
def test_day_expressions_resolve_against_publication(sentence: str, iso: str) -> None:
    assert _date(sentence) == (iso, "day")


@pytest.mark.parametrize(
    ("sentence", "iso"),
    [("The massacre took place in March.", "2024-03"),
     ("Clashes broke out in November 2023.", "2023-11"),
     ("Troops were ambushed last week.", "2024-03")],
)
def test_month_expressions_have_month_precision(sentence: str, iso: str) -> None:
    assert _date(sentence) == (iso, "month")


def test_no_date_in_text_falls_back_to_publication() -> None:
    assert _date("Gunmen opened fire on a bus.") == ("2024-03-23", "publication")


def test_no_date_and_no_publication_is_none() -> None:
    assert choose_date("Gunmen opened fire.", [(0, 20)], 0, None) is None


def test_relative_date_without_publication_is_none() -> None:
    assert choose_date("It happened yesterday.", [(0, 22)], 0, None) is None


def test_date_nearest_the_trigger_wins() -> None:
    text = "On Monday officials met. The bomb exploded on Thursday near the market."
    anchor = text.index("exploded")
    assert _date(text, anchor=anchor) == ("2024-03-21", "day")


@given(st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2090, 12, 31)),
       st.sampled_from(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
                        "Sunday"]))
def test_weekday_is_within_the_week_up_to_publication(published: dt.date, day: str) -> None:
    d = choose_date(f"It happened on {day}.", [(0, 40)], 0, published)
    assert d is not None and d.precision is DatePrecision.DAY
    delta = (published - dt.date.fromisoformat(d.iso)).days
    assert 0 <= delta <= 6
    assert dt.date.fromisoformat(d.iso).strftime("%A") == day


def test_weekday_restating_an_explicit_date_gives_way_to_it() -> None:
    text = "Deputies said the robbery happened on Wednesday, Jan. 22, around 9 p.m."
    d = choose_date(text, [(0, len(text))], text.index("robbery"), dt.date(2014, 1, 30))
    assert d is not None and d.iso == "2014-01-22"


def test_weekday_before_a_bracketed_date_gives_way_to_it() -> None:
    assert _date("A man was shot Friday night (March 15) on Oak Street.") == ("2024-03-15", "day")


def test_statement_dates_give_way_to_event_dates() -> None:
    text = "Police said Monday that the shooting happened late Friday."
    assert _date(text, anchor=text.index("shooting")) == ("2024-03-22", "day")


def test_a_day_beats_a_month_in_the_same_stretch() -> None:
    text = "Last week's shooting, which took place last Tuesday, is still unsolved."
    assert _date(text, anchor=text.index("shooting")) == ("2024-03-19", "day")


def test_article_date_stands_in_when_the_incident_sentences_have_none() -> None:
    text = "A store clerk was robbed on Sunday night. The robber fired two shots and fled."
    second = text.index("The robber")
    d = choose_date(text, [(second, len(text))], second + 4, SAT)
    assert d is not None and (d.iso, d.precision.value) == ("2024-03-17", "day")


def test_article_fallback_can_be_turned_off() -> None:
    text = "A store clerk was robbed on Sunday night. The robber fired two shots and fled."
    second = text.index("The robber")
    d = choose_date(text, [(second, len(text))], second + 4, SAT, article_fallback=False)
    assert d is not None and d.precision is DatePrecision.PUBLICATION


def test_article_fallback_skips_statement_dates_and_the_dateline() -> None:
    text = ("LIMA, 20 MAR 24 -- Officials said Friday that a bomb had exploded on Tuesday. "
            "It hurt two.")
    second = text.index("It hurt")
    d = choose_date(text, [(second, len(text))], second, SAT, skip=(0, text.index("--")))
    assert d is not None and d.iso == "2024-03-19"


@pytest.mark.parametrize(
    ("sentence", "iso"),
    [
        ("Members of the 19 April Movement kidnapped a judge on 3 March.", "2024-03-03"),
        ("The 15 September Legion said it bombed the office on Friday.", "2024-03-22"),
    ],
)
def test_group_named_after_a_date_is_not_a_date(sentence: str, iso: str) -> None:
    assert _date(sentence)[0] == iso
