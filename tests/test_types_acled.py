"""ACLED event type and sub-event coding of ACLED-notes-style text (tocsin.extract.types).

The sentences are our own, written in the style of ACLED event notes; each gets the type and
sub-event the ACLED codebook gives it, with the rules alone and with the shipped classifier.
"""

from __future__ import annotations

import pytest

from tocsin.extract.types import choose_subtype, code_incident, find_triggers

_NOTES = [
    ("On 9 May 2020, clashes erupted between Duran and Kessa forces near Tamba. 7 fatalities.",
     "Battles", "Armed clash"),
    ("On 14 February 2021, Al Shabaab militants attacked an SNA base in Qoryole town. Fighting "
     "lasted for two hours; 4 fatalities.", "Battles", "Armed clash"),
    ("On 2 March 2021, militants ambushed a military convoy on the road between Faro and Dendi. "
     "Three soldiers were killed.", "Battles", "Armed clash"),
    ("On 4 March 2021, militants and soldiers exchanged fire near Dendi; two soldiers were "
     "wounded.", "Battles", "Armed clash"),
    ("On 22 May 2020, militants seized control of the town of Lomar after heavy fighting with "
     "government forces.", "Battles", "Non-state actor overtakes territory"),
    ("On 23 May 2020, rebel fighters recaptured the village of Lomar from government troops.",
     "Battles", "Non-state actor overtakes territory"),
    ("On 24 May 2020, government forces recaptured the town of Lomar from the rebels.",
     "Battles", "Government regains territory"),
    ("On 11 June 2020, unidentified gunmen shot and killed a civilian in Beledweyne town.",
     "Violence against civilians", "Attack"),
    ("On 20 July 2020, armed men attacked villagers in Gobir and killed 5 people.",
     "Violence against civilians", "Attack"),
    ("On 3 January 2021, militia members abducted a village chief from his home in Kanda.",
     "Violence against civilians", "Abduction/forced disappearance"),
    ("On 5 January 2021, soldiers raped two women near the camp in Mora.",
     "Violence against civilians", "Sexual violence"),
    ("On 1 January 2020, Al Shabaab detonated an IED targeting an AMISOM convoy near Afgoye. "
     "Fatalities unknown.", "Explosions/Remote violence", "Remote explosive/landmine/IED"),
    ("On 8 August 2020, a roadside bomb exploded near a police post in Marka, wounding two "
     "officers.", "Explosions/Remote violence", "Remote explosive/landmine/IED"),
    ("On 19 September 2020, a suicide bomber blew himself up at a restaurant in Dalan. "
     "6 fatalities.", "Explosions/Remote violence", "Suicide bomb"),
    ("On 20 September 2020, militants drove a suicide vehicle-borne IED into the gate of a "
     "hotel in Dalan.", "Explosions/Remote violence", "Suicide bomb"),
    ("On 2 October 2020, military aircraft carried out airstrikes on militant positions near "
     "Jamame.", "Explosions/Remote violence", "Air/drone strike"),
    ("On 3 October 2020, coalition jets fired missiles at a depot near Harad.",
     "Explosions/Remote violence", "Air/drone strike"),
    ("On 7 October 2020, rebels fired mortars at the airport in Beni. No casualties were "
     "reported.", "Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("On 9 October 2020, unknown assailants threw a hand grenade into a bar in Kolo, injuring "
     "3 people.", "Explosions/Remote violence", "Grenade"),
    ("On 12 May 2020, protesters gathered in Lomar to demand the release of detained "
     "journalists.", "Protests", "Peaceful protest"),
    ("On 26 May 2020, hundreds of students marched in Lomar in protest over the killing of a "
     "classmate.", "Protests", "Peaceful protest"),
    ("Protesters gathered in Lomar to demand better roads; police dispersed them with tear gas.",
     "Protests", "Protest with intervention"),
    ("On 13 May 2020, police fired tear gas and rubber bullets to disperse protestors in Lomar. "
     "3 protestors were arrested.", "Protests", "Protest with intervention"),
    ("On 14 May 2020, security forces fired live ammunition at peaceful demonstrators in Lomar, "
     "killing 2.", "Protests", "Excessive force against protesters"),
    ("On 28 May 2020, police used water cannon on protestors in Lomar; dozens of protestors "
     "were seriously injured.", "Protests", "Excessive force against protesters"),
    ("Rioters torched a police station and several vehicles in Lomar town.",
     "Riots", "Violent demonstration"),
    ("On 15 May 2020, demonstrators pelted police with stones and blocked the main road in "
     "Lomar.", "Riots", "Violent demonstration"),
    ("On 16 May 2020, a mob lynched a man accused of theft in Kibera.", "Riots", "Mob violence"),
    ("On 17 May 2020, police arrested 12 members of the opposition party in Lomar.",
     "Strategic developments", "Arrests"),
    ("On 27 May 2020, activists were arrested in Lomar for distributing opposition leaflets.",
     "Strategic developments", "Arrests"),
    ("On 18 May 2020, soldiers seized a cache of weapons and ammunition in a house in Lomar.",
     "Strategic developments", "Disrupted weapons use"),
    ("On 19 May 2020, the army defused an IED planted on the road near Lomar.",
     "Strategic developments", "Disrupted weapons use"),
    ("On 29 May 2020, army troops destroyed 40 landmines planted by the rebels near Lomar.",
     "Strategic developments", "Disrupted weapons use"),
    ("Property destruction: On 20 May 2020, militants looted shops and burned houses in Lomar.",
     "Strategic developments", "Looting/property destruction"),
    ("On 21 May 2020, the government and the rebels signed a ceasefire agreement in Lomar.",
     "Strategic developments", "Agreement"),
    ("On 25 May 2020, 30 militants surrendered to the army in Lomar.",
     "Strategic developments", "Agreement"),
]


@pytest.mark.parametrize(("note", "acled_type", "subtype"), _NOTES)
@pytest.mark.parametrize("use_model", [False, True])
def test_acled_notes_get_the_codebook_type(note: str, acled_type: str, subtype: str,
                                           use_model: bool) -> None:
    c = code_incident(find_triggers(note), note, use_model=use_model)
    assert (c.acled_type, c.acled_subtype) == (acled_type, subtype)


@pytest.mark.parametrize(
    ("note", "gtd_type"),
    [("On 26 May 2020, students marched in protest over the shooting of a classmate.", None),
     ("Gunmen shot dead two students in Lomar; hundreds later marched in protest.",
      "Armed Assault")],
)
def test_a_protest_over_a_killing_is_not_the_killing(note: str, gtd_type: str | None) -> None:
    assert code_incident(find_triggers(note), note).gtd_type == gtd_type


_LABELS = ("Peaceful protest", "Protest with intervention", "Violent demonstration")


@pytest.mark.parametrize(
    ("probs", "cats", "expected"),
    [
        # A label a trigger attests wins whenever the classifier prefers it.
        ((0.25, 0.35, 0.4), {"protest_intervention", "violent_demo"}, "Violent demonstration"),
        # An unattested label must be probable and clear of the rules' label.
        ((0.25, 0.35, 0.4), {"protest_intervention"}, "Protest with intervention"),
        ((0.05, 0.15, 0.8), {"protest_intervention"}, "Violent demonstration"),
        # The rules' own label stays.
        ((0.1, 0.8, 0.1), {"protest_intervention"}, "Protest with intervention"),
    ],
)
def test_classifier_overrules_the_rules_on_evidence_or_confidence(
        probs: tuple[float, ...], cats: set[str], expected: str) -> None:
    assert choose_subtype(_LABELS, probs, cats, "Protest with intervention") == expected
