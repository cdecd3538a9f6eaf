"""Geoparsing: every place name in each article, found and resolved, with offsets into its text.

Runs on the text as given (no cleaning), so that offsets index the caller's text; this is what
`tocsin geoparse` writes and what the geoparsing gold sets score.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from tocsin.extract.toponyms import find_toponyms
from tocsin.models import Article, Extraction, Place
from tocsin.resolve.gazetteer import Gazetteer, load_gazetteer
from tocsin.resolve.places import resolve_places

if TYPE_CHECKING:
    from spacy.language import Language


def geoparse(
    articles: Iterable[Article],
    *,
    nlp: Language | None = None,
    gazetteer: Gazetteer | None = None,
    batch_size: int = 16,
) -> Iterator[tuple[Article, list[Place]]]:
    """Yield each article with its place names, resolved where the gazetteer knows them."""
    if nlp is None:
        from tocsin.extract.nlp import load_nlp

        nlp = load_nlp(full=False)
    gaz = gazetteer if gazetteer is not None else load_gazetteer()
    pairs = ((a.text, a) for a in articles)
    for doc, article in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
        extraction = Extraction(article=article, toponyms=find_toponyms(doc, gazetteer=gaz))
        resolve_places(extraction, gazetteer=gaz)
        yield article, extraction.toponyms


def toponym_row(place: Place) -> dict[str, Any]:
    """Return a recognised place as a FORMAT.md toponym dict (`tocsin geoparse` output)."""
    span = place.evidence
    return {
        "start": span.start if span else None,
        "end": span.end if span else None,
        "text": span.text if span else place.raw,
        "name": place.name,
        "lat": place.lat,
        "lon": place.lon,
        "geonames_id": place.geonames_id,
        "country": place.country,
        "admin1": place.admin1,
        "feature": place.feature,
    }
