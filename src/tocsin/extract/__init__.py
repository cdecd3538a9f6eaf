"""Extraction: articles in, what each article reports out (incidents, interactions, places).

One spaCy pass per article; the finders each read the same `Doc`:
- `incidents.find_incidents(doc, article) -> list[Mention]` (types, counts, dates, perpetrators,
  targets, weapons; each Mention's `place` is the raw span of the event location, unresolved);
- `toponyms.find_toponyms(doc) -> list[Place]` (every place name with its span, unresolved);
- `interactions.find_interactions(doc, article, mentions) -> list[Interaction]` (actors raw).
Resolution against the gazetteer and the actor table happens in `tocsin.resolve`.

With `relevance` (the default) the model reads only what `relevance.plan` says can hold
something: a text that can hold no incident is parsed only around its interaction words, or
not at all, and a long one that can is parsed around its event triggers (see
`tocsin.extract.relevance`). The interaction scope says which words those are
and what is kept: `"incidents"` (default) codes only reactions to violence (condemn, condole,
warn, claim...) in a text that can hold no incident, `"all"` every statement, GDELT-style.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from tocsin.extract.incidents import find_incidents
from tocsin.extract.interactions import find_interactions
from tocsin.extract.relevance import (
    Plan,
    Scope,
    can_hold_incident,
    check_scope,
    keeps,
    plan,
    windowed,
)
from tocsin.extract.toponyms import find_toponyms
from tocsin.extract.truecase import is_mostly_upper, prepare_text
from tocsin.models import Article, Extraction

if TYPE_CHECKING:
    from spacy.language import Language


def extract(
    articles: Iterable[Article],
    *,
    nlp: Language,
    batch_size: int = 32,
    relevance: bool = True,
    interactions: Scope = "incidents",
) -> Iterator[Extraction]:
    """Yield one Extraction per article, in input order.

    `relevance=False` parses every article whole (the result of a run without the filter).
    `interactions` is the interaction scope, "incidents" or "all" (module docstring).
    Raises BadOption for an unknown scope.
    """
    scope = check_scope(interactions)
    whole = Plan("whole")

    def inputs() -> Iterator[tuple[str, tuple[Article, Plan, bool]]]:
        for article in articles:
            chosen = plan(article.text, scope=scope) if relevance else whole
            if chosen.parse == "none":
                # An empty text costs the model nothing and keeps the stream in order.
                yield "", (article, chosen, False)
                continue
            upper = is_mostly_upper(article.text)
            text = prepare_text(article.text) if upper else article.text
            if chosen.parse == "windows":
                text = windowed(text, chosen.windows)
            yield text, (article, chosen, upper)

    for doc, (article, chosen, upper) in nlp.pipe(
        inputs(), as_tuples=True, batch_size=batch_size
    ):
        if not chosen.incident and chosen.parse != "whole":
            # No incident can be found here, so no place is needed for one either.
            found = find_interactions(doc, article, []) if chosen.windows else []
            kept = [
                i for i in found if keeps(i, incident=False, scope=scope, text=article.text)
            ]
            yield Extraction(article=article, mentions=[], interactions=kept, toponyms=[])
            continue
        # Upper-case wire text was truecased: spaCy's entities on it are noisy, so the toponym
        # finder scans it against the gazetteer instead.
        doc.user_data["tocsin_upper_case"] = upper
        mentions = find_incidents(doc, article)
        # Without the filter an article is parsed whole without asking whether it can hold
        # an incident: asked here, so the scope codes the same with and without the filter.
        incident = chosen.incident or (not relevance and can_hold_incident(article.text))
        yield Extraction(
            article=article,
            mentions=mentions,
            interactions=[
                i
                for i in find_interactions(doc, article, mentions)
                if keeps(i, incident=incident, scope=scope, text=article.text)
            ],
            toponyms=find_toponyms(doc),
        )
