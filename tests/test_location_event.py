"""The event location: the place an incident's own sentence names beats the dateline city, a
reacting country, a person's home town and the place a report was issued from
(tocsin.resolve.places, tocsin.extract.location, tocsin.extract.toponyms)."""

from __future__ import annotations

import pytest

from tocsin.models import Article, Extraction, Mention, Place, Span
from tocsin.resolve.gazetteer import Gazetteer, load_gazetteer
from tocsin.resolve.places import resolve_places

SAN_SALVADOR = 3583361
MEDELLIN = 3674962
ENVIGADO = 3682631
USULUTAN_DEPARTMENT = 3582882
SANTIAGO_CL = 3871336


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


def _span(text: str, name: str) -> Span:
    start = text.index(name)
    return Span(start=start, end=start + len(name), text=name)


def _resolved(gaz: Gazetteer, text: str, names: tuple[str, ...], place: str | None,
              trigger: str) -> Place:
    """Return the resolved place of one mention of `text` whose sentence names `place`."""
    toponyms: list[Place] = []
    pos = 0
    for name in names:
        start = text.index(name, pos)
        toponyms.append(Place(raw=name, evidence=Span(start=start, end=start + len(name),
                                                      text=name)))
        pos = start + len(name)
    mention = Mention(
        article_id="t", index=0,
        place=Place(raw=place, evidence=_span(text, place)) if place is not None else None,
        type_evidence=_span(text, trigger),
    )
    ex = Extraction(article=Article(id="t", text=text), mentions=[mention], toponyms=toponyms)
    resolve_places(ex, gazetteer=gaz)
    got = ex.mentions[0].place
    assert got is not None
    return got


def test_a_capital_named_in_the_incident_sentence_beats_a_foreign_dateline(
        gaz: Gazetteer) -> None:
    text = ("TEGUCIGALPA, 2 DEC 89 -- [TEXT] THE HONDURAN FOREIGN MINISTER TODAY DEPLORED THE "
            "MURDER OF FOUR NUNS IN SAN SALVADOR LAST WEEK. HONDURAN BISHOPS ALSO SPOKE. "
            "THE HONDURAN CONGRESS MET IN TEGUCIGALPA.")
    got = _resolved(gaz, text, ("TEGUCIGALPA", "HONDURAN", "SAN SALVADOR", "HONDURAN",
                                "HONDURAN", "TEGUCIGALPA"), "SAN SALVADOR", "MURDER")
    assert (got.geonames_id, got.country) == (SAN_SALVADOR, "SV")


def test_a_country_named_by_the_trigger_constrains_the_town(gaz: Gazetteer) -> None:
    text = ("ROME (ITALY), 3 MAY 89 -- [TEXT] TWO ITALIAN TECHNICIANS WERE ABDUCTED YESTERDAY "
            "IN COLOMBIA AT A DAM SOME 40 KM FROM THE CITY OF MEDELLIN. THE MEN, PAOLO "
            "VERDI OF MILAN AND LUCA NERI OF ROME, WORK FOR AN ITALIAN FIRM.")
    got = _resolved(gaz, text, ("ROME", "ITALY", "ITALIAN", "COLOMBIA", "MEDELLIN", "MILAN",
                                "ROME", "ITALIAN"), "COLOMBIA", "ABDUCTED")
    assert (got.geonames_id, got.country) == (MEDELLIN, "CO")


def test_a_persons_home_town_does_not_become_the_scene(gaz: Gazetteer) -> None:
    text = ("BOGOTA, 9 JUN 90 -- [TEXT] GUNMEN KILLED JORGE SALAS OF CALI YESTERDAY AT A "
            "MARKET IN ENVIGADO, POLICE SAID.")
    got = _resolved(gaz, text, ("BOGOTA", "CALI", "ENVIGADO"), None, "KILLED")
    assert got.geonames_id == ENVIGADO


@pytest.mark.parametrize("line", ["CLANDESTINE", "UNDISCLOSED LOCATION"])
def test_an_unknown_dateline_word_gives_way_to_the_area_named(
        gaz: Gazetteer, line: str) -> None:
    text = (f"{line}, 19 MAR 89 (RADIO LIBERTAD) -- [TEXT] OUR UNITS IN USULUTAN DEPARTMENT "
            "ATTACKED AN ARMY POST TODAY.")
    got = _resolved(gaz, text, ("USULUTAN DEPARTMENT",), line, "ATTACKED")
    assert got.geonames_id == USULUTAN_DEPARTMENT
    assert got.name != line


def test_an_unknown_dateline_word_alone_is_never_the_place(gaz: Gazetteer) -> None:
    text = ("CLANDESTINE, 19 MAR 89 (RADIO LIBERTAD) -- [TEXT] SALVADORAN REBELS "
            "ATTACKED AN ARMY POST TODAY.")
    got = _resolved(gaz, text, ("SALVADORAN",), "CLANDESTINE", "ATTACKED")
    assert (got.name, got.country) == ("El Salvador", "SV")


def test_the_dateline_city_is_the_fallback_for_a_name_that_is_no_place(
        gaz: Gazetteer) -> None:
    text = ("SANTIAGO, 5 MAY 90 -- [TEXT] A FORMER LEADER WAS GUNNED DOWN LAST NIGHT, AND "
            "POLICE BLAME THE QXRZ. CHILEAN OFFICIALS CONDEMNED IT.")
    got = _resolved(gaz, text, ("SANTIAGO", "CHILEAN"), "QXRZ", "GUNNED DOWN")
    assert got.geonames_id == SANTIAGO_CL


def test_a_town_of_the_country_named_earlier_beats_the_bare_country(gaz: Gazetteer) -> None:
    text = ("PANAMA CITY, 2 JAN 90 -- [TEXT] POLICE IN SAN SALVADOR FOUND TWO BOMBS TODAY. "
            "OFFICIALS SAID THAT IN EL SALVADOR THE ATTACKS WILL CONTINUE AND THAT A BOMB "
            "EXPLODED AT A BRIDGE.")
    got = _resolved(gaz, text, ("PANAMA CITY", "SAN SALVADOR", "EL SALVADOR"), "EL SALVADOR",
                    "EXPLODED")
    assert got.geonames_id == SAN_SALVADOR


# ---------------------------------------------------------------------------------------------
# The sentence's place and the toponyms of upper-case wire copy (need the spaCy model)


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    from tocsin.extract.nlp import load_nlp

    return load_nlp(full=True)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "trigger", "expected"),
    [
        ("A bomb exploded today, according to a report released in Caracas, at a bank in "
         "Maracaibo.", "exploded", "Maracaibo"),
        ("Gunmen shot a judge, the statement issued in Lima said, at his home in Arequipa.",
         "shot", "Arequipa"),
    ],
)
def test_the_place_a_report_comes_from_is_not_the_scene(
    nlp, text: str, trigger: str, expected: str  # type: ignore[no-untyped-def]
) -> None:
    from tocsin.extract.location import sentence_place

    doc = nlp(text)
    anchor = text.index(trigger)
    sent = next(s for s in doc.sents if s.start_char <= anchor < s.end_char)
    place = sentence_place(sent, text, (0, 0), anchor)
    assert place is not None and place.raw == expected


def _upper_toponyms(nlp, text: str) -> list[str]:  # type: ignore[no-untyped-def]
    from tocsin.extract.toponyms import find_toponyms
    from tocsin.extract.truecase import prepare_text

    doc = nlp(prepare_text(text))
    doc.user_data["tocsin_upper_case"] = True
    return [p.raw.upper() for p in find_toponyms(doc)]


@pytest.mark.slow
def test_a_big_city_opening_an_upper_case_sentence_is_a_toponym(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("BOGOTA, 7 SEP 89 -- [TEXT] MEDELLIN CONTINUES TO SUFFER A WAVE OF TERROR. A BOMB "
            "EXPLODED LAST NIGHT AT A BANK AND DESTROYED IT COMPLETELY.")
    assert "MEDELLIN" in _upper_toponyms(nlp, text)


@pytest.mark.slow
def test_a_common_word_is_no_toponym_in_upper_case_text(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("LIMA, 4 MAR 90 -- [TEXT] THE CAR WAS PARKED NEAR THE MINISTRY WHEN IT BLEW UP. "
            "THE POLICE SAID THE ATTACKERS WANTED TO KILL THE MINISTER.")
    found = _upper_toponyms(nlp, text)
    assert "CAR" not in found and "KILL" not in found
