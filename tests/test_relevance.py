"""The relevance filter: what the model must read, decided without the model."""

from __future__ import annotations

import json

import pytest
from conftest import shared_path

from tocsin.extract.relevance import (
    can_hold_incident,
    interaction_windows,
    interaction_words,
    plan,
    windowed,
)
from tocsin.extract.types import find_triggers
from tocsin.extract.verbs import VERBS

FILLER = (
    "The new library on the hill will have a glass roof and a garden. "
    "Its members hope the building will open next spring. "
    "The architect showed drawings of the reading room. "
    "Parking remains a concern for residents of the area. "
)


@pytest.mark.parametrize(
    "text",
    [
        "A car bomb exploded near the market.",
        "Gunmen opened fire on a bus.",
        "Two officers were killed in the ambush.",
        "THREE PEASANTS WERE KIDNAPPED BY THE GUERRILLAS.",
        "Riot police used tear gas on the crowd.",
    ],
)
def test_text_with_an_event_trigger_can_hold_an_incident(text: str) -> None:
    assert can_hold_incident(text)
    assert plan(text).parse == "whole" and plan(text).incident


@pytest.mark.parametrize(
    "text",
    [
        "The orchestra played Brahms to a full hall on Sunday night.",
        "Shares of the bakery chain rose after a strong quarter.",
        "Rain is expected over the weekend, with temperatures near twelve degrees.",
    ],
)
def test_text_without_triggers_or_interaction_words_is_not_parsed(text: str) -> None:
    assert not can_hold_incident(text)
    assert plan(text).parse == "none"


@pytest.mark.parametrize(
    "sentence",
    [
        "The foreign minister condemned the decision in strong terms.",
        "The prime minister sent his condolences to the families.",
        "Officials warned of heavy traffic near the stadium.",
        "The two governments agreed to cooperate on fisheries.",
        "The senator met her counterpart in Lisbon.",
    ],
)
def test_a_sentence_with_an_interaction_word_in_a_long_text_is_a_window(sentence: str) -> None:
    text = FILLER * 3 + sentence + " " + FILLER * 3
    chosen = plan(text)
    assert chosen.parse == "windows"
    start = text.index(sentence)
    assert any(s <= start and start + len(sentence) <= e for s, e in chosen.windows)


def test_a_window_starts_at_the_sentence_before_for_pronouns() -> None:
    text = FILLER * 3 + "Mayor Ana Ruiz stood up last. She condemned the vandalism. " + FILLER * 3
    (s, e), *_ = [w for w in interaction_windows(text) if "condemned" in text[w[0] : w[1]]]
    assert text[s:e].startswith("Mayor Ana Ruiz stood up last.")


def test_windows_that_cover_most_of_a_short_text_make_it_whole() -> None:
    text = "The two governments agreed to cooperate on fisheries. Talks resume in May."
    assert plan(text).parse == "whole" and not plan(text).incident


@pytest.mark.parametrize("text", ["", "   \n  ", "1234 5678"])
def test_text_with_no_words_is_not_parsed(text: str) -> None:
    assert plan(text).parse == "none"


def test_windowed_text_keeps_length_and_offsets() -> None:
    text = "Alpha beta. Gamma delta. Epsilon zeta."
    out = windowed(text, ((12, 24),))
    assert len(out) == len(text)
    assert out[12:24] == text[12:24] and not out[:12].strip() and not out[24:].strip()


@pytest.mark.parametrize(
    "form",
    ["condemned", "condolences", "met", "sought", "sanctions", "accused", "ordered", "said"],
)
def test_inflected_and_irregular_forms_are_interaction_words(form: str) -> None:
    assert form in interaction_words()


def test_every_interaction_verb_of_the_table_is_an_interaction_word() -> None:
    words = interaction_words()
    for row in VERBS:
        for lemma in (*row.lemmas, *row.nouns, *(o for _, o in row.objects)):
            assert lemma.split("_")[0] in words, (row.key, lemma)


@pytest.mark.parametrize(
    "name", ["muc4.jsonl", "gva.jsonl", "case2021.jsonl", "stories.jsonl"]
)
def test_no_dev_text_where_the_extractor_finds_a_trigger_is_skipped(name: str) -> None:
    # The extractor starts incidents only at sentences with a trigger; the filter reads the
    # whole text, so it must never miss a text in which the extractor can find one.
    path = shared_path("eval", "dev", name)
    with open(path, encoding="utf-8") as f:
        texts = [json.loads(line)["text"] for line in f][:400]
    for text in texts:
        if find_triggers(text):
            assert plan(text).incident
