"""Extraction: articles in, what each article reports out (incidents, interactions, places).

One spaCy pass per article; the finders each read the same `Doc`:
- `incidents.find_incidents(doc, article) -> list[Mention]` (types, counts, dates, perpetrators,
  targets, weapons; each Mention's `place` is the raw span of the event location, unresolved);
- `toponyms.find_toponyms(doc) -> list[Place]` (every place name with its span, unresolved);
- `interactions.find_interactions(doc, article, mentions) -> list[Interaction]` (actors raw).
Resolution against the gazetteer and the actor table happens in `tocsin.resolve`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from tocsin.extract.incidents import find_incidents
from tocsin.extract.interactions import find_interactions
from tocsin.extract.toponyms import find_toponyms
from tocsin.extract.truecase import is_mostly_upper, prepare_text
from tocsin.models import Article, Extraction

if TYPE_CHECKING:
    from spacy.language import Language


def extract(
    articles: Iterable[Article], *, nlp: Language, batch_size: int = 32
) -> Iterator[Extraction]:
    """Yield one Extraction per article, in input order."""
    pairs = ((prepare_text(a.text), a) for a in articles)
    for doc, article in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
        # Upper-case wire text was truecased: spaCy's entities on it are noisy, so the toponym
        # finder scans it against the gazetteer instead.
        doc.user_data["tocsin_upper_case"] = is_mostly_upper(article.text)
        mentions = find_incidents(doc, article)
        yield Extraction(
            article=article,
            mentions=mentions,
            interactions=find_interactions(doc, article, mentions),
            toponyms=find_toponyms(doc),
        )
