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
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tocsin.extract.counts import CountHit, best_count, find_counts
from tocsin.extract.dates import choose_date, find_date_expressions, resolve
from tocsin.extract.location import dateline, sentence_place
from tocsin.extract.types import VIOLENT, Trigger, code_incident, find_triggers, find_weapons
from tocsin.extract.types import target_type as classify_target
from tocsin.models import (
    Article,
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
_NOT_PERP = frozenset(
    [
        "police", "army", "military", "government", "troops", "soldiers", "authorities",
        "officials", "it", "they", "he", "she", "we", "i", "you", "who", "which", "that", "this",
        "people", "civilians", "victims"
    ]
)


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


def _explicit_date(text: str, start: int, end: int, published: object) -> str | None:
    import datetime as dt

    pub = published if isinstance(published, dt.date) else None
    for expr in find_date_expressions(text, start, end):
        if expr.kind in ("relative", "weekday", "dmy", "mdy", "iso"):
            d = resolve(expr, text, pub)
            if d is not None and len(d.iso) == 10:
                return d.iso
    return None


def _is_strong(triggers: list[Trigger], counts: list[CountHit]) -> bool:
    for t in triggers:
        if not t.eventive or t.category not in VIOLENT:
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
    last_end = 0
    for sent in doc.sents:
        s, e = sent.start_char, sent.end_char
        if e <= dateline[1]:
            continue
        s = max(s, dateline[1]) if s < dateline[1] else s
        triggers = find_triggers(text, s, e)
        counts = find_counts(text, s, e)
        violent = [t for t in triggers if t.eventive and t.category in VIOLENT]
        strong = _is_strong(triggers, counts)
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
            if current is not None and counts:
                current.sentences.append((s, e))
                current.counts.extend(counts)
            continue
        anchor = violent[0].start
        place = sentence_place(sent, text, dateline, anchor)
        date_iso = _explicit_date(text, s, e, article.published)
        sentence = text[s:e]
        if current is None:
            if not strong:
                continue
            new = True
        else:
            separator = _SEPARATOR.search(sentence) is not None
            anaphor = _ANAPHOR.search(sentence) is not None and not separator
            other_place = (place is not None and current.place is not None
                           and place.raw.lower() != current.place.raw.lower()
                           and place.raw.lower() not in current.place.raw.lower()
                           and current.place.raw.lower() not in place.raw.lower())
            other_date = (date_iso is not None and current.date_iso is not None
                          and date_iso != current.date_iso)
            new = strong and not anaphor and (separator or other_place or other_date)
        if new:
            current = _Group(anchor=anchor, place=place, date_iso=date_iso)
            groups.append(current)
        assert current is not None
        current.sentences.append((s, e))
        current.triggers.extend(triggers)
        current.counts.extend(counts)
        if current.place is None and place is not None:
            current.place = place
        if current.date_iso is None:
            current.date_iso = date_iso
    return groups, developments


# --- perpetrators ----------------------------------------------------------------------------


def _token_span(tok: Token) -> tuple[int, int]:
    """Return the character span of the name a token heads (entity, or compound + head)."""
    if tok.ent_type_ and tok.ent_iob_ != "O":
        for ent in tok.doc.ents:
            if ent.start <= tok.i < ent.end:
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
    while i >= tok.sent.start and tok.doc[i].dep_ in ("compound", "amod") \
            and tok.doc[i].head.i >= left.i:
        left = tok.doc[i]
        i -= 1
    return left.idx, tok.idx + len(tok.text)


def _perp_kind(tok: Token, name: str) -> str:
    if tok.ent_type_ in ("ORG", "NORP"):
        return "group"
    if name.isupper() and len(name) <= 8 and " " not in name:
        return "group"
    if tok.lemma_.lower() in _GROUP_HEADS or tok.lower_ in _GROUP_HEADS:
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
    return list(found.values())


def _find_targets(doc: Doc, text: str, ranges: list[tuple[int, int]],
                  counts: list[CountHit]) -> list[Target]:
    found: dict[str, Target] = {}

    def add_text(start: int, end: int) -> None:
        raw = text[start:end].strip(" ,.;")
        raw = re.sub(r"^(?:the|a|an|some|several|other|\d[\d,]*|[a-z]+ty(?:-\w+)?)\s+", "", raw,
                     flags=re.I)
        if not raw or len(raw) > 60:
            return
        typed = classify_target(raw)
        if typed is None:
            return
        key = raw.lower()
        if key in found or key in ("others", "people", "him", "her", "them"):
            return
        s = text.find(raw, start, end + 1)
        s = start if s < 0 else s
        found[key] = Target(text=raw, kind=typed[1], gtd_target_type=typed[0],  # type: ignore
                            evidence=Span(start=s, end=s + len(raw), text=text[s:s + len(raw)]))

    for hit in counts:
        if hit.role in ("killed", "injured", "kidnapped") and hit.noun and hit.count.evidence:
            noun = re.split(r"\s+(?:of|in|at|and|from|,)\b", hit.noun.strip())[0]
            ev = hit.count.evidence
            idx = text.find(noun, ev.start, ev.end)
            if noun and idx >= 0:
                add_text(idx, idx + len(noun))
    for s, e in ranges:
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is None:
            continue
        for tok in span:
            lemma = tok.lemma_.lower()
            if lemma in _ATTACK_LEMMAS and tok.pos_ == "VERB":
                for c in tok.children:
                    if c.dep_ in ("dobj", "nsubjpass") and c.pos_ in ("NOUN", "PROPN"):
                        if c.dep_ == "nsubjpass" and lemma in ("open", "set", "carry", "launch"):
                            continue
                        a, b = _token_span(c)
                        add_text(a, b)
            if tok.lower_ in ("attack", "attacks", "assault", "bombing", "raid", "explosion",
                              "blast", "shooting") and tok.pos_ == "NOUN":
                heads = [tok]
                if tok.dep_ in ("nsubj", "nsubjpass"):
                    heads.append(tok.head)  # "an attack unfolded at a concert hall"
                for c in (c for h in heads for c in h.children):
                    if c.dep_ == "prep" and c.lower_ in ("on", "against", "at"):
                        for p in c.children:
                            if p.dep_ == "pobj":
                                a, b = _token_span(p)
                                add_text(a, b)
    return list(found.values())


def _find_weapons(text: str, ranges: list[tuple[int, int]]) -> list[Weapon]:
    found: dict[str, Weapon] = {}
    for s, e in ranges:
        for a, b, kind in find_weapons(text, s, e):
            raw = text[a:b]
            key = raw.lower()
            if key in ("fire", "gunfire") or key in found:
                continue
            found[key] = Weapon(text=raw, gtd_weapon_type=kind,
                                evidence=Span(start=a, end=b, text=raw))
    return list(found.values())


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
        weapons=_find_weapons(text, group.sentences) if group.violent else [],
        published=article.published,
        published_at=article.published_at,
    )


def find_incidents(doc: Doc, article: Article) -> list[Mention]:
    """Return the incidents `article` reports, in text order, each with its evidence spans.

    `doc` is the spaCy parse of `truecase.prepare_text(article.text)`; spans index
    `article.text` (the two have the same length).
    """
    text = article.text if len(article.text) == len(doc.text) else doc.text
    d_start, d_end, dateline_span = dateline(text)
    groups, developments = _group_sentences(doc, text, article, (d_start, d_end))
    chosen = groups if groups else developments[:1]
    mentions: list[Mention] = []
    for group in chosen:
        m = _mention(doc, text, article, group, len(mentions), dateline_span, (d_start, d_end))
        if m is not None:
            mentions.append(m)
    return mentions
