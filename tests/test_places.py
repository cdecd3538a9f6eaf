"""Place resolution: names resolved in their article's context, never invented."""

from __future__ import annotations

import pytest
from conftest import shared_path

from tocsin.models import Article, Extraction, LocationPrecision, Mention, Place, Span
from tocsin.resolve.gazetteer import Gazetteer, load_gazetteer
from tocsin.resolve.places import haversine_km, resolve_name, resolve_places


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
