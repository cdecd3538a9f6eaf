from __future__ import annotations

import pytest

from tocsin.evaluate.matching import (
    count_matches,
    country_names,
    fold,
    head_match,
    prf,
    ree_normalise,
)
from tocsin.geo import haversine_km


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("San Luis de la Reina", "san luis de la reina"),
        ("Bogotá", "bogota"),
        ("U.S.  Embassy", "us embassy"),
        ("Al-Shabaab!", "alshabaab"),
    ],
)
def test_fold_lowercases_and_drops_accents_and_punctuation(text: str, folded: str) -> None:
    assert fold(text) == folded


@pytest.mark.parametrize(
    ("predicted", "names", "matches"),
    [
        ("FMLN", ["FARABUNDO MARTI NATIONAL LIBERATION FRONT", "FMLN"], True),
        ("the FMLN", ["FMLN"], True),
        ("three FMLN guerrillas", ["GUERRILLAS"], True),
        ("a group of armed men", ["ARMED MEN"], True),
        ("the Islamic Front", ["FARABUNDO MARTI NATIONAL LIBERATION FRONT"], True),
        ("guerrilla", ["GUERRILLAS"], False),
        ("police", ["PEASANTS"], False),
        ("the", ["THE"], False),
        ("", ["FMLN"], False),
    ],
)
def test_head_noun_matching(predicted: str, names: list[str], matches: bool) -> None:
    assert head_match(predicted, names) is matches


def test_each_gold_entity_matches_once() -> None:
    # Two predictions of the same entity match it once; the second is spurious.
    gold = [["PEASANTS"]]
    assert count_matches(["peasants", "50 peasants"], gold, lambda p, g: head_match(p, g)) == 1


def test_one_to_one_matching_is_maximal_not_greedy() -> None:
    # A greedy pass would give "men" the first entity and leave "soldiers" unmatched.
    gold = [["SOLDIERS", "MEN"], ["MEN"]]
    assert count_matches(["men", "soldiers"], gold, lambda p, g: head_match(p, g)) == 2


@pytest.mark.parametrize(
    ("text", "normalised"),
    [("The Las Canas bridge.", "las canas bridge"), ("an M-16 rifle", "m16 rifle")],
)
def test_ree_normalise(text: str, normalised: str) -> None:
    assert ree_normalise(text) == normalised


def test_prf_empty_prediction_has_recall_zero_and_no_precision() -> None:
    assert prf(0, 0, 4) == (None, 0.0, 0.0)


def test_prf_values() -> None:
    assert prf(2, 4, 3) == (0.5, 2 / 3, 4 / 7)


def test_country_names_include_the_common_name() -> None:
    assert "United States" in country_names("us")
    assert "Taiwan" in country_names("TW")
    assert country_names("XX") == ()


def test_haversine_one_degree_of_latitude() -> None:
    assert haversine_km(0.0, 0.0, 1.0, 0.0) == pytest.approx(111.2, abs=0.1)
