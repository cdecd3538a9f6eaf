from __future__ import annotations

from typing import Any

import pytest
from evaluate_helpers import count, gold, value

from tocsin.evaluate.toponyms import UNRESOLVED_KM, overlap, score_toponyms

# Own text: "Protesters marched from Lyon to Paris."
PARIS: dict[str, Any] = {
    "start": 32,
    "end": 37,
    "name": "Paris",
    "lat": 48.8534,
    "lon": 2.3488,
    "geonames_id": 2988507,
}
LYON: dict[str, Any] = {
    "start": 24,
    "end": 28,
    "name": "Lyon",
    "lat": 45.7485,
    "lon": 4.8467,
    "geonames_id": 2996944,
}


def _pred(start: int, end: int, **fields: Any) -> dict[str, Any]:
    return {"start": start, "end": end, "text": "x", **fields}


@pytest.mark.parametrize(
    ("a", "b", "shared"), [((0, 5), (3, 9), 2), ((0, 5), (5, 9), 0), ((2, 4), (0, 9), 2)]
)
def test_overlap(a: tuple[int, int], b: tuple[int, int], shared: int) -> None:
    assert overlap(a, b) == shared


def test_perfect_prediction() -> None:
    records = [gold(toponyms=[PARIS, LYON])]
    predicted = {"d1": [_pred(**PARIS), _pred(**LYON)]}
    measures = score_toponyms(records, predicted).measures
    assert value(measures, "toponyms.span.f1") == 1.0
    assert value(measures, "toponyms.acc161") == 1.0
    assert value(measures, "toponyms.median_error_km") == 0.0
    assert value(measures, "toponyms.geonames_id.accuracy") == 1.0


def test_empty_prediction_has_recall_zero() -> None:
    measures = score_toponyms([gold(toponyms=[PARIS])], {}).measures
    assert value(measures, "toponyms.span.recall") == 0.0
    assert value(measures, "toponyms.acc161") is None


def test_overlapping_span_matches_one_to_one() -> None:
    # "to Paris" overlaps Paris; a second overlapping prediction is spurious.
    predicted = {"d1": [_pred(29, 37), _pred(33, 36)]}
    measures = score_toponyms([gold(toponyms=[PARIS])], predicted).measures
    assert value(measures, "toponyms.span.precision") == 0.5
    assert value(measures, "toponyms.span.recall") == 1.0


def test_span_that_only_touches_does_not_match() -> None:
    measures = score_toponyms([gold(toponyms=[PARIS])], {"d1": [_pred(28, 32)]}).measures
    assert value(measures, "toponyms.span.recall") == 0.0


def test_distance_and_id_on_matched_toponyms() -> None:
    predicted = {
        "d1": [
            _pred(32, 37, lat=45.7485, lon=4.8467, geonames_id=2996944),  # Paris put in Lyon
            _pred(24, 28, lat=45.76, lon=4.84, geonames_id=2996944),
        ]
    }
    measures = score_toponyms([gold(toponyms=[PARIS, LYON])], predicted).measures
    assert value(measures, "toponyms.acc161") == 0.5
    assert value(measures, "toponyms.geonames_id.accuracy") == 0.5
    assert value(measures, "toponyms.median_error_km") == pytest.approx(196, abs=5)


def test_unresolved_prediction_is_as_far_as_can_be() -> None:
    measures = score_toponyms([gold(toponyms=[PARIS])], {"d1": [_pred(32, 37)]}).measures
    assert value(measures, "toponyms.acc161") == 0.0
    assert value(measures, "toponyms.median_error_km") == UNRESOLVED_KM


def test_gold_without_geonames_id_is_not_counted_for_id_agreement() -> None:
    no_id = PARIS | {"geonames_id": None}
    predicted = {"d1": [_pred(32, 37, lat=48.85, lon=2.35, geonames_id=1)]}
    measures = score_toponyms([gold(toponyms=[no_id])], predicted).measures
    assert count(measures, "toponyms.geonames_id.accuracy") == 0
    assert value(measures, "toponyms.acc161") == 1.0
