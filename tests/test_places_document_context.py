"""Place resolution from the whole document: the countries it names, its datelines and the
hierarchy it writes ("X, Y Department"), each case with the GeoNames id expected
(tocsin.resolve.places). The sentences are written for these tests."""

from __future__ import annotations

import pytest

from tocsin.models import Article, Extraction, LocationPrecision, Mention, Place, Span
from tocsin.resolve.gazetteer import Gazetteer, load_gazetteer
from tocsin.resolve.places import main_country, mentioned_countries, resolve_places


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


def _toponyms(text: str, *names: str) -> list[Place]:
    """Return Places for the first occurrence of each name in `text` (after the previous)."""
    out: list[Place] = []
    pos = 0
    for name in names:
        start = text.index(name, pos)
        end = start + len(name)
        out.append(Place(raw=name, evidence=Span(start=start, end=end, text=name)))
        pos = end
    return out


def _resolved(gaz: Gazetteer, text: str, *names: str) -> list[Place]:
    ex = Extraction(article=Article(id="t", text=text), toponyms=_toponyms(text, *names))
    resolve_places(ex, gazetteer=gaz)
    return ex.toponyms


@pytest.mark.parametrize(
    ("text", "names", "index", "geonames_id"),
    [
        # A dateline names a well-known city: the capital, not the Mexican village of that
        # name, although Mexico is named later.
        ("SAN SALVADOR, 9 NOV 89 -- THE GOVERNMENT WILL SEND A DELEGATION TO MEXICO.",
         ("SAN SALVADOR", "MEXICO"), 0, 3583361),
        # A dateline inside the text ("[EXCERPTS] SAN SALVADOR, 2 MAY --") is one too.
        ("MEXICO CITY, 2 MAY 90 (AGENCY) -- [EXCERPTS] SAN SALVADOR, 2 MAY (AGENCY) -- "
         "FIGHTING WENT ON ALL NIGHT.", ("MEXICO CITY", "SAN SALVADOR"), 1, 3583361),
        # "San Jose" in a dateline is Costa Rica's capital.
        ("SAN JOSE, 17 OCT 89 -- TALKS BETWEEN THE PARTIES ENDED WITHOUT AN AGREEMENT.",
         ("SAN JOSE",), 0, 3621849),
        # Country adjectives anywhere in the text count as context: the Salvadoran town.
        ("The Salvadoran army said rebels attacked a post in Zaragoza. Salvadoran officials "
         "confirmed it.", ("Zaragoza",), 0, 3582790),
    ],
)
def test_document_context_picks_the_namesake(
        gaz: Gazetteer, text: str, names: tuple[str, ...], index: int, geonames_id: int) -> None:
    assert _resolved(gaz, text, *names)[index].geonames_id == geonames_id


def test_stated_department_picks_the_area_that_holds_the_town(gaz: Gazetteer) -> None:
    # Bolivia's La Paz is bigger; the one that holds a Zacatecoluca is El Salvador's.
    text = "Rebels attacked a post in Zacatecoluca, La Paz Department, on Monday."
    town, area = _resolved(gaz, text, "Zacatecoluca", "La Paz Department")
    assert (town.geonames_id, area.geonames_id) == (3582805, 3585087)


def test_unknown_village_in_a_stated_department_keeps_its_text_and_the_area(
        gaz: Gazetteer) -> None:
    # GeoNames' cities500 has no San Francisco Javier in El Salvador, only namesakes abroad.
    text = ("A reporter was killed in San Francisco Javier, Usulutan Department, in eastern "
            "El Salvador.")
    village = _resolved(gaz, text, "San Francisco Javier", "Usulutan Department", "El Salvador")[0]
    assert (village.raw, village.name, village.geonames_id) == ("San Francisco Javier", None, None)
    assert (village.country, village.admin1) == ("SV", "Usulután")
    assert village.precision is LocationPrecision.ADMIN1
    assert village.lat is not None  # the department's point


def test_unknown_province_between_town_and_department_is_skipped(gaz: Gazetteer) -> None:
    # The gazetteer lacks Mariscal Caceres Province; its Mariscal Caceres towns lie in
    # Huancavelica, not in the San Martin Department the text names.
    text = "The police base in Uchiza, Mariscal Caceres Province, San Martin Department, was hit."
    town, province, area = _resolved(gaz, text, "Uchiza", "Mariscal Caceres",
                                     "San Martin Department")
    assert (town.geonames_id, area.geonames_id) == (3691094, 3692385)
    assert (province.geonames_id, province.admin1) == (None, "San Martín")


def test_municipality_named_in_another_department_gives_way_to_the_department(
        gaz: Gazetteer) -> None:
    # Colombia's Miraflores municipalities lie in Boyaca and Guaviare; the text puts this one
    # in Bolivar, which holds an unknown Nueva Florida.
    text = ("BOGOTA, 1 JAN 90 -- Colombian rebels blew up a bridge in Nueva Florida, Miraflores "
            "Municipality, Bolivar Department.")
    places = _resolved(gaz, text, "BOGOTA", "Nueva Florida", "Miraflores", "Bolivar")
    assert places[3].geonames_id == 3688650  # Colombia's Bolivar, not Venezuela's
    assert (places[1].country, places[1].admin1, places[1].geonames_id) == ("CO", "Bolívar", None)


def test_small_namesake_in_a_country_the_article_never_names_stays_unresolved(
        gaz: Gazetteer) -> None:
    # The only Puerto Bello of the gazetteer is a Philippine village.
    text = ("BOGOTA, 15 JAN 90 -- Gunmen kidnapped 31 Colombian peasants in Puerto Bello, far "
            "from Bogota. Colombia's army is searching the area near Medellin.")
    place = _resolved(gaz, text, "BOGOTA", "Puerto Bello", "Bogota", "Colombia", "Medellin")[1]
    assert (place.geonames_id, place.precision) == (None, None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Salvadoran army and the Salvadoran police met in El Salvador.", {"SV": 3}),
        ("Latin American leaders met.", {}),  # a region, not the United States
        ("The United States of America and Honduran troops.", {"US": 1, "HN": 1}),
    ],
)
def test_mentioned_countries_counts_names_and_adjectives(
        gaz: Gazetteer, text: str, expected: dict[str, int]) -> None:
    assert dict(mentioned_countries(text, gaz)) == expected


def test_main_country_counts_the_countries_the_text_names(gaz: Gazetteer) -> None:
    text = "The Salvadoran government and the Salvadoran rebels met abroad."
    assert main_country([], text) is None
    assert main_country([], text, gazetteer=gaz) == "SV"


def test_a_foreign_area_not_named_as_the_scene_gives_way_to_the_articles_country(
        gaz: Gazetteer) -> None:
    # "Federation" is an Australian area (ADM2); here it is the teachers' federation.
    text = ("BOGOTA, 22 MAR 90 -- THE COLOMBIAN TEACHERS FEDERATION CALLED A STRIKE AFTER THE "
            "ASSASSINATION OF A TEACHER IN BOGOTA.")
    start = text.index("FEDERATION")
    trigger = text.index("ASSASSINATION")
    mention = Mention(
        article_id="t", index=0,
        type_evidence=Span(start=trigger, end=trigger + 13, text="ASSASSINATION"),
        place=Place(raw="FEDERATION",
                    evidence=Span(start=start, end=start + 10, text="FEDERATION")),
    )
    ex = Extraction(article=Article(id="t", text=text), mentions=[mention],
                    toponyms=_toponyms(text, "BOGOTA", "FEDERATION", "BOGOTA"))
    resolve_places(ex, gazetteer=gaz)
    place = ex.mentions[0].place
    assert place is not None
    assert (place.country, place.geonames_id) == ("CO", 3688689)


def _mention_at(text: str, raw: str, trigger: str) -> Mention:
    start, at = text.index(raw), text.index(trigger)
    return Mention(
        article_id="t", index=0,
        type_evidence=Span(start=at, end=at + len(trigger), text=trigger),
        place=Place(raw=raw, evidence=Span(start=start, end=start + len(raw), text=raw)),
    )


def test_unknown_scene_written_inside_a_known_area_takes_the_area(gaz: Gazetteer) -> None:
    # "Cutufa" is in no gazetteer; the text puts it in Venezuela's Apure state (3649151).
    text = ("CARACAS, 3 MAY 90 -- Soldiers were killed in Cutufa, Apure State, near the "
            "Venezuelan border.")
    ex = Extraction(article=Article(id="t", text=text),
                    mentions=[_mention_at(text, "Cutufa", "killed")],
                    toponyms=_toponyms(text, "CARACAS", "Apure"))
    resolve_places(ex, gazetteer=gaz)
    place = ex.mentions[0].place
    assert place is not None
    assert (place.raw, place.name, place.country, place.admin1) == ("Cutufa", None, "VE", "Apure")
    assert place.precision is LocationPrecision.ADMIN1


def test_foreign_area_after_the_town_named_as_the_scene_stands(gaz: Gazetteer) -> None:
    # A report datelined Bogota on a killing in Ecuador's Tulcan (3650472), Carchi (3659718).
    text = ("BOGOTA, 2 MAY 90 -- Two Colombians were killed in Tulcan, Carchi Province, "
            "Colombian police said in Bogota.")
    ex = Extraction(article=Article(id="t", text=text),
                    mentions=[_mention_at(text, "Carchi Province", "killed")],
                    toponyms=_toponyms(text, "BOGOTA", "Tulcan", "Carchi", "Bogota"))
    resolve_places(ex, gazetteer=gaz)
    place = ex.mentions[0].place
    assert place is not None
    assert (place.country, place.geonames_id) == ("EC", 3650472)
