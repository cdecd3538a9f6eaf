"""A later sentence saying where "the incident took place" gives the incident's place."""

from __future__ import annotations

import datetime as dt

import pytest

from tocsin.extract.location import is_stated
from tocsin.models import Article, Mention


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    from tocsin.extract.nlp import load_nlp

    return load_nlp()


def _extract(nlp, text: str) -> list[Mention]:  # type: ignore[no-untyped-def]
    from tocsin.extract.incidents import find_incidents
    from tocsin.extract.truecase import prepare_text

    article = Article(id="t", text=text, published=dt.date(1990, 2, 10))
    return find_incidents(nlp(prepare_text(text)), article)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "place"),
    [
        (
            "   QUITO, 9 FEB 90 -- [TEXT] ARMED MEN KIDNAPPED 12 FARMERS IN THE COFFEE REGION "
            "OF MANABI, THE PROVINCIAL POLICE SAID TODAY.  THE KIDNAPPING TOOK PLACE IN "
            "PORTOVIEJO, WHERE THE MEN FORCED THE FARMERS INTO TWO TRUCKS.",
            "PORTOVIEJO",
        ),
        (
            "Gunmen shot dead two traders in the east of Tolima department on Friday. "
            "Police said the attack happened at night in Ibague, near the river.",
            "Ibague",
        ),
    ],
)
def test_stated_place_replaces_the_opening_place(nlp, text: str, place: str) -> None:  # type: ignore[no-untyped-def]
    mentions = _extract(nlp, text)
    assert len(mentions) == 1
    got = mentions[0].place
    assert got is not None and got.evidence is not None
    assert got.raw.lower() == place.lower()
    assert text[got.evidence.start : got.evidence.end].lower() == place.lower()


@pytest.mark.slow
def test_opening_place_stays_without_a_statement(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Gunmen shot dead two traders in Ibague on Friday. "
        "The governor of Tolima condemned the attack in a speech in Bogota."
    )
    mentions = _extract(nlp, text)
    assert mentions and mentions[0].place is not None
    assert mentions[0].place.raw == "Ibague"


@pytest.mark.parametrize(
    ("text", "name", "stated"),
    [
        ("The incident took place in Portoviejo, a town.", "Portoviejo", True),
        ("The blast occurred on 3 May at the market in Tumbes.", "Tumbes", True),
        ("Rebels attacked a post in Tumbes.", "Tumbes", False),
        ("The attack took place after a meeting. Officials flew to Lima.", "Lima", False),
    ],
)
def test_is_stated_marks_a_place_the_statement_introduces(
    text: str, name: str, stated: bool
) -> None:
    assert is_stated(text, text.index(name)) is stated
