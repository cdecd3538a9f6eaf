"""Trigger lexicon and GTD / ACLED coding (tocsin.extract.types)."""

from __future__ import annotations

import pytest

from tocsin.extract.types import (
    GTD_TARGET_TYPES,
    GTD_WEAPON_TYPES,
    code_incident,
    find_triggers,
    find_weapons,
    target_type,
)


def _code(sentence: str) -> tuple[str | None, str | None, str | None]:
    c = code_incident(find_triggers(sentence), sentence)
    return c.gtd_type, c.acled_type, c.acled_subtype


@pytest.mark.parametrize(
    ("sentence", "gtd", "subtype"),
    [
        ("A suicide bomber blew himself up at a checkpoint.", "Bombing/Explosion", "Suicide bomb"),
        ("A roadside bomb struck a minibus on the highway.", "Bombing/Explosion",
         "Remote explosive/landmine/IED"),
        ("Someone threw a grenade into the crowded cafe.", "Bombing/Explosion", "Grenade"),
        ("Warplanes pounded the village overnight.", "Bombing/Explosion", "Air/drone strike"),
        ("Mortar shells landed on the town square.", "Bombing/Explosion",
         "Shelling/artillery/missile attack"),
        ("Gunmen opened fire on shoppers at the market.", "Armed Assault", "Attack"),
        ("Armed men kidnapped four aid workers.", "Hostage Taking (Kidnapping)",
         "Abduction/forced disappearance"),
        ("The mayor was assassinated outside his home.", "Assassination", "Attack"),
        ("Four men hijacked the airliner after take-off.", "Hijacking", "Attack"),
        ("Saboteurs set fire to the electricity substation.", "Facility/Infrastructure Attack",
         "Looting/property destruction"),
        ("A man stabbed three passers-by.", "Armed Assault", "Attack"),
    ],
)
def test_violent_events_get_gtd_and_acled_labels(sentence: str, gtd: str, subtype: str) -> None:
    got_gtd, _, got_sub = _code(sentence)
    assert (got_gtd, got_sub) == (gtd, subtype)


@pytest.mark.parametrize(
    ("sentence", "acled_type", "subtype"),
    [
        ("Army troops clashed with rebels near the border.", "Battles", "Armed clash"),
        ("Thousands of teachers held a protest over pay.", "Protests", "Peaceful protest"),
        ("Police fired tear gas to disperse the demonstration.", "Protests",
         "Protest with intervention"),
        ("Protesters threw stones at police and torched cars.", "Riots",
         "Violent demonstration"),
        ("Police arrested two suspects in the capital.", "Strategic developments", "Arrests"),
        ("Bomb experts defused an explosive device near the school.", "Strategic developments",
         "Disrupted weapons use"),
    ],
)
def test_other_acled_events_have_no_gtd_type(sentence: str, acled_type: str, subtype: str) -> None:
    assert _code(sentence) == (None, acled_type, subtype)


@pytest.mark.parametrize(
    "sentence",
    ["Officials warned of potential attacks during the holidays.",
     "The group threatened to bomb more targets.",
     "Leaders vowed to prevent future attacks."],
)
def test_threats_and_plans_are_not_events(sentence: str) -> None:
    assert all(not t.eventive for t in find_triggers(sentence))


def test_non_violent_text_has_no_coding() -> None:
    assert _code("The central bank raised interest rates on Tuesday.") == (None, None, None)


@pytest.mark.parametrize(("text", "gtd", "kind"),
                         [("police patrol", "Police", "people"),
                          ("power pylons", "Utilities", "property"),
                          ("peasants", "Private Citizens & Property", "people"),
                          ("the embassy", "Government (Diplomatic)", "people")])
def test_target_types_use_gtd_labels(text: str, gtd: str, kind: str) -> None:
    assert target_type(text) == (gtd, kind)
    assert gtd in GTD_TARGET_TYPES


@pytest.mark.parametrize(("text", "kind"), [("an AK-47 rifle", "Firearms"),
                                            ("a car bomb", "Explosives"),
                                            ("a machete", "Melee"),
                                            ("molotov cocktails", "Incendiary")])
def test_weapon_types_use_gtd_labels(text: str, kind: str) -> None:
    found = find_weapons(text)
    assert found and found[0][2] == kind and kind in GTD_WEAPON_TYPES
