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
    """Yield each extraction with its places and actors resolved."""
    # Imported here so that `tocsin.resolve.merge` can be used without the gazetteer's code.
    from tocsin.resolve.actors import resolve_actors
    from tocsin.resolve.gazetteer import load_gazetteer
    from tocsin.resolve.places import resolve_places

    gaz = gazetteer if gazetteer is not None else load_gazetteer()
    for extraction in extractions:
        resolve_places(extraction, gazetteer=gaz)
        resolve_actors(extraction)
        yield extraction
