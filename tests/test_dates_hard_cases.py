"""Incident dates: holidays, plans, tweets and statement dates (tocsin.extract.dates)."""

from __future__ import annotations

import datetime as dt

import pytest

from tocsin.extract.dates import choose_date
from tocsin.models import DatePrecision

THU = dt.date(2014, 1, 2)  # a Thursday


def _iso(text: str, published: dt.date = THU) -> tuple[str, DatePrecision]:
    d = choose_date(text, [(0, len(text))], 0, published)
    assert d is not None
    return d.iso, d.precision


@pytest.mark.parametrize(
    ("text", "published", "iso"),
    [
        ("A man shot two guests early on New Year's Day.", THU, "2014-01-01"),
        ("The stabbing happened on New Year's Eve.", THU, "2013-12-31"),
        ("Shots were fired at a party on Christmas Eve.", dt.date(2015, 1, 3), "2014-12-24"),
        ("A gunman opened fire on Thanksgiving night.", dt.date(2016, 11, 26), "2016-11-24"),
        ("Two were shot on the Fourth of July.", dt.date(2017, 7, 6), "2017-07-04"),
    ],
)
def test_holidays_resolve_to_their_day(text: str, published: dt.date, iso: str) -> None:
    assert _iso(text, published) == (iso, DatePrecision.DAY)


@pytest.mark.parametrize(
    "text",
    [
        "A man was shot. An arraignment is scheduled for Friday.",
        "He was wounded in the leg. He is due in court on Monday.",
        "He was wounded. A trial was to begin June 1.",
        "Shots were fired — Chief Ann Roe (@TownChief) December 30, 2013",
    ],
)
def test_plans_and_tweet_date_lines_are_not_the_incident_date(text: str) -> None:
    assert _iso(text) == (THU.isoformat(), DatePrecision.PUBLICATION)


def test_a_date_restating_a_statement_weekday_is_a_statement_date() -> None:
    text = ("A man was booked Wednesday (Jan. 1) on charges. "
            "The shooting happened on Dec. 30 outside a bar.")
    d = choose_date(text, [(0, 48)], 10, THU)
    assert d is not None and d.iso == "2013-12-30"


def test_an_event_date_elsewhere_beats_a_statement_date_of_the_incident_sentences() -> None:
    text = "Police said on Tuesday that the man was arrested. The robbery took place Dec. 28."
    d = choose_date(text, [(0, 49)], 20, THU)
    assert d is not None and d.iso == "2013-12-28"


def test_arrest_time_before_a_weekday_is_a_statement_date() -> None:
    text = "The suspect was arrested at 12:16 a.m. Tuesday. The shooting was on Monday."
    d = choose_date(text, [(0, len(text))], 0, THU)
    assert d is not None and d.iso == "2013-12-30"
