"""Toponym finding: every place name in a Doc, with its span, unresolved.

Sources, in order of trust:
- spaCy's GPE and LOC entities, and FAC entities that the gazetteer knows as a place;
- NORP entities that are a country's or region's adjective ("Turkish" -> Turkey), which the
  geoparsing corpora count as toponyms;
- names spaCy took for a people, a person or an organisation, or left untagged, that the
  gazetteer knows as a town, an area or a country, where the words around them say "place":
  "in Kidal", "near Kasese on Monday", "Gao (Gao)", "Kasese district";
- the dateline's city and bracketed country ("SANTO DOMINGO (DOMINICAN REPUBLIC), 5 MAY --");
- state and province abbreviations written after a place ("Edmonton, Ky.");
- in upper-case text (MUC-4 style wire copy, where spaCy's NER sees no names), runs of words that
  the gazetteer knows, trusted by what they name (country, admin area, big city), by the word
  before them ("IN", "NEAR") and by the word after them ("DEPARTMENT").

Resolution (which place each name means) is `tocsin.resolve.places`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tocsin.extract.nlp import doc_text, entities
from tocsin.models import Place, Span
from tocsin.resolve.gazetteer import Candidate, Gazetteer, NameKind, load_gazetteer, normalize

if TYPE_CHECKING:
    from spacy.tokens import Doc
    from spacy.tokens import Span as SpacySpan

_PLACE_LABELS = frozenset({"GPE", "LOC"})
_LEADING = frozenset({"the", "The", "THE"})
# Words after which a capitalised run in upper-case text is a place ("IN USULUTAN").
_LOCATIVE = frozenset(
    {"in", "near", "at", "from", "to", "of", "outside", "outskirts", "toward", "towards",
     "into", "across", "around", "between", "and", "through", "via", "province", "department"}
)
_ADMIN_AFTER = frozenset(
    {"department", "province", "region", "district", "state", "county", "municipality",
     "governorate", "oblast", "city", "jurisdiction"}
)
# Upper-case words that are also small GeoNames places but, in news, are just words.
_NOT_PLACE_WORDS = """
    january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday text report army police said
    government president minister national liberation front people party forces communique
    command today yesterday tomorrow morning evening night unity union justice press
    radio television news security democratic republic popular christian central
    general colonel captain major lieutenant sergeant commander chief
    north south east west northern southern eastern western
    san santa la el los las de del
"""
_NOT_PLACES = frozenset(_NOT_PLACE_WORDS.split())
# Words that start many Spanish place names: not places alone, but fine at the start of a run.
_NAME_STARTS = frozenset({"san", "santa", "la", "el", "los", "las"})
_MAX_NGRAM = 5


def find_toponyms(doc: Doc, *, gazetteer: Gazetteer | None = None) -> list[Place]:
    """Return every place name in `doc` as an unresolved Place with its span, in text order."""
    gaz = gazetteer if gazetteer is not None else load_gazetteer()
    text = doc_text(doc)
    found: dict[tuple[int, int], Place] = {}
    taken = bytearray(len(text) + 1)

    def add(start: int, end: int) -> None:
        if end <= start or any(taken[start:end]):
            return
        raw = text[start:end]
        found[(start, end)] = Place(raw=raw, evidence=Span(start=start, end=end, text=raw))
        taken[start:end] = b"\x01" * (end - start)

    # The extract stage may have truecased an upper-case article (same length) and says so.
    upper = _mostly_upper(text) or bool(doc.user_data.get("tocsin_upper_case"))
    # In upper-case text spaCy's entities are noise ("IN", "KILL", "HECTOR"): the gazetteer
    # scan below stands in for them.
    for ent in () if upper else entities(doc):
        label = ent.label_
        if label in _PLACE_LABELS:
            for start, end in _split_entity(ent, gaz):
                add(start, end)
        elif label == "NORP":
            start, end = _trim(ent)
            if _is_adjective(text[start:end], gaz):
                add(start, end)
        else:
            # spaCy often takes a place for a facility, an organisation or a person; keep it
            # when the gazetteer knows the whole name as a country, an area or a big place.
            start, end = _trim(ent)
            if _is_known_place(text[start:end], gaz, strict=label != "FAC"):
                add(start, end)
            elif label not in ("PERSON", "CARDINAL", "MONEY", "PERCENT", "QUANTITY", "TIME"):
                # Places inside names count: "Kentucky State Police", "CTV Winnipeg".
                for s, e in _major_runs(ent, gaz):
                    add(s, e)

    if not upper:
        _locative_names(doc, gaz, found, add)
    _dateline_names(text, gaz, add)
    _abbreviations_after_places(doc, found, gaz, add)
    if upper:
        _scan_upper_case(doc, gaz, add)
    return [found[k] for k in sorted(found)]


def _dateline_names(text: str, gaz: Gazetteer, add: object) -> None:
    """Add the dateline's city and bracketed country ("SANTO DOMINGO (DOMINICAN REPUBLIC), 5
    MAY (AFP) --"), which spaCy misses in capitals above mixed-case text."""
    from tocsin.extract.location import dateline, dateline_country

    _, _, city = dateline(text)
    if city is None:
        return
    for span in (city, dateline_country(text)):
        if span is not None and gaz.has_key(normalize(span.text)):
            add(span.start, span.end)  # type: ignore[operator]


# Words after which a name is a place: "in Kidal", "near Kasese", "a man from Gao".
_SCENE_PREPS = frozenset({"in", "near", "at", "outside", "from"})
# Groups of people that spaCy tags NORP, and institutions ("in Congress"), that some small
# place shares a name with.
_PEOPLE_WORD_LIST = """
    muslim muslims christian christians jewish jews jew sunni sunnis shia shias shiite shiites
    hindu hindus sikh sikhs buddhist buddhists catholic catholics protestant protestants
    kurd kurds arab arabs democrat democrats republican republicans islamist islamists
    jihadist jihadists tamil tamils tuareg tuaregs fulani hausa igbo yoruba pashtun pashtuns
    hutu hutus tutsi tutsis alawite alawites druze yazidi yazidis rohingya uighur uyghur
    maoist maoists communist communists socialist socialists liberal liberals
    congress parliament senate assembly court
"""
_PEOPLE_WORDS = frozenset(_PEOPLE_WORD_LIST.split())
_PLACE_ENTITY_LABELS = frozenset({"NORP", "PERSON", "ORG"})


def _locative_names(doc: Doc, gaz: Gazetteer, found: dict[tuple[int, int], Place],
                    add: object) -> None:
    """Add the towns that spaCy took for a people or left untagged, where the words around
    them say "place": "in Kidal", "near Kasese on Monday", "Gao (Gao)", "Kasese district".

    The name must be a populated place or an admin area under its own name, and no people's
    name or adjective ("in Kurdish areas" is found as an adjective above).
    """
    text = doc_text(doc)
    ends = {end for (_, end) in found}
    spans: list[tuple[int, int]] = []  # token spans [i, j)
    for ent in entities(doc):
        if ent.label_ in _PLACE_ENTITY_LABELS:
            spans.append((ent.start, ent.end))
    n = len(doc)
    i = 0
    while i < n:
        # Runs of capitalised words no entity holds (the fast pipeline has no tagger).
        if _name_word(doc[i]) and not doc[i].ent_type_:
            j = i + 1
            while j < n and _name_word(doc[j]) and not doc[j].ent_type_ and j - i < 4:
                j += 1
            spans.append((i, j))
            i = j
        else:
            i += 1
    for i, j in spans:
        if i == 0 or not all(_name_word(t) for t in doc[i:j]):
            continue
        start, end = doc[i].idx, doc[j - 1].idx + len(doc[j - 1].text)
        if (start, end) in found:
            continue
        b = i - 1
        # "in north-west Cameroon", "in eastern Kasese": the preposition before the compass.
        while b > 0 and i - b <= 3 and (doc[b].lower_ in _COMPASS_WORDS or doc[b].text == "-"):
            b -= 1
        prev = doc[b]
        nxt = doc[j] if j < n else None
        after_admin = nxt is not None and nxt.lower_ in _ADMIN_AFTER
        in_brackets = (prev.text == "(" and i >= 2
                       and doc[i - 2].idx + len(doc[i - 2].text) in ends)
        if not (prev.lower_ in _SCENE_PREPS or after_admin or in_brackets):
            continue
        if (nxt is not None and not after_admin and nxt.is_alpha and not nxt.is_stop
                and nxt.lower_ not in _TIME_WORDS):
            continue  # "in Shiite neighbourhoods": a modifier, not a name
        key = normalize(text[start:end])
        if key in _PEOPLE_WORDS or key in _NOT_PLACES or len(key) < 3:
            continue
        cands = gaz.lookup_key(key)
        if any(c.match is NameKind.ADJECTIVE for c in cands):
            continue
        if any(c.match is NameKind.NAME and (
                c.feature_code in ("ADM1", "ADM2", "PCLI")
                or (c.feature_class == "P" and c.population >= _LOCATIVE_MIN_POPULATION))
               for c in cands):
            add(start, end)  # type: ignore[operator]
            ends.add(end)


_COMPASS_WORDS = frozenset({
    "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
    "northeast", "northwest", "southeast", "southwest", "northeastern", "northwestern",
    "southeastern", "southwestern", "far",
})
_TIME_WORDS = frozenset({
    "yesterday", "today", "tonight", "overnight", "last", "earlier", "late", "early", "city",
    "town", "village", "area", "areas", "after", "before", "during", "while", "where", "killing",
    "killed", "leaving", "wounding", "injuring",
})


def _name_word(tok: object) -> bool:
    text = getattr(tok, "text", "")
    return bool(text[:1].isupper() and getattr(tok, "is_alpha", False) and not text.isupper())


# A town under 1,000 people that shares a word with a name is more often that name.
_LOCATIVE_MIN_POPULATION = 1000


def _trim(ent: SpacySpan) -> tuple[int, int]:
    """Return the character span of an entity without a leading 'the' or trailing "'s"."""
    tokens = list(ent)
    while tokens and tokens[0].text in _LEADING:
        tokens = tokens[1:]
    while tokens and tokens[-1].text in ("'s", "’s", "'", "’", ".", ",", "-"):
        # keep the dot of an abbreviation ("U.S.") that spaCy leaves inside the token
        tokens = tokens[:-1]
    if not tokens:
        return ent.start_char, ent.start_char
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def _split_entity(ent: SpacySpan, gaz: Gazetteer) -> list[tuple[int, int]]:
    """Return the spans of the places in a GPE/LOC entity ("Paris, Texas" is two)."""
    start, end = _trim(ent)
    text = doc_text(ent.doc)
    if "," not in text[start:end]:
        return [(start, end)]
    spans: list[tuple[int, int]] = []
    pos = start
    for part in text[start:end].split(","):
        lead = len(part) - len(part.lstrip())
        s, e = pos + lead, pos + len(part.rstrip())
        if e > s:
            spans.append((s, e))
        pos += len(part) + 1
    if all(gaz.has_key(normalize(text[s:e])) for s, e in spans):
        return spans
    return [(start, end)]


def _major_runs(ent: SpacySpan, gaz: Gazetteer) -> list[tuple[int, int]]:
    """Return the spans of capitalised word runs inside `ent` that name a major place."""
    tokens = list(ent)
    text = doc_text(ent.doc)
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(tokens):
        step = 1
        if tokens[i].text[:1].isupper():
            for j in range(min(len(tokens), i + 4), i, -1):
                if not tokens[j - 1].text[:1].isupper():
                    continue
                start, end = tokens[i].idx, tokens[j - 1].idx + len(tokens[j - 1].text)
                if any(_is_major(c) for c in gaz.lookup_key(normalize(text[start:end]))):
                    out.append((start, end))
                    step = j - i
                    break
        i += step
    return out


def _is_adjective(raw: str, gaz: Gazetteer) -> bool:
    return any(c.match is NameKind.ADJECTIVE for c in gaz.lookup_key(normalize(raw)))


def _is_known_place(raw: str, gaz: Gazetteer, *, strict: bool) -> bool:
    cands = gaz.lookup_key(normalize(raw))
    if not cands:
        return False
    if strict:
        return any(_is_major(c) and c.match is not NameKind.ABBREVIATION for c in cands)
    return any(c.match is NameKind.NAME for c in cands)


def _is_major(c: Candidate) -> bool:
    return c.feature_code in ("PCLI", "CONT", "RGN", "ADM1") or (
        c.feature_class == "P" and c.population >= 100_000 and c.match is NameKind.NAME
    )


def _abbreviations_after_places(doc: Doc, found: dict[tuple[int, int], Place],
                                gaz: Gazetteer, add: object) -> None:
    """Add "Ky." in "Edmonton, Ky.": abbreviations are trusted only right after a place."""
    text = doc_text(doc)
    ends = {end for (_, end) in found}
    for tok in doc:
        if tok.i < 2 or doc[tok.i - 1].text != ",":
            continue
        prev = doc[tok.i - 2]
        if prev.idx + len(prev.text) not in ends:
            continue
        word = tok.text
        if not word[:1].isupper() or (len(word) == 2 and not word.isupper()):
            continue  # "Edmonton, in ...": postal codes are written in capitals
        end = tok.idx + len(word)
        # "B.C." may be one token or "B.C" plus "."; take a following dot along.
        if end < len(text) and text[end] == "." and not word.endswith("."):
            word += "."
            end += 1
        cands = gaz.lookup_key(normalize(word))
        if any(c.match is NameKind.ABBREVIATION for c in cands):
            add(tok.idx, end)  # type: ignore[operator]


def _mostly_upper(text: str) -> bool:
    letters = [c for c in text[:2000] if c.isalpha()]
    return len(letters) > 20 and sum(c.isupper() for c in letters) > 0.8 * len(letters)


_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*\.?")


def _scan_upper_case(doc: Doc, gaz: Gazetteer, add: object) -> None:
    """Add runs of words that the gazetteer knows, in text whose case tells nothing."""
    text = doc_text(doc)
    tokens = [t for t in doc if not t.is_space]
    n = len(tokens)
    # word_end[k]: the end of the run of word tokens starting at k, so that tokens[i:j] are
    # all words exactly when j <= word_end[i] (one regex test per token, not per n-gram).
    word_end = [0] * (n + 1)
    word_end[n] = n
    for k in range(n - 1, -1, -1):
        word_end[k] = word_end[k + 1] if _WORD.fullmatch(tokens[k].text) else k
    i = 0
    while i < n:
        best: tuple[int, int, int] | None = None  # (j, start, end) of the longest trusted run
        for j in range(min(n, i + _MAX_NGRAM, word_end[i]), i, -1):
            run = tokens[i:j]
            # The cheap token tests come before normalising the run's text.
            first = run[0].text.lower()
            if (first in _NOT_PLACES and first not in _NAME_STARTS) or run[-1].is_stop:
                continue
            start, end = run[0].idx, run[-1].idx + len(run[-1].text)
            key = normalize(text[start:end])
            if not key or (j - i == 1 and (key in _NOT_PLACES or run[0].is_stop or len(key) < 3)):
                continue
            cands = gaz.lookup_key(key)
            if not cands:
                continue
            if j - i == 1 and _common_word(run[0]) and not any(
                    _is_major(c) and c.match is NameKind.NAME for c in cands):
                continue  # "CAR", "KILL", "MASSACRE": words that small places share
            before = tokens[i - 1].text.lower() if i > 0 else ""
            after = tokens[j].text.lower() if j < n else ""
            after2 = tokens[j + 1].text if j + 1 < n else ""
            if _trusted(cands, words=j - i, before=before, after=after,
                        dateline=i == 0 and after == "," and after2[:1].isdigit()):
                best = (j, start, end)
                break
        if best is None:
            i += 1
            continue
        j, start, end = best
        add(start, end)  # type: ignore[operator]
        i = j


def _common_word(tok: object) -> bool:
    """Whether the truecased token is an ordinary word ("car", "kill"), not a name."""
    text = getattr(tok, "text", "")
    return text.islower() and getattr(tok, "pos_", "") in ("NOUN", "VERB", "ADJ", "ADV", "AUX")


def _trusted(cands: tuple[Candidate, ...], *, words: int, before: str, after: str,
             dateline: bool) -> bool:
    if dateline or after in _ADMIN_AFTER:
        return True
    for c in cands:
        if c.match is NameKind.ABBREVIATION:
            continue
        if c.match is NameKind.ADJECTIVE or c.feature_code in ("PCLI", "CONT", "RGN"):
            return True
        if c.feature_code == "ADM1" and (words > 1 or before in _LOCATIVE):
            return True
        if c.feature_class == "P" and c.match is NameKind.NAME:
            if before in _LOCATIVE and (words > 1 or c.population >= 1000):
                return True
            if c.population >= 500_000 and words > 1:
                return True
            # "MEDELLIN CONTINUES TO LIVE THROUGH A WAVE OF TERROR": a city of millions needs
            # no preposition (common words were turned away before).
            if c.population >= 1_000_000:
                return True
    return False
