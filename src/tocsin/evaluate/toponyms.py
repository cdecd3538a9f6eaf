"""Geoparsing scoring (geo_*.jsonl): span P/R/F1, Acc@161, median error, GeoNames id agreement."""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from typing import Any

from tocsin.evaluate.gold import GoldRecord, GoldToponym
from tocsin.evaluate.matching import assign
from tocsin.evaluate.result import DocError, Measure, Scores, accuracy, prf_measures
from tocsin.geo import haversine_km

ACC_KM = 161.0
# A recognised but unresolved toponym is as wrong as a point can be: half the Earth's
# circumference (Gritta et al. 2019 treat unresolved names the same way).
UNRESOLVED_KM = 20038.0


def _span(value: Mapping[str, Any]) -> tuple[int, int] | None:
    start, end = value.get("start"), value.get("end")
    if isinstance(start, int) and isinstance(end, int) and end > start:
        return start, end
    return None


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    """Return how many characters two [start, end) spans share."""
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def align_spans(
    gold: Sequence[GoldToponym], pred: Sequence[Mapping[str, Any]]
) -> list[tuple[int, int]]:
    """Return one-to-one (gold index, predicted index) pairs of overlapping spans.

    Among the possible one-to-one matchings the one with the most shared characters wins.
    """
    spans = [_span(p) for p in pred]
    weights = [
        [float(overlap((g.start, g.end), s)) if s is not None else 0.0 for s in spans] for g in gold
    ]
    return assign(weights)


def error_km(gold: GoldToponym, pred: Mapping[str, Any]) -> float | None:
    """Return the distance from the gold point (None when gold has no coordinates)."""
    if gold.lat is None or gold.lon is None:
        return None
    lat, lon = pred.get("lat"), pred.get("lon")
    if not isinstance(lat, int | float) or not isinstance(lon, int | float):
        return UNRESOLVED_KM
    return haversine_km(gold.lat, gold.lon, float(lat), float(lon))


def score_toponyms(
    records: Sequence[GoldRecord], predicted: Mapping[str, Sequence[Mapping[str, Any]]]
) -> Scores:
    """Score predicted toponyms ({article id: toponym dicts}) against the records' toponyms."""
    tp = n_pred = n_gold = 0
    distances: list[float] = []
    ids_right = ids_n = 0
    errors: list[DocError] = []
    for record in records:
        if record.toponyms is None:
            continue
        gold = record.toponyms
        pred = [p for p in predicted.get(record.id, []) if _span(p) is not None]
        pairs = align_spans(gold, pred)
        tp += len(pairs)
        n_pred += len(pred)
        n_gold += len(gold)
        problems: list[str] = []
        cost = float(len(pred) - len(pairs) + len(gold) - len(pairs))
        matched_gold = {gi for gi, _ in pairs}
        problems += [
            f"missed {g.name!r} at {g.start}-{g.end}"
            for i, g in enumerate(gold)
            if i not in matched_gold
        ]
        matched_pred = {pi for _, pi in pairs}
        problems += [
            f"spurious {p.get('text')!r} at {p.get('start')}-{p.get('end')}"
            for i, p in enumerate(pred)
            if i not in matched_pred
        ]
        for gi, pi in pairs:
            g, p = gold[gi], pred[pi]
            km = error_km(g, p)
            if km is not None:
                distances.append(km)
                if km > ACC_KM:
                    cost += 1
                    problems.append(f"{g.name!r} placed {km:.0f} km off")
            if g.geonames_id is not None:
                ids_n += 1
                ids_right += p.get("geonames_id") == g.geonames_id
        errors.append(
            DocError(
                id=record.id,
                cost=cost,
                problems=problems,
                gold=[g.model_dump() for g in gold],
                prediction=pred,
            )
        )
    within = sum(1 for d in distances if d <= ACC_KM)
    measures = prf_measures("toponyms.span", tp, n_pred, n_gold)
    measures.append(accuracy("toponyms.acc161", within, len(distances)))
    measures.append(
        Measure(
            "toponyms.median_error_km",
            statistics.median(distances) if distances else None,
            len(distances),
        )
    )
    measures.append(accuracy("toponyms.geonames_id.accuracy", ids_right, ids_n))
    return Scores(measures=measures, errors=errors)
