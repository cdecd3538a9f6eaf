"""Role-filler spans (tocsin.extract.roles): perpetrator splitting, candidate tails and the
sentences around an incident; needs spaCy."""

from __future__ import annotations

import datetime as dt

import pytest

from tocsin.models import Article, Mention


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    from tocsin.extract.nlp import load_nlp

    return load_nlp()


def _parse(nlp, text: str):  # type: ignore[no-untyped-def]
    from tocsin.extract.truecase import prepare_text

    return nlp(prepare_text(text))


def _extract(nlp, text: str) -> list[Mention]:  # type: ignore[no-untyped-def]
    from tocsin.extract.incidents import find_incidents

    article = Article(id="t", text=text, published=dt.date(2021, 5, 10))
    return find_incidents(_parse(nlp, text), article)


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "Suicide bomber kills 12 at a market in Belmora",
        "Suicide Bomber Strikes Police Post In Kandor",
        "A suicide bomber struck a police checkpoint in Kandor on Monday, killing five officers.",
        "Armed men stormed a bank in Tarvel on Monday and shot two guards.",
    ],
)
def test_a_capitalised_manner_word_is_no_perpetrator_group(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    mentions = _extract(nlp, text)
    assert mentions
    groups = {p.name.lower() for m in mentions for p in m.perpetrators if p.kind == "group"}
    assert not groups & {"suicide", "armed"}
    names = {p.name.lower() for m in mentions for p in m.perpetrators}
    assert "bomber" not in names


@pytest.mark.slow
def test_an_organisation_before_its_fighters_stays_a_group(nlp) -> None:  # type: ignore[no-untyped-def]
    from tocsin.extract.roles import split_perpetrator

    text = "FMLN urban commandos attacked a police post in Kandor on Monday night."
    doc = _parse(nlp, text)
    tok = next(t for t in doc if t.lower_ == "commandos")
    spans = {(text[a:b], kind) for a, b, kind in split_perpetrator(doc, text, tok)}
    assert ("FMLN", "group") in spans
    assert ("urban commandos", "individual") in spans


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "tail"),
    [
        ("Terrorists burned several houses in Tarvel.", "houses"),
        ("A bomb exploded inside a tourist bus in Belmora.", "bus"),
        ("Police said alleged urban guerrillas killed the guard.", "urban guerrillas"),
        ("Gunmen murdered liberal leader Tomas Ibarra Sol in Kandor.", "tomas ibarra sol"),
    ],
)
def test_a_shorter_tail_of_a_phrase_is_a_candidate(nlp, text: str, tail: str) -> None:  # type: ignore[no-untyped-def]
    from tocsin.extract.roles import candidate_spans

    doc = _parse(nlp, text)
    cands = {text[a:b].lower() for a, b, _, _ in candidate_spans(doc, 0, len(text))}
    assert tail in cands


@pytest.mark.slow
def test_the_sentences_around_an_incident_give_context_candidates(nlp) -> None:  # type: ignore[no-untyped-def]
    from tocsin.extract.roles import NEAR, unique_candidates

    text = ("The mayor of Kandor left his office at noon. Gunmen shot him in the street. "
            "He died in hospital. The council met on Friday. Nothing else happened.")
    doc = _parse(nlp, text)
    s = text.index("Gunmen")
    e = text.index("He died")
    cands = {text[a:b].lower(): v for a, b, _, v in unique_candidates(doc, [(s, e)])}
    assert not cands["gunmen"].endswith(NEAR)
    assert cands["mayor"].endswith(NEAR)
    assert cands["hospital"].endswith(NEAR)
    assert "council" not in cands


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The FMLN announced a new offensive. Urban commandos attacked a post. "
         "The FMLN said it would go on.", "FMLN"),
        ("The FMLN met the ELN in Kandor. Urban commandos attacked a post.", None),
        ("Urban commandos attacked a post in Kandor. Two guards died.", None),
    ],
)
def test_the_dominant_armed_group_is_the_one_named_most(nlp, text: str,  # type: ignore[no-untyped-def]
                                                         expected: str | None) -> None:
    from tocsin.extract.roles import dominant_armed_group

    found = dominant_armed_group(_parse(nlp, text), text)
    assert (text[found[0]:found[1]] if found else None) == expected


@pytest.mark.slow
def test_a_long_report_gives_its_dominant_group_to_an_incident_without_one(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("The FMLN has stepped up its campaign in the capital, officials said on Monday. "
            "Last night urban commandos attacked a police post in Kandor and killed two guards. "
            "A spokesman of the FMLN said the offensive would go on. "
            "The government said the army was in control of the city. "
            "Residents stayed indoors. Schools were closed on Monday.")
    mentions = _extract(nlp, text)
    assert mentions
    groups = {p.name for m in mentions for p in m.perpetrators if p.kind == "group"}
    assert "FMLN" in groups
