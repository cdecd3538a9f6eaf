"""Place resolution: names resolved in their article's context, never invented."""

from __future__ import annotations

import pytest
from conftest import shared_path

from tocsin.models import Article, Extraction, LocationPrecision, Mention, Place, Span
from tocsin.resolve.gazetteer import Gazetteer, load_gazetteer
from tocsin.resolve.places import haversine_km, main_country, resolve_name, resolve_places


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


def _toponyms(text: str, *names: str) -> list[Place]:
    """Return Places for the first occurrence of each name in `text`, in order."""
    out: list[Place] = []
    pos = 0
    for name in names:
        start = text.index(name, pos)
        end = start + len(name)
        out.append(Place(raw=name, evidence=Span(start=start, end=end, text=name)))
        pos = end
    return out


@pytest.mark.parametrize(
    ("raw", "country", "admin1"),
    [
        ("Moscow", "RU", "Moskva"),
        ("San Salvador", "SV", "San Salvador"),
        ("Paris, Texas", "US", "Texas"),
        ("Paris", "FR", "Île-de-France"),
        ("Krasnogorsk, near Moscow", "RU", "Moscow Oblast"),
    ],
)
def test_resolve_name_picks_the_expected_place(
    gaz: Gazetteer, raw: str, country: str, admin1: str
) -> None:
    place = resolve_name(raw, gazetteer=gaz)
    assert (place.country, place.admin1) == (country, admin1)


def test_kharkov_and_kharkiv_are_one_place(gaz: Gazetteer) -> None:
    a = resolve_name("Kharkov", gazetteer=gaz)
    b = resolve_name("Kharkiv", gazetteer=gaz)
    assert a.geonames_id == b.geonames_id is not None


def test_krasnogorsk_near_moscow_is_the_reference_place(gaz: Gazetteer) -> None:
    place = resolve_name("Krasnogorsk, near Moscow", gazetteer=gaz)
    assert place.name == "Krasnogorsk" and place.geonames_id == 542374
    assert place.lat is not None and place.lon is not None
    assert haversine_km(place.lat, place.lon, 55.82, 37.33) < 10
    assert place.precision is LocationPrecision.CITY


@pytest.mark.parametrize(
    ("raw", "precision", "feature"),
    [
        ("Logar Province", LocationPrecision.ADMIN1, "ADM1"),
        ("San Miguel Department", LocationPrecision.ADMIN1, "ADM1"),
        ("El Salvador", LocationPrecision.COUNTRY, "PCLI"),
        ("Puli Alam city, Logar Province", LocationPrecision.CITY, "PPL"),
    ],
)
def test_areas_resolve_with_their_own_precision(
    gaz: Gazetteer, raw: str, precision: LocationPrecision, feature: str
) -> None:
    place = resolve_name(raw, gazetteer=gaz)
    assert (place.precision, place.feature) == (precision, feature)
    assert place.lat is not None


@pytest.mark.parametrize("raw", ["Qwxzzyville", "Zorblax Province", ""])
def test_unknown_names_stay_raw(gaz: Gazetteer, raw: str) -> None:
    place = resolve_name(raw, gazetteer=gaz)
    assert place.raw == raw
    resolved = place.model_dump(exclude={"raw", "relation"})
    assert resolved == Place(raw=raw).model_dump(exclude={"raw", "relation"})


@pytest.mark.parametrize(
    ("raw", "relation"),
    [("near Moscow", "near"), ("on the outskirts of Kabul", "outskirts"), ("Kabul", None)],
)
def test_relation_words_are_kept(gaz: Gazetteer, raw: str, relation: str | None) -> None:
    assert resolve_name(raw, gazetteer=gaz).relation == relation


def test_context_country_decides_between_namesakes(gaz: Gazetteer) -> None:
    text = "Police in Kentucky said the fire in London destroyed two barns near Laurel County."
    ex = Extraction(
        article=Article(id="t", text=text),
        toponyms=_toponyms(text, "Kentucky", "London", "Laurel County"),
    )
    resolve_places(ex, gazetteer=gaz)
    london = ex.toponyms[1]
    assert (london.country, london.admin1) == ("US", "Kentucky")


def test_abbreviation_after_a_comma_is_the_container(gaz: Gazetteer) -> None:
    text = "Flooding hit Paris, Tex. on Monday."
    ex = Extraction(article=Article(id="t", text=text), toponyms=_toponyms(text, "Paris", "Tex."))
    resolve_places(ex, gazetteer=gaz)
    assert [(p.country, p.admin1) for p in ex.toponyms] == [("US", "Texas"), ("US", "Texas")]


def test_upper_case_dateline_sets_the_country(gaz: Gazetteer) -> None:
    text = "SAN SALVADOR, 3 JAN 90 -- REBELS ATTACKED A POST IN SAN MIGUEL DEPARTMENT."
    ex = Extraction(
        article=Article(id="t", text=text),
        toponyms=_toponyms(text, "SAN SALVADOR", "SAN MIGUEL DEPARTMENT"),
    )
    resolve_places(ex, gazetteer=gaz)
    assert [p.country for p in ex.toponyms] == ["SV", "SV"]
    assert ex.toponyms[1].precision is LocationPrecision.ADMIN1


def test_mention_place_takes_the_overlapping_toponym(gaz: Gazetteer) -> None:
    text = "Gunmen stormed a hall in Krasnogorsk, near Moscow, on Friday."
    start = text.index("Krasnogorsk")
    raw = "Krasnogorsk, near Moscow"
    mention = Mention(
        article_id="t", index=0,
        place=Place(raw=raw, evidence=Span(start=start, end=start + len(raw), text=raw)),
    )
    ex = Extraction(
        article=Article(id="t", text=text),
        mentions=[mention],
        toponyms=_toponyms(text, "Krasnogorsk", "Moscow"),
    )
    resolve_places(ex, gazetteer=gaz)
    place = ex.mentions[0].place
    assert place is not None
    assert (place.name, place.geonames_id, place.raw) == ("Krasnogorsk", 542374, raw)
    assert ex.toponyms[1].relation == "near"


def test_mention_place_without_toponym_is_resolved_from_its_text(gaz: Gazetteer) -> None:
    mention = Mention(article_id="t", index=0, place=Place(raw="Puli Alam city, Logar Province"))
    ex = Extraction(article=Article(id="t", text="no places here"), mentions=[mention])
    resolve_places(ex, gazetteer=gaz)
    place = ex.mentions[0].place
    assert place is not None
    assert (place.country, place.precision) == ("AF", LocationPrecision.CITY)


@pytest.mark.slow
def test_reference_article_resolves_krasnogorsk(gaz: Gazetteer) -> None:
    from tocsin.extract.nlp import load_nlp
    from tocsin.extract.toponyms import find_toponyms

    text = shared_path("samples", "krasnogorsk-2024-03-23.txt").read_text(encoding="utf-8")
    raw = "Krasnogorsk, near Moscow"
    start = text.index(raw)
    mention = Mention(
        article_id="ref", index=0,
        place=Place(raw=raw, evidence=Span(start=start, end=start + len(raw), text=raw)),
    )
    ex = Extraction(
        article=Article(id="ref", text=text),
        mentions=[mention],
        toponyms=find_toponyms(load_nlp(full=False)(text), gazetteer=gaz),
    )
    resolve_places(ex, gazetteer=gaz)
    place = ex.mentions[0].place
    assert place is not None
    assert (place.name, place.country, place.admin1) == ("Krasnogorsk", "RU", "Moscow Oblast")
    assert place.lat is not None and place.lon is not None
    assert haversine_km(place.lat, place.lon, 55.82, 37.33) < 10
    assert place.geonames_id == 542374


@pytest.mark.parametrize(
    ("raw", "geonames_id"),
    [
        ("Kharkiv", 706483),
        ("Kharkov", 706483),
        ("Kiev", 703448),
        ("Paris, Texas", 4717560),
        ("London, Ontario", 6058560),
        ("Edmonton, Ky.", 4290886),
        ("San Salvador", 3583361),
        ("San Miguel Department", 3583462),
        ("Puli Alam city, Logar Province", 1130497),
        ("Logar Province", 1134561),
        ("Krasnogorsk, near Moscow", 542374),
        ("El Salvador", 3585968),
    ],
)
def test_hard_cases_resolve_to_their_geonames_id(
    gaz: Gazetteer, raw: str, geonames_id: int
) -> None:
    assert resolve_name(raw, gazetteer=gaz).geonames_id == geonames_id


@pytest.mark.parametrize(
    ("raw", "country", "relation"),
    [
        ("near the border with Pakistan", "PK", "border"),
        ("the Syrian border", "SY", "border"),
        ("on the outskirts of Kabul", "AF", "outskirts"),
    ],
)
def test_border_and_outskirts_keep_the_anchor(
    gaz: Gazetteer, raw: str, country: str, relation: str
) -> None:
    place = resolve_name(raw, gazetteer=gaz)
    assert (place.country, place.relation) == (country, relation)


def _ex(text: str, names: tuple[str, ...], place: str | None, trigger: str) -> Extraction:
    """Return an Extraction of `text` with one mention placed at `place` (or nowhere)."""
    t = text.index(trigger)
    mplace = None
    if place is not None:
        s = text.index(place)
        mplace = Place(raw=place, evidence=Span(start=s, end=s + len(place), text=place))
    mention = Mention(
        article_id="t", index=0, place=mplace,
        type_evidence=Span(start=t, end=t + len(trigger), text=trigger),
    )
    return Extraction(article=Article(id="t", text=text), mentions=[mention],
                      toponyms=_toponyms(text, *names))


def test_mention_without_place_falls_back_on_the_dateline_city(gaz: Gazetteer) -> None:
    # Nothing else is named: the dateline city, the last resort before the bare country.
    text = "LIMA, 4 MAR 90 -- [TEXT] TERRORISTS BLEW UP TWO HIGH-VOLTAGE TOWERS LAST NIGHT."
    ex = _ex(text, ("LIMA",), None, "BLEW UP")
    resolve_places(ex, gazetteer=gaz)
    place = ex.mentions[0].place
    assert place is not None
    assert (place.geonames_id, place.precision) == (3936456, LocationPrecision.CITY)


def test_mention_without_place_or_dateline_takes_the_article_country(gaz: Gazetteer) -> None:
    text = "TERRORISTS BLEW UP TWO HIGH-VOLTAGE TOWERS IN PERU LAST NIGHT, PERUVIAN POLICE SAID."
    ex = _ex(text, ("PERU", "PERUVIAN"), None, "BLEW UP")
    resolve_places(ex, gazetteer=gaz)
    place = ex.mentions[0].place
    assert place is not None
    assert (place.country, place.precision, place.admin1) == ("PE", LocationPrecision.COUNTRY, None)


def test_unknown_place_keeps_its_text_at_country_precision(gaz: Gazetteer) -> None:
    text = ("REBELS ATTACKED THE HAMLET OF QWXZZY LAST NIGHT, SALVADORAN ARMY SOURCES SAID.")
    ex = _ex(text, ("SALVADORAN",), "QWXZZY", "ATTACKED")
    resolve_places(ex, gazetteer=gaz)
    place = ex.mentions[0].place
    assert place is not None
    assert (place.raw, place.name, place.country) == ("QWXZZY", None, "SV")
    assert place.precision is LocationPrecision.COUNTRY


def test_department_gives_way_to_the_town_named_inside_it(gaz: Gazetteer) -> None:
    text = ("SAN SALVADOR, 3 JAN 90 -- [TEXT] REBELS KIDNAPPED 50 PEASANTS IN USULUTAN "
            "DEPARTMENT. THE KIDNAPPING TOOK PLACE IN JIQUILISCO.")
    ex = _ex(text, ("SAN SALVADOR", "USULUTAN DEPARTMENT", "JIQUILISCO"),
             "USULUTAN DEPARTMENT", "KIDNAPPED")
    resolve_places(ex, gazetteer=gaz)
    place = ex.mentions[0].place
    assert place is not None
    assert (place.name, place.country, place.precision) == (
        "Jiquilisco", "SV", LocationPrecision.CITY)


def test_street_gives_way_to_the_town_named_nearby(gaz: Gazetteer) -> None:
    text = ("BOGOTA, 5 MAY 90 -- [TEXT] A BOMB EXPLODED ON 68TH AVENUE IN MEDELLIN, "
            "KILLING TWO PEOPLE.")
    ex = _ex(text, ("BOGOTA", "MEDELLIN"), "68TH AVENUE", "EXPLODED")
    resolve_places(ex, gazetteer=gaz)
    place = ex.mentions[0].place
    assert place is not None
    assert (place.name, place.country) == ("Medellín", "CO")


def test_dateline_fallback_gives_way_to_a_place_named_at_the_incident(gaz: Gazetteer) -> None:
    text = ("SAN SALVADOR, 3 JAN 90 -- [TEXT] THE ARMY REPORTED CLASHES. "
            "GUERRILLAS ATTACKED A POST IN CHALATENANGO, KILLING FOUR SOLDIERS.")
    ex = _ex(text, ("SAN SALVADOR", "CHALATENANGO"), "SAN SALVADOR", "ATTACKED")
    resolve_places(ex, gazetteer=gaz)
    place = ex.mentions[0].place
    assert place is not None
    assert (place.country, place.admin1) == ("SV", "Chalatenango")


def test_main_country_follows_the_dateline_and_the_places(gaz: Gazetteer) -> None:
    text = "LIMA, 4 MAR 90 -- A US ENVOY VISITED AYACUCHO AND HUANCAYO."
    ex = Extraction(article=Article(id="t", text=text),
                    toponyms=_toponyms(text, "LIMA", "US", "AYACUCHO", "HUANCAYO"))
    resolve_places(ex, gazetteer=gaz)
    assert main_country(ex.toponyms, text) == "PE"
    assert main_country([], text) is None


def test_a_list_of_countries_is_not_a_hierarchy(gaz: Gazetteer) -> None:
    text = "The pact covers Mexico, the US and Canada."
    ex = Extraction(article=Article(id="t", text=text),
                    toponyms=_toponyms(text, "Mexico", "US", "Canada"))
    resolve_places(ex, gazetteer=gaz)
    assert [p.country for p in ex.toponyms] == ["MX", "US", "CA"]


def test_one_sense_per_article_after_an_explicit_state(gaz: Gazetteer) -> None:
    text = "EDMONTON, Ky. - Police said a man from Edmonton was arrested after the shooting."
    ex = Extraction(article=Article(id="t", text=text),
                    toponyms=_toponyms(text, "EDMONTON", "Ky.", "Edmonton"))
    resolve_places(ex, gazetteer=gaz)
    assert [p.geonames_id for p in (ex.toponyms[0], ex.toponyms[2])] == [4290886, 4290886]


def test_street_without_town_lies_in_the_dateline_city(gaz: Gazetteer) -> None:
    text = "LIMA, 4 MAR 90 -- [TEXT] A CAR BOMB EXPLODED ON ABANCAY AVENUE LAST NIGHT."
    ex = _ex(text, ("LIMA",), "ABANCAY AVENUE", "EXPLODED")
    resolve_places(ex, gazetteer=gaz)
    place = ex.mentions[0].place
    assert place is not None
    assert (place.name, place.country, place.precision) == ("Lima", "PE", LocationPrecision.CITY)


@pytest.mark.parametrize(
    ("raw", "name"),
    [("western Bogota", "Bogotá"), ("downtown Kabul", "Kabul"), ("South Africa", "South Africa")],
)
def test_a_quarter_of_a_town_is_the_town(gaz: Gazetteer, raw: str, name: str) -> None:
    assert resolve_name(raw, gazetteer=gaz).name == name
