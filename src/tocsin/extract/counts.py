"""Casualty figures: numbers next to verbs of killing, wounding and kidnapping.

`parse_number` reads one number as written ("1,200", "sixty", "one hundred and fifteen", "a
dozen"); `find_counts` finds the casualty phrases of a stretch of text ("at least 60 people were
killed", "wounding 115 others", "two policemen and a civilian were killed", "the death toll rose
to 133", "no one was hurt") and says whom each figure counts (victims killed, injured,
kidnapped, or attackers killed).

Vague quantities get fixed, documented values with a qualifier, so that a figure is always a
number a user can sort on: "several" = 3 at_least, "a few" = 3 about, "a couple of" = 2 about,
"dozens" = 24 at_least, "scores" = 40 at_least, "hundreds" = 200 at_least, "thousands" = 2000
at_least. Qualifiers: "at least / more than / over / upwards of" -> at_least (value as written,
so "more than 60" is 60 at_least); "nearly / almost / up to / as many as / at most / fewer than
/ close to" -> at_most; "about / around / some / approximately / roughly / an estimated" ->
about; "10 to 12", "10-12", "between 10 and 12" -> range (value 10, high 12).
"""

from __future__ import annotations

import re
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
_DIGITS = r"\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?(?:\s+(?:million|thousand))?"
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
    r"stabbed)|shot\s+(?:dead|and\s+killed|to\s+death)|gunned\s+down|beheaded|deceased"
)
_INJURED = r"wounded|injured|hurt|hospitali[sz]ed|maimed|shot|stabbed"
_KIDNAPPED = r"kidnapped|abducted|taken\s+hostage|held\s+hostage|seized\s+as\s+hostages?"
_AUX = (
    r"(?:(?:were|was|have|has|had|been|are|is|be|being|reportedly|also|later|all|"
    r"subsequently|allegedly|initially|reported|confirmed|left|found|believed|to|each|"
    r"seriously|critically|slightly|badly|severely|gravely|mortally|injured\s+and|"
    r"wounded\s+and|shot\s+and)\s+)*"
)
_NOUNS = r"(?:(?:\s+(?!(?:were|was|are|is|have|has|had|and|but|who|which|that|in|on|at)\b)" \
    r"[a-z][\w'.-]*){0,5}?)"
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

_ROLE_OF = {"k": "killed", "i": "injured", "h": "kidnapped"}

_PASSIVE = re.compile(
    rf"\b(?P<count>{COUNT})(?P<noun>{_NOUNS})(?P<more>(?:\s*,?\s*(?:and\s+)?(?:{COUNT}|a|an)"
    rf"{_NOUNS})*)\s+{_AUX}(?:(?P<k>{_KILLED})|(?P<i>{_INJURED})|(?P<h>{_KIDNAPPED}))\b",
    re.I,
)
_ACTIVE = re.compile(
    rf"\b(?:(?P<k>killing|killed|kills|kill|massacred|massacring|murdered|murdering|claiming\s+"
    rf"the\s+lives\s+of|claimed\s+the\s+lives\s+of|left|leaving)|(?P<i>wounding|wounded|injuring|"
    rf"injured|injures|wounds|hurting)|(?P<h>kidnapping|kidnapped|abducting|abducted|seizing|"
    rf"taking))\s+(?:(?:another|an\s+additional|a\s+further)\s+)?(?P<count>{COUNT})"
    rf"(?P<noun>(?:\s+(?!(?:and|in|on|at|dead|injured|wounded|hostages?)\b)[a-z][\w'-]*){{0,2}})"
    rf"(?P<after>\s+(?:dead|injured|wounded|hostages?))?\b",
    re.I,
)
_TOLL = re.compile(
    rf"\b(?:death\s+toll|toll|number\s+of\s+(?:dead|deaths|fatalities|people\s+killed|victims))"
    rf"(?:\s+[\w'-]+){{0,4}}?\s+(?:to|at|of|is|was|reached|hit|stands\s+at|stood\s+at)\s+"
    rf"(?P<count>{COUNT})\b",
    re.I,
)
_SINGLE = re.compile(
    rf"\b(?:(?P<one>an?|one)\b(?P<noun>{_NOUNS})|(?P<pron>he|she))\s+(?:was|has\s+been|had\s+been|"
    rf"is|got)\s+(?:(?:also|reportedly|allegedly|later|found|seriously|critically|slightly|"
    rf"badly)\s+)*(?:(?P<k>{_KILLED})|(?P<i>{_INJURED})|(?P<h>{_KIDNAPPED}))\b",
    re.I,
)
_ACTIVE_ONE = re.compile(
    r"\b(?:(?P<k>killing|killed|murdered|murdering|shot\s+and\s+killed|fatally\s+shot|"
    r"fatally\s+wounded)|(?P<i>wounding|injuring|wounded|injured)|(?P<h>kidnapping|kidnapped|"
    r"abducting|abducted))\s+(?P<one>him|her|an?\s+[a-z][\w-]*(?:\s+[a-z][\w-]*)?)\b",
    re.I,
)
_ZERO = re.compile(
    r"\b(?:(?:no\s+one|nobody|none|no\s+(?:people|persons?|one\s+else))\s+(?:was|were|has\s+been|"
    r"had\s+been|is)\s+(?:(?:reported|believed|seriously|immediately)\s+)*(?:(?P<k>killed|"
    r"dead)|(?P<i>hurt|injured|wounded))|(?P<both>no\s+(?:casualties|victims)|without\s+"
    r"(?:causing\s+)?(?:any\s+)?casualties|caused\s+no\s+casualties)|no\s+(?:(?P<i2>injuries|"
    r"injured)|(?P<k2>deaths|fatalities|dead)))\b",
    re.I,
)


@dataclass(frozen=True)
class CountHit:
    """One casualty figure found in text, with whom it counts."""

    role: Role
    count: Count
    noun: str  # who is counted, as written ("policemen", "people"), may be empty


def _role(m: re.Match[str]) -> Role:
    for key, role in _ROLE_OF.items():
        if m.groupdict().get(key):
            return role  # type: ignore[return-value]
    return "killed"


def _is_attacker(noun: str) -> bool:
    return any(w.strip(".,") in ATTACKER_NOUNS for w in noun.lower().split())


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
    for part in re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+", rest):
        part = part.strip()
        if not part:
            continue
        head = part.split()[0].lower()
        if head in ("a", "an"):
            value += 1
            continue
        m = re.match(rf"({COUNT})\b", part, re.I)
        sub = parse_count(m.group(1)) if m else None
        if sub is None:
            return parsed  # not an enumeration of counts after all
        value += sub[0]
    return value, (Qualifier.EXACT if qualifier is Qualifier.RANGE else qualifier), None


def find_counts(text: str, start: int = 0, end: int | None = None) -> list[CountHit]:
    """Return the casualty figures written in `text[start:end]`, in text order.

    Spans are offsets into `text`. Overlapping phrases keep the first, longest reading.
    """
    end = len(text) if end is None else end
    seg = text[start:end]
    hits: list[tuple[int, int, CountHit]] = []

    def add(s: int, e: int, role: Role, parsed: tuple[int, Qualifier, int | None] | None,
            noun: str) -> None:
        if parsed is None:
            return
        if any(not (e <= hs or s >= he) for hs, he, _ in hits):
            return
        value, qualifier, high = parsed
        if role == "killed" and _is_attacker(noun):
            role = "perpetrators_killed"
        count = Count(value=value, qualifier=qualifier, high=high,
                      evidence=_span(text, start + s, start + e))
        hits.append((s, e, CountHit(role=role, count=count, noun=noun.strip())))

    for m in _ZERO.finditer(seg):
        if m.group("both"):
            add(m.start(), m.end(), "killed", (0, Qualifier.EXACT, None), "")
            hits.append((m.end(), m.end(), CountHit(
                role="injured", count=Count(value=0, evidence=_span(
                    text, start + m.start(), start + m.end())), noun="")))
        elif m.group("k") or m.group("k2"):
            add(m.start(), m.end(), "killed", (0, Qualifier.EXACT, None), "")
        else:
            add(m.start(), m.end(), "injured", (0, Qualifier.EXACT, None), "")
    for m in _TOLL.finditer(seg):
        add(m.start(), m.end(), "killed", parse_count(m.group("count")), "")
    for m in _PASSIVE.finditer(seg):
        count_text = m.group("count")
        if re.fullmatch(r"(?:some|about|over|around)", count_text.strip(), re.I):
            continue
        add(m.start(), m.end(), _role(m), _enumeration(count_text, m.group("more") or ""),
            m.group("noun") + " " + (m.group("more") or ""))
    for m in _ACTIVE.finditer(seg):
        role = _role(m)
        after = (m.group("after") or "").strip().lower()
        if m.group("k") and m.group("k").lower() in ("left", "leaving"):
            if not after:
                continue
            role = "killed" if after == "dead" else "injured" if after in (
                "injured", "wounded") else "kidnapped"
        add(m.start(), m.end(), role, parse_count(m.group("count")), m.group("noun"))
    for m in _SINGLE.finditer(seg):
        noun = m.group("noun") or m.group("pron") or ""
        add(m.start(), m.end(), _role(m), (1, Qualifier.EXACT, None), noun)
    for m in _ACTIVE_ONE.finditer(seg):
        one = m.group("one").lower()
        if one.split()[-1] in ("few", "dozen", "number", "total", "couple"):
            continue
        add(m.start(), m.end(), _role(m), (1, Qualifier.EXACT, None), one)
    hits.sort(key=lambda h: h[0])
    return [h for _, _, h in hits]


def best_count(hits: list[CountHit], role: str) -> Count | None:
    """Return the figure for `role` among the hits of one incident, or None."""
    values = [h.count for h in hits if h.role == role]
    if not values:
        return None
    # Restatements repeat a figure and updates raise it: keep the largest.
    return max(values, key=lambda c: (c.value, c.qualifier != "exact"))
