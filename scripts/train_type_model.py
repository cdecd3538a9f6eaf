"""Train the ACLED sub-event classifier shipped as tocsin/data/type_acled_model.npz.

Usage (from the repository root):
    .venv/bin/python scripts/train_type_model.py ../shared/eval/dev/case2021.jsonl \\
        [--out src/tocsin/data/type_acled_model.npz] [--folds 5] [--cv-only]

Training data: gold records of a tocsin eval file (FORMAT.md) that have exactly one incident
with an `acled_subtype` (the CASE 2021 snippets). First it reports cross-validated figures:
accuracy on the training folds and on the held-out fold, for the rules alone, the model alone
and the combination `types.code_incident` uses. Folds are stratified by sub-event and grouped:
snippets whose word-bigram sets overlap by Jaccard >= 0.3 (the same report twice, or a
re-worded copy) share a fold, so a near-duplicate never sits on both sides. `--errors` prints
the held-out confusions. Then it trains on every record and writes the model. Deterministic:
same data, same file.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import re
from collections import Counter
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from tocsin.extract.types import CODES, choose_subtype, find_triggers, rule_view
from tocsin.extract.typing_model import (
    TypeModel,
    featurize,
    rule_features,
    save_model,
    text_features,
)

# The rule features' scale against the L2-normalised text vector: low enough that the words
# can overrule the rules' systematic confusions (cross-validated sub-event accuracy of the model
# alone: 0.792 at 1.0, 0.813 at 0.3, 0.809 at 0.2).
RULE_WEIGHT = 0.3
NEAR_DUPLICATE = 0.3
L2 = 3e-4
STEPS = 300
LEARNING_RATE = 2.0
MIN_DF = 2

_TYPE_OF = {sub: acled_type for _, acled_type, sub in CODES.values()}
_TYPE_OF["Other"] = "Strategic developments"


def load_examples(path: Path) -> list[tuple[str, list[str], list[str], str | None, str]]:
    """Return (text, text features, rule features, rule sub-event, gold sub-event) per record."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        incidents = rec.get("incidents") or []
        if len(incidents) != 1 or not incidents[0].get("acled_subtype"):
            continue
        text = rec["text"]
        cats, rule_sub = rule_view(find_triggers(text), text)
        out.append((text, text_features(text), rule_features(cats, rule_sub), rule_sub,
                    incidents[0]["acled_subtype"]))
    return out


def fit(examples: list[tuple[str, list[str], list[str], str | None, str]]) -> TypeModel:
    """Return a logistic-regression model trained on `examples`."""
    df: Counter[str] = Counter()
    for _, tf, _rf, _, _ in examples:
        df.update(set(tf))
    text_vocab = sorted(f for f, n in df.items() if n >= MIN_DF)
    rule_vocab = sorted({f for _, _, rf, _, _ in examples for f in rf})
    names = text_vocab + rule_vocab
    index = {f: i for i, f in enumerate(names)}
    n_docs = len(examples)
    idf = np.array([math.log((1 + n_docs) / (1 + df[f])) + 1.0 for f in text_vocab]
                   + [1.0] * len(rule_vocab))
    labels = tuple(sorted({e[4] for e in examples}))
    x = np.stack([featurize(index, idf, tf, rf, RULE_WEIGHT) for _, tf, rf, _, _ in examples])
    x = np.hstack([x, np.ones((n_docs, 1))])
    y = np.zeros((n_docs, len(labels)))
    for i, e in enumerate(examples):
        y[i, labels.index(e[4])] = 1.0
    w = _train(x, y)
    return TypeModel(index=index, idf=idf, weights=w, labels=labels, rule_weight=RULE_WEIGHT)


def _train(x: NDArray[np.float64], y: NDArray[np.float64]) -> NDArray[np.float64]:
    # Full-batch gradient descent with momentum on the softmax cross-entropy + L2 (no bias decay).
    w = np.zeros((x.shape[1], y.shape[1]))
    velocity = np.zeros_like(w)
    for _ in range(STEPS):
        z = x @ w
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        grad = x.T @ (p - y) / len(x)
        grad[:-1] += L2 * w[:-1]
        velocity = 0.9 * velocity - LEARNING_RATE * grad
        w += velocity
    return w


def combined(model: TypeModel, e: tuple[str, list[str], list[str], str | None, str]) -> str | None:
    """Return the sub-event `code_incident` would give (`types.choose_subtype`)."""
    if e[3] is None:
        return None  # no eventive trigger: the rules code no incident, the model does not add one
    p = model.probabilities(e[1], e[2])
    cats = {f[2:] for f in e[2] if f.startswith("c:")}
    return choose_subtype(model.labels, [float(x) for x in p], cats, e[3])


def _scores(model: TypeModel, data: list[tuple[str, list[str], list[str], str | None, str]]
            ) -> dict[str, float]:
    # Figures over the records where the rules find an event (those the pipeline codes).
    data = [e for e in data if e[3] is not None]
    n = len(data)
    rules = sum(e[3] == e[4] for e in data) / n
    alone = sum(model.labels[int(model.probabilities(e[1], e[2]).argmax())] == e[4]
                for e in data) / n
    preds = [combined(model, e) for e in data]
    comb = sum(p == e[4] for p, e in zip(preds, data, strict=True)) / n
    comb_type = sum(p is not None and _TYPE_OF.get(p) == _TYPE_OF.get(e[4])
                    for p, e in zip(preds, data, strict=True)) / n
    return {"rules_subtype": rules, "model_subtype": alone, "combined_subtype": comb,
            "combined_type": comb_type}


def near_duplicate_groups(texts: list[str]) -> list[int]:
    """Return a group id per text: texts with word-bigram Jaccard >= NEAR_DUPLICATE share one."""
    shingles = [set(itertools.pairwise(re.findall(r"[a-z]+", t.lower()))) for t in texts]
    parent = list(range(len(texts)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in itertools.combinations(range(len(texts)), 2):
        a, b = shingles[i], shingles[j]
        if a and b and len(a & b) / len(a | b) >= NEAR_DUPLICATE:
            parent[root(i)] = root(j)
    return [root(i) for i in range(len(texts))]


def grouped_folds(examples: list[tuple[str, list[str], list[str], str | None, str]],
                  folds: int) -> list[int]:
    """Return a fold per example: stratified by gold sub-event, near-duplicates together."""
    rng = np.random.default_rng(0)
    groups: dict[int, list[int]] = {}
    for i, g in enumerate(near_duplicate_groups([e[0] for e in examples])):
        groups.setdefault(g, []).append(i)
    by_label: dict[str, list[int]] = {}
    for g, ids in groups.items():
        by_label.setdefault(examples[ids[0]][4], []).append(g)
    fold_of = [0] * len(examples)
    dealt = 0  # deal groups round-robin across labels so that folds have even sizes
    for label in sorted(by_label):
        gs = by_label[label]
        for j in rng.permutation(len(gs)):
            for i in groups[gs[j]]:
                fold_of[i] = dealt % folds
            dealt += 1
    return fold_of


def cross_validate(examples: list[tuple[str, list[str], list[str], str | None, str]],
                   folds: int, errors: bool = False) -> None:
    """Print mean train-fold and held-out-fold figures over grouped, stratified folds."""
    fold_of = grouped_folds(examples, folds)
    sums: dict[str, list[float]] = {}
    confusions: Counter[tuple[str, str | None]] = Counter()
    for k in range(folds):
        train = [e for i, e in enumerate(examples) if fold_of[i] != k]
        test = [e for i, e in enumerate(examples) if fold_of[i] == k]
        model = fit(train)
        for part, data in (("train", train), ("held_out", test)):
            for name, value in _scores(model, data).items():
                sums.setdefault(f"{part}.{name}", []).append(value)
        confusions.update((e[4], combined(model, e)) for e in test if e[3] is not None)
    for name, values in sums.items():
        print(f"{name:32s} {sum(values) / len(values):.3f}")
    if errors:
        for (gold, got), n in confusions.most_common():
            if gold != got:
                print(f"{n:3d}  {gold} -> {got}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", type=Path)
    parser.add_argument("--out", type=Path,
                        default=Path(__file__).resolve().parents[1] / "src" / "tocsin" / "data"
                        / "type_acled_model.npz")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--cv-only", action="store_true")
    parser.add_argument("--errors", action="store_true", help="print held-out confusions")
    args = parser.parse_args()
    examples = load_examples(args.gold)
    print(f"{len(examples)} examples, {len({e[4] for e in examples})} sub-event types")
    cross_validate(examples, args.folds, args.errors)
    if not args.cv_only:
        model = fit(examples)
        save_model(str(args.out), model)
        print(f"wrote {args.out} ({args.out.stat().st_size} bytes, {len(model.index)} features)")


if __name__ == "__main__":
    main()
