"""Evaluation against the gold sets of shared/eval/FORMAT.md (`tocsin evaluate`).

- `gold`: reading gold JSONL, typed gold records, `strip_gold` (what the pipeline may see);
- `incidents`, `interactions`, `stories`, `toponyms`, `ree`: one scorer per kind of gold;
- `runner.evaluate_file`: run tocsin on a gold file's texts (or read an export) and score it;
- `report`: the text table; `command`: the click command.
"""

from __future__ import annotations

from tocsin.evaluate.gold import GoldKind, GoldRecord, detect_kinds, read_gold, strip_gold
from tocsin.evaluate.result import DocError, EvalResult, Measure
from tocsin.evaluate.runner import Predictions, evaluate_file, load_predictions, score

__all__ = [
    "DocError",
    "EvalResult",
    "GoldKind",
    "GoldRecord",
    "Measure",
    "Predictions",
    "detect_kinds",
    "evaluate_file",
    "load_predictions",
    "read_gold",
    "score",
    "strip_gold",
]
