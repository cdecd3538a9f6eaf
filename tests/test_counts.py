"""Casualty figures: number parsing and casualty phrases (tocsin.extract.counts)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tocsin.extract.counts import find_counts, parse_count, parse_number
from tocsin.models import Qualifier

_UNITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
          "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
          "eighteen", "nineteen"]
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def _words(n: int) -> str:
    """Write 0 <= n < 1,000,000 in English words, British style ("one hundred and five")."""
    if n < 20:
        return _UNITS[n]
    if n < 100:
        return _TENS[n // 10] + ("-" + _UNITS[n % 10] if n % 10 else "")
    if n < 1000:
        rest = n % 100
        return _UNITS[n // 100] + " hundred" + (" and " + _words(rest) if rest else "")
    rest = n % 1000
    head = _words(n // 1000) + " thousand"
    if not rest:
        return head
    return head + (" and " if rest < 100 else " ") + _words(rest)


@given(st.integers(min_value=0, max_value=999_999))
def test_number_words_round_trip(n: int) -> None:
    assert parse_number(_words(n)) == n


@given(st.integers(min_value=0, max_value=10**9))
def test_digits_with_thousands_separators_round_trip(n: int) -> None:
    assert parse_number(f"{n:,}") == n
    assert parse_number(str(n)) == n


@pytest.mark.parametrize(
    ("text", "value"),
    [("a dozen", 12), ("half a dozen", 6), ("1.2 million", 1_200_000), ("sixty", 60),
     ("one hundred and fifteen", 115), ("Twenty-Five", 25)],
)
def test_parse_number_reads_written_numbers(text: str, value: int) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["", "people", "many"])
def test_parse_number_rejects_non_numbers(text: str) -> None:
    assert parse_number(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("at least 60", (60, Qualifier.AT_LEAST, None)),
        ("more than 20", (20, Qualifier.AT_LEAST, None)),
        ("nearly 30", (30, Qualifier.AT_MOST, None)),
        ("about 50", (50, Qualifier.ABOUT, None)),
        ("10 to 12", (10, Qualifier.RANGE, 12)),
        ("between 40 and 50", (40, Qualifier.RANGE, 50)),
        ("dozens", (24, Qualifier.AT_LEAST, None)),
        ("several", (3, Qualifier.AT_LEAST, None)),
        ("hundreds", (200, Qualifier.AT_LEAST, None)),
        ("7", (7, Qualifier.EXACT, None)),
    ],
)
def test_parse_count_reads_qualifiers_ranges_and_vague_words(text: str, expected: tuple) -> None:
    assert parse_count(text) == expected


@pytest.mark.parametrize(
    ("sentence", "role", "value", "qualifier"),
    [
        ("The bomb went off at the market, killing at least 14 shoppers.", "killed", 14,
         "at_least"),
        ("Nine villagers were wounded in the raid.", "injured", 9, "exact"),
        ("Three officers and a driver were killed when the convoy was hit.", "killed", 4,
         "exact"),
        ("A guard was injured by flying glass.", "injured", 1, "exact"),
        ("The gunmen shot the judge, killing him instantly.", "killed", 1, "exact"),
        ("Officials said the death toll had risen to 41.", "killed", 41, "exact"),
        ("No one was hurt in the blast.", "injured", 0, "exact"),
        ("Rebels abducted some 30 farm workers on the estate.", "kidnapped", 30, "about"),
        ("Two of the attackers were killed by guards.", "perpetrators_killed", 2, "exact"),
        ("Dozens of people were injured in the stampede after the blast.", "injured", 24,
         "at_least"),
        ("The attack left five dead and eight wounded.", "killed", 5, "exact"),
        ("Between 10 and 12 people were killed.", "killed", 10, "range"),
    ],
)
def test_find_counts_reads_casualty_phrases(sentence: str, role: str, value: int,
                                            qualifier: str) -> None:
    hits = [h for h in find_counts(sentence) if h.role == role]
    assert hits, f"no {role} figure in {sentence!r}"
    assert hits[0].count.value == value
    assert hits[0].count.qualifier.value == qualifier


def test_find_counts_evidence_spans_index_the_text() -> None:
    text = "Reports said: at least 60 people were killed."
    hit = find_counts(text)[0]
    assert hit.count.evidence is not None
    assert text[hit.count.evidence.start:hit.count.evidence.end] == hit.count.evidence.text


def test_no_casualties_counts_zero_killed_and_injured() -> None:
    roles = {h.role: h.count.value for h in find_counts("The attack caused no casualties.")}
    assert roles == {"killed": 0, "injured": 0}


@pytest.mark.parametrize("sentence", ["The minister spoke about security for an hour.",
                                      "He was born in 1961 and has two children."])
def test_find_counts_ignores_numbers_without_casualty_words(sentence: str) -> None:
    assert find_counts(sentence) == []
