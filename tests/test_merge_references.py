"""Reports that give no incident of their own, listed as references of the one they are about.

Invented multi-report stories through `References` (the pipeline's end-of-run settling) into a
real store: a briefing headline with a wrong weekday date, a short item in another language,
a reaction that names only the country, and the cases where a reference must not be made (two
candidate incidents, another kind of attack, a long article, no attack word). Also a region
geocoded to the wrong country (`trusted_place`).
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from factories import PAKISTAN, place

from tocsin.ingest import read
from tocsin.models import (
    Article,
    Count,
    DatePrecision,
    EventDate,
    Interaction,
    LocationPrecision,
    Mention,
    Place,
    Qualifier,
    Span,
)
from tocsin.pipeline import process
from tocsin.report import RunReport
from tocsin.resolve.merge import (
    References,
    attach,
    countries_named,
    report_of,
    terms_of,
    trusted_place,
)
from tocsin.store import Store, open_store

ALDERTON = place("Alderton", lat=34.0, lon=71.5, gid=9000001, country="PK", admin1="North")
# Another city of the same country, far away.
CARVILLE = place("Carville", lat=25.0, lon=67.0, gid=9000003, country="PK", admin1="South")
BOMB = ("Bombing/Explosion", "Explosions/Remote violence", "Suicide bomb")
AIR = ("Air/drone strike", "Explosions/Remote violence", "Air/drone strike")
DAY = "2023-05-15"  # a Monday


def report(
    article_id: str,
    text: str,
    *,
    kind: tuple[str, str, str] = BOMB,
    where: Place | None = ALDERTON,
    day: str = DAY,
    day_text: str = "on Monday",
    published: str = DAY,
    killed: int | None = None,
    precision: DatePrecision = DatePrecision.DAY,
) -> Mention:
    """Return the mention an invented report gives."""
    gtd, acled, subtype = kind
    return Mention(
        article_id=article_id,
        index=0,
        gtd_type=gtd,
        acled_type=acled,
        acled_subtype=subtype,
        date=EventDate(
            iso=day, precision=precision, evidence=Span(start=0, end=9, text=day_text)
        ),
        place=where,
        killed=Count(value=killed, qualifier=Qualifier.AT_LEAST) if killed is not None else None,
        published=dt.date.fromisoformat(published),
        terms=terms_of(text),
    )


def _bombing() -> list[Mention]:
    return [
        report("b1", "Suicide bomber strikes packed mosque in Alderton during prayers", killed=28),
        report("b2", "Mosque blast in Alderton: roof collapses on worshippers", killed=44),
        report("b3", "Alderton mosque bombing toll reaches 61", published="2023-05-16", killed=61),
    ]


# "Your Tuesday briefing: a bombing in Pakistan", published on a Monday: the extractor took the
# Tuesday for last week's.
BRIEFING = report(
    "r1",
    "Your Tuesday briefing: a bombing in Pakistan. Also, elections and currency markets",
    where=PAKISTAN,
    day="2023-05-09",
    day_text="Tuesday",
)


@dataclass
class Item:
    """An article of a story: its mentions (none for an item the extractor found nothing in)."""

    article: Article
    mentions: Sequence[Mention]


def item(article_id: str, text: str, *, published: str = DAY) -> Item:
    day = dt.date.fromisoformat(published)
    return Item(Article(id=article_id, text=text, content_hash="h" + article_id, published=day), [])


def with_mentions(*mentions: Mention) -> list[Item]:
    out = []
    for m in mentions:
        day = m.published or dt.date(2023, 5, 15)
        art = Article(id=m.article_id, text="...", content_hash="h" + m.article_id, published=day)
        out.append(Item(art, [m]))
    return out


def run_story(
    store: Store,
    items: Sequence[Item],
    gazetteer: object = None,
    retrospective: frozenset[str] | set[str] = frozenset(),
    interactions: Sequence[Interaction] = (),
) -> dict[str, str]:
    """Run the items as the pipeline does; return each article's incident (via `articles`).

    `interactions` are stored unlinked with their article, as the pipeline stores those of a
    report it holds back."""
    refs = References()
    store.begin()
    for it in items:
        store.add_article(it.article)
        store.add_interactions(
            (f"int_{n}", x) for n, x in enumerate(interactions)
            if x.article_id == it.article.id
        )
        found = False
        for m in it.mentions:
            rep = report_of(m)
            retro = m.article_id in retrospective
            if refs.defer(m, store=store, report=rep, retrospective=retro):
                found = True
                continue
            found = attach(m, store=store, report=rep, retrospective=retro)[0] is not None or found
        if not found:
            refs.add_article(it.article, store=store)
    refs.settle(store=store, gazetteer=gazetteer)  # type: ignore[arg-type]
    store.commit()
    return {a: inc.id for inc in store.incidents() for a in inc.articles}


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(tmp_path / "s.db") as s:
        yield s


def test_a_vague_briefing_with_a_wrong_weekday_is_listed_as_a_reference(store: Store) -> None:
    got = run_story(store, with_mentions(*_bombing(), BRIEFING))
    assert got["r1"] == got["b1"]
    # A reference adds no mention: the incident's figures, date and place are its reports'.
    assert store.incident_of_mention("r1", 0) is None
    incident = store.incident(got["b1"])
    assert incident.killed is not None and incident.killed.value == 61
    assert incident.date is not None and incident.date.iso == DAY
    assert incident.place is not None and incident.place.name == "Alderton"


def test_a_run_killed_before_settling_loses_no_held_back_report(tmp_path: Path) -> None:
    db = tmp_path / "k.db"
    with open_store(db) as store:
        store.begin()
        short = item("n1", "Rising militancy in Pakistan. Also, budget talks stall",
                     published="2023-05-17")
        for it in [*with_mentions(*_bombing(), BRIEFING), short]:
            store.add_article(it.article)
            for m in it.mentions:
                if not References().defer(m, store=store, report=report_of(m),
                                          retrospective=False):
                    attach(m, store=store, report=report_of(m))
            if not it.mentions:
                References().add_article(it.article, store=store)
        store.commit()  # the batch is stored; the run dies before `settle`
        assert [m.article_id for m in store.pending_mentions()] == ["r1"]
        assert store.pending_references() == ["n1"]
    with open_store(db) as store:  # the next run settles what the dead one held back
        store.begin()
        References().settle(store=store)
        store.commit()
        assert store.pending_mentions() == [] and store.pending_references() == []
        got = {a: inc.id for inc in store.incidents() for a in inc.articles}
    assert got["r1"] == got["b1"] == got["n1"]


def test_a_reference_brings_its_reactions_but_not_its_other_news(store: Store) -> None:
    from factories import interaction

    condemn = interaction("r1", verb="condemn").model_copy(update={"mention_index": None})
    other = interaction("r1", verb="attack", actor="Israel").model_copy(
        update={"mention_index": None})
    got = run_story(store, with_mentions(*_bombing(), BRIEFING), interactions=[condemn, other])
    linked = {i: x.incident_id for i, x in store.interactions()}
    assert linked == {"int_0": got["b1"], "int_1": None}


def test_a_vague_report_with_two_candidate_incidents_refers_to_neither(store: Store) -> None:
    # A second bombing in the country on the same days: the briefing cannot say which.
    other = report("c1", "Car bomb outside Carville courthouse kills lawyers", where=CARVILLE)
    got = run_story(store, with_mentions(*_bombing(), other, BRIEFING))
    assert got["r1"] not in (got["b1"], got["c1"])


def test_a_vague_report_of_another_kind_of_attack_is_no_reference(store: Store) -> None:
    strike = report(
        "s1",
        "Air strikes on hideouts in Pakistan's border region",
        kind=AIR,
        where=PAKISTAN,
        published="2023-05-16",
    )
    got = run_story(store, with_mentions(*_bombing(), strike))
    assert got["s1"] != got["b1"]


@pytest.mark.parametrize(
    ("text", "refers"),
    [
        ("Rising militancy in Pakistan. Also, budget talks stall and a heatwave grips", True),
        ("Pakistan's economy needs reform. Also, budget talks stall", False),  # no attack word
        ("Rising militancy in Pakistan. " + "Budget talks stall again. " * 40, False),  # long
    ],
)
def test_a_short_item_without_a_mention_refers_to_the_one_incident_of_its_country(
    store: Store, text: str, refers: bool
) -> None:
    got = run_story(store, [*with_mentions(*_bombing()), item("n1", text, published="2023-05-17")])
    assert (got.get("n1") == got["b1"]) is refers


def test_an_item_published_well_after_the_incident_is_no_reference(store: Store) -> None:
    text = "Rising militancy in Pakistan. Also, budget talks stall"
    got = run_story(store, [*with_mentions(*_bombing()), item("n1", text, published="2023-06-01")])
    assert "n1" not in got


@dataclass(frozen=True)
class _City:
    geonames_id: int
    name: str
    country: str
    lat: float
    lon: float
    population: int = 500_000
    feature_class: str = "P"


class _Gazetteer:
    """Knows one city, under its name in another language."""

    def lookup(self, name: str) -> list[_City]:
        if name.lower() == "alderton":
            return [_City(ALDERTON.geonames_id or 0, "Alderton", "PK", 34.0, 71.5)]
        return []


def test_a_short_item_in_another_language_naming_the_city_is_a_reference(store: Store) -> None:
    text = "Eksplozja w meczecie w Aldertonie. Wielu zabitych."
    got = run_story(store, [*with_mentions(*_bombing()), item("p1", text)], _Gazetteer())
    assert got["p1"] == got["b1"]


@pytest.mark.parametrize("seed", range(6))
def test_references_do_not_depend_on_the_order_of_arrival(tmp_path: Path, seed: int) -> None:
    story = [
        *with_mentions(*_bombing(), BRIEFING),
        item("n1", "Rising militancy in Pakistan. Budget talks stall", published="2023-05-16"),
    ]
    with open_store(tmp_path / "ref.db") as ref:
        run_story(ref, story)
        expected = sorted(i.model_dump_json() for i in ref.incidents())
    shuffled = list(story)
    random.Random(seed).shuffle(shuffled)
    with open_store(tmp_path / f"{seed}.db") as other:
        run_story(other, shuffled)
        assert sorted(i.model_dump_json() for i in other.incidents()) == expected


# -- a region geocoded in the wrong country ---------------------------------------------------

NORTH_WEST_ZA = Place(
    raw="north-west",
    name="North-West",
    country="ZA",
    admin1="North-West",
    lat=-26.5,
    lon=25.9,
    geonames_id=1085598,
    precision=LocationPrecision.ADMIN1,
)
ANALYSIS = (
    "The bomber struck the mosque in Alderton, a city in north-west Pakistan, as prayers began;"
    " 60 people were killed when the roof collapsed"
)


def _region_report(text: str, where: Place = NORTH_WEST_ZA, **kwargs: object) -> Mention:
    """Return a report whose place is `where`, named at its first occurrence in `text`."""
    start = text.lower().index((where.raw or "").lower())
    evidence = Span(start=start, end=start + len(where.raw or ""), text=where.raw or "")
    named = where.model_copy(update={"evidence": evidence})
    return report("x1", text, where=named, **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("where", "text", "country"),
    [
        (NORTH_WEST_ZA, ANALYSIS, "PK"),
        (NORTH_WEST_ZA, "Clashes in the north-west of Pakistan", "PK"),
        (NORTH_WEST_ZA, "Pakistan's north-west: a blast", "PK"),
        # The text names the region's own country: kept.
        (NORTH_WEST_ZA, "Floods in the north-west of South Africa", "ZA"),
        # Another country named elsewhere says nothing about the region (domestic news).
        (NORTH_WEST_ZA, "A blast in the north-west; the Pakistan team cancelled its tour", "ZA"),
        # A city is left alone.
        (ALDERTON, "A blast in Alderton India", "PK"),
    ],
)
def test_a_region_the_text_puts_in_another_country_moves_there(
    where: Place, text: str, country: str
) -> None:
    got = trusted_place(_region_report(text, where), text).place
    assert got is not None and got.country == country


def test_a_report_with_a_region_geocoded_abroad_joins_its_incident(store: Store) -> None:
    stray = trusted_place(_region_report(ANALYSIS, published="2023-05-16", killed=60), ANALYSIS)
    stray.article_id = "z1"
    got = run_story(store, with_mentions(*_bombing(), stray))
    assert got["z1"] == got["b1"]


def test_country_names_are_found_among_terms() -> None:
    assert countries_named(terms_of("Talks in Pakistan and South Africa")) == {"PK", "ZA"}


@pytest.mark.parametrize("trial_first", [True, False])
def test_a_trial_report_joins_the_old_incident_whatever_the_order(
    store: Store, trial_first: bool
) -> None:
    old = [
        report("o1", "Suicide bomber strikes packed mosque in Alderton", day="2022-05-09",
               published="2022-05-09", killed=28),
        report("o2", "Alderton mosque bombing toll reaches 40", day="2022-05-09",
               published="2022-05-10", killed=40),
    ]
    trial = report("t1", "Trial opens for the Alderton mosque suicide bombing", day="2022-05-09")
    items = with_mentions(trial, *old) if trial_first else with_mentions(*old, trial)
    got = run_story(store, items, retrospective={"t1"})
    assert got["t1"] == got["o1"]
    # A retrospective report is no reference: it adds its mention to the old incident.
    assert store.incident_of_mention("t1", 0) == got["o1"]


def test_a_report_with_a_figure_is_never_deferred(store: Store) -> None:
    m = report("t2", "Blast in Pakistan kills 12", where=PAKISTAN, killed=12)
    assert not References().defer(m, store=store, report=report_of(m), retrospective=False)
    assert store.pending_mentions() == []


@pytest.mark.parametrize("seed", range(4))
def test_a_report_dated_by_a_background_month_joins_the_recent_incident(
    tmp_path: Path, seed: int
) -> None:
    # "The group denies a role in the Alderton mosque blast; officials say attacks have grown
    # since March": the extractor dated it to March.
    denial = report(
        "d1",
        "Group denies role in Alderton mosque suicide blast, attacks grown since March",
        day="2023-03",
        day_text="since March",
        precision=DatePrecision.MONTH,
        published="2023-05-17",
    )
    story = with_mentions(*_bombing(), denial)
    random.Random(seed).shuffle(story)
    with open_store(tmp_path / "s.db") as store:
        got = run_story(store, story)
        assert got["d1"] == got["b1"]
        assert store.incident(got["b1"]).date.iso == DAY  # type: ignore[union-attr]


def test_a_late_report_dated_to_an_exact_day_weeks_back_founds_its_incident(
    store: Store,
) -> None:
    # A first report of an older bombing in the same city stays apart from the recent one.
    late = report(
        "l1",
        "Officials confirm a bombing at the Alderton bus depot on 2 March",
        day="2023-03-02",
        day_text="on 2 March",
        published="2023-05-17",
    )
    got = run_story(store, with_mentions(*_bombing(), late))
    assert got["l1"] != got["b1"]


# -- through the pipeline ---------------------------------------------------------------------

STORY = [
    (
        "full",
        "Suicide bomber kills 34 at mosque in Peshawar. A suicide bomber blew himself up inside"
        " a crowded mosque in Peshawar, Pakistan, on Monday during afternoon prayers, killing"
        " 34 worshippers and wounding 120, police said.",
        "2023-05-15",
    ),
    ("brief", "Rising militancy in Pakistan. Also, budget talks stall.", "2023-05-16"),
    ("other", "Central bank raises interest rates in Pakistan to curb inflation.", "2023-05-16"),
]


@pytest.mark.slow
@pytest.mark.parametrize("reverse", [False, True])
def test_the_pipeline_lists_a_short_item_as_a_reference_in_any_order(
    tmp_path: Path, reverse: bool
) -> None:
    rows = STORY[::-1] if reverse else STORY
    path = tmp_path / "feed.jsonl"
    path.write_text(
        "".join(json.dumps({"id": i, "text": t, "published": d}) + "\n" for i, t, d in rows)
    )
    report = RunReport()
    with open_store(tmp_path / "s.db") as store:
        process(read([str(path)], report=report), store=store, report=report)
        incidents = list(store.incidents())
    assert [sorted(i.articles) for i in incidents] == [["brief", "full"]]
    assert incidents[0].killed is not None and incidents[0].killed.value == 34
