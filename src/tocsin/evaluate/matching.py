"""Matching rules shared by the scorers: text folding, head-noun matching, one-to-one alignment."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from typing import Any

_PUNCT = re.compile(r"[^\w\s]|_")
_SPACES = re.compile(r"\s+")
_ARTICLES = frozenset({"a", "an", "the"})
# Function words that never carry an entity's identity ("the leader of the FMLN").
_STOP_WORDS = frozenset(
    (
        *("a", "an", "the", "this", "that", "these", "those", "some"),
        *("of", "and", "or", "in", "on", "at", "to", "for", "by", "with", "from", "into", "near"),
        *("its", "his", "her", "their"),
    )
)


def fold(text: str) -> str:
    """Return `text` lower-cased, without accents or punctuation, with single spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", _PUNCT.sub("", bare.lower())).strip()


def ree_normalise(text: str) -> str:
    """Return a role filler normalised as CEAF-REE does: lower-case, no punctuation, no a/an/the."""
    return " ".join(t for t in fold(text).split() if t not in _ARTICLES)


def content_words(text: str) -> list[str]:
    """Return the folded words of `text` without stop words."""
    return [t for t in fold(text).split() if t not in _STOP_WORDS]


def head_match(predicted: str, names: Sequence[str]) -> bool:
    """Whether a predicted string matches a gold entity (MUC-style head-noun rule).

    It matches when its content words equal one of the entity's names, or contain that name's
    last content word (its head noun: "three FMLN guerrillas" matches "GUERRILLAS").
    """
    words = content_words(predicted)
    if not words:
        return False
    for name in names:
        gold = content_words(name)
        if gold and (words == gold or gold[-1] in words):
            return True
    return False


def entity_text(value: Any) -> str | None:
    """Return the text of a predicted entity: a string, or a dict's `name` or `text`."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        for key in ("name", "text"):
            text = value.get(key)
            if isinstance(text, str):
                return text
    return None


def assign(weights: Sequence[Sequence[float]]) -> list[tuple[int, int]]:
    """Return the (row, column) pairs of a one-to-one assignment maximising the total weight.

    Pairs of weight 0 or less are dropped: they are not matches.
    """
    if not weights or not weights[0]:
        return []
    from scipy.optimize import linear_sum_assignment  # scipy is slow to import; only here

    rows, cols = linear_sum_assignment(weights, maximize=True)
    return [(int(r), int(c)) for r, c in zip(rows, cols, strict=True) if weights[r][c] > 0]


def count_matches(
    predicted: Sequence[Any], gold: Sequence[Any], ok: Callable[[Any, Any], bool]
) -> int:
    """Return the size of the largest one-to-one matching under `ok` (each side used once)."""
    weights = [[1.0 if ok(p, g) else 0.0 for g in gold] for p in predicted]
    return len(assign(weights))


@lru_cache(maxsize=512)
def country_names(code: str) -> tuple[str, ...]:
    """Return the English names of an ISO 3166-1 alpha-2 country code (none when unknown)."""
    import pycountry  # its database loads lazily; keep it out of import time

    country = pycountry.countries.get(alpha_2=code.upper())
    if country is None:
        return ()
    names = [country.name]
    for attr in ("common_name", "official_name"):
        value = getattr(country, attr, None)
        if isinstance(value, str) and value not in names:
            names.append(value)
    return tuple(names)


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float | None, float | None, float | None]:
    """Return precision, recall and F1; a measure with an empty denominator is None."""
    precision = tp / n_pred if n_pred else None
    recall = tp / n_gold if n_gold else None
    total = n_pred + n_gold
    return precision, recall, (2 * tp / total if total else None)


def nonempty(values: Iterable[str | None]) -> list[str]:
    """Return the strings among `values` that are not None or blank."""
    return [v for v in values if v is not None and v.strip()]
