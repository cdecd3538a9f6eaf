from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from factories import article, mention, place

from tocsin.models import (
    Count,
    CountReport,
    Incident,
    LocationPrecision,
    Mention,
    Perpetrator,
    Place,
    Qualifier,
    Span,
)
from tocsin.resolve.merge import (
    attach,
    build_incident,
    current_counts,
    incident_id_for,
    is_retrospective,
    is_revision,
    linked,
    outliers,
    pair_score,
    report_of,
    terms_of,
)
from tocsin.store import Store, open_store


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(tmp_path / "m.db") as s:
        yield s


CONCERT = "Gunmen opened fire in a concert hall in Krasnogorsk and set the building ablaze."


def _attach_all(store: Store, *mentions: Mention) -> list[str | None]:
    """Attach mentions in order through the pipeline's entry point; return their final ids.

    Every mention gets the distinctive words of one invented report of the attack.
    """
    store.begin()
    for m in mentions:
        m.terms = m.terms or terms_of(CONCERT)
        if not store.has_article(m.article_id):
            store.add_article(article(m.article_id, day=str(m.published)))
        attach(m, store=store, report=report_of(m))
    store.commit()
    return [store.incident_of_mention(m.article_id, m.index) for m in mentions]


def _incident(store: Store, incident_id: str | None) -> Incident:
    assert incident_id is not None
    return store.incident(incident_id)


def test_a_second_report_of_the_same_attack_joins_it(store: Store) -> None:
    ids = _attach_all(store, mention("a1"), mention("a2", published="2024-03-24"))
    assert ids[0] == ids[1]
    assert store.count("incidents") == 1


def test_the_latest_report_sets_the_current_toll(store: Store) -> None:
    ids = _attach_all(
        store, mention("a1", killed=60), mention("a2", killed=133, published="2024-03-24")
    )
    incident = _incident(store, ids[1])
    assert incident.killed is not None and incident.killed.value == 133
    assert [r.killed.value for r in incident.count_history if r.killed] == [60, 133]


def test_an_older_report_arriving_late_does_not_lower_the_toll(store: Store) -> None:
    ids = _attach_all(
        store, mention("a2", killed=133, published="2024-03-24"), mention("a1", killed=60)
    )
    incident = _incident(store, ids[0])
    assert incident.killed is not None and incident.killed.value == 133


@pytest.mark.parametrize(
    "other",
    [
        mention("a2", day="2024-04-20", published="2024-04-21"),  # weeks later, same city
        mention(
            "a2",
            where=place("Kabul", lat=34.53, lon=69.17, gid=1138958, country="AF", admin1="Kabul"),
        ),  # another country
        mention("a1", 1),  # another incident of the same article
        mention("a2", acled_type="Strategic developments", group=None),  # not an attack
    ],
    ids=["weeks-later", "other-country", "same-article", "not-violent"],
)
def test_a_distinct_incident_stays_apart(store: Store, other: Mention) -> None:
    ids = _attach_all(store, mention("a1"), other)
    assert ids[0] != ids[1]
    assert store.count("incidents") == 2


def test_current_counts_without_figures_are_none() -> None:
    assert current_counts([]) == {"killed": None, "injured": None, "kidnapped": None}


def test_incident_ids_come_from_the_earliest_mention_whatever_the_order(store: Store) -> None:
    ids = _attach_all(store, mention("a2", published="2024-03-24"), mention("a1"))
    assert ids == [incident_id_for(mention("a1"))] * 2
    assert incident_id_for(mention("a1")) != incident_id_for(mention("a2"))


# -- pairwise resolution -------------------------------------------------------------------


def _report(article: str, killed: int, day: str, *, revision: bool = False) -> CountReport:
    return CountReport(
        as_of=dt.date.fromisoformat(day),
        article=article,
        killed=Count(value=killed, qualifier=Qualifier.EXACT),
        revision=revision,
    )


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Suicide bomb", "Remote explosive/landmine/IED"),
        ("Suicide bomb", "Grenade"),
    ],
)
def test_bomb_subtypes_that_reporters_confuse_are_compatible(a: str, b: str) -> None:
    one = mention("a1").model_copy(
        update={"acled_type": "Explosions/Remote violence", "acled_subtype": a}
    )
    two = mention("a2").model_copy(
        update={"acled_type": "Explosions/Remote violence", "acled_subtype": b}
    )
    assert linked(one, two)


def test_a_suicide_bombing_and_an_air_strike_never_link() -> None:
    one = mention("a1").model_copy(
        update={"acled_type": "Explosions/Remote violence", "acled_subtype": "Suicide bomb"}
    )
    two = mention("a2").model_copy(
        update={"acled_type": "Explosions/Remote violence", "acled_subtype": "Air/drone strike"}
    )
    assert pair_score(one, two) is None


def test_pair_score_is_symmetric() -> None:
    one = mention("a1", group=None)
    two = mention("a2", day="2024-03-23", published="2024-03-24")
    assert pair_score(one, two) == pair_score(two, one)


def test_the_same_country_alone_is_not_enough_to_link() -> None:
    country = Place(
        raw="Russia",
        name="Russia",
        country="RU",
        geonames_id=2017370,
        precision=LocationPrecision.COUNTRY,
    )
    one = mention("a1", where=country, group=None, killed=None)
    two = mention("a2", where=country, group=None, killed=None)
    one.acled_subtype = two.acled_subtype = "Suicide bomb"
    one.acled_type = two.acled_type = "Explosions/Remote violence"
    one.date = two.date = None
    assert not linked(one, two)


def test_shared_distinctive_words_link_vague_reports() -> None:
    country = Place(
        raw="Russia",
        name="Russia",
        country="RU",
        geonames_id=2017370,
        precision=LocationPrecision.COUNTRY,
    )
    one = mention("a1", where=country, group=None, killed=None)
    two = mention("a2", where=country, group=None, killed=None)
    one.date = two.date = None
    assert not linked(one, two)
    one.terms = terms_of("Gunmen storm concert hall, set it ablaze")
    two.terms = terms_of("Concert hall stormed by gunmen, blaze follows")
    assert linked(one, two)


def test_common_report_words_are_not_terms() -> None:
    assert terms_of("At least 40 people were killed, officials said on Sunday") == []


# -- current figures ------------------------------------------------------------------------


def test_a_later_lower_figure_is_a_stale_copy() -> None:
    history = [_report("a1", 90, "2023-01-31"), _report("a2", 28, "2023-02-01")]
    assert current_counts(history)["killed"] == history[0].killed


def test_an_official_revision_downward_is_honoured() -> None:
    history = [
        _report("a1", 101, "2023-01-31"),
        _report("a2", 84, "2023-02-02", revision=True),
        _report("a3", 100, "2023-02-01"),
    ]
    assert current_counts(history)["killed"] == history[1].killed


@pytest.mark.parametrize(
    ("values", "flagged"),
    [
        ([84, 188, 90, 95], {1}),
        ([84, 90, 95, 188], set()),  # the latest figure: not contradicted yet
        ([84, 90, 95, 100], set()),
        ([12, 40], set()),  # too few reports to call anything an outlier
        ([40, 60, 93, 115, 133, 143, 145], set()),  # a toll that grows is not an outlier
    ],
)
def test_isolated_outliers_are_flagged(values: list[int], flagged: set[int]) -> None:
    history = [_report(f"a{i}", v, f"2023-02-0{1 + i % 9}") for i, v in enumerate(values)]
    assert outliers(history, "killed") == flagged


def test_an_outlier_is_not_adopted() -> None:
    history = [_report(f"a{i}", v, "2023-02-01") for i, v in enumerate([84, 90, 95, 188])]
    current = current_counts(history)["killed"]
    assert current is not None and current.value == 95


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Police revised the death toll to 84 on Thursday.", True),
        ("The toll rose to 84, police said.", False),
        ("The toll was revised to 84.", False),  # no official named: not an official revision
    ],
)
def test_official_revisions_are_recognised(text: str, expected: bool) -> None:
    start = text.index("84")
    assert is_revision(text, Span(start=start, end=start + 2, text="84")) is expected


def test_a_mentions_terms_leave_out_its_own_city() -> None:
    from tocsin.resolve.merge import mention_terms

    text = "Car bomb wrecks telephone exchange in Krasnogorsk suburb"
    assert "krasnogorsk" in terms_of(text)
    terms = mention_terms(mention("a1"), text)
    assert "krasnogorsk" not in terms and "telephone" in terms


@pytest.mark.parametrize(
    ("one", "two", "agree"),
    [(101, 100, True), (28, 28, True), (40, 59, False), (3, 3, False)],
)
def test_only_large_tolls_that_agree_identify_an_incident(one: int, two: int, agree: bool) -> None:
    from tocsin.resolve.merge import figures_agree

    assert figures_agree(mention("a1", killed=one), mention("a2", killed=two)) is agree


@pytest.mark.parametrize(
    ("day", "text", "expected"),
    [
        ("2024-02-01", "Gunmen attacked a police post, officials said on Monday.", False),
        ("2024-02-01", "The trial of the gunmen who attacked a police post opened.", True),
        ("2022-03-01", "Gunmen attacked a police post, officials said on Monday.", True),
        ("2024-03-20", "The trial of the gunmen opened today.", False),
    ],
)
def test_only_trials_anniversaries_and_year_old_events_are_retrospective(
    day: str, text: str, expected: bool
) -> None:
    assert is_retrospective(mention(day=day, published="2024-03-23"), text) is expected


def test_a_late_first_report_founds_its_incident(store: Store) -> None:
    late = mention("late", day="2024-02-01", published="2024-03-23")
    store.begin()
    store.add_article(article("late", day="2024-03-23"))
    incident_id, _ = attach(late, store=store, report=report_of(late), retrospective=False)
    store.commit()
    assert incident_id is not None
    assert _incident(store, incident_id).date is not None


@pytest.mark.parametrize(
    ("names", "kept"),
    [
        # One report's "bomber" is another's "suicide bomber".
        (["bomber", "Suicide bomber"], ["Suicide bomber"]),
        (["militants", "Islamist militants", "bomber"], ["Islamist militants", "bomber"]),
        # A word inside another name is no description of it.
        (["gunman", "gunmen"], ["gunman", "gunmen"]),
    ],
)
def test_a_bare_attacker_noun_gives_way_to_a_closer_description(
    names: list[str], kept: list[str]
) -> None:
    mentions = [mention(f"a{i}", group=None) for i in range(len(names))]
    for m, name in zip(mentions, names, strict=True):
        m.perpetrators = [Perpetrator(name=name, kind="individual")]
    assert [p.name for p in build_incident(mentions).perpetrators] == kept


def test_a_group_is_kept_beside_a_longer_group_name() -> None:
    one, two = mention("a1", group="Taliban"), mention("a2", group="Pakistani Taliban")
    assert [p.name for p in build_incident([one, two]).perpetrators] == [
        "Taliban",
        "Pakistani Taliban",
    ]
