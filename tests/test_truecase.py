"""Case restoration of upper-case text (tocsin.extract.truecase)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tocsin.extract.truecase import is_mostly_upper, prepare_text


@given(st.text())
def test_output_has_the_length_of_the_input(text: str) -> None:
    assert len(prepare_text(text)) == len(text)


@given(st.text())
def test_output_differs_from_input_only_in_letter_case(text: str) -> None:
    assert prepare_text(text).lower() == text.lower() or len(text) != len(text.lower())


@pytest.mark.parametrize("text", ["Gunmen attacked a bus in Kabul on Monday.",
                                  "the FMLN said nothing."])
def test_mixed_case_text_is_unchanged(text: str) -> None:
    assert prepare_text(text) == text


def test_upper_case_text_gets_sentence_capitals_and_lower_case_words() -> None:
    out = prepare_text("GUERRILLAS ATTACKED A POLICE POST. THREE AGENTS WERE KILLED.")
    assert out == "Guerrillas attacked a police post. Three agents were killed."


@pytest.mark.parametrize(("word", "kept"), [("FMLN", "FMLN"), ("ISIS", "ISIS"), ("US", "US")])
def test_known_acronyms_stay_upper_case(word: str, kept: str) -> None:
    out = prepare_text(f"THE ATTACK WAS BLAMED ON THE {word} BY THE ARMY.")
    assert kept in out.split()


def test_names_that_are_not_english_words_keep_a_capital() -> None:
    out = prepare_text("A BOMB EXPLODED IN USULUTAN AND ZACATECOLUCA YESTERDAY.")
    assert "Usulutan" in out and "Zacatecoluca" in out and "exploded" in out


@pytest.mark.parametrize(("text", "upper"), [("ALL CAPS HERE", True), ("Mostly normal", False),
                                             ("", False), ("1234", False)])
def test_is_mostly_upper(text: str, upper: bool) -> None:
    assert is_mostly_upper(text) is upper


def test_is_in_upper_case_text_is_the_verb_not_an_acronym() -> None:
    from tocsin.extract.truecase import prepare_text

    out = prepare_text("THE BRIDGE IS DESTROYED. THE ARMY SAYS IT IS SAFE.")
    assert " is " in out and " IS " not in out
