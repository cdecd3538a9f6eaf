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
- years ("in 1985, ..."), ages ("22-year-old"), clock times, street numbers, dates ("11
  NOVEMBER") and photo-gallery counters ("1 / 13") are no counts; a count after "no" /
  "neither" is none ("neither officer was wounded" = 0).
- threats, plans and hypotheses count nobody ("threatened to kill 10 judges", "if one were
  killed", "a few priests had to be killed"); nor do things seized ("seizing 22 rifles").
- a subset restates its group ("eight people, six of them Jesuits" = 8); a list before "and
  N others" adds its members ("Gacha, his son, and 15 others were killed" = 17).
- gunfire that hits someone is "shot": "struck by gunfire", "a bullet grazed her", "firing
  once and striking her in the leg" (not a rock or a bat; not "a home was struck"); a victim
  "in stable condition" or "treated for injuries believed to be non-life threatening" is
  injured; "was grazed and survived" is injured whoever else died.
- injured = the larger of the explicit injured and those shot less those killed.
- "two bodies were found" counts two killed; "the murder of a member of the unions" is one;
  "killed a policeman and two civilians" = 3; "one of the three leaders" = 1; an aside in
  parentheses does not break an enumeration ("six Jesuits (five Spaniards and one
  Salvadoran) and two women" = 8); "over 3 months ago" adds nobody.
- upper-case wire text: "was killed ..., along with two of his bodyguards" = 3; "a reporter was
  killed ... a technician was also killed" = 2; "the death of six Jesuits and their two maids"
  = 8; "Ambassador X and two other officials are held hostage" = 3; "kidnapped Jaramillo, the
  bishop, and his assistant" = 2; a translator's "[...]" aside does not break a noun phrase;
  "several armed men kidnapped Jaramillo" counts the kidnappers, not hostages; "the terrorist
  was killed", "a paid assassin was killed" are attackers; "the killing of several comrades
  three months ago" is a past event and counts nobody.
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
    r"(?:(?:were|was|have|has|had|been|are|is|be|being|reportedly|also|later|all|both|could|may|"
    r"might|must|"
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
    r"them|after|before|when|where|whose|whom|while|as|by|for|with|said|told|says|a\.m|p\.m|"
    r"am|pm|percent|per|into|onto|got|went|came|began|started|opened|fired|argued)\b)(?:[a-z](?:[\w'-]|\.(?=\w))*|\d+-year-old|\([\w.-]+\)|\[[^\]]{1,80}\])(?![\w'-])"
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
        "perpetrators", "perpetrator", "assassin", "assassins", "hitman", "hitmen", "sicario",
        "sicarios"
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
# Who may act rather than suffer: with no auxiliary and an object after the verb, "several
# armed men kidnapped Jaramillo" names the kidnappers (upper-case text hides the object's
# capital; "three guerrillas killed in a clash" keeps its preposition).
_ACTING = ATTACKER_NOUNS | {"men", "man", "individuals", "commandos", "militiamen", "squads",
                            "soldiers", "troops", "policemen", "agents"}
_OBJECT_AFTER = re.compile(
    r"\s+(?!(?:in|on|at|near|during|by|when|after|before|while|as|and|or|but|yesterday|today|"
    r"tonight|last|this|early|late|overnight|with|for|from|over|since|inside|outside|along|"
    r"together|instantly|immediately|there|here|when|because|following|monday|tuesday|"
    r"wednesday|thursday|friday|saturday|sunday|dead|alive)\b)[a-z]", re.I)
_NOT_AFTER_BARE_VERB = re.compile(
    r"\s+(?:the|a|an|his|her|their|its|him|them|me|us|[a-z]+ing|had|has|was|went|hit|struck|"
    r"rang|came|landed|that|which|through|into|fired)\b", re.I
)

_PASSIVE = re.compile(
    rf"(?<![:$/])\b(?P<count>{COUNT})(?P<noun>{_NOUNS})(?P<more>(?:(?:\s*,\s*|\s+)(?:and\s+)?"
    rf"(?:{COUNT}|a|an)\b{_NOUNS})*)(?P<tail>{_LONG_NOUNS}(?:,\s+including\s+[^,.;]{{1,60}},|"
    rf"\s+who\s+(?:worked|lived|were\s+travel(?:l)?ing|were\s+riding|were\s+inside)"
    rf"(?:\s+[\w'-]+){{0,4}}?)?)"
    rf"\s+(?P<aux>{_AUX})(?:(?P<k>{_KILLED})|(?P<i>{_INJURED})|"
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
    r"\b(?:(?P<k>killing|killed|murdered|murdering|shot\s+and\s+killed|shooting\s+and\s+killing|"
    r"fatally\s+shot|fatally\s+wounded|fatally\s+stabbed)|(?P<i>wounding|injuring|wounded|"
    r"injured|shot\s+and\s+wounded|shot\s+and\s+injured|pistol[\s-]whipp(?:ed|ing))|"
    r"(?P<s>shot|shooting|stabbed|stabbing)|(?P<h>kidnapping|kidnapped|abducting|abducted))\s+"
    r"(?P<one>(?:his|her|their)\s+(?!own\b)[a-z0-9][\w-]*|him(?:self)?|her(?:self)?|"
    r"another\s+(?:person|man|woman|victim|individual|boy|girl|teen|teenager|officer)|"
    r"an?\s+[a-z][\w-]*(?:\s+[a-z][\w-]*)?|(?-i:[A-Z][a-z'-]+(?:\s+[A-Z][a-z'-]+){1,3})|"
    # "kidnapped the mayor", "killed the bishop": one person named by a singular title.
    r"(?P<the>the\s+(?!(?:same|other|rest|whole|entire|first|last|next)\b)[a-z][\w-]*(?<!s))"
    r"(?=\s*[,.;]|\s+(?:and|in|on|at|near|of|from|as|who|after|before|while)\b)|"
    # A one-word upper-case name before its apposition ("KIDNAPPED JARAMILLO, THE BISHOP").
    r"(?-i:(?!(?:AND|OR|THE|OF|IN|ON|AT|TO|WITH|HIM|HER|THEM)\b)[A-Z][A-Z'-]{2,})"
    r"(?=\s*,\s*(?-i:THE|AN?)\s)|"
    # An upper-case name in apposition ("KILLED ANGELA DE GUERRERO, WIFE OF ...").
    r"(?P<upper>(?-i:(?!(?:AND|OR|THE|OF|IN|ON|AT|TO|WITH)\b)[A-Z][A-Z'-]+(?:\s+(?!(?:AND|OR|THE|OF|"
    r"IN|ON|AT|TO|WITH)\b)[A-Z][A-Z'-]+){1,3})(?=\s*[,.\[])))\b",
    re.I,
)
# "a man was found with a gunshot wound", "six people were treated for gunshot wounds".
_WOUND = re.compile(
    rf"(?<![:$])\b(?:(?P<count>{COUNT})|(?P<both>both(?:\s+victims)?|the\s+two)|"
    rf"(?P<one>an?|one|he|she|{_THE_PERSON})|(?P<name>{_PERSON_NAME}))(?P<noun>{_NOUNS})"
    rf"\s+(?:(?:was|were|is|are|has|have|had|been|being|later|also|reportedly|found|"
    rf"treated|hospitali[sz]ed|(?:taken|rushed|transported|airlifted|driven)(?:\s+by\s+"
    rf"ambulance)?\s+to\s+(?:[\w.'-]+\s+){{1,5}}?(?=with\b)|to\s+(?:a|the|an)\s+(?:local\s+|"
    rf"area\s+)?hospital|to\s+hospital|(?:arrived|showed\s+up)\s+at\s+(?:a|the|an)\s+(?:local\s+|"
    rf"area\s+)?hospital)\s+)*(?:with|for|suffered|suffers|suffering(?:\s+from)?|sustained|"
    rf"sustaining|received|receiving|suffer)\s+(?P<mods>(?:(?:an?|the|his|her|their|one|two|three|"
    rf"multiple|several|apparent|possible|serious|critical|minor|non[\s-]?life[\s-]threatening|"
    rf"life[\s-]threatening|single|fatal|graze|arm|leg|head|hand|foot|non-fatal)\s+)*)"
    rf"(?:(?P<gun>gunshot|gun\s+shot|bullet|stab)\s+(?:wounds?|injury|injuries)|"
    rf"(?P<inj>wounds?|injury|injuries))\b",
    re.I,
)
# "injuries believed to be non-life threatening", "injuries that were not life-threatening".
_SEVERITY_AFTER = re.compile(
    r"\s+(?:(?:that|which)\s+(?:are|were|was|is)|believed\s+to\s+be|described\s+as|"
    r"considered|not\s+considered)\s+(?:not\s+)?(?:to\s+be\s+)?(?:non[\s-]?life[\s-]threatening|"
    r"life[\s-]threatening|minor|serious|critical)", re.I)
# Things that bullets hit without hurting anyone ("his house was struck by gunfire").
_PROPERTY_HIT = re.compile(
    r"\b(?:home|house|residence|apartment|car|vehicle|truck|building|window|windows|wall|door|"
    r"business|store|van|suv)\s+(?:(?:also|then)\s+)?$", re.I)
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
    rf"\b(?:(?P<k>murders?|assassinations?|killings?|massacre|deaths?|slayings?|bodies)|(?P<h>kidnappings?|"
    rf"abductions?))\s+of\s+(?:the\s+)?(?P<count>{COUNT})(?P<noun>(?:\s+{_NOUN_WORD}){{0,3}})"
    rf"(?P<more>(?:(?:\s*,\s*|\s+)(?:and\s+)?(?:(?:the|his|her|their)\s+)?(?:{COUNT}|a|an)\b"
    rf"(?:\s+{_NOUN_WORD}){{0,3}})*)",
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
    r"\b(?:(?:he|she|the\s+victim|and|one\s+of\s+(?:them|the\s+[\w-]+))\s+"
    r"(?:later\s+|eventually\s+|then\s+|subsequently\s+)?died|succumbed\s+to\s+(?:his|her|their)\s+(?:injuries|wounds)|passed\s+away|"
    r"died\s+(?:at|in|from|of)\s+(?:the\s+|a\s+|an\s+|his\s+|her\s+)?(?:local\s+|area\s+)?"
    r"(?:hospital|scene|injuries|wounds|gunshot))\b"
    rf"|(?P<name>{_PERSON_NAME}|(?-i:[A-Z]{{3,}}))(?:,\s+[^,.;:()\n]{{3,60}}?,)?"
    r"\s+(?:later\s+|eventually\s+|"
    r"then\s+|subsequently\s+)?died\b",
    re.I,
)
# "the minister was killed near his home, along with two of his bodyguards": one and the others.
_ALONG_WITH = re.compile(
    rf"\bwas\s+(?:\w+\s+){{0,2}}?(?:killed|murdered|assassinated|slain|shot\s+dead|"
    rf"shot\s+to\s+death|gunned\s+down)\b[^.;]{{0,100}}?,?\s+(?:along|together)\s+with\s+"
    rf"(?P<count>{COUNT})(?:\s+of)?(?:\s+(?:his|her|their|the))?(?P<noun>(?:\s+[a-z][\w'-]*)"
    rf"{{1,2}})",
    re.I,
)
# "officers found a 27-year-old man shot to death", "found a man in his seventies dead".
_FOUND = re.compile(
    rf"\bfound\s+(?:(?P<count>{COUNT})|(?P<one>an?|the))(?P<noun>{_LONG_NOUNS})\s+"
    r"(?:(?:lying|sitting|slumped)\s+(?:[\w-]+\s+){0,4}?)?"
    r"(?:dead|shot\s+(?:to\s+death|dead)|stabbed\s+to\s+death|murdered|slain|beaten\s+to\s+death)\b",
    re.I,
)
_PARENTHETICAL = re.compile(r"\([^()\n]{1,80}\)")
# "killed a policeman and two civilians": the people named after the first.
_AND_MORE = re.compile(
    rf"\s+and\s+(?P<count>{COUNT})(?P<noun>(?:\s+(?:of\s+(?:his|her|their|the)\s+)?"
    r"(?!(?:were|was|are|is|have|has|had|in|on|at|near|during|when|while)\b)[a-z][\w'-]*)"
    r"{1,3}?)\b(?=\s*[,.;:]|\s+(?:in|on|at|near|during|when|while|after|as|who|from|inside|"
    r"outside|and|with|last|this|yesterday|today)\b|\s*$)",
    re.I,
)
# "..., and his assistant, Elmer Munoz": one companion after a named victim and its apposition.
_AND_HIS = re.compile(r"(?:\s*,\s*(?:the|an?)\s+[^,.;]{1,40}?,)?\s*,?\s+and\s+(?:his|her|their)\s+"
                      r"(?!own\b)[a-z][\w-]*(?<!s)\b(?!\s+(?:was|were|is|are|had|has)\b)", re.I)
# A verb after "and two civilians" makes them the subject of a clause of their own ("killed a
# man and two others were wounded").
_NOT_AFTER_LIST = re.compile(r"\s+(?:were|was|are|is|have|has|had|also|died|survived)\b", re.I)
# "two bodies were found", "two bodies, new victims of the violence, were found today": the
# dead, as discovered (MUC wire text reports many killings only this way).
_BODIES = re.compile(
    rf"\b(?P<count>{COUNT})\s+(?:(?:more|other|mutilated|bullet-riddled|decapitated|charred|"
    r"unidentified)\s+)*bodies\b(?:\s*,[^.;:,]{1,60},)?"
    r"(?:\s+(?:were|have\s+been|had\s+been|was)\s+(?:(?:also|later|reportedly|today|yesterday|"
    r"recently)\s+)*(?:found|discovered|recovered|located)|\s+(?:turned\s+up|appeared))\b",
    re.I,
)
# "7 fatalities.", "Fatalities: 3": ACLED's notes end with the event's toll in this form.
_FATALITIES = re.compile(
    rf"(?:\b(?P<count>{COUNT})\s+(?:(?:reported|confirmed|civilian|total)\s+)?fatalit(?:y|ies)\b"
    rf"|\bfatalities\s*:\s*(?P<count2>\d[\d,]*)\b)",
    re.I,
)
# "Isidor was one of two people shot at the home": the whole group was hit.
_ONE_OF = re.compile(
    rf"\bone\s+of\s+(?:the\s+)?(?P<count>{COUNT})\s+(?P<noun>people|persons|men|women|victims|"
    r"teens|teenagers|officers|children)\s+(?:who\s+were\s+)?(?:(?P<s>shot)|(?P<i>wounded|injured)|"
    r"(?P<k>killed))\b",
    re.I,
)
# "found one man dead and another seriously wounded": one more person hurt.
_AND_ANOTHER = re.compile(
    r"\band\s+(?:another|a\s+second)\s+(?:(?:man|woman|person|victim|one)\s+)?(?:(?:was|is)\s+)?"
    r"(?:(?:seriously|critically|badly|slightly|gravely)\s+)?(?P<i>wounded|injured|hurt)\b",
    re.I,
)
# "the victim was listed in stable condition": one person alive and hurt.
_CONDITION = re.compile(
    r"\b(?:is|was|remains|remained|is\s+listed|was\s+listed|was\s+reported|is\s+reported)\s+"
    r"(?:(?:still|now|listed|currently)\s+)?in\s+(?:(?:extremely|very|critical\s+but|serious\s+but|"
    r"fair|good)\s+)?(?:critical|stable|serious|grave|guarded|fair|satisfactory)\s+condition\b",
    re.I,
)
# "a bullet grazed her face", "shrapnel hit the victim in the leg", "firing once and striking
# her in the leg": one person hit by gunfire.
_BULLET = re.compile(
    r"\b(?:(?:bullets?|rounds?|pellets|gunfire|shrapnel|shots?)\s+(?:(?:also|then)\s+)?"
    r"(?:grazed|struck|hit|wounded|pierced)|(?P<fire>striking|hitting|grazing))\s+"
    r"(?P<obj>him|her|(?:his|her)\s+(?:head|face|neck|chest|back|arm|leg|hand|foot|shoulder|"
    r"thigh|side|abdomen|stomach|hip|knee|ankle|wrist|buttocks?)|the\s+(?:victim|man|woman|boy|"
    r"girl|teen|driver|passenger)|an?\s+"
    r"(?:[\w-]+\s+)?(?:man|woman|boy|girl|teen|person))\b"
    r"(?P<where>\s+(?:in|on)\s+the\b)?",
    re.I,
)
_FIRE_CONTEXT = re.compile(r"\b(?:fir(?:ed|ing)|shots?|shooting|bullets?|gun(?:fire)?|rounds?)\b",
                           re.I)
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
    r"south|east|west|[nsew]\.?)\s|\s*(?:st|nd|rd|th)\b|\s+(?:jan(?:uary)?|feb(?:ruary)?|"
    r"mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|"
    r"nov(?:ember)?|dec(?:ember)?)\b\.?", re.I)
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
    r"pronounced\s+dead|"
    r"shot\s+dead|shot\s+and\s+killed|executed|slain|gunned\s+down|beheaded|stabbed\s+to\s+"
    r"death)|(?P<i>wounded|injured|hurt|shot\s+and\s+wounded|pistol[\s-]whipped)|"
    r"(?P<s>shot|stabbed|grazed|(?:struck|hit)(?=\s+(?:by\s+(?:gunfire|(?:a\s+|stray\s+|a\s+"
    r"stray\s+)?(?:bullets?|rounds?|shotgun\s+pellets|pellets|shrapnel))|in\s+the\s+[\w-]+(?![\w-])"
    r"(?:\s+(?!(?:with|by)\b)[\w-]+(?![\w-]))?(?!\s+(?:with|by)\s+(?:a|an|the)\s+(?:[\w-]+\s+)?(?:rock|bat|brick|bottle|"
    r"hammer|car|vehicle|truck|pipe|knife|stick|fist))|"
    r"(?:multiple|several|two|three|\d+)\s+times|once|twice)))(?!\s+at\b)|"
    r"(?P<h>kidnapped|abducted|taken\s+hostage))\b",
    re.I,
)
# "the murder of Senator X", "X's assassination": one victim, when the object is not plural.
_NOMINAL_ONE = re.compile(
    r"\b(?:(?P<k>murder|assassination|killing|slaying|(?<=shooting\s)death|(?<=stabbing\s)death|"
    r"(?<=in\sthe\s)death)|(?P<h>kidnapping|abduction))\s+"
    r"(?:[\w-]+\s+){0,2}?of\s+(?P<obj>(?:[\w.'-]+\s+){0,6}?[\w.'-]+)"
    r"(?=\s*[,.;:(\[\"]|\s+(?:in|on|at|by|and|who|which|that|last|this|yesterday|today|near|"
    r"was|has|had|have|is|were|for|from|during|outside|inside|while|after|before|when|as)\b|"
    r"\s*$)"
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
    r"(?:(?:reported|known|immediate)\s+)?(?:casualties|victims)|without\s+(?:causing\s+)?(?:any\s+)?casualties|caused\s+no\s+"
    r"casualties)|no\s+(?:(?P<i2>injuries|injured)|(?P<k2>deaths|fatalities|dead)))\b",
    re.I,
)
_NEGATED = re.compile(r"\b(?:no|neither|nor|nobody|none(?:\s+of\s+the)?)(?:\s+[\w-]+)?\s*$",
                      re.I)
# "was also killed": one more victim than those counted before.
_ALSO_ONE = re.compile(r"\b(?:was|has\s+been|had\s+been)\s+also\s+", re.I)
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


# A past event named after a nominal ("the killing of several comrades three months ago").
_AGO = re.compile(r"[^.;]{0,40}?\b(?:days|weeks|months|years)\s+ago\b", re.I)
# The last words before "was killed": "the terrorist", "a paid assassin".
_SUBJECT_BEFORE = re.compile(r"((?:[\w'-]+\s+){0,2}[\w'-]+)\s+$")


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
        if re.match(r"[\w-]+\s+of(?:\s+(?:them|whom|those|these)\b|\s*$)", part, re.I):
            continue  # "eight people, six of them Jesuits": a subset, not more people
        part = re.sub(r"^the\s+", "", part, flags=re.I)
        if re.match(rf"(?:his|her|their)\s+{COUNT}\b", part, re.I):
            part = part.split(None, 1)[1]  # "and their two maids": the count that follows
        head = part.split()[0].lower()
        if head in ("a", "an", "his", "her", "their"):
            value += 1
            continue
        m = re.match(rf"({COUNT})\b", part, re.I)
        sub = parse_count(m.group(1)) if m else None
        if sub is None or m is None:
            return parsed  # not an enumeration of counts after all
        after = part[m.end():].split()
        if _NOT_A_COUNT.match(part, m.end()) or (after and after[0].lower() in _NOT_PEOPLE):
            return parsed  # "several of his comrades over 3 months ago": a time, not people
        value += sub[0]
    return value, (Qualifier.EXACT if qualifier is Qualifier.RANGE else qualifier), None


def _name_parts(names: str) -> list[str]:
    """Split an enumeration of names, ages left out ("A, 20, B and C" -> A, B, C)."""
    cleaned = re.sub(r",\s*(?:age\s+)?\d{1,3}(?:\s+years?\s+old)?,?", ",", names, flags=re.I)
    return [p.strip() for p in re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+", cleaned, flags=re.I)
            if p.strip()]


def _named_victims(names: str) -> int:
    """Return how many people an enumeration of names lists ("A, 20, B and C" = 3)."""
    return len(_name_parts(names))


# Words that never name a person who died ("WHO DIED", "ALSO DIED" in upper-case wire text).
_NOT_DIED_NAMES = frozenset(
    ["who", "also", "that", "which", "people", "persons", "others", "and", "have", "has", "had",
     "they", "soldiers", "civilians", "victims", "men", "women", "children", "many", "some",
     "both", "all", "later", "then", "one", "two", "three", "nobody", "none", "reportedly"]
)
# Upper-case words that end a run of "names" ("KG OF DYNAMITE WAS EXPLODED AGAINST ...").
_NAME_STOP = re.compile(r"\b(?:WAS|WERE|THE|A|AN|IN|ON|AT|TO|BY|FROM|WITH|FOR|AGAINST|THAT|"
                        r"WHICH|WHO|HAS|HAVE|HAD|IS|ARE)\b")
# A verb of killing after these says what someone threatened or feared, not what happened
# ("threatened to kill 10 judges", "it would be worse if one were killed").
_UNREAL = re.compile(r"\b(?:to|if|would|will|could|should|might)\s+(?:[\w-]+\s+)?$", re.I)
_MODAL_BE = re.compile(r"\b(?:had|have|has|were|was|is|are|going|wants?|wanted)\s+to\s+be\b", re.I)
_HYPOTHETICAL = re.compile(r"\b(?:if|unless|would|lest)\s+$", re.I)
# "Rodriguez Gacha, his son, and 15 others were killed": the people listed before the count.
_LISTED_BEFORE = re.compile(r"((?:[\w.'-]+(?:\s+[\w.'-]+){0,3}\s*,\s*){1,4})(?:and\s+)?$", re.I)


_CLAUSE_VERB = re.compile(r"\b(?:was|were|is|are|has|have|had|been|killed|wounded|injured|"
                          r"died|hurt|shot|kidnapped|abducted)\b", re.I)


_TOLL_WORD = re.compile(r"\b(?:dead|left|leaving|killed|injured|wounded|hurt|died)\b", re.I)


def _listed_before(seg: str, start: int, noun: str) -> int:
    """Return how many people a list before "and N others" names ("A, his son, and 15 others";
    "Ambassador Jesus Fernandez and two other officials")."""
    if not re.match(r"\s*other(?:s|\s+[a-z]+)\b", noun, re.I):
        return 0
    before = seg[max(0, start - 120):start]
    if not re.search(r",?\s*and\s+$", before, re.I):
        return 0
    before = re.sub(r",?\s*and\s+$", ",", before, flags=re.I)
    clause = re.split(r"[.;:]|\b(?:said|says|that)\b", before)[-1]
    items = [p.strip() for p in clause.split(",")[:-1]]
    n = 0
    for item in reversed(items):
        words = item.split()
        if not words or len(words) > 6 or _CLAUSE_VERB.search(item) or _TOLL_WORD.search(item):
            break  # "three officers were killed and five others": a clause, not a name
        n += 1
    return min(n, 4)


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
    # An aside in parentheses breaks up the phrase around it ("six Jesuits (five Spaniards and
    # one Salvadoran) and two women were killed"): blank it out, keeping every offset.
    seg = _PARENTHETICAL.sub(lambda p: " " * len(p.group()), text[start:end])
    hits: list[tuple[int, int, CountHit]] = []

    def counts_people(m: re.Match[str]) -> bool:
        if not m.groupdict().get("count"):
            return True
        if re.fullmatch(r"(?:1[89]|20)\d\d", m.group("count")):
            return False  # a year ("since 1985, ..."), not a count
        if re.search(r"/\s*$", seg[max(0, m.start("count") - 3):m.start("count")]):
            return False  # "1 / 13": a photo gallery's counter
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
        if shot and re.match(r"[^.;]{0,40}?\b(?:survived|is\s+expected\s+to\s+survive)\b",
                             seg[e:e + 60], re.I):
            shot = False  # "was grazed and survived": hurt, not among the dead
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
    # First: its span holds the hit of the one killed, which would take its place.
    for m in _search(_ALONG_WITH, seg, counts_people):
        others = parse_count(m.group("count"))
        words = m.group("noun").lower().split()
        if others is not None and words and words[0] not in _NOT_PEOPLE:
            add(m.start(), m.end(), "killed", (1 + others[0], Qualifier.EXACT, None), "")
    for pattern in (_TOLL, _TOLL_LONG):
        for m in _search(pattern, seg, counts_people):
            add(m.start(), m.end(), "killed", parse_count(m.group("count")), "",
                update=_UPDATE_WORDS.search(m.group()) is not None)
    for m in _search(_FATALLY, seg, counts_people):
        add(m.start(), m.end(), "killed", parse_count(m.group("count")), "")
    for m in _NAMED.finditer(seg):
        if m.group("names").isupper() and _NAME_STOP.search(m.group("names")):
            continue  # upper-case wire text: any run of words looks like names
        if any((parse_number(part.split()[0]) or 0) >= 2 for part in _name_parts(m.group("names"))):
            continue  # "six Jesuits and two women": counts, read by the count patterns
        n = _named_victims(m.group("names"))
        if n >= 2:
            add(m.start(), m.end(), _role(m), (n, Qualifier.EXACT, None), "", shot=_is_shot(m))
    def named_person(m: re.Match[str]) -> bool:
        # "The two people inside suffered ...": a capitalised first word is not a name; refusing
        # the match lets the search find the count after it.
        return counts_people(m) and not (
            m.group("name") and m.group("name").split()[0].lower() in _NOT_NAMES)

    for m in _search(_WOUND, seg, named_person):
        if m.group("inj") and not _SEVERITY.search(m.group("mods") or "") \
                and not _SEVERITY_AFTER.match(seg, m.end()):
            continue  # "with injuries" alone may be anyone's, even a car's
        fatal = "fatal" in (m.group("mods") or "").lower().replace("non-fatal", "")
        parsed = parse_count(m.group("count")) if m.group("count") else one
        if m.group("both"):
            parsed = (2, Qualifier.EXACT, None)
        add(m.start(), m.end(), "killed" if fatal else "injured", parsed,
            m.group("noun") or m.group("one") or "", shot=not fatal and not m.group("inj"))
    for m in _search(_PASSIVE, seg, counts_people):
        if _HYPOTHETICAL.search(seg, max(0, m.start() - 20), m.start()) or _MODAL_BE.search(
                m.group("aux")):
            continue  # "it would be worse if one were killed", "a few priests had to be killed"
        count_text = m.group("count")
        if re.fullmatch(r"(?:some|about|over|around)", count_text.strip(), re.I):
            continue
        if (not m.group("aux").strip() and _NOT_AFTER_BARE_VERB.match(seg, m.end())
                and not re.match(r"died|dead|perished", m.group("k") or "", re.I)):
            continue  # "two men shot the clerk": the men are the shooters
        if (not m.group("aux").strip() and _ACTING.intersection(
                re.findall(r"[a-z]+", (m.group("noun") + " " + m.group("tail")).lower()))
                and _OBJECT_AFTER.match(seg, m.end())):
            continue  # "several armed men kidnapped Jaramillo": the men did it
        parsed = _enumeration(count_text, m.group("more") or "")
        if re.fullmatch(r"\s*of(?:\s+the)?\s*", m.group("noun"), re.I):
            parsed = parse_count(count_text)  # "one of the three leaders": one of a group
        listed = _listed_before(seg, m.start(), m.group("noun") + " " + (m.group("tail") or ""))
        if parsed is not None and listed:
            parsed = (parsed[0] + listed, parsed[1], None)
        add(m.start(), m.end(), _role(m), parsed,
            m.group("noun") + " " + (m.group("more") or "") + (m.group("tail") or ""),
            shot=_is_shot(m))
    for m in _search(_NOMINAL, seg, counts_people):
        if _AGO.match(seg, m.end()) or _AGO.search(m.group()):
            continue  # "the killing of several of his comrades over 3 months ago": the past
        add(m.start(), m.end(), "kidnapped" if m.group("h") else "killed",
            _enumeration(m.group("count"), m.group("more") or ""),
            m.group("noun") + " " + (m.group("more") or ""))
    def real(m: re.Match[str]) -> bool:
        # "threatened to kill 10 judges": a threat, not a toll
        return counts_people(m) and not _UNREAL.search(seg, max(0, m.start() - 30), m.start())

    for m in _search(_ACTIVE, seg, real):
        role = _role(m)
        after = (m.group("after") or "").strip().lower()
        if m.group("k") and m.group("k").lower() in ("left", "leaving"):
            if not after:
                continue
            role = "killed" if after == "dead" else "injured" if after in (
                "injured", "wounded") else "kidnapped"
        elif m.group("s") and after == "dead":
            role = "killed"
        elif m.group("h") and re.match(r"(?:seizing|taking)$", m.group("h"), re.I) \
                and not after.startswith("hostage"):
            continue  # "seizing 22 rifles": things seized, not people
        add(m.start(), m.end(), role, _enumeration(m.group("count"), m.group("more") or ""),
            m.group("noun") + " " + (m.group("more") or ""), shot=_is_shot(m) and role == "injured")
    for m in _search(_SENT, seg, counts_people):
        parsed = parse_count(m.group("count")) if m.group("count") else one
        add(m.start(), m.end(), _role(m), parsed, m.group("noun") or m.group("noun2") or "",
            shot=bool(m.group("s")))
    for m in _DIED.finditer(seg):
        name = (m.group("name") or "").lower().split()
        if name and (name[0] in _NOT_NAMES or name[-1] in _NOT_DIED_NAMES):
            continue
        add(m.start(), m.end(), "killed", one, "")
    for m in _search(_SINGLE, seg, named_person):
        noun = m.group("noun") or m.group("pron") or m.group("def") or ""
        add(m.start(), m.end(), _role(m), one, noun, shot=_is_shot(m))
    for m in _ACTIVE_ONE.finditer(seg):
        if _UNREAL.search(seg, max(0, m.start() - 30), m.start()):
            continue  # "threatened to kill him"
        who = m.group("one").lower()
        if m.group("upper") and (who.split()[0] in _NOT_ONE or who.split()[0] in _NOT_NAMES
                                 or parse_number(who.split()[0]) is not None
                                 or who.split()[0] in VAGUE or who.split()[0] in (
                                     "many", "several", "his", "her", "their")):
            continue
        if who.split()[-1] in ("few", "dozen", "number", "total", "couple", "lot", "round",
                               "shot", "bullet", "gun", "video", "photo", "car", "vehicle",
                               "house", "home"):
            continue
        role = _role(m)
        if m.group("s") and re.match(r"\s+dead\b", seg[m.end():], re.I):
            role = "killed"
        parsed_one, end_one = one, m.end()
        if m.group("the") and (not m.group("h") or who.split()[-1] in _NOT_PEOPLE | _NOT_ONE):
            continue  # only a kidnapping names its one hostage so ("killed the engine": no one)
        companion = _AND_HIS.match(seg, m.end())
        if companion and m.group("h"):
            # "kidnapped Jaramillo, the bishop, and his assistant": one more hostage
            parsed_one, end_one = (2, Qualifier.EXACT, None), companion.end()
        more = _AND_MORE.match(seg, m.end() - (4 if who.endswith(" and") else 0))
        others = parse_count(more.group("count")) if more and counts_people(more) else None
        if more and others and not _NOT_AFTER_LIST.match(seg, more.end()):
            words = more.group("noun").lower().split()
            if not words or words[0] not in _NOT_PEOPLE:
                # "murdered a police inspector and two of his brothers": one plus the others
                parsed_one = (1 + others[0], Qualifier.EXACT, None)
                end_one = more.end()
        add(m.start(), end_one, role, parsed_one, who,
            shot=_is_shot(m) and role == "injured")
    for m in _search(_FOUND, seg, counts_people):
        parsed = parse_count(m.group("count")) if m.group("count") else one
        add(m.start(), m.end(), "killed", parsed, m.group("noun") or "")
    for m in _search(_BODIES, seg, counts_people):
        add(m.start(), m.end(), "killed", parse_count(m.group("count")), "bodies")
    for m in _search(_FATALITIES, seg, counts_people):
        add(m.start(), m.end(), "killed",
            parse_count(m.group("count") or m.group("count2")), "")
    for m in _search(_ONE_OF, seg, counts_people):
        add(m.start(), m.end(), _role(m), parse_count(m.group("count")), m.group("noun"),
            shot=bool(m.group("s")))
    for m in _AND_ANOTHER.finditer(seg):
        add(m.start(), m.end(), "injured", one, "another")
    for m in _CONDITION.finditer(seg):
        add(m.start(), m.end(), "injured", one, "")
    for m in _BULLET.finditer(seg):
        if m.group("fire") and not (m.group("where") and _FIRE_CONTEXT.search(
                seg, max(0, m.start() - 80), m.start())):
            continue  # "hitting him in the head" with a bat is no gunshot
        add(m.start(), m.end(), "injured", one, "", shot=True)
    for m in _WAS.finditer(seg):
        if m.group("s") and _PROPERTY_HIT.search(seg, max(0, m.start() - 30), m.start()):
            continue  # "a home was struck multiple times by gunfire": nobody hit
        role = _role(m)
        if m.group("s") and "fatally" in (m.group("adv") or "").lower():
            role = "killed"
        # "the terrorist was killed when his grenade exploded": the subject says who it was.
        subject = _SUBJECT_BEFORE.search(seg, max(0, m.start() - 40), m.start())
        who = subject.group(1) if subject and _is_attacker(subject.group(1)) else ""
        add(m.start(), m.end(), role, one, who,
            shot=bool(m.group("s")) and role == "injured")
    for m in _NOMINAL_ONE.finditer(seg):
        if _AGO.match(seg, m.end()) or _AGO.search(m.group()):
            continue  # "the murder of a leader two years ago": the past
        words = [w.strip(".'-") for w in (m.group("obj") or m.group("poss") or "").lower().split()]
        if not words or words[0] in _NOT_ONE or words[-1] in _NOT_ONE:
            continue
        named = m.group("obj") and m.group("obj")[0].isupper() and not m.group("obj").isupper()
        # "the murder of a member of the unions": the article says one, whatever the noun after
        named = named or words[0] in ("a", "an")
        if m.group("obj") and ((words[-1].endswith("s") and not words[-1].endswith("ss")
                                and not named)
                               or (parse_count(words[0]) is not None
                                   and words[0] not in ("a", "an"))
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
    others = 0
    for h in hits:
        head = _head(h.noun)
        evidence = h.count.evidence.text.lower() if h.count.evidence else ""
        if h.count.value == 1 and not _ANOTHER.search(evidence):
            head = ""  # "a man was shot ... one of his employees was shot": the same person
        elif h.count.value == 1 and h.role == "killed" and _ALSO_ONE.search(evidence):
            others += 1  # "a reporter was killed ... a technician was also killed"
            continue
        if not head:
            if generic is None or h.count.value > generic.value:
                generic = h.count
        elif head not in by_head or h.count.value > by_head[head].value:
            by_head[head] = h.count
    if not by_head:
        return _add(generic, Count(value=others, qualifier=Qualifier.EXACT)) if others else generic
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
        total = generic
    return _add(total, Count(value=others, qualifier=Qualifier.EXACT)) if others else total


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
    if shot is None:
        return explicit
    killed = best_count(hits, "killed", include_perpetrators=include_perpetrators)
    dead = killed.value if killed is not None else 0
    if explicit is not None and explicit.value >= shot.value - dead:
        return explicit
    if dead == 0:
        return shot
    value = max(shot.value - dead, 0)
    qualifier = shot.qualifier if shot.qualifier is not Qualifier.RANGE else Qualifier.ABOUT
    return Count(value=value, qualifier=qualifier if value else Qualifier.EXACT,
                 evidence=shot.evidence)
