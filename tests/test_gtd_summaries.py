"""GTD-style incident summaries and ACLED-style notes on the codebooks' hard cases, end to end.

Written for these tests (real places, invented events). Each pins one codebook distinction:
arson and explosions at facilities, barricade vs kidnapping, unarmed assault, assassination
of an official, named groups and their responsibility status, gatherings as targets.
"""

from __future__ import annotations

from typing import Any

import pytest
from coding_helpers import code_articles

pytestmark = pytest.mark.slow

ARTICLES = [
    ("arson-school", "2017-02-11",
     "02/11/2017: Unknown assailants set fire to a girls' school in Thal village, Hangu "
     "district, Khyber Pakhtunkhwa province, Pakistan. No casualties were reported. No group "
     "claimed responsibility for the incident."),
    ("pylon", "2015-09-03",
     "09/03/2015: Assailants blew up an electricity pylon in Khanaqin district, Diyala "
     "governorate, Iraq. There were no casualties. No group claimed responsibility."),
    ("siege", "2016-07-01",
     "07/01/2016: Gunmen stormed a restaurant in Gulshan, Dhaka city, Bangladesh, and took "
     "diners hostage. Security forces ended the siege the next morning. At least 22 hostages "
     "were killed. The Islamic State of Iraq and the Levant (ISIL) claimed responsibility for "
     "the incident."),
    ("standoff", "2015-01-09",
     "01/09/2015: An assailant took customers hostage at a supermarket in Paris city, France. "
     "Police stormed the building after a standoff of several hours."),
    ("kidnap", "2015-05-17",
     "05/17/2015: Assailants kidnapped three aid workers near Dadaab town, Garissa county, "
     "Kenya. Al-Shabaab claimed responsibility for the abduction."),
    ("sticks", "2018-04-09",
     "04/09/2018: A group of men attacked a journalist with sticks and iron rods in Rawalpindi "
     "city, Punjab province, Pakistan. The journalist was injured in the attack."),
    ("stabbing", "2017-06-03",
     "06/03/2017: An assailant stabbed three pedestrians on a street in Marseille city, France. "
     "One person was killed and two others were wounded."),
    ("mayor", "2019-03-12",
     "03/12/2019: Assailants shot and killed the mayor of Tlalixcoyan municipality as he left "
     "his office in Veracruz state, Mexico. No group claimed responsibility for the incident."),
    ("market", "2014-10-05",
     "10/05/2014: Gunmen opened fire on a market in Jalalabad city, Nangarhar province, "
     "Afghanistan. Four civilians were killed and nine others were wounded. The Taliban denied "
     "responsibility for the attack."),
    ("wedding", "2016-08-20",
     "08/20/2016: A suicide bomber detonated an explosives-laden vest at a wedding party in "
     "Gaziantep city, Gaziantep province, Turkey. At least 50 people were killed. No group "
     "claimed responsibility; however, sources attributed the attack to Lashkar-e-Jhangvi."),
    ("hijack", "2013-01-22",
     "01/22/2013: Assailants hijacked a passenger bus travelling from Gao to Bamako, Mali. The "
     "passengers were later released. Al-Qaida in the Islamic Maghreb (AQIM) was suspected of "
     "carrying out the incident."),
    ("grenade", "2012-11-30",
     "11/30/2012: Assailants threw a hand grenade at a police station in Srinagar city, Jammu "
     "and Kashmir, India. Two police officers were injured in the blast."),
    ("drone", "2013-06-07",
     "06/07/2013: A drone strike hit a compound in Miranshah, North Waziristan, Pakistan. Five "
     "militants were killed in the strike."),
    ("telecom", "2016-02-02",
     "02/02/2016: Assailants set fire to a telecommunications tower in Sangrar, Balochistan "
     "province, Pakistan. There were no casualties."),
    ("acled-riot", "2021-05-10",
     "On 10 May 2021, rioters torched vehicles and threw stones at police in Kampala "
     "(Kampala). 0 fatalities."),
    ("acled-arrest", "2020-08-14",
     "On 14 August 2020, police arrested 15 opposition supporters in Harare (Harare). "
     "0 fatalities."),
    ("acled-peaceful", "2021-09-05",
     "On 5 September 2021, around 200 teachers protested in Nairobi (Nairobi) over unpaid "
     "salaries. The protest was peaceful. 0 fatalities."),
    ("acled-battle", "2021-06-12",
     "On 12 June 2021, Fulani militia and Dozo militia clashed near Djenne (Mopti). "
     "5 fatalities."),
    ("acled-shelling", "2022-03-02",
     "On 2 March 2022, Russian forces shelled residential areas of Chernihiv city "
     "(Chernihivska oblast). 4 civilians were killed and 6 injured."),
]

# id: (gtd_type, acled_subtype)
TYPES: dict[str, tuple[str | None, str]] = {
    "arson-school": ("Facility/Infrastructure Attack", "Looting/property destruction"),
    "pylon": ("Bombing/Explosion", "Remote explosive/landmine/IED"),
    "siege": ("Hostage Taking (Barricade Incident)", "Abduction/forced disappearance"),
    "standoff": ("Hostage Taking (Barricade Incident)", "Abduction/forced disappearance"),
    "kidnap": ("Hostage Taking (Kidnapping)", "Abduction/forced disappearance"),
    "sticks": ("Unarmed Assault", "Attack"),
    "stabbing": ("Armed Assault", "Attack"),
    "mayor": ("Assassination", "Attack"),
    "market": ("Armed Assault", "Attack"),
    "wedding": ("Bombing/Explosion", "Suicide bomb"),
    "hijack": ("Hijacking", "Attack"),
    "grenade": ("Bombing/Explosion", "Grenade"),
    "drone": ("Bombing/Explosion", "Air/drone strike"),
    "telecom": ("Facility/Infrastructure Attack", "Looting/property destruction"),
    "acled-riot": (None, "Violent demonstration"),
    "acled-arrest": (None, "Arrests"),
    "acled-peaceful": (None, "Peaceful protest"),
    "acled-battle": (None, "Armed clash"),
    "acled-shelling": ("Bombing/Explosion", "Shelling/artillery/missile attack"),
}


@pytest.fixture(scope="module")
def coded(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    return code_articles(tmp_path_factory.mktemp("gtd"), ARTICLES)


@pytest.mark.parametrize("article", sorted(TYPES))
def test_summary_types_follow_the_codebooks(coded: dict[str, dict[str, Any]],
                                            article: str) -> None:
    row = coded[article]
    assert (row["gtd_type"], row["acled_subtype"]) == TYPES[article]


@pytest.mark.parametrize(
    ("article", "expected"),
    [
        # One group, named twice ("Islamic State of Iraq and the Levant (ISIL)"), kept once.
        ("siege", {("Islamic State", "group", "claimed")}),
        ("hijack", {("al-Qaeda in the Islamic Maghreb", "group", "suspected")}),
        # A named organisation the table does not need to know is a group.
        ("wedding", {("Lashkar-e-Jhangvi", "group", "suspected")}),
        ("market", {("Taliban", "group", "denied")}),
        ("kidnap", {("al-Shabaab", "group", "claimed")}),
    ],
)
def test_named_groups_keep_kind_and_status(coded: dict[str, dict[str, Any]], article: str,
                                           expected: set[tuple[str, str, str]]) -> None:
    groups = {(p["name"], p["kind"], p["responsibility"])
              for p in coded[article]["perpetrators"] if p["kind"] == "group"}
    assert groups == expected


@pytest.mark.parametrize("article", ["mayor", "pylon", "arson-school", "sticks"])
def test_no_claim_means_no_group(coded: dict[str, dict[str, Any]], article: str) -> None:
    assert not [p for p in coded[article]["perpetrators"] if p["kind"] == "group"]


@pytest.mark.parametrize(
    ("article", "text", "kind", "gtd_target_type"),
    [
        ("wedding", "wedding party", "people", "Private Citizens & Property"),
        ("pylon", "electricity pylon", "property", "Utilities"),
        ("arson-school", "school", "property", "Educational Institution"),
        ("sticks", "journalist", "people", "Journalists & Media"),
        ("mayor", "mayor", "people", "Government (General)"),
        ("grenade", "police station", "property", "Police"),
        ("telecom", "telecommunications tower", "property", "Telecommunication"),
        ("kidnap", "aid workers", "people", "NGO"),
    ],
)
def test_targets_have_kind_and_gtd_type(coded: dict[str, dict[str, Any]], article: str,
                                        text: str, kind: str, gtd_target_type: str) -> None:
    targets = {t["text"]: (t["kind"], t["gtd_target_type"]) for t in coded[article]["targets"]}
    assert targets.get(text) == (kind, gtd_target_type)


@pytest.mark.parametrize(
    ("article", "weapon", "gtd_weapon_type"),
    [("sticks", "iron rods", "Melee"), ("grenade", "hand grenade", "Explosives"),
     ("wedding", "explosives", "Explosives")],
)
def test_weapons_have_gtd_type(coded: dict[str, dict[str, Any]], article: str, weapon: str,
                               gtd_weapon_type: str) -> None:
    weapons = {w["text"]: w["gtd_weapon_type"] for w in coded[article]["weapons"]}
    assert weapons.get(weapon) == gtd_weapon_type


# --- the rules alone, without the pipeline ---------------------------------------------------

@pytest.mark.parametrize(
    ("text", "gtd_type"),
    [
        ("Unknown assailants set fire to a school.", "Facility/Infrastructure Attack"),
        ("Unknown attackers set fire to the election office in an arson attack.",
         "Facility/Infrastructure Attack"),
        ("Gunmen shot two guards and set fire to the clinic.", "Armed Assault"),
        ("Assailants blew up an electricity pylon.", "Bombing/Explosion"),
        ("Gunmen took diners hostage. Security forces ended the siege.",
         "Hostage Taking (Barricade Incident)"),
        ("Gunmen kidnapped two engineers and took them hostage.", "Hostage Taking (Kidnapping)"),
        ("A group of men attacked a journalist with sticks.", "Unarmed Assault"),
        ("A group of men attacked a journalist with knives.", "Armed Assault"),
        ("Assailants shot and killed a provincial council member.", "Assassination"),
        ("Gunmen shot and killed a judge and four civilians at a market.", "Armed Assault"),
        ("Gunmen opened fire on a bus, killing six passengers.", "Armed Assault"),
    ],
)
def test_gtd_type_of_a_sentence(text: str, gtd_type: str) -> None:
    from tocsin.extract.types import code_incident, find_triggers

    assert code_incident(find_triggers(text), text, use_model=False).gtd_type == gtd_type


def test_suspicion_of_a_crime_is_no_event() -> None:
    from tocsin.extract.types import find_triggers

    text = "A mob beat a man to death on suspicion of child abduction."
    kidnap = [t for t in find_triggers(text) if t.category == "kidnap"]
    assert kidnap and not any(t.eventive for t in kidnap)


@pytest.mark.parametrize(
    ("raw", "kind"),
    [("Lashkar-e-Jhangvi", "group"), ("Harakat Ansar al-Mahdi", "group"),
     ("Ahmad Khan", "individual"), ("GUERRILLAS", "individual"), ("Gunmen", "individual")],
)
def test_named_organisation_is_a_group(raw: str, kind: str) -> None:
    from tocsin.models import Extraction, Mention, Perpetrator
    from tocsin.resolve.actors import resolve_actors

    mention = Mention(article_id="a", index=0,
                      perpetrators=[Perpetrator(name=raw, kind="individual")])
    resolve_actors(Extraction.model_construct(interactions=[], mentions=[mention]))
    assert mention.perpetrators[0].kind == kind
