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


def _code_with(sentence: str, *, use_model: bool) -> tuple[str | None, str | None, str | None]:
    c = code_incident(find_triggers(sentence), sentence, use_model=use_model)
    return c.gtd_type, c.acled_type, c.acled_subtype


# Our own sentences in the style of GTD summaries and ACLED notes.
_SUMMARY_CASES = [
    ("Assailants detonated an explosive device targeting a police checkpoint in Nadir district, "
     "Qarun province. Three officers were killed and five others wounded.",
     "Bombing/Explosion", "Explosions/Remote violence", "Remote explosive/landmine/IED"),
    ("A suicide bomber detonated an explosives-laden vest at a market in Tal Barin town. "
     "Nine civilians were killed.",
     "Bombing/Explosion", "Explosions/Remote violence", "Suicide bomb"),
    ("Unidentified assailants hurled a grenade at a shop in Korat village. Two people were "
     "injured.", "Bombing/Explosion", "Explosions/Remote violence", "Grenade"),
    ("Assailants abducted two engineers from a construction site near Benda town.",
     "Hostage Taking (Kidnapping)", "Violence against civilians",
     "Abduction/forced disappearance"),
    ("Gunmen opened fire on a wedding party in Sarak village, killing six civilians.",
     "Armed Assault", "Violence against civilians", "Attack"),
    ("Assailants set fire to a primary school in Dalo town. No casualties were reported.",
     "Facility/Infrastructure Attack", None, None),
    ("On 9 May 2020, clashes erupted between the army and rebel forces near Mambo. "
     "7 fatalities.", None, "Battles", "Armed clash"),
    ("On 3 June 2021, military forces shelled rebel positions in the hills near Koro. "
     "Fatalities unknown.", "Bombing/Explosion", "Explosions/Remote violence",
     "Shelling/artillery/missile attack"),
    ("On 12 March 2021, a drone strike hit a vehicle near Jilib, killing 3 militants.",
     "Bombing/Explosion", "Explosions/Remote violence", "Air/drone strike"),
    ("On 4 April 2021, hundreds of teachers held a peaceful demonstration in Lomar town "
     "demanding unpaid salaries.", None, "Protests", "Peaceful protest"),
    ("On 5 April 2021, police fired tear gas to disperse students protesting in Lomar town.",
     None, "Protests", "Protest with intervention"),
    ("On 6 April 2021, security forces opened fire on demonstrators in Lomar, killing 4 "
     "protesters.", None, "Protests", "Excessive force against protesters"),
    ("On 7 April 2021, rioters threw stones at police and torched vehicles in Lomar town.",
     None, "Riots", "Violent demonstration"),
    ("On 8 April 2021, police arrested 12 suspected militants at a hideout in Lomar town.",
     None, "Strategic developments", "Arrests"),
    ("On 9 April 2021, a cache of weapons and ammunition was found by soldiers near Lomar.",
     None, "Strategic developments", "Disrupted weapons use"),
    ("On 10 April 2021, government forces recaptured the town of Lomar from the rebels.",
     None, "Battles", "Government regains territory"),
]


@pytest.mark.parametrize(("sentence", "gtd", "acled_type", "subtype"), _SUMMARY_CASES)
@pytest.mark.parametrize("use_model", [False, True])
def test_gtd_summaries_and_acled_notes_are_typed(sentence: str, gtd: str | None,
                                                  acled_type: str | None, subtype: str | None,
                                                  use_model: bool) -> None:
    got_gtd, got_type, got_sub = _code_with(sentence, use_model=use_model)
    assert got_gtd == gtd
    if subtype is not None:
        assert (got_type, got_sub) == (acled_type, subtype)


@pytest.mark.parametrize(
    ("sentence", "subtype"),
    [("Officers seized nine pistols and 300 rounds of ammunition from the house.",
      "Disrupted weapons use"),
     ("Two explosive devices were found near the bridge and defused by the army.",
      "Disrupted weapons use"),
     ("Protesters hurled bottles and rocks at riot police outside parliament.",
      "Violent demonstration"),
     ("Police suppressed a peaceful march and detained dozens of activists.",
      "Protest with intervention"),
     ("Police arrested five suspects in a raid on a house in the old town.", "Arrests")],
)
def test_rules_tell_found_weapons_and_protest_kinds_apart(sentence: str, subtype: str) -> None:
    assert _code_with(sentence, use_model=False)[2] == subtype


def test_model_ships_and_predicts_an_acled_subtype() -> None:
    from tocsin.extract.typing_model import load_model

    model = load_model()
    assert model is not None
    label, prob = model.predict("Warplanes bombed the village, killing 6 civilians.",
                                {"air_strike"}, "Air/drone strike")
    assert label == "Air/drone strike"
    assert 0.0 < prob <= 1.0


def test_model_round_trips_through_its_file(tmp_path: pytest.TempPathFactory) -> None:
    import numpy as np

    from tocsin.extract.typing_model import TypeModel, _from_npz, save_model

    model = TypeModel(index={"w:bomb": 0, "r:none": 1}, idf=np.array([1.5, 1.0]),
                      weights=np.array([[2.0, -2.0], [0.0, 0.0], [0.0, 0.1]]),
                      labels=("Grenade", "Arrests"), rule_weight=1.0)
    path = str(tmp_path / "m.npz")  # type: ignore[operator]
    save_model(path, model)
    with np.load(path) as data:
        again = _from_npz(data)
    assert again.labels == model.labels and again.index == model.index
    assert again.predict("a bomb", [], None)[0] == "Grenade"
    assert again.predict("nothing", [], None)[0] == "Arrests"


@pytest.mark.parametrize(
    ("sentence", "category"),
    [
        ("The garrison town fell to the rebels on Sunday.", "overtake"),
        ("The district fell to insurgent fighters overnight.", "overtake"),
        ("The two militias signed a ceasefire on Monday.", "agreement"),
        ("Negotiators reached a power-sharing agreement in the capital.", "agreement"),
    ],
)
def test_conflict_phrases_are_triggers(sentence: str, category: str) -> None:
    assert category in {t.category for t in find_triggers(sentence)}


@pytest.mark.parametrize(
    "sentence",
    [
        "Unemployment fell to 4.2 percent in October.",
        "Shares fell to a record low after the report.",
        "The climber fell to his death on the north face.",
        "The club signed a new contract with its striker.",
        "The two countries signed a trade agreement on Friday.",
    ],
)
def test_ordinary_news_phrases_are_not_triggers(sentence: str) -> None:
    assert {t.category for t in find_triggers(sentence)} & {"overtake", "agreement"} == set()
