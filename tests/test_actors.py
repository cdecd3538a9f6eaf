"""Actor normalisation against the shipped actor table (no spaCy model needed)."""

from __future__ import annotations

import csv
from importlib import resources

import pycountry
import pytest

from tocsin.models import (
    Actor,
    ActorKind,
    Article,
    Extraction,
    Interaction,
    Mention,
    Perpetrator,
    Span,
)
from tocsin.resolve.actors import load_actor_table, resolve_actors, resolve_name


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ("ISIS", "Islamic State"),
        ("ISIL", "Islamic State"),
        ("IS", "Islamic State"),
        ("Daesh", "Islamic State"),
        ("the Islamic State group", "Islamic State"),
        ("ISKP", "Islamic State Khorasan Province"),
        ("IS-K", "Islamic State Khorasan Province"),
        ("FMLN", "Farabundo Marti National Liberation Front"),
        ("FARABUNDO MARTI NATIONAL LIBERATION FRONT", "Farabundo Marti National Liberation Front"),
        ("the Pakistani Taliban", "Tehrik-i-Taliban Pakistan"),
        ("TTP", "Tehrik-i-Taliban Pakistan"),
        ("al-Shabab", "al-Shabaab"),
        ("Hizbullah", "Hezbollah"),
        ("Kurdistan Democratic Party (KDP)", "Kurdistan Democratic Party"),
    ],
)
def test_alias_resolves_to_canonical_name(raw: str, name: str) -> None:
    res = resolve_name(raw)
    assert (res.name, res.known) == (name, True)


@pytest.mark.parametrize(
    ("raw", "country"),
    [
        ("The US Embassy", "US"),
        ("the Kremlin", "RU"),
        ("FSB", "RU"),
        ("the White House", "US"),
        ("Russia's Foreign Ministry", "RU"),
        ("the Kenyan police", "KE"),
    ],
)
def test_institution_resolves_to_its_country(raw: str, country: str) -> None:
    assert resolve_name(raw).country == country


@pytest.mark.parametrize(
    ("raw", "name", "country"),
    [
        ("Chinese President Xi Jinping", "Xi Jinping", "CN"),
        ("President Vladimir Putin", "Vladimir Putin", "RU"),
        ("Foreign Minister Sergei Lavrov", "Sergei Lavrov", "RU"),
        ("Mr Putin", "Vladimir Putin", "RU"),
    ],
)
def test_title_and_demonym_are_stripped_for_a_person(raw: str, name: str, country: str) -> None:
    res = resolve_name(raw)
    assert (res.name, res.kind, res.country) == (name, ActorKind.PERSON, country)


@pytest.mark.parametrize(
    ("raw", "name", "country"),
    [
        ("Britain", "United Kingdom", "GB"),
        ("U.S.", "United States", "US"),
        ("Moscow", "Russia", "RU"),
        ("Senior Hungarian officials", "Hungary", "HU"),
        ("the Iranian government", "Iran", "IR"),
    ],
)
def test_state_names_metonyms_and_officials_resolve_to_the_state(
    raw: str, name: str, country: str
) -> None:
    res = resolve_name(raw)
    assert (res.name, res.kind, res.country) == (name, ActorKind.STATE, country)


def test_office_without_a_name_keeps_the_text_and_gets_a_role() -> None:
    res = resolve_name("the Russian President")
    assert (res.name, res.kind, res.country, res.role, res.known) == (
        "Russian President",
        ActorKind.PERSON,
        "RU",
        "President of Russia",
        False,
    )


@pytest.mark.parametrize("raw", ["the Zeta Brigade", "global leaders", "Vladimir Smirnov"])
def test_unknown_actor_keeps_its_raw_text(raw: str) -> None:
    res = resolve_name(raw)
    assert res.known is False
    assert res.name == raw.removeprefix("the ")


def test_near_spelling_of_a_long_name_is_matched_fuzzily() -> None:
    assert resolve_name("Vladimir Poutine").name == "Vladimir Putin"


@pytest.mark.parametrize("raw", ["is", "who", "pa"])
def test_short_acronyms_match_only_in_upper_case(raw: str) -> None:
    assert resolve_name(raw).known is False


def test_table_rows_are_well_formed() -> None:
    data = resources.files("tocsin") / "data" / "actors.csv"
    with data.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) > 150
    for row in rows:
        ActorKind(row["kind"])
        assert not row["country"] or pycountry.countries.get(alpha_2=row["country"]), row
        assert row["source"], row


def test_every_row_says_how_far_it_was_checked() -> None:
    data = resources.files("tocsin") / "data" / "actors.csv"
    with data.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            assert row["source"].startswith(("checked: ", "partly checked: ", "unverified: ")), row
            if row["kind"] == "person":
                # Office holders' terms were written from memory: the row must say so.
                assert row["source"].startswith("unverified: "), row


def test_no_alias_points_at_two_rows() -> None:
    data = resources.files("tocsin") / "data" / "actors.csv"
    seen: dict[str, str] = {}
    with data.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            for alias in [row["name"], *row["aliases"].split("|")]:
                key = alias.strip().casefold()
                if key:
                    assert seen.setdefault(key, row["name"]) == row["name"], alias


def test_table_is_built_once() -> None:
    assert load_actor_table() is load_actor_table()


def _extraction() -> Extraction:
    text = "ISIS claimed it. Masoud Barzani condemned it. The US Embassy warned Russia."
    article = Article(id="a1", text=text)
    ev = Span(start=0, end=len(text), text=text)
    return Extraction(
        article=article,
        mentions=[Mention(article_id="a1", index=0, perpetrators=[Perpetrator(name="ISIS")])],
        interactions=[
            Interaction(
                article_id="a1",
                actor=Actor(name="ISIS", raw="ISIS", kind=ActorKind.ORGANISATION),
                verb="claim_responsibility",
                cameo="015",
                evidence=ev,
            ),
            Interaction(
                article_id="a1",
                actor=Actor(name="Masoud Barzani", raw="Masoud Barzani", role="KDP leader"),
                verb="condemn",
                evidence=ev,
            ),
            Interaction(
                article_id="a1",
                actor=Actor(name="The US Embassy", raw="The US Embassy"),
                verb="warn",
                target=Actor(name="Russia", raw="Russia"),
                evidence=ev,
            ),
        ],
    )


def test_resolve_actors_normalises_actors_and_keeps_raw_text() -> None:
    ex = _extraction()
    resolve_actors(ex)
    isis, barzani, embassy = (i.actor for i in ex.interactions)
    assert (isis.name, isis.raw, isis.kind, isis.known) == (
        "Islamic State",
        "ISIS",
        ActorKind.ARMED_GROUP,
        True,
    )
    assert (embassy.name, embassy.country) == ("US Embassy", "US")
    assert barzani.role == "KDP leader"  # the text's own role wins over the table's
    target = ex.interactions[2].target
    assert target is not None and (target.name, target.country) == ("Russia", "RU")


def test_resolve_actors_normalises_perpetrators_and_keeps_raw_text() -> None:
    ex = _extraction()
    resolve_actors(ex)
    perp = ex.mentions[0].perpetrators[0]
    assert (perp.name, perp.raw, perp.kind) == ("Islamic State", "ISIS", "group")


def test_resolve_actors_is_idempotent() -> None:
    ex = _extraction()
    resolve_actors(ex)
    first = ex.model_dump()
    resolve_actors(ex)
    assert ex.model_dump() == first
