from __future__ import annotations

from typing import Any

import pytest
from evaluate_helpers import count, gold, value

from tocsin.evaluate.interactions import actor_names, cameo_agrees, score_interactions


def _gold_int(actor: list[list[str]] | None, plover: str | None = None, cameo: str | None = None):
    return {"actor": actor, "type": None, "plover": plover, "cameo": cameo, "target": None}


def _pred(doc: str, actor: str | None, **fields: Any) -> dict[str, Any]:
    return {"id": f"int_{actor}", "article": doc, "actor": actor, **fields}


def test_perfect_plover_prediction() -> None:
    records = [gold(interactions=[_gold_int([["Hungary"]], plover="AGREE")])]
    measures = score_interactions(records, [_pred("d1", "Hungary", plover="AGREE")]).measures
    assert all(m.value == 1.0 for m in measures), measures
    # A set without CAMEO codes gets no CAMEO measures.
    assert not any("cameo" in m.name for m in measures)


def test_empty_prediction_has_recall_zero() -> None:
    records = [gold(interactions=[_gold_int([["Hungary"]], plover="AGREE")])]
    measures = score_interactions(records, []).measures
    assert value(measures, "interactions.actor_plover.recall") == 0.0
    assert value(measures, "interactions.plover_type.recall") == 0.0
    assert value(measures, "interactions.plover.accuracy_actor_matched") is None


def test_compound_actor_gives_one_pair_per_entity() -> None:
    records = [gold(interactions=[_gold_int([["Hungarian"], ["Romanian"]], plover="AGREE")])]
    predicted = [_pred("d1", "Hungarian officials", plover="AGREE")]
    measures = score_interactions(records, predicted).measures
    assert value(measures, "interactions.actor_plover.precision") == 1.0
    assert value(measures, "interactions.actor_plover.recall") == 0.5


def test_actor_country_is_an_alternative_name() -> None:
    records = [gold(interactions=[_gold_int([["United States"]], plover="COOPERATE")])]
    predicted = [_pred("d1", "Antony Blinken", actor_country="US", plover="COOPERATE")]
    measures = score_interactions(records, predicted).measures
    assert value(measures, "interactions.actor_plover.f1") == 1.0


def test_actor_names_lists_the_actor_and_country_names() -> None:
    names = actor_names({"actor": "Xi Jinping", "actor_country": "CN"})
    assert names[0] == "Xi Jinping"
    assert "China" in names


@pytest.mark.parametrize(
    ("predicted", "gold_code", "agrees"),
    [("111", "11", True), ("11", "11", True), ("112", "111", False), ("01", "011", False)],
)
def test_cameo_code_matches_when_more_specific(
    predicted: str, gold_code: str, agrees: bool
) -> None:
    assert cameo_agrees(predicted, gold_code) is agrees


def test_wrong_type_with_right_actor() -> None:
    records = [
        gold(
            interactions=[
                _gold_int([["Russia"]], cameo="11"),
                _gold_int([["China"]], cameo="04"),
            ]
        )
    ]
    predicted = [
        _pred("d1", "Russia", cameo="111"),
        _pred("d1", "China", cameo="051"),
        _pred("d1", "Iran", cameo="042"),
    ]
    measures = score_interactions(records, predicted).measures
    assert value(measures, "interactions.actor_cameo.precision") == pytest.approx(1 / 3)
    assert value(measures, "interactions.actor_cameo.recall") == 0.5
    assert value(measures, "interactions.cameo.accuracy_actor_matched") == 0.5
    assert count(measures, "interactions.cameo.accuracy_actor_matched") == 2
    # Type only: 111 matches 11, 042 matches 04, 051 is spurious.
    assert value(measures, "interactions.cameo_type.precision") == pytest.approx(2 / 3)
    assert value(measures, "interactions.cameo_type.recall") == 1.0


def test_type_only_scores_are_a_multiset() -> None:
    records = [gold(interactions=[_gold_int(None, cameo="032"), _gold_int(None, cameo="032")])]
    predicted = [_pred("d1", "X", cameo="032")]
    measures = score_interactions(records, predicted).measures
    assert value(measures, "interactions.cameo_type.precision") == 1.0
    assert value(measures, "interactions.cameo_type.recall") == 0.5


def test_gold_without_actor_is_neither_missed_nor_spurious_in_actor_pairs() -> None:
    records = [gold(interactions=[_gold_int(None, cameo="032"), _gold_int([["GON"]], cameo="033")])]
    predicted = [_pred("d1", "Arnor", cameo="032")]
    measures = score_interactions(records, predicted).measures
    assert count(measures, "interactions.actor_cameo.precision") == 0
    assert count(measures, "interactions.actor_cameo.recall") == 1
    assert value(measures, "interactions.actor_cameo.recall") == 0.0


def test_document_coded_as_no_interaction_makes_predictions_spurious() -> None:
    records = [
        gold("d1", interactions=[]),
        gold("d2", interactions=[_gold_int([["Kenya"]], cameo="19")]),
    ]
    predicted = [_pred("d1", "Kenya", cameo="190"), _pred("d2", "Kenya", cameo="190")]
    measures = score_interactions(records, predicted).measures
    assert value(measures, "interactions.cameo_type.precision") == 0.5
    assert value(measures, "interactions.actor_cameo.precision") == 0.5


def test_document_with_null_interactions_is_not_scored() -> None:
    records = [
        gold("d1", interactions=None),
        gold("d2", interactions=[_gold_int([["Kenya"]], cameo="19")]),
    ]
    predicted = [_pred("d1", "Kenya", cameo="190"), _pred("d2", "Kenya", cameo="190")]
    measures = score_interactions(records, predicted).measures
    assert value(measures, "interactions.cameo_type.precision") == 1.0
