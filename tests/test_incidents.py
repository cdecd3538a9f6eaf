"""Incident detection and coding on whole articles (tocsin.extract.incidents); needs spaCy."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from tocsin.models import Article, Mention

SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "samples"


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    from tocsin.extract.nlp import load_nlp

    return load_nlp()


def _extract(nlp, text: str, published: dt.date | None = dt.date(2024, 3, 23)) -> list[Mention]:  # type: ignore[no-untyped-def]
    from tocsin.extract.incidents import find_incidents
    from tocsin.extract.truecase import prepare_text

    article = Article(id="t", text=text, published=published)
    return find_incidents(nlp(prepare_text(text)), article)


def _spans_line_up(text: str, mention: Mention) -> None:
    for value in (mention.killed, mention.injured, mention.date, mention.place):
        ev = getattr(value, "evidence", None)
        if ev is not None:
            assert text[ev.start:ev.end] == ev.text


@pytest.mark.slow
def test_one_attack_reported_in_several_sentences_is_one_incident(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Gunmen stormed a wedding party in Tarvel on Thursday night, killing at least 12 "
            "guests and wounding 30 others. The attackers fled on motorbikes. Police said the "
            "attack lasted ten minutes. The Valley Front claimed responsibility for the attack.")
    mentions = _extract(nlp, text)
    assert len(mentions) == 1
    m = mentions[0]
    assert m.gtd_type == "Armed Assault"
    assert m.killed is not None and (m.killed.value, m.killed.qualifier.value) == (12, "at_least")
    assert m.injured is not None and m.injured.value == 30
    assert m.date is not None and m.date.iso == "2024-03-21"
    assert m.place is not None and m.place.raw == "Tarvel"
    assert any(p.name == "Valley Front" and p.responsibility.value == "claimed"
               for p in m.perpetrators)
    _spans_line_up(text, m)


@pytest.mark.slow
def test_the_day_a_statement_was_made_does_not_open_a_second_incident(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("A grenade thrown into a crowded bus station in Tarvel on Sunday evening wounded 11 "
            "people, police said.\n\nThe attacker threw the grenade from a passing motorcycle "
            "at about 7 p.m. and escaped, a police spokesman said on Monday. The wounded were "
            "taken to a hospital.\n\nPolice arrested two suspects on Monday morning.")
    mentions = _extract(nlp, text, published=dt.date(2024, 6, 3))
    assert len(mentions) == 1
    assert mentions[0].date is not None and mentions[0].date.iso == "2024-06-02"


@pytest.mark.slow
def test_two_separate_attacks_are_two_incidents(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("A car bomb exploded outside a police station in Kandor on Monday, killing three "
            "officers.\n\nIn a separate attack, gunmen kidnapped two engineers in Belmora on "
            "Tuesday.")
    mentions = _extract(nlp, text)
    assert [m.gtd_type for m in mentions] == ["Bombing/Explosion",
                                               "Hostage Taking (Kidnapping)"]
    assert [m.index for m in mentions] == [0, 1]
    assert mentions[1].kidnapped is not None and mentions[1].kidnapped.value == 2


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    ["The finance ministry published its budget on Tuesday.",
     "Officials warned of potential attacks during the festival season.",
     "Leaders met to discuss how to prevent future attacks."],
)
def test_articles_without_an_incident_give_none(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    assert _extract(nlp, text) == []


@pytest.mark.slow
def test_unclaimed_attack_has_no_claiming_perpetrator(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("A bomb exploded at a bus station in Ostra on Friday, wounding nine people. "
            "No group has claimed responsibility for the bombing.")
    mentions = _extract(nlp, text)
    assert len(mentions) == 1
    assert all(p.responsibility.value != "claimed" for p in mentions[0].perpetrators)


@pytest.mark.slow
def test_upper_case_wire_text_is_coded(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("   SAN TEODORO, 12 MAR 91 -- [TEXT] URBAN COMMANDOS DYNAMITED TWO ELECTRIC "
            "POWER PYLONS IN LA CUMBRE ON 10 MARCH. NO ONE WAS HURT.")
    mentions = _extract(nlp, text, dt.date(1991, 3, 12))
    assert len(mentions) == 1
    m = mentions[0]
    assert m.date is not None and m.date.iso == "1991-03-10"
    assert m.injured is not None and m.injured.value == 0
    assert any(t.gtd_target_type == "Utilities" for t in m.targets)


def _load_sample(path: Path) -> Article:
    raw = path.read_text(encoding="utf-8")
    m = re.match(r"\s*date (\d{4}-\d{2}-\d{2})\s*", raw)
    assert m, "sample lacks its `date YYYY-MM-DD` first line"
    return Article(id=path.name, text=raw[m.end():], published=dt.date.fromisoformat(m.group(1)))


@pytest.mark.slow
def test_krasnogorsk_reference_article_gives_one_coded_incident(nlp) -> None:  # type: ignore[no-untyped-def]
    path = SAMPLES / "krasnogorsk-2024-03-23.txt"
    if not path.exists():
        pytest.skip(f"reference sample not found at {path} (needs the shared/ checkout)")
    from tocsin.extract.incidents import find_incidents
    from tocsin.extract.truecase import prepare_text

    article = _load_sample(path)
    mentions = find_incidents(nlp(prepare_text(article.text)), article)
    assert len(mentions) == 1
    m = mentions[0]
    assert m.date is not None and (m.date.iso, m.date.precision.value) == ("2024-03-22", "day")
    assert m.place is not None and m.place.raw == "Krasnogorsk"
    assert m.killed is not None and (m.killed.value, m.killed.qualifier.value) == (60, "at_least")
    assert m.injured is not None and (m.injured.value, m.injured.qualifier.value) == (115, "exact")
    assert [(p.name, p.responsibility.value) for p in m.perpetrators] == [("ISIS", "claimed")]
    assert m.gtd_type == "Armed Assault"
    assert (m.acled_type, m.acled_subtype) == ("Violence against civilians", "Attack")
    _spans_line_up(article.text, m)


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "Bus crash kills 39 people in Tarvel. At least 39 people were killed when a bus fell "
        "into a ravine.",
        "Flood kills 12 in Kandor. Twelve people were killed when a river burst its banks.",
    ],
)
def test_deaths_in_an_accident_are_no_incident(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    assert _extract(nlp, text) == []


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "Death toll in Tarvel mosque blast rises to 100.",
        "Mosque bomb kills at least 27 in Kandor. A suicide bomber attacked a mosque in the "
        "northern city of Tarvel on Monday.",
    ],
)
def test_a_short_feed_item_is_one_incident(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    assert len(_extract(nlp, text)) == 1


@pytest.mark.slow
def test_an_incident_months_before_the_report_is_background(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Officials met in Tarvel on Monday to discuss security. They recalled that a car "
            "bomb killed 20 people in Kandor on 3 March 2021. The meeting ended without a "
            "statement. Talks resume next week. A communique is expected.")
    mentions = _extract(nlp, text, published=dt.date(2024, 3, 23))
    assert all(m.background for m in mentions)


@pytest.mark.slow
def test_a_battle_in_a_long_report_is_no_incident(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Army troops clashed with rebels near Tarvel on Monday. The fighting lasted hours. "
            "A military spokesman said the army controls the area. Reinforcements arrived. "
            "Residents stayed indoors.")
    assert _extract(nlp, text) == []


@pytest.mark.slow
def test_a_battle_in_a_short_note_is_an_incident(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "On 9 May 2020, clashes erupted between army and rebel forces near Tarvel. 7 fatalities."
    mentions = _extract(nlp, text)
    assert len(mentions) == 1 and mentions[0].acled_type == "Battles"


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "Leaders said that murders and kidnappings of officials must end, in Tarvel on Monday.",
        "The National Liberation Front held a congress in Tarvel on Monday.",
    ],
)
def test_generic_or_named_event_words_start_no_incident(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    assert all(m.acled_type != "Violence against civilians" for m in _extract(nlp, text))


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("[FARABUNDO MARTI NATIONAL LIBERATION FRONT (FMLN)] THE ARMY KILLED TWO MEN", ["KILLED"]),
        ("THE ARMY OF NATIONAL LIBERATION (ELN) ATTACKED ARMY POSTS", ["ATTACKED"]),
        ("Rebels of the Popular Liberation Army attacked a bus", ["attacked"]),
        ("The liberation of the town by rebels followed", ["liberation"]),
    ],
)
def test_event_words_inside_group_names_are_not_triggers(text: str, kept: list[str]) -> None:
    from tocsin.extract.incidents import usable_triggers
    from tocsin.extract.types import find_triggers

    assert [t.text for t in usable_triggers(text, find_triggers(text))] == kept


_WIRE_REPORT = (
    "   SAN TEODORO, 12 MAR 91 (RADIO NORTE) -- [TEXT] URBAN GUERRILLAS OF THE PEOPLE'S ARMED "
    "FRONT ATTACKED A NATIONAL POLICE POST IN LA CUMBRE LAST NIGHT. TWO POLICEMEN WERE KILLED "
    "AND THREE CIVILIANS WERE WOUNDED IN THE ATTACK. THE POLICE REPORTED THAT FOUR GUERRILLAS "
    "WERE KILLED WHEN AGENTS REPELLED THE ATTACKERS. THE WOUNDED WERE TAKEN TO THE LA CUMBRE "
    "HOSPITAL. THE AUTHORITIES HAVE INCREASED SECURITY MEASURES IN THE AREA."
)


@pytest.mark.slow
def test_long_wire_report_counts_victims_killed_apart_from_attackers(nlp) -> None:  # type: ignore[no-untyped-def]
    mentions = _extract(nlp, _WIRE_REPORT, dt.date(1991, 3, 12))
    assert len(mentions) == 1
    m = mentions[0]
    assert m.killed is not None and m.killed.value == 2
    assert m.perpetrators_killed is not None and m.perpetrators_killed.value == 4


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "claimant"),
    [
        ("Gunmen attacked an army convoy near Dorva on Monday, killing four soldiers. The "
         "officials blamed the Northern Liberation Front, which claimed responsibility for the "
         "attack in a statement.", "Northern Liberation Front"),
        ("A car bomb exploded outside the courthouse in Tessa on Friday, wounding six people. "
         "The Secret Army of the South has claimed responsibility for the bombing.",
         "Secret Army of the South"),
    ],
)
def test_claimant_named_by_a_relative_clause_or_an_army_name_claims(nlp, text: str,  # type: ignore[no-untyped-def]
                                                                     claimant: str) -> None:
    mentions = _extract(nlp, text)
    assert len(mentions) == 1
    claimed = [p.name for p in mentions[0].perpetrators if p.responsibility.value == "claimed"]
    assert claimant in claimed
