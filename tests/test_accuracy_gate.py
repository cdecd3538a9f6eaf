"""The accuracy gate: no dev figure may fall more than half a point below its floor.

Subsets and floors live in bench/floors.json; `bench/gate.py --raise` raises the floors after
an improvement. A change that lowers a figure must say why in its commit.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from conftest import REPO, shared_path

from tocsin.evaluate.runner import evaluate_file

pytestmark = pytest.mark.slow

TOLERANCE = 0.005
KM_TOLERANCE = 1.0
FLOORS: dict[str, Any] = json.loads((REPO / "bench" / "floors.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_no_figure_falls_below_its_floor(name: str) -> None:
    spec = FLOORS[name]
    result = evaluate_file(shared_path("eval", "dev", name), sample=spec.get("sample"))
    measures = {m.name: m for m in result.measures}
    worse = {}
    for name_, bound in spec["floors"].items():
        measure = measures.get(name_)
        value = measure.value if measure is not None else None
        if value is None or measure is None:
            worse[name_] = (value, bound)
        elif measure.lower_is_better:
            tolerance = KM_TOLERANCE if name_.endswith("_km") else TOLERANCE
            if value > bound + tolerance:
                worse[name_] = (value, bound)
        elif value < bound - TOLERANCE:
            worse[name_] = (value, bound)
    assert not worse, f"figures worse than their floors or ceilings (got, bound): {worse}"


def test_every_dev_file_is_gated() -> None:
    dev = shared_path("eval", "dev")
    assert {p.name for p in dev.glob("*.jsonl")} == set(FLOORS)
