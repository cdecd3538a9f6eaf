"""Train the MUC-4 role-filler classifier shipped as tocsin/extract/data/roles_muc4_model.npz.

    .venv/bin/python scripts/train_role_model.py [--dev ../shared/eval/dev] [--parsed FILE]

Training documents: the DEV-MUC3-* messages of muc4.jsonl only, with the role fillers of
muc4_ree.jsonl as labels. The TST1/TST2 messages are held out and scored at the end (document
level CEAF-REE as FORMAT.md defines it, extraction only: no cross-message merging).

Candidates are the noun phrases `roles.candidate_spans` finds in the sentences the incident
coder gives each incident (`find_incidents`, as at run time) and in the sentences around them
(`roles.context_ranges`, marked as context; `roles.unique_candidates`); a candidate's label is
the role of the gold entity one of whose mentions it equals after normalisation, else "none".
The model is a multinomial logistic regression (scipy L-BFGS, L2); the per-role probability
thresholds are chosen on out-of-fold predictions over the training documents (3-fold
cross-validation).
`--parsed` reuses a spaCy DocBin of the muc4.jsonl texts (in file order) to skip parsing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse
from scipy.optimize import minimize

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "src" / "tocsin" / "extract" / "data"


def parse_docs(records: list[dict[str, Any]], parsed: str | None) -> list[Any]:
    from spacy.tokens import DocBin

    from tocsin.extract.nlp import load_nlp
    from tocsin.extract.truecase import prepare_text

    nlp = load_nlp()
    if parsed:
        return list(DocBin().from_disk(parsed).get_docs(nlp.vocab))
    return list(nlp.pipe((prepare_text(r["text"]) for r in records), batch_size=32))


def incident_ranges(doc: Any, record: dict[str, Any]) -> list[tuple[int, int]]:
    """Return the sentence ranges the incident coder hands the role finders for `doc`."""
    import tocsin.extract.incidents as incidents
    from tocsin.extract.truecase import is_mostly_upper
    from tocsin.models import Article

    seen: list[tuple[int, int]] = []
    original = incidents.find_targets

    def spy(d: Any, text: str, ranges: list[tuple[int, int]]) -> Any:
        seen.extend(r for r in ranges if r not in seen)
        return original(d, text, ranges)

    pub = record.get("published")
    article = Article(id=record["id"], text=record["text"], content_hash=record["id"],
                      published=dt.date.fromisoformat(pub) if pub else None)
    doc.user_data["tocsin_upper_case"] = is_mostly_upper(article.text)
    incidents.find_targets = spy  # type: ignore[assignment]
    try:
        incidents.find_incidents(doc, article)
    finally:
        incidents.find_targets = original  # type: ignore[assignment]
    return sorted(seen)


def examples(doc: Any, record: dict[str, Any], ree: dict[str, list[list[str]]],
             ranges: list[tuple[int, int]]) -> list[tuple[tuple[int, int, int, str], list[str],
                                                           str]]:
    from tocsin.evaluate.matching import ree_normalise
    from tocsin.extract.roles import (
        ROLE_LABELS,
        candidate_features,
        doc_salience,
        unique_candidates,
    )

    gold = {role: {ree_normalise(m) for ent in ree.get(role, []) for m in ent}
            for role in ROLE_LABELS[1:]}
    salience = doc_salience(doc)
    out = []
    for cand in unique_candidates(doc, ranges):
        norm = ree_normalise(record["text"][cand[0]:cand[1]])
        label = next((r for r in ROLE_LABELS[1:] if norm in gold[r]), "none")
        out.append((cand, candidate_features(doc, record["text"], cand, salience), label))
    return out


def train(feats: Sequence[list[str]], labels: Sequence[int], n_labels: int, *,
          l2: float, min_count: int = 2) -> tuple[dict[str, int], np.ndarray]:
    counts: dict[str, int] = {}
    for fs in feats:
        for f in set(fs):
            counts[f] = counts.get(f, 0) + 1
    index = {f: i for i, f in enumerate(sorted(f for f, c in counts.items() if c >= min_count))}
    rows, cols = [], []
    for r, fs in enumerate(feats):
        for f in set(fs):
            i = index.get(f)
            if i is not None:
                rows.append(r)
                cols.append(i)
    n, d = len(feats), len(index)
    x = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, d))
    x = sparse.hstack([x, np.ones((n, 1))]).tocsr()
    y = np.zeros((n, n_labels))
    y[np.arange(n), labels] = 1.0

    def loss(w_flat: np.ndarray) -> tuple[float, np.ndarray]:
        w = w_flat.reshape(d + 1, n_labels)
        z = x @ w
        z -= z.max(axis=1, keepdims=True)
        logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        reg = w[:-1]
        value = -(y * logp).sum() + 0.5 * l2 * (reg * reg).sum()
        grad = x.T @ (np.exp(logp) - y)
        grad[:-1] += l2 * reg
        return float(value), np.asarray(grad).ravel()

    res = minimize(loss, np.zeros((d + 1) * n_labels), jac=True, method="L-BFGS-B",
                   options={"maxiter": 250})
    return index, res.x.reshape(d + 1, n_labels)


def probabilities(index: dict[str, int], w: np.ndarray, feats: list[str]) -> np.ndarray:
    z = w[-1].copy()
    for f in set(feats):
        i = index.get(f)
        if i is not None:
            z += w[i]
    z -= z.max()
    p = np.exp(z)
    return p / p.sum()


def decode(doc: list[str], scored: list[tuple[tuple[int, int, int, str], np.ndarray]],
           text: str, thresholds: dict[str, float]) -> dict[str, list[str]]:
    """The decoding of `roles.role_fillers`, over precomputed probabilities."""
    from tocsin.extract.roles import _NAMED_ROLES, ROLE_LABELS, _same_entity

    best: dict[tuple[str, str], tuple[float, str]] = {}
    for cand, p in scored:
        k = 1 + int(p[1:].argmax())
        role = ROLE_LABELS[k]
        if p[k] < thresholds.get(role, 0.5):
            continue
        key = (role, doc[cand[2]])
        if key not in best or p[k] > best[key][0]:
            best[key] = (float(p[k]), text[cand[0]:cand[1]])
    out: dict[str, list[str]] = {r: [] for r in ROLE_LABELS[1:]}
    for (role, _), (_, s) in sorted(best.items(), key=lambda kv: -kv[1][0]):
        if role in _NAMED_ROLES and any(_same_entity(s, o) for o in out[role]):
            continue
        out[role].append(s)
    return out


def ree_score(docs: list[Any], texts: list[str], golds: list[dict[str, Any]],
              scored: list[list[Any]], thresholds: dict[str, float]) -> dict[str, list[int]]:
    from tocsin.evaluate.matching import ree_normalise
    from tocsin.evaluate.ree import role_counts
    from tocsin.extract.roles import ROLE_LABELS

    tot = {r: [0, 0, 0] for r in ROLE_LABELS[1:]}
    for doc, text, gold, sc in zip(docs, texts, golds, scored, strict=True):
        pred = decode(doc, sc, text, thresholds)
        for role in ROLE_LABELS[1:]:
            norm = list(dict.fromkeys(ree_normalise(s) for s in pred[role]))
            c = role_counts(gold.get(role, []), norm)
            for i in range(3):
                tot[role][i] += c[i]
    return tot


def f1(t: Sequence[int]) -> float:
    p = t[0] / t[1] if t[1] else 0.0
    r = t[0] / t[2] if t[2] else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dev", default=str(REPO.parent / "shared" / "eval" / "dev"))
    ap.add_argument("--parsed", default=None)
    ap.add_argument("--l2", type=float, default=1.0)
    ap.add_argument("--cache", default=None,
                    help="JSON of the incident sentence ranges per document (read or written)")
    ap.add_argument("--out", default=str(OUT / "roles_muc4_model.npz"))
    args = ap.parse_args()

    from tocsin.evaluate.ree import is_tst
    from tocsin.extract.roles import ROLE_LABELS, RoleModel, save_role_model

    dev = Path(args.dev)
    records = [json.loads(line) for line in (dev / "muc4.jsonl").open(encoding="utf-8")]
    ree = {json.loads(line)["id"]: json.loads(line)["ree"]
           for line in (dev / "muc4_ree.jsonl").open(encoding="utf-8")}
    docs = parse_docs(records, args.parsed)
    cached: dict[str, list[list[int]]] = {}
    if args.cache and Path(args.cache).is_file():
        cached = json.loads(Path(args.cache).read_text(encoding="utf-8"))
    data = []
    for n, (doc, rec) in enumerate(zip(docs, records, strict=True)):
        ranges = [tuple(r) for r in cached[rec["id"]]] if rec["id"] in cached else \
            incident_ranges(doc, rec)
        cached[rec["id"]] = [list(r) for r in ranges]
        ex = examples(doc, rec, ree[rec["id"]], ranges)  # type: ignore[arg-type]
        # Documents are kept as their lemmas: all that decoding needs of the parse.
        data.append(([t.lemma_.lower() for t in doc], rec, ex))
        if n % 250 == 0:
            print(f"{n} documents read", file=sys.stderr)
    if args.cache:
        Path(args.cache).write_text(json.dumps(cached), encoding="utf-8")
    del docs
    train_set = [d for d in data if not is_tst(d[1]["id"])]
    test_set = [d for d in data if is_tst(d[1]["id"])]
    label_id = {label: i for i, label in enumerate(ROLE_LABELS)}

    def fit(part: list[Any]) -> tuple[dict[str, int], np.ndarray]:
        feats = [f for _, _, ex in part for _, f, _ in ex]
        labels = [label_id[lab] for _, _, ex in part for _, _, lab in ex]
        return train(feats, labels, len(ROLE_LABELS), l2=args.l2)

    # Thresholds from out-of-fold predictions on the training documents.
    folds = 3
    oof: list[list[Any]] = [[] for _ in train_set]
    for k in range(folds):
        index, w = fit([d for i, d in enumerate(train_set) if i % folds != k])
        for i, (_, _, ex) in enumerate(train_set):
            if i % folds == k:
                oof[i] = [(c, probabilities(index, w, f)) for c, f, _ in ex]
    docs_tr = [d[0] for d in train_set]
    texts_tr = [d[1]["text"] for d in train_set]
    golds_tr = [ree[d[1]["id"]] for d in train_set]
    thresholds: dict[str, float] = {}
    for role in ROLE_LABELS[1:]:
        best = (-1.0, 0.5)
        for t in (0.05, 0.08, 0.1, 0.12, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6, 0.7):
            th = {r: (t if r == role else 1.1) for r in ROLE_LABELS[1:]}
            score = f1(ree_score(docs_tr, texts_tr, golds_tr, oof, th)[role])
            if score > best[0]:
                best = (score, float(round(t, 2)))
        thresholds[role] = best[1]
        print(f"threshold {role}: {best[1]} (out-of-fold F1 {best[0]:.3f})", file=sys.stderr)
    index, w = fit(train_set)
    model = RoleModel(index=index, weights=w.astype(np.float32), labels=ROLE_LABELS,
                      thresholds=thresholds)
    save_role_model(args.out, model)
    scored = [[(c, model.probabilities(f)) for c, f, _ in ex] for _, _, ex in test_set]
    tot = ree_score([d[0] for d in test_set], [d[1]["text"] for d in test_set],
                    [ree[d[1]["id"]] for d in test_set], scored, thresholds)
    micro = [sum(t[i] for t in tot.values()) for i in range(3)]
    print(f"trained on {len(train_set)} DEV-MUC3 documents, {len(index)} features; "
          f"held-out TST1/TST2 ({len(test_set)} documents):", file=sys.stderr)
    for role, counts in tot.items():
        print(f"  {role:8} F1 {f1(counts):.3f}  (matched, predicted, gold) = {counts}",
              file=sys.stderr)
    print(f"  {'all':8} F1 {f1(micro):.3f}  {micro}", file=sys.stderr)


if __name__ == "__main__":
    main()
