"""Toponym finding: every place name in a Doc with its span, unresolved."""

from __future__ import annotations

import pytest

from tocsin.extract.toponyms import find_toponyms
from tocsin.resolve.gazetteer import Gazetteer, load_gazetteer

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    from tocsin.extract.nlp import load_nlp

    return load_nlp(full=False)


def _raws(nlp, gaz: Gazetteer, text: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [p.raw for p in find_toponyms(nlp(text), gazetteer=gaz)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Turkish officials said a bomb went off in Ankara on Tuesday.", ["Turkish", "Ankara"]),
        ("The mayor of Edmonton, Ky., closed the road.", ["Edmonton", "Ky."]),
        ("Troops moved from Syria into the Middle East's oldest port.", ["Syria", "Middle East"]),
    ],
)
def test_finds_places_adjectives_and_abbreviations(nlp, gaz, text, expected) -> None:  # type: ignore[no-untyped-def]
    found = _raws(nlp, gaz, text)
    assert all(name in found for name in expected), found


def test_spans_index_the_doc_text(nlp, gaz) -> None:  # type: ignore[no-untyped-def]
    text = "Rebels shelled Aleppo and Homs while Russian jets flew over Idlib."
    for place in find_toponyms(nlp(text), gazetteer=gaz):
        assert place.evidence is not None
        assert text[place.evidence.start : place.evidence.end] == place.evidence.text == place.raw
        assert place.lat is None and place.country is None


def test_leading_article_is_left_out(nlp, gaz) -> None:  # type: ignore[no-untyped-def]
    assert "United States" in _raws(nlp, gaz, "Aid arrived from the United States on Monday.")


def test_upper_case_text_is_scanned_with_the_gazetteer(nlp, gaz) -> None:  # type: ignore[no-untyped-def]
    text = (
        "SAN SALVADOR, 3 JAN 90 -- REBELS ATTACKED AN ARMY POST IN USULUTAN DEPARTMENT "
        "AND FLED TO HONDURAS."
    )
    found = _raws(nlp, gaz, text)
    assert found[0] == "SAN SALVADOR"
    assert "USULUTAN" in found and "HONDURAS" in found
    assert "ARMY" not in found and "POST" not in found


def test_truecased_text_flagged_upper_case_is_scanned(nlp, gaz) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Rebels attacked a post in Usulutan and fled. In the morning, La Paz was calm.")
    doc.user_data["tocsin_upper_case"] = True
    found = [p.raw for p in find_toponyms(doc, gazetteer=gaz)]
    assert "Usulutan" in found and "In" not in found


def test_a_doc_without_places_gives_nothing(nlp, gaz) -> None:  # type: ignore[no-untyped-def]
    assert find_toponyms(nlp("The committee met and adjourned."), gazetteer=gaz) == []


def test_geoparse_writes_the_format_md_toponym_shape(nlp, gaz: Gazetteer) -> None:  # type: ignore[no-untyped-def]
    from tocsin.geoparse import geoparse, toponym_row
    from tocsin.models import Article

    text = "Rebels shelled Kharkiv and a village near the Qwxzzy river on Monday."
    [(_article, places)] = list(geoparse([Article(id="a", text=text)], nlp=nlp, gazetteer=gaz))
    rows = [toponym_row(p) for p in places]
    keys = {"start", "end", "text", "name", "lat", "lon", "geonames_id", "country", "admin1",
            "feature"}
    assert rows and all(set(r) == keys for r in rows)
    assert all(text[r["start"] : r["end"]] == r["text"] for r in rows)
    kharkiv = next(r for r in rows if r["text"] == "Kharkiv")
    assert (kharkiv["geonames_id"], kharkiv["country"]) == (706483, "UA")
