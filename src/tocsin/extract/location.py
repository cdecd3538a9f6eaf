"""Event location: which place name in a sentence is where the incident happened.

`dateline` finds the dateline city ("SAN SALVADOR, 3 JAN 90 --"); `sentence_place` picks the
place a sentence reports the incident at (a place after "in/at/near" close to the trigger, not
a possessive "Russia's response"). Both return raw spans; `tocsin.resolve.places` maps them onto
the gazetteer.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tocsin.models import Place, Span

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan

# A dateline: "SAN SALVADOR, 3 JAN 90 --", "MOSCOW (Reuters) -", "KABUL, Afghanistan —",
# "SANTO DOMINGO (DOMINICAN REPUBLIC), 5 MAY (AFP) --" (a country in brackets, a day without
# its year).
DATELINE = re.compile(
    r"^\s*(?P<city>[A-Z][A-Za-z .'-]{1,40}?)"
    r"(?:\s*\((?P<country>[A-Za-z .]{2,30})\)(?=\s*,))?"
    r"(?:,\s*[A-Za-z .]{2,30}?)?"
    r"(?:,\s*\d{1,2}\s+[A-Za-z]{3,9}\.?(?:\s+\d{2,4})?)?\s*(?:\([^)]{1,40}\)\s*)?(?:--|—|–|-)\s",
)
_PLACE_PREP = re.compile(r"\b(?:in|at|near|outside|around|of|on|from)\s+(?:the\s+)?$", re.I)
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# "according to radio reports broadcast in Bogota", "the communique, released in Costa Rica":
# where the news was issued, not where the incident happened.
REPORTED = re.compile(
    r"\b(?:broadcast|reported|announced|released|issued|published|quoted|datelined|"
    r"according\s+to(?:\s+\w+){1,3}?)\s+(?:here\s+)?(?:in|from|at)\s+(?:the\s+)?$",
    re.I,
)


def dateline(text: str) -> tuple[int, int, Span | None]:
    """Return (start, end) of the dateline and its city span, or (0, 0, None)."""
    m = DATELINE.match(text[:200])
    if not m:
        return 0, 0, None
    city = m.group("city").strip()
    if len(city.split()) > 5:
        return 0, 0, None
    # A mixed-case opening ("The attack - which ...") is a dateline only when an agency or a
    # region follows the city ("Washington (CNN) -", "Kabul, Afghanistan -").
    if not city.isupper() and not re.match(r"\s*[,(]", m.string[m.end("city") :]):
        return 0, 0, None
    cs = m.start("city")
    return m.start(), m.end(), Span(start=cs, end=cs + len(city), text=text[cs : cs + len(city)])


def dateline_country(text: str) -> Span | None:
    """Return the country written in brackets after the dateline city ("HAVANA (CUBA), 14 NOV
    89 --"), if any.

    Wire desks add the country to a city outside the region they cover: such a dateline says
    where the reporter was, which is weaker evidence of where the story is than a bare city.
    """
    m = DATELINE.match(text[:200])
    if not m or m.group("country") is None or dateline(text)[2] is None:
        return None
    s, e = m.span("country")
    return Span(start=s, end=e, text=text[s:e])


def sentence_place(
    sent: SpacySpan, text: str, skip: tuple[int, int], anchor: int | None
) -> Place | None:
    """Return the event location named in a sentence: a place after "in/at/near", nearest
    after the trigger (else before it)."""
    best: tuple[tuple[int, int], Place] | None = None
    for ent in sent.ents:
        if ent.label_ not in _PLACE_LABELS:
            continue
        if skip[0] <= ent.start_char < skip[1]:
            continue
        before = text[max(0, ent.start_char - 12) : ent.start_char]
        prep = _PLACE_PREP.search(before) is not None
        if before.rstrip().lower().endswith(" of") and not re.search(
            r"(?:outskirts|city|town|village|province|department|region|centre|center|"
            r"district|suburbs?|municipality)\s+of\s*$",
            before,
            re.I,
        ):
            prep = False
        # A possessive ("Russia's response") names who reacts, not where it happened.
        if text[ent.end_char : ent.end_char + 2] in ("'s", "’s"):
            continue
        if anchor is None:
            distance = ent.start_char
        elif ent.start_char >= anchor:
            distance = ent.start_char - anchor
        else:
            distance = (anchor - ent.end_char) * 2
        rank = 0 if prep else 1
        if REPORTED.search(text[max(0, ent.start_char - 60) : ent.start_char]):
            rank = 2
        key = (rank, distance)
        if best is None or key < best[0]:
            raw = ent.text
            if raw.lower().startswith("the "):
                raw = raw[4:]
            start = ent.end_char - len(raw)
            best = (
                key,
                Place(
                    raw=text[start : ent.end_char],
                    evidence=Span(start=start, end=ent.end_char, text=text[start : ent.end_char]),
                ),
            )
    if best is not None:
        return best[1]
    # A place the model did not tag: a proper noun after "in/at/near".
    for tok in sent:
        if (
            tok.pos_ == "PROPN"
            and tok.i > sent.start
            and tok.nbor(-1).lower_ in ("in", "at", "near")
            and not tok.ent_type_
            and not (skip[0] <= tok.idx < skip[1])
        ):
            end = tok.i + 1
            while end < sent.end and sent.doc[end].pos_ == "PROPN":
                end += 1
            a, b = tok.idx, sent.doc[end - 1].idx + len(sent.doc[end - 1].text)
            return Place(raw=text[a:b], evidence=Span(start=a, end=b, text=text[a:b]))
    return None


# "the incident took place in X", "the mass kidnapping occurred on 30 December in X", "the attack
# was carried out in X": the report saying outright where the incident it is about happened.
# Such a sentence often follows an opening that placed the incident only roughly ("kidnapped 31
# people in the region of Y"), so its place is the better one.
_STATED_PLACE = re.compile(
    r"\b(?:the|this|that)\s+(?:[\w-]+\s+){0,3}?(?:incident|attack|assault|crime|murder|killing|"
    r"massacre|kidnapping|abduction|bombing|explosion|blast|ambush|clash|shooting|raid|"
    r"assassination|action)s?\s+(?:[\w-]+\s+){0,2}?"
    r"(?:took\s+place|occurred|happened|was\s+(?:carried\s+out|committed|perpetrated|staged))\b",
    re.I,
)
# How far after "took place" the place may come ("took place past midnight on 30 December in X").
_STATED_REACH = 60


def stated_place(sent: SpacySpan, text: str, skip: tuple[int, int]) -> Place | None:
    """Return the place a sentence says an incident it refers back to happened at ("the
    incident took place in X"), or None when the sentence says no such thing."""
    m = _STATED_PLACE.search(text, sent.start_char, sent.end_char)
    if m is None:
        return None
    place = sentence_place(sent, text, skip, m.end())
    # "at LA FONDA": a two-letter piece of a longer name the model cut off is no place.
    if place is None or place.evidence is None or len(place.raw) < 3:
        return None
    if not m.end() <= place.evidence.start <= m.end() + _STATED_REACH:
        return None
    before = text[m.end() : place.evidence.start]
    # The place must be the one the verb introduces ("took place in X"), not one a
    # later clause names ("occurred at the installations located between X and Y").
    if _PLACE_PREP.search(before) is None:
        return None
    return place


def is_stated(text: str, start: int) -> bool:
    """Whether the place name at `start` is one a "the incident took place in" statement
    introduces (resolution should keep such a place, even unresolved, over a nearby one)."""
    window = text[max(0, start - 140) : start]
    found = list(_STATED_PLACE.finditer(window))
    if not found:
        return False
    rest = window[found[-1].end() :]
    return len(rest) <= _STATED_REACH and "." not in rest and _PLACE_PREP.search(rest) is not None
