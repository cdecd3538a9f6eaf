"""Incidents: find every violent incident an article reports and code it.

Detection reads the article sentence by sentence. A sentence with an event trigger in an event
context (not a threat, plan, trial or comparison; see `types.find_triggers`) either starts an
incident or continues the current one. It starts a new incident when it says so ("meanwhile",
"in another attack", "elsewhere"), when it names another place or another date than the current
incident, and is not an anaphor of it ("the attack", "the blast"). Sentences between triggers
that give figures ("the death toll rose to 133") join the current incident.

Each incident is then coded from its own sentences: type (`types`), figures (`counts`), date
(`dates`), place (the event location: a place entity after "in/at/near" close to the trigger,
else the dateline city), perpetrators with responsibility, targets and weapons.

Non-violent ACLED events (protests, arrests, agreements...) become a mention only when the
article reports no violent incident: in a report of an attack, an arrest is a follow-up.

The rules above propose candidates (`find_candidates`). In a long upper-case report (speeches,
communiqués, analysis and military bulletins mention violence without reporting a new incident)
a shipped relevance model decides which candidates are incidents, and a shipped type model may
recode their GTD attack type; both are hashed-feature logistic regressions trained by
`scripts/train_incident_model.py` on the MUC-4 DEV messages (`typing_model.LinearModel`).
Short texts (headlines, GTD summaries, ACLED notes) and installs without the model files keep
the rules' decisions.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tocsin.extract.counts import CountHit, best_count, find_counts
from tocsin.extract.dates import choose_date, find_date_expressions, resolve
from tocsin.extract.location import dateline, sentence_place, stated_place
from tocsin.extract.nlp import doc_text, entity_at
from tocsin.extract.roles import (
    ATTACKER_NOUNS,
    armed_group_mentions,
    attacker_tokens,
    find_targets,
    model_weapons,
    refine_perpetrators,
    split_perpetrator,
)
from tocsin.extract.truecase import is_mostly_upper
from tocsin.extract.types import VIOLENT, Trigger, code_incident, find_triggers, find_weapons
from tocsin.extract.types import target_type as classify_target
from tocsin.models import (
    Article,
    DatePrecision,
    EventDate,
    Mention,
    Perpetrator,
    Place,
    Responsibility,
    Span,
    Target,
    Weapon,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_SEPARATOR = re.compile(
    r"^\W*(?:meanwhile|in\s+another|in\s+a\s+separate|in\s+an\s+unrelated|separately|elsewhere|"
    r"in\s+other\s+(?:news|incidents?|developments)|in\s+yet\s+another|in\s+a\s+similar|"
    r"similarly|also\s+on|on\s+the\s+same\s+day|earlier|in\s+addition)\b"
    r"|\banother\s+(?:attack|bomb|explosion|blast|incident|clash|ambush|kidnapping|massacre)",
    re.I,
)
_ANAPHOR = re.compile(
    r"\b(?:the|this|that|these|those|yesterday's|today's|friday's|saturday's|sunday's|monday's|"
    r"tuesday's|wednesday's|thursday's)\s+(?:[\w-]+\s+){0,3}?(?:attacks?|assault|blasts?|"
    r"explosions?|bombings?|shooting|massacre|kidnapping|abduction|incident|tragedy|raid|"
    r"ambush|clash(?:es)?|violence|fire)\b",
    re.I,
)
# Weak trigger words that join an incident but start one only with a figure in the sentence.
_BARE_WEAK = frozenset(
    [
        "attack", "attacks", "killed", "killing", "killings", "kill", "kills", "assault",
        "assaults", "raid", "raids"
    ]
)
_RESPONSIBILITY = re.compile(
    r"\b(?:responsib\w*|claim(?:ed|s)?\b|blam\w*|suspect\w*|accus\w*|den(?:y|ied|ies))", re.I
)
_ATTACK_LEMMAS = frozenset(
    [
        "attack", "kill", "kidnap", "abduct", "bomb", "shoot", "open", "detonate", "plant", "storm",
        "ambush", "set", "fire", "murder", "assassinate", "hijack", "massacre", "explode", "burn",
        "seize", "raid", "behead", "stab", "shell", "hit", "strike", "target", "launch", "carry",
        "perpetrate", "blow", "dynamite", "machinegun", "machine-gun", "wound", "injure"
    ]
)
_ATTACKER_WORDS = frozenset(
    [
        "gunman", "gunmen", "attacker", "attackers", "assailant", "assailants", "militant",
        "militants", "terrorist", "terrorists", "insurgent", "insurgents", "bomber", "bombers",
        "hijacker", "hijackers", "kidnapper", "kidnappers", "guerrilla", "guerrillas", "guerillas",
        "rebel", "rebels", "subversive", "subversives", "extremist", "extremists", "jihadist",
        "jihadists", "commando", "commandos", "raiders", "suspect", "suspects", "shooter",
        "shooters", "men", "man", "individuals", "group", "cell", "squad", "members", "member",
        "unit", "units", "fighters", "militia", "militiamen", "criminals", "killers", "killer",
        "murderers", "assassins", "assassin", "narcoterrorists"
    ]
)
_GROUP_HEADS = frozenset(
    [
        "front", "army", "group", "movement", "organization", "organisation", "brigade", "brigades",
        "command", "party", "cartel", "state", "taliban", "hamas", "hezbollah", "qaeda", "shabaab",
        "haram", "council", "union", "alliance", "faction", "battalion", "forces"
    ]
)
_NOT_A_NAME = frozenset(
    ["group", "groups", "movement", "unit", "units", "member", "members", "organization",
     "organisation", "cell", "men", "man", "individuals", "persons", "squad", "column"]
)
_NOT_PERP = frozenset(
    [
        "police", "army", "military", "government", "troops", "soldiers", "authorities",
        "officials", "it", "they", "he", "she", "we", "i", "you", "who", "which", "that", "this",
        "people", "civilians", "victims"
    ]
)


# A trigger word that is part of an organisation's name ("National Liberation Front", "Army of
# National Liberation"): a noun that names a cause, followed by a name's head noun or preceded
# by "national"/"popular". Verbs before such nouns ("attacked army posts") stay triggers.
_NAME_WORD = re.compile(
    r"(?:liberation|resistance|revolution|insurrection|salvation|self-defen[cs]e|defen[cs]e)$",
    re.I,
)
_IN_NAME = re.compile(
    r"[\s\]\)]*(?:fronts?|army|armies|forces|movements?|party|council|alliance|command|brigades?|"
    r"commandos?|organi[sz]ations?|union|battalions?|committees?)\b",
    re.I,
)
_NAME_BEFORE = re.compile(r"\b(?:national|popular|people'?s|patriotic)\s+$", re.I)
# Plural event nouns without a determiner or figure speak of a kind of event, not of one that
# happened ("attacks and kidnappings of leaders", "more than 12,000 murders"): they join an
# incident but never start one.
_GENERIC_PLURAL = re.compile(
    r"(?:attacks|assaults|murders|killings|kidnappings|abductions|assassinations|bombings|"
    r"massacres|explosions|raids|ambushes|shootings|crimes|offensives|bombs|executions)$",
    re.I,
)
_SPECIFIC_BEFORE = re.compile(
    r"\b(?:the|these|those|both|two|three|four|five|six|seven|eight|nine|ten|\d+|twin|"
    r"several|simultaneous|yesterday's|today's|last\s+night's)\s+(?:[\w-]+\s+){0,2}$",
    re.I,
)
# An incident dated more than this before the publication date is background: an anniversary,
# a trial, "the deadliest since 2004". Follow-up reports a few months on (gun-violence data sets
# code them as the incident) stay in.
BACKGROUND_DAYS = 365


# In a long report, fighting between armed forces that no GTD attack type fits (clashes,
# shelling, an offensive, territory taken) is the war's background, not an incident of the
# report: MUC-4 codes only attacks on targets, GTD likewise. Short texts (ACLED notes,
# headlines, snippets) report one event each and keep it whatever its type. Shootings,
# robberies and arrests stay: gun-violence data sets code them.
SHORT_REPORT_SENTENCES = 4
_MILITARY = frozenset({"clash", "regain", "overtake", "shelling", "air_strike"})
# A feed item (headline and summary) or a one-event note: its sentences never split on a change
# of place or date alone ("Pakistan mosque blast..." then "...in Peshawar").
SHORT_ITEM_SENTENCES = 3


# Deaths in an accident or a disaster: "bus crash kills 40" reports no violence.
_ACCIDENT = re.compile(
    r"\b(?:accidents?|crash(?:es|ed)?|collision|collided|plunge[ds]?|plunging|ravine|overturn\w*|"
    r"derail\w*|capsiz\w*|drown\w*|earthquakes?|floods?|flooding|landslides?|avalanche|"
    r"storms?|cyclone|hurricane|typhoon|stampede|lightning|heatwave|collapse[ds]?|"
    r"(?:fell|fall(?:s|ing)?|skidded|veered|careered)\s+(?:into|off|down))\b",
    re.I,
)


def _military_only(group: _Group) -> bool:
    """Return True when every violent trigger of an incident is a word of military fighting."""
    cats = {t.category for t in group.triggers if t.eventive and t.category in VIOLENT}
    return bool(cats) and cats <= _MILITARY


def _accident_only(text: str, group: _Group) -> bool:
    """Return True when an incident's only violence is a death word in an accident report."""
    violent = [t for t in group.triggers if t.eventive and t.category in VIOLENT]
    if any(t.category != "attack" or t.text.lower() not in _BARE_WEAK for t in violent):
        return False
    return any(_ACCIDENT.search(text, s, e) for s, e in group.sentences)


def usable_triggers(text: str, triggers: list[Trigger]) -> list[Trigger]:
    """Return `triggers` without words that belong to a name ("Liberation Front")."""
    return [t for t in triggers if not _in_name(text, t)]


def _in_name(text: str, trig: Trigger) -> bool:
    if _NAME_WORD.search(trig.text) is None:
        return False
    # `match` anchors at `pos` itself (a `^` would not: it only matches at the string's start).
    return (_IN_NAME.match(text, trig.end) is not None
            or _NAME_BEFORE.search(text, max(0, trig.start - 30), trig.start) is not None)


def _generic(text: str, trig: Trigger) -> bool:
    if _GENERIC_PLURAL.search(trig.text) is None:
        return False
    return _SPECIFIC_BEFORE.search(text, max(0, trig.start - 40), trig.start) is None


@dataclass
class _Group:
    """Sentences that report one incident."""

    sentences: list[tuple[int, int]] = field(default_factory=list)
    triggers: list[Trigger] = field(default_factory=list)
    counts: list[CountHit] = field(default_factory=list)
    place: Place | None = None
    date_iso: str | None = None
    anchor: int = 0
    violent: bool = True


# "a police spokesman said on Monday": the day of a statement, not of the event.
_STATEMENT_BEFORE = re.compile(
    r"\b(?:said|says|told\s+[\w.' -]{1,40}?|announced|added|stated|reported|confirmed)\s+"
    r"(?:late\s+|early\s+)?(?:on\s+)?$",
    re.I,
)


def _explicit_date(text: str, start: int, end: int, published: object) -> str | None:
    pub = published if isinstance(published, dt.date) else None
    for expr in find_date_expressions(text, start, end):
        if _STATEMENT_BEFORE.search(text, max(start, expr.start - 60), expr.start):
            continue
        if expr.kind in ("relative", "weekday", "dmy", "mdy", "iso"):
            d = resolve(expr, text, pub)
            if d is not None and len(d.iso) == 10:
                return d.iso
    return None


def _is_strong(triggers: list[Trigger], counts: list[CountHit], text: str = "") -> bool:
    for t in triggers:
        if not t.eventive or t.category not in VIOLENT:
            continue
        if text and _generic(text, t):
            continue
        if t.category == "attack":
            word = t.text.lower()
            if word not in _BARE_WEAK:
                return True
            if any(c.count.value > 0 for c in counts) or re.match(r"(?:an?|one)\s", word):
                return True
            continue
        return True
    return False


def _group_sentences(doc: Doc, text: str, article: Article,
                     dateline: tuple[int, int]) -> tuple[list[_Group], list[_Group]]:
    """Return (violent groups, non-violent development groups) of the article's sentences."""
    groups: list[_Group] = []
    developments: list[_Group] = []
    current: _Group | None = None
    # Sentences with figures but no event word, waiting for the first incident after them.
    before: list[tuple[int, int, list[CountHit]]] = []
    last_end = 0
    short = sum(1 for _ in doc.sents) <= SHORT_ITEM_SENTENCES
    for sent in doc.sents:
        s, e = sent.start_char, sent.end_char
        if e <= dateline[1]:
            continue
        s = max(s, dateline[1]) if s < dateline[1] else s
        triggers = usable_triggers(text, find_triggers(text, s, e))
        counts = find_counts(text, s, e)
        violent = [t for t in triggers if t.eventive and t.category in VIOLENT]
        strong = _is_strong(triggers, counts, text)
        # A new paragraph that is not about the current incident ends it.
        if current is not None and "\n\n" in text[last_end:s] and not violent:
            current = None
        last_end = e
        if not violent:
            if groups and _RESPONSIBILITY.search(text, s, e):
                # A claim or denial sentence belongs to the incident it follows.
                target = current if current is not None else groups[-1]
                target.sentences.append((s, e))
                continue
            others = [t for t in triggers if t.eventive]
            if others and not groups:
                dev = _Group(sentences=[(s, e)], triggers=others, counts=counts,
                             anchor=others[0].start, violent=False)
                developments.append(dev)
            stated = stated_place(sent, text, dateline) if groups else None
            if stated is not None:
                # "The incident took place in X": where the incident before it happened.
                (current if current is not None else groups[-1]).place = stated
            if current is not None and counts:
                current.sentences.append((s, e))
                current.counts.extend(counts)
            elif current is None and not groups and counts:
                before.append((s, e, counts))
            continue
        anchor = violent[0].start
        place = sentence_place(sent, text, dateline, anchor)
        stated = stated_place(sent, text, dateline)
        date_iso = _explicit_date(text, s, e, article.published)
        sentence = text[s:e]
        if current is None:
            if not strong:
                continue
            new = True
        else:
            separator = _SEPARATOR.search(sentence) is not None
            anaphor = _ANAPHOR.search(sentence) is not None and not separator
            # A sentence saying where "the attack" took place refers back to the current one.
            other_place = (stated is None and place is not None and current.place is not None
                           and place.raw.lower() != current.place.raw.lower()
                           and place.raw.lower() not in current.place.raw.lower()
                           and current.place.raw.lower() not in place.raw.lower())
            other_date = (date_iso is not None and current.date_iso is not None
                          and date_iso != current.date_iso)
            if short:
                # A headline and its summary, a GTD summary or an ACLED note report one event:
                # only an explicit "in another attack" opens a second one there.
                other_place = other_date = False
            new = strong and not anaphor and (separator or other_place or other_date)
        if new:
            current = _Group(anchor=anchor, place=place, date_iso=date_iso)
            if not groups:
                # Sentences before the first incident that give figures with no event word
                # ("the ambassador and two other officials are being held hostage by members
                # of X. Some of them carry guns and bombs."; "a man was found dead at the
                # scene") give its figures.
                for a, b, hits in before:
                    current.sentences.append((a, b))
                    current.counts.extend(hits)
            groups.append(current)
        assert current is not None
        current.sentences.append((s, e))
        current.triggers.extend(triggers)
        current.counts.extend(counts)
        if stated is not None:
            current.place = stated
        elif current.place is None and place is not None:
            current.place = place
        if current.date_iso is None:
            current.date_iso = date_iso
    return groups, developments


# --- perpetrators ----------------------------------------------------------------------------


def _token_span(tok: Token) -> tuple[int, int]:
    """Return the character span of the name a token heads (entity, or compound + head)."""
    ent = entity_at(tok) if tok.ent_type_ else None
    if ent is not None:
        start, end = ent.start_char, ent.end_char
        if ent[0].lower_ == "the":
            start = ent[1].idx if len(ent) > 1 else start
        return start, end
    left = tok
    for child in tok.lefts:
        if child.dep_ in ("compound", "amod", "nmod") and child.i == left.i - 1:
            left = child
    # Walk back further over a contiguous modifier chain ("FMLN urban commandos").
    i = left.i - 1
    sent_start = tok.sent.start  # rebuilt by spaCy on every `tok.sent`
    while i >= sent_start and tok.doc[i].dep_ in ("compound", "amod") \
            and tok.doc[i].head.i >= left.i:
        left = tok.doc[i]
        i -= 1
    return left.idx, tok.idx + len(tok.text)


def _perp_kind(tok: Token, name: str) -> str:
    # Only a name makes a group: "the terrorist group" is people described, not an organisation.
    if tok.ent_type_ in ("ORG", "NORP"):
        return "group"
    if name.isupper() and len(name) <= 8 and " " not in name:
        return "group"
    named = any(t.pos_ == "PROPN" for t in tok.subtree if t.i <= tok.i) or tok.pos_ == "PROPN"
    if named and (tok.lemma_.lower() in _GROUP_HEADS or tok.lower_ in _GROUP_HEADS):
        return "group"
    return "individual"


def _perp_candidate(tok: Token) -> bool:
    low = tok.lower_
    if low in _NOT_PERP or tok.pos_ == "PRON":
        return False
    if tok.ent_type_ in ("ORG", "NORP", "PERSON"):
        return True
    return low in _ATTACKER_WORDS or tok.lemma_.lower() in _ATTACKER_WORDS or (
        tok.lemma_.lower() in _GROUP_HEADS
    )


def _negated(tok: Token) -> bool:
    if any(c.dep_ == "neg" for c in tok.children):
        return True
    return any(c.lower_ in ("no", "none", "nobody", "neither") for c in tok.subtree
               if c.dep_ in ("det", "nsubj", "nsubjpass"))


def _find_perpetrators(doc: Doc, text: str, ranges: list[tuple[int, int]]) -> list[Perpetrator]:
    found: dict[str, Perpetrator] = {}
    rank = {Responsibility.CLAIMED: 3, Responsibility.DENIED: 2, Responsibility.SUSPECTED: 1,
            Responsibility.UNKNOWN: 0}

    def add(tok: Token, resp: Responsibility) -> None:
        if not _perp_candidate(tok):
            return
        if not tok.ent_type_ and tok.lower_ in ATTACKER_NOUNS:
            # "FMLN urban commandos": the organisation and the people, each in its role.
            for a, b, kind in split_perpetrator(doc, text, tok):
                name = text[a:b].strip()
                key = name.lower()
                old = found.get(key)
                if name and key not in _NOT_A_NAME and (
                        old is None or rank[resp] > rank[old.responsibility]):
                    found[key] = Perpetrator(name=name, kind=kind,  # type: ignore[arg-type]
                                             responsibility=resp,
                                             evidence=Span(start=a, end=b, text=text[a:b]))
            return
        start, end = _token_span(tok)
        name = text[start:end].strip()
        if name.lower().startswith("the "):
            start += 4
            name = name[4:]
        if not name or len(name) < 2:
            return
        key = name.lower()
        kind = _perp_kind(tok, name)
        old = found.get(key)
        if old is None or rank[resp] > rank[old.responsibility]:
            found[key] = Perpetrator(name=name, kind=kind,  # type: ignore[arg-type]
                                     responsibility=resp,
                                     evidence=Span(start=start, end=end, text=text[start:end]))
        # "terrorists of the FMLN": the organisation is a perpetrator too.
        for child in tok.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        add(pobj, resp)
        for child in tok.children:
            if child.dep_ == "appos":
                add(child, resp)

    for s, e in ranges:
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is None:
            continue
        has_resp = any(t.lower_ in ("responsibility", "credit") for t in span)
        for tok in span:
            lemma = tok.lemma_.lower()
            if lemma == "claim" and has_resp:
                if _negated(tok):
                    continue
                for c in tok.children:
                    if c.dep_ in ("nsubj", "poss"):
                        add(c, Responsibility.CLAIMED)
                    if c.dep_ == "agent":
                        for p in c.children:
                            add(p, Responsibility.CLAIMED)
            elif lemma == "deny" and (has_resp or any(
                    t.lower_ in ("involvement", "role", "part") for t in span)):
                if any(c.dep_ == "neg" for c in tok.children):
                    continue
                for c in tok.children:
                    if c.dep_ == "nsubj":
                        add(c, Responsibility.DENIED)
            elif lemma in ("blame", "suspect", "accuse", "attribute"):
                for c in tok.children:
                    if c.dep_ in ("dobj", "nsubjpass") and lemma != "attribute":
                        add(c, Responsibility.SUSPECTED)
                    if c.dep_ == "prep" and c.lower_ in ("on", "to"):
                        for p in c.children:
                            add(p, Responsibility.SUSPECTED)
                    if c.dep_ == "amod":
                        pass
                if tok.dep_ == "amod" and lemma == "suspect":
                    add(tok.head, Responsibility.SUSPECTED)
            elif lemma in _ATTACK_LEMMAS and tok.pos_ in ("VERB", "AUX"):
                for c in tok.children:
                    if c.dep_ == "nsubj":
                        add(c, Responsibility.UNKNOWN)
                    elif c.dep_ == "agent":
                        for p in c.children:
                            if p.dep_ == "pobj":
                                add(p, Responsibility.UNKNOWN)
            elif tok.lower_ in ("gunmen", "gunman", "bomber", "assailants", "attackers") and \
                    tok.pos_ == "NOUN":
                add(tok, Responsibility.UNKNOWN)
    # Drop bare generic heads ("the group", "members"): they name nobody.
    for key in [k for k in found if k in _NOT_A_NAME]:
        del found[key]
    for s, e in ranges:
        for tok in attacker_tokens(doc, s, e):
            for a, b, kind in split_perpetrator(doc, text, tok):
                name = text[a:b].strip()
                key = name.lower()
                if not name or key in found or key in _NOT_A_NAME or key in _NOT_PERP:
                    continue
                found[key] = Perpetrator(name=name, kind=kind,  # type: ignore[arg-type]
                                         evidence=Span(start=a, end=b, text=text[a:b]))
        for a, b in armed_group_mentions(doc, text, s, e):
            name = text[a:b].strip()
            if name.lower() not in found:
                found[name.lower()] = Perpetrator(name=name, kind="group",
                                                  evidence=Span(start=a, end=b, text=name))
    # The role classifier picks the acting perpetrators; claims keep the rules' status.
    return _mark_claims(refine_perpetrators(doc, text, ranges, list(found.values())),
                        _claimants(doc, ranges), text)


# Heads of a claimant that name a group without naming it ("this organization", "the rebels").
_GROUP_WORDS = frozenset(
    ["organization", "organisation", "group", "movement", "front", "army", "guerrilla",
     "guerrillas", "rebel", "rebels", "militants", "commando", "commandos", "command", "cell",
     "faction", "insurgents"]
)


def _claimants(doc: Doc, ranges: list[tuple[int, int]],
               plural_only: bool = False) -> list[tuple[int, int, bool]]:
    """Return (start, end, generic) of the phrases that claim responsibility in `ranges`.

    "The Secret Anticommunist Army (ESA) has claimed responsibility": its subject, whatever the
    head ("army" alone names no perpetrator); "ELN guerrillas, which have claimed
    responsibility": the antecedent of the relative pronoun. `generic` says the phrase names
    no one ("this organization that claimed responsibility"). Negated claims ("no group has
    claimed responsibility") give none. `plural_only` keeps the claims of several acts ("claimed
    responsibility for the attacks on the oil pipeline").
    """
    out: list[tuple[int, int, bool]] = []
    for s, e in ranges:
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is None or not any(t.lower_ in ("responsibility", "credit") for t in span):
            continue
        for tok in span:
            if tok.lemma_.lower() != "claim" or tok.pos_ not in ("VERB", "AUX") or _negated(tok):
                continue
            if plural_only and not _claims_several(tok):
                continue
            for c in tok.children:
                if c.dep_ not in ("nsubj", "nsubjpass"):
                    continue
                head = c
                right = c.right_edge.idx + len(c.right_edge.text)
                if c.lower_ in ("which", "that", "who") and tok.dep_ == "relcl":
                    head = tok.head
                    right = c.idx
                if head.pos_ == "PRON" or head.lower_ in ("no", "none", "nobody"):
                    continue
                left = head.left_edge
                while left.i > span.start and doc[left.i - 1].pos_ in (
                        "PROPN", "X", "PUNCT", "NOUN", "ADJ") and doc[left.i - 1].text != ",":
                    left = doc[left.i - 1]
                generic = head.lemma_.lower() in _GROUP_WORDS and not any(
                    t.pos_ == "PROPN" or t.ent_type_ in ("ORG", "NORP")
                    for t in doc[left.i:head.i + 1])
                out.append((left.idx, right, generic))
    return out


def _claims_several(claim: Token) -> bool:
    """Return True when a claim's object is plural ("responsibility for the attacks")."""
    for obj in claim.children:
        if obj.lower_ not in ("responsibility", "credit"):
            continue
        for prep in obj.children:
            if prep.lower_ != "for":
                continue
            return any(p.dep_ == "pobj" and p.tag_ == "NNS" and p.lemma_.lower() in _ACTS
                       for p in prep.children)
    return False


_ACTS = frozenset(
    ["attack", "bombing", "explosion", "blast", "killing", "murder", "assassination",
     "kidnapping", "abduction", "action", "operation", "ambush", "raid", "sabotage"]
)


def _mark_claims(perps: list[Perpetrator], claimants: list[tuple[int, int, bool]],
                 text: str) -> list[Perpetrator]:
    """Return `perps` with those a claimant phrase names (or holds) marked as claiming.

    A claimant that names no one ("this organization claimed responsibility") is the
    incident's group when it names exactly one.
    """
    if not claimants:
        return perps
    claimed: set[int] = set()
    for a, b, generic in claimants:
        phrase = text[a:b]
        inside = {i for i, p in enumerate(perps) if (
            p.evidence is not None and p.evidence.start < b and p.evidence.end > a)
            or re.search(rf"(?<!\w){re.escape(p.name)}(?!\w)", phrase, re.I)}
        if not inside and generic:
            groups = [i for i, p in enumerate(perps) if p.kind == "group"]
            inside = set(groups) if len(groups) == 1 else set()
        claimed |= inside
    return [p.model_copy(update={"responsibility": Responsibility.CLAIMED})
            if i in claimed and p.responsibility != Responsibility.DENIED else p
            for i, p in enumerate(perps)]


def _find_targets(doc: Doc, text: str, ranges: list[tuple[int, int]],
                  counts: list[CountHit]) -> list[Target]:
    found = {t.text.lower(): t for t in find_targets(doc, text, ranges)}
    # The nouns of casualty figures ("five soldiers were killed") are human targets too.
    for hit in counts:
        if hit.role in ("killed", "injured", "kidnapped") and hit.noun and hit.count.evidence:
            noun = re.split(r"\s+(?:of|in|at|and|from|,)\b", hit.noun.strip())[0]
            noun = re.sub(r"^(?:the|a|an|some|several|other|\d[\d,]*|[a-z]+ty(?:-\w+)?)\s+", "",
                          noun, flags=re.I)
            ev = hit.count.evidence
            idx = text.find(noun, ev.start, ev.end)
            key = noun.lower()
            if not noun or idx < 0 or len(noun) > 60 or key in found or key in (
                    "others", "people", "him", "her", "them", "persons"):
                continue
            typed = classify_target(noun)
            if typed is None:
                continue
            found[key] = Target(text=noun, kind="people", gtd_target_type=typed[0],
                                evidence=Span(start=idx, end=idx + len(noun), text=noun))
    return list(found.values())


# This many different weapons named in one sentence make it an inventory.
INVENTORY_SIZE = 4


def _find_weapons(doc: Doc, text: str, ranges: list[tuple[int, int]]) -> list[Weapon]:
    by_model = model_weapons(doc, text, ranges)
    if by_model is not None:
        return by_model  # the role classifier (long reports; the rules below otherwise)
    found: dict[str, Weapon] = {}
    for s, e in ranges:
        # Weapons listed where no violence happens are an arms cache or an inventory
        # ("seized rifles, grenades and mortars"), not what the attackers used.
        if not any(t.eventive and t.category in VIOLENT and t.category != "disrupted"
                   for t in usable_triggers(text, find_triggers(text, s, e))):
            continue
        hits = find_weapons(text, s, e)
        if len({text[a:b].lower() for a, b, _ in hits}) >= INVENTORY_SIZE:
            continue  # a list of arms: what was seized or displayed, not what was used
        for a, b, kind in hits:
            raw = text[a:b]
            key = raw.lower()
            if key.endswith("s") and not key.endswith("ss"):
                key = key[:-1]  # "bombs" and "bomb" are one weapon
            if key in ("fire", "gunfire") or key in found:
                continue
            found[key] = Weapon(text=raw, gtd_weapon_type=kind,
                                evidence=Span(start=a, end=b, text=raw))
    # "car bomb" says all that "bomb" says.
    keys = list(found)
    return [w for k, w in found.items()
            if not any(o != k and o.endswith(" " + k) for o in keys)]


def _is_background(date: EventDate | None, published: dt.date | None) -> bool:
    """Return True when the incident's own date lies long before the report's."""
    if date is None or published is None or date.precision == DatePrecision.PUBLICATION:
        return False
    try:
        day = dt.date.fromisoformat(date.iso if len(date.iso) == 10 else date.iso + "-28")
    except ValueError:
        return False
    return (published - day).days > BACKGROUND_DAYS


def _mention(doc: Doc, text: str, article: Article, group: _Group, index: int,
             dateline_span: Span | None, skip: tuple[int, int]) -> Mention | None:
    context = " ".join(text[s:e] for s, e in group.sentences)
    coding = code_incident(group.triggers, context)
    if coding.acled_subtype is None and coding.gtd_type is None:
        return None
    trig = coding.trigger
    type_evidence = Span(start=trig.start, end=trig.end, text=trig.text) if trig else None
    date = choose_date(text, group.sentences, group.anchor, article.published, skip=skip)
    place = group.place
    if place is None and dateline_span is not None:
        place = Place(raw=dateline_span.text, evidence=dateline_span)
    return Mention(
        article_id=article.id,
        index=index,
        gtd_type=coding.gtd_type,
        acled_type=coding.acled_type,
        acled_subtype=coding.acled_subtype,
        type_evidence=type_evidence,
        date=date,
        place=place,
        killed=best_count(group.counts, "killed"),
        injured=best_count(group.counts, "injured"),
        kidnapped=best_count(group.counts, "kidnapped"),
        perpetrators_killed=best_count(group.counts, "perpetrators_killed"),
        perpetrators=_find_perpetrators(doc, text, group.sentences) if group.violent else [],
        targets=_find_targets(doc, text, group.sentences, group.counts) if group.violent else [],
        weapons=_find_weapons(doc, text, group.sentences) if group.violent else [],
        background=_is_background(date, article.published),
        published=article.published,
        published_at=article.published_at,
    )


@dataclass
class Candidate:
    """A group of sentences that may report an incident, coded, with what the rules think."""

    group: _Group
    mention: Mention
    rule_keep: bool  # the rules alone keep it (not military-only, not an accident)
    features: dict[str, float] = field(default_factory=dict)


# The shipped incident relevance model (scripts/train_incident_model.py) keeps a candidate of a
# long report at or above this probability (chosen by cross-validation on the training
# documents; see the script's output).
RELEVANCE_MODEL = "incident_relevance"
RELEVANCE_THRESHOLD = 0.3
# The shipped GTD attack-type model replaces the rules' type of a kept candidate of a long
# report when its label is this probable (see `_MODEL_GTD` for the types it may replace).
TYPE_MODEL = "incident_gtd_type"
TYPE_THRESHOLD = 0.5


def find_candidates(doc: Doc, article: Article) -> list[Candidate]:
    """Return every candidate incident of `article`, coded, with its relevance features.

    `find_incidents` keeps some of them; the training script labels them against gold.
    """
    full = doc_text(doc)
    text = article.text if len(article.text) == len(full) else full
    d_start, d_end, dateline_span = dateline(text)
    groups, developments = _group_sentences(doc, text, article, (d_start, d_end))
    chosen = groups if groups else developments[:1]
    n_sents = sum(1 for _ in doc.sents)
    long_report = n_sents > SHORT_REPORT_SENTENCES
    out: list[Candidate] = []
    for group in chosen:
        m = _mention(doc, text, article, group, len(out), dateline_span, (d_start, d_end))
        if m is None:
            continue
        military = _military_only(group)
        accident = _accident_only(text, group)
        keep = not (long_report and m.gtd_type is None and military) and not accident
        out.append(Candidate(group=group, mention=m, rule_keep=keep))
    doc_feats = _document_features(text, d_end)
    for i, cand in enumerate(out):
        cand.features = _candidate_features(text, cand, i, len(out), n_sents, doc_feats)
    return out


def _bucket(n: int, edges: tuple[int, ...]) -> str:
    for edge in edges:
        if n <= edge:
            return str(edge)
    return f">{edges[-1]}"


def _document_features(text: str, header_end: int) -> dict[str, float]:
    """Return features of the whole report: its header words and its vocabulary."""
    from tocsin.extract.typing_model import tokens

    feats: dict[str, float] = {}
    header = tokens(text[: max(header_end, 0) + 120])[:25]
    for word in set(header):
        feats[f"h:{word}"] = 0.3
    words = set(tokens(text))
    if words:
        weight = 0.5 / len(words) ** 0.5
        for word in words:
            feats[f"d:{word}"] = weight
    return feats


def _candidate_features(text: str, cand: Candidate, index: int, n_candidates: int,
                        n_sents: int, doc_feats: dict[str, float]) -> dict[str, float]:
    """Return the relevance/type features of one candidate (weights by feature kind)."""
    import itertools

    from tocsin.extract.typing_model import tokens

    group, m = cand.group, cand.mention
    feats = dict(doc_feats)
    toks: list[str] = []
    for s, e in group.sentences:
        toks.extend(tokens(text[s:e]))
    grams = {f"w:{t}" for t in toks} | {f"b:{a}_{b}" for a, b in itertools.pairwise(toks)}
    if grams:
        weight = 1.0 / len(grams) ** 0.5
        for g in grams:
            feats[g] = weight
    first = group.sentences[0]
    lead = tokens(text[first[0]:first[1]])[:12]
    for word in set(lead):
        feats[f"l:{word}"] = 0.3
    for t in group.triggers:
        feats[f"c:{t.category}:{int(t.eventive)}"] = 1.0
        feats[f"t:{t.text.lower()}:{int(t.eventive)}"] = 0.5
    feats[f"g:{m.gtd_type}"] = 1.0
    feats[f"a:{m.acled_subtype}"] = 1.0
    feats[f"i:{min(index, 3)}"] = 1.0
    feats[f"n:{min(n_candidates, 5)}"] = 1.0
    feats[f"s:{_bucket(len(group.sentences), (1, 2, 4, 8))}"] = 1.0
    feats[f"ns:{_bucket(n_sents, (4, 8, 16, 32))}"] = 1.0
    feats[f"pos:{_bucket(int(10 * first[0] / max(len(text), 1)), (0, 2, 5, 9))}"] = 1.0
    feats[f"keep:{int(cand.rule_keep)}"] = 1.0
    feats[f"bg:{int(m.background)}"] = 1.0
    feats[f"strong:{int(_is_strong(group.triggers, group.counts, text))}"] = 1.0
    for name in ("killed", "injured", "kidnapped"):
        count = getattr(m, name)
        if count is not None:
            feats[f"k:{name}:{_bucket(count.value, (0, 1, 5))}"] = 1.0
    if m.date is not None:
        feats[f"dp:{m.date.precision.value}"] = 1.0
        if m.published is not None and len(m.date.iso) == 10:
            days = (m.published - dt.date.fromisoformat(m.date.iso)).days
            feats[f"age:{_bucket(days, (-1, 0, 1, 3, 7, 31, 365))}"] = 1.0
    feats[f"perp:{min(len(m.perpetrators), 2)}"] = 1.0
    for p in m.perpetrators:
        feats[f"pk:{p.kind}:{p.responsibility.value}"] = 1.0
    for tg in m.targets:
        feats[f"tt:{tg.gtd_target_type}:{tg.kind}"] = 1.0
    for w in m.weapons:
        feats[f"wt:{w.gtd_weapon_type}"] = 1.0
    for t in group.triggers[:6]:
        before = tokens(text[max(0, t.start - 40):t.start])[-2:]
        after = tokens(text[t.end:t.end + 40])[:2]
        feats[f"tb:{'_'.join(before)}:{t.category}"] = 0.5
        feats[f"ta:{t.category}:{'_'.join(after)}"] = 0.5
    feats[f"tgt:{min(len(m.targets), 2)}"] = 1.0
    feats[f"wpn:{min(len(m.weapons), 2)}"] = 1.0
    return feats


def _relevant(cand: Candidate) -> bool:
    from tocsin.extract.typing_model import load_linear

    model = load_linear(RELEVANCE_MODEL)
    if model is None:
        return cand.rule_keep
    return model.probability(cand.features, "1") >= RELEVANCE_THRESHOLD


# GTD types the type model may replace. It learnt the MUC-4 templates, whose ATTACK covers
# murders of officials and hostage sieges too: in long reports it may recode the rules'
# Assassination and Barricade as Armed Assault (short texts, GTD summaries among them, keep the
# rules' codebook reading). Hijackings stay: the model never saw one.
_MODEL_GTD = frozenset(
    ["Armed Assault", "Bombing/Explosion", "Hostage Taking (Kidnapping)",
     "Facility/Infrastructure Attack", "Assassination", "Hostage Taking (Barricade Incident)",
     "Unarmed Assault", None]
)


def _retyped(cand: Candidate) -> Mention:
    """Return the candidate's mention with the type model's GTD type where it is confident."""
    from tocsin.extract.typing_model import load_linear

    m = cand.mention
    model = load_linear(TYPE_MODEL)
    if model is None or m.gtd_type not in _MODEL_GTD:
        return m
    probs = model.probabilities(cand.features)
    best = int(probs.argmax())
    label = model.labels[best]
    # A kept candidate the rules left untyped (a "clash" that the model deems an attack) takes
    # the model's best label whatever its probability: the model judged it an incident.
    confident = float(probs[best]) >= TYPE_THRESHOLD or m.gtd_type is None
    if not confident or label == m.gtd_type or label not in _MODEL_GTD:
        return m
    return m.model_copy(update={"gtd_type": label})


def _victims_only(m: Mention, group: _Group) -> Mention:
    """Return `m` with its killed figure counting victims only, attackers apart.

    Long upper-case wire and radio reports of a war (MUC-4's domain) code the dead of the
    attack's targets: guerrillas killed in the clash that followed, kidnappers killed in a
    rescue, a bomber killed by his own grenade are the fighting's toll, kept in
    `perpetrators_killed` (its HUM TGT counts victims only). News and incident notes keep the
    GTD and Gun Violence Archive convention (killed includes attackers who died). Applied after
    the relevance features are read, which the models learnt with the GTD figure.
    """
    victims = best_count(group.counts, "killed", include_perpetrators=False)
    if victims == m.killed:
        return m
    return m.model_copy(update={"killed": victims})


def find_incidents(doc: Doc, article: Article) -> list[Mention]:
    """Return the incidents `article` reports, in text order, each with its evidence spans.

    `doc` is the spaCy parse of `truecase.prepare_text(article.text)`; spans index
    `article.text` (the two have the same length). In a long upper-case report (the models'
    training domain) each candidate must pass the shipped relevance model and may be retyped;
    elsewhere, and where no model ships, the rules decide alone (a headline, a GTD summary or
    an ACLED note reports its one event).
    """
    cands = find_candidates(doc, article)
    long_report = sum(1 for _ in doc.sents) > SHORT_REPORT_SENTENCES
    if not (long_report and is_mostly_upper(article.text)):
        # The models learnt upper-case wire and radio reports (MUC-4); on mixed-case news they
        # cost recall (local crime reports: 0.91 -> 0.66 on a GVA sample), so the rules decide.
        mentions = [c.mention for c in cands if c.rule_keep]
    else:
        mentions = [_victims_only(_retyped(c), c.group) for c in cands if _relevant(c)]
        if len(mentions) > 1:
            # "ELN guerrillas, which have claimed responsibility for the attacks on the oil
            # pipeline": a claim of several acts covers each incident of the report by them.
            full = doc_text(doc)
            text = article.text if len(article.text) == len(full) else full
            several = _claimants(doc, [(0, len(text))], plural_only=True)
            if several:
                mentions = [m.model_copy(update={"perpetrators": _mark_claims(
                    m.perpetrators, [(a, b, False) for a, b, _ in several], text)})
                    for m in mentions]
    for i, m in enumerate(mentions):
        m.index = i
    return mentions
