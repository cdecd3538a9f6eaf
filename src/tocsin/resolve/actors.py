"""Actor normalisation: raw actor names mapped onto the shipped actor table, in place.

Tables (package data, `tocsin/data/`):
- `actors.csv`: curated people, armed groups, parties, international organisations and state
  institutions (canonical name, kind, country ISO2, role, aliases separated by `|`, source).
  `source` says how far a row was checked: "checked: ..." (names seen together in a public
  data set, which it names), "partly checked: ..." or "unverified: written from memory". Office
  holders' roles and terms are unverified: check them before relying on them;
- `actor_country_names.csv`: short names, demonyms and capital metonyms of states, added to
  the country names that `pycountry` ships.

A name resolves, in order, by exact alias ("ISIS" -> Islamic State), without a parenthesised
acronym, after stripping a demonym and a title ("Chinese President Xi Jinping" -> Xi Jinping,
CN), as a state ("Russia", "Moscow", "Hungarian officials" -> Hungary), as a state institution
("the Russian Foreign Ministry" -> RU), and last by a strict fuzzy match on long proper names.
Anything else keeps its raw text as its name and `known=False`.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from tocsin.models import Actor, ActorKind, Extraction, Perpetrator

_FUZZY_CUTOFF = 93.0
_FUZZY_MIN_LEN = 8


def _words(text: str) -> frozenset[str]:
    """Return the whitespace-separated words of a word list written as one string."""
    return frozenset(text.split())


# Titles stripped before a person lookup; the longest match wins ("prime minister" over
# "minister").
_TITLES = tuple(
    sorted(
        [
            "vice president",
            "president",
            "prime minister",
            "deputy prime minister",
            "foreign minister",
            "foreign secretary",
            "defence minister",
            "defense minister",
            "interior minister",
            "external affairs minister",
            "minister",
            "chancellor",
            "crown prince",
            "king",
            "queen",
            "prince",
            "emir",
            "sheikh",
            "supreme leader",
            "leader",
            "ayatollah",
            "secretary of state",
            "secretary-general",
            "secretary general",
            "un secretary-general",
            "secretary",
            "pope",
            "premier",
            "spokesman",
            "spokeswoman",
            "spokesperson",
            "ambassador",
            "envoy",
            "general",
            "gen.",
            "mr",
            "mr.",
            "mrs",
            "mrs.",
            "ms",
            "ms.",
            "dr",
            "dr.",
            "sir",
            "former",
            "then-president",
            "senator",
            "sen.",
            "rep.",
            "governor",
            "mayor",
        ],
        key=len,
        reverse=True,
    )
)
# Nouns after a state name that stand for the state itself ("Hungarian officials").
_STATE_NOUNS = _words(
    """
    government governments official officials authority authorities leader leaders
    leadership administration regime state side delegation delegations diplomat diplomats
    negotiator negotiators representative representatives people troops forces military army
    navy
    """
)
# Nouns after a state name that make a state institution ("Russian Foreign Ministry").
_INSTITUTION_WORDS = _words(
    """
    ministry embassy consulate police army military navy parliament court council department
    office agency service services intelligence guard guards forces force security committee
    commission cabinet presidency media television agency
    """
)
_DROP_LEADING = ("the ", "a ", "an ")
_HONORIFICS = frozenset({"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sir", "former"})
_MODIFIERS = _words(
    """
    senior top high-ranking former local other several two three many some both visiting
    leading
    """
)


def _key(text: str) -> str:
    """Lookup key: accents, case, dots, possessives and extra spaces removed."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("’", "'").casefold().strip()
    text = re.sub(r"'s$|'$", "", text)
    text = text.replace(".", "")
    text = re.sub(r"[^\w'\- ]+", " ", text)
    text = re.sub(r"\s+", " ", text).strip()
    for lead in _DROP_LEADING:
        if text.startswith(lead):
            text = text[len(lead) :]
    return text


@dataclass(frozen=True)
class ActorEntry:
    """One row of the actor table."""

    name: str
    kind: ActorKind
    country: str | None
    role: str | None
    aliases: tuple[str, ...]
    source: str


@dataclass
class ActorTable:
    """Alias lookups over the shipped table and the countries."""

    entries: dict[str, ActorEntry] = field(default_factory=dict)  # key -> entry
    # Short upper-case acronyms ("IS", "WHO", "PA") only match in their own case.
    acronyms: dict[str, ActorEntry] = field(default_factory=dict)
    states: dict[str, str] = field(default_factory=dict)  # key -> ISO2 (names, capitals)
    demonyms: dict[str, str] = field(default_factory=dict)  # key -> ISO2
    state_names: dict[str, str] = field(default_factory=dict)  # ISO2 -> short name
    fuzzy_keys: list[str] = field(default_factory=list)

    def lookup(self, text: str) -> ActorEntry | None:
        stripped = text.strip()
        if stripped in self.acronyms:
            return self.acronyms[stripped]
        key = _key(stripped)
        if key in self.entries:
            return self.entries[key]
        return None


def _is_acronym(alias: str) -> bool:
    return alias.isupper() and len(alias.replace(".", "")) <= 4


def _add(table: ActorTable, alias: str, entry: ActorEntry) -> None:
    if _is_acronym(alias):
        table.acronyms.setdefault(alias, entry)
        table.acronyms.setdefault(alias.replace(".", ""), entry)
        return
    key = _key(alias)
    if key:
        table.entries.setdefault(key, entry)


_COMMON = {
    "RU": "Russia",
    "IR": "Iran",
    "KR": "South Korea",
    "KP": "North Korea",
    "SY": "Syria",
    "VE": "Venezuela",
    "BO": "Bolivia",
    "TZ": "Tanzania",
    "VN": "Vietnam",
    "LA": "Laos",
    "MD": "Moldova",
    "TW": "Taiwan",
    "PS": "Palestine",
    "CD": "DR Congo",
    "CG": "Republic of the Congo",
    "TR": "Turkey",
    "VA": "Vatican City",
    "BN": "Brunei",
    "GB": "United Kingdom",
    "US": "United States",
    "CZ": "Czech Republic",
    "MK": "North Macedonia",
    "FM": "Micronesia",
    "CI": "Ivory Coast",
    "XK": "Kosovo",
}


@lru_cache(maxsize=1)
def load_actor_table() -> ActorTable:
    """Return the actor table built from the package data and pycountry (built once)."""
    import pycountry

    table = ActorTable()
    data = resources.files("tocsin") / "data"
    with (data / "actors.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            aliases = tuple(a.strip() for a in row["aliases"].split("|") if a.strip())
            entry = ActorEntry(
                name=row["name"],
                kind=ActorKind(row["kind"]),
                country=row["country"] or None,
                role=row["role"] or None,
                aliases=aliases,
                source=row["source"],
            )
            for alias in (entry.name, *aliases):
                _add(table, alias, entry)
    for c in pycountry.countries:
        iso = c.alpha_2
        short = _COMMON.get(iso) or getattr(c, "common_name", None) or c.name
        table.state_names[iso] = short
        for n in (c.name, getattr(c, "common_name", None), getattr(c, "official_name", None)):
            if n:
                table.states.setdefault(_key(n), iso)
        table.states.setdefault(_key(short), iso)
    table.state_names.setdefault("XK", "Kosovo")
    with (data / "actor_country_names.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            iso, kind, alias = row["country"], row["kind"], row["alias"]
            if not iso:
                continue
            if kind == "demonym":
                table.demonyms.setdefault(_key(alias), iso)
            else:
                table.states.setdefault(_key(alias), iso)
                if _is_acronym(alias):
                    table.states.setdefault(alias.replace(".", ""), iso)
    table.fuzzy_keys = sorted(
        k for k, e in table.entries.items() if len(k) >= _FUZZY_MIN_LEN and e.kind != "state"
    )
    return table


@dataclass(frozen=True)
class Resolved:
    """What the table says about one raw name."""

    name: str
    kind: ActorKind | None
    country: str | None
    role: str | None
    aliases: tuple[str, ...]
    known: bool


def _from_entry(entry: ActorEntry) -> Resolved:
    return Resolved(entry.name, entry.kind, entry.country, entry.role, entry.aliases, True)


def _strip_titles(words: list[str]) -> tuple[list[str], str | None]:
    """Drop leading titles; return the rest and the title found ("President")."""
    title = None
    changed = True
    while changed and words:
        changed = False
        low = " ".join(words).casefold()
        for t in _TITLES:
            if low == t:
                return [], title or t
            if low.startswith(t + " "):
                n = len(t.split())
                if title is None:
                    title = " ".join(words[:n])
                words = words[n:]
                changed = True
                break
    return words, title


def _split_state_prefix(words: list[str], table: ActorTable) -> tuple[str | None, list[str]]:
    """'Chinese President Xi' -> ('CN', ['President', 'Xi']); two-word names first."""
    for skip in range(min(3, len(words))):
        # Lower-case modifiers may come first: "senior Hungarian officials", "top U.S. envoy".
        if skip and not (words[skip - 1][:1].islower() or words[skip - 1].casefold() in _MODIFIERS):
            break
        for n in (3, 2, 1):
            if len(words) > skip + n:
                head = _key(" ".join(words[skip : skip + n]))
                iso = table.demonyms.get(head) or table.states.get(head)
                if iso:
                    return iso, words[skip + n :]
    return None, words


def _state_suffix(words: list[str], table: ActorTable) -> str | None:
    """'Ministry of Foreign Affairs of Russia' / 'government of Iran' -> 'RU' / 'IR'."""
    low = [w.casefold() for w in words]
    if "of" in low:
        i = len(low) - 1 - low[::-1].index("of")
        return table.states.get(_key(" ".join(words[i + 1 :])))
    return None


def resolve_name(raw: str, *, kind: ActorKind | None = None) -> Resolved:
    """Return what the actor table makes of `raw`; unknown names come back as they are."""
    table = load_actor_table()
    text = re.sub(r"\s+", " ", raw).strip(" ,;:\"'“”")
    text = re.sub(r"(?:'s|’s)$", "", text)
    clean = text
    for lead in ("The ", "the ", "A ", "An "):
        if clean.startswith(lead):
            clean = clean[len(lead) :]
    unknown = Resolved(clean or raw, kind, None, None, (), False)
    if not clean:
        return unknown
    hit = table.lookup(clean)
    if hit is not None:
        return _from_entry(hit)
    key = _key(clean)
    if key in table.states or clean.replace(".", "") in table.states:
        state_iso = table.states.get(key) or table.states[clean.replace(".", "")]
        return Resolved(
            table.state_names.get(state_iso, clean), ActorKind.STATE, state_iso, None, (), True
        )
    if key in table.demonyms and kind in (None, ActorKind.STATE, ActorKind.GENERIC):
        # "Palestinians", "the Russians": the people or state named by a demonym.
        state_iso = table.demonyms[key]
        return Resolved(
            table.state_names.get(state_iso, clean), ActorKind.STATE, state_iso, None, (), True
        )
    # "Kurdistan Democratic Party (KDP)": the name, then the acronym.
    paren = re.match(r"^(.*?)\s*\(([^)]+)\)\s*$", clean)
    if paren:
        for part in (paren.group(1), paren.group(2)):
            hit = table.lookup(part)
            if hit is not None:
                return _from_entry(hit)
    words = clean.split()
    iso, rest = _split_state_prefix(words, table)
    rest_titles, title = _strip_titles(rest)
    if rest_titles and (iso or title):
        hit = table.lookup(" ".join(rest_titles))
        if hit is not None:
            return _from_entry(hit)
    if title and rest_titles and all(w[:1].isupper() for w in rest_titles):
        # "Prime Minister Jane Doe": a person the table does not know; the title is a role.
        where = f" of {table.state_names.get(iso, iso)}" if iso else ""
        role = None if title.casefold() in _HONORIFICS else f"{title[:1].upper()}{title[1:]}{where}"
        return Resolved(" ".join(rest_titles), ActorKind.PERSON, iso, role, (), False)
    if not iso:
        iso = _state_suffix(words, table)
    if iso:
        tail = [w.casefold() for w in rest]
        name_state = table.state_names.get(iso, iso)
        if title and not rest_titles:
            # "the Russian President": a person known by office only.
            return Resolved(
                clean, ActorKind.PERSON, iso, f"{title.title()} of {name_state}", (), False
            )
        if (
            tail
            and tail[-1] in _STATE_NOUNS
            and not (
                set(tail) & (_INSTITUTION_WORDS - {"army", "military", "navy", "forces", "force"})
            )
        ):
            return Resolved(name_state, ActorKind.STATE, iso, " ".join(rest), (), True)
        if set(tail) & _INSTITUTION_WORDS:
            return Resolved(clean, ActorKind.ORGANISATION, iso, None, (), False)
        if title:
            return Resolved(clean, ActorKind.PERSON, iso, None, (), False)
        return Resolved(clean, kind, iso, None, (), False)
    # Strict fuzzy match, only for long proper names that the table nearly spells.
    if len(key) >= _FUZZY_MIN_LEN and clean[:1].isupper():
        from rapidfuzz import fuzz, process

        best = process.extractOne(
            key, table.fuzzy_keys, scorer=fuzz.ratio, score_cutoff=_FUZZY_CUTOFF
        )
        if best is not None:
            return _from_entry(table.entries[best[0]])
    return unknown


def _apply(actor: Actor) -> None:
    if not actor.raw:
        actor.raw = actor.name
    res = resolve_name(actor.raw, kind=actor.kind)
    actor.name = res.name
    if res.kind is not None and (res.known or actor.kind == ActorKind.GENERIC):
        actor.kind = res.kind
    if res.country:
        actor.country = res.country
    if actor.role is None and res.role:
        actor.role = res.role
    if res.aliases:
        actor.aliases = list(res.aliases)
    actor.known = res.known


# Words that make a proper name an organisation's ("Lashkar-e-Jhangvi", "Niger Delta Avengers",
# "Ansar al-Islam"): a named group is kind `group` even where the table does not know it.
_ORG_NAME = re.compile(
    r"(?:^|[\s-])(?:lashkar|jaish|jaysh|harakat|tehrik|tehreek|ansar|ansaru|hizb|jamaat|jama'at|"
    r"jamaat-ul|jabhat|katibat?|liwa|saraya|brigades?|battalions?|army|front|movement|"
    r"organi[sz]ation|group|party|council|union|alliance|coalition|militia|network|league|"
    r"commandos?|cells?|squads?|legion|forces|avengers|tigers|mujahideen|mujahidin|fedayeen|"
    r"guerrillas?|revolutionary|liberation|resistance|islamic|jihad|maoists?|"
    r"naxal\w*|cartel|gang|mafia)(?:$|[\s-])",
    re.I,
)


_NAME_PARTICLES = frozenset(
    ["of", "the", "and", "for", "in", "al", "el", "e", "i", "ul", "ud", "ad", "wal", "fi", "de",
     "del", "la", "los", "las", "du", "des"]
)


def _names_organisation(name: str) -> bool:
    """Whether `name` is a proper name built like an organisation's, not a person's."""
    words = re.split(r"[\s-]+", name)
    # A name has several words, each capitalised but its particles; an all-capital text (a
    # wire headline, MUC-4) says nothing of names, nor does a sentence's first word.
    if len(words) < 2 or name.isupper():
        return False
    if not all(w[:1].isupper() or w.casefold() in _NAME_PARTICLES for w in words):
        return False
    return _ORG_NAME.search(name) is not None


def _apply_perpetrator(perp: Perpetrator) -> None:
    if not perp.raw:
        perp.raw = perp.name
    res = resolve_name(perp.raw)
    if res.known:
        perp.name = res.name
        if res.country and perp.country is None:
            perp.country = res.country
        if res.kind == ActorKind.PERSON:
            perp.kind = "individual"
        elif res.kind in (ActorKind.ARMED_GROUP, ActorKind.ORGANISATION):
            perp.kind = "group"
    elif perp.kind == "individual" and perp.name[:1].isupper() and (
        _names_organisation(perp.name)
    ):
        perp.kind = "group"


_RESPONSIBILITY_RANK = {"claimed": 3, "denied": 2, "suspected": 1, "unknown": 0}


def _entry_keys(name: str) -> list[str]:
    """Return the lookup keys of the table entry called `name` (its name and aliases)."""
    table = load_actor_table()
    entry = table.entries.get(_key(name))
    if entry is None:
        return [_key(name)]
    return [_key(entry.name)] + [_key(a) for a in entry.aliases]


def _merge_perpetrators(perps: list[Perpetrator]) -> list[Perpetrator]:
    """Return `perps` with each group named twice kept once, at its strongest status.

    Two perpetrators are one group when they resolve to the same name, or when one's raw text
    is the start of the other's name or alias ("Islamic State of Iraq" cut from "Islamic
    State of Iraq and the Levant (ISIL)", "Al-Qaida" from "Al-Qaida in the Islamic Maghreb"):
    the tagger cut the longer name short.
    """
    out: list[Perpetrator] = []
    for perp in perps:
        same = next((o for o in out if o.name.casefold() == perp.name.casefold()), None)
        if same is None and perp.kind == "group":
            raw = _key(perp.raw or perp.name)
            for o in out:
                if o.kind != "group":
                    continue
                other = _key(o.raw or o.name)
                if any(k.startswith(raw + " ") for k in _entry_keys(o.name)):
                    same = o  # perp is a cut-short mention of o
                    break
                if any(k.startswith(other + " ") for k in _entry_keys(perp.name)):
                    # o is a cut-short mention of perp: perp's name wins.
                    o.name, o.raw, o.country = perp.name, perp.raw, perp.country or o.country
                    same = o
                    break
        if same is None:
            out.append(perp)
            continue
        if _RESPONSIBILITY_RANK.get(str(perp.responsibility.value), 0) > _RESPONSIBILITY_RANK.get(
            str(same.responsibility.value), 0
        ):
            same.responsibility = perp.responsibility
            same.evidence = perp.evidence
        if perp.kind == "group":
            same.kind = "group"
    return out


def resolve_actors(extraction: Extraction) -> None:
    """Normalise, in place, every interaction's actor and target and every perpetrator."""
    for inter in extraction.interactions:
        _apply(inter.actor)
        if inter.target is not None:
            _apply(inter.target)
    for mention in extraction.mentions:
        for perp in mention.perpetrators:
            _apply_perpetrator(perp)
        mention.perpetrators = _merge_perpetrators(list(mention.perpetrators))
