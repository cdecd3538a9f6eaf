"""Hand-built records for tests that need no model."""

from __future__ import annotations

import datetime as dt

from tocsin.models import (
    Actor,
    Article,
    Count,
    DatePrecision,
    EventDate,
    Interaction,
    LocationPrecision,
    Mention,
    Perpetrator,
    Place,
    Qualifier,
    Responsibility,
    Span,
)


def article(
    article_id: str = "a1", text: str = "Gunmen attacked a market.", day: str = "2024-03-23"
) -> Article:
    return Article(
        id=article_id,
        text=text,
        content_hash="h" + article_id,
        published=dt.date.fromisoformat(day),
    )


def place(
    name: str = "Krasnogorsk",
    *,
    lat: float = 55.82,
    lon: float = 37.33,
    gid: int = 542374,
    country: str = "RU",
    admin1: str = "Moscow Oblast",
) -> Place:
    return Place(
        raw=name,
        name=name,
        country=country,
        admin1=admin1,
        lat=lat,
        lon=lon,
        geonames_id=gid,
        feature="PPLA2",
        precision=LocationPrecision.CITY,
    )


# A mention placed only at country level.
PAKISTAN = Place(
    raw="Pakistan",
    name="Pakistan",
    country="PK",
    lat=30.0,
    lon=70.0,
    geonames_id=1168579,
    precision=LocationPrecision.COUNTRY,
)


def mention(
    article_id: str = "a1",
    index: int = 0,
    *,
    day: str = "2024-03-22",
    killed: int | None = 60,
    published: str = "2024-03-23",
    where: Place | None = None,
    group: str | None = "Islamic State",
    acled_type: str = "Violence against civilians",
) -> Mention:
    return Mention(
        article_id=article_id,
        index=index,
        gtd_type="Armed Assault",
        acled_type=acled_type,
        acled_subtype="Attack",
        date=EventDate(iso=day, precision=DatePrecision.DAY),
        place=where if where is not None else place(),
        killed=Count(value=killed, qualifier=Qualifier.AT_LEAST) if killed is not None else None,
        perpetrators=[Perpetrator(name=group, responsibility=Responsibility.CLAIMED)]
        if group
        else [],
        published=dt.date.fromisoformat(published),
    )


def interaction(
    article_id: str = "a1", verb: str = "condemn", actor: str = "Xi Jinping"
) -> Interaction:
    return Interaction(
        article_id=article_id,
        actor=Actor(name=actor, country="CN"),
        verb=verb,
        plover="ACCUSE",
        cameo="111",
        target_text="the attack",
        mention_index=0,
        evidence=Span(start=0, end=10, text="condemned."),
    )
