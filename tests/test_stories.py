"""Multi-report stories through the incremental merge (store + attach), one hard case each.

Every story is made of hand-built mentions (what the extractor would give for invented feed
items) and goes through `attach`, the function the pipeline calls for each mention, into a
real SQLite store. No spaCy model is needed.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from factories import PAKISTAN, article, place

from tocsin.models import (
    Article,
    Count,
    CountReport,
    DatePrecision,
    EventDate,
    Mention,
    Perpetrator,
    Place,
    Qualifier,
    Responsibility,
    Span,
)
from tocsin.resolve.gazetteer import Candidate
from tocsin.resolve.merge import (
    attach,
    attach_foreign,
    incident_id_for,
    is_retrospective,
    report_of,
    terms_of,
)
from tocsin.store import Store, open_store

PESHAWAR = place("Peshawar", lat=34.008, lon=71.578, gid=1168197, country="PK", admin1="KP")
QUETTA = place("Quetta", lat=30.187, lon=67.013, gid=1167528, country="PK", admin1="BA")
BANNU = place("Bannu", lat=32.986, lon=70.604, gid=1183460, country="PK", admin1="KP")
KRASNOGORSK = place()

BOMB = ("Bombing/Explosion", "Explosions/Remote violence", "Suicide bomb")
IED = ("Bombing/Explosion", "Explosions/Remote violence", "Remote explosive/landmine/IED")
AIR = ("Unknown", "Explosions/Remote violence", "Air/drone strike")
ATTACK = ("Armed Assault", "Violence against civilians", "Attack")


def report(
    article: str,
    text: str,
    *,
    kind: tuple[str, str, str] = BOMB,
    where: Place | None = PESHAWAR,
    day: str | None = None,
    published: str = "2023-01-30",
    at: str | None = None,
    killed: int | None = None,
    qualifier: Qualifier = Qualifier.AT_LEAST,
    group: str | None = None,
    index: int = 0,
) -> Mention:
    """Return the mention an invented feed item gives."""
    gtd, acled, subtype = kind
    date = (
        EventDate(iso=day, precision=DatePrecision.DAY)
        if day
        else EventDate(iso=published, precision=DatePrecision.PUBLICATION)
    )
    return Mention(
        article_id=article,
        index=index,
        gtd_type=gtd,
        acled_type=acled,
        acled_subtype=subtype,
        date=date,
        place=where,
        killed=Count(value=killed, qualifier=qualifier) if killed is not None else None,
        perpetrators=[Perpetrator(name=group, responsibility=Responsibility.CLAIMED)]
        if group
        else [],
        published=dt.date.fromisoformat(published),
        published_at=dt.datetime.fromisoformat(at) if at else None,
        terms=terms_of(text),
    )


def run_story(
    store: Store, mentions: Sequence[Mention], texts: dict[str, str] | None = None
) -> list[str | None]:
    """Attach mentions in the given order; return the incident id each got at the end."""
    store.begin()
    for m in mentions:
        if not store.has_article(m.article_id):
            store.add_article(article(m.article_id, text="...", day=str(m.published)))
        text = (texts or {}).get(m.article_id, "")
        attach(
            m,
            store=store,
            report=report_of(m, text=text or None),
            retrospective=is_retrospective(m, text),
        )
    store.commit()
    return [store.incident_of_mention(m.article_id, m.index) for m in mentions]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(tmp_path / "t.db") as s:
        yield s


def _peshawar_story() -> list[Mention]:
    return [
        report(
            "s1", "Suicide bomber kills 17 at mosque in Peshawar", killed=17, at="2023-01-30T10:00"
        ),
        report(
            "s2",
            "Mosque blast in Pakistan kills 28",
            where=PAKISTAN,
            kind=IED,
            killed=28,
            at="2023-01-30T12:00",
        ),
        report(
            "s2",
            "Suicide bomber struck a mosque in the police lines of Peshawar",
            index=1,
            day="2023-01-30",
        ),
        report(
            "s3",
            "Pakistan mosque suicide bombing toll rises to 59",
            where=PAKISTAN,
            killed=59,
            at="2023-01-30T20:00",
        ),
        report(
            "s4",
            "Peshawar mosque bombing toll rises to 95",
            published="2023-01-31",
            killed=95,
            at="2023-01-31T09:00",
            qualifier=Qualifier.EXACT,
        ),
        report(
            "s5",
            "Taliban faction claims Peshawar mosque suicide bombing",
            published="2023-01-31",
            group="Jamaat-ul-Ahrar",
            day="2023-01-30",
        ),
        report(
            "s6",
            "Peshawar mosque bombing death toll reaches 101",
            published="2023-02-01",
            killed=101,
            qualifier=Qualifier.EXACT,
            at="2023-02-01T08:00",
        ),
        report(
            "s7",
            "Bus plunges into ravine in Balochistan, 40 passengers dead",
            kind=ATTACK,
            where=PAKISTAN,
            published="2023-01-29",
            killed=40,
            at="2023-01-29T09:00",
        ),
        report(
            "s8",
            "Bus crash near Quetta: passengers burnt after bus fell into ravine",
            kind=ATTACK,
            where=QUETTA,
            day="2023-01-29",
            published="2023-01-29",
            killed=41,
        ),
    ]


def test_reports_of_one_bombing_become_one_incident(store: Store) -> None:
    ids = run_story(store, _peshawar_story())
    assert len(set(ids[:7])) == 1


def test_a_bus_crash_the_day_before_a_bombing_stays_apart(store: Store) -> None:
    ids = run_story(store, _peshawar_story())
    assert ids[7] == ids[8]
    assert ids[7] != ids[0]


def test_the_bombing_toll_follows_the_latest_report(store: Store) -> None:
    ids = run_story(store, _peshawar_story())
    incident = store.incident(str(ids[0]))
    assert incident.killed is not None and incident.killed.value == 101
    assert [r.killed.value for r in incident.count_history if r.killed] == [17, 28, 59, 95, 101]


@pytest.mark.parametrize("seed", range(12))
def test_the_same_reports_in_any_order_give_the_same_incidents(tmp_path: Path, seed: int) -> None:
    story = _peshawar_story()
    with open_store(tmp_path / "ref.db") as ref:
        expected = run_story(ref, story)
        expected_rows = sorted(i.model_dump_json() for i in ref.incidents())
    shuffled = list(story)
    random.Random(seed).shuffle(shuffled)
    with open_store(tmp_path / f"{seed}.db") as other:
        keys = [(m.article_id, m.index) for m in shuffled]
        got = dict(zip(keys, run_story(other, shuffled), strict=True))
        rows = sorted(i.model_dump_json() for i in other.incidents())
    assert [got[(m.article_id, m.index)] for m in story] == expected
    assert rows == expected_rows


def test_a_merge_keeps_the_old_id_resolvable(store: Store) -> None:
    # s9 arrives first and founds an incident; s1 sorts earlier, so the id moves to s1's.
    late = report("s1", "Suicide bomber kills 17 at mosque in Peshawar", killed=17)
    early = report("s9", "Suicide bomber kills 20 at Peshawar mosque", killed=20)
    run_story(store, [early])
    founded = incident_id_for(early)
    assert store.incident(founded).id == founded
    run_story(store, [late])
    assert store.incident(founded).id == incident_id_for(late) != founded
    assert store.count("incidents") == 1


def test_two_bombings_in_one_city_weeks_apart_stay_apart(store: Store) -> None:
    ids = run_story(
        store,
        [
            report("a1", "Suicide bomber kills 17 at mosque in Peshawar", day="2023-01-30"),
            report(
                "a2",
                "Suicide bomber kills 12 at market in Peshawar",
                day="2023-02-20",
                published="2023-02-20",
            ),
        ],
    )
    assert ids[0] != ids[1]


def test_retaliatory_air_strikes_are_a_separate_incident(store: Store) -> None:
    ids = run_story(
        store,
        [
            report(
                "r1",
                "Suicide bomber kills soldiers at checkpoint in Bannu",
                where=BANNU,
                day="2023-03-01",
                published="2023-03-01",
            ),
            report(
                "r2",
                "Air strikes hit militant hideouts near Bannu after checkpoint bombing",
                kind=AIR,
                where=BANNU,
                day="2023-03-01",
                published="2023-03-02",
            ),
        ],
    )
    assert ids[0] != ids[1]


TRIAL = "A court opened the trial of four men accused of the concert hall attack in Krasnogorsk."


def test_a_trial_report_joins_the_old_attack_instead_of_founding_one(store: Store) -> None:
    attack = report(
        "k1",
        "Gunmen attack concert hall in Krasnogorsk",
        kind=ATTACK,
        where=KRASNOGORSK,
        day="2024-03-22",
        published="2024-03-23",
        killed=133,
    )
    trial = report("k2", TRIAL, kind=ATTACK, where=KRASNOGORSK, published="2025-03-10")
    ids = run_story(store, [attack, trial], texts={"k2": TRIAL})
    assert ids[0] is not None and ids[1] == ids[0]
    assert store.count("incidents") == 1


def test_a_trial_report_without_its_attack_founds_nothing(store: Store) -> None:
    trial = report("k2", TRIAL, kind=ATTACK, where=KRASNOGORSK, published="2025-03-10")
    assert run_story(store, [trial], texts={"k2": TRIAL}) == [None]
    assert store.count("incidents") == 0


def test_an_anniversary_with_the_old_date_joins_the_old_attack(store: Store) -> None:
    attack = report(
        "k1",
        "Gunmen attack concert hall in Krasnogorsk",
        kind=ATTACK,
        where=KRASNOGORSK,
        day="2024-03-22",
        published="2024-03-23",
    )
    anniversary = report(
        "k3",
        "Russia marks a year since the Krasnogorsk concert hall attack",
        kind=ATTACK,
        where=KRASNOGORSK,
        day="2024-03-22",
        published="2025-03-22",
    )
    ids = run_story(store, [attack, anniversary])
    assert ids[0] == ids[1]


REVISED = "Police revised the death toll to 84 on Thursday."


def test_an_official_downward_revision_is_honoured(store: Store) -> None:
    story = _peshawar_story()[:7]
    revision = report(
        "s9",
        REVISED,
        published="2023-02-02",
        killed=84,
        day="2023-01-30",
        qualifier=Qualifier.EXACT,
        at="2023-02-02T10:00",
    )
    assert revision.killed is not None
    revision.killed = revision.killed.model_copy(update={"evidence": _span(REVISED, "84")})
    ids = run_story(store, [*story, revision], texts={"s9": REVISED})
    incident = store.incident(str(ids[0]))
    assert incident.killed is not None and incident.killed.value == 84


def test_an_isolated_outlier_is_flagged_and_not_adopted(store: Store) -> None:
    story = _peshawar_story()[:7]
    outlier = report(
        "s9",
        "Peshawar mosque bombing kills 188",
        published="2023-02-02",
        killed=188,
        qualifier=Qualifier.EXACT,
        at="2023-02-02T10:00",
    )
    later = report(
        "s10",
        "Peshawar mosque bombing toll stands at 101",
        published="2023-02-03",
        killed=101,
        qualifier=Qualifier.EXACT,
        at="2023-02-03T10:00",
    )
    ids = run_story(store, [*story, outlier, later])
    incident = store.incident(str(ids[0]))
    assert incident.killed is not None and incident.killed.value == 101
    flagged = [r for r in incident.count_history if r.outlier]
    assert [(r.article, r.outlier) for r in flagged] == [("s9", ["killed"])]


def _span(text: str, needle: str) -> Span:
    from tocsin.models import Span

    start = text.index(needle)
    return Span(start=start, end=start + len(needle), text=needle)


def test_count_reports_keep_source_and_qualifier() -> None:
    m = report("s1", "Suicide bomber kills 17", killed=17)
    r = report_of(m, source="Example Wire")
    assert isinstance(r, CountReport)
    assert (r.source, r.killed and r.killed.qualifier) == ("Example Wire", Qualifier.AT_LEAST)


def test_the_timeline_tells_the_story_in_order(store: Store) -> None:
    from factories import interaction

    from tocsin.show import render_incident, timeline

    ids = run_story(store, _peshawar_story()[:7])
    incident = store.incident(str(ids[0]), with_mentions=True)
    claim = interaction("s5", verb="claim_responsibility", actor="Jamaat-ul-Ahrar")
    claim.date = dt.date(2023, 1, 31)
    events = [e.what for e in timeline(incident, [("int_1", claim)], {})]
    assert events[0] == "first report: killed at least 17"
    assert events[1] == "figures updated: killed at least 17 -> at least 28"
    assert "claim: Jamaat-ul-Ahrar -> the attack" in events
    assert events[-1] == "figures updated: killed 95 -> 101"
    assert "Timeline:" in render_incident(incident, [("int_1", claim)], {})


class _Gazetteer:
    """Knows one city, under its Polish name."""

    def lookup(self, name: str) -> list[Candidate]:
        if name != "Peszawar":
            return []
        return [
            Candidate(
                geonames_id=1168197,
                name="Peshawar",
                country="PK",
                admin1="KP",
                admin2=None,
                lat=34.008,
                lon=71.578,
                population=1_200_000,
                feature_class="P",
                feature_code="PPLA",
                admin1_code=None,
                admin2_code=None,
            )
        ]


@pytest.mark.parametrize(
    ("text", "published", "joins"),
    [
        ("Eksplozja w meczecie w Peszawarze. Wielu zabitych.", "2023-01-31", True),
        ("Eksplozja w meczecie. Wielu zabitych.", "2023-01-31", False),  # no place named
        ("Eksplozja w meczecie w Peszawarze.", "2023-03-15", False),  # weeks later
    ],
)
def test_a_report_in_another_language_joins_the_incident_of_the_city_it_names(
    store: Store, text: str, published: str, joins: bool
) -> None:
    ids = run_story(store, _peshawar_story())
    foreign = Article(
        id="pl1", text=text, published=dt.date.fromisoformat(published), language="pl"
    )
    store.begin()
    got = attach_foreign(foreign, store=store, gazetteer=_Gazetteer())  # type: ignore[arg-type]
    store.commit()
    assert got == (ids[0] if joins else None)
    assert ("pl1" in store.incident(str(ids[0])).articles) is joins
