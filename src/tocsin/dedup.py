"""Near-duplicate detection: the same story syndicated, re-posted or lightly edited.

`Deduper.check(article)` gives the id of an earlier article that the article duplicates: the
same content hash, or MinHash-estimated Jaccard similarity of word 5-shingles at or above the
threshold (datasketch MinHashLSH). Texts of fewer than `MIN_WORDS` words only match exactly:
their shingle sets are too small for a similarity to mean anything. Signatures can be saved
(`signature`) and loaded into a new Deduper (`add_signature`), so a run can be seeded with
what an earlier run stored.
"""

from __future__ import annotations

import re
import zlib
from functools import lru_cache

import numpy as np

from tocsin.clean import content_hash
from tocsin.errors import BadOption
from tocsin.models import Article

__all__ = ["MIN_WORDS", "SHINGLE_WORDS", "Deduper"]

SHINGLE_WORDS = 5
MIN_WORDS = 8
# Fixed, with the hash function, so that signatures from different runs and machines compare.
# crc32 is enough: datasketch mixes each hash before permuting it, and it is 10x faster than
# the default sha1.
_SEED = 1
# datasketch's "affine32" scheme: 32-bit hash values, the default since datasketch 2.0.
_SCHEME = "affine32"
_HASH_DTYPE = np.dtype("<u4")
_WORD = re.compile(r"\w+")


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _shingles(words: list[str]) -> list[bytes]:
    if len(words) < SHINGLE_WORDS:
        return [" ".join(words).encode("utf-8")]
    return list(
        {" ".join(words[i : i + SHINGLE_WORDS]).encode("utf-8") for i in range(len(words) - 4)}
    )


@lru_cache(maxsize=8)
def _permutations(num_perm: int) -> tuple[np.ndarray, np.ndarray]:
    from datasketch import MinHash

    # The random permutations depend only on (num_perm, seed); computing them once per size
    # instead of once per MinHash is most of the speed of this module.
    template = MinHash(num_perm=num_perm, seed=_SEED, scheme=_SCHEME)
    a, b = template.permutations
    return a, b


class Deduper:
    """Remembers the articles it was given and says which earlier one a new article repeats."""

    def __init__(self, threshold: float = 0.85, num_perm: int = 64) -> None:
        if not 0.0 < threshold <= 1.0:
            raise BadOption(f"dedup threshold must be in (0, 1], got {threshold}")
        if num_perm < 16:
            raise BadOption(f"dedup num_perm must be at least 16, got {num_perm}")
        from datasketch import MinHashLSH

        self.threshold = threshold
        self.num_perm = num_perm
        self._lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self._by_hash: dict[str, str] = {}
        self._minhashes: dict[str, object] = {}
        self._ids: set[str] = set()
        self._last: tuple[str, object] | None = None

    def __len__(self) -> int:
        """Return how many articles were added."""
        return len(self._ids)

    def _minhash(self, text: str) -> object:
        # `check` then `add` of the same article is the usual sequence: compute once.
        if self._last is not None and self._last[0] == text:
            return self._last[1]
        mh = self._compute_minhash(text)
        self._last = (text, mh)
        return mh

    def _compute_minhash(self, text: str) -> object:
        from datasketch import MinHash

        mh = MinHash(
            num_perm=self.num_perm,
            seed=_SEED,
            hashfunc=zlib.crc32,
            permutations=_permutations(self.num_perm),
            scheme=_SCHEME,
        )
        mh.update_batch(_shingles(_words(text)))
        return mh

    def _from_signature(self, signature: bytes) -> object:
        from datasketch import MinHash

        expected = self.num_perm * _HASH_DTYPE.itemsize
        if len(signature) != expected:
            raise BadOption(
                f"dedup signature has {len(signature)} bytes, expected {expected} for "
                f"num_perm={self.num_perm}; was it made with another num_perm?"
            )
        values = np.frombuffer(signature, dtype=_HASH_DTYPE).astype(np.uint32)
        return MinHash(
            num_perm=self.num_perm,
            seed=_SEED,
            hashvalues=values,
            hashfunc=zlib.crc32,
            permutations=_permutations(self.num_perm),
            scheme=_SCHEME,
        )

    @staticmethod
    def _hash_of(article: Article) -> str:
        return article.content_hash or content_hash(article.text)

    def signature(self, article: Article) -> bytes:
        """Return the article's MinHash signature as bytes (num_perm little-endian uint32)."""
        # An article given to `add` has its MinHash already; the pipeline asks for it later.
        mh = self._minhashes.get(article.id)
        if mh is None:
            mh = self._minhash(article.text)
        values = np.asarray(mh.hashvalues, dtype=_HASH_DTYPE)  # type: ignore[attr-defined]
        return values.tobytes()

    def check(self, article: Article) -> str | None:
        """Return the id of an earlier article that `article` duplicates, else None."""
        earlier = self._by_hash.get(self._hash_of(article))
        if earlier is not None and earlier != article.id:
            return earlier
        if len(_words(article.text)) < MIN_WORDS:
            return None
        mh = self._minhash(article.text)
        return self._best_match(mh, exclude=article.id)

    def _best_match(self, mh: object, *, exclude: str) -> str | None:
        best: tuple[float, str] | None = None
        for key in self._lsh.query(mh):
            if key == exclude:
                continue
            similarity = mh.jaccard(self._minhashes[key])  # type: ignore[attr-defined]
            if similarity >= self.threshold and (best is None or similarity > best[0]):
                best = (similarity, key)
        return best[1] if best else None

    def add(self, article: Article) -> None:
        """Remember `article` so that later articles are checked against it."""
        self._remember(article.id, self._hash_of(article), article.text, None)

    def add_signature(self, article_id: str, content_hash: str, signature: bytes) -> None:
        """Remember an article stored earlier, from its content hash and saved signature."""
        self._remember(article_id, content_hash, None, signature)

    def _remember(
        self, article_id: str, digest: str, text: str | None, signature: bytes | None
    ) -> None:
        self._by_hash.setdefault(digest, article_id)
        self._ids.add(article_id)
        if article_id in self._minhashes:
            return
        if text is not None:
            if len(_words(text)) < MIN_WORDS:
                return
            mh = self._minhash(text)
        elif signature is not None:
            mh = self._from_signature(signature)
        else:
            return
        self._minhashes[article_id] = mh
        self._lsh.insert(article_id, mh)
