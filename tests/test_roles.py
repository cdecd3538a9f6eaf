"""Role fillers (tocsin.extract.roles and the incident finder's use of them); needs spaCy."""

from __future__ import annotations

import datetime as dt

import pytest

from tocsin.models import Article, Mention


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    from tocsin.extract.nlp import load_nlp

    return load_nlp()


def _extract(nlp, text: str, published: dt.date | None = dt.date(1990, 1, 9)) -> list[Mention]:  # type: ignore[no-untyped-def]
    from tocsin.extract.incidents import find_incidents
    from tocsin.extract.truecase import prepare_text

    article = Article(id="t", text=text, published=published)
    return find_incidents(nlp(prepare_text(text)), article)


def _targets(m: Mention, kind: str) -> list[str]:
    return [t.text.lower() for t in m.targets if t.kind == kind]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "victim"),
    [
        ("Gunmen murdered Pedro Alvarado Ruiz, a judge, outside his home in Tarvel yesterday.",
         "pedro alvarado ruiz"),
        ("Tomas Ibarra Sol, mayor of Kandor, was kidnapped on Monday by armed men.",
         "tomas ibarra sol"),
        ("The assassination of Miguel Ortega Vidal shocked Belmora on Sunday.",
         "miguel ortega vidal"),
    ],
)
def test_a_named_victim_is_a_people_target(nlp, text: str, victim: str) -> None:  # type: ignore[no-untyped-def]
    mentions = _extract(nlp, text)
    assert mentions
    assert victim in _targets(mentions[0], "people")


@pytest.mark.slow
def test_named_victims_replace_their_descriptions(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Unidentified gunmen killed Pedro Alvarado Ruiz and two peasants in Tarvel on "
            "Sunday.")
    m = _extract(nlp, text)[0]
    assert _targets(m, "people") == ["pedro alvarado ruiz"]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("Urban guerrillas dynamited two power pylons in Kandor last night.", "power pylons"),
        ("A bomb destroyed the telephone exchange of Tarvel on Monday.", "telephone exchange"),
        ("Terrorists set fire to several buses in Belmora yesterday.", "buses"),
    ],
)
def test_a_physical_target_is_property_without_determiner_or_figure(  # type: ignore[no-untyped-def]
    nlp, text: str, target: str
) -> None:
    m = _extract(nlp, text)[0]
    assert target in _targets(m, "property")


@pytest.mark.slow
def test_an_organisation_and_its_fighters_are_split_by_kind(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "FMLN urban commandos attacked a police post in Kandor on Monday night."
    m = _extract(nlp, text)[0]
    kinds = {(p.name.lower(), p.kind) for p in m.perpetrators}
    assert ("fmln", "group") in kinds
    assert ("urban commandos", "individual") in kinds


@pytest.mark.slow
@pytest.mark.parametrize("word", ["group", "movement", "members"])
def test_a_bare_generic_noun_is_no_perpetrator(nlp, word: str) -> None:  # type: ignore[no-untyped-def]
    text = f"The {word} attacked a bank in Tarvel on Monday, killing two guards."
    m = _extract(nlp, text)[0]
    assert word not in {p.name.lower() for p in m.perpetrators}


@pytest.mark.slow
def test_a_generic_attacker_noun_is_an_individual_perpetrator(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The bank in Tarvel was bombed by terrorists on Monday."
    m = _extract(nlp, text)[0]
    assert ("terrorists", "individual") in {(p.name.lower(), p.kind) for p in m.perpetrators}


@pytest.mark.slow
def test_an_arms_inventory_gives_no_weapons(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Gunmen killed two guards at a bank in Tarvel on Monday. Police later found rifles, "
            "grenades, pistols and mortars in a house.")
    m = _extract(nlp, text)[0]
    assert {w.text.lower() for w in m.weapons} <= {"rifles", "grenades", "pistols", "mortars"}
    assert len(m.weapons) < 4


@pytest.mark.slow
def test_a_weapon_and_its_general_word_are_one_weapon(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "A car bomb exploded outside a bank in Tarvel on Monday. The bomb killed two guards."
    m = _extract(nlp, text)[0]
    assert [w.text.lower() for w in m.weapons] == ["car bomb"]
