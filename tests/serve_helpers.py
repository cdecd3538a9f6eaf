"""A small hand-built database for the API and dashboard tests (no model needed)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from factories import article, mention, place

from tocsin.models import (
    Actor,
    Count,
    CountReport,
    DatePrecision,
    EventDate,
    Incident,
    Interaction,
    Perpetrator,
    Qualifier,
    Responsibility,
    Span,
    Target,
)
from tocsin.store import open_store

QUOTE = "Gunmen killed at least 12 people at a market in Alphaville on Monday."


def _incident(
    incident_id: str,
    *,
    day: str,
    name: str,
    country: str,
    lat: float,
    lon: float,
    killed: int | None,
    acled_type: str,
    gtd_type: str,
    group: str | None,
    articles: list[str],
    history: list[tuple[str, str, int]] | None = None,
) -> Incident:
    where = place(name, lat=lat, lon=lon, country=country, admin1=f"{name} Province", gid=1)
    return Incident(
        id=incident_id,
        gtd_type=gtd_type,
        acled_type=acled_type,
        acled_subtype="Attack",
        date=EventDate(iso=day, precision=DatePrecision.DAY),
        place=where,
        killed=Count(value=killed, qualifier=Qualifier.AT_LEAST) if killed is not None else None,
        injured=Count(value=3),
        perpetrators=[Perpetrator(name=group, responsibility=Responsibility.CLAIMED)]
        if group
        else [],
        targets=[Target(text="shoppers", gtd_target_type="Private Citizens & Property")],
        articles=articles,
        count_history=[
            CountReport(as_of=dt.date.fromisoformat(d), article=a, killed=Count(value=k))
            for d, a, k in (history or [])
        ],
    )


def build_db(path: Path) -> Path:
    """Write a database of three incidents, three articles and two interactions to `path`."""
    with open_store(path) as store:
        store.begin()
        a1 = article("art-1", QUOTE, day="2024-03-04")
        a1 = a1.model_copy(update={"title": "Market attack in Alphaville", "source": "Test Wire"})
        a2 = article("art-2", "The toll from the Alphaville attack rose to 15.", day="2024-03-05")
        a2 = a2.model_copy(update={"title": "Alphaville toll rises"})
        a3 = article("art-3", "A bomb exploded in Betatown on Friday.", day="2024-05-10")
        for a in (a1, a2, a3):
            store.add_article(a)
        m1 = mention("art-1", 0, day="2024-03-04", killed=12, published="2024-03-04")
        m1.killed = Count(
            value=12, qualifier=Qualifier.AT_LEAST, evidence=Span(start=0, end=35, text=QUOTE[:35])
        )
        store.save_incident(
            _incident(
                "inc_alpha", day="2024-03-04", name="Alphaville", country="IQ", lat=36.3,
                lon=43.1, killed=15, acled_type="Violence against civilians",
                gtd_type="Armed Assault", group="Islamic State", articles=["art-1", "art-2"],
                history=[("2024-03-04", "art-1", 12), ("2024-03-05", "art-2", 15)],
            )
        )  # fmt: skip
        store.add_mention(m1, "inc_alpha")
        store.save_incident(
            _incident(
                "inc_beta", day="2024-05-10", name="Betatown", country="SO", lat=2.0, lon=45.3,
                killed=4, acled_type="Explosions/Remote violence", gtd_type="Bombing/Explosion",
                group="al-Shabaab", articles=["art-3"],
            )
        )  # fmt: skip
        store.save_incident(
            _incident(
                "inc_gamma", day="2024-06-01", name="Gammaport", country="SO", lat=-1.0,
                lon=41.0, killed=None, acled_type="Battles", gtd_type="Armed Assault",
                group=None, articles=["art-3"],
            )
        )  # fmt: skip
        condemn = Interaction(
            article_id="art-1",
            actor=Actor(name="Jane Ruler", country="IQ"),
            verb="condemn",
            plover="ACCUSE",
            cameo="111",
            target_text="the attack",
            incident_id="inc_alpha",
            date=dt.date(2024, 3, 4),
            evidence=Span(start=0, end=30, text="Jane Ruler condemned the attack"),
        )
        claim = condemn.model_copy(
            update={
                "actor": Actor(name="Islamic State"),
                "verb": "claim_responsibility",
                "plover": None,
                "cameo": "015",
                "evidence": Span(start=0, end=20, text="Islamic State claimed"),
            }
        )
        store.add_interactions([("int_1", condemn), ("int_2", claim)])
        store.commit()
        store.ensure_search_index()
    return path
