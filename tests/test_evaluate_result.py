from __future__ import annotations

import pytest

from tocsin.evaluate.result import Measure


@pytest.mark.parametrize(
    ("name", "value", "bound", "misses"),
    [
        ("incidents.detection.f1", 0.600, 0.604, False),  # within half a point of its floor
        ("incidents.detection.f1", 0.598, 0.604, True),
        ("incidents.detection.f1", 0.700, 0.604, False),
        ("stories.final_killed.relative_error", 0.004, 0.0, False),  # an error is a ceiling
        ("stories.final_killed.relative_error", 0.010, 0.0, True),
        ("toponyms.median_error_km", 0.9, 0.0, False),  # a median in km gets 1 km
        ("toponyms.median_error_km", 1.5, 0.0, True),
        ("incidents.detection.f1", None, 0.5, True),  # nothing measured misses any bound
    ],
)
def test_a_measure_misses_its_gate_bound(
    name: str, value: float | None, bound: float, misses: bool
) -> None:
    assert Measure(name, value, 10).misses(bound) is misses
