"""Place resolution: which GeoNames place each place name of an article means.

Each name's candidates (every gazetteer place under that name) are scored on what the name
alone says (how it names the place, population, kind of place) and on the article:

- hierarchy written next to it: "Paris, Texas", "San Luis de la Reina, San Miguel Department",
  "Puli Alam city, Logar Province" (the second name contains the first);
- an anchor: "Krasnogorsk, near Moscow" (the first place lies near the second);
- the other places of the article: the countries and admin areas it names elsewhere, with the
  dateline ("SAN SALVADOR, 3 JAN 90 --") among them;
- the words around it: "Logar Province" and "San Miguel Department" mean the admin area,
  "Puli Alam city" the town.

Unknown names stay unresolved (raw only): tocsin never invents a place.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from tocsin.models import Extraction, LocationPrecision, Place, Span
from tocsin.resolve.gazetteer import Candidate, Gazetteer, NameKind, normalize

_AREA_WORDS = (
    "province", "department", "governorate", "region", "state", "oblast", "county",
    "district", "prefecture", "municipality", "krai", "territory", "division", "canton",
    "parish", "wilaya", "emirate",
)
_AREA_SUFFIX = re.compile(r"^(?P<name>.+?)\s+(?P<word>" + "|".join(_AREA_WORDS) + r")$")
_TOWN_SUFFIX = re.compile(r"^(?P<name>.+?)\s+(?:city|town|village)$")
_PREFIX = re.compile(r"^(?:the|city of|town of|village of|province of|state of|department of)\s+")
_POSSESSIVE = re.compile(r"(?:'s|’s|')$")

# Words between two names: the second contains the first, or is an anchor near it.
_CONTAINER_GAP = re.compile(r"^\s*(?:,|\(|,?\s+in)\s*(?:the\s+)?$", re.IGNORECASE)
_NEAR_GAP = re.compile(
    r"^\s*,?\s*(?:near|outside|close to|just outside|on the outskirts of|in the outskirts of|"
    r"outskirts of|(?:\d+\s*(?:km|kilometers|kilometres|miles)\s+)?(?:north|south|east|west|"
    r"northeast|northwest|southeast|southwest)(?:ern)?\s+of)\s+(?:the\s+)?(?:city\s+of\s+)?$",
    re.IGNORECASE,
)
_RELATIONS = (
    ("outskirts",
     re.compile(r"\boutskirts\s+of\s+(?:the\s+)?(?:city\s+of\s+|town\s+of\s+)?$", re.I)),
    ("border", re.compile(r"\bborder\s+(?:with|of|between|near)\s+(?:the\s+)?$", re.I)),
    ("near", re.compile(
        r"\b(?:near|outside|close\s+to|not\s+far\s+from|(?:north|south|east|west|northeast|"
        r"northwest|southeast|southwest)(?:ern)?\s+of)\s+(?:the\s+)?(?:city\s+of\s+|town\s+of\s+)?$",
        re.I)),
)
_ANCHOR = re.compile(
    r",?\s*\b(?:near|outside|close to|(?:on|in) the outskirts of|outskirts of)\s+(?:the\s+)?"
    r"(?:city\s+of\s+|town\s+of\s+)?",
    re.IGNORECASE,
)
_BORDER_AFTER = re.compile(r"^\s*border\b", re.I)

_PRECISION = {
    "PCLI": LocationPrecision.COUNTRY,
    "ADM1": LocationPrecision.ADMIN1,
    "ADM2": LocationPrecision.ADMIN2,
}
_SPECIFICITY = {"P": 0, "ADM2": 1, "ADM1": 2, "PCLI": 3}
_REGION_CODES = frozenset({"CONT", "RGN", "SEA", "OCN", "BAY", "MTS"})
_WIDE = _REGION_CODES | {"PCLI"}


@dataclass
class _Context:
    """What the rest of the article says about where it is."""

    countries: Counter[str] = field(default_factory=Counter)
    admin1: Counter[str] = field(default_factory=Counter)

    def add(self, place: Place, admin1_code: str | None) -> None:
        if place.country:
            self.countries[place.country] += 1
        if admin1_code:
            self.admin1[admin1_code] += 1


@dataclass
class _Hints:
    """What the words right around one name say."""

    want_area: bool = False
    want_town: bool = False
    allow_abbreviation: bool = False
    container: Candidate | None = None
    near: Candidate | None = None
    # Whether the text's case tells names from acronyms ("EU" is not the town of Eu).
    acronym_case: bool = False
    raw: str = ""
    # Candidate id -> how many other names of the article lie in or near it.
    support: dict[int, int] = field(default_factory=dict)


def resolve_name(
    raw: str,
    *,
    context: Sequence[Place] = (),
    gazetteer: Gazetteer,
) -> Place:
    """Return `raw` resolved to its most likely place, given the article's other places.

    `raw` may carry its hierarchy ("Paris, Texas", "Puli Alam city, Logar Province") or an
    anchor ("Krasnogorsk, near Moscow"); an unknown name comes back with only `raw` set.
    """
    ctx = _Context()
    for p in context:
        ctx.add(p, None)
    text = raw.strip()
    head, hints = text, _Hints()
    anchor = _ANCHOR.search(text)
    if anchor is not None:
        if anchor.start() == 0:  # "near Moscow": the anchor is the place given
            head = text[anchor.end() :]
        else:
            head = text[: anchor.start()]
            anchor_cands = _candidates(text[anchor.end() :], gazetteer, _Hints())
            hints.near = _best(anchor_cands, ctx, _Hints())
    parts = [p.strip() for p in head.split(",") if p.strip()]
    if len(parts) > 1:
        # The later parts contain the first: resolve them from the outside in.
        container: Candidate | None = None
        for part in reversed(parts[1:]):
            h = _Hints(allow_abbreviation=True, container=container)
            container = _best(_candidates(part, gazetteer, h), ctx, h) or container
        hints.container = container
        head = parts[0]
    cands = _candidates(head, gazetteer, hints)
    box = hints.container
    if not cands and box is not None and box.feature_code in ("ADM1", "ADM2"):
        cands = _spelled_alike(head, box, gazetteer)
    chosen = _best(cands, ctx, hints)
    relation = _relation_in(text)
    if chosen is None:
        return Place(raw=raw, relation=relation)
    return _to_place(chosen, raw=raw, evidence=None, relation=relation)


def resolve_places(extraction: Extraction, *, gazetteer: Gazetteer) -> None:
    """Resolve, in place, every toponym of `extraction` and the place of each of its mentions."""
    text = extraction.article.text
    toponyms = extraction.toponyms
    resolved = _resolve_toponyms(toponyms, text, gazetteer)
    extraction.toponyms = resolved
    for mention in extraction.mentions:
        if mention.place is None:
            continue
        mention.place = _resolve_mention_place(mention.place, resolved, gazetteer)


def _resolve_toponyms(toponyms: list[Place], text: str, gazetteer: Gazetteer) -> list[Place]:
    order = sorted(range(len(toponyms)), key=lambda k: _start(toponyms[k]))
    places = [toponyms[k] for k in order]
    keys = [normalize(p.raw) for p in places]
    hints = [_Hints() for _ in places]
    upper = _mostly_upper(text)
    for k, place in enumerate(places):
        hints[k].want_area, hints[k].want_town = _words_after(place, text)
        hints[k].acronym_case = not upper
        if k > 0 and (_gap(places[k - 1], place, text) or "").strip() == ",":
            hints[k].allow_abbreviation = True
    cands = [_candidates(p.raw, gazetteer, h) for p, h in zip(places, hints, strict=True)]
    # First pass: each name alone, to learn which countries and areas the article is about.
    alone = [_best(c, _Context(), h) for c, h in zip(cands, hints, strict=True)]
    ctx = _Context()
    contrib: dict[str, tuple[str | None, str | None]] = {}
    for key, c in zip(keys, alone, strict=True):
        if c is None or key in contrib:
            continue
        # Small places named once are weak evidence of the article's country.
        if c.feature_class != "P" or c.population >= 50_000:
            contrib[key] = (c.country, c.admin1_code)
            if c.country:
                ctx.countries[c.country] += 1
            if c.admin1_code:
                ctx.admin1[c.admin1_code] += 1
    # Hierarchy and anchors written next to a name ("Paris, Texas", "X, near Moscow").
    for k in range(len(places) - 1):
        gap = _gap(places[k], places[k + 1], text)
        if gap is None:
            continue
        nxt = alone[k + 1]
        if _CONTAINER_GAP.match(gap) and nxt is not None and nxt.feature_class == "A":
            hints[k].container = nxt
        elif _NEAR_GAP.match(gap) and nxt is not None:
            hints[k].near = nxt
    # Places of the article that lie close together support each other's readings
    # ("London" with "Middlesex" and "St. Thomas" is London, Ontario).
    readings: dict[str, list[Candidate]] = {}
    for key, options, h in zip(keys, cands, hints, strict=True):
        if key not in readings:
            ranked = sorted(options, key=lambda x: _score(x, _Context(), h), reverse=True)
            readings[key] = [x for x in ranked[:10] if x.feature_code not in _WIDE]
    out: list[Place] = []
    for k, place in enumerate(places):
        own = _Context(ctx.countries.copy(), ctx.admin1.copy())
        country, admin1 = contrib.get(keys[k], (None, None))
        if country:
            own.countries[country] -= 1  # a name is no evidence for its own reading
        if admin1:
            own.admin1[admin1] -= 1
        if len({x.country for x in cands[k]}) > 1 or len(cands[k]) > 1:
            hints[k].support = {
                id(x): _support(x, keys[k], readings) for x in cands[k]
            }
        box = hints[k].container
        if not cands[k] and box is not None and box.feature_code in ("ADM1", "ADM2"):
            cands[k] = _spelled_alike(place.raw, box, gazetteer)
        chosen = _best(cands[k], own, hints[k])
        relation = _relation_before(place, text)
        if chosen is None:
            out.append(Place(raw=place.raw, evidence=place.evidence, relation=relation))
        else:
            out.append(_to_place(chosen, raw=place.raw, evidence=place.evidence, relation=relation))
    # Restore the caller's order.
    result: list[Place] = [Place(raw="")] * len(toponyms)
    for k, idx in enumerate(order):
        result[idx] = out[k]
    return result


def _support(c: Candidate, key: str, readings: dict[str, list[Candidate]]) -> int:
    """Return how many other names of the article have a reading inside or near `c`."""
    if c.feature_code in _WIDE:
        return 0
    n = 0
    for other, cands in readings.items():
        if other == key:
            continue
        for b in cands:
            if c.feature_code == "ADM1":
                hit = b.admin1_code == c.admin1_code and b.feature_code != "ADM1"
            elif c.feature_code == "ADM2":
                hit = b.admin2_code == c.admin2_code and b.feature_code != "ADM2"
            elif b.feature_code == "ADM1":
                hit = c.admin1_code == b.admin1_code and c.feature_code != "ADM1"
            elif b.feature_code == "ADM2":
                hit = c.admin2_code == b.admin2_code and c.feature_code != "ADM2"
            else:
                hit = _near_km(c, b, 100.0)
            if hit:
                n += 1
                break
    return n


def _near_km(a: Candidate, b: Candidate, km: float) -> bool:
    # Equirectangular distance: cheap, and exact enough at 100 km.
    dlat = (a.lat - b.lat) * 111.2
    dlon = (a.lon - b.lon) * 111.2 * math.cos(math.radians((a.lat + b.lat) / 2))
    return dlat * dlat + dlon * dlon < km * km


def _mostly_upper(text: str) -> bool:
    letters = [c for c in text[:2000] if c.isalpha()]
    return len(letters) > 20 and sum(c.isupper() for c in letters) > 0.8 * len(letters)


def _resolve_mention_place(place: Place, toponyms: list[Place], gazetteer: Gazetteer) -> Place:
    ev = place.evidence
    if ev is not None:
        inside = [
            t for t in toponyms
            if t.evidence is not None and t.evidence.start < ev.end and ev.start < t.evidence.end
        ]
        resolved = [t for t in inside if t.lat is not None]
        if resolved:
            best = min(
                resolved,
                key=lambda t: (_specificity(t), _start(t)),
            )
            relation = _relation_in(place.raw) or best.relation
            return best.model_copy(update={"raw": place.raw, "evidence": ev, "relation": relation})
    found = resolve_name(place.raw, context=toponyms, gazetteer=gazetteer)
    return found.model_copy(update={"evidence": ev})


# ---------------------------------------------------------------------------------------------
# Candidates and scores


def _candidates(raw: str, gazetteer: Gazetteer, hints: _Hints) -> list[Candidate]:
    """Return the gazetteer's candidates for a name, reading "X Province" and "X city"."""
    hints.raw = raw.strip()
    key = normalize(_POSSESSIVE.sub("", raw.strip()))
    key = _PREFIX.sub("", key)
    if not key:
        return []
    cands = list(gazetteer.lookup_key(key))
    m = _AREA_SUFFIX.match(key)
    if m:
        hints.want_area = True
        if not any(c.feature_class == "A" for c in cands):
            cands += gazetteer.lookup_key(m.group("name"))
    m = _TOWN_SUFFIX.match(key)
    if m and not cands:
        hints.want_town = True
        cands = list(gazetteer.lookup_key(m.group("name")))
    if not (hints.allow_abbreviation or "." in raw or (len(raw) == 2 and raw.isupper())):
        cands = [c for c in cands if c.match is not NameKind.ABBREVIATION]
    return cands


def _spelled_alike(raw: str, area: Candidate, gazetteer: Gazetteer) -> list[Candidate]:
    """Return the places of `area` spelled almost like `raw` ("Puli Alam" for "Pul-e Alam").

    Only inside an area the text names: a fuzzy match across the world would invent places.
    """
    from rapidfuzz import fuzz

    key = normalize(_TOWN_SUFFIX.sub(r"\g<name>", normalize(raw))).replace(" ", "")
    code = area.admin2_code if area.feature_code == "ADM2" else area.admin1_code
    if len(key) < 4 or code is None:
        return []
    scored = [
        (fuzz.ratio(key, normalize(c.name).replace(" ", "")), c)
        for c in gazetteer.places_in(code)
    ]
    return [c for score, c in sorted(scored, key=lambda x: -x[0]) if score >= 85][:3]


def _best(cands: Sequence[Candidate], ctx: _Context, hints: _Hints) -> Candidate | None:
    if not cands:
        return None
    scored = sorted(cands, key=lambda c: _score(c, ctx, hints), reverse=True)
    best = scored[0]
    if best.feature_class == "A" and best.feature_code in ("ADM1", "ADM2") and not hints.want_area:
        # "Moscow", "San Salvador", "Paris": the city, not the area named after it.
        for c in scored[1:]:
            if (c.feature_class == "P" and c.match in (NameKind.NAME, NameKind.ALTERNATE)
                    and c.admin1_code == best.admin1_code
                    and (best.feature_code == "ADM1" or c.admin2_code == best.admin2_code)
                    and c.population >= 0.2 * best.population):
                return c
    return best


def _score(c: Candidate, ctx: _Context, hints: _Hints) -> float:
    s = math.log10(c.population + 10)
    if c.match is NameKind.NAME:
        s += 1.5
    elif c.match is NameKind.ALTERNATE and c.feature_class == "P" and c.population < 100_000:
        s -= 1.0  # a small place's other name ("Delaware" for West Point) is a weak reading
    elif c.match is NameKind.ABBREVIATION:
        # "Ky." after "Edmonton," is Kentucky; a lone "Miss" or "La" rarely is.
        s += 2.0 if hints.allow_abbreviation or "." in hints.raw else -2.0
    code = c.feature_code
    if code == "PCLI":
        s += 3.0
    elif code in _REGION_CODES:
        s += 8.0 if code != "CONT" else 2.0
    elif code == "ADM1":
        s -= 0.3
    elif code == "ADM2":
        s -= 1.0
    elif code == "PPLC":
        s += 1.0
    if hints.want_area:
        s += 4.0 if c.feature_class == "A" else -3.0
    if hints.want_town:
        s += 3.0 if c.feature_class == "P" else -3.0
    if ctx.countries and c.country:
        total = sum(ctx.countries.values())
        share = ctx.countries[c.country] / total if total else 0.0
        s += 2.0 * share + (1.5 if ctx.countries[c.country] else 0.0)
    if c.admin1_code and ctx.admin1[c.admin1_code] and code != "ADM1":
        s += 2.0
    box = hints.container
    if box is not None:
        if box.feature_code in ("PCLI",) and c.country == box.country:
            s += 6.0
        elif (
            (box.feature_code == "ADM1" and c.admin1_code == box.admin1_code and code != "ADM1")
            or (box.feature_code == "ADM2" and c.admin2_code == box.admin2_code and code != "ADM2")
        ):
            s += 8.0
        elif c.country == box.country:
            s += 2.0
    if hints.support:
        weight = 1.5 if c.match is NameKind.NAME else 0.75
        s += weight * min(3, hints.support.get(id(c), 0))
    if (hints.acronym_case and c.feature_class == "P" and hints.raw.isupper()
            and len(hints.raw) <= 4 and c.name != hints.raw):
        s -= 5.0  # "EU", "UK": an acronym, not a small town that shares the letters
    if hints.near is not None:
        d = haversine_km(c.lat, c.lon, hints.near.lat, hints.near.lon)
        s += 6.0 if d < 100 else 3.0 if d < 300 else 0.0
    return s


def _to_place(c: Candidate, *, raw: str, evidence: Span | None, relation: str | None) -> Place:
    precision = _PRECISION.get(c.feature_code)
    if precision is None and c.feature_class == "P":
        precision = LocationPrecision.CITY
    return Place(
        raw=raw,
        name=c.name,
        country=c.country,
        admin1=c.admin1 if c.feature_code != "PCLI" else None,
        admin2=c.admin2,
        lat=c.lat,
        lon=c.lon,
        geonames_id=c.geonames_id,
        feature=c.feature_code,
        precision=precision,
        relation=relation,
        evidence=evidence,
    )


# ---------------------------------------------------------------------------------------------
# Text around a name


def _specificity(p: Place) -> int:
    """Return 0 for a town, up to 3 for a country, 4 for a region: lower is more specific."""
    if p.precision is LocationPrecision.CITY:
        return 0
    return _SPECIFICITY.get(p.feature or "", 4)


def _start(p: Place) -> int:
    return p.evidence.start if p.evidence is not None else 0


def _gap(a: Place, b: Place, text: str) -> str | None:
    if a.evidence is None or b.evidence is None or b.evidence.start < a.evidence.end:
        return None
    gap = text[a.evidence.end : b.evidence.start]
    return gap if len(gap) <= 40 and "\n" not in gap else None


def _words_after(place: Place, text: str) -> tuple[bool, bool]:
    """Return (an area word follows, a town word follows): "San Miguel Department"."""
    if place.evidence is None:
        return False, False
    after = text[place.evidence.end : place.evidence.end + 16].lower()
    m = re.match(r"\s+([a-z]+)", after)
    word = m.group(1) if m else ""
    return word in _AREA_WORDS, word in ("city", "town", "village")


def _relation_before(place: Place, text: str) -> str | None:
    if place.evidence is None:
        return None
    before = text[max(0, place.evidence.start - 40) : place.evidence.start]
    for name, pattern in _RELATIONS:
        if pattern.search(before):
            return name
    if _BORDER_AFTER.match(text[place.evidence.end : place.evidence.end + 12]):
        return "border"
    return None


def _relation_in(raw: str) -> str | None:
    low = raw.lower()
    if "outskirts" in low:
        return "outskirts"
    if "border" in low:
        return "border"
    if re.search(r"\b(near|outside|close to)\b", low):
        return "near"
    return None


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Return the great-circle distance between two points, in kilometres."""
    p = math.pi / 180
    a = (math.sin((lat2 - lat1) * p / 2) ** 2
         + math.cos(lat1 * p) * math.cos(lat2 * p) * math.sin((lon2 - lon1) * p / 2) ** 2)
    return 12742.0 * math.asin(math.sqrt(min(1.0, a)))
