"""Hard merging cases as small multi-report stories, through `attach` into a real store.

Each story is a handful of invented reports (the mention the extractor would give, with the
distinctive words of an invented text). The cases: reports that name no place or only a
country, generic attacks in one city on consecutive days, one armed group fighting a whole
war, two bombings in one city on one day, neighbouring towns, and arrival order.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from factories import PAKISTAN, article, place

from tocsin.models import (
    Count,
    DatePrecision,
    EventDate,
    Mention,
    Perpetrator,
    Place,
    Qualifier,
    Responsibility,
)
from tocsin.resolve.merge import attach, report_of, terms_of
from tocsin.store import Store, open_store

ALDERTON = place("Alderton", lat=10.00, lon=20.00, gid=9000001, country="PK", admin1="North")
# About 55 km from Alderton, in the same province.
BRINDLEY = place("Brindley", lat=10.50, lon=20.00, gid=9000002, country="PK", admin1="North")

BOMB = ("Bombing/Explosion", "Explosions/Remote violence", "Suicide bomb")
ATTACK = ("Armed Assault", "Violence against civilians", "Attack")

MARKET = "Suicide bomber strikes crowded vegetable market in Alderton, shoppers among the dead"


def report(
    article_id: str,
    text: str,
    *,
    kind: tuple[str, str, str] = BOMB,
    where: Place | None = ALDERTON,
    day: str | None = "2023-05-10",
    published: str = "2023-05-10",
    killed: int | None = None,
    group: str | None = None,
) -> Mention:
    """Return the mention an invented report gives."""
    gtd, acled, subtype = kind
    date = (
        EventDate(iso=day, precision=DatePrecision.DAY)
        if day
        else EventDate(iso=published, precision=DatePrecision.PUBLICATION)
    )
    return Mention(
        article_id=article_id,
        index=0,
        gtd_type=gtd,
        acled_type=acled,
        acled_subtype=subtype,
        date=date,
        place=where,
        killed=Count(value=killed, qualifier=Qualifier.AT_LEAST) if killed is not None else None,
        perpetrators=[Perpetrator(name=group, responsibility=Responsibility.CLAIMED)]
        if group
        else [],
        published=dt.date.fromisoformat(published),
        terms=terms_of(text),
    )


def run_story(store: Store, mentions: Sequence[Mention]) -> list[str | None]:
    """Attach mentions in the given order; return the incident id each has at the end."""
    store.begin()
    for m in mentions:
        if not store.has_article(m.article_id):
            store.add_article(article(m.article_id, day=str(m.published)))
        attach(m, store=store, report=report_of(m))
    store.commit()
    return [store.incident_of_mention(m.article_id, m.index) for m in mentions]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(tmp_path / "s.db") as s:
        yield s


def _market_bombing() -> list[Mention]:
    return [
        report("m1", MARKET, killed=12),
        report("m2", "Vegetable market bombing in Alderton kills 19 shoppers", killed=19),
        report(
            "m3",
            "Death toll from Alderton market suicide bombing rises to 31",
            day=None,
            published="2023-05-11",
            killed=31,
        ),
    ]


@pytest.mark.parametrize(
    ("text", "joins"),
    [
        ("Suicide bomber kills shoppers at crowded vegetable market", True),
        ("Lawmakers debate budget cuts after week of protests over fuel prices", False),
    ],
)
def test_a_report_naming_no_place_joins_only_when_its_words_match(
    store: Store, text: str, joins: bool
) -> None:
    vague = report("v1", text, where=None, day=None, published="2023-05-11")
    ids = run_story(store, [*_market_bombing(), vague])
    assert (ids[3] == ids[0]) is joins


def test_a_country_level_report_with_the_same_large_toll_joins(store: Store) -> None:
    # Few words in common ("Pakistan grapples with attack that left 31 dead"), the same toll.
    vague = report(
        "v2",
        "Nation grapples with deadly attack, fears grow over militancy and economy",
        kind=ATTACK,
        where=PAKISTAN,
        day=None,
        published="2023-05-11",
        killed=31,
    )
    ids = run_story(store, [*_market_bombing(), vague])
    assert ids[3] == ids[0]


def test_a_country_level_report_with_another_toll_and_other_words_stays_apart(
    store: Store,
) -> None:
    other = report(
        "v3",
        "Gunmen ambush convoy on mountain highway, drivers abducted",
        kind=ATTACK,
        where=PAKISTAN,
        day=None,
        published="2023-05-11",
        killed=4,
    )
    ids = run_story(store, [*_market_bombing(), other])
    assert ids[3] != ids[0]


SHOP = (
    "Shopkeeper Rahim Baloch shot dead outside his tailoring workshop near the cattle fair,"
    " family demands justice from provincial assembly"
)
PATROL = (
    "Border patrol vehicle ambushed on canal embankment, soldiers return fire as tribal"
    " elders call jirga to negotiate ceasefire"
)


def test_generic_attacks_in_one_city_on_consecutive_days_stay_apart(store: Store) -> None:
    ids = run_story(
        store,
        [
            report("g1", SHOP, kind=ATTACK, day="2023-05-10", published="2023-05-10"),
            report("g2", PATROL, kind=ATTACK, day="2023-05-11", published="2023-05-11"),
        ],
    )
    assert ids[0] != ids[1]


def test_one_armed_group_alone_does_not_link_its_attacks_in_one_city(store: Store) -> None:
    ids = run_story(
        store,
        [
            report("f1", SHOP, kind=ATTACK, group="Northern Liberation Front"),
            report("f2", PATROL, kind=ATTACK, group="Northern Liberation Front"),
        ],
    )
    assert ids[0] != ids[1]


def test_two_bombings_in_one_city_on_one_day_with_unrelated_reports_stay_apart(
    store: Store,
) -> None:
    ids = run_story(
        store,
        [
            report(
                "b1",
                "Car bomb wrecks telecommunications exchange, phone lines cut across"
                " northern districts, engineers assess damage",
            ),
            report(
                "b2",
                "Explosive device found under parliament member's jeep detonated outside"
                " girls' college, students evacuated during examinations",
            ),
        ],
    )
    assert ids[0] != ids[1]


@pytest.mark.parametrize(
    ("text", "joins"),
    [
        # The same words: one bombing that two reports place an hour apart.
        (MARKET.replace("Alderton", "Brindley"), True),
        # Another bombing there the same day.
        ("Roadside bomb hits police van on Brindley bypass, two constables hurt", False),
    ],
)
def test_a_bombing_reported_in_a_town_an_hour_away_joins_only_on_shared_words(
    store: Store, text: str, joins: bool
) -> None:
    far = report("t1", text, where=BRINDLEY)
    ids = run_story(store, [*_market_bombing(), far])
    assert len(set(ids[:3])) == 1
    assert (ids[3] == ids[0]) is joins


def test_reports_a_day_apart_do_not_chain_an_incident_across_days(store: Store) -> None:
    # Day 10 and day 12 bombings in one city; a vague report published on day 11 that shares
    # no words with either links neither, so the two stay apart.
    ids = run_story(
        store,
        [
            report("d1", MARKET, day="2023-05-10"),
            report(
                "d3",
                "Bomb planted in rickshaw explodes near bus terminal in Alderton",
                day="2023-05-12",
                published="2023-05-12",
            ),
            report(
                "d2",
                "Officials promise compensation after violence, opposition stages walkout",
                day=None,
                published="2023-05-11",
            ),
        ],
    )
    assert ids[0] != ids[1]
    assert ids[2] not in (ids[0], ids[1])


def _mixed() -> list[Mention]:
    return [
        *_market_bombing(),
        report(
            "v1",
            "Suicide bomber kills shoppers at crowded vegetable market",
            where=None,
            day=None,
            published="2023-05-11",
        ),
        report("g1", SHOP, kind=ATTACK, day="2023-05-10"),
        report("g2", PATROL, kind=ATTACK, day="2023-05-11", published="2023-05-11"),
        report("f1", SHOP, kind=ATTACK, group="Northern Liberation Front", day="2023-05-11"),
    ]


@pytest.mark.parametrize("seed", range(8))
def test_the_same_reports_in_any_order_give_the_same_incidents(tmp_path: Path, seed: int) -> None:
    story = _mixed()
    with open_store(tmp_path / "ref.db") as ref:
        expected = run_story(ref, story)
        expected_rows = sorted(i.model_dump_json() for i in ref.incidents())
    shuffled = list(story)
    random.Random(seed).shuffle(shuffled)
    with open_store(tmp_path / f"{seed}.db") as other:
        got = dict(zip([m.article_id for m in shuffled], run_story(other, shuffled), strict=True))
        rows = sorted(i.model_dump_json() for i in other.incidents())
    assert [got[m.article_id] for m in story] == expected
    assert rows == expected_rows
