"""Casualty figures: hard cases seen in wire and local news (tocsin.extract.counts).

Sentences are written for these tests; each pins one rule of `find_counts` / `best_count`.
"""

from __future__ import annotations

import pytest
from coding_helpers import figure

from tocsin.extract.counts import find_counts


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        ("Investigators are looking into the shooting death of Marcus Bell, 31.", 1),
        ("Deputies found a man in his sixties dead from a gunshot wound.", 1),
        ("Officers found a 40-year-old man shot to death in a parked car.", 1),
        ("Two people died following a shooting early Friday.", 2),
        ("Tomas Reyes died the following day.", 1),
        ("UNKNOWN MEN TODAY KILLED MARIA DE SOTO, WIFE OF A JUDGE.", 1),
        ("THE KILLING OF PROVINCIAL MAYOR JORGE LUIS MENDEZ RUIZ, WHICH SHOCKED THE TOWN.", 1),
        ("AT DAWN, FOUR MONKS AND TWO COOKS WHO WORKED FOR THEM WERE MURDERED.", 6),
        ("POLICE SAID ORTIZ, HIS BROTHER, AND 11 OTHERS WERE KILLED IN THE RAID.", 13),
        ("THE DEATH OF THREE TEACHERS WHO HAD BEEN ABDUCTED ANGERED THE TOWN.", 3),
        ("THE BODIES OF FIVE FARMERS WERE FOUND NEAR THE RIVER.", 5),
        ("The suspect is accused of shooting and killing a neighbour.", 1),
        ("On 3 April 2021, militia fighters attacked a market near Tora. 7 fatalities.", 7),
        ("A man accused of theft was beaten by a crowd in a village near Gulu. 1 fatality.", 1),
        ("Armed men raided a cattle camp. Fatalities: 12.", 12),
        ("Unknown men set fire to a clinic. There were no reported casualties.", 0),
    ],
)
def test_killed_hard_cases(text: str, killed: int) -> None:
    assert figure(text, "killed") == killed


@pytest.mark.parametrize(
    "text",
    [
        "THE CARTEL THREATENED TO KILL 20 JUDGES FOR EVERY EXTRADITION.",
        "IT WOULD BE WORSE IF ONE WERE KILLED.",
        "THE RADIO SAID THAT A FEW PRIESTS HAD TO BE KILLED.",
        "SINCE 3 MARCH, TROOPS HAVE SEIZED 14 RIFLES AND TWO MORTARS.",
        "TROOPS REPORT SEIZING 12 RIFLES, SIX PISTOLS AND FOUR GRENADES.",
        "Photo gallery 1 / 13 Rapper shot dead after a show",
        "A home was struck several times by gunfire overnight.",
        "The couple said one shot had gone through the kitchen wall.",
    ],
)
def test_threats_plans_things_and_galleries_count_nobody(text: str) -> None:
    hits = find_counts(text)
    assert all(h.count.value == 0 for h in hits if h.role != "perpetrators_killed"), hits


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A MAN WAS KILLED ON 9 NOVEMBER, 2,000 PEOPLE HAVE DIED SINCE.", 2000),
        ("A BOMB WITH 50 KG OF DYNAMITE WAS PLANTED. SEVEN GUARDS AND TWO DRIVERS WERE KILLED.", 9),
        ("THE MURDER OF NINE PEOPLE, FOUR OF THEM NUNS, WAS CONDEMNED.", 9),
        ("THE COURT WILL JUDGE THE MURDER OF THE FOUR NUNS AND THE TWO DRIVERS.", 6),
    ],
)
def test_dates_sentence_ends_and_subsets_do_not_change_afigure(text: str, expected: int) -> None:
    assert figure(text, "killed") == expected


@pytest.mark.parametrize(
    ("text", "injured"),
    [
        ("The two people inside suffered non-life threatening injuries.", 2),
        ("Both are being treated for non-life threatening injuries at a hospital.", 2),
        ("The gunman fired once, striking her in the leg.", 1),
        ("A bullet grazed his shoulder as he ran.", 1),
        ("Shrapnel hit the victim in the leg.", 1),
        ("A male victim was struck in the arm and taken to hospital.", 1),
        ("Deputies found one man dead and another seriously wounded.", 1),
        ("The victim was listed in stable condition.", 1),
        ("Police said he fatally shot a man and injured another person.", 1),
        ("The man shot himself in the chest but survived.", 1),
        ("Robbers pistol-whipped him and fled with cash.", 1),
        ("Three people, including a teenage girl, were shot on the highway.", 3),
        ("Ana was one of two people shot at the party. Ana died.", 1),
        ("Police said the man was grazed and survived.", 1),
        ("Lee was taken to a hospital with injuries believed to be non-life threatening.", 1),
    ],
)
def test_injured_hard_cases(text: str, injured: int) -> None:
    assert figure(text, "injured") == injured


@pytest.mark.parametrize(
    "text",
    [
        "An officer was struck in the face by a rock during the arrest.",
        "One of the teens hit the owner in the head with a bat.",
    ],
)
def test_blows_that_are_not_gunfire_are_not_shootings(text: str) -> None:
    assert all(not h.shot for h in find_counts(text))


def test_a_named_victim_who_died_is_not_counted_as_injured_too() -> None:
    text = "Marta Diaz was shot in the chest. Marta Diaz died at the hospital."
    assert (figure(text, "killed"), figure(text, "injured")) == (1, 0)


def test_more_explicit_injured_than_shot_survivors_wins() -> None:
    # Two men shot, one died; an explicit "critical condition" restates the survivor.
    text = "Two men were shot. One of them died. The other is in critical condition."
    assert figure(text, "injured") == 1


def test_a_clause_before_and_n_others_adds_nobody() -> None:
    text = "Two guards were killed and four others were wounded when the bomb went off."
    assert figure(text, "killed") == 2
    assert figure(text, "injured") == 4
