"""What an evaluation gives back: named measures with their counts, and per-document errors."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tocsin.evaluate.matching import prf

# The accuracy gate (bench/floors.json) lets a figure fall half a point, a median error 1 km.
GATE_TOLERANCE = 0.005
GATE_KM_TOLERANCE = 1.0


@dataclass(frozen=True)
class Measure:
    """One figure: `value` is None when there was nothing to compute it on (`n == 0`)."""

    name: str
    value: float | None
    n: int

    @property
    def lower_is_better(self) -> bool:
        """True for error measures (relative error, median km), where a fall is progress."""
        return self.name.endswith(("error", "error_km"))

    def misses(self, bound: float) -> bool:
        """Return True when the value is worse than the gate's bound by more than its tolerance.

        A floor for most measures, a ceiling for error measures; no value misses any bound.
        """
        if self.value is None:
            return True
        if self.lower_is_better:
            tolerance = GATE_KM_TOLERANCE if self.name.endswith("_km") else GATE_TOLERANCE
            return self.value > bound + tolerance
        return self.value < bound - GATE_TOLERANCE

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "value": self.value, "n": self.n}


@dataclass
class DocError:
    """What went wrong on one document; `cost` orders documents from worst to best."""

    id: str
    cost: float
    problems: list[str]
    gold: Any
    prediction: Any

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "cost": self.cost,
            "problems": self.problems,
            "gold": self.gold,
            "prediction": self.prediction,
        }


@dataclass
class Scores:
    """What one scorer returns."""

    measures: list[Measure] = field(default_factory=list)
    errors: list[DocError] = field(default_factory=list)


@dataclass
class EvalResult:
    """The result of scoring tocsin's output against a gold file."""

    gold: str
    kinds: list[str]
    documents: int
    measures: list[Measure]
    errors: list[DocError] = field(default_factory=list)
    run: dict[str, Any] = field(default_factory=dict)

    def measure(self, name: str) -> Measure:
        """Return the measure called `name`; KeyError when the result has none."""
        for m in self.measures:
            if m.name == name:
                return m
        raise KeyError(name)

    def values(self) -> dict[str, float | None]:
        """Return {measure name: value}."""
        return {m.name: m.value for m in self.measures}

    def worst(self, n: int) -> list[DocError]:
        """Return the `n` documents with the highest error cost (ties in input order)."""
        ranked = sorted((e for e in self.errors if e.cost > 0), key=lambda e: e.cost, reverse=True)
        return ranked[:n]

    def to_json(self, *, errors: int = 0) -> dict[str, Any]:
        """Return a JSON-ready dict; `errors` worst documents are included when > 0."""
        out: dict[str, Any] = {
            "gold": self.gold,
            "kinds": self.kinds,
            "documents": self.documents,
            "measures": [m.to_json() for m in self.measures],
            "run": self.run,
        }
        if errors > 0:
            out["errors"] = [e.to_json() for e in self.worst(errors)]
        return out


def prf_measures(prefix: str, tp: int, n_pred: int, n_gold: int) -> list[Measure]:
    """Return `prefix.precision`, `.recall` and `.f1` with the counts they are computed on."""
    precision, recall, f1 = prf(tp, n_pred, n_gold)
    return [
        Measure(f"{prefix}.precision", precision, n_pred),
        Measure(f"{prefix}.recall", recall, n_gold),
        Measure(f"{prefix}.f1", f1, n_pred + n_gold - tp),
    ]


def accuracy(name: str, right: int, n: int) -> Measure:
    """Return `name` as the share `right / n` (None when n is 0)."""
    return Measure(name, right / n if n else None, n)
