"""Interaction scoring (plover, cameo_news, petrarch2): actor-type pairs and type-only codes.

Per document, the predicted interactions are the exported interactions whose `article` is the
document id. A predicted actor's names are its `actor` string and the English names of its
`actor_country`, so gold "United States" matches an actor whose country is US.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from tocsin.evaluate.gold import Entity, GoldInteraction, GoldRecord
from tocsin.evaluate.matching import assign, count_matches, country_names, head_match
from tocsin.evaluate.result import DocError, Measure, Scores, accuracy, prf_measures

_CodeMatch = Callable[[str, str], bool]  # (predicted code, gold code) -> match


def cameo_agrees(pred: str, gold: str) -> bool:
    """Whether a predicted CAMEO code matches a gold one: equal, or more specific under it."""
    return pred.startswith(gold)


def plover_agrees(pred: str, gold: str) -> bool:
    """Whether a predicted PLOVER type matches a gold one (case-insensitive)."""
    return pred.upper() == gold.upper()


def actor_names(row: dict[str, Any]) -> list[str]:
    """Return the names a predicted interaction's actor may be matched by."""
    names = [row["actor"]] if isinstance(row.get("actor"), str) else []
    country = row.get("actor_country")
    if isinstance(country, str):
        names.extend(country_names(country))
    return names


def _actor_matches(names: Sequence[str], entity: Entity) -> bool:
    return any(head_match(name, entity) for name in names)


def _codes(values: Sequence[Any]) -> list[str]:
    return [v for v in values if isinstance(v, str) and v]


class _Counts:
    def __init__(self) -> None:
        self.pairs = [0, 0, 0]  # tp, predicted, gold
        self.types = [0, 0, 0]
        self.accuracy = [0, 0]  # right, n

    def add(self, target: list[int], values: Sequence[int]) -> None:
        for i, v in enumerate(values):
            target[i] += v


def _pair_counts(
    gold: Sequence[GoldInteraction], pred: Sequence[dict[str, Any]], key: str, match: _CodeMatch
) -> tuple[int, int, int]:
    """Return (matched, predicted, gold) (actor, code) pairs, each pair matched once.

    A gold interaction whose actor is not coded (null) takes any actor: a prediction matching
    it is neither rewarded nor counted as spurious.
    """
    gold_pairs: list[tuple[Entity | None, str]] = []
    for g in gold:
        code = getattr(g, key)
        if isinstance(code, str):
            gold_pairs += (
                [(entity, code) for entity in g.actor] if g.actor is not None else [(None, code)]
            )
    pred_pairs = [(actor_names(p), p[key]) for p in pred if isinstance(p.get(key), str) and p[key]]
    weights = [
        [
            (1.0 if entity is not None else 1e-3)
            if match(code, gold_code) and (entity is None or _actor_matches(names, entity))
            else 0.0
            for entity, gold_code in gold_pairs
        ]
        for names, code in pred_pairs
    ]
    pairs = assign(weights)
    wildcard = sum(1 for _, gi in pairs if gold_pairs[gi][0] is None)
    n_gold = sum(1 for entity, _ in gold_pairs if entity is not None)
    return len(pairs) - wildcard, len(pred_pairs) - wildcard, n_gold


def _type_counts(
    gold: Sequence[GoldInteraction], pred: Sequence[dict[str, Any]], key: str, match: _CodeMatch
) -> tuple[int, int, int]:
    gold_codes = _codes([getattr(g, key) for g in gold])
    pred_codes = _codes([p.get(key) for p in pred])
    return count_matches(pred_codes, gold_codes, match), len(pred_codes), len(gold_codes)


def _accuracy_counts(
    gold: Sequence[GoldInteraction], pred: Sequence[dict[str, Any]], key: str, match: _CodeMatch
) -> tuple[int, int]:
    # Among gold interactions whose actor some prediction matches, is one of those right?
    right = n = 0
    for g in gold:
        code = getattr(g, key)
        if not isinstance(code, str) or not g.actor:
            continue
        same_actor = [
            p for p in pred if any(_actor_matches(actor_names(p), e) for e in g.actor or [])
        ]
        if same_actor:
            n += 1
            right += any(isinstance(p.get(key), str) and match(p[key], code) for p in same_actor)
    return right, n


def score_interactions(
    records: Sequence[GoldRecord], interactions: Sequence[dict[str, Any]]
) -> Scores:
    """Score exported interactions against the records whose `interactions` are coded."""
    by_article: dict[str, list[dict[str, Any]]] = {}
    for row in interactions:
        if isinstance(row.get("article"), str):
            by_article.setdefault(row["article"], []).append(row)
    scored = [r for r in records if r.interactions is not None]
    all_gold = [g for r in scored for g in r.interactions or []]
    # A code is scored only where the set codes it; gold sets without any interactions ([]
    # everywhere) still score both, so that every prediction counts as spurious.
    keys: list[tuple[str, _CodeMatch]] = [
        (key, match)
        for key, match in (("plover", plover_agrees), ("cameo", cameo_agrees))
        if not all_gold or any(getattr(g, key) is not None for g in all_gold)
    ]
    counts = {key: _Counts() for key, _ in keys}
    errors: list[DocError] = []
    for record in scored:
        gold = record.interactions or []
        pred = by_article.get(record.id, [])
        problems: list[str] = []
        cost = 0.0
        for key, match in keys:
            c = counts[key]
            pairs = _pair_counts(gold, pred, key, match)
            types = _type_counts(gold, pred, key, match)
            c.add(c.pairs, pairs)
            c.add(c.types, types)
            c.add(c.accuracy, _accuracy_counts(gold, pred, key, match))
            tp, n_pred, n_gold = types
            if tp < n_pred or tp < n_gold:
                cost += (n_pred - tp) + (n_gold - tp)
                problems.append(f"{key}: {tp} matched of {n_gold} gold and {n_pred} predicted")
            tp, n_pred, n_gold = pairs
            if tp < n_pred or tp < n_gold:
                cost += 0.5 * ((n_pred - tp) + (n_gold - tp))
                problems.append(f"actor+{key}: {tp} matched of {n_gold} gold, {n_pred} predicted")
        errors.append(
            DocError(
                id=record.id,
                cost=cost,
                problems=problems,
                gold=[g.model_dump(exclude={"native"}) for g in gold],
                prediction=pred,
            )
        )

    measures: list[Measure] = []
    for key, _ in keys:
        c = counts[key]
        measures += prf_measures(f"interactions.actor_{key}", *c.pairs)
        measures.append(accuracy(f"interactions.{key}.accuracy_actor_matched", *c.accuracy))
        measures += prf_measures(f"interactions.{key}_type", *c.types)
    return Scores(measures=measures, errors=errors)
