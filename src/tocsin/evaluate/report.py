"""Plain-text rendering of an evaluation: a table of measures and the worst documents."""

from __future__ import annotations

import json
from collections.abc import Sequence

from tocsin.evaluate.result import DocError, EvalResult


def _value(value: float | None, name: str) -> str:
    if value is None:
        return "-"
    if name.endswith("_km"):
        return f"{value:.1f}"
    return f"{value:.3f}"


def format_table(result: EvalResult) -> str:
    """Return one row per measure: name, value and the count n it is computed on."""
    width = max([len("measure"), *(len(m.name) for m in result.measures)])
    lines = [
        f"gold: {result.gold} ({result.documents} documents; {', '.join(result.kinds)})",
        f"{'measure':<{width}}  {'value':>8}  {'n':>7}",
        f"{'-' * width}  {'-' * 8}  {'-' * 7}",
    ]
    lines += [f"{m.name:<{width}}  {_value(m.value, m.name):>8}  {m.n:>7}" for m in result.measures]
    return "\n".join(lines)


def _compact(value: object, limit: int = 600) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def format_errors(errors: Sequence[DocError]) -> str:
    """Return the given documents' problems, gold and prediction, one block per document."""
    blocks = []
    for error in errors:
        lines = [f"== {error.id} (cost {error.cost:g})"]
        lines += [f"  - {p}" for p in error.problems]
        lines.append(f"  gold:       {_compact(error.gold)}")
        lines.append(f"  prediction: {_compact(error.prediction)}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) if blocks else "no document has errors"
