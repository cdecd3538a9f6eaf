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
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from tocsin.extract.nlp import doc_text, entities_within, entity_at
from tocsin.extract.types import target_type as classify_target
from tocsin.models import Perpetrator, Responsibility, Span, Target, Weapon

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
# Heads of gatherings of people ("wedding party", "funeral procession") that are targets.
_GATHERING_HEADS = frozenset(["party", "ceremony", "procession", "gathering", "celebration",
                              "festival", "funeral", "wedding", "congregation", "crowd"])
# Verbs of an explosion or a shooting whose "at"/"inside" complement was hit.
_BLAST_VERBS = frozenset(["explode", "detonate", "blow", "bomb", "fire", "shoot", "attack"])
_AT_TARGET = frozenset(["at", "inside", "outside", "on", "into"])
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


def _token_sentences(doc: Doc) -> tuple[list[int], list[int]]:
    """Return, per token of `doc`, the start and end token index of its sentence.

    spaCy rebuilds a sentence span on every `tok.sent` / `span.sent`, walking the parse both
    ways; the role finders ask for it tens of thousands of times per report.
    """
    cached: tuple[list[int], list[int]] | None = doc.user_data.get("tocsin_token_sentences")
    if cached is None:
        starts = [0] * len(doc)
        ends = [0] * len(doc)
        for sent in doc.sents:
            for i in range(sent.start, sent.end):
                starts[i] = sent.start
                ends[i] = sent.end
        cached = (starts, ends)
        doc.user_data["tocsin_token_sentences"] = cached
    return cached


def _sent_start(tok: Token) -> int:
    """Return `tok.sent.start`, from the per-document table."""
    return _token_sentences(tok.doc)[0][tok.i]


def _ent_of(tok: Token) -> tuple[int, int, str] | None:
    """Return (start char, end char, label) of the entity holding `tok`, if any."""
    if not tok.ent_type_:
        return None
    ent = entity_at(tok)
    if ent is None:
        return None
    starts, ends = _token_sentences(tok.doc)
    if ent.start < starts[tok.i] or ent.end > ends[tok.i]:
        return None
    return ent.start_char, ent.end_char, ent.label_


def _phrase(tok: Token) -> tuple[int, int]:
    """Return the character span of `tok` with its compound/adjective modifiers on the left."""
    left = tok.i
    sent_start = _sent_start(tok)
    for child in sorted(tok.lefts, key=lambda c: -c.i):
        if child.i != left - 1 or child.dep_ in _DROP_LEFT or child.like_num:
            break
        if child.dep_ not in ("compound", "amod", "nmod", "npadvmod") and child.tag_ != "HYPH":
            break
        left = child.i
        # "high-voltage lines": a hyphenated modifier parses as several tokens.
        while left - 1 >= sent_start and tok.doc[left - 1].head.i == child.i \
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
    sent_start = _sent_start(tok)
    while i - 1 >= sent_start and doc[i - 1].pos_ == "PROPN" and \
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
            # "detonated a vest at a wedding party", "exploded inside a church": the place
            # named by the preposition was hit (a town after "in" is a location, not a target).
            if lemma in _BLAST_VERBS:
                for c in tok.children:
                    if c.dep_ == "prep" and c.lower_ in _AT_TARGET:
                        hit.extend(p for p in c.children if p.dep_ == "pobj")
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
    """Return the people and property an incident's sentences (`ranges`) say were hit.

    The shipped role classifier decides where the package has one (`model_targets`); the
    dependency rules below are the fallback.
    """
    by_model = model_targets(doc, text, ranges)
    if by_model is not None:
        return by_model
    return rule_targets(doc, text, ranges)


def rule_targets(doc: Doc, text: str, ranges: list[tuple[int, int]]) -> list[Target]:
    """Return the people and property the dependency rules find hit in `ranges`."""
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
                classify_target(tok.text) or ("", ""))[1] == "people" or (
                # "a wedding party": the phrase, not its head, says who was there.
                (classify_target(text[slice(*_phrase(tok))]) or ("", ""))[1] == "people"
                and tok.pos_ == "NOUN" and head in _GATHERING_HEADS):
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


def _acronym(word: str) -> bool:
    return 3 <= len(word) <= 7 and word.isalpha() and word.isupper()


# Modifiers of an attacker noun that say how or in what state the attack was made, never who
# made it, however a headline capitalises them ("Suicide Bomber", "Armed Men").
_MANNER_MODIFIERS = frozenset(
    ["suicide", "armed", "heavily", "unidentified", "unknown", "masked", "hooded", "lone",
     "suspected", "alleged", "would-be", "female", "male", "teenage", "car", "truck", "motorcycle",
     "drug", "hired", "paid", "urban", "rural", "rebel", "guerrilla", "terrorist", "militant",
     "uniformed", "several", "two", "three", "four", "five", "six", "ten", "dozens", "hundreds"]
)


def _names_organisation(tok: Token) -> bool:
    """Whether `tok`, a left modifier of an attacker noun, is part of an organisation's name."""
    if tok.lower_ in _MANNER_MODIFIERS:
        return False
    if tok.ent_type_ in ("ORG", "NORP") or _acronym(tok.text):
        return True
    # A proper-noun tag on a sentence's first word often only reflects its capital letter.
    if tok.pos_ != "PROPN":
        return False
    return tok.i != _sent_start(tok) or _known_armed_group(tok.text)


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
    # Leading proper nouns or acronyms name the organisation; a capitalised common word at the
    # head of a sentence or headline ("Suicide bomber kills 12") is no name.
    k = 0
    while k < len(words) - 1 and _names_organisation(words[k]):
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
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return []
    cands: list[tuple[int, int]] = [(e.start_char, e.end_char) for e in entities_within(span)
                                    if e.label_ in ("ORG", "NORP", "PERSON", "GPE")]
    # Case is read from the parsed text: upper-case articles were truecased for the parse.
    cands += [(t.idx, t.idx + len(t.text)) for t in span
              if _acronym(t.text)]
    out: list[tuple[int, int]] = []
    for a, b in cands:
        raw = text[a:b]
        if raw.lower().startswith("the "):
            a += 4
            raw = raw[4:]
        # Through the cached lookup: an incident's sentences are read again for the next one.
        if _known_armed_group(raw) and (a, b) not in out:
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


# --- role-filler candidates and the trained role classifier ----------------------------------

# Left dependents that belong to a minimal noun phrase ("urban guerrilla commandos").
_MOD_DEPS = frozenset(["compound", "amod", "nmod", "npadvmod", "poss", "case"])
_NOUN_POS = frozenset(["NOUN", "PROPN"])
# Argument relations whose word is a noun phrase head even when mis-tagged ("DYNAMITE" as ADJ).
_ARG_DEPS = frozenset(["nsubj", "nsubjpass", "dobj", "pobj", "appos", "conj", "attr"])
_NOT_NOUN = frozenset(["VERB", "AUX", "PRON", "DET", "NUM", "PUNCT", "ADP", "CCONJ", "SCONJ",
                       "PART", "SPACE", "ADV", "INTJ", "SYM"])


_FULL_DEPS = frozenset(["det", "nummod", "quantmod", "predet", "advmod", "cc", "conj"])


def _modifies(t: Token, head: Token, *, full: bool) -> bool:
    """Whether `t` reaches `head` through noun-phrase modifier relations only."""
    while t.i != head.i:
        if t.dep_ in _MOD_DEPS or t.tag_ == "HYPH" or t.pos_ == "SPACE" or (
                t.dep_ == "punct" and t.text in ("-", '"', "'")) or (
                full and t.dep_ in _FULL_DEPS):
            if t.head.i == t.i or t.head.i < t.i:
                return False
            t = t.head
        else:
            return False
    return True


def _left_edge(tok: Token, *, full: bool) -> int:
    """Return the index of the first token of `tok`'s noun phrase.

    `full` keeps determiners and figures ("two bombs"); else only the contiguous modifiers
    ("powerful bomb"), as the role-filler keys mostly write them.
    """
    left = tok.i
    j = tok.i - 1
    sent_start = _sent_start(tok)
    while j >= sent_start:
        t = tok.doc[j]
        if t.pos_ == "SPACE":
            j -= 1
            continue
        if not _modifies(t, tok, full=full):
            break
        if not full and t.dep_ in ("det", "nummod", "predet", "quantmod"):
            break
        left = j
        j -= 1
    return left


def candidate_spans(doc: Doc, start: int, end: int) -> list[tuple[int, int, int, str]]:
    """Return (start char, end char, head token index, variant) for the noun phrases in
    `doc`'s text between `start` and `end` that could fill a role.

    Variants: `min` (head with its contiguous modifiers), `det` (with determiners and
    figures), `of` (with an "of" complement), `ent` (a named entity, without "the").
    """
    # The incidents of one report share sentences (their own and the ones around them): each
    # sentence is read once per document.
    cache: dict[tuple[int, int], list[tuple[int, int, int, str]]] | None = \
        doc.user_data.get("tocsin_candidate_spans")
    if cache is None:
        cache = {}
        doc.user_data["tocsin_candidate_spans"] = cache
    found = cache.get((start, end))
    if found is None:
        found = _candidate_spans(doc, start, end)
        cache[(start, end)] = found
    return list(found)


def _candidate_spans(doc: Doc, start: int, end: int) -> list[tuple[int, int, int, str]]:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return []
    out: dict[tuple[int, int], tuple[int, int, int, str]] = {}

    def add(a: int, b: int, head: int, variant: str) -> None:
        while a < b and doc[a].lower_ in ("the", "a", "an", '"', "'", "(", "[", ",", "-"):
            a += 1
        while b > a and doc[b - 1].text in ('"', "'", ")", "]", ",", "-", "."):
            b -= 1
        if a >= b or b - a > 14:
            return
        s, e = doc[a].idx, doc[b - 1].idx + len(doc[b - 1].text)
        if (s, e) not in out:
            out[(s, e)] = (s, e, head, variant)

    for tok in span:
        if tok.pos_ not in _NOUN_POS and (tok.dep_ not in _ARG_DEPS or tok.pos_ in _NOT_NOUN):
            continue
        lo = _left_edge(tok, full=False)
        if tok.dep_ in ("compound", "flat", "nmod"):
            # "bomb explosion", "dynamite attack": the modifier can be the filler.
            add(lo, tok.i + 1, tok.i, "mod")
            continue
        add(lo, tok.i + 1, tok.i, "min")
        # The keys often write a filler shorter than its phrase: the head without a hedge or a
        # place ("several houses" -> "houses", "medellin hotel" -> "hotel"), the people
        # without their organisation ("FMLN urban guerrillas" -> "urban guerrillas"), a name
        # without its titles ("liberal leader Luis Carlos Galan"). Each shorter tail is a
        # candidate; the classifier picks one per head.
        for j in range(lo + 1, tok.i + 1):
            if doc[j].pos_ not in ("SPACE", "PUNCT") and doc[j - 1].tag_ != "HYPH":
                add(j, tok.i + 1, tok.i, "suf")
        full = _left_edge(tok, full=True)
        if full != lo:
            add(full, tok.i + 1, tok.i, "det")
        for child in tok.rights:
            if child.dep_ == "prep" and child.lower_ == "of":
                pobj = [c for c in child.children if c.dep_ == "pobj"]
                if pobj:
                    add(lo, pobj[0].right_edge.i + 1, tok.i, "of")
                    if full != lo:
                        add(full, pobj[0].right_edge.i + 1, tok.i, "of")
    for ent in entities_within(span):
        if ent.label_ in ("PERSON", "ORG", "NORP", "FAC", "PRODUCT", "WORK_OF_ART", "EVENT",
                          "LAW", "GPE"):
            add(ent.start, ent.end, ent.root.i, "ent")
    return sorted(out.values())


# The role-filler classes of the model (MUC-4's five roles) and the "no role" class.
ROLE_LABELS = ("none", "PerpInd", "PerpOrg", "Target", "Victim", "Weapon")
ROLE_MODEL_FILE = "roles_muc4_model.npz"


def _bucket(n: int, edges: tuple[int, ...]) -> str:
    for edge in edges:
        if n <= edge:
            return str(edge)
    return f">{edges[-1]}"


def _governor(tok: Token) -> list[str]:
    """Return features of the word that governs the phrase headed by `tok`."""
    feats = [f"dep:{tok.dep_}"]
    head = tok.head
    # Through conjunctions and appositions: "killed X and Y", "the mayor, X".
    while tok.dep_ in ("conj", "appos") and head.i != tok.i:
        tok, head = head, head.head
        feats.append("via_conj")
    feats.append(f"gdep:{tok.dep_}")
    if tok.dep_ == "pobj":
        prep = head.lower_
        feats.append(f"prep:{prep}")
        gov = head.head
        feats.append(f"pp:{prep}:{gov.lemma_.lower()}")
        feats.append(f"ppos:{prep}:{gov.pos_}")
        if prep == "by":
            feats.append(f"agent_of:{gov.head.lemma_.lower() if head.dep_ == 'agent' else ''}")
    else:
        feats.append(f"gov:{tok.dep_}:{head.lemma_.lower()}")
        feats.append(f"govpos:{tok.dep_}:{head.pos_}")
    if head.pos_ in ("VERB", "AUX"):
        passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in head.children)
        feats.append(f"pass:{int(passive)}:{tok.dep_}")
        neg = any(c.dep_ == "neg" for c in head.children)
        if neg:
            feats.append("neg")
    return feats


def candidate_features(doc: Doc, text: str, cand: tuple[int, int, int, str],
                       salience: dict[str, int]) -> list[str]:
    """Return the features of one candidate role filler (see `candidate_spans`)."""
    from tocsin.extract.types import find_weapons

    start, end, head_i, variant = cand
    variant, near, _ = variant.partition(NEAR)
    head = doc[head_i]
    raw = text[start:end]
    words = raw.lower().split()
    lemma = head.lemma_.lower()
    feats = [f"v:{variant}", f"h:{head.lower_}", f"hl:{lemma}", f"hp:{head.pos_}",
             f"n:{_bucket(len(words), (1, 2, 3, 5, 8))}", f"first:{words[0]}",
             f"last:{words[-1]}", f"vh:{variant}:{lemma}"]
    feats += [f"w:{w}" for w in set(words)]
    if near:
        # A context sentence's candidate: its role and head words, marked apart.
        feats += ["ctx:near", f"ctx:{lemma}", f"ctxv:{variant}"]
    feats += _governor(head)
    if head.ent_type_:
        feats.append(f"e:{head.ent_type_}")
        ent = entity_at(doc[head_i])
        if ent is not None:
            feats.append(f"ex:{int(ent.start_char >= start and ent.end_char <= end)}")
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is not None:
        propn = sum(1 for t in span if t.pos_ == "PROPN")
        feats.append(f"propn:{_bucket(propn, (0, 1, 2, 3))}")
        feats.append(f"allpropn:{int(propn == len([t for t in span if not t.is_punct]))}")
        # `span.sent`: from the sentence of its first token to that of its last.
        starts, ends = _token_sentences(doc)
        sent_start, sent_end = starts[span.start], ends[span.end - 1]
        prev = doc[span.start - 1] if span.start > sent_start else None
        nxt = doc[span.end] if span.end < sent_end else None
        feats.append(f"prev:{prev.lower_ if prev is not None else '<s>'}")
        feats.append(f"next:{nxt.lower_ if nxt is not None else '</s>'}")
        tenth = doc[sent_start].idx * 10 // max(len(text), 1)
        feats.append(f"sent:{_bucket(tenth, (0, 1, 3, 6))}")
    for lex, name in ((PEOPLE_HEADS, "people"), (PROPERTY_HEADS, "property"),
                      (ATTACKER_NOUNS, "attacker"), (_VAGUE_PEOPLE, "vague"),
                      (_SKIP_HEADS, "skip")):
        if lemma in lex or head.lower_ in lex:
            feats.append(f"lex:{name}")
    wps = find_weapons(raw)
    if wps:
        feats.append(f"weapon:{wps[0][2]}")
        feats.append(f"weaponhead:{int(wps[-1][1] == len(raw))}")
    if _TITLES.match(raw) or any(_TITLES.match(w + " ") for w in words[:-1]):
        feats.append("title")
    if _acronym(doc_text(doc)[start:end]):
        feats.append("acronym")
    sal = salience.get(lemma, 0)
    feats.append(f"sal:{_bucket(sal, (1, 2, 4))}")
    if _known_armed_group(raw):
        feats.append("armed_group")
    return feats


# Every candidate of every report is looked up: most are unique strings, hence the size.
@lru_cache(maxsize=65536)
def _known_armed_group(raw: str) -> bool:
    from tocsin.models import ActorKind
    from tocsin.resolve.actors import resolve_name

    res = resolve_name(raw)
    return bool(res.known and res.kind == ActorKind.ARMED_GROUP)


def doc_salience(doc: Doc) -> dict[str, int]:
    """Return how often each noun lemma occurs in `doc` (a filler is usually repeated)."""
    counts: dict[str, int] = {}
    for tok in doc:
        if tok.pos_ in _NOUN_POS:
            key = tok.lemma_.lower()
            counts[key] = counts.get(key, 0) + 1
    return counts


@dataclass(frozen=True)
class RoleModel:
    """A multinomial logistic regression over candidate features (`candidate_features`)."""

    index: dict[str, int]
    weights: NDArray[np.float32]  # (n_features + 1, n_labels); the last row is the bias
    labels: tuple[str, ...]
    thresholds: dict[str, float]

    def probabilities(self, feats: Sequence[str]) -> NDArray[np.float64]:
        """Return the label probabilities of one candidate, in `labels` order."""
        z = self.weights[-1].astype(np.float64).copy()
        for f in set(feats):
            i = self.index.get(f)
            if i is not None:
                z += self.weights[i]
        z -= z.max()
        p = np.exp(z)
        return np.asarray(p / p.sum(), dtype=np.float64)

    def probabilities_many(self, rows: Sequence[Sequence[str]]) -> NDArray[np.float64]:
        """Return the label probabilities of many candidates, one row each (`probabilities`
        in one pass: the shipped weights are float16 values, whose float64 sums are exact in
        any order, so each row equals what `probabilities` gives)."""
        n_labels = self.weights.shape[1]
        if not rows:
            return np.zeros((0, n_labels), dtype=np.float64)
        idx: list[int] = []
        counts: list[int] = []
        get = self.index.get
        for feats in rows:
            found = [i for i in map(get, set(feats)) if i is not None]
            idx.extend(found)
            counts.append(len(found))
        z = np.tile(self.weights[-1].astype(np.float64), (len(rows), 1))
        n = np.asarray(counts, dtype=np.intp)
        some = n > 0
        if idx:
            # Each row's features are consecutive in `idx`: one sum per row with any.
            starts = (np.cumsum(n) - n)[some]
            z[some] += np.add.reduceat(
                self.weights[np.asarray(idx, dtype=np.intp)].astype(np.float64), starts, axis=0)
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        return np.asarray(p / p.sum(axis=1, keepdims=True), dtype=np.float64)


def save_role_model(path: str | Path, model: RoleModel) -> None:
    """Write `model` to an .npz file that `load_role_model` reads."""
    names = sorted(model.index, key=model.index.__getitem__)
    np.savez_compressed(
        path,
        features=np.array(names, dtype=np.str_),
        weights=model.weights.astype(np.float16),
        labels=np.array(model.labels, dtype=np.str_),
        threshold_labels=np.array(list(model.thresholds), dtype=np.str_),
        thresholds=np.array(list(model.thresholds.values()), dtype=np.float32),
    )


@lru_cache(maxsize=1)
def load_role_model() -> RoleModel | None:
    """Return the shipped role classifier, or None when the package ships none (rules only)."""
    ref = resources.files("tocsin.extract").joinpath("data", ROLE_MODEL_FILE)
    if not ref.is_file():
        return None
    with resources.as_file(ref) as path, np.load(path, allow_pickle=False) as data:
        names = [str(f) for f in data["features"]]
        return RoleModel(
            index={f: i for i, f in enumerate(names)},
            weights=np.asarray(data["weights"], dtype=np.float32),
            labels=tuple(str(x) for x in data["labels"]),
            thresholds={str(k): float(v) for k, v in zip(data["threshold_labels"],
                                                         data["thresholds"], strict=True)},
        )


@dataclass(frozen=True)
class RoleFiller:
    """A span the classifier gives a role, with its probability."""

    start: int
    end: int
    role: str
    probability: float
    head: int


def classify_candidates(doc: Doc, text: str, ranges: Sequence[tuple[int, int]],
                        model: RoleModel) -> list[tuple[tuple[int, int, int, str],
                                                       NDArray[np.float64]]]:
    """Return each candidate of `ranges` with its label probabilities."""
    # Salience is a document figure: counted once, not once per incident.
    salience: dict[str, int] | None = doc.user_data.get("tocsin_salience")
    if salience is None:
        salience = doc_salience(doc)
        doc.user_data["tocsin_salience"] = salience
    # A candidate of a sentence that several incidents share is scored once per document.
    scored: dict[tuple[str, tuple[int, int, int, str]], NDArray[np.float64]] | None = \
        doc.user_data.get("tocsin_role_probabilities")
    if scored is None:
        scored = {}
        doc.user_data["tocsin_role_probabilities"] = scored
    cands = list(unique_candidates(doc, ranges))
    new = [c for c in cands if (text, c) not in scored]
    if new:
        probs = model.probabilities_many([candidate_features(doc, text, c, salience)
                                          for c in new])
        for c, p in zip(new, probs, strict=True):
            scored[(text, c)] = p
    return [(c, scored[(text, c)]) for c in cands]


# Sentences this many either side of an incident's own are read too, their candidates marked
# as context (variant suffix NEAR): reports often name a victim or the group in the sentence
# before or after the one that tells of the attack.
CONTEXT_SENTENCES = 1
NEAR = "+near"


def context_ranges(doc: Doc, ranges: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Return the sentences within `CONTEXT_SENTENCES` of `ranges` that `ranges` do not hold."""
    bounds: list[tuple[int, int]] | None = doc.user_data.get("tocsin_sentence_bounds")
    if bounds is None:
        bounds = [(s.start_char, s.end_char) for s in doc.sents]
        doc.user_data["tocsin_sentence_bounds"] = bounds
    inside = {k for k, (a, b) in enumerate(bounds)
              if any(b > s and a < e for s, e in ranges)}
    near = {j for k in inside for j in range(k - CONTEXT_SENTENCES, k + CONTEXT_SENTENCES + 1)
            if 0 <= j < len(bounds)} - inside
    return [bounds[j] for j in sorted(near)]


def unique_candidates(doc: Doc, ranges: Sequence[tuple[int, int]]
                      ) -> Iterator[tuple[int, int, int, str]]:
    """Yield the candidate spans of every range, then those of the sentences around them
    (`context_ranges`, variant ending in `NEAR`), each character span once (training and
    prediction must see the same candidates)."""
    seen: set[tuple[int, int]] = set()
    for group, suffix in ((ranges, ""), (context_ranges(doc, ranges), NEAR)):
        for s, e in group:
            for a, b, head, variant in candidate_spans(doc, s, e):
                if (a, b) not in seen:
                    seen.add((a, b))
                    yield a, b, head, variant + suffix


def role_fillers(doc: Doc, text: str, ranges: Sequence[tuple[int, int]]) -> list[RoleFiller]:
    """Return the role fillers the shipped classifier finds in `ranges`, one per entity.

    Of the candidates that share a head word (or a surname), the most probable is kept:
    "powerful bomb" and "bomb" name one weapon. Empty when no model ships.
    """
    model = load_role_model()
    if model is None:
        return []
    best: dict[tuple[str, str], RoleFiller] = {}
    for cand, p in classify_candidates(doc, text, ranges, model):
        # The most probable role, kept when it passes that role's threshold even where "none"
        # is more probable: the thresholds were chosen for F1, which favours recall.
        k = 1 + int(p[1:].argmax())
        role = model.labels[k]
        if p[k] < model.thresholds.get(role, 0.5):
            continue
        key = (role, doc[cand[2]].lemma_.lower())
        old = best.get(key)
        if old is None or p[k] > old.probability:
            best[key] = RoleFiller(cand[0], cand[1], role, float(p[k]), cand[2])
    kept: list[RoleFiller] = []
    for f in sorted(best.values(), key=lambda f: -f.probability):
        if f.role in _NAMED_ROLES and any(
                o.role == f.role and _same_entity(text[f.start:f.end], text[o.start:o.end])
                for o in kept):
            continue
        kept.append(f)
    return sorted(kept, key=lambda f: f.start)


# Roles whose fillers are mostly names, written in full once and shortened after.
_NAMED_ROLES = frozenset(["PerpInd", "PerpOrg", "Victim"])
_SMALL_WORDS = frozenset(["of", "the", "and", "de", "del", "la", "y"])


def _same_entity(a: str, b: str) -> bool:
    """Whether two fillers name one entity: one's words hold the other's ("Bernardo Jaramillo"
    in "Bernardo Jaramillo Ossa"), or one is the other's acronym ("FMLN")."""
    wa, wb = re.findall(r"\w+", a.lower()), re.findall(r"\w+", b.lower())
    if not wa or not wb:
        return False
    sa, sb = set(wa), set(wb)
    if sa <= sb or sb <= sa:
        return True
    for short, full in ((wa, wb), (wb, wa)):
        if len(short) == 1 and len(short[0]) >= 2:
            initials = "".join(w[0] for w in full if w not in _SMALL_WORDS)
            if short[0] == initials:
                return True
    return False


def _cached_fillers(doc: Doc, text: str, ranges: Sequence[tuple[int, int]]) -> list[RoleFiller]:
    # The three role finders of one incident share one classification of its candidates.
    key = f"tocsin_role_fillers:{list(ranges)}"
    cached = doc.user_data.get(key)
    if cached is None:
        cached = role_fillers(doc, text, ranges)
        doc.user_data[key] = cached
    return list(cached)


# Texts of at most this many sentences (headlines, GTD summaries, ACLED notes) keep the rules'
# fillers beside the classifier's: it learnt from long wire reports, where a filler is named
# again and again, and misses some of the once-named fillers of a two-line summary.
SHORT_TEXT_SENTENCES = 4


def short_text(doc: Doc) -> bool:
    """Whether `doc` is short enough a text for the rules to keep their fillers beside the
    classifier's (`SHORT_TEXT_SENTENCES`)."""
    # Asked several times per incident; spaCy walks the whole parse for `doc.sents`.
    short: bool | None = doc.user_data.get("tocsin_short_text")
    if short is None:
        short = sum(1 for _ in doc.sents) <= SHORT_TEXT_SENTENCES
        doc.user_data["tocsin_short_text"] = short
    return short


def _filler_span(text: str, f: RoleFiller) -> tuple[str, Span]:
    raw = text[f.start:f.end]
    return raw, Span(start=f.start, end=f.end, text=raw)


def model_targets(doc: Doc, text: str, ranges: Sequence[tuple[int, int]]) -> list[Target] | None:
    """Return the people and property the role classifier finds in `ranges`, or None when the
    package ships no classifier."""
    if load_role_model() is None:
        return None
    out: list[Target] = []
    for f in _cached_fillers(doc, text, ranges):
        if f.role not in ("Target", "Victim"):
            continue
        raw, ev = _filler_span(text, f)
        kind = "property" if f.role == "Target" else "people"
        typed = classify_target(raw)
        gtd = typed[0] if typed else ("Private Citizens & Property" if kind == "people" else None)
        out.append(Target(text=raw, kind=kind, gtd_target_type=gtd,  # type: ignore[arg-type]
                          evidence=ev))
    if short_text(doc):
        heads = {t.text.lower().split()[-1] for t in out}
        out += [t for t in rule_targets(doc, text, list(ranges))
                if t.text.lower().split()[-1] not in heads]
    return out


def model_weapons(doc: Doc, text: str, ranges: Sequence[tuple[int, int]]) -> list[Weapon] | None:
    """Return the weapons the role classifier finds in `ranges`, with GTD weapon types, or
    None where the rules should decide: no classifier ships, or the text is short."""
    from tocsin.extract.types import find_weapons

    if load_role_model() is None or short_text(doc):
        return None
    out: list[Weapon] = []
    for f in _cached_fillers(doc, text, ranges):
        if f.role != "Weapon":
            continue
        raw, ev = _filler_span(text, f)
        typed = find_weapons(raw)
        out.append(Weapon(text=raw, gtd_weapon_type=typed[-1][2] if typed else "Unknown",
                          evidence=ev))
    return out


def refine_perpetrators(doc: Doc, text: str, ranges: Sequence[tuple[int, int]],
                        found: Sequence[Perpetrator]) -> list[Perpetrator]:
    """Return the perpetrators of an incident: the rules' claimed, denied and suspected ones
    (`found`), kept with their status, and the actors the role classifier finds in `ranges`.

    The rules' perpetrators of unknown responsibility (the subject of any attack verb) give way
    to the classifier's where a classifier ships (in a long report; a short text keeps both).
    A classifier's filler that the rules also found keeps the rules' status. "No group has
    claimed responsibility" gives no claim: the status comes from the rules alone.
    """
    if load_role_model() is None:
        return list(found)
    # A known armed group named in the incident's own sentences is kept too: there it is the
    # actor far more often than not, and the classifier misses groups it never saw.
    out = {p.name.lower(): p for p in found
           if p.responsibility != Responsibility.UNKNOWN or short_text(doc)
           or (p.kind == "group" and _known_armed_group(p.name))}
    rules = {p.name.lower(): p for p in found}
    for f in _cached_fillers(doc, text, ranges):
        if f.role not in ("PerpInd", "PerpOrg"):
            continue
        raw, ev = _filler_span(text, f)
        key = raw.lower()
        if key in out:
            continue
        kind = "individual" if f.role == "PerpInd" else "group"
        old = rules.get(key)
        out[key] = Perpetrator(name=raw, kind=kind,  # type: ignore[arg-type]
                               responsibility=old.responsibility if old else
                               Responsibility.UNKNOWN, evidence=ev)
    if not short_text(doc) and not any(p.kind == "group" for p in out.values()):
        # A long report that names one armed group more than any other speaks of its attacks
        # ("urban commandos" are the FMLN's): MUC-4's keys give the group as the perpetrator.
        main = dominant_armed_group(doc, text)
        if main is not None and text[main[0]:main[1]].lower() not in out:
            name = text[main[0]:main[1]]
            out[name.lower()] = Perpetrator(name=name, kind="group",
                                            evidence=Span(start=main[0], end=main[1], text=name))
    return list(out.values())


def dominant_armed_group(doc: Doc, text: str) -> tuple[int, int] | None:
    """Return the first mention of the armed group `text` names more often than any other
    (acronym and full name counted as one group), or None where no group leads."""
    key = "tocsin_dominant_armed_group"
    if key in doc.user_data:
        cached: tuple[int, int] | None = doc.user_data[key]
        return cached
    from tocsin.resolve.actors import resolve_name

    counts: dict[str, int] = {}
    first: dict[str, tuple[int, int]] = {}
    for a, b in armed_group_mentions(doc, text, 0, len(text)):
        name = resolve_name(text[a:b]).name
        counts[name] = counts.get(name, 0) + 1
        first.setdefault(name, (a, b))
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    found = first[ranked[0][0]] if ranked and (
        len(ranked) == 1 or ranked[0][1] > ranked[1][1]) else None
    doc.user_data[key] = found
    return found
