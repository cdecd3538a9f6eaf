"""The accuracy gate: no dev figure may fall more than half a point below its floor.

Subsets and floors live in bench/floors.json; `bench/gate.py --raise` raises the floors after
an improvement. Error measures are ceilings. A change that lowers a figure must say why in
its commit.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from conftest import REPO, shared_path

from tocsin.evaluate.runner import evaluate_file

pytestmark = pytest.mark.slow

FLOORS: dict[str, Any] = json.loads((REPO / "bench" / "floors.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_no_figure_falls_below_its_floor(name: str) -> None:
    spec = FLOORS[name]
    result = evaluate_file(
        shared_path("eval", "dev", spec.get("file", name)),
        sample=spec.get("sample"),
        ids=spec.get("ids"),
    )
    measures = {m.name: m for m in result.measures}
    worse = {
        name_: (measures[name_].value if name_ in measures else None, bound)
        for name_, bound in spec["floors"].items()
        if name_ not in measures or measures[name_].misses(bound)
    }
    assert not worse, f"figures worse than their floors or ceilings (got, bound): {worse}"


def test_every_dev_file_is_gated() -> None:
    dev = shared_path("eval", "dev")
    gated = {spec.get("file", name) for name, spec in FLOORS.items()}
    assert {p.name for p in dev.glob("*.jsonl")} == gated
