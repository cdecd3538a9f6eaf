"""Places written the way ACLED notes, GTD summaries and wire copy write them.

"in Kidal (Kidal)", "Solhan village (Yagha province)", "north-west Pakistan",
"SANTO DOMINGO (DOMINICAN REPUBLIC), 5 MAY (AFP) --", "in Sayedabad district, Wardak province".
"""

from __future__ import annotations

import pytest

from tocsin.extract.location import dateline, dateline_country
from tocsin.geoparse import geoparse
from tocsin.models import Article, Place
from tocsin.resolve.gazetteer import load_gazetteer
from tocsin.resolve.places import resolve_name


def _toponyms(text: str) -> list[Place]:
    return next(iter(geoparse([Article(id="t", text=text)])))[1]


def _by_text(text: str) -> dict[str, list[Place]]:
    out: dict[str, list[Place]] = {}
    for p in _toponyms(text):
        out.setdefault(p.evidence.text if p.evidence else p.raw, []).append(p)
    return out


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "name", "geonames_id"),
    [
        # spaCy tags these towns as a people (NORP): the preposition says "place".
        ("On 2 August 2020, unknown gunmen shot dead a village chief in Kidal. 1 fatality.",
         "Kidal", 2455290),
        ("Gunmen attacked a market in Kasese on Monday.", "Kasese", 232066),
        ("A mob beat a suspected thief to death in Kasese yesterday.", "Kasese", 232066),
    ],
)
def test_town_tagged_as_people_after_preposition_is_a_toponym(
        text: str, name: str, geonames_id: int) -> None:
    found = _by_text(text)
    assert name in found
    assert found[name][0].geonames_id == geonames_id


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "Gunmen fired on worshippers in Shiite neighbourhoods of the city.",
        "The militia recruited fighters among Muslim youths in the capital.",
    ],
)
def test_people_words_stay_out_of_toponyms(text: str) -> None:
    assert not any(p.raw in ("Shiite", "Muslim") for p in _toponyms(text))


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "town", "town_id", "area", "area_id"),
    [
        ("On 2 August 2020, gunmen shot dead a village chief in Kidal (Kidal). 1 fatality.",
         "Kidal", 2455290, "Kidal", 2597449),
        ("On 5 May 2021, a mob lynched a man accused of theft in Kasese (Kasese district).",
         "Kasese", 232066, "Kasese", 443342),
        ("On 4 April 2022, forces shelled a residential area in Kharkiv city (Kharkivska "
         "oblast). 3 fatalities.", "Kharkiv", 706483, "Kharkivska", 706482),
    ],
)
def test_bracketed_area_after_town_is_the_area_holding_it(
        text: str, town: str, town_id: int, area: str, area_id: int) -> None:
    places = _toponyms(text)
    assert places[0].evidence is not None and places[0].evidence.text == town
    assert places[0].geonames_id == town_id
    assert places[-1].evidence is not None and places[-1].evidence.text == area
    assert places[-1].geonames_id == area_id


@pytest.mark.slow
def test_unknown_town_in_bracketed_admin1_takes_the_area() -> None:
    found = _by_text("On 3 March 2019, militants attacked a military post near Boulkessi "
                     "(Mopti). 10 fatalities.")
    assert found["Mopti"][0].geonames_id == 2453347  # the region, not the town
    boulkessi = found["Boulkessi"][0]
    assert boulkessi.geonames_id is None  # never invented
    assert (boulkessi.country, boulkessi.admin1) == ("ML", "Mopti")


@pytest.mark.slow
def test_bracketed_area_abroad_overrules_a_namesake_town() -> None:
    # Turkey has a Solhan; the text puts this one in Burkina Faso's Yagha province.
    found = _by_text("On 5 June 2021, gunmen killed civilians in Solhan village (Yagha "
                     "province). 132 fatalities.")
    solhan = found["Solhan village"][0]
    assert solhan.country == "BF"
    assert solhan.geonames_id != 300377
    assert found["Yagha province"][0].geonames_id == 2597268


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "A bomb exploded in a market in a city in north-west Pakistan, killing five people.",
        "Drone strikes in north-west Pakistan killed three militants.",
    ],
)
def test_compass_word_before_a_country_stays_in_that_country(text: str) -> None:
    places = _toponyms(text)
    assert places and all(p.country == "PK" for p in places if p.precision is not None)


@pytest.mark.slow
def test_capitalised_north_west_province_keeps_its_reading() -> None:
    found = _by_text("Miners protested on platinum rich land in the North West and Limpopo "
                     "provinces.")
    assert found["North West"][0].geonames_id == 1085598


def test_lowercase_compass_alone_is_not_a_foreign_province() -> None:
    gaz = load_gazetteer()
    place = resolve_name("north-west", context=[], gazetteer=gaz)
    assert place.country != "ZA"


@pytest.mark.parametrize(
    ("text", "city", "country"),
    [
        ("SANTO DOMINGO (DOMINICAN REPUBLIC), 5 MAY (AFP) -- A bomb exploded.",
         "SANTO DOMINGO", "DOMINICAN REPUBLIC"),
        ("HAVANA (CUBA), 14 NOV 89 (PRENSA LATINA) -- [TEXT] A report.", "HAVANA", "CUBA"),
        ("SAN SALVADOR, 3 JAN 90 -- [REPORT] A report.", "SAN SALVADOR", None),
        ("MOSCOW (Reuters) - A report.", "MOSCOW", None),
    ],
)
def test_dateline_reads_bracketed_country_and_yearless_day(
        text: str, city: str, country: str | None) -> None:
    _, end, span = dateline(text)
    assert span is not None and span.text == city
    assert text[end - 3 : end].strip() in ("--", "-")
    found = dateline_country(text)
    assert (found.text if found else None) == country


@pytest.mark.slow
def test_upper_case_dateline_above_mixed_case_text_is_found() -> None:
    found = _by_text("SANTO DOMINGO (DOMINICAN REPUBLIC), 5 MAY (AFP) -- A bomb exploded near "
                     "the police headquarters on Friday.")
    assert found["SANTO DOMINGO"][0].geonames_id == 3492908
    assert found["DOMINICAN REPUBLIC"][0].geonames_id == 3508796


@pytest.mark.parametrize(
    ("raw", "geonames_id"),
    [
        # GeoNames spells the district "Sayyidabad": same consonants, other vowels.
        ("Sayedabad district, Wardak province, Afghanistan", 7053343),
        ("Maidan Shahr district, Wardak province", 7053340),
    ],
)
def test_district_in_a_stated_province_resolves_to_its_admin2(raw: str, geonames_id: int) -> None:
    place = resolve_name(raw, gazetteer=load_gazetteer())
    assert place.geonames_id == geonames_id


@pytest.mark.slow
def test_gtd_summary_district_resolves_to_admin2() -> None:
    found = _by_text("04/12/2010: Assailants attacked a police checkpoint in Sayedabad "
                     "district, Wardak province, Afghanistan.")
    assert found["Sayedabad"][0].geonames_id == 7053343


@pytest.mark.slow
def test_town_abroad_is_not_chosen_against_the_country_written_after_it() -> None:
    found = _by_text("On 5 June 2021, gunmen killed civilians in Solhan, Burkina Faso. "
                     "132 fatalities.")
    solhan = found["Solhan"][0]
    assert (solhan.country, solhan.geonames_id) == ("BF", None)


@pytest.mark.slow
def test_town_without_any_clue_keeps_its_only_gazetteer_reading() -> None:
    # Nothing in the text points away from the gazetteer's only Solhan (Turkey): it stays.
    found = _by_text("On 5 June 2021, gunmen killed civilians in Solhan village. 132 dead.")
    assert found["Solhan village"][0].geonames_id == 300377


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "name", "geonames_id"),
    [
        # A list of places, and a new clause: the country after the comma holds nothing.
        ("The admiral made trips to Saipan, Guam, Alaska and Hawaii last year.", "Saipan",
         7828758),
        ("After the militants were driven from Sirte, the US gave air support to the "
         "coalition.", "Sirte", 2210554),
    ],
)
def test_country_after_a_comma_in_a_list_or_clause_is_no_holder(
        text: str, name: str, geonames_id: int) -> None:
    assert _by_text(text)[name][0].geonames_id == geonames_id
