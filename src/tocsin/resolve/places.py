"""Place resolution: which GeoNames place each place name of an article means.

Each name's candidates (every gazetteer place under that name) are scored on what the name
alone says (how it names the place, population, kind of place) and on the article:

- hierarchy written next to it: "Paris, Texas", "San Luis de la Reina, San Miguel Department",
  "Puli Alam city, Logar Province", "Boulkessi (Mopti)" (the second name contains the first;
  a district spelled otherwise than GeoNames is matched inside the province the text names);
- a compass word written with a country: "north-west Pakistan" is in Pakistan;
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
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from tocsin.geo import haversine_km
from tocsin.models import Extraction, LocationPrecision, Mention, Place, Span
from tocsin.resolve.gazetteer import Candidate, Gazetteer, NameKind, normalize

_AREA_WORDS = (
    "province", "department", "governorate", "region", "state", "oblast", "county",
    "district", "prefecture", "municipality", "krai", "territory", "division", "canton",
    "parish", "wilaya", "emirate",
)
_AREA_SUFFIX = re.compile(r"^(?P<name>.+?)\s+(?P<word>" + "|".join(_AREA_WORDS) + r")$")
_TOWN_SUFFIX = re.compile(r"^(?P<name>.+?)\s+(?:city|town|village)$")
_QUARTER = re.compile(
    r"^(?:north|south|east|west|northern|southern|eastern|western|central|downtown|greater)\s+"
)
# A compass word alone ("South", "the North") names a direction or a region of the text's own
# country, never the Cameroonian province that GeoNames calls "South".
_COMPASS = frozenset({
    "north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest",
    "central", "midwest", "northern", "southern", "eastern", "western",
})
# "north-west Pakistan": a compass word written with a country's name is a part of it.
_COMPASS_NAMES = _COMPASS | frozenset(
    f"{a} {b}" for a in ("north", "south") for b in ("east", "west", "eastern", "western")
) | frozenset({"far north", "far west", "far east", "far south"})
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
_BORDER_WORDS = re.compile(
    r"^(?:the\s+)?border\s+(?:with|of|between|near)\s+(?:the\s+)?"
    r"|\s+border(?:\s+(?:area|region|town|crossing))?$",
    re.IGNORECASE,
)

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

    countries: defaultdict[str, float] = field(default_factory=lambda: defaultdict(float))
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
    # A dateline names a well-known city: "SAN SALVADOR, 9 NOV 89" is the capital, not a
    # village of the same name in a country the article names later.
    dateline: bool = False
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
    # "near the border with Pakistan", "the Afghan-Pakistan border area": the anchor is the
    # country named; the relation says "border".
    head = _BORDER_WORDS.sub("", head).strip() or head
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
    if normalize(head) in _COMPASS_NAMES and head[:1].islower():
        # "the north-west": a part of the country the context names, or nothing.
        lead = _leading(ctx)
        cands = [c for c in cands if lead is not None and c.country == lead]
    box = hints.container
    if not cands and box is not None and box.feature_code in ("ADM1", "ADM2"):
        cands = _spelled_alike(head, box, gazetteer)
    chosen = _best(cands, ctx, hints)
    relation = _relation_in(text)
    if chosen is None:
        return Place(raw=raw, relation=relation)
    return _to_place(chosen, raw=raw, evidence=None, relation=relation)


def resolve_places(extraction: Extraction, *, gazetteer: Gazetteer) -> None:
    """Resolve, in place, every toponym of `extraction` and the place of each of its mentions.

    A mention's place is then settled against the places named around the incident: a street,
    a sea or a whole country gives way to a town or area of the same country named in the
    incident's sentences (a country named by the trigger, "kidnapped in Colombia", picks that
    country), a department to a town inside it; a person's home town ("X of Milan") and the
    place a report was issued from lose to any other. A capital or an area's seat named
    "in X" by the trigger stands even outside the article's country (a report datelined
    Tegucigalpa on a killing in San Salvador). A name the gazetteer does not know, or no name
    at all, takes a town or area of the country named before the incident, else the dateline
    city when it lies in that country, else the country at country precision, keeping the
    text. A dateline word the gazetteer does not know ("CLANDESTINE") is never the place.
    """
    text = extraction.article.text
    toponyms = extraction.toponyms
    resolved = _resolve_toponyms(toponyms, text, gazetteer)
    extraction.toponyms = resolved
    main = main_country(resolved, text, gazetteer=gazetteer)
    for mention in extraction.mentions:
        place = mention.place
        if place is not None:
            place = _resolve_mention_place(place, resolved, gazetteer, text)
        mention.place = _settle(place, mention, resolved, main, text, gazetteer)


def main_country(toponyms: Sequence[Place], text: str, *,
                 gazetteer: Gazetteer | None = None) -> str | None:
    """Return the ISO2 code of the country an article is about, from its resolved places.

    Every resolved name votes for its country: a country named outright and the dateline
    city more (a report datelined San Salvador is about El Salvador unless its places say
    otherwise), an adjective less ("an Italian tourist" says little about where), and a name
    said again counts half. None when no place is resolved.
    """
    from tocsin.extract.location import dateline, dateline_country

    _, d_end, _ = dateline(text)
    if dateline_country(text) is not None:
        # "HAVANA (CUBA), 14 NOV 89 --": a city abroad, with its country added by the desk,
        # says where the reporter was, not what the story is about: no extra weight.
        d_end = 0
    votes: dict[str, float] = {}
    first: dict[str, int] = {}
    seen: set[str] = set()
    for p in toponyms:
        if not p.country or p.precision is None:
            continue
        weight = 1.0
        if p.feature == "PCLI":
            named = p.name is not None and normalize(p.raw) == normalize(p.name)
            weight = 1.5 if named else 0.5
        if p.evidence is not None and p.evidence.end <= d_end:
            weight += 3.0
        key = normalize(p.raw)
        if key in seen:
            weight /= 2
        seen.add(key)
        votes[p.country] = votes.get(p.country, 0.0) + weight
        first.setdefault(p.country, _start(p))
    if gazetteer is not None:
        # Every time the text names a country or its people ("the Salvadoran government")
        # where the toponym finder did not take the word as a place (those voted above).
        for cc, n in mentioned_countries(_blanked(text, toponyms), gazetteer).items():
            votes[cc] = votes.get(cc, 0.0) + _MAIN_MENTION_WEIGHT * min(n, _MAIN_MENTION_CAP)
            first.setdefault(cc, len(text))
    if not votes:
        return None
    return max(votes, key=lambda c: (votes[c], -first[c]))


# A dateline inside the text ("[EXCERPTS] SAN SALVADOR, 2 MAY (NOTIMEX) --"): a city, a day.
_DATELINE_AFTER = re.compile(
    r"(?:\s*\([A-Za-z .]{2,30}\))?\s*,\s*\d{1,2}\s+(?:JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|"
    r"NOV|DEC)[A-Z]*\.?(?:\s+\d{2,4})?\s*(?:\([^)]{1,40}\)\s*)?--",
    re.IGNORECASE,
)
# How much one mention of a country ("Salvadoran", "El Salvador") weighs as context.
_MENTION_WEIGHT = 0.5
_MAX_TERM_WORDS = 5
_MAIN_MENTION_WEIGHT = 0.5
_MAIN_MENTION_CAP = 4


def _blanked(text: str, toponyms: Sequence[Place]) -> str:
    """Return `text` with the toponyms' spans blanked: "Jersey" in "New Jersey", or
    "Lebanon, Pa.", is a place of its own, already weighed as one."""
    chars = list(text)
    for t in toponyms:
        if t.evidence is not None:
            chars[t.evidence.start : t.evidence.end] = " " * (t.evidence.end - t.evidence.start)
    return "".join(chars)


def mentioned_countries(text: str, gazetteer: Gazetteer) -> Counter[str]:
    """Return how often `text` names each country or uses its adjective, by ISO2 code.

    Longest match first, so that "Latin American" counts as a region, not as the US.
    """
    terms = gazetteer.country_terms()
    words = normalize(text).split()
    out: Counter[str] = Counter()
    i = 0
    while i < len(words):
        for n in range(min(_MAX_TERM_WORDS, len(words) - i), 0, -1):
            key = " ".join(words[i : i + n])
            if key in terms:
                cc = terms[key]
                if cc is not None:
                    out[cc] += 1
                i += n
                break
        else:
            i += 1
    return out


# Words that make a name a street, a building or a body of water: the town is the location.
_STREETLIKE = re.compile(
    r"\b(?:street|st|avenue|ave|boulevard|road|highway|park|square|plaza|bridge|river|lake|"
    r"university|hospital|embassy|club|building|church|cathedral|stadium|airport|base|"
    r"coast|sea|ocean|calle|avenida|carrera|barrio|colonia)\b\.?",
    re.IGNORECASE,
)
_STREET = re.compile(
    r"\b(?:street|st|avenue|ave|boulevard|road|square|plaza|calle|avenida|carrera|"
    r"neighborhood|neighbourhood|barrio|colonia)\b",
    re.IGNORECASE,
)
# How far around an incident's evidence its places are looked for.
_REGION_PAD = 250


def _mention_region(mention: Mention, place: Place | None, text: str) -> tuple[int, int] | None:
    spans = [s for s in _evidence_spans(mention) if s is not None]
    if place is not None and place.evidence is not None:
        spans.append(place.evidence)
    if not spans:
        return None
    start = max(0, min(s.start for s in spans) - _REGION_PAD)
    end = min(len(text), max(s.end for s in spans) + _REGION_PAD)
    return start, end


def _evidence_spans(m: Mention) -> list[Span | None]:
    spans: list[Span | None] = [m.type_evidence, m.date.evidence if m.date else None]
    for count in (m.killed, m.injured, m.kidnapped):
        spans.append(count.evidence if count else None)
    spans += [p.evidence for p in m.perpetrators]
    spans += [t.evidence for t in m.targets]
    spans += [w.evidence for w in m.weapons]
    return spans


def _weak(place: Place | None, main: str | None) -> bool:
    """Whether a mention's place should give way to a more specific one nearby."""
    if place is None or place.precision is None:
        return True
    if _STREETLIKE.search(place.raw) or place.feature in _WIDE:
        return True
    return main is not None and place.country is not None and place.country != main


def _settle(place: Place | None, mention: Mention, toponyms: Sequence[Place],
            main: str | None, text: str, gazetteer: Gazetteer) -> Place | None:
    """Return the incident's place: the extractor's, or a better one named around it."""
    from tocsin.extract.location import is_stated

    settled = _nearest_settled(place, mention, toponyms, main, text, gazetteer)
    if (place is not None and place.evidence is not None
            and is_stated(text, place.evidence.start)
            and (place.precision is None or (main is not None and place.country != main))):
        # "THE INCIDENT TOOK PLACE IN PUERTO BELLO": the text says where; a village the
        # gazetteer lacks (or knows only abroad) keeps its own name, inside the country and
        # admin area of the place resolution would have chosen, never replaced by it.
        admin = settled is not None and settled.precision in (
            LocationPrecision.ADMIN1, LocationPrecision.ADMIN2)
        return Place(raw=place.raw, evidence=place.evidence,
                     country=settled.country if settled is not None else None,
                     admin1=settled.admin1 if admin and settled is not None else None)
    return settled


def _nearest_settled(place: Place | None, mention: Mention, toponyms: Sequence[Place],
                     main: str | None, text: str, gazetteer: Gazetteer) -> Place | None:
    from tocsin.extract.location import dateline

    # The extractor falls back on the dateline city when the incident's sentences name no
    # place; a place named around the incident beats it (the dateline says where the reporter
    # was).
    _, line_end, line = dateline(text)
    from_dateline = (place is not None and place.evidence is not None and line is not None
                     and place.evidence.start == line.start)
    if from_dateline and place is not None and place.precision is None:
        # "CLANDESTINE, 19 MAR 89 (RADIO ...)": a dateline word the gazetteer does not know
        # says where the text was issued from, not a place.
        place = None
    region = _mention_region(mention, None if from_dateline else place, text)
    nearby = [
        t for t in toponyms
        if region is not None and t.evidence is not None and t.precision is not None
        and max(region[0], line_end) <= t.evidence.start and t.evidence.end <= region[1]
        and t.precision is not LocationPrecision.COUNTRY and t.feature not in _REGION_CODES
    ]
    at = place.evidence.start if place is not None and place.evidence is not None else 0
    if (from_dateline or place is None) and mention.type_evidence is not None:
        at = mention.type_evidence.start

    def closest(options: list[Place]) -> Place | None:
        if not options:
            return None
        # "ROBERTO ROASCIO OF MILAN": a town that says where a person is from is the scene
        # only when nothing else is named.
        return min(options, key=lambda t: (_origin(t, text) or _reported(t, text),
                                           _specificity(t), abs(_start(t) - at)))

    # An area stands when it lies in the article's country or the trigger names it as the
    # scene ("assassinated in Buenos Aires"); a foreign area named in passing ("the teachers
    # federation", read as an Australian district) does not.
    area = place is not None and place.precision in (
        LocationPrecision.ADMIN1, LocationPrecision.ADMIN2) and not _unknown_inside(place)
    if place is not None and area and (
            main is None or place.country == main or from_dateline
            or ((_locative(place, text) or _locative_chain(place, text))
                and _by_trigger(place, mention))
            or _named_elsewhere(place, toponyms)):
        # "in San Miguel Department ... in San Luis de la Reina": the town inside it.
        inside = [t for t in nearby if t.precision is LocationPrecision.CITY
                  and t.country == place.country and t.admin1 == place.admin1]
        better = closest(inside)
        return _adopt(better, place) if better is not None else place
    if (place is not None and not from_dateline and _foreign_named(place, main)
            and _locative(place, text) and _by_trigger(place, mention)):
        # "the killing ... in San Salvador" in a report datelined Tegucigalpa: a town named in
        # the incident's own sentence stands, unless its name also fits the article's country.
        return _in_country(place, main, gazetteer) or place
    if not from_dateline and not _weak(place, main):
        return place
    # The article's country decides: a report datelined Lima that names China as the scene of
    # an attack in San Isidro is about Peru. Without one, the place's own country. A country
    # the incident's sentence names ("kidnapped in Colombia") decides over the article's.
    want = main
    if (place is not None and place.feature == "PCLI" and not from_dateline
            and _locative(place, text) and _by_trigger(place, mention)):
        want = place.country
    if want is None and place is not None and place.precision is not None:
        want = place.country
    better = closest([t for t in nearby if want is None or t.country == want])
    if better is not None:
        return _adopt(better, place)
    if place is not None and place.precision is not None and place.feature not in _WIDE and (
            want is None or place.country == want):
        return place
    # Nothing named around the incident: the nearest town or area of that country named before
    # it, else the dateline city when it lies there.
    earlier = [t for t in toponyms
               if t.evidence is not None and t.precision is not None and t.country == want
               and t.precision is not LocationPrecision.COUNTRY and t.feature not in _WIDE
               and t.evidence.start >= _opening_end(text, line_end) and t.evidence.start < at]
    if earlier:
        return _adopt(min(earlier, key=lambda t: (_specificity(t), at - _start(t))), place)
    if line is not None and want is not None:
        city = next((t for t in toponyms if t.evidence is not None
                     and t.evidence.start == line.start and t.precision is not None
                     and t.country == want and t.feature not in _WIDE), None)
        if city is not None:
            return _adopt(city, place)
    if place is not None and place.precision is not None and (
            want is None or place.country == want):
        return place
    # A street with no town named around it lies in the town the report comes from.
    if place is not None and _STREET.search(place.raw):
        city = next((t for t in toponyms if line is not None and t.evidence is not None
                     and t.evidence.start == line.start and t.precision is not None), None)
        if city is not None and city.country == main:
            return _adopt(city, place)
    # Nothing better named around it: the article's country, at country precision.
    if main is None:
        return place
    country = gazetteer.country(main)
    if country is None:
        return place
    raw = place.raw if place is not None else country.name
    evidence = place.evidence if place is not None else None
    relation = place.relation if place is not None else None
    return _to_place(country, raw=raw, evidence=evidence, relation=relation).model_copy(
        update={"name": None if place is not None and place.precision is None else country.name}
    )


# How far from the incident's trigger a place named "in X" is read as its scene: the same
# clause, not a place a later sentence names for background.
_SCENE_AFTER = 160
_SCENE_BEFORE = 80
# Towns that a report outside their country names as a scene: capitals and seats of areas,
# whose names are not the small namesakes that a common name has in every country.
_SEATS = frozenset({"PPLC", "PPLA", "PPLA2", "PPLG"})


# "<word> of X" where the word names a place or a part of one: X is where, not whose.
_OF_PLACE = re.compile(
    r"\b(?:city|town|village|hamlet|port|capital|province|department|region|district|state|"
    r"municipality|jurisdiction|suburbs?|outskirts|area|zone|centre|center|streets?|north|"
    r"south|east|west|northeast|northwest|southeast|southwest|heart|vicinity|part|people|"
    r"residents|inhabitants|population|"
    r"kilometers|kilometres|km|miles)\s+of\s+(?:the\s+)?$",
    re.I,
)
_OF = re.compile(r"\b\w+\s+of\s+(?:the\s+)?$", re.I)


def _origin(place: Place, text: str) -> bool:
    """Whether `place` follows "<someone> of" ("ROASCIO OF MILAN", "the mayor of Cali")."""
    ev = place.evidence
    if ev is None:
        return False
    before = text[max(0, ev.start - 40) : ev.start]
    return _OF.search(before) is not None and _OF_PLACE.search(before) is None


_OPENING = re.compile(r"^[^\n.]{3,120}?\s--\s")


def _opening_end(text: str, line_end: int) -> int:
    """Return where the opening line ends: "HAVANA (CUBA), 14 NOV 89 (AGENCY) --" included."""
    m = _OPENING.match(text)
    return max(line_end, m.end()) if m else line_end


def _reported(place: Place, text: str) -> bool:
    """Whether `place` is where the news was issued ("reports broadcast in Bogota")."""
    from tocsin.extract.location import REPORTED

    ev = place.evidence
    return ev is not None and REPORTED.search(text[max(0, ev.start - 60) : ev.start]) is not None


def _by_trigger(place: Place, mention: Mention) -> bool:
    """Whether `place` is written just after (or shortly before) the incident's trigger."""
    ev, trig = place.evidence, mention.type_evidence
    if ev is None or trig is None:
        return False
    return -_SCENE_BEFORE <= ev.start - trig.start <= _SCENE_AFTER


def _foreign_named(place: Place | None, main: str | None) -> bool:
    """Whether `place` is a capital or an area's seat outside the article's country."""
    return (place is not None and place.precision is not None and main is not None
            and place.country is not None and place.country != main
            and place.feature in _SEATS and not _STREETLIKE.search(place.raw))


_LOCATIVE = re.compile(r"\b(?:in|at|near|outside)\s+(?:the\s+)?(?:city\s+of\s+)?$", re.I)


def _locative(place: Place, text: str) -> bool:
    """Whether the text writes "in/at/near" right before `place` ("kidnapped in Colombia")."""
    ev = place.evidence
    return ev is not None and _LOCATIVE.search(text[max(0, ev.start - 24) : ev.start]) is not None


_LOCATIVE_CHAIN = re.compile(
    r"\b(?:in|at|near|outside)\s+(?:the\s+)?(?:(?:city|town|village)\s+of\s+)?"
    r"[A-Za-z][A-Za-z .'-]{1,40},\s*$",
    re.I,
)


def _named_elsewhere(place: Place, toponyms: Sequence[Place]) -> bool:
    """Whether another name of the article lies in `place`'s country ("Apure" in a report
    that also names Venezuela)."""
    key = normalize(place.raw)
    return any(t.country == place.country and t.precision is not None
               and normalize(t.raw) != key for t in toponyms)


def _locative_chain(place: Place, text: str) -> bool:
    """Whether `place` is the area after a place written "in X, " ("in Tulcan, Carchi")."""
    ev = place.evidence
    return ev is not None and _LOCATIVE_CHAIN.search(text[max(0, ev.start - 64) : ev.start]) \
        is not None


def _in_country(place: Place, country: str | None, gazetteer: Gazetteer) -> Place | None:
    """Return the reading of `place`'s name inside `country`, if the gazetteer has one."""
    hints = _Hints()
    options = [c for c in _candidates(place.raw, gazetteer, hints)
               if c.country == country and c.feature_code not in _WIDE]
    chosen = _best(options, _Context(), hints)
    if chosen is None:
        return None
    return _to_place(chosen, raw=place.raw, evidence=place.evidence, relation=place.relation)


def _adopt(better: Place, place: Place | None) -> Place:
    """Return `better` as a mention's place, keeping the relation the text gave."""
    relation = better.relation or (place.relation if place is not None else None)
    return better.model_copy(update={"relation": relation})


def _resolve_toponyms(toponyms: list[Place], text: str, gazetteer: Gazetteer) -> list[Place]:
    order = sorted(range(len(toponyms)), key=lambda k: _start(toponyms[k]))
    places = [toponyms[k] for k in order]
    keys = [normalize(p.raw) for p in places]
    hints = [_Hints() for _ in places]
    upper = _mostly_upper(text)
    from tocsin.extract.location import dateline

    _, _, line = dateline(text)
    for k, place in enumerate(places):
        hints[k].want_area, hints[k].want_town = _words_after(place, text)
        hints[k].acronym_case = not upper
        # The dateline's city, not the state after it ("CHESTER, Pa. -").
        hints[k].dateline = place.evidence is not None and (
            (line is not None and place.evidence.start == line.start)
            or _DATELINE_AFTER.match(text, place.evidence.end) is not None)
        if k > 0 and (_gap(places[k - 1], place, text) or "").strip() == ",":
            hints[k].allow_abbreviation = True
        if k > 0 and _bracketed_after(places[k - 1], place, text):
            # "Boulkessi (Mopti)", "Kidal (Kidal)": notes write the area holding the town in
            # brackets after it; a country there ("Kharkiv (Ukraine)") is an area too.
            hints[k].want_area = True
    cands = [_candidates(p.raw, gazetteer, h) for p, h in zip(places, hints, strict=True)]
    # First pass: each name alone, to learn which countries and areas the article is about.
    alone = [_best(c, _Context(), h) for c, h in zip(cands, hints, strict=True)]
    compass = _compass_parts(places, keys, cands, alone, text, gazetteer)
    for k, options in compass.items():
        cands[k] = options
        alone[k] = _best(options, _Context(), hints[k])
    ctx = _Context()
    contrib: dict[str, tuple[str | None, str | None]] = {}
    for key, c, options in zip(keys, alone, cands, strict=True):
        if c is None or key in contrib:
            continue
        # Small places named once are weak evidence of the article's country, unless the name
        # is found in that country only ("Jiquilisco" says El Salvador).
        if (c.feature_class != "P" or c.population >= 50_000
                or (c.match is NameKind.NAME and len(key) >= 4 and not _STREETLIKE.search(key)
                    and all(x.country == c.country for x in options))):
            contrib[key] = (c.country, c.admin1_code)
            if c.country:
                ctx.countries[c.country] += 1
            if c.admin1_code:
                ctx.admin1[c.admin1_code] += 1
    # Countries the text names or qualifies ("the Salvadoran army") anywhere, including where
    # the toponym finder did not take the word as a place: a country named often outweighs
    # one named once in passing ("San Salvador" in a text that mentions Mexico once).
    for cc, n in mentioned_countries(_blanked(text, places), gazetteer).items():
        ctx.countries[cc] += _MENTION_WEIGHT * min(n, 4)
    # Hierarchy and anchors written next to a name ("Paris, Texas", "X, near Moscow").
    # `stated[k]`: the text itself calls the container an area ("X, Usulutan Department").
    # From the outside in: "Nueva Florida, Miraflores Municipality, Bolivar Department" puts
    # Miraflores in Bolivar before Nueva Florida in Miraflores.
    stated = [False] * len(places)
    for k in reversed(range(len(places) - 1)):
        gap = _gap(places[k], places[k + 1], text)
        if gap is None:
            continue
        if hints[k].want_area:
            gap = _AREA_WORD_GAP.sub("", gap)  # "Miraflores Municipality, Bolivar Department"
        elif hints[k].want_town:
            gap = _TOWN_WORD_GAP.sub("", gap)  # "Kharkiv city (Kharkivska oblast)"
        # The container read in the article's context: "Bolivar Department" in a report on
        # Colombia is Colombia's Bolivar, not Venezuela's larger state.
        nxt = _best(cands[k + 1], ctx, hints[k + 1])
        own_best = alone[k]
        # "Mexico, the US and Canada" is a list: a country sits inside nothing.
        if (_CONTAINER_GAP.match(gap) and nxt is not None and nxt.feature_class == "A"
                and not (own_best is not None and own_best.feature_code in _WIDE)):
            # "Zacatecoluca, La Paz Department": the La Paz that holds a Zacatecoluca.
            holder = _enclosing(cands[k], cands[k + 1], ctx, hints[k + 1]) or nxt
            stated[k] = hints[k + 1].want_area
            outer = hints[k + 1].container
            if (stated[k + 1] and outer is not None and outer.feature_code == "ADM1"
                    and holder.feature_code == "ADM2" and not _within_area(holder, outer)):
                # The municipality the text puts in that department, else the department.
                inner = [a for a in cands[k + 1]
                         if a.feature_code == "ADM2" and _within_area(a, outer)]
                holder = _best(inner, ctx, hints[k + 1]) or outer
            hints[k].container = holder
        elif _NEAR_GAP.match(gap) and nxt is not None:
            hints[k].near = nxt
        elif _CONTAINER_GAP.match(gap) and hints[k + 1].want_area and (
                nxt is None or nxt.feature_class == "P"):
            # "Uchiza, Mariscal Caceres Province, San Martin Department": a province the
            # gazetteer lacks; the department after it contains both.
            above = _outer_area(k + 1, places, cands, hints, text, ctx)
            if above is not None:
                hints[k].container = hints[k + 1].container = above
                stated[k] = stated[k + 1] = True
    # Places of the article that lie close together support each other's readings
    # ("London" with "Middlesex" and "St. Thomas" is London, Ontario).
    readings: dict[str, list[Candidate]] = {}
    for key, options, h in zip(keys, cands, hints, strict=True):
        if key not in readings:
            ranked = sorted(options, key=lambda x: _score(x, _Context(), h), reverse=True)
            readings[key] = [x for x in ranked[:10] if x.feature_code not in _WIDE]
    out: list[Place] = []
    settled: dict[str, Candidate] = {}
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
        if k not in compass and keys[k] in _COMPASS_NAMES and places[k].raw[:1].islower():
            # "attacks in the north-west": a part of the article's own country, never a
            # province of another that GeoNames calls "North-West".
            lead = _leading(own)
            cands[k] = [c for c in cands[k] if lead is not None and c.country == lead]
        chosen = _best(cands[k], own, hints[k])
        inside: Candidate | None = None
        if (stated[k] and box is not None and box.feature_code in ("ADM1", "ADM2")
                and box.country == _leading(own)
                and (chosen is None or ((chosen.feature_class == "P" or (
                    chosen.feature_code == "ADM2" and box.feature_code == "ADM1"))
                    and not _within_area(chosen, box)))):
            # "San Francisco Javier, Usulutan Department": the text says where it lies, so a
            # namesake elsewhere is wrong; one spelled alike inside, else the area keeps it.
            chosen = _best(_spelled_alike(place.raw, box, gazetteer), own, hints[k])
            inside = box if chosen is None else None
        elif (box is not None and box.feature_code == "PCLI" and chosen is not None
              and chosen.feature_class == "P" and chosen.country != box.country
              and _country_after(k, places, text)):
            # "Solhan, Burkina Faso": the country has no town of that name in the gazetteer;
            # Turkey's Solhan is wrong, the country holds the unknown name.
            chosen, inside = None, box
        elif chosen is not None and _stray(chosen, own):
            # A village whose only readings lie in a country the article never names, in an
            # article about another ("Puerto Bello" in a report on Colombia): unknown.
            chosen = None
        # One sense per article: once "Edmonton, Ky." says which Edmonton, a later bare
        # "Edmonton" means the same town.
        box = hints[k].container
        if box is not None and box.feature_code in ("ADM1", "ADM2"):
            if chosen is not None and chosen.feature_class == "P" and keys[k] not in settled:
                settled[keys[k]] = chosen
        elif (keys[k] in settled and settled[keys[k]] in cands[k]
              and not (hints[k].want_area or hints[k].want_town)):
            # ... unless the words say which kind it is: "Kasese (Kasese district)".
            chosen = settled[keys[k]]
        relation = _relation_before(place, text)
        if chosen is None and inside is not None:
            out.append(_inside_area(inside, raw=place.raw, evidence=place.evidence,
                                    relation=relation))
        elif chosen is None:
            out.append(Place(raw=place.raw, evidence=place.evidence, relation=relation))
        else:
            out.append(_to_place(chosen, raw=place.raw, evidence=place.evidence, relation=relation))
    # Restore the caller's order.
    result: list[Place] = [Place(raw="")] * len(toponyms)
    for k, idx in enumerate(order):
        result[idx] = out[k]
    return result


_LIST_GAP = re.compile(r"^\s*(?:,|,?\s+(?:and|or))\s*$", re.IGNORECASE)


def _country_after(k: int, places: Sequence[Place], text: str) -> bool:
    """Whether `places[k + 1]` is a country written as the holder of `places[k]` ("Solhan,
    Burkina Faso"): right after a comma or a bracket, and not one item of a list ("Saipan,
    Guam, Alaska") or the subject of a new clause ("from Sirte, the US gave ...")."""
    if k + 1 >= len(places):
        return False
    gap = _gap(places[k], places[k + 1], text)
    if gap is None or not re.fullmatch(r"\s*[,(]\s*", gap):
        return False
    if k + 2 < len(places):
        after = _gap(places[k + 1], places[k + 2], text)
        if after is not None and _LIST_GAP.match(after):
            return False
    return not (k > 0 and _LIST_GAP.match(_gap(places[k - 1], places[k], text) or "x"))


_POSSESSIVE_GAP = re.compile(r"^\s*(?:'s|’s|')\s+(?:(?:far|extreme)\s+)?$")


def _compass_parts(places: Sequence[Place], keys: Sequence[str],
                   cands: Sequence[Sequence[Candidate]], alone: Sequence[Candidate | None],
                   text: str, gazetteer: Gazetteer) -> dict[int, list[Candidate]]:
    """Return, for each compass name written with a country ("north-west Pakistan",
    "Pakistan's north-west"), its readings inside that country: the country's area of that
    name (Cameroon's North-West), else the country itself."""
    out: dict[int, list[Candidate]] = {}
    for k, key in enumerate(keys):
        if key not in _COMPASS_NAMES:
            continue
        country: Candidate | None = None
        if k + 1 < len(places):
            gap = _gap(places[k], places[k + 1], text)
            nxt = alone[k + 1]
            if gap is not None and gap.strip() in ("", "-") and nxt is not None \
                    and nxt.feature_code == "PCLI":
                country = nxt
        if country is None and k > 0:
            gap = _gap(places[k - 1], places[k], text)
            prev = alone[k - 1]
            if gap is not None and _POSSESSIVE_GAP.match(gap) and prev is not None \
                    and prev.feature_code == "PCLI":
                country = prev
        if country is None or country.country is None:
            continue
        inside = [c for c in cands[k] if c.country == country.country
                  and c.feature_code in ("ADM1", "ADM2")]
        whole = gazetteer.country(country.country)
        out[k] = inside or ([whole] if whole is not None else [])
    return out


def _enclosing(inner: Sequence[Candidate], outer: Sequence[Candidate], ctx: _Context,
               hints: _Hints) -> Candidate | None:
    """Return the best reading of an area name that holds some reading of the name before it,
    in the article's leading country when it has one there."""
    holding = [a for a in outer if a.feature_code in ("ADM1", "ADM2")
               and any(c is not a and c.feature_code != a.feature_code and _within_area(c, a)
                       for c in inner)]
    lead = _leading(ctx)
    if lead is not None and any(a.country == lead for a in holding):
        holding = [a for a in holding if a.country == lead]
    return _best(holding, ctx, hints) if holding else None


def _leading(ctx: _Context) -> str | None:
    """Return the country the article's names point to most, if any."""
    positive = {c: v for c, v in ctx.countries.items() if v > 0}
    return max(positive, key=lambda c: positive[c]) if positive else None


def _outer_area(j: int, places: Sequence[Place], cands: Sequence[Sequence[Candidate]],
                hints: Sequence[_Hints], text: str, ctx: _Context) -> Candidate | None:
    """Return the area named after the unknown area `places[j]` in a comma chain, if any."""
    first = j - 1
    while j + 1 < len(places):
        gap = _gap(places[j], places[j + 1], text)
        if gap is not None:
            gap = _AREA_WORD_GAP.sub("", gap)  # " Province, " after "Mariscal Caceres"
        if gap is None or not _CONTAINER_GAP.match(gap):
            return None
        if not hints[j + 1].want_area:
            return None
        areas = [a for a in cands[j + 1] if a.feature_code in ("ADM1", "ADM2")]
        if areas:
            return (_enclosing(cands[first], areas, ctx, hints[j + 1])
                    or _best(areas, ctx, hints[j + 1]))
        if not hints[j + 1].want_area:
            return None
        j += 1
    return None


_TOWN_WORD_GAP = re.compile(r"^\s*(?:city|town|village)\b", re.IGNORECASE)


def _bracketed_after(prev: Place, place: Place, text: str) -> bool:
    """Whether `place` is written in brackets right after `prev`: "Gao (Gao)"."""
    gap = _gap(prev, place, text)
    if gap is None or place.evidence is None:
        return False
    gap = _TOWN_WORD_GAP.sub("", _AREA_WORD_GAP.sub("", gap))
    if gap.strip() != "(":
        return False
    after = text[place.evidence.end : place.evidence.end + 24]
    return re.match(r"\s*(?:(?:" + "|".join(_AREA_WORDS) + r")\s*)?[),]", after, re.I) is not None


_AREA_WORD_GAP = re.compile(r"^\s*(?:" + "|".join(_AREA_WORDS) + r")\b", re.IGNORECASE)


def _within_area(c: Candidate, area: Candidate) -> bool:
    if area.feature_code == "ADM2":
        return c.admin2_code == area.admin2_code
    return c.admin1_code == area.admin1_code


# A village this small, in a country nothing else in the article points to, is more likely an
# unknown namesake than a foreign place.
_STRAY_POPULATION = 20_000


def _stray(c: Candidate, ctx: _Context) -> bool:
    """Whether `c` is a small place in a country the article otherwise never points to,
    while the article clearly points to another."""
    if c.feature_class != "P" or c.population >= _STRAY_POPULATION or not c.country:
        return False
    if ctx.countries.get(c.country, 0.0) > 0:
        return False
    return max(ctx.countries.values(), default=0.0) >= 2.0


def _inside_area(area: Candidate, *, raw: str, evidence: Span | None,
                 relation: str | None) -> Place:
    """Return an unknown name the text places in `area`: its own text, the area's point."""
    return _to_place(area, raw=raw, evidence=evidence, relation=relation).model_copy(
        update={"name": None, "geonames_id": None, "feature": None}
    )


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


def _resolve_mention_place(place: Place, toponyms: list[Place], gazetteer: Gazetteer,
                           text: str | None = None) -> Place:
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
            # A name the gazetteer lacks is shown by its text: the toponym's whole name
            # ("Nueva Florida"), not the extractor's shorter span of it.
            raw = best.raw if _unknown_inside(best) else place.raw
            return best.model_copy(update={"raw": raw, "evidence": ev, "relation": relation})
    found = resolve_name(place.raw, context=toponyms, gazetteer=gazetteer)
    if found.precision is None and ev is not None and text is not None:
        # "Cutufi, Apure State": a name the gazetteer lacks, written inside a known area.
        for t in toponyms:
            if (t.evidence is not None and t.feature in ("ADM1", "ADM2")
                    and 0 <= t.evidence.start - ev.end <= 40
                    and _CONTAINER_GAP.match(text[ev.end : t.evidence.start])):
                return t.model_copy(update={"raw": place.raw, "name": None, "geonames_id": None,
                                            "feature": None, "evidence": ev,
                                            "relation": found.relation})
    return found.model_copy(update={"evidence": ev})


# ---------------------------------------------------------------------------------------------
# Candidates and scores


def _candidates(raw: str, gazetteer: Gazetteer, hints: _Hints) -> list[Candidate]:
    """Return the gazetteer's candidates for a name, reading "X Province" and "X city"."""
    hints.raw = raw.strip()
    key = normalize(_POSSESSIVE.sub("", raw.strip()))
    key = _PREFIX.sub("", key)
    if not key or key in _COMPASS:
        return []
    cands = list(gazetteer.lookup_key(key))
    m = _QUARTER.match(key)
    if m and not cands:
        # "western Bogota", "downtown Kabul": the town itself ("South Africa" is a name).
        cands = list(gazetteer.lookup_key(key[m.end() :]))
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

    bare = _AREA_SUFFIX.sub(r"\g<name>", normalize(raw))
    key = normalize(_TOWN_SUFFIX.sub(r"\g<name>", bare)).replace(" ", "")
    code = area.admin2_code if area.feature_code == "ADM2" else area.admin1_code
    if len(key) < 4 or code is None:
        return []
    options = gazetteer.places_in(code)
    if area.feature_code == "ADM1":
        # "Sayedabad district, Wardak province": the districts of the province too.
        options += gazetteer.areas_in(code)
    skeleton = _skeleton(key)
    scored = []
    for c in options:
        name = normalize(c.name).replace(" ", "")
        score = fuzz.ratio(key, name)
        if score < 85 and len(skeleton) >= 4 and _skeleton(name) == skeleton:
            score = 85.0  # the same consonants: "Sayedabad" / "Sayyidabad"
        scored.append((score, c))
    return [c for score, c in sorted(scored, key=lambda x: -x[0]) if score >= 85][:3]


_VOWELS = re.compile(r"(?<!^)[aeiou]")
_REPEATS = re.compile(r"(.)\1+")


def _skeleton(key: str) -> str:
    """Return a name's consonants, doubled letters once: transliterations of one Arabic or
    Persian name differ mostly in their vowels and doubled letters."""
    return _REPEATS.sub(r"\1", _VOWELS.sub("", key))


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
        # A capital by its own name ("San Salvador"), not by an old one ("Philadelphia" for
        # Amman), outranks its namesakes.
        s += 2.0 if c.match is NameKind.NAME else 1.0
    if hints.want_area:
        s += 4.0 if c.feature_class == "A" else -3.0
    if hints.want_town:
        s += 3.0 if c.feature_class == "P" else -3.0
    if ctx.countries and c.country:
        total = sum(ctx.countries.values())
        mine = ctx.countries.get(c.country, 0.0)
        share = mine / total if total > 0 else 0.0
        s += 2.0 * share + (1.5 if mine > 0 else 0.0)
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
    if hints.dateline and c.feature_class == "P":
        s += math.log10(c.population + 10) + (3.0 if code == "PPLC" else 0.0)
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
    if _unknown_inside(p):
        return 1  # a name the gazetteer lacks: a known town named with it comes first
    return _SPECIFICITY.get(p.feature or "", 4)


def _unknown_inside(p: Place) -> bool:
    """Whether `p` is a name the gazetteer lacks, placed by the text in an area it knows."""
    return p.name is None and p.feature is None and p.precision is not None


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
