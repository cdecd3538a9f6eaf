"""Casualty figures: numbers next to verbs of killing, wounding and kidnapping.

`parse_number` reads one number as written ("1,200", "sixty", "one hundred and fifteen", "a
dozen"); `find_counts` finds the casualty phrases of a stretch of text ("at least 60 people were
killed", "wounding 115 others", "two policemen and a civilian were killed", "the death toll rose
to 133", "no one was hurt", "the murder of two missionaries", "X, a judge, was assassinated",
"a man was found with a gunshot wound") and says whom each figure counts (victims killed,
injured, kidnapped, or attackers killed); `best_count` turns the hits of one incident into its
figure.

Vague quantities get fixed, documented values with a qualifier, so that a figure is always a
number a user can sort on: "several" = 3 at_least, "a few" = 3 about, "a couple of" = 2 about,
"dozens" = 24 at_least, "scores" = 40 at_least, "hundreds" = 200 at_least, "thousands" = 2000
at_least. Qualifiers: "at least / more than / over / upwards of" -> at_least (value as written,
so "more than 60" is 60 at_least); "nearly / almost / up to / as many as / at most / fewer than
/ close to" -> at_most; "about / around / some / approximately / roughly / an estimated" ->
about; "10 to 12", "10-12", "between 10 and 12" -> range (value 10, high 12).

Rules for one incident's figure (`best_count`), each tested:
- "shot" (or "stabbed") alone says someone was hit, not whether they lived: those shot less
  those killed are the injured ("two men were shot, one fatally" = 1 killed, 1 injured; "a man
  was shot ... he died" = 1 killed, 0 injured). "another man was also shot" is someone else.
- groups of different people add up ("two soldiers were killed ... three civilians were also
  killed" = 5); generic or repeated nouns ("five people", "the victim") may restate them and
  count once; the larger of the sum and the largest generic figure wins.
- a running total ("the death toll rose to 19") is the latest figure: the last one wins.
- killed includes attackers killed (GTD nkill and the Gun Violence Archive count them);
  `perpetrators_killed` keeps them apart as well (GTD nkillter).
- a figure of 10,000 or more is a war's toll, not one incident's, and is left out.
- years ("in 1985, ..."), ages ("22-year-old"), clock times and street numbers are no counts;
  a count after "no" / "neither" is none ("neither officer was wounded" = 0).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Literal

from tocsin.models import Count, Qualifier, Span

Role = Literal["killed", "injured", "kidnapped", "perpetrators_killed"]

_UNITS = {
    "zero": 0, "no": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
# Vague quantities: (value, qualifier); see the module docstring.
VAGUE: dict[str, tuple[int, Qualifier]] = {
    "several": (3, Qualifier.AT_LEAST),
    "a few": (3, Qualifier.ABOUT),
    "a couple of": (2, Qualifier.ABOUT),
    "dozens": (24, Qualifier.AT_LEAST),
    "dozens of": (24, Qualifier.AT_LEAST),
    "scores": (40, Qualifier.AT_LEAST),
    "scores of": (40, Qualifier.AT_LEAST),
    "hundreds": (200, Qualifier.AT_LEAST),
    "hundreds of": (200, Qualifier.AT_LEAST),
    "thousands": (2000, Qualifier.AT_LEAST),
    "thousands of": (2000, Qualifier.AT_LEAST),
}
_QUALIFIERS: dict[str, Qualifier] = {
    "at least": Qualifier.AT_LEAST, "more than": Qualifier.AT_LEAST, "over": Qualifier.AT_LEAST,
    "upwards of": Qualifier.AT_LEAST, "in excess of": Qualifier.AT_LEAST,
    "nearly": Qualifier.AT_MOST, "almost": Qualifier.AT_MOST, "up to": Qualifier.AT_MOST,
    "as many as": Qualifier.AT_MOST, "at most": Qualifier.AT_MOST,
    "fewer than": Qualifier.AT_MOST, "less than": Qualifier.AT_MOST,
    "close to": Qualifier.AT_MOST,
    "about": Qualifier.ABOUT, "around": Qualifier.ABOUT, "some": Qualifier.ABOUT,
    "approximately": Qualifier.ABOUT, "roughly": Qualifier.ABOUT,
    "an estimated": Qualifier.ABOUT, "estimated": Qualifier.ABOUT,
}

_W = "|".join(sorted([*_UNITS, *_TENS, *_SCALES, "dozen"], key=len, reverse=True)).replace(
    "|no|", "|"
)
_NUMWORDS = rf"(?:a\s+)?(?:{_W})(?:(?:\s+and\s+|[\s-]+)(?:{_W}))*"
# A bare year ("in 1985, ...") is no count.
_DIGITS = r"(?!(?:1[89]|20)\d\d(?!\d|[,.]\d))" \
    r"(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?(?:\s+(?:million|thousand))?)"
_VAGUE = r"half\s+a\s+dozen|a\s+dozen|dozens(?:\s+of)?|scores\s+of|hundreds(?:\s+of)?|" \
    r"thousands(?:\s+of)?|several|a\s+few|a\s+couple\s+of"
NUM = rf"(?:{_DIGITS}|{_VAGUE}|{_NUMWORDS})"
QUAL = "|".join(re.escape(q).replace(r"\ ", r"\s+") for q in sorted(_QUALIFIERS, key=len,
                                                                      reverse=True))
COUNT = (
    rf"(?:(?:{QUAL})\s+)?(?:between\s+{NUM}\s+and\s+{NUM}|{NUM}(?:\s*(?:-|–|to|or)\s*"
    rf"(?:{_DIGITS}|{_NUMWORDS})\b)?)"
)
_NUMBER_RE = re.compile(rf"^(?:{NUM})$", re.I)


def _words_to_int(words: list[str]) -> int | None:
    total = 0
    current = 0
    seen = False
    for w in words:
        if w in ("and", "a"):
            if w == "a":
                current = max(current, 1)
                seen = True
            continue
        if w in _UNITS:
            current += _UNITS[w]
        elif w in _TENS:
            current += _TENS[w]
        elif w == "dozen":
            current = max(current, 1) * 12
        elif w == "hundred":
            current = max(current, 1) * 100
        elif w in ("thousand", "million"):
            total += max(current, 1) * _SCALES[w]
            current = 0
        else:
            return None
        seen = True
    return total + current if seen else None


def parse_number(text: str) -> int | None:
    """Return the integer a number phrase writes ("1,200", "sixty-two", "a dozen"), else None.

    Vague words ("dozens", "several") give their documented value (see VAGUE).
    """
    t = re.sub(r"\s+", " ", text.strip().lower())
    if not t:
        return None
    if t in VAGUE:
        return VAGUE[t][0]
    if t == "half a dozen":
        return 6
    m = re.fullmatch(r"(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?: (million|thousand))?", t)
    if m:
        value = float(m.group(1).replace(",", ""))
        if m.group(2):
            value *= _SCALES[m.group(2)]
        return round(value)
    return _words_to_int(re.split(r"[\s-]+", t))


def parse_count(text: str) -> tuple[int, Qualifier, int | None] | None:
    """Return (value, qualifier, high) for a count phrase such as "at least 60" or "10 to 12"."""
    t = re.sub(r"\s+", " ", text.strip().lower())
    qualifier: Qualifier | None = None
    for q in sorted(_QUALIFIERS, key=len, reverse=True):
        if t.startswith(q + " "):
            qualifier = _QUALIFIERS[q]
            t = t[len(q) + 1:]
            break
    m = re.fullmatch(rf"between ({NUM}) and ({NUM})", t, re.I) or re.fullmatch(
        rf"({NUM}) ?(?:-|–|to|or) ?({_DIGITS}|{_NUMWORDS})", t, re.I
    )
    if m:
        low, high = parse_number(m.group(1)), parse_number(m.group(2))
        if low is not None and high is not None and high > low:
            return low, Qualifier.RANGE, high
    value = parse_number(t)
    if value is None:
        return None
    if qualifier is None and t in VAGUE:
        qualifier = VAGUE[t][1]
    return value, qualifier or Qualifier.EXACT, None


# --- casualty phrases ------------------------------------------------------------------------

_KILLED = (
    r"killed|dead|died|slain|murdered|massacred|executed|assassinated|perished|"
    r"lost\s+their\s+lives|lost\s+his\s+life|lost\s+her\s+life|fatally\s+(?:shot|wounded|injured|"
    r"stabbed)|shot\s+(?:dead|and\s+killed|to\s+death)|gunned\s+down|beheaded|deceased|"
    r"pronounced\s+dead"
)
# "shot" and "stabbed" alone say someone was hit, not whether they lived: see `best_count`.
_INJURED = r"wounded|injured|hurt|hospitali[sz]ed|maimed|shot(?!\s+at\b)|stabbed"
_KIDNAPPED = r"kidnapped|abducted|taken\s+hostage|held\s+hostage|seized\s+as\s+hostages?"
_AUX = (
    r"(?:(?:were|was|have|has|had|been|are|is|be|being|reportedly|also|later|all|both|"
    r"subsequently|allegedly|initially|reported|confirmed|left|found|believed|to|each|"
    r"seriously|critically|slightly|badly|severely|gravely|mortally|brutally|savagely|"
    r"reportedly|treacherously|cowardly|injured\s+and|"
    r"wounded\s+and|shot\s+and)\s+)*"
)
# A word of the noun phrase that names who is counted ("policemen", "28-year-old", "(MPSC)").
# Function words, pronouns and clock times end it: "at 10:48 a.m. to report he had been shot"
# counts nobody.
_NOUN_WORD = (
    r"(?!(?:were|was|are|is|have|has|had|and|but|who|which|that|in|on|at|to|he|she|they|it|him|"
    r"them|after|before|when|while|as|by|for|with|said|told|says|a\.m|p\.m|am|pm|"
    r"percent|per)\b)(?:[a-z][\w'.-]*|\d+-year-old|\([\w.-]+\))(?![\w'-])"
)
_NOUNS = rf"(?:(?:\s+{_NOUN_WORD}){{0,5}}?)"
# The counted noun phrase of a passive sentence may carry a place or a role ("two policemen
# guarding the consulate in Medellin were killed").
_LONG_NOUNS = rf"(?:(?:\s+(?:{_NOUN_WORD}|in|at|on|near|from)){{0,7}}?)"
# Words that make the counted people attackers rather than victims.
ATTACKER_NOUNS = frozenset(
    [
        "gunman", "gunmen", "attacker", "attackers", "assailant", "assailants", "militant",
        "militants", "terrorist", "terrorists", "insurgent", "insurgents", "bomber", "bombers",
        "hijacker", "hijackers", "kidnapper", "kidnappers", "guerrilla", "guerrillas", "guerillas",
        "rebel", "rebels", "subversive", "subversives", "extremist", "extremists", "jihadist",
        "jihadists", "fighters", "raiders", "suspect", "suspects", "shooter", "shooters",
        "perpetrators", "perpetrator"
    ]
)
# Heads of noun phrases that say nothing about who was hit: two hits with such heads may well
# count the same people ("a man was shot" ... "the victim died"), so they are not added up.
GENERIC_HEADS = frozenset(
    [
        "", "people", "person", "persons", "other", "others", "victim", "victims", "individual",
        "individuals", "them", "one", "man", "men", "woman", "women", "he", "she", "him", "her",
        "those", "total", "everyone", "all", "resident", "residents", "adult", "adults",
    ]
)

WAR_TOLL = 10_000
_ROLE_OF = {"k": "killed", "i": "injured", "s": "injured", "h": "kidnapped"}
_NOT_AFTER_BARE_VERB = re.compile(
    r"\s+(?:the|a|an|his|her|their|its|him|them|me|us|[a-z]+ing)\b", re.I
)

_PASSIVE = re.compile(
    rf"(?<![:$/])\b(?P<count>{COUNT})(?P<noun>{_NOUNS})(?P<more>(?:(?:\s*,\s*|\s+)(?:and\s+)?"
    rf"(?:{COUNT}|a|an)\b{_NOUNS})*)(?P<tail>{_LONG_NOUNS})\s+(?P<aux>{_AUX})(?:(?P<k>{_KILLED})|(?P<i>{_INJURED})|"
    rf"(?P<h>{_KIDNAPPED}))\b",
    re.I,
)
_ACTIVE = re.compile(
    rf"\b(?:(?P<k>fatally\s+(?:shot|shooting|wounded|wounding|stabbed|stabbing)|shot\s+and\s+"
    rf"killed|killing|killed|kills|kill|massacred|massacring|murdered|murdering|claiming\s+"
    rf"the\s+lives\s+of|claimed\s+the\s+lives\s+of|left|leaving)|(?P<i>wounding|wounded|injuring|"
    rf"injured|injures|wounds|hurting)|(?P<s>shot|shooting)|(?P<h>kidnapping|kidnapped|"
    rf"abducting|abducted|seizing|taking))\s+(?:(?:another|an\s+additional|a\s+further)\s+)?"
    rf"(?P<count>{COUNT})"
    rf"(?P<noun>(?:\s+(?!(?:and|in|on|at|dead|injured|wounded|hostages?)\b)[a-z][\w'-]*){{0,2}})"
    rf"(?P<more>(?:\s*,\s*(?:and\s+)?|\s+and\s+)(?:{COUNT}|an?|his|her|their)\b(?:\s+"
    rf"(?!(?:and|in|on|at|dead|injured|wounded|hostages?)\b)[a-z][\w'-]*){{1,2}}(?:(?:\s*,\s*"
    rf"(?:and\s+)?|\s+and\s+)(?:{COUNT}|an?|his|her|their)\b(?:\s+(?!(?:and|in|on|at|dead|"
    rf"injured|wounded|hostages?)\b)[a-z][\w'-]*){{1,2}})*)?"
    rf"(?P<after>\s+(?:dead|injured|wounded|hostages?))?\b",
    re.I,
)
# "the death toll rose to 19", "the number of dead stood at 7": a total, and the latest one
# in an article is the most recent figure.
_TOLL = re.compile(
    rf"\b(?:death\s+toll|toll|number\s+of\s+(?:dead|deaths|fatalities|people\s+killed|victims)|"
    rf"(?:number\s+of\s+)?(?:dead|deaths|fatalities))"
    rf"(?:\s+[\w'-]+){{0,4}}?\s+(?:(?:rose|risen|climbed|increased|jumped|grew|went\s+up|"
    rf"reached|hit|stands|stood|is|was|has\s+reached|now\s+stands)\s+)?(?:to|at|of|is|was|"
    rf"reached|hit)\s+(?P<count>{COUNT})\b",
    re.I,
)
# "the death toll from Monday's car bombing at a market in Mosul, Nineveh province, rose to
# 19": the subject can be long, so only a verb of change may bridge a gap of 5-14 words.
_TOLL_LONG = re.compile(
    rf"\b(?:death\s+toll|toll|number\s+of\s+(?:dead|deaths|fatalities|people\s+killed))"
    rf"(?:[\s,]+[\w'’-]+){{5,14}}?,?\s+(?:has\s+|had\s+)?(?:rose|risen|climbed|increased|"
    rf"jumped|grew|went\s+up)\s+to\s+(?P<count>{COUNT})\b",
    re.I,
)
# "the victim", "her boyfriend": one person already introduced.
_THE_PERSON = (
    r"(?:the|his|her|their)\s+(?:victim|man|woman|boy|girl|teen|teenager|brother|sister|son|"
    r"daughter|father|mother|husband|wife|boyfriend|girlfriend|officer|driver|clerk|suspect|"
    r"gunman|shooter|passenger|resident|homeowner|student|child|baby|toddler|cousin|friend|"
    r"uncle|nephew)"
)
# A person's name as the subject ("Roger Crum Jr., 41, had been fatally shot"); case matters.
_PERSON_NAME = (
    r"(?-i:[A-Z][a-z'-]+(?:\s+(?:[A-Z][a-z'-]+|[A-Z]\.|Jr\.|Sr\.)){0,3})"
    r"(?:,\s*(?:age\s+)?\d{1,3},)?"
)
_SINGLE = re.compile(
    rf"\b(?:(?P<one>an?|one|another)\b(?P<noun>{_NOUNS})|(?P<pron>he|she)|(?P<name>{_PERSON_NAME})|(?P<def>{_THE_PERSON}))"
    rf"(?:\s+who)?\s+(?:was|has\s+been|had\s+been|is|got)\s+(?:(?:also|reportedly|allegedly|later|found|"
    rf"seriously|critically|slightly|badly|then|twice|multiple\s+times)\s+)*"
    rf"(?:(?P<k>{_KILLED})|(?P<i>{_INJURED})|(?P<h>{_KIDNAPPED}))\b",
    re.I,
)
_ACTIVE_ONE = re.compile(
    r"\b(?:(?P<k>killing|killed|murdered|murdering|shot\s+and\s+killed|fatally\s+shot|"
    r"fatally\s+wounded|fatally\s+stabbed)|(?P<i>wounding|injuring|wounded|injured|shot\s+and\s+"
    r"wounded|shot\s+and\s+injured)|(?P<s>shot|shooting|stabbed|stabbing)|(?P<h>kidnapping|"
    r"kidnapped|abducting|abducted))\s+(?P<one>(?:his|her|their)\s+(?!own\b)[a-z][\w-]*|him|"
    r"her|an?\s+[a-z][\w-]*(?:\s+[a-z][\w-]*)?)\b",
    re.I,
)
# "a man was found with a gunshot wound", "six people were treated for gunshot wounds".
_WOUND = re.compile(
    rf"(?<![:$])\b(?:(?P<count>{COUNT})|(?P<one>an?|one|he|she|{_THE_PERSON})|"
    rf"(?P<name>{_PERSON_NAME}))(?P<noun>{_NOUNS})"
    rf"\s+(?:(?:was|were|is|are|has|have|had|been|being|later|also|reportedly|found|"
    rf"treated|hospitali[sz]ed|(?:taken|rushed|transported|airlifted|driven)(?:\s+by\s+"
    rf"ambulance)?\s+to\s+(?:[\w.'-]+\s+){{1,5}}?(?=with\b)|to\s+(?:a|the|an)\s+(?:local\s+|"
    rf"area\s+)?hospital|to\s+hospital|(?:arrived|showed\s+up)\s+at\s+(?:a|the|an)\s+(?:local\s+|"
    rf"area\s+)?hospital)\s+)*(?:with|for|suffered|suffers|suffering(?:\s+from)?|sustained|"
    rf"sustaining|received|receiving)\s+(?P<mods>(?:(?:an?|the|his|her|their|one|two|three|"
    rf"multiple|several|apparent|possible|serious|critical|minor|non[\s-]?life[\s-]threatening|"
    rf"life[\s-]threatening|single|fatal|graze|arm|leg|head|hand|foot|non-fatal)\s+)*)"
    rf"(?:(?P<gun>gunshot|gun\s+shot|bullet|stab)\s+(?:wounds?|injury|injuries)|"
    rf"(?P<inj>wounds?|injury|injuries))\b",
    re.I,
)
# Mods that make bare "injuries" a casualty ("minor injuries", "an arm injury").
_SEVERITY = re.compile(r"threatening|serious|critical|minor|arm|leg|head|hand|foot|non-fatal|graze",
                       re.I)
# "two men were shot, one fatally": the fatally hit among those shot.
_FATALLY = re.compile(
    r"\b(?P<count>one|two|three|four|five|six|\d{1,2})\s+(?:of\s+(?:them|whom)\s+)?"
    r"(?:(?:was|were)\s+)?(?:fatally|mortally)\b(?!\s+(?:shot|wounded|injured|stabbed)\b)",
    re.I,
)
# "the murder of two missionaries", "the kidnapping of 12 peasants".
_NOMINAL = re.compile(
    rf"\b(?:(?P<k>murders?|assassinations?|killings?|massacre|deaths|slayings?)|(?P<h>kidnappings?|"
    rf"abductions?))\s+of\s+(?:the\s+)?(?P<count>{COUNT})(?P<noun>(?:\s+{_NOUN_WORD}){{0,3}})"
    rf"(?P<more>(?:(?:\s*,\s*|\s+)(?:and\s+)?(?:{COUNT}|a|an)\b(?:\s+{_NOUN_WORD}){{0,3}})*)",
    re.I,
)
# "Todd Ray Wilson, 20, and Jeffrey Ball were murdered": an enumeration of named victims.
_NAME = r"[A-Z][\w'-]+(?:\s+(?:[A-Z][\w'.-]*|of|de|del|la))*?" \
    r"(?:,\s*(?:age\s+)?\d{1,3}(?:\s+years?\s+old)?,?)?"
_NAMED = re.compile(
    rf"(?<![\w'-])(?P<names>{_NAME}(?:\s*,\s*{_NAME})*,?\s+(?:AND|and)\s+{_NAME})\s+"
    rf"(?i:(?:were|have\s+been|had\s+been)\s+(?:(?:both|all|reportedly)\s+)?)"
    rf"(?i:(?P<k>{_KILLED})|(?P<i>{_INJURED})|(?P<h>{_KIDNAPPED}))\b",
)
# "he died at the hospital", "she succumbed to her injuries": one victim who died.
_DIED = re.compile(
    r"\b(?:(?:he|she|the\s+victim|and)\s+(?:later\s+|eventually\s+|then\s+|subsequently\s+)?"
    r"died|succumbed\s+to\s+(?:his|her|their)\s+(?:injuries|wounds)|passed\s+away|"
    r"died\s+(?:at|in|from|of)\s+(?:the\s+|a\s+|an\s+|his\s+|her\s+)?(?:local\s+|area\s+)?"
    r"(?:hospital|scene|injuries|wounds|gunshot))\b",
    re.I,
)
# "a shooting sent one man to the hospital", "left a man wounded in the leg".
_SENT = re.compile(
    rf"\b(?:(?P<s>sent)\s+(?:(?P<count>{COUNT})|(?P<one>an?))(?P<noun>(?:\s+{_NOUN_WORD}){{0,3}}?)\s+"
    rf"to\s+(?:the|a|an)\s+(?:[\w-]+\s+)?hospitals?|left\s+(?P<one2>an?)(?P<noun2>(?:\s+"
    rf"{_NOUN_WORD}){{1,3}}?)\s+(?:(?:critically|seriously|badly)\s+)?(?:(?P<k>dead)|"
    rf"(?P<i>wounded|injured|hurt)))\b",
    re.I,
)
# Capitalised words that start a sentence but name nobody hit.
_NOT_NAMES = frozenset(
    ["police", "it", "this", "that", "there", "what", "nobody", "no", "everyone", "officials",
     "authorities", "investigators", "nothing", "who", "which", "one", "a", "an", "the"]
)
# What may follow a number that counts no people: ages, clock times ("22-year-old", "10:48").
_NOT_A_COUNT = re.compile(
    r"(?:-|\s)?(?:years?|yrs?)\b|-year|\s*[ap]\.?m\b|:\d|\s*percent|\s+block\b|\s+(?:north|"
    r"south|east|west|[nsew]\.?)\s|\s*(?:st|nd|rd|th)\b", re.I)
# Nouns after a count that count no people ("shot several times", "fired 12 rounds").
_NOT_PEOPLE = frozenset(
    ["times", "time", "rounds", "round", "shots", "shot", "bullets", "days", "hours", "years",
     "months", "weeks", "minutes", "a.m.", "p.m.", "cars", "vehicles", "homes", "houses"]
)
# "..., a magistrate, was assassinated": a singular verb says one person, whoever the subject.
_WAS = re.compile(
    r"\b(?:was|has\s+been|had\s+been)\s+(?P<adv>(?:(?:brutally|reportedly|allegedly|also|later|"
    r"apparently|subsequently|then|instantly|fatally|critically|seriously|slightly)\s+)*)"
    r"(?:(?P<k>assassinated|murdered|killed|found\s+dead|found\s+murdered|shot\s+to\s+death|"
    r"shot\s+dead|shot\s+and\s+killed|executed|slain|gunned\s+down|beheaded|stabbed\s+to\s+"
    r"death)|(?P<i>wounded|injured|hurt|shot\s+and\s+wounded)|(?P<s>shot|stabbed)(?!\s+at\b)|"
    r"(?P<h>kidnapped|abducted|taken\s+hostage))\b",
    re.I,
)
# "the murder of Senator X", "X's assassination": one victim, when the object is not plural.
_NOMINAL_ONE = re.compile(
    r"\b(?:(?P<k>murder|assassination|killing|slaying)|(?P<h>kidnapping|abduction))\s+"
    r"(?:[\w-]+\s+){0,2}?of\s+(?P<obj>(?:[\w.'-]+\s+){0,4}?[\w.'-]+)"
    r"(?=\s*[,.;:(\[\"]|\s+(?:in|on|at|by|and|who|which|that|last|this|yesterday|today|near|"
    r"was|has|had|is|were|for|from|during|outside|inside|while|after|before|when|as)\b|\s*$)"
    r"|\b(?P<poss>[\w-]+)'s\s+(?:(?P<k2>murder|assassination|killing|slaying)|(?P<h2>kidnapping|"
    r"abduction))\b",
    re.I,
)
_NOT_ONE = frozenset(
    ["these", "those", "several", "many", "some", "all", "dozens", "hundreds", "thousands",
     "various", "numerous", "both", "their", "our", "at", "more", "scores", "civilians", "people",
     "today", "yesterday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
     "sunday", "year", "week", "month", "country", "nation", "city", "government", "state",
     "world", "army", "police", "last", "this", "that"]
)
_ZERO = re.compile(
    r"\b(?:(?:no\s+one|nobody|none|no\s+(?:people|persons?|one\s+else|other\s+injuries)|"
    r"neither\s+[\w-]+|none\s+of\s+the\s+[\w-]+)\s+(?:(?:was|were|has\s+been|had\s+been|is|"
    r"appeared\s+to\s+be|appears\s+to\s+be)\s+)?(?:(?:reported|believed|seriously|immediately|"
    r"to|be|been|thought)\s+)*"
    r"(?:(?P<k>killed|dead)|(?P<i>hurt|injured|wounded|hit|struck|shot))|(?P<both>no\s+"
    r"(?:casualties|victims)|without\s+(?:causing\s+)?(?:any\s+)?casualties|caused\s+no\s+"
    r"casualties)|no\s+(?:(?P<i2>injuries|injured)|(?P<k2>deaths|fatalities|dead)))\b",
    re.I,
)
_NEGATED = re.compile(r"\b(?:no|neither|nor|nobody|none(?:\s+of\s+the)?)(?:\s+[\w-]+)?\s*$",
                      re.I)
_ANOTHER = re.compile(r"\b(?:also|another|second|other|too)\b", re.I)
_UPDATE_WORDS = re.compile(r"\b(?:rose|risen|climbed|increased|jumped|grew|went\s+up|now)\b",
                           re.I)


@dataclass(frozen=True)
class CountHit:
    """One casualty figure found in text, with whom it counts.

    `shot` marks people said to be shot or stabbed without saying whether they lived: they are
    the killed and the injured together. `update` marks a running total ("the death toll rose
    to 19"): the latest one in an article wins over the figures before it.
    """

    role: Role
    count: Count
    noun: str  # who is counted, as written ("policemen", "people"), may be empty
    shot: bool = False
    update: bool = False


def _role(m: re.Match[str]) -> Role:
    for key, role in _ROLE_OF.items():
        if m.groupdict().get(key):
            return role  # type: ignore[return-value]
    return "killed"


def _is_shot(m: re.Match[str]) -> bool:
    """Whether the verb only says the people were hit ("shot", "stabbed"), not the outcome."""
    if m.groupdict().get("s"):
        return True
    verb = (m.groupdict().get("i") or "").lower()
    return verb in ("shot", "stabbed")


def _is_attacker(noun: str) -> bool:
    return any(w.strip(".,()") in ATTACKER_NOUNS for w in noun.lower().split())


def _span(text: str, start: int, end: int) -> Span:
    return Span(start=start, end=end, text=text[start:end])


def _enumeration(first: str, more: str) -> tuple[int, Qualifier, int | None] | None:
    """Add up "two policemen and a civilian": the first count plus each further member."""
    parsed = parse_count(first)
    if parsed is None:
        return None
    value, qualifier, _ = parsed
    if not more.strip():
        return parsed
    rest = re.sub(r"^(?:and\s+)", "", more.strip(" ,"), flags=re.I)
    for part in re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+", rest, flags=re.I):
        part = part.strip()
        if not part:
            continue
        head = part.split()[0].lower()
        if head in ("a", "an", "his", "her", "their"):
            value += 1
            continue
        m = re.match(rf"({COUNT})\b", part, re.I)
        sub = parse_count(m.group(1)) if m else None
        if sub is None:
            return parsed  # not an enumeration of counts after all
        value += sub[0]
    return value, (Qualifier.EXACT if qualifier is Qualifier.RANGE else qualifier), None


def _named_victims(names: str) -> int:
    """Return how many people an enumeration of names lists ("A, 20, B and C" = 3)."""
    cleaned = re.sub(r",\s*(?:age\s+)?\d{1,3}(?:\s+years?\s+old)?,?", ",", names, flags=re.I)
    parts = [p for p in re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+", cleaned, flags=re.I)
             if p.strip()]
    return len(parts)


def _search(pattern: re.Pattern[str], seg: str,
            ok: Callable[[re.Match[str]], bool]) -> Iterator[re.Match[str]]:
    """Yield the matches of `pattern` that `ok` accepts; a refused match is retried one
    character on, so that "the 4400 block, 3 men were shot" still finds "3 men were shot"."""
    pos = 0
    while pos <= len(seg):
        m = pattern.search(seg, pos)
        if m is None:
            return
        if ok(m):
            yield m
            pos = max(m.end(), pos + 1)
        else:
            pos = m.start() + 1


def find_counts(text: str, start: int = 0, end: int | None = None) -> list[CountHit]:
    """Return the casualty figures written in `text[start:end]`, in text order.

    Spans are offsets into `text`. Overlapping phrases keep the first, longest reading.
    """
    end = len(text) if end is None else end
    seg = text[start:end]
    hits: list[tuple[int, int, CountHit]] = []

    def counts_people(m: re.Match[str]) -> bool:
        if not m.groupdict().get("count"):
            return True
        if re.fullmatch(r"(?:1[89]|20)\d\d", m.group("count")):
            return False  # a year ("since 1985, ..."), not a count
        return not _NOT_A_COUNT.match(seg, m.end("count"))

    def add(s: int, e: int, role: Role, parsed: tuple[int, Qualifier, int | None] | None,
            noun: str, *, shot: bool = False, update: bool = False) -> None:
        if parsed is None:
            return
        if any(not (e <= hs or s >= he) for hs, he, _ in hits):
            return
        value, qualifier, high = parsed
        if value > 0 and _NEGATED.search(seg, max(0, s - 30), s):
            return  # "neither officer was wounded", "no one hurt"
        words = noun.lower().split()
        if words and words[0] in _NOT_PEOPLE:
            return
        if role == "killed" and _is_attacker(noun):
            role = "perpetrators_killed"
        count = Count(value=value, qualifier=qualifier, high=high,
                      evidence=_span(text, start + s, start + e))
        if shot and _ANOTHER.search(seg, s, e):
            shot = False  # "another man was also shot": not the one who died
        hits.append((s, e, CountHit(role=role, count=count, noun=noun.strip(), shot=shot,
                                    update=update)))

    one: tuple[int, Qualifier, int | None] = (1, Qualifier.EXACT, None)
    zero: tuple[int, Qualifier, int | None] = (0, Qualifier.EXACT, None)
    for m in _ZERO.finditer(seg):
        if m.group("both"):
            add(m.start(), m.end(), "killed", zero, "")
            hits.append((m.end(), m.end(), CountHit(
                role="injured", count=Count(value=0, evidence=_span(
                    text, start + m.start(), start + m.end())), noun="")))
        elif m.group("k") or m.group("k2"):
            add(m.start(), m.end(), "killed", zero, "")
        else:
            add(m.start(), m.end(), "injured", zero, "")
    for pattern in (_TOLL, _TOLL_LONG):
        for m in _search(pattern, seg, counts_people):
            add(m.start(), m.end(), "killed", parse_count(m.group("count")), "",
                update=_UPDATE_WORDS.search(m.group()) is not None)
    for m in _search(_FATALLY, seg, counts_people):
        add(m.start(), m.end(), "killed", parse_count(m.group("count")), "")
    for m in _NAMED.finditer(seg):
        n = _named_victims(m.group("names"))
        if n >= 2:
            add(m.start(), m.end(), _role(m), (n, Qualifier.EXACT, None), "", shot=_is_shot(m))
    for m in _search(_WOUND, seg, counts_people):
        if m.group("inj") and not _SEVERITY.search(m.group("mods") or ""):
            continue  # "with injuries" alone may be anyone's, even a car's
        if m.group("name") and m.group("name").split()[0].lower() in _NOT_NAMES:
            continue
        fatal = "fatal" in (m.group("mods") or "").lower().replace("non-fatal", "")
        parsed = parse_count(m.group("count")) if m.group("count") else one
        add(m.start(), m.end(), "killed" if fatal else "injured", parsed,
            m.group("noun") or m.group("one") or "", shot=not fatal and not m.group("inj"))
    for m in _search(_PASSIVE, seg, counts_people):
        count_text = m.group("count")
        if re.fullmatch(r"(?:some|about|over|around)", count_text.strip(), re.I):
            continue
        if not m.group("aux").strip() and _NOT_AFTER_BARE_VERB.match(seg, m.end()):
            continue  # "two men shot the clerk": the men are the shooters
        add(m.start(), m.end(), _role(m), _enumeration(count_text, m.group("more") or ""),
            m.group("noun") + " " + (m.group("more") or "") + (m.group("tail") or ""),
            shot=_is_shot(m))
    for m in _search(_NOMINAL, seg, counts_people):
        add(m.start(), m.end(), "kidnapped" if m.group("h") else "killed",
            _enumeration(m.group("count"), m.group("more") or ""),
            m.group("noun") + " " + (m.group("more") or ""))
    for m in _search(_ACTIVE, seg, counts_people):
        role = _role(m)
        after = (m.group("after") or "").strip().lower()
        if m.group("k") and m.group("k").lower() in ("left", "leaving"):
            if not after:
                continue
            role = "killed" if after == "dead" else "injured" if after in (
                "injured", "wounded") else "kidnapped"
        elif m.group("s") and after == "dead":
            role = "killed"
        add(m.start(), m.end(), role, _enumeration(m.group("count"), m.group("more") or ""),
            m.group("noun") + " " + (m.group("more") or ""), shot=_is_shot(m) and role == "injured")
    for m in _search(_SENT, seg, counts_people):
        parsed = parse_count(m.group("count")) if m.group("count") else one
        add(m.start(), m.end(), _role(m), parsed, m.group("noun") or m.group("noun2") or "",
            shot=bool(m.group("s")))
    for m in _DIED.finditer(seg):
        add(m.start(), m.end(), "killed", one, "")
    for m in _SINGLE.finditer(seg):
        if m.group("name") and m.group("name").split()[0].lower() in _NOT_NAMES:
            continue
        noun = m.group("noun") or m.group("pron") or m.group("def") or ""
        add(m.start(), m.end(), _role(m), one, noun, shot=_is_shot(m))
    for m in _ACTIVE_ONE.finditer(seg):
        who = m.group("one").lower()
        if who.split()[-1] in ("few", "dozen", "number", "total", "couple", "lot", "round",
                               "shot", "bullet", "gun", "video", "photo", "car", "vehicle",
                               "house", "home"):
            continue
        role = _role(m)
        if m.group("s") and re.match(r"\s+dead\b", seg[m.end():], re.I):
            role = "killed"
        add(m.start(), m.end(), role, one, who, shot=_is_shot(m) and role == "injured")
    for m in _WAS.finditer(seg):
        role = _role(m)
        if m.group("s") and "fatally" in (m.group("adv") or "").lower():
            role = "killed"
        add(m.start(), m.end(), role, one, "", shot=bool(m.group("s")) and role == "injured")
    for m in _NOMINAL_ONE.finditer(seg):
        words = [w.strip(".'-") for w in (m.group("obj") or m.group("poss") or "").lower().split()]
        if not words or words[0] in _NOT_ONE or words[-1] in _NOT_ONE:
            continue
        if m.group("obj") and ((words[-1].endswith("s") and not words[-1].endswith("ss"))
                               or parse_count(words[0]) is not None
                               or words[0] in VAGUE):
            continue  # "the murder of the Jesuits": plural, counted elsewhere if at all
        add(m.start(), m.end(), "kidnapped" if m.group("h") or m.group("h2") else "killed", one,
            "")
    hits.sort(key=lambda h: h[0])
    return [h for _, _, h in hits]


# --- one figure per incident -----------------------------------------------------------------


def _head(noun: str) -> str:
    """Return the head of a counted noun phrase, singular ("two of the policemen" -> policeman)."""
    words = re.findall(r"[a-z]+", noun.lower())
    if "of" in words:
        i = words.index("of")
        words = words[i + 1:] if i == 0 or words[0] in ("one", "two", "three") else words[:i]
    words = [w for w in words if w not in ("and", "a", "an", "the", "other", "more", "year",
                                           "old")]
    if not words:
        return ""
    head = words[-1]
    if head in GENERIC_HEADS:
        return ""
    if head.endswith("men"):
        return head[:-3] + "man"
    if head.endswith("ies") and len(head) > 4:
        return head[:-3] + "y"
    if head.endswith("s") and not head.endswith("ss") and len(head) > 3:
        return head[:-1]
    return head


def _combine(hits: list[CountHit]) -> Count | None:
    """Return one figure for hits of one role: groups of different people add up.

    Hits that name who was hit differently ("two soldiers were killed ... three civilians were
    also killed") count different people and are added; hits with a generic or the same noun
    ("five people died", "the soldiers") may restate one another and count once (the largest).
    The larger of the sum and the largest generic figure wins. A running total ("the toll rose
    to 19") overrides the rest: the last one in the text is the latest figure.
    """
    # A figure of 10,000 or more is a war's toll ("over 70,000 dead since 1980"), not one
    # incident's.
    hits = [h for h in hits if h.count.value < WAR_TOLL]
    if not hits:
        return None
    updates = [h for h in hits if h.update]
    if updates:
        return updates[-1].count
    generic: Count | None = None
    by_head: dict[str, Count] = {}
    for h in hits:
        head = _head(h.noun)
        evidence = h.count.evidence.text.lower() if h.count.evidence else ""
        if h.count.value == 1 and not _ANOTHER.search(evidence):
            head = ""  # "a man was shot ... one of his employees was shot": the same person
        if not head:
            if generic is None or h.count.value > generic.value:
                generic = h.count
        elif head not in by_head or h.count.value > by_head[head].value:
            by_head[head] = h.count
    if not by_head:
        return generic
    parts = list(by_head.values())
    if len(parts) == 1:
        total = parts[0]
    else:
        biggest = max(parts, key=lambda c: c.value)
        qualifier = Qualifier.AT_LEAST if any(
            c.qualifier in (Qualifier.AT_LEAST, Qualifier.RANGE) for c in parts
        ) else Qualifier.EXACT
        if all(c.qualifier is Qualifier.ABOUT for c in parts):
            qualifier = Qualifier.ABOUT
        total = Count(value=sum(c.value for c in parts), qualifier=qualifier,
                      evidence=biggest.evidence)
    if generic is not None and generic.value >= total.value:
        return generic
    return total


def _add(a: Count | None, b: Count | None) -> Count | None:
    if a is None or b is None or b.value == 0:
        return a if a is not None else b
    if a.value == 0:
        return b
    qualifier = a.qualifier if a.qualifier is b.qualifier else Qualifier.AT_LEAST
    if Qualifier.RANGE in (a.qualifier, b.qualifier):
        qualifier = Qualifier.AT_LEAST
    return Count(value=a.value + b.value, qualifier=qualifier, evidence=a.evidence)


def best_count(hits: list[CountHit], role: str, *,
               include_perpetrators: bool = True) -> Count | None:
    """Return the figure for `role` among the hits of one incident, or None.

    - killed: the victims killed plus, with `include_perpetrators` (the GTD and Gun Violence
      Archive convention: a fatality count covers attackers who died), the attackers killed.
    - injured: the figures said to be wounded or injured; where the text only says people
      were shot (or stabbed), those shot less those killed ("two men were shot, one fatally"
      = 1 injured; "a man was shot ... he died" = 0).
    Within a role, groups of different people add up and a running total overrides (see
    `_combine`). An explicit zero ("no one was hurt") stands only when no figure says more.
    """
    if role == "killed":
        victims = _combine([h for h in hits if h.role == "killed"])
        if not include_perpetrators:
            return victims
        return _add(victims, _combine([h for h in hits if h.role == "perpetrators_killed"]))
    if role != "injured":
        return _combine([h for h in hits if h.role == role])
    explicit = _combine([h for h in hits if h.role == "injured" and not h.shot])
    shot = _combine([h for h in hits if h.role == "injured" and h.shot])
    if shot is None or (explicit is not None and explicit.value > 0):
        return explicit
    killed = best_count(hits, "killed", include_perpetrators=include_perpetrators)
    dead = killed.value if killed is not None else 0
    if dead == 0:
        return shot
    value = max(shot.value - dead, 0)
    qualifier = shot.qualifier if shot.qualifier is not Qualifier.RANGE else Qualifier.ABOUT
    return Count(value=value, qualifier=qualifier if value else Qualifier.EXACT,
                 evidence=shot.evidence)
