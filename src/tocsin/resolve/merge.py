"""Merging: each new mention joins the incident it reports, or starts a new one.

Resolution is pairwise and symmetric: two mentions are *linked* when nothing contradicts them
(`pair_score` vetoes: another country, incompatible types, event days more than a day apart,
precise places far apart, long reports that share almost no words) and enough agrees (place,
type, shared perpetrator group, same day, the same large death toll, shared distinctive words)
to reach `LINK_THRESHOLD`. Place, type and day alone link only reports that agree on a city, a
kind of attack and the day; looser pairs (a country, a bare "attack", a publication date,
towns an hour apart) also need shared words or the same toll. An incident is a connected
component of linked mentions: a new mention joins every incident it links to, merging them
when it links several. Links never look at what an incident has become so far, only at its
mentions, so components do not depend on arrival order: the same articles in any order give
the same incidents. (Exception: a retrospective report, see `attach`, links only to incidents
already stored when it arrives.)

Incident ids: `inc_` + a hash of the smallest (article id, mention index) among the incident's
mentions. The id is therefore a function of the set of mentions, not of the order they came
in; the cost is that an id changes when a mention that sorts earlier joins later (or when two
incidents merge). The store records every such rename in `incident_aliases`, so an old id
still finds its incident (`SQLiteStore.resolve_incident_id`).

Figures are never overwritten: every report goes into `count_history` and the current figure
follows `current_counts` (documented there). Every field of an incident is rebuilt from its
whole set of mentions (`build_incident`) by order-free rules (votes, ties to the earliest
mention key), which keeps final figures and fields order-independent too.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from tocsin.geo import haversine_km
from tocsin.models import (
    Article,
    Count,
    CountReport,
    DatePrecision,
    EventDate,
    Incident,
    LocationPrecision,
    Mention,
    Perpetrator,
    Place,
    Qualifier,
    Responsibility,
    Span,
)

if TYPE_CHECKING:
    from tocsin.resolve.gazetteer import Candidate, Gazetteer
    from tocsin.store import Store

# Two reports of one incident may give event days one apart (time zones, "overnight").
DAY_SLACK = 1
# A report with no date of its own is about something that happened up to this many days
# before it was published.
PUBLICATION_LOOKBACK = 4
NEAR_KM = 30.0
FAR_KM = 100.0
PRECISION_RANK = {
    LocationPrecision.CITY: 4,
    LocationPrecision.ADMIN2: 3,
    LocationPrecision.ADMIN1: 2,
    LocationPrecision.COUNTRY: 1,
}
# A link needs positive evidence beyond "nothing contradicts": e.g. the same city (2.0), or the
# same country and type family (0.5 + 1.0) plus shared distinctive words.
LINK_THRESHOLD = 2.0
TEXT_WEIGHT = 3.0
# The least text similarity (cosine of distinctive words) for a link between reports that do
# not agree on a city, a kind of attack and a day (see `pair_score`).
VAGUE_MIN_SIMILARITY = 0.3
# ... or with a shared named armed group.
GROUP_MIN_SIMILARITY = 0.2
# Reports of at least MIN_TERMS distinctive words each must share MIN_SIMILARITY of them.
MIN_SIMILARITY = 0.1
MIN_TERMS = 8
# The place evidence of one city, or of precise places under NEAR_KM apart.
NEAR_SCORE = 1.5
# A death toll of at least FIGURE_MIN that two reports give within FIGURE_TOLERANCE (relative:
# "at least 100" and "101") is evidence by itself that they report one incident.
FIGURE_MIN = 10
FIGURE_TOLERANCE = 0.05
FIGURE_WEIGHT = 1.5
# Mentions of an old incident (a trial, an anniversary) never found a new incident; they join
# an old one only on strong evidence, since the date cannot help.
RETRO_THRESHOLD = 3.0
RETRO_YEARS = 30

# ACLED sub-event families: sub-types that reporters (and the extractor) confuse for one event.
# Sub-types in different families of one ACLED type are different incidents (a suicide bombing
# and the air strikes that answer it).
_FAMILY = {
    "Suicide bomb": "bomb",
    "Remote explosive/landmine/IED": "bomb",
    "Grenade": "bomb",
    "Air/drone strike": "air",
    "Shelling/artillery/missile attack": "shelling",
    "Chemical weapon": "chemical",
    "Armed clash": "battle",
    "Government regains territory": "battle",
    "Non-state actor overtakes territory": "battle",
    "Attack": "attack",
    "Abduction/forced disappearance": "abduction",
    "Sexual violence": "sexual",
}
# A bare "attack" report (GTD Armed Assault or Unknown, ACLED Attack) may be any violent
# incident; it stays compatible with violent types but earns no type points.
_GENERIC_SUBTYPES = {"Attack"}
_VIOLENT_TYPES = {"Violence against civilians", "Explosions/Remote violence", "Battles"}


def mention_key(mention: Mention) -> tuple[str, int]:
    """Return the order-free key of a mention: (article id, index)."""
    return mention.article_id, mention.index


def incident_id_for(mention: Mention) -> str:
    """Return the id of an incident whose smallest mention key is this mention's."""
    digest = hashlib.sha1(f"{mention.article_id}\x1f{mention.index}".encode()).hexdigest()
    return "inc_" + digest[:16]


# -- dates -------------------------------------------------------------------------------------


def _parse_iso(iso: str) -> dt.date | None:
    try:
        if len(iso) == 10:
            return dt.date.fromisoformat(iso)
        if len(iso) == 7:
            return dt.date.fromisoformat(iso + "-01")
        if len(iso) == 4:
            return dt.date(int(iso), 1, 1)
    except ValueError:
        return None
    return None


def mention_day(mention: Mention) -> dt.date | None:
    """Return the best single day for a mention: its event date, else its publication date."""
    if mention.date is not None:
        day = _parse_iso(mention.date.iso)
        if day is not None:
            return day
    return mention.published


def day_range(mention: Mention) -> tuple[dt.date, dt.date] | None:
    """Return the first and last day the mention's incident may have happened on, or None.

    A day-precision date is that day; a month or year is the whole of it; a date that only
    stands in for the publication date (or no date with a publication date) covers the few
    days before publication, since news reports what happened lately.
    """
    date = mention.date
    if date is not None and date.precision != DatePrecision.PUBLICATION:
        first = _parse_iso(date.iso)
        if first is not None:
            if date.precision == DatePrecision.MONTH:
                nxt = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
                return first, nxt - dt.timedelta(days=1)
            if date.precision == DatePrecision.YEAR:
                return first, first.replace(month=12, day=31)
            return first, first
    anchor = mention.published
    if anchor is None and date is not None:
        anchor = _parse_iso(date.iso)
    if anchor is None:
        return None
    return anchor - dt.timedelta(days=PUBLICATION_LOOKBACK), anchor


def date_window(mention: Mention) -> tuple[str, str] | None:
    """Return the ISO range of day ranges a linked mention's range must overlap, or None."""
    rng = day_range(mention)
    if rng is None:
        return None
    slack = dt.timedelta(days=DAY_SLACK)
    return (rng[0] - slack).isoformat(), (rng[1] + slack).isoformat()


def _range_gap(a: tuple[dt.date, dt.date], b: tuple[dt.date, dt.date]) -> int:
    if a[1] < b[0]:
        return (b[0] - a[1]).days
    if b[1] < a[0]:
        return (a[0] - b[1]).days
    return 0


# -- places ------------------------------------------------------------------------------------


def distance_km(a: Place, b: Place) -> float | None:
    """Return the great-circle distance between two resolved places, or None."""
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return None
    return haversine_km(a.lat, a.lon, b.lat, b.lon)


def _precise(p: Place) -> bool:
    return p.precision in (LocationPrecision.CITY, LocationPrecision.ADMIN2)


_SAME_PLACE = {
    LocationPrecision.CITY: 2.0,
    LocationPrecision.ADMIN2: 1.5,
    LocationPrecision.ADMIN1: 1.0,
    LocationPrecision.COUNTRY: 0.5,
}


def _place_score(a: Place | None, b: Place | None) -> float | None:
    """Return the place evidence of two mentions, or None when the places contradict."""
    if a is None or b is None:
        return 0.0
    if a.country and b.country and a.country != b.country:
        return None
    if a.geonames_id is not None and a.geonames_id == b.geonames_id:
        # The same city says much, the same country little.
        return _SAME_PLACE.get(a.precision, 0.5) if a.precision else 0.5
    km = distance_km(a, b)
    if _precise(a) and _precise(b):
        if km is not None and km <= NEAR_KM:
            return 1.5
        if km is None or km > FAR_KM:
            return None if km is not None else 0.0
        return 0.5
    # One place contains the other (Peshawar in Khyber Pakhtunkhwa in Pakistan).
    if a.admin1 and a.admin1 == b.admin1:
        return 1.0
    if a.country and a.country == b.country:
        return 0.5
    return 0.0


# -- types -------------------------------------------------------------------------------------


def _generic(m: Mention) -> bool:
    return m.acled_subtype in (None, *_GENERIC_SUBTYPES) and m.acled_type in (
        None,
        "Violence against civilians",
    )


def _type_score(a: Mention, b: Mention) -> float | None:
    """Return the type evidence of two mentions, or None when the types exclude each other."""
    sa, sb = a.acled_subtype, b.acled_subtype
    ta, tb = a.acled_type, b.acled_type
    generic_a, generic_b = _generic(a), _generic(b)
    if generic_a and generic_b:
        # Two bare "attack" reports agree on little.
        same_gtd = a.gtd_type is not None and a.gtd_type == b.gtd_type
        return 0.5 if same_gtd or (sa is not None and sa == sb) else 0.0
    if generic_a or generic_b:
        other = tb if generic_a else ta
        return 0.0 if other is None or other in _VIOLENT_TYPES else None
    if ta and tb and ta != tb:
        return None
    fa, fb = _FAMILY.get(sa or ""), _FAMILY.get(sb or "")
    if fa and fb and fa != fb:
        return None
    if (sa and sa == sb) or (fa and fa == fb):
        return 1.0
    return 0.5 if ta and ta == tb else 0.0


# -- text --------------------------------------------------------------------------------------

_WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)
# Words every casualty report shares: they say nothing about which incident it is.
_COMMON_WORDS = """
    the and for with from that this have has had was were are been being into after before over
    under about than more most least some many dozens scores other others its their his her
    they them who which what when where while also said says say saying told reported report
    reports according local media news official officials police people person persons kill
    killed kills killing dead death deaths die died dying toll rise rises rising risen injure
    injured injuring injuries wound wounded wounding hurt least nearly almost several monday
    tuesday wednesday thursday friday saturday sunday today yesterday week day days night
    morning afternoon evening year years two three four five six seven eight nine ten hundred
    hundreds attack attacked attacks attacker incident man men woman women city country
    province region town village state government new one not but all out now just still
    will would could can may might should video photo live update updates latest breaking
    street avenue block road drive lane home house apartment hospital condition scene arrest
    arrested suspect suspects shoot shooting shot shots gunshot gunfire fire fired victim
    victims investigat investigation investigator investigators call called area around
    found find department county sheriff deputy deputies authorities authoriti accord officer
    officers crime charge charged charges identified identifi life threatening
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec januar februar septemb octob novemb decemb
    text gmt afp efe acan reuters xinhua tass dpa ansa notimex prensa latina
"""
_COMMON = frozenset(_COMMON_WORDS.split())
_SUFFIXES = ("ings", "ing", "ers", "er", "ed", "es", "s")


def _stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def terms_of(text: str) -> list[str]:
    """Return the sorted distinctive word stems of a text (common report words left out)."""
    stems = {_stem(w) for w in (m.group().lower() for m in _WORD.finditer(text))}
    return sorted(s for s in stems if s not in _COMMON and _stem(s) not in _COMMON)


# Text around a mention's evidence that is read for its terms, in characters each side.
TERMS_CONTEXT = 200


def mention_terms(mention: Mention, text: str) -> list[str]:
    """Return the distinctive words of the text around a mention's evidence spans.

    Words of the mention's own place below country level ("san salvador") are left out:
    `pair_score` weighs places on their own, and counting a city's name again as a shared
    word made every report from one city look like one story.
    """
    own = _own_words(mention)
    return [t for t in _window_terms(mention, text) if t not in own]


def _own_words(mention: Mention) -> set[str]:
    p = mention.place
    if p is None or p.precision in (None, LocationPrecision.COUNTRY):
        return set()
    names = [x for x in (p.raw, p.name, p.admin2 if _precise(p) else None) if x]
    return set(terms_of(" ".join(names)))


def _window_terms(mention: Mention, text: str) -> list[str]:
    spans = [
        s
        for s in (
            mention.type_evidence,
            mention.place.evidence if mention.place else None,
            mention.killed.evidence if mention.killed else None,
            mention.date.evidence if mention.date else None,
        )
        if s is not None
    ]
    if len(text) <= 2 * TERMS_CONTEXT or not spans:
        return terms_of(text[: 4 * TERMS_CONTEXT])
    start = max(0, min(s.start for s in spans) - TERMS_CONTEXT)
    end = min(len(text), max(s.end for s in spans) + TERMS_CONTEXT)
    return terms_of(text[start:end])


def text_similarity(a: Sequence[str], b: Sequence[str]) -> float:
    """Return the cosine similarity of two term sets (0 when either is empty)."""
    if not a or not b:
        return 0.0
    sa, sb = set(a), set(b)
    return len(sa & sb) / math.sqrt(len(sa) * len(sb))


# -- pairwise resolution -----------------------------------------------------------------------


def _norm(name: str) -> str:
    return " ".join(name.lower().split())


def _groups(mention: Mention) -> set[str]:
    return {_norm(p.name) for p in mention.perpetrators if p.kind == "group"}


def pair_score(a: Mention, b: Mention, *, ignore_dates: bool = False) -> float | None:
    """Return how strongly two mentions report one incident, or None when they cannot.

    Symmetric in its arguments, so that the incidents built from it do not depend on the
    order of arrival.
    """
    if a.article_id == b.article_id and a.index == b.index:
        return None
    place = _place_score(a.place, b.place)
    if place is None:
        return None
    kind = _type_score(a, b)
    if kind is None:
        return None
    if a.article_id == b.article_id:
        # The extractor separated them; rejoin only the headline/body pattern of feed items
        # ("Pakistan mosque bomb kills 27" / "... a mosque in Peshawar"): the types agree and
        # at most one of them names a precise place, which the other contains.
        both_precise = a.place and b.place and _precise(a.place) and _precise(b.place)
        if kind < 1.0 or both_precise:
            return None
    score = place + kind
    loose_date = False
    if not ignore_dates:
        ra, rb = day_range(a), day_range(b)
        if ra is not None and rb is not None:
            gap = _range_gap(ra, rb)
            if gap > DAY_SLACK:
                return None
            exact = (
                a.date is not None
                and b.date is not None
                and a.date.precision == b.date.precision == DatePrecision.DAY
            )
            if exact and gap == 0:
                score += 0.5
            elif not exact or gap > 0:
                loose_date = True
    shared_group = bool(_groups(a) & _groups(b))
    if shared_group:
        score += 1.0
    similarity = text_similarity(a.terms, b.terms)
    figures = figures_agree(a, b)
    if figures:
        score += FIGURE_WEIGHT
    doubtful = _vague(a.place) or _vague(b.place) or place < NEAR_SCORE or kind < 1.0 or loose_date
    distinctive = (
        similarity >= VAGUE_MIN_SIMILARITY
        or figures
        or (shared_group and similarity >= GROUP_MIN_SIMILARITY)
    )
    if similarity < MIN_SIMILARITY and not figures and _wordy(a) and _wordy(b):
        # Even reports that agree on place, type and day share some words of the story;
        # two bombings in one city on one day share next to none. (A report of a few words,
        # "police revised the toll to 84", may share none and still be about it.)
        return None
    if doubtful and not distinctive:
        # Place, type and day alone link only reports that agree on all three: one city (or
        # places under NEAR_KM apart), one kind of attack, the same day. Anything looser (a
        # country, a bare "attack", a day only known from publication, towns an hour apart)
        # also needs words of the story in common or the same casualty figure; a shared
        # armed group is not enough, since one group fights a whole war.
        return None
    return score + TEXT_WEIGHT * similarity


def _wordy(m: Mention) -> bool:
    return len(m.terms) >= MIN_TERMS


def figures_agree(a: Mention, b: Mention) -> bool:
    """Return True when two reports give the same large death toll (within 5%)."""
    if a.killed is None or b.killed is None:
        return False
    x, y = a.killed.value, b.killed.value
    if min(x, y) < FIGURE_MIN:
        return False
    return abs(x - y) <= FIGURE_TOLERANCE * max(x, y)


def _vague(p: Place | None) -> bool:
    return p is None or p.precision in (None, LocationPrecision.COUNTRY)


def linked(a: Mention, b: Mention) -> bool:
    """Return True when two mentions report the same incident."""
    score = pair_score(a, b)
    return score is not None and score >= LINK_THRESHOLD


# Words that mark a report about an old incident rather than a new one.
_RETRO = re.compile(
    r"\b(trial|tried|verdict|sentenced|sentencing|convicted|acquitted|court|anniversary|"
    r"commemorat\w*|memorial|remember\w*|years? (?:ago|after|since|on)|"
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|\d+) years)\b",
    re.IGNORECASE,
)


def _age_days(mention: Mention) -> int | None:
    """Days from the mention's own event date to its publication; None without both."""
    day = mention_day(mention)
    if mention.date is None or mention.date.precision == DatePrecision.PUBLICATION:
        return None
    if day is None or mention.published is None:
        return None
    return (mention.published - day).days


def _dated_back(mention: Mention) -> bool:
    """Whether the mention's own date lies more than a month before its publication."""
    age = _age_days(mention)
    return age is not None and age > 31


def is_retrospective(mention: Mention, text: str) -> bool:
    """Return True when a mention reads as a report about an old incident (trial, anniversary).

    Either its own date lies more than a year before publication, or more than a month with
    the text around it talking of a trial, verdict, anniversary or memorial, or it gives no
    event date of its own and the text talks of those. A report dated weeks back with no such
    words is a late first report (a delayed bulletin, a discovered grave) and founds an
    incident: on MUC-4's held-out messages the month-only rule left 21 of 171 mentions
    unattached and cost 0.04 detection F1.
    """
    retro_words = _RETRO.search(text) is not None
    age = _age_days(mention)
    if age is None:
        return retro_words
    return age > 365 or (age > 31 and retro_words)


# -- building incidents ------------------------------------------------------------------------


def _vote(values: Iterable[str | None]) -> str | None:
    """Return the most common value; ties go to the one that came first (in key order)."""
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for i, v in enumerate(values):
        if v is None:
            continue
        counts[v] += 1
        first.setdefault(v, i)
    if not counts:
        return None
    return min(counts, key=lambda v: (-counts[v], first[v]))


def _choose_type(mentions: Sequence[Mention]) -> tuple[str | None, str | None, str | None]:
    specific = [m for m in mentions if m.acled_subtype not in _GENERIC_SUBTYPES] or list(mentions)
    subtype = _vote(m.acled_subtype for m in specific)
    pool = [m for m in specific if m.acled_subtype == subtype] if subtype else specific
    acled = _vote(m.acled_type for m in pool) or _vote(m.acled_type for m in mentions)
    gtd = _vote(m.gtd_type for m in pool) or _vote(m.gtd_type for m in mentions)
    return gtd, acled, subtype


def _choose_date(mentions: Sequence[Mention]) -> EventDate | None:
    for precision in (DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.YEAR):
        dated = [m.date for m in mentions if m.date is not None and m.date.precision == precision]
        if dated:
            counts = Counter(d.iso for d in dated)
            iso = min(counts, key=lambda x: (-counts[x], x))
            return next(d for d in dated if d.iso == iso)
    stand_ins = [m.date for m in mentions if m.date is not None]
    # Without a date in any text, the earliest publication is the best stand-in.
    return min(stand_ins, key=lambda d: d.iso) if stand_ins else None


def _choose_place(mentions: Sequence[Mention]) -> Place | None:
    places = [m.place for m in mentions if m.place is not None]
    if not places:
        return None
    rank = max(PRECISION_RANK.get(p.precision, 0) if p.precision else 0 for p in places)
    best = [p for p in places if (PRECISION_RANK.get(p.precision, 0) if p.precision else 0) == rank]
    key = _vote(
        str(p.geonames_id) if p.geonames_id is not None else (p.name or p.raw) for p in best
    )
    return next(
        p
        for p in best
        if (str(p.geonames_id) if p.geonames_id is not None else (p.name or p.raw)) == key
    )


def _merge_perpetrators(
    current: list[Perpetrator], new: Sequence[Perpetrator]
) -> list[Perpetrator]:
    rank = {
        Responsibility.CLAIMED: 3,
        Responsibility.DENIED: 2,
        Responsibility.SUSPECTED: 1,
        Responsibility.UNKNOWN: 0,
    }
    merged = {_norm(p.name): p for p in current}
    order = [_norm(p.name) for p in current]
    for p in new:
        key = _norm(p.name)
        if key not in merged:
            merged[key] = p
            order.append(key)
        elif rank[p.responsibility] > rank[merged[key].responsibility]:
            merged[key] = merged[key].model_copy(update={"responsibility": p.responsibility})
    return [merged[k] for k in order]


def _most_specific(perpetrators: list[Perpetrator]) -> list[Perpetrator]:
    """Drop an unnamed individual that another report describes more closely.

    One report's "bomber" is another's "suicide bomber": in one incident they are the same
    attacker, so the bare head noun goes when a longer description ends with it. Groups are
    kept (the "Taliban" and the "Pakistani Taliban" are not always one group), and so is any
    perpetrator with a claim, denial or suspicion of its own.
    """
    names = {_norm(p.name) for p in perpetrators if p.kind == "individual"}

    def covered(p: Perpetrator) -> bool:
        name = _norm(p.name)
        return (
            p.kind == "individual"
            and p.responsibility == Responsibility.UNKNOWN
            and any(other != name and other.endswith(" " + name) for other in names)
        )

    return [p for p in perpetrators if not covered(p)]


def _report_order(report: CountReport) -> tuple[str, str, str]:
    when = report.as_of_time.isoformat() if report.as_of_time else ""
    return (report.as_of.isoformat() if report.as_of else "", when, report.article)


def build_incident(
    mentions: Sequence[Mention],
    *,
    count_history: Iterable[CountReport] = (),
    articles: Iterable[str] = (),
) -> Incident:
    """Return the incident made of `mentions`, every field chosen by an order-free rule.

    The result's `mentions` is left empty (the store keeps mentions in their own table).
    Type: the most reported specific sub-type, with the ACLED and GTD types of the mentions
    that gave it. Date: the most reported day (ties: the earliest). Place: the most precise
    level reported, and at that level the most reported place. Perpetrators, targets and
    weapons: the union, in mention-key order. Counts: `current_counts` over the history.
    """
    if not mentions:
        raise ValueError("an incident needs at least one mention")
    ordered = sorted(mentions, key=mention_key)
    gtd, acled, subtype = _choose_type(ordered)
    perpetrators: list[Perpetrator] = []
    targets, weapons = [], []
    seen_targets: set[str] = set()
    seen_weapons: set[str] = set()
    for m in ordered:
        perpetrators = _merge_perpetrators(perpetrators, m.perpetrators)
        for t in m.targets:
            if _norm(t.text) not in seen_targets:
                seen_targets.add(_norm(t.text))
                targets.append(t)
        for w in m.weapons:
            if _norm(w.text) not in seen_weapons:
                seen_weapons.add(_norm(w.text))
                weapons.append(w)
    perpetrators = _most_specific(perpetrators)
    history: dict[tuple[str, str, str, str], CountReport] = {}
    for report in count_history:
        history.setdefault(
            (*_report_order(report), report.model_dump_json(exclude={"outlier"})), report
        )
    sources = sorted({*articles, *(m.article_id for m in ordered)})
    incident = Incident(
        id=incident_id_for(ordered[0]),
        gtd_type=gtd,
        acled_type=acled,
        acled_subtype=subtype,
        date=_choose_date(ordered),
        place=_choose_place(ordered),
        perpetrators_killed=next(
            (m.perpetrators_killed for m in ordered if m.perpetrators_killed is not None), None
        ),
        perpetrators=perpetrators,
        targets=targets,
        weapons=weapons,
        articles=sources,
        count_history=[history[k] for k in sorted(history)],
    )
    return _apply_current_counts(incident)


def report_of(
    mention: Mention, *, source: str | None = None, text: str | None = None
) -> CountReport | None:
    """Return the count report a mention contributes, or None when it gives no figure."""
    if mention.killed is None and mention.injured is None and mention.kidnapped is None:
        return None
    revision = False
    if text is not None:
        spans = [c.evidence for c in (mention.killed, mention.injured) if c and c.evidence]
        revision = any(is_revision(text, s) for s in spans)
    return CountReport(
        as_of=mention.published,
        as_of_time=mention.published_at,
        article=mention.article_id,
        killed=mention.killed,
        injured=mention.injured,
        kidnapped=mention.kidnapped,
        source=source,
        revision=revision,
    )


_REVISED = re.compile(
    r"\b(revis\w*|correct\w*|lower\w*|downward|brought down|reduc\w*|amend\w*)\b", re.IGNORECASE
)
_OFFICIAL = re.compile(
    r"\b(police|officials?|ministry|minister|authorit\w+|government|spokes\w+|governor|"
    r"hospital|health department|military|army|inspector)\b",
    re.IGNORECASE,
)


def is_revision(text: str, span: Span) -> bool:
    """Return True when the sentence around a figure reads as an official correction of it."""
    start = max(text.rfind(".", 0, span.start) + 1, span.start - 200)
    stop = text.find(".", span.end)
    end = min(stop if stop != -1 else len(text), span.end + 200)
    window = text[start:end]
    return bool(_REVISED.search(window) and _OFFICIAL.search(window))


# An isolated figure more than this many times every other report's is not adopted.
OUTLIER_RATIO = 1.5
# ... unless another report lies within this share of it.
OUTLIER_SUPPORT = 0.2
# Outliers can only be judged against enough other reports.
OUTLIER_MIN_OTHERS = 2


def outliers(history: Sequence[CountReport], field: str) -> set[int]:
    """Return the positions in `history` of isolated outlying figures for `field`.

    A figure is an outlier when it exceeds OUTLIER_RATIO times every other report's figure,
    no other report lies within OUTLIER_SUPPORT of it, and reports of the same moment or
    later did not follow it (one of them gives a figure no higher than the others'). The
    latest figure of a growing toll is therefore never an outlier until later reports
    contradict it.
    """
    values = [
        (i, getattr(r, field).value, r.article, _report_order(r)[:2])
        for i, r in enumerate(history)
        if getattr(r, field)
    ]
    flagged: set[int] = set()
    for i, value, article, when in values:
        others = [(v, w) for j, v, a, w in values if j != i and a != article]
        if len(others) < OUTLIER_MIN_OTHERS:
            continue
        top = max(v for v, _ in others)
        if value <= OUTLIER_RATIO * top:
            continue
        if any(abs(v - value) <= OUTLIER_SUPPORT * value for v, _ in others):
            continue
        if any(w >= when for _, w in others):
            flagged.add(i)
    return flagged


_QUALIFIER_RANK = {
    Qualifier.EXACT: 3,
    Qualifier.ABOUT: 2,
    Qualifier.RANGE: 1,
    Qualifier.AT_LEAST: 1,
    Qualifier.AT_MOST: 0,
}


def current_counts(history: Sequence[CountReport]) -> dict[str, Count | None]:
    """Return the current killed/injured/kidnapped figures from an incident's reports.

    The rule, per figure:
    1. An isolated outlier (more than 1.5x every other report's figure, no other report
       within 20% of it, at least two other reports, and reports of the same moment or later
       that did not follow it; see `outliers`) is flagged and never adopted.
    2. The latest credible report wins. Tolls of one incident grow as bodies are found, so a
       lower figure published later is taken for a stale copy of an old figure, not adopted;
       except a report that reads as an official correction (`CountReport.revision`: the
       sentence says revised/corrected/lowered and names police, officials, a ministry...),
       which resets the figure: from the latest such revision on, only it and later reports
       count.
    3. Among the reports that count, the highest figure wins; equal figures go to the more
       exact qualifier, then the later report.
    Every step depends on the set of reports only, not on the order they arrived in.
    """
    result: dict[str, Count | None] = {}
    ordered = sorted(history, key=_report_order)
    for field in ("killed", "injured", "kidnapped"):
        flagged = outliers(ordered, field)
        credible = [
            (i, r)
            for i, r in enumerate(ordered)
            if getattr(r, field) is not None and i not in flagged
        ]
        revisions = [i for i, r in credible if r.revision]
        if revisions:
            credible = [(i, r) for i, r in credible if i >= revisions[-1]]
        chosen: Count | None = None
        best: tuple[int, int, int] | None = None
        for i, r in credible:
            count: Count = getattr(r, field)
            key = (count.value, _QUALIFIER_RANK[count.qualifier], i)
            if best is None or key > best:
                best, chosen = key, count
        result[field] = chosen
    return result


def _apply_current_counts(incident: Incident) -> Incident:
    ordered = sorted(incident.count_history, key=_report_order)
    flags: dict[int, list[str]] = {}
    for field in ("killed", "injured", "kidnapped"):
        for i in outliers(ordered, field):
            flags.setdefault(i, []).append(field)
    incident.count_history = [
        r.model_copy(update={"outlier": flags.get(i, [])}) for i, r in enumerate(ordered)
    ]
    for field, count in current_counts(incident.count_history).items():
        setattr(incident, field, count)
    return incident


# -- the incremental API -------------------------------------------------------------------------


def new_incident(mention: Mention, *, report: CountReport | None = None) -> Incident:
    """Return a new incident founded by one mention."""
    report = report if report is not None else report_of(mention)
    return build_incident([mention], count_history=[report] if report else [])


def attach(
    mention: Mention, *, store: Store, report: CountReport | None, retrospective: bool = False
) -> tuple[str | None, int]:
    """Store a mention, joining or merging the incidents it links to; return (id, merged).

    `merged` is the number of stored incidents it joined: 0 for a new incident, 2 or more
    when it linked incidents that were apart. A retrospective mention (trial, anniversary)
    never founds an incident: without a strong link to an old one it is stored unattached
    and the id is None.
    """
    window = date_window(mention)
    country = mention.place.country if mention.place else None
    found: set[str] = set()
    if window is not None:
        for incident_id, other in store.mentions_near(
            start=window[0], end=window[1], country=country
        ):
            if incident_id not in found and linked(mention, other):
                found.add(incident_id)
    # Links are between mentions only, never between a mention and what an incident has
    # become so far: that keeps incidents a function of the set of mentions, whatever their
    # order. `pair_score` is strict enough that chains do not drift (see its comments).
    old = [store.incident(i, with_mentions=True) for i in sorted(found)]
    if not old and (retrospective or _dated_back(mention)):
        # A report about an old incident joins it when one is stored ("since November" in a
        # follow-up); a late first report with nothing to join founds its incident below.
        links = _retrospective_links(
            mention, store=store, country=country, retrospective=retrospective
        )
        if not links and retrospective:
            store.add_mention(mention, None)
            return None, 0
        old = [store.incident(i, with_mentions=True) for i in sorted(links)]
    found = {inc.id for inc in old}
    mentions = [m for inc in old for m in inc.mentions] + [mention]
    history = [r for inc in old for r in inc.count_history] + ([report] if report else [])
    articles = [a for inc in old for a in inc.articles]
    incident = build_incident(mentions, count_history=history, articles=articles)
    store.save_incident(incident)
    store.add_mention(mention, incident.id)
    store.replace_incidents([i for i in found if i != incident.id], incident.id)
    return incident.id, len(found)


def _retrospective_links(
    mention: Mention, *, store: Store, country: str | None, retrospective: bool
) -> set[str]:
    if country is None or mention.published is None:
        return set()
    end = mention.published - dt.timedelta(days=PUBLICATION_LOOKBACK)
    if not retrospective and mention.date is not None and (
        mention.date.precision == DatePrecision.MONTH
    ):
        # A month weeks back in a report that is no trial or anniversary ("attacks have
        # intensified since November") is more often background than the event's date: the
        # report may be about a recent incident too.
        end = mention.published
    start = end - dt.timedelta(days=365 * RETRO_YEARS)
    found: set[str] = set()
    for incident_id, other in store.mentions_near(
        start=start.isoformat(), end=end.isoformat(), country=country
    ):
        score = pair_score(mention, other, ignore_dates=True)
        if score is not None and score >= RETRO_THRESHOLD:
            found.add(incident_id)
    # Several old incidents fit: the report cannot say which, so it joins none.
    return found if len(found) == 1 else set()


# -- reports in other languages --------------------------------------------------------------

# A non-English report is not extracted (English rules only), but it can still be listed as a
# source of an incident: when a city it names (through GeoNames' alternate names, e.g.
# "Peszawar", allowing up to three letters of inflection: "Peszawarze") is the place of exactly
# one incident reported in the days before its publication. It adds no figures and no fields.
FOREIGN_MIN_POPULATION = 50_000
FOREIGN_MAX_INFLECTION = 3


def foreign_cities(text: str, gazetteer: Gazetteer) -> list[Candidate]:
    """Return the populated places a non-English text names with a capitalised word."""
    found: dict[int | None, Candidate] = {}
    for match in _WORD.finditer(text):
        word = match.group()
        if len(word) < 4 or not word[0].isupper():
            continue
        for cut in range(FOREIGN_MAX_INFLECTION + 1):
            stem = word[: len(word) - cut] if cut else word
            if len(stem) < 4:
                break
            hits = [
                c
                for c in gazetteer.lookup(stem)
                if c.feature_class == "P" and c.population >= FOREIGN_MIN_POPULATION
            ]
            if hits:
                found.setdefault(hits[0].geonames_id, hits[0])
                break
    return list(found.values())


def attach_foreign(article: Article, *, store: Store, gazetteer: Gazetteer) -> str | None:
    """List a non-English article as a source of the one incident it names; return its id.

    The rule (module comment above): a city named in the text is the place (same GeoNames
    id, or within NEAR_KM) of a mention of exactly one stored incident whose day range
    meets the PUBLICATION_LOOKBACK days before publication. Otherwise nothing is stored.
    """
    if article.published is None:
        return None
    cities = foreign_cities(article.text, gazetteer)
    if not cities:
        return None
    start = (article.published - dt.timedelta(days=PUBLICATION_LOOKBACK)).isoformat()
    end = article.published.isoformat()
    found: set[str] = set()
    for city in cities:
        anchor = Place(raw=city.name, lat=city.lat, lon=city.lon, geonames_id=city.geonames_id)
        for incident_id, other in store.mentions_near(start=start, end=end, country=city.country):
            p = other.place
            if p is None or p.precision not in (LocationPrecision.CITY, LocationPrecision.ADMIN2):
                continue
            km = distance_km(anchor, p)
            if p.geonames_id == city.geonames_id or (km is not None and km <= NEAR_KM):
                found.add(incident_id)
    if len(found) != 1:
        return None
    incident = store.incident(found.pop())
    store.add_article(article)
    incident.articles = sorted({*incident.articles, article.id})
    store.save_incident(incident)
    return incident.id


# -- doubtful geocodes -------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _country_terms() -> dict[str, tuple[str, ...]]:
    """Return, per ISO country code, the distinctive word stems of its common names."""
    import pycountry

    out: dict[str, tuple[str, ...]] = {}
    for c in pycountry.countries:
        for name in {getattr(c, "common_name", None), c.name}:
            terms = tuple(terms_of(name)) if name and "," not in name else ()
            # The shortest name is the one news use ("Iran", not "Islamic Republic of Iran").
            if terms and (c.alpha_2 not in out or len(terms) < len(out[c.alpha_2])):
                out[c.alpha_2] = terms
    return out


def countries_named(terms: Sequence[str]) -> set[str]:
    """Return the ISO codes of the countries whose names all appear among `terms`."""
    have = set(terms)
    return {code for code, words in _country_terms().items() if set(words) <= have}


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    """Return the lower-case common names of countries, each with its ISO code."""
    import pycountry

    out: dict[str, str] = {}
    for c in pycountry.countries:
        for name in (getattr(c, "common_name", None), c.name):
            if name and "," not in name:
                out.setdefault(name.lower(), c.alpha_2)
    return out


def _country_around(text: str, span: Span) -> str | None:
    """Return the country the text puts a region in: "north-west Pakistan", "the north-west
    of Pakistan", "Pakistan's north-west"; None when it does not say."""
    after = text[span.end : span.end + 60].lower()
    before = text[max(0, span.start - 60) : span.start].lower()
    for name, code in _country_names().items():
        if re.match(r"\s+(?:of\s+(?:the\s+)?)?" + re.escape(name) + r"\b", after) or re.search(
            r"\b" + re.escape(name) + r"['’]s\s+$", before
        ):
            return code
    return None


def trusted_place(mention: Mention, text: str) -> Mention:
    """Return the mention with a region geocoded to one country that the text itself puts
    in another ("a city in north-west Pakistan" read as South Africa's North-West province)
    moved to that country, at country precision.

    Only regions (ADMIN1/ADMIN2), and only on the text's own words next to the name: a
    region's country is often left unnamed (domestic news) and other countries named
    elsewhere in a text say nothing about it.
    """
    p = mention.place
    if p is None or p.country is None or p.evidence is None or p.precision not in (
        LocationPrecision.ADMIN1,
        LocationPrecision.ADMIN2,
    ):
        return mention
    code = _country_around(text, p.evidence)
    if code is None or code == p.country:
        return mention
    place = Place(
        raw=p.raw,
        name=" ".join(_country_terms()[code]).title(),
        country=code,
        precision=LocationPrecision.COUNTRY,
        evidence=p.evidence,
    )
    return mention.model_copy(update={"place": place})


# -- reference reports -------------------------------------------------------------------------

# Many reports around an incident give no incident of their own: a briefing headline ("A
# bombing in Pakistan"), a reaction, an analysis of "the Peshawar mosque attack", a report in
# another language. Such a report is listed as a *reference* of the one incident it can be
# about: its article joins the incident's `articles` (and so its timeline) but it adds no
# mention, no figure and no field, and it never links two incidents. It is settled at the end
# of a run, against every incident the run stored, so that the result does not depend on the
# order in which the articles came.
#
# Two kinds of report are settled so:
# - a *vague* mention: no place below country level, no figure, no named group. It joins the
#   incidents it links to like any mention; when it links to none, it refers to the one
#   incident of its country, of a compatible type (same family when it names one), whose days
#   meet its own; when none or several fit, it founds its incident as before.
# - an article with no mention of its own: it refers to the one incident reported in the
#   PUBLICATION_LOOKBACK days before its publication at a city it names (any language, through
#   GeoNames' alternate names) or, when it names an attack word, in a country it names. Only
#   a short item (a headline and summary) is read so: in a full article the extractor has
#   read the story and found no incident, and the city of its dateline or a word like
#   "terrorist" says nothing about which incident it is (on MUC-4's held-out messages, long
#   articles so listed were all wrong).
# Held-back reports keep what `defer` computed for them in memory up to this many; the others
# are read again from the store when settled.
REFERENCE_LIMIT = 10_000
REFERENCE_MAX_CHARS = 600
# Words (and stems in a few languages) that name an attack or armed violence. Labels of
# actors ("terrorist", a group's name) are left out: they are in every report of a conflict.
_ATTACK_WORD = re.compile(
    r"\b(bomb\w*|blast\w*|explo\w*|eksplo\w*|attack\w*|atak\w*|atent\w*|attentat\w*|"
    r"zamach\w*|suicide|samob\w*|militan\w*|massacre\w*|gunm[ae]n|shooting)",
    re.IGNORECASE,
)
_WEEKDAY = re.compile(r"\b(mon|tues|wednes|thurs|fri|satur|sun)day\b", re.IGNORECASE)


def is_vague(mention: Mention) -> bool:
    """Return True for a mention that can only be told apart by its country, type and days."""
    return (
        _vague(mention.place)
        and mention.killed is None
        and mention.injured is None
        and mention.kidnapped is None
        and not _groups(mention)
    )


def _reference_range(mention: Mention) -> tuple[dt.date, dt.date] | None:
    rng = day_range(mention)
    date = mention.date
    published = mention.published
    if rng is None or date is None or date.evidence is None or published is None:
        return rng
    if _WEEKDAY.search(date.evidence.text) and not re.search(r"\d", date.evidence.text):
        # A bare weekday may be last week's or this week's ("Your Tuesday briefing" dated on a
        # Monday in another time zone): any day from it to just after publication.
        return min(rng[0], published - dt.timedelta(days=7)), published + dt.timedelta(
            days=DAY_SLACK
        )
    return rng


def _refers_to(vague: Mention, other: Mention) -> bool:
    if vague.place is None or other.place is None:
        return False
    if not vague.place.country or vague.place.country != other.place.country:
        return False
    kind = _type_score(vague, other)
    if kind is None or (not _generic(vague) and kind < 1.0):
        return False
    ra, rb = _reference_range(vague), day_range(other)
    return ra is not None and rb is not None and _range_gap(ra, rb) <= DAY_SLACK


def reference_target(mention: Mention, *, store: Store) -> str | None:
    """Return the one stored incident a vague mention can be about, or None (see above)."""
    rng = _reference_range(mention)
    country = mention.place.country if mention.place else None
    if rng is None or not country:
        return None
    slack = dt.timedelta(days=DAY_SLACK)
    found = {
        incident_id
        for incident_id, other in store.mentions_near(
            start=(rng[0] - slack).isoformat(), end=(rng[1] + slack).isoformat(), country=country
        )
        if _refers_to(mention, other)
    }
    return found.pop() if len(found) == 1 else None


def may_refer(article: Article) -> bool:
    """True when an article with no mention may be a reference: short, dated, an attack word."""
    return (
        article.published is not None
        and len(article.text) <= REFERENCE_MAX_CHARS
        and _ATTACK_WORD.search(article.text) is not None
    )


def article_reference_target(
    article: Article, *, store: Store, gazetteer: Gazetteer | None
) -> str | None:
    """Return the one stored incident an article with no mention of its own is about, or None.

    The rule (module comment above "reference reports"): a short text (REFERENCE_MAX_CHARS)
    with an attack word; the incidents with a mention whose days meet the
    PUBLICATION_LOOKBACK days before publication, at a city the text names (same GeoNames id
    or within NEAR_KM) or in a country it names; exactly one must fit.
    """
    if not may_refer(article):
        return None
    assert article.published is not None  # may_refer checked it
    start = (article.published - dt.timedelta(days=PUBLICATION_LOOKBACK)).isoformat()
    end = article.published.isoformat()
    found: set[str] = set()
    cities = foreign_cities(article.text, gazetteer) if gazetteer is not None else []
    for city in cities:
        anchor = Place(raw=city.name, lat=city.lat, lon=city.lon, geonames_id=city.geonames_id)
        for incident_id, other in store.mentions_near(start=start, end=end, country=city.country):
            p = other.place
            if p is None or not _precise(p):
                continue
            km = distance_km(anchor, p)
            if p.geonames_id == city.geonames_id or (km is not None and km <= NEAR_KM):
                found.add(incident_id)
    for country in sorted(countries_named(terms_of(article.text))):
        for incident_id, other in store.mentions_near(start=start, end=end, country=country):
            if other.place is not None and other.place.country == country:
                found.add(incident_id)
    return found.pop() if len(found) == 1 else None


def add_reference(article_id: str, incident_id: str, *, store: Store) -> None:
    """List an article as a reference of a stored incident (no figure, no field changes)."""
    incident = store.incident(incident_id)
    if article_id in incident.articles:
        return
    incident.articles = sorted({*incident.articles, article_id})
    store.save_incident(incident)


# What a report that only refers to an incident may say about it: a reaction, a claim or a
# denial, an arrest or an inquiry. Its other interactions (a briefing's "Israel attacks Iran")
# are about other things.
REFERENCE_VERBS = frozenset(
    {"condemn", "condole", "support", "claim_responsibility", "deny", "accuse", "warn",
     "arrest", "investigate", "share_intelligence", "aid"}
)


def link_interactions(
    article_id: str,
    incident_id: str,
    *,
    store: Store,
    mention_index: int | None = None,
    reference: bool = False,
) -> int:
    """Link the article's unlinked interactions to an incident settled at the end of a run.

    As the pipeline links them when a mention merges at once: those of the mention
    `mention_index`, and those of no mention when the article reports this incident only.
    Of a `reference`, only reactions, claims, denials, arrests and inquiries. Return how many.
    """
    single = store.incidents_of_article(article_id) == [incident_id]
    rows = [
        (i, interaction)
        for i, interaction in store.unlinked_interactions(article_id)
        if (
            interaction.verb in REFERENCE_VERBS
            if reference
            else interaction.mention_index == mention_index
            or (interaction.mention_index is None and single)
        )
    ]
    store.link_interactions(rows, incident_id)
    return len(rows)


class References:
    """The reports of a run that are settled at its end (see "reference reports" above).

    `defer(mention, store=...)` holds a vague mention, or one about an old incident, back from
    merging (True when it did): it is stored at once as *pending*, so a run killed before its
    end loses nothing, and the next run settles it. `add_article(article)` notes an article
    that gave no mention; `settle` merges the pending mentions or lists them and the articles
    as references, in mention-key order.
    """

    def __init__(self) -> None:
        # What `defer` computed for its mentions, so that `settle` need not read their text.
        self.known: dict[tuple[str, int], tuple[CountReport | None, bool]] = {}

    def defer(
        self,
        mention: Mention,
        *,
        store: Store,
        report: CountReport | None,
        retrospective: bool,
    ) -> bool:
        # Reports about an old incident (a trial, "since November") look for it among the
        # stored incidents only: settled at the end, they see every report of the run.
        if not (retrospective or _dated_back(mention) or is_vague(mention)):
            return False
        store.add_mention(mention, None, pending=True)
        if len(self.known) < REFERENCE_LIMIT:
            self.known[mention_key(mention)] = (report, retrospective)
        return True

    def add_article(self, article: Article, *, store: Store) -> None:
        """Note an article that gave no mention; kept in the store until `settle`."""
        if may_refer(article):
            store.add_pending_reference(article.id)

    def _pending(self, store: Store) -> list[tuple[Mention, CountReport | None, bool]]:
        """Return the stored pending mentions, with their count report and retrospectiveness;
        those of an earlier run that was killed are read again from their article."""
        held: list[tuple[Mention, CountReport | None, bool]] = []
        for mention in store.pending_mentions():
            known = self.known.get(mention_key(mention))
            if known is None:
                article = store.article(mention.article_id)
                text = article.text if article is not None else ""
                source = article.source if article is not None else None
                known = (report_of(mention, source=source, text=text),
                         is_retrospective(mention, text))
            held.append((mention, *known))
        return held

    def settle(self, *, store: Store, gazetteer: Gazetteer | None = None) -> Counter[str]:
        """Merge or refer every pending report; return counts of what became of them."""
        counts: Counter[str] = Counter()
        held = self._pending(store)
        # Every reference target is judged against the incidents that the run's other
        # mentions made, before any deferred report founds one: order-free.
        targets = {
            mention_key(m): reference_target(m, store=store)
            for m, _, retrospective in held
            if is_vague(m) and not retrospective
        }
        article_targets: dict[str, str | None] = {}
        referring = store.pending_references()
        if referring and gazetteer is None:
            from tocsin.resolve.gazetteer import load_gazetteer

            gazetteer = load_gazetteer()
        for article_id in referring:
            article = store.article(article_id)
            article_targets[article_id] = (
                article_reference_target(article, store=store, gazetteer=gazetteer)
                if article is not None
                else None
            )
        for mention, report, retrospective in held:  # pending_mentions() is in key order
            store.drop_mention(mention.article_id, mention.index)
            target = targets.get(mention_key(mention))
            if target is not None and not _links_any(mention, store=store):
                store.add_mention(mention, None)
                _refer(mention.article_id, target, store=store, counts=counts)
                continue
            incident_id, _ = attach(
                mention, store=store, report=report, retrospective=retrospective
            )
            counts["merge.deferred_merged" if incident_id else "merge.retrospective_unlinked"] += 1
            if incident_id is not None:
                link_interactions(
                    mention.article_id,
                    store.resolve_incident_id(incident_id),
                    store=store,
                    mention_index=mention.index,
                )
        for article_id, target in article_targets.items():
            if target is not None:
                _refer(article_id, target, store=store, counts=counts)
        store.drop_pending_references(referring)
        self.known.clear()
        return counts


def _refer(article_id: str, target: str, *, store: Store, counts: Counter[str]) -> None:
    """List an article as a reference of `target` (followed through merges), with its
    reactions; count both."""
    current = store.resolve_incident_id(target)
    add_reference(article_id, current, store=store)
    counts["merge.references"] += 1
    counts["merge.reference_interactions"] += link_interactions(
        article_id, current, store=store, reference=True
    )


def _links_any(mention: Mention, *, store: Store) -> bool:
    window = date_window(mention)
    if window is None:
        return False
    country = mention.place.country if mention.place else None
    return any(
        linked(mention, other)
        for _, other in store.mentions_near(start=window[0], end=window[1], country=country)
    )
