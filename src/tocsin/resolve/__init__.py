"""Resolution: raw place names and actor names mapped onto the world, in place.

- `places.resolve_places(extraction, gazetteer=...)` fills each toponym's and each mention's
  Place (coordinates, admin1, country, GeoNames id, precision) using the article's context;
- `actors.resolve_actors(extraction)` normalises actors, interaction targets and perpetrators
  against the shipped actor table (aliases, roles, countries);
- `merge` (used by the pipeline with the store) joins mentions into incidents across articles.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from tocsin.models import Extraction

if TYPE_CHECKING:
    from tocsin.resolve.gazetteer import Gazetteer


def resolve(
    extractions: Iterable[Extraction], *, gazetteer: Gazetteer | None = None
) -> Iterator[Extraction]:
    """Yield each extraction with its places and actors resolved.

    One that holds nothing (most news, which the relevance filter does not parse) is passed
    through as it is: it has no place or actor to resolve, and the gazetteer is loaded only
    for the first extraction that has.
    """
    # Imported here so that `tocsin.resolve.merge` can be used without the gazetteer's code.
    from tocsin.resolve.actors import resolve_actors
    from tocsin.resolve.gazetteer import load_gazetteer
    from tocsin.resolve.places import resolve_places

    gaz = gazetteer
    for extraction in extractions:
        if extraction.mentions or extraction.toponyms or extraction.interactions:
            if gaz is None:
                gaz = load_gazetteer()
            resolve_places(extraction, gazetteer=gaz)
            resolve_actors(extraction)
        yield extraction
