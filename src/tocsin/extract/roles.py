"""Role fillers of an incident: who was hit (people apart from property) and what was used.

MUC-4 and GTD separate the human targets, usually named ("Mayor Ricardo Castellar"), from the
physical ones ("a power pylon", "the bank"). Both are read from the dependency parse of the
incident's sentences: the object of an attack verb ("bombed the bank"), the subject of its
passive ("the mayor was murdered"), the complement of an attack noun ("the murder of Father X",
"an attack on the embassy"). A name is taken whole (the PERSON entity); a common noun is taken
with its compound and adjective modifiers but without determiners and figures ("two power
pylons" -> "power pylons"), which is how role-filler keys write them.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tocsin.extract.types import target_type as classify_target
from tocsin.models import Span, Target

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# Verbs whose object (or passive subject) was hit by the incident.
HIT_VERBS = frozenset(
    [
        "kill", "murder", "assassinate", "kidnap", "abduct", "wound", "injure", "shoot", "attack",
        "execute", "bomb", "dynamite", "destroy", "damage", "burn", "torch", "ambush", "hit",
        "strike", "target", "raid", "storm", "blow", "machinegun", "machine-gun", "massacre",
        "seize", "hold", "slay", "stab", "behead", "torture", "riddle", "hurt", "harm", "set",
        "explode", "detonate", "plant", "fire", "assault", "blast", "hijack", "rob", "loot",
        "gun", "mutilate", "strangle", "capture", "take", "find",
    ]
)
# Verbs whose passive subject was hit but whose active object is the weapon or a thing done.
_NO_OBJECT = frozenset(["explode", "detonate", "plant", "fire", "set", "take", "find", "hold"])
# Event nouns whose "of"/"on"/"against" complement was hit ("the murder of X").
HIT_NOUNS = frozenset(
    [
        "murder", "assassination", "killing", "kidnapping", "abduction", "attack", "assault",
        "bombing", "death", "massacre", "execution", "shooting", "ambush", "raid", "burning",
        "destruction", "dynamiting", "explosion", "blast", "wounding", "slaying", "disappearance",
        "kidnap", "torture", "body", "bodies", "corpse", "corpses", "release", "rescue",
    ]
)
# Heads of physical targets (kind property); other hit nouns are people.
PROPERTY_HEADS = frozenset(
    [
        "house", "home", "residence", "building", "office", "headquarters", "station", "store",
        "shop", "bank", "car", "vehicle", "bus", "truck", "jeep", "tower", "line", "pylon",
        "bridge", "plant", "factory", "facility", "facilities", "installation", "embassy",
        "consulate", "church", "school", "university", "hotel", "restaurant", "farm", "post",
        "checkpoint", "base", "barracks", "airport", "aircraft", "helicopter", "plane", "ship",
        "boat", "pipeline", "dam", "substation", "network", "system", "exchange", "company",
        "business", "establishment", "property", "dealership", "monastery", "institute",
        "ministry", "hall", "courthouse", "court", "branch", "agency", "warehouse", "market",
        "mall", "supermarket", "cinema", "theater", "theatre", "club", "bar", "discotheque",
        "newspaper", "offices", "premises", "structure", "antenna", "transformer", "cable",
        "road", "highway", "railway", "train", "locomotive", "wagon", "tank", "well", "mine",
        "camp", "garrison", "fort", "outpost", "compound", "apartment", "hospital", "clinic",
        "library", "museum", "temple", "mosque", "synagogue", "chapel", "cathedral", "center",
        "centre", "complex", "port", "terminal", "depot", "warehouse", "motorcycle", "taxi",
        "patrol", "convoy", "plantation", "estate", "hacienda", "ranch", "mill", "refinery",
        "generator", "power", "electricity", "telephone", "lines", "towers", "headquarter",
        "dependencies", "offices", "garage", "gas", "shed", "kiosk", "booth", "dealership",
    ]
)
# People who are hit: the head nouns of human targets that are not names.
PEOPLE_HEADS = frozenset(
    [
        "people", "person", "persons", "civilian", "peasant", "villager", "resident", "child",
        "woman", "man", "men", "women", "children", "student", "teacher", "priest", "jesuit",
        "nun", "worker", "farmer", "official", "mayor", "judge", "minister", "governor",
        "journalist", "reporter", "soldier", "policeman", "policemen", "officer", "agent",
        "guard", "bodyguard", "driver", "passenger", "leader", "member", "candidate", "senator",
        "deputy", "councilman", "congressman", "businessman", "businessmen", "executive",
        "diplomat", "ambassador", "tourist", "citizen", "family", "son", "daughter", "wife",
        "brother", "father", "mother", "employee", "technician", "engineer", "doctor", "lawyer",
        "magistrate", "trader", "union", "unionist", "activist", "politician", "president",
        "director", "manager", "owner", "victim", "hostage", "missionary", "bishop", "archbishop",
        "monsignor", "rector", "professor", "cook", "housekeeper", "friend", "colonel",
        "general", "captain", "lieutenant", "sergeant", "commander", "chief", "inspector",
        "secretary", "adviser", "advisor", "consul", "councillor", "industrialist", "rancher",
        "landowner", "campesino", "indian", "youth", "boy", "girl", "individual", "sympathizer",
        "militant", "guerrilla", "rebel", "catechist", "nephew", "cousin", "uncle", "relative",
    ]
)
_SKIP_HEADS = frozenset(
    [
        "it", "them", "him", "her", "us", "one", "others", "other", "fire", "time", "place",
        "responsibility", "attack", "attacks", "action", "actions", "operation", "control",
        "part", "way", "life", "lives", "bomb", "bombs", "dynamite", "explosive", "explosives",
        "charge", "charges", "device", "devices", "weapon", "weapons", "rifle", "rifles",
        "grenade", "grenades", "shot", "shots", "bullet", "bullets", "damage", "hostage",
        "area", "zone", "city", "town", "village", "country", "capital", "department",
        "province", "region", "street", "avenue", "neighborhood", "district", "sector", "who",
        "which", "that", "what", "number", "total", "some", "all", "many", "most", "several",
        "result", "night", "day", "morning", "evening", "week", "month", "year", "today",
        "yesterday", "incident", "incidents", "event", "events", "death", "deaths", "wave",
    ]
)
_DROP_LEFT = frozenset(["det", "nummod", "poss", "predet", "quantmod", "case", "punct", "cc"])
_TITLES = re.compile(
    r"^(?:mr|mrs|ms|dr|msgr|fr|father|gen|general|col|colonel|maj|major|capt|captain|lt|"
    r"sgt|rev|reverend|sister|brother|judge|mayor|senator|deputy|minister|president|attorney|"
    r"former|late|journalist|priest)\.?\s+",
    re.I,
)


# People nouns too vague or too martial to name a victim: combatants hit in a battle are not
# the targets of an attack, and "people" says nothing a count does not.
_VAGUE_PEOPLE = frozenset(
    [
        "people", "person", "persons", "individual", "individuals", "man", "men", "members",
        "member", "others", "rebel", "rebels", "guerrilla", "guerrillas", "militant",
        "militants", "insurgents", "terrorists", "terrorist", "subversives", "battalion",
        "unit", "units", "troops", "leaders", "victims", "victim", "dead", "wounded",
    ]
)
_QUANTIFIERS = re.compile(
    r"^(?:several|many|some|various|other|numerous|more|few|all|both|two|three|four|five|"
    r"six|seven|eight|nine|ten|dozens\s+of|hundreds\s+of)\s+",
    re.I,
)


def _ent_of(tok: Token) -> tuple[int, int, str] | None:
    """Return (start char, end char, label) of the entity holding `tok`, if any."""
    if not tok.ent_type_:
        return None
    for ent in tok.sent.ents:
        if ent.start <= tok.i < ent.end:
            return ent.start_char, ent.end_char, ent.label_
    return None


def _phrase(tok: Token) -> tuple[int, int]:
    """Return the character span of `tok` with its compound/adjective modifiers on the left."""
    left = tok.i
    for child in sorted(tok.lefts, key=lambda c: -c.i):
        if child.i != left - 1 or child.dep_ in _DROP_LEFT or child.like_num:
            break
        if child.dep_ not in ("compound", "amod", "nmod", "npadvmod") and child.tag_ != "HYPH":
            break
        left = child.i
        # "high-voltage lines": a hyphenated modifier parses as several tokens.
        while left - 1 >= tok.sent.start and tok.doc[left - 1].head.i == child.i \
                and tok.doc[left - 1].dep_ in ("compound", "amod", "punct", "npadvmod") \
                and tok.doc[left - 1].text != ",":
            left -= 1
    start = tok.doc[left].idx
    return start, tok.idx + len(tok.text)


def _person_name(tok: Token) -> tuple[int, int] | None:
    """Return the span of a person's name that `tok` heads or that stands beside it."""
    found = _name_span(tok)
    if found is None:
        return None
    start, end = found
    # The model often cuts a long Spanish name short ("Miguel [Maza Marquez]"): take the
    # proper nouns just before it back in.
    doc = tok.doc
    first = doc.char_span(start, end, alignment_mode="expand")
    i = first.start if first is not None else tok.i
    while i - 1 >= tok.sent.start and doc[i - 1].pos_ == "PROPN" and \
            doc[i - 1].ent_type_ in ("", "PERSON") and _TITLES.match(doc[i - 1].text + " ") is None:
        i -= 1
    return min(start, doc[i].idx), end


def _name_span(tok: Token) -> tuple[int, int] | None:
    ent = _ent_of(tok)
    if ent is not None and ent[2] == "PERSON":
        return ent[0], ent[1]
    # The small model often misses or mislabels a name ("Pedro Alvarado Ruiz" as a work of art):
    # a chain of two or more proper nouns that is no place or organisation is taken as a name.
    if tok.pos_ == "PROPN" and (ent is None or ent[2] in ("PERSON", "WORK_OF_ART", "PRODUCT",
                                                          "EVENT", "LAW", "LANGUAGE")):
        chain = [c for c in tok.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"]
        if chain and all(c.i >= chain[0].i for c in chain) and \
                chain[-1].i == tok.i - 1 and len(chain) == tok.i - chain[0].i:
            return chain[0].idx, tok.idx + len(tok.text)
    # "Mayor Ricardo Castellar" heads on a title; "the mayor, Ricardo Castellar" on appos;
    # "Ricardo Castellar, mayor of Achi, who was kidnapped" has the title as the appos.
    if tok.dep_ == "appos":
        e = _ent_of(tok.head)
        if e is not None and e[2] == "PERSON":
            return e[0], e[1]
    for child in tok.children:
        if child.dep_ in ("appos", "compound", "flat"):
            e = _ent_of(child)
            if e is not None and e[2] == "PERSON":
                return e[0], e[1]
    return None


def _head_word(tok: Token) -> str:
    return tok.lemma_.lower() if tok.lemma_ else tok.lower_


def _conjuncts(tok: Token) -> list[Token]:
    out = [tok]
    for c in tok.conjuncts:
        if c.i > tok.i:
            out.append(c)
    return out


def _hit_tokens(doc: Doc, start: int, end: int) -> list[Token]:
    """Return the tokens that head something hit in `doc`'s text between `start` and `end`."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return []
    hit: list[Token] = []
    for tok in span:
        lemma = _head_word(tok)
        if tok.pos_ in ("VERB", "AUX") and lemma in HIT_VERBS:
            passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children)
            for c in tok.children:
                if c.dep_ == "nsubjpass" or (c.dep_ == "dobj" and lemma not in _NO_OBJECT):
                    hit.extend(_conjuncts(c))
            # "... a man, who was murdered": the relative clause's noun was hit.
            if passive and tok.dep_ == "relcl" and tok.head.pos_ in ("NOUN", "PROPN"):
                hit.extend(_conjuncts(tok.head))
            # "found the bodies of X": handled by the noun rule below.
            if lemma in ("set",):
                for c in tok.children:
                    if c.dep_ == "prep" and c.lower_ == "to":
                        hit.extend(p for p in c.children if p.dep_ == "pobj")
        elif tok.pos_ == "NOUN" and lemma in HIT_NOUNS:
            for c in tok.children:
                if c.dep_ == "prep" and c.lower_ in ("of", "on", "against", "at"):
                    for p in c.children:
                        if p.dep_ == "pobj":
                            hit.extend(_conjuncts(p))
                if c.dep_ == "poss" and lemma != "body":
                    hit.extend(_conjuncts(c))
        elif tok.lower_ in ("dead", "murdered", "killed") and tok.dep_ in ("oprd", "acomp",
                                                                            "xcomp"):
            # "X was found dead"
            for c in tok.head.children:
                if c.dep_ in ("nsubjpass", "dobj"):
                    hit.extend(_conjuncts(c))
    return hit


def find_targets(doc: Doc, text: str, ranges: list[tuple[int, int]]) -> list[Target]:
    """Return the people and property an incident's sentences (`ranges`) say were hit."""
    found: dict[str, Target] = {}
    names: set[str] = set()

    def add(start: int, end: int, kind: str, name: bool = False) -> None:
        raw = text[start:end].strip(" ,.;:'\"")
        q = _QUANTIFIERS.match(raw)
        if q is not None and not name:
            start += q.end()
            raw = raw[q.end():]
        if kind == "people" and not name and raw.lower().split()[-1:] and \
                raw.lower().split()[-1] in _VAGUE_PEOPLE:
            return
        m = _TITLES.match(raw) if kind == "people" else None
        if m is not None and len(raw) > m.end():
            start += m.end()
            raw = raw[m.end():]
        if not raw or len(raw) > 60:
            return
        key = raw.lower()
        if key in found:
            return
        s = text.find(raw, start, end + 1)
        s = start if s < 0 else s
        typed = classify_target(raw)
        gtd = typed[0] if typed else ("Private Citizens & Property" if kind == "people" else None)
        found[key] = Target(text=raw, kind=kind, gtd_target_type=gtd,  # type: ignore[arg-type]
                            evidence=Span(start=s, end=s + len(raw), text=text[s:s + len(raw)]))
        if name:
            names.add(key)

    for s, e in ranges:
        for tok in _hit_tokens(doc, s, e):
            if tok.pos_ == "PRON":
                continue
            name = _person_name(tok)
            if name is not None:
                add(name[0], name[1], "people", name=True)
                continue
            head = _head_word(tok)
            low = tok.lower_
            if head in _SKIP_HEADS or low in _SKIP_HEADS or tok.like_num:
                continue
            ent = _ent_of(tok)
            if ent is not None and ent[2] in ("GPE", "LOC", "DATE", "TIME", "CARDINAL", "NORP"):
                continue
            if head in PROPERTY_HEADS or low in PROPERTY_HEADS:
                a, b = _phrase(tok)
                if ent is not None and ent[2] in ("ORG", "FAC"):
                    a, b = min(a, ent[0]), max(b, ent[1])
                add(a, b, "property")
            elif head in PEOPLE_HEADS or low in PEOPLE_HEADS or (
                classify_target(tok.text) or ("", ""))[1] == "people":
                a, b = _phrase(tok)
                add(a, b, "people")
            elif ent is not None and ent[2] in ("ORG", "FAC"):
                add(ent[0], ent[1], "property")
    if names:
        # Named victims stand for the descriptions of them ("the mayor", "two priests"), and a
        # full name for the surname that repeats it ("Romero" after "Oscar Arnulfo Romero").
        return [t for k, t in found.items() if t.kind == "property" or (
            k in names and not any(o != k and o.endswith(" " + k) for o in names))]
    return list(found.values())


# --- perpetrators ----------------------------------------------------------------------------

# Nouns for the people who carry out an attack (individual perpetrators, MUC-4 PerpInd).
ATTACKER_NOUNS = frozenset(
    [
        "guerrilla", "guerrillas", "guerilla", "guerillas", "terrorist", "terrorists", "rebel",
        "rebels", "gunman", "gunmen", "assailant", "assailants", "attacker", "attackers",
        "assassin", "assassins", "hitman", "hitmen", "kidnapper", "kidnappers", "commando",
        "commandos", "subversive", "subversives", "narcoterrorist", "narcoterrorists",
        "trafficker", "traffickers", "squad", "squads", "bandit", "bandits", "criminal",
        "criminals", "murderer", "murderers", "killer", "killers", "militant", "militants",
        "insurgent", "insurgents", "bomber", "bombers", "hijacker", "hijackers", "raider",
        "raiders", "extremist", "extremists", "paramilitaries", "paramilitary", "mercenaries",
        "individuals", "individual", "men", "man", "persons", "cells", "cell", "column",
        "columns", "sicarios", "gang", "gangs", "mafia", "mafias", "thugs", "youths",
    ]
)
# Attacker nouns too vague to name anyone unless a modifier says who ("armed men").
_NEEDS_MODIFIER = frozenset(
    ["men", "man", "individuals", "individual", "persons", "cells", "cell", "column", "columns",
     "squad", "squads", "gang", "gangs", "youths"]
)
# Bare words that never name a perpetrator on their own.
_NOT_A_NAME = frozenset(
    ["group", "groups", "movement", "unit", "units", "member", "members", "organization",
     "organisation", "people", "forces", "army", "police", "military", "government"]
)


def _acronym(text: str, start: int, end: int) -> bool:
    word = text[start:end]
    return 3 <= len(word) <= 7 and word.isalpha() and word.isupper()


def split_perpetrator(doc: Doc, text: str, tok: Token) -> list[tuple[int, int, str]]:
    """Return (start, end, kind) spans for the attacker noun phrase headed by `tok`.

    "FMLN urban commandos" gives the organisation ("FMLN", group) and the people ("urban
    commandos", individual); "armed men" gives one individual span.
    """
    start, end = _phrase(tok)
    out: list[tuple[int, int, str]] = []
    i = doc.char_span(start, end, alignment_mode="expand")
    if i is None:
        return out
    words = list(i)
    # Leading proper nouns or acronyms name the organisation.
    k = 0
    while k < len(words) - 1 and (
        words[k].pos_ == "PROPN" or words[k].ent_type_ in ("ORG", "NORP")
        or _acronym(doc.text, words[k].idx, words[k].idx + len(words[k].text))
    ):
        k += 1
    if k:
        org_s, org_e = words[0].idx, words[k - 1].idx + len(words[k - 1].text)
        # A nationality ("Salvadoran guerrillas") describes the people, it is no organisation.
        if words[0].ent_type_ != "NORP" or k > 1:
            out.append((org_s, org_e, "group"))
            start = words[k].idx
    low = tok.lower_
    if low in _NEEDS_MODIFIER and start >= tok.idx:
        return out
    out.append((start, end, "individual"))
    return out


def armed_group_mentions(doc: Doc, text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Return spans of organisation names in `text[start:end]` that the actor table knows as
    armed groups ("FMLN", "Shining Path"): in an incident's own sentences they are its
    perpetrators far more often than anything else."""
    from tocsin.models import ActorKind
    from tocsin.resolve.actors import resolve_name  # the shipped actor table, loaded lazily

    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return []
    cands: list[tuple[int, int]] = [(e.start_char, e.end_char) for e in span.ents
                                    if e.label_ in ("ORG", "NORP", "PERSON", "GPE")]
    # Case is read from the parsed text: upper-case articles were truecased for the parse.
    cands += [(t.idx, t.idx + len(t.text)) for t in span
              if _acronym(doc.text, t.idx, t.idx + len(t.text))]
    out: list[tuple[int, int]] = []
    for a, b in cands:
        raw = text[a:b]
        if raw.lower().startswith("the "):
            a += 4
            raw = raw[4:]
        res = resolve_name(raw)
        if res.known and res.kind == ActorKind.ARMED_GROUP and (a, b) not in out:
            out.append((a, b))
    return out


def attacker_tokens(doc: Doc, start: int, end: int) -> list[Token]:
    """Return attacker nouns that act in `doc`'s text between `start` and `end`.

    An attacker acts as the subject of a verb or the agent of a passive ("by urban
    guerrillas"); a mention as a victim or in passing ("guerrilla positions") does not count.
    """
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return []
    out: list[Token] = []
    for tok in span:
        if tok.lower_ not in ATTACKER_NOUNS or tok.pos_ not in ("NOUN", "PROPN"):
            continue
        acts = (tok.dep_ == "nsubj" and tok.head.pos_ in ("VERB", "AUX")) or (
            tok.dep_ == "pobj" and tok.head.lower_ == "by") or (
            tok.dep_ == "conj" and tok.head in out)
        if acts:
            out.append(tok)
        elif tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.lower_ in (
                "group", "band", "gang", "squad", "commando", "column", "members", "unit"):
            # "a group of armed men" acts through its head noun.
            head = tok.head.head
            if head.dep_ == "nsubj" or (head.dep_ == "pobj" and head.head.lower_ == "by"):
                out.append(tok)
    return out
