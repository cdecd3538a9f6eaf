"""Place resolution: words that look like places but name none (tocsin.resolve.places)."""

from __future__ import annotations

import pytest

from tocsin.resolve.gazetteer import Gazetteer, load_gazetteer
from tocsin.resolve.places import resolve_name


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


@pytest.mark.parametrize("raw", ["South", "SOUTH", "North", "the West", "Central"])
def test_a_compass_word_alone_names_no_place(gaz: Gazetteer, raw: str) -> None:
    # GeoNames has Cameroonian provinces called "South" (2221789) and "North" (2223603).
    place = resolve_name(raw, gazetteer=gaz)
    assert (place.geonames_id, place.precision) == (None, None)


@pytest.mark.parametrize(
    ("raw", "geonames_id"),
    [("South Africa", 953987), ("North Korea", 1873107),
     ("SAN\nSALVADOR", 3583361), ("EL\nSALVADOR", 3585968)],
)
def test_names_that_start_with_a_compass_word_still_resolve(
        gaz: Gazetteer, raw: str, geonames_id: int) -> None:
    assert resolve_name(raw, gazetteer=gaz).geonames_id == geonames_id
