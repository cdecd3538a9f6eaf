"""The offline gazetteer: name keys, lookups, adjectives, abbreviations and the index file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tocsin.errors import GazetteerError
from tocsin.resolve import gazetteer as gz
from tocsin.resolve.gazetteer import Gazetteer, NameKind, load_gazetteer, normalize


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("Khar'kov", "kharkov"),
        ("U.S.", "us"),
        ("São Paulo", "sao paulo"),
        ("Zürich", "zurich"),
        ("Łódź", "lodz"),
        ("  Puli-Alam  ", "puli alam"),
        ("SAN SALVADOR", "san salvador"),
    ],
)
def test_normalize_folds_case_accents_and_punctuation(raw: str, key: str) -> None:
    assert normalize(raw) == key


def test_lookup_finds_krasnogorsk_in_moscow_oblast(gaz: Gazetteer) -> None:
    top = gaz.lookup("Krasnogorsk")[0]
    assert (top.geonames_id, top.country, top.admin1) == (542374, "RU", "Moscow Oblast")


@pytest.mark.parametrize("spelling", ["Kharkov", "Kharkiv", "Khar'kov"])
def test_lookup_finds_kharkiv_under_its_spellings(gaz: Gazetteer, spelling: str) -> None:
    assert 706483 in {c.geonames_id for c in gaz.lookup(spelling)}


@pytest.mark.parametrize(
    ("adjective", "country"), [("Turkish", "TR"), ("Russian", "RU"), ("Salvadoran", "SV")]
)
def test_country_adjectives_name_their_country(
    gaz: Gazetteer, adjective: str, country: str
) -> None:
    found = [c for c in gaz.lookup(adjective) if c.match is NameKind.ADJECTIVE]
    assert [(c.country, c.feature_code) for c in found] == [(country, "PCLI")]


@pytest.mark.parametrize(
    ("abbr", "state"), [("Ky.", "Kentucky"), ("TX", "Texas"), ("B.C.", "British Columbia")]
)
def test_state_abbreviations_are_indexed_as_abbreviations(
    gaz: Gazetteer, abbr: str, state: str
) -> None:
    found = [c for c in gaz.lookup(abbr) if c.match is NameKind.ABBREVIATION]
    assert [c.name for c in found] == [state]


def test_admin_areas_have_their_own_point(gaz: Gazetteer) -> None:
    area = next(c for c in gaz.lookup("Logar Province") if c.feature_code == "ADM1")
    assert area.country == "AF"
    assert 33.0 < area.lat < 35.0 and 68.0 < area.lon < 70.5


def test_country_lookup_by_code(gaz: Gazetteer) -> None:
    country = gaz.country("sv")
    assert country is not None and country.name == "El Salvador" and country.feature_code == "PCLI"


def test_unknown_name_has_no_candidates(gaz: Gazetteer) -> None:
    assert gaz.lookup("Qwxzzyville") == []


def test_opening_a_missing_index_is_a_coded_error(tmp_path: Path) -> None:
    with pytest.raises(GazetteerError, match=r"\[E050\]"):
        Gazetteer(tmp_path / "missing.sqlite")


@pytest.mark.parametrize("version", ["0", str(gz.GAZETTEER_VERSION + 1)])
def test_an_index_of_another_version_is_stale(tmp_path: Path, version: str) -> None:
    path = tmp_path / "old.sqlite"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT)")
        db.execute("INSERT INTO meta VALUES ('version', ?)", (version,))
    assert not gz._is_current(path)
    with pytest.raises(GazetteerError, match="rebuild"):
        Gazetteer(path)


def test_a_corrupt_index_is_stale(tmp_path: Path) -> None:
    path = tmp_path / "junk.sqlite"
    path.write_bytes(b"not a database at all" * 100)
    assert not gz._is_current(path)


def test_cache_dir_follows_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TOCSIN_CACHE_DIR", str(tmp_path))
    assert gz.index_path().parent == tmp_path
    assert gz.index_path().name == f"gazetteer-v{gz.GAZETTEER_VERSION}.sqlite"


def test_the_built_index_leaves_no_temporary_file(gaz: Gazetteer) -> None:
    assert not list(gaz.path.parent.glob(gaz.path.name + "*.tmp"))
