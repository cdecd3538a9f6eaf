"""Event location: the dateline city and the place a sentence reports the incident at."""

from __future__ import annotations

import pytest

from tocsin.extract.location import dateline, sentence_place


@pytest.mark.parametrize(
    ("text", "city"),
    [
        ("   SAN SALVADOR, 3 JAN 90 -- [TEXT] REBELS ATTACKED A POST.", "SAN SALVADOR"),
        ("LIMA, 12 FEB 90 (RADIO PROGRAMAS) -- [TEXT] A CAR BOMB WENT OFF.", "LIMA"),
        ("MOSCOW (Reuters) - Gunmen opened fire on Friday.", "MOSCOW"),
        ("KABUL, Afghanistan — A blast shook the city.", "KABUL"),
    ],
)
def test_dateline_city_is_found(text: str, city: str) -> None:
    start, end, span = dateline(text)
    assert span is not None
    assert span.text == city == text[span.start : span.end]
    assert start <= span.start < span.end < end


@pytest.mark.parametrize(
    "text",
    [
        "Gunmen opened fire on a bus in the north of the country on Friday.",
        "",
        "The attack - which nobody claimed - killed three.",
    ],
)
def test_text_without_dateline_has_none(text: str) -> None:
    assert dateline(text) == (0, 0, None)


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    from tocsin.extract.nlp import load_nlp

    return load_nlp(full=True)


def _place_of(nlp, text: str, trigger: str) -> str | None:  # type: ignore[no-untyped-def]
    doc = nlp(text)
    anchor = text.index(trigger)
    sent = next(s for s in doc.sents if s.start_char <= anchor < s.end_char)
    place = sentence_place(sent, text, (0, 0), anchor)
    if place is None:
        return None
    assert place.evidence is not None
    assert text[place.evidence.start : place.evidence.end] == place.raw
    return place.raw


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "trigger", "expected"),
    [
        # The place after "in" beats a country named as a speaker.
        ("Germany condemned the bombing in Kandahar that killed nine people.", "bombing",
         "Kandahar"),
        # A possessive names who reacts, not where it happened.
        ("France's foreign minister said the attack in Mali killed four soldiers.", "attack",
         "Mali"),
        ("A bomb exploded at a market in Peshawar on Monday.", "exploded", "Peshawar"),
    ],
)
def test_sentence_place_is_where_the_incident_happened(
    nlp, text: str, trigger: str, expected: str  # type: ignore[no-untyped-def]
) -> None:
    assert _place_of(nlp, text, trigger) == expected


@pytest.mark.slow
def test_sentence_without_place_gives_none(nlp) -> None:  # type: ignore[no-untyped-def]
    assert _place_of(nlp, "Three people were killed when the bomb exploded.", "exploded") is None
