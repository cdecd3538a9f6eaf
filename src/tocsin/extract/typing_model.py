"""A small trained ACLED sub-event classifier that refines the rule coding of `types`.

The model is a multinomial logistic regression over two kinds of features of an incident's
text: lower-cased word unigrams and bigrams (TF-IDF weighted, L2-normalised) and the rule
coder's own output (the trigger categories found, and the sub-event the rules chose). Learning
from the rules' output lets it keep what they get right and fix their systematic confusions
(protest with / without intervention, disrupted weapons vs explosions, battles vs attacks).

It is pure numpy, ships as `tocsin/data/type_acled_model.npz` (vocabulary, idf, weights) and is
trained reproducibly by `scripts/train_type_model.py`. When the file is missing or the model is
not confident, callers keep the rule coding: the rules are always the fallback.
"""

from __future__ import annotations

import itertools
import re
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np
from numpy.typing import NDArray

MODEL_FILE = "type_acled_model.npz"
_TOKEN = re.compile(r"[a-z][a-z'-]*[a-z]|[a-z]|\d+")
# Digits carry little meaning beyond "a number was given"; fold them into one token.
_NUMBER = "<num>"


def tokens(text: str) -> list[str]:
    """Return the lower-cased word tokens of `text`, numbers folded to one symbol."""
    return [_NUMBER if t[0].isdigit() else t for t in _TOKEN.findall(text.lower())]


def text_features(text: str) -> list[str]:
    """Return the word unigram and bigram features of `text`."""
    toks = tokens(text)
    feats = [f"w:{t}" for t in toks]
    feats += [f"b:{a}_{b}" for a, b in itertools.pairwise(toks)]
    return feats


def rule_features(categories: Iterable[str], rule_subtype: str | None) -> list[str]:
    """Return the features that describe the rule coder's view of the incident."""
    feats = [f"c:{c}" for c in sorted(set(categories))]
    feats.append(f"r:{rule_subtype or 'none'}")
    return feats


@dataclass(frozen=True)
class TypeModel:
    """The loaded classifier: feature index, idf weights, weight matrix and class labels."""

    index: dict[str, int]
    idf: NDArray[np.float64]
    weights: NDArray[np.float64]  # (n_features + 1, n_classes); last row is the bias
    labels: tuple[str, ...]
    rule_weight: float  # scale of the rule features relative to the text features

    def vector(self, text_feats: Sequence[str], rule_feats: Sequence[str]) -> NDArray[np.float64]:
        """Return the feature vector (bias excluded) of one incident."""
        return featurize(self.index, self.idf, text_feats, rule_feats, self.rule_weight)

    def probabilities(self, text_feats: Sequence[str],
                      rule_feats: Sequence[str]) -> NDArray[np.float64]:
        """Return the class probabilities of one incident, in `labels` order."""
        x = self.vector(text_feats, rule_feats)
        z = x @ self.weights[:-1] + self.weights[-1]
        z = z - z.max()
        p = np.exp(z)
        return np.asarray(p / p.sum(), dtype=np.float64)

    def predict(self, text: str, categories: Iterable[str],
                rule_subtype: str | None) -> tuple[str, float]:
        """Return (ACLED sub-event type, probability) for an incident's text and rule view."""
        p = self.probabilities(text_features(text), rule_features(categories, rule_subtype))
        best = int(p.argmax())
        return self.labels[best], float(p[best])


def featurize(index: dict[str, int], idf: NDArray[np.float64], text_feats: Sequence[str],
              rule_feats: Sequence[str], rule_weight: float) -> NDArray[np.float64]:
    """Return a TF-IDF text vector (L2-normalised) plus binary rule features scaled."""
    x = np.zeros(len(index), dtype=np.float64)
    for f in text_feats:
        i = index.get(f)
        if i is not None:
            x[i] += 1.0
    x = np.log1p(x) * idf
    norm = float(np.linalg.norm(x))
    if norm > 0:
        x /= norm
    for f in rule_feats:
        i = index.get(f)
        if i is not None:
            x[i] = rule_weight
    return x


def save_model(path: str, model: TypeModel) -> None:
    """Write `model` to an .npz file that `load_model` reads."""
    names = sorted(model.index, key=model.index.__getitem__)
    np.savez_compressed(
        path,
        features=np.array(names, dtype=np.str_),
        idf=model.idf.astype(np.float32),
        weights=model.weights.astype(np.float32),
        labels=np.array(model.labels, dtype=np.str_),
        rule_weight=np.array([model.rule_weight], dtype=np.float32),
    )


def _from_npz(data: object) -> TypeModel:
    arrays = data  # np.lib.npyio.NpzFile
    features = [str(f) for f in arrays["features"]]  # type: ignore[index]
    return TypeModel(
        index={f: i for i, f in enumerate(features)},
        idf=np.asarray(arrays["idf"], dtype=np.float64),  # type: ignore[index]
        weights=np.asarray(arrays["weights"], dtype=np.float64),  # type: ignore[index]
        labels=tuple(str(x) for x in arrays["labels"]),  # type: ignore[index]
        rule_weight=float(arrays["rule_weight"][0]),  # type: ignore[index]
    )


@lru_cache(maxsize=1)
def load_model() -> TypeModel | None:
    """Return the shipped classifier, or None when the package ships none (rules only)."""
    ref = resources.files("tocsin.data").joinpath(MODEL_FILE)
    if not ref.is_file():
        return None
    with resources.as_file(ref) as path, np.load(path, allow_pickle=False) as data:
        return _from_npz(data)


# --- hashed linear models (incident relevance, GTD attack type) ------------------------------

# Feature strings are hashed into this many buckets: no vocabulary to ship, and a model file of
# a few MB whatever the training text.
HASH_DIM = 1 << 18
_DATA_PACKAGE = "tocsin.extract"


def feature_index(feature: str, dim: int = HASH_DIM) -> int:
    """Return the bucket of a feature string (CRC-32: stable across runs and platforms)."""
    return zlib.crc32(feature.encode("utf-8")) % dim


@dataclass(frozen=True)
class LinearModel:
    """A multinomial logistic regression over hashed, weighted features."""

    weights: NDArray[np.float32]  # (dim, n_classes)
    bias: NDArray[np.float32]  # (n_classes,)
    labels: tuple[str, ...]

    @property
    def dim(self) -> int:
        return int(self.weights.shape[0])

    def probabilities(self, features: Mapping[str, float]) -> NDArray[np.float64]:
        """Return the class probabilities of one example, in `labels` order."""
        z = self.bias.astype(np.float64).copy()
        for name, value in features.items():
            z += value * self.weights[feature_index(name, self.dim)]
        z -= z.max()
        p = np.exp(z)
        return np.asarray(p / p.sum(), dtype=np.float64)

    def probability(self, features: Mapping[str, float], label: str) -> float:
        """Return the probability of `label` for one example."""
        return float(self.probabilities(features)[self.labels.index(label)])


def save_linear(path: str, model: LinearModel) -> None:
    """Write `model` to an .npz file that `load_linear` reads."""
    np.savez_compressed(
        path,
        weights=model.weights.astype(np.float32),
        bias=model.bias.astype(np.float32),
        labels=np.array(model.labels, dtype=np.str_),
    )


@lru_cache(maxsize=4)
def load_linear(name: str) -> LinearModel | None:
    """Return the shipped model `name` (tocsin/extract/data/NAME.npz), or None when absent."""
    ref = resources.files(_DATA_PACKAGE).joinpath("data", f"{name}.npz")
    if not ref.is_file():
        return None
    with resources.as_file(ref) as path:
        return read_linear(str(path))


def read_linear(path: str) -> LinearModel:
    """Return the model saved at `path` by `save_linear`."""
    with np.load(path, allow_pickle=False) as data:
        return LinearModel(
            weights=np.asarray(data["weights"], dtype=np.float32),
            bias=np.asarray(data["bias"], dtype=np.float32),
            labels=tuple(str(x) for x in data["labels"]),
        )
