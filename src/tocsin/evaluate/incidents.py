"""Incident scoring (muc4, gva, case2021): detection, field accuracy, entity P/R/F1.

Per document, the predicted incidents are the exported incidents whose `articles` list the
document id. They are aligned one-to-one with the gold incidents so that total field agreement
is highest; every aligned pair is a detected incident (a true positive).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from tocsin.evaluate.gold import GoldIncident, GoldRecord
from tocsin.evaluate.matching import (
    assign,
    count_matches,
    entity_text,
    fold,
    head_match,
)
from tocsin.evaluate.result import DocError, Scores, accuracy, prf_measures
from tocsin.geo import haversine_km

LOCATION_KM = 25.0
ENTITY_FIELDS: tuple[str, ...] = ("perpetrators", "targets", "weapons")
COUNT_FIELDS: tuple[str, ...] = ("killed", "injured", "kidnapped")


def _same_label(gold: Any, pred: Any) -> bool:
    return isinstance(pred, str) and fold(pred) == fold(str(gold))


def date_agrees(gold: str, pred: Any) -> bool:
    """Whether a predicted date matches: equal strings, or a predicted day inside a gold month."""
    if not isinstance(pred, str):
        return False
    return pred == gold or (len(gold) == 7 and pred.startswith(gold + "-"))


def _count_agrees(gold: Any, pred: Any) -> bool:
    # A count the export leaves empty says nobody was reported killed: it agrees with gold 0.
    return (0 if pred is None else pred) == gold


def _place_agrees(g: GoldIncident, pred: Any) -> bool:
    return isinstance(pred, str) and fold(pred) in {fold(n) for n in g.place_names}


def _claimed(pred: dict[str, Any]) -> bool:
    return any(
        isinstance(p, dict) and p.get("claimed") is True for p in pred.get("perpetrators") or []
    )


# Each scalar field: (is it coded in this gold incident?, does the prediction agree?).
_Rule = tuple[Callable[[GoldIncident], bool], Callable[[GoldIncident, dict[str, Any]], bool]]
SCALAR_RULES: dict[str, _Rule] = {
    "gtd_type": (
        lambda g: g.gtd_type is not None,
        lambda g, p: _same_label(g.gtd_type, p.get("gtd_type")),
    ),
    "acled_type": (
        lambda g: g.acled_type is not None,
        lambda g, p: _same_label(g.acled_type, p.get("acled_type")),
    ),
    "acled_subtype": (
        lambda g: g.acled_subtype is not None,
        lambda g, p: _same_label(g.acled_subtype, p.get("acled_subtype")),
    ),
    "date": (lambda g: g.date is not None, lambda g, p: date_agrees(g.date or "", p.get("date"))),
    "country": (
        lambda g: g.country is not None,
        lambda g, p: (
            isinstance(p.get("country"), str) and p["country"].upper() == (g.country or "").upper()
        ),
    ),
    "admin1": (lambda g: g.admin1 is not None, lambda g, p: _same_label(g.admin1, p.get("admin1"))),
    "place": (lambda g: g.place is not None, lambda g, p: _place_agrees(g, p.get("place"))),
    "location_25km": (
        lambda g: g.lat is not None and g.lon is not None,
        lambda g, p: _within(g, p, LOCATION_KM),
    ),
    "killed": (
        lambda g: g.killed is not None,
        lambda g, p: _count_agrees(g.killed, p.get("killed")),
    ),
    "injured": (
        lambda g: g.injured is not None,
        lambda g, p: _count_agrees(g.injured, p.get("injured")),
    ),
    "kidnapped": (
        lambda g: g.kidnapped is not None,
        lambda g, p: _count_agrees(g.kidnapped, p.get("kidnapped")),
    ),
    "claimed": (lambda g: g.claimed is not None, lambda g, p: _claimed(p) == g.claimed),
}


def _within(g: GoldIncident, p: dict[str, Any], km: float) -> bool:
    lat, lon = p.get("lat"), p.get("lon")
    if not isinstance(lat, int | float) or not isinstance(lon, int | float):
        return False
    assert g.lat is not None and g.lon is not None
    return haversine_km(g.lat, g.lon, float(lat), float(lon)) <= km


def entity_texts(values: Any) -> list[str]:
    """Return the distinct texts of a predicted entity list (strings or dicts), in order."""
    out: list[str] = []
    seen: set[str] = set()
    for value in values or []:
        text = entity_text(value)
        if text is not None and fold(text) and fold(text) not in seen:
            seen.add(fold(text))
            out.append(text)
    return out


def entity_counts(gold: Sequence[Sequence[str]], pred: Sequence[str]) -> tuple[int, int, int]:
    """Return (matched, predicted, gold) under head-noun matching, each entity matched once."""
    return count_matches(pred, gold, lambda p, g: head_match(p, g)), len(pred), len(gold)


def _agreement(g: GoldIncident, p: dict[str, Any]) -> float:
    score = sum(1.0 for coded, agrees in SCALAR_RULES.values() if coded(g) and agrees(g, p))
    for name in ENTITY_FIELDS:
        gold_entities = getattr(g, name)
        if gold_entities:
            tp, n_pred, n_gold = entity_counts(gold_entities, entity_texts(p.get(name)))
            score += tp / max(n_pred, n_gold)
    return score


def align(gold: Sequence[GoldIncident], pred: Sequence[dict[str, Any]]) -> list[tuple[int, int]]:
    """Return (gold index, predicted index) pairs of the best one-to-one alignment.

    Every pair may align (weight 1 + agreement), so min(len(gold), len(pred)) pairs come back;
    among equally good alignments the one that leaves optional gold incidents over wins.
    """
    weights = [[1.0 + _agreement(g, p) + (0.0 if g.optional else 1e-3) for p in pred] for g in gold]
    return assign(weights)


@dataclass
class _Tally:
    tp: int = 0
    n_pred: int = 0
    n_gold: int = 0
    fields: dict[str, list[int]] = field(default_factory=dict)  # name -> [right, n]
    entities: dict[str, list[int]] = field(default_factory=dict)  # name -> [tp, pred, gold]


def _gold_json(g: GoldIncident) -> dict[str, Any]:
    out = g.model_dump(exclude={"native"})
    out["optional"] = g.optional
    if g.native.get("place_alternatives"):
        out["place_alternatives"] = g.native["place_alternatives"]
    return out


def score_incidents(records: Sequence[GoldRecord], incidents: Sequence[dict[str, Any]]) -> Scores:
    """Score exported incidents against the records whose `incidents` are coded."""
    by_article: dict[str, list[dict[str, Any]]] = {}
    for row in incidents:
        for article in row.get("articles") or []:
            by_article.setdefault(article, []).append(row)

    scored = [r for r in records if r.incidents is not None]
    all_gold = [g for r in scored for g in r.incidents or []]
    coded_fields = [n for n, (coded, _) in SCALAR_RULES.items() if any(coded(g) for g in all_gold)]
    coded_entities = [n for n in ENTITY_FIELDS if any(getattr(g, n) is not None for g in all_gold)]

    tally = _Tally(
        fields={n: [0, 0] for n in coded_fields},
        entities={n: [0, 0, 0] for n in coded_entities},
    )
    errors = [_score_document(r, by_article.get(r.id, []), tally) for r in scored]

    measures = prf_measures("incidents.detection", tally.tp, tally.n_pred, tally.n_gold)
    measures += [accuracy(f"incidents.{n}.accuracy", *tally.fields[n]) for n in coded_fields]
    for name in coded_entities:
        measures += prf_measures(f"incidents.{name}", *tally.entities[name])
    return Scores(measures=measures, errors=errors)


def _score_document(record: GoldRecord, pred: list[dict[str, Any]], tally: _Tally) -> DocError:
    gold = record.incidents or []
    pairs = align(gold, pred)
    problems: list[str] = []
    cost = 0.0

    matched_gold = {gi for gi, _ in pairs}
    matched_pred = {pi for _, pi in pairs}
    missed = [i for i, g in enumerate(gold) if i not in matched_gold and not g.optional]
    spurious = [i for i in range(len(pred)) if i not in matched_pred]
    tally.tp += len(pairs)
    tally.n_pred += len(pred)
    tally.n_gold += len(pairs) + len(missed)
    for i in missed:
        problems.append(f"missed gold incident {i + 1}")
    for i in spurious:
        problems.append(f"spurious incident {pred[i].get('id')}")
    cost += len(missed) + len(spurious)

    for gi, pi in pairs:
        g, p = gold[gi], pred[pi]
        for name, counts in tally.fields.items():
            coded, agrees = SCALAR_RULES[name]
            if not coded(g):
                continue
            counts[1] += 1
            if agrees(g, p):
                counts[0] += 1
            else:
                cost += 1
                shown = getattr(g, name) if name != "location_25km" else (g.lat, g.lon)
                got = p.get(name) if name != "location_25km" else (p.get("lat"), p.get("lon"))
                problems.append(f"gold {gi + 1} {name}: gold {shown!r}, predicted {got!r}")
        for name, counts3 in tally.entities.items():
            gold_entities = getattr(g, name)
            if gold_entities is None:
                continue
            texts = entity_texts(p.get(name))
            tp, n_pred, n_gold = entity_counts(gold_entities, texts)
            counts3[0] += tp
            counts3[1] += n_pred
            counts3[2] += n_gold
            if tp < n_pred or tp < n_gold:
                cost += 0.5 * ((n_pred - tp) + (n_gold - tp))
                problems.append(
                    f"gold {gi + 1} {name}: {tp} matched; gold {gold_entities!r}, "
                    f"predicted {texts!r}"
                )
    return DocError(
        id=record.id,
        cost=cost,
        problems=problems,
        gold=[_gold_json(g) for g in gold],
        prediction=pred,
    )
