"""Train the incident relevance and GTD attack-type models shipped in tocsin/extract/data/.

Usage (from the repository root):
    .venv/bin/python scripts/train_incident_model.py ../shared/eval/dev/muc4.jsonl \\
        [--parsed /tmp/muc4.spacy] [--folds 5] [--cv-only]

Training documents: the DEV-MUC3-* messages of the MUC-4 gold file only; the TST1-MUC3-* and
TST2-MUC4-* messages are never trained on and are reported apart (document-level detection as
`tocsin evaluate` counts it: per message, min(#gold, #kept) detected; optional gold templates
are not missed).

Every candidate incident that `incidents.find_candidates` proposes is labelled by aligning the
candidates of a message with its gold templates the way the evaluator does
(`evaluate.incidents.align`): an aligned candidate is relevant (1), the others are not (0). The
relevance model learns that label; the type model learns the gold GTD attack type of the aligned
candidates. Both are L2-regularised logistic regressions over hashed features
(`typing_model.LinearModel`), fitted with L-BFGS: same data, same files.

`--parsed FILE` caches the spaCy parse (a DocBin) between runs; it is a cache only.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy import optimize, sparse

from tocsin.evaluate.gold import GoldRecord, read_gold
from tocsin.evaluate.incidents import align
from tocsin.extract.incidents import (
    RELEVANCE_MODEL,
    RELEVANCE_THRESHOLD,
    TYPE_MODEL,
    Candidate,
    find_candidates,
)
from tocsin.extract.nlp import load_nlp
from tocsin.extract.truecase import is_mostly_upper, prepare_text
from tocsin.extract.typing_model import HASH_DIM, LinearModel, feature_index, save_linear
from tocsin.models import Article

DATA = Path(__file__).resolve().parents[1] / "src" / "tocsin" / "extract" / "data"
L2 = 1.0
THRESHOLDS = tuple(round(0.2 + 0.05 * i, 2) for i in range(13))


def _split(record: GoldRecord) -> str:
    return record.id.split(":", 1)[-1].rsplit("-", 1)[0]


def _docs(records: Sequence[GoldRecord], cache: Path | None) -> list[Any]:
    from spacy.tokens import DocBin

    nlp = load_nlp()
    if cache is not None and cache.exists():
        docs = list(DocBin().from_disk(cache).get_docs(nlp.vocab))
        if len(docs) == len(records):
            return docs
    docs = list(nlp.pipe((prepare_text(r.text) for r in records), batch_size=32))
    if cache is not None:
        DocBin(docs=docs, store_user_data=True).to_disk(cache)
    return docs


def _as_export(c: Candidate) -> dict[str, Any]:
    m = c.mention
    return {
        "gtd_type": m.gtd_type, "date": m.date.iso if m.date else None,
        "killed": m.killed.value if m.killed else None,
        "injured": m.injured.value if m.injured else None,
        "kidnapped": m.kidnapped.value if m.kidnapped else None,
        "place": m.place.raw if m.place else None,
        "perpetrators": [p.name for p in m.perpetrators],
        "targets": [t.text for t in m.targets], "weapons": [w.text for w in m.weapons],
    }


Example = tuple[int, dict[str, float], int, str | None]  # (doc index, features, label, gtd type)


def build(records: Sequence[GoldRecord], docs: Sequence[Any]) -> list[Example]:
    """Return the labelled candidates of every record."""
    out: list[Example] = []
    for i, (rec, doc) in enumerate(zip(records, docs, strict=True)):
        doc.user_data["tocsin_upper_case"] = is_mostly_upper(rec.text)
        published = dt.date.fromisoformat(rec.published) if isinstance(rec.published, str) \
            else rec.published
        article = Article(id=rec.id, text=rec.text, published=published)
        cands = find_candidates(doc, article)
        gold = rec.incidents or []
        pairs = dict((pi, gi) for gi, pi in align(gold, [_as_export(c) for c in cands]))
        for j, c in enumerate(cands):
            g = gold[pairs[j]] if j in pairs else None
            out.append((i, c.features, int(g is not None), g.gtd_type if g else None))
    return out


def _matrix(feats: Sequence[dict[str, float]]) -> sparse.csr_matrix:
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    for r, f in enumerate(feats):
        merged: dict[int, float] = {}
        for name, value in f.items():
            k = feature_index(name)
            merged[k] = merged.get(k, 0.0) + value
        rows.extend([r] * len(merged))
        cols.extend(merged)
        vals.extend(merged.values())
    return sparse.csr_matrix((vals, (rows, cols)), shape=(len(feats), HASH_DIM))


def fit(feats: Sequence[dict[str, float]], labels: Sequence[str]) -> LinearModel:
    """Return a multinomial logistic regression (L2, L-BFGS) of `labels` on `feats`."""
    classes = tuple(sorted(set(labels)))
    x = _matrix(feats)
    y = np.zeros((len(labels), len(classes)))
    for i, lab in enumerate(labels):
        y[i, classes.index(lab)] = 1.0
    n, k = x.shape[0], len(classes)
    used = np.unique(x.indices)
    xs = x[:, used]

    def loss(theta: NDArray[np.float64]) -> tuple[float, NDArray[np.float64]]:
        w = theta[:-k].reshape(len(used), k)
        b = theta[-k:]
        z = xs @ w + b
        z -= z.max(axis=1, keepdims=True)
        logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        p = np.exp(logp)
        value = -(y * logp).sum() / n + 0.5 * L2 / n * (w * w).sum()
        diff = (p - y) / n
        grad_w = xs.T @ diff + L2 / n * w
        return float(value), np.concatenate([np.asarray(grad_w).ravel(), diff.sum(axis=0)])

    theta0 = np.zeros(len(used) * k + k)
    res = optimize.minimize(loss, theta0, jac=True, method="L-BFGS-B",
                            options={"maxiter": 200})
    w_full = np.zeros((HASH_DIM, k), dtype=np.float32)
    w_full[used] = res.x[:-k].reshape(len(used), k)
    return LinearModel(weights=w_full, bias=res.x[-k:].astype(np.float32), labels=classes)


def detection(records: Sequence[GoldRecord], kept: dict[int, int]) -> tuple[float, float, float]:
    """Return document-level detection (P, R, F1) given the number of incidents kept per doc."""
    tp = n_pred = n_gold = 0
    for i, rec in enumerate(records):
        gold = rec.incidents or []
        p = kept.get(i, 0)
        pairs = min(p, len(gold))
        # The evaluator leaves optional gold unmatched first; those are not missed.
        missed = max(0, sum(not g.optional for g in gold) - pairs)
        tp += pairs
        n_pred += p
        n_gold += pairs + missed
    prec = tp / n_pred if n_pred else 0.0
    rec_ = tp / n_gold if n_gold else 0.0
    f1 = 2 * prec * rec_ / (prec + rec_) if prec + rec_ else 0.0
    return prec, rec_, f1


def _kept(probs: Sequence[tuple[int, float]], threshold: float) -> dict[int, int]:
    kept: dict[int, int] = {}
    for doc_i, p in probs:
        if p >= threshold:
            kept[doc_i] = kept.get(doc_i, 0) + 1
    return kept


def _probs(model: LinearModel, data: Sequence[Example]) -> list[tuple[int, float]]:
    return [(e[0], model.probability(e[1], "1")) for e in data]


def _type_examples(data: Sequence[Example]) -> list[tuple[dict[str, float], str]]:
    return [(f, t) for _, f, lab, t in data if lab == 1 and t is not None]


def type_accuracy(model: LinearModel, data: Sequence[Example]) -> tuple[float, float]:
    """Return (rule accuracy, model accuracy) of the GTD type on the relevant candidates."""
    ex = _type_examples(data)
    if not ex:
        return 0.0, 0.0
    rule = sum(f.get(f"g:{t}", 0.0) > 0 for f, t in ex) / len(ex)
    got = sum(model.labels[int(model.probabilities(f).argmax())] == t for f, t in ex) / len(ex)
    return rule, got


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", type=Path)
    parser.add_argument("--parsed", type=Path, default=None)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--cv-only", action="store_true")
    args = parser.parse_args()
    records = read_gold(args.gold)
    docs = _docs(records, args.parsed)
    data = build(records, docs)
    split_of = [_split(r) for r in records]
    train = [e for e in data if split_of[e[0]] == "DEV-MUC3"]
    train_docs = sorted({e[0] for e in train})
    print(f"{len(train)} training candidates from {len(train_docs)} DEV-MUC3 messages, "
          f"{sum(e[2] for e in train)} relevant")

    # Cross-validation over DEV-MUC3 messages (folds by message, fixed order).
    fold_of = {d: k % args.folds for k, d in enumerate(train_docs)}
    sums: dict[float, list[float]] = {t: [0.0, 0.0, 0.0] for t in THRESHOLDS}
    type_sums = [0.0, 0.0]
    for k in range(args.folds):
        tr = [e for e in train if fold_of[e[0]] != k]
        te = [e for e in train if fold_of[e[0]] == k]
        model = fit([e[1] for e in tr], [str(e[2]) for e in tr])
        held = [records[d] for d in train_docs if fold_of[d] == k]
        index = {d: j for j, d in enumerate(d for d in train_docs if fold_of[d] == k)}
        probs = _probs(model, te)
        for t in THRESHOLDS:
            kept = _kept(probs, t)
            for i, v in enumerate(detection(held, {index[d]: n for d, n in kept.items()})):
                sums[t][i] += v / args.folds
        tex = _type_examples(tr)
        tmodel = fit([f for f, _ in tex], [t for _, t in tex])
        for i, v in enumerate(type_accuracy(tmodel, te)):
            type_sums[i] += v / args.folds
    for t, (p, r, f) in sums.items():
        print(f"cv threshold {t:.2f}: detection P {p:.3f} R {r:.3f} F1 {f:.3f}")
    best = max(sums, key=lambda t: sums[t][2])
    print(f"best threshold {best:.2f}; cv gtd_type on relevant candidates: rules "
          f"{type_sums[0]:.3f}, model {type_sums[1]:.3f}")

    model = fit([e[1] for e in train], [str(e[2]) for e in train])
    tex = _type_examples(train)
    tmodel = fit([f for f, _ in tex], [t for _, t in tex])
    for split in ("TST1-MUC3", "TST2-MUC4"):
        ids = [i for i, s in enumerate(split_of) if s == split]
        test = [e for e in data if split_of[e[0]] == split]
        index = {d: j for j, d in enumerate(ids)}
        probs = _probs(model, test)
        for t in sorted({best, RELEVANCE_THRESHOLD}):
            kept = _kept(probs, t)
            p, r, f = detection([records[i] for i in ids], {index[d]: n for d, n in kept.items()})
            print(f"{split} (not trained on) threshold {t:.2f}: detection P {p:.3f} R {r:.3f} "
                  f"F1 {f:.3f}")
        rule_keep: dict[int, int] = {}
        for d, feats, _, _ in test:
            if feats.get("keep:1"):
                rule_keep[index[d]] = rule_keep.get(index[d], 0) + 1
        p, r, f = detection([records[i] for i in ids], rule_keep)
        print(f"{split} rules alone: detection P {p:.3f} R {r:.3f} F1 {f:.3f}")
        ra, ma = type_accuracy(tmodel, test)
        print(f"{split} gtd_type on relevant candidates: rules {ra:.3f}, model {ma:.3f}")
    if not args.cv_only:
        DATA.mkdir(parents=True, exist_ok=True)
        for name, m in ((RELEVANCE_MODEL, model), (TYPE_MODEL, tmodel)):
            out = DATA / f"{name}.npz"
            save_linear(str(out), m)
            print(f"wrote {out} ({out.stat().st_size} bytes, labels {m.labels})")


if __name__ == "__main__":
    main()
