"""Interactions: who condemned, condoled, warned, claimed, shared intelligence... in an article.

Rules over the dependency parse. A trigger is a verb ("condemned"), a light verb with its
object ("expressed condolences", "claimed responsibility") or a nominal form whose agent the
text names ("Xi Jinping's condemnation", "the sharing of intelligence by the United States").
The verb table lives in `tocsin.extract.verbs`; this module finds triggers, their actors and
targets, and drops what was not done: negated, asked, hypothetical or requested of someone
else ("called on Iran to condemn" is Iran being asked, a REQUEST by the caller).

Public statements (verb `statement`, CAMEO 010 "make public statement", PLOVER none) are coded
by default, as GDELT, ICEWS and PETRARCH code them, under one rule: the speaker must be named
or specific: a person, organisation or state, or a role qualified by one ("Peskov said",
"the Chinese court says", "Taiwan prosecutors said", "US state department officials said").
Attributions to unnamed sources ("police said", "officials said", "witnesses said", "his
family said") are the sourcing of a report, not an act, and are not coded. Statements keep
their own type so that users can filter them out, and are linked to the incident
(`mention_index`) when their sentence reports it. Figures behind the rule (dev sets):
cameo_news (actor, cameo) F1 0.38 without statements, 0.51 with named speakers,
0.52 with every speaker but at precision 0.54 instead of 0.61; on 80 GVA local crime reports,
named speakers add 1.6 statements an article, every speaker 3.7 ("police said" everywhere).
`statements=False` turns statements off. "Declined to comment" is `decline_comment` (CAMEO
011); "admitted that..." is `admit` (CAMEO 015).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from tocsin.extract.nlp import doc_text, entities, entity_at
from tocsin.extract.verbs import VerbSpec, spec, verb_index
from tocsin.models import Actor, ActorKind, Article, Interaction, Mention, Span

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


def _words(text: str) -> frozenset[str]:
    """Return the whitespace-separated words of a word list written as one string."""
    return frozenset(text.split())


# Governors whose infinitive complement is done by the governor's subject as an act of its own
# ("took to social media to denounce", "decided to allow", "continued to send arms").
_PASSTHROUGH = _words(
    """
    take move decide continue begin start resume rush hasten go come travel fly head arrive
    return use try attempt manage vote proceed choose opt act hurry step order
    """
)
# Governors that make the complement an intention, not an act ("plans to impose sanctions").
_INTENT = _words(
    """
    plan intend want hope aim prepare expect mean wish ready willing prepared committed
    determined poised set eager keen able
    """
)
_FUTURE_AUX = frozenset({"will", "would", "shall", "'ll", "wo"})
_HYPOTHETICAL_AUX = frozenset({"may", "might", "could", "should", "can", "must", "ca", "ought"})
_CONDITION_MARKS = frozenset({"if", "unless", "whether"})
_REPORTING = _words(
    """
    say announce declare state tell add insist conclude reiterate stress confirm
    """
)
_PRONOUNS_PERSON = frozenset({"he", "she", "him", "her", "his", "hers"})
_RELATIVE = frozenset({"who", "which", "that", "whom", "whose"})
# Heads that may stand for an actor without being a name ("world leaders", "police").
_GENERIC_ACTORS = _words(
    """
    leader official government police policeman policemen army troop soldier force military
    rebel militant gunman gunmen attacker assailant insurgent terrorist protester protestor
    demonstrator student worker minister president premier ministry embassy spokesman
    spokeswoman spokesperson authority administration court parliament community group party
    forum side settler doctor hacker elder youth man woman militiaman militiamen newspaper
    bulldozer warship vessel businessman cleric priest bishop archbishop lawyer attorney
    union crowd villager resident farmer opposition regime coalition delegation envoy
    ambassador diplomat commander bomber mob guerrilla fighter jihadist extremist separatist
    militia king queen chancellor secretary council cabinet congress senate legislature
    lawmaker legislator agency department office state nation country power ally neighbor
    witness source analyst expert aide adviser advisor jury tribunal commission committee
    board panel institute observatory church senator congressman congresswoman councilman
    councillor councilor mp
    neighbour organization organisation movement faction junta guard officer prosecutor
    judge investigator inspector observer mediator negotiator pope monarch emir sheikh
    prince chairman chief head representative delegate governor mayor activist opponent
    people population citizen refugee prisoner hostage victim family worker employee union
    staff navy airforce aircraft tank helicopter jet plane drone warplane artillery predator
    unit squad battalion brigade division regiment company firm bank association federation
    """
)
_ACTOR_ENTS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
# Nouns for the incident itself, so a target "the attack" is tied to the article's mention.
_INCIDENT_NOUNS = _words(
    """
    attack attacks bombing blast explosion shooting violence massacre killing killings
    incident tragedy assault atrocity act carnage bloodshed terror terrorism raid ambush
    siege hostage kidnapping abduction murder murders shootings bombings rampage strike
    strikes event
    """
)
_STATEMENT_ABOUT_INCIDENT = frozenset(
    {"condemn", "condole", "support", "claim_responsibility", "deny", "warn", "accuse"}
)
# Statements linked to the incident only when their sentence reports it (a figure, the
# incident's trigger word, or an incident noun): "the minister said 12 people died".
_TALK_ABOUT_INCIDENT = frozenset({"statement", "admit", "decline_comment", "investigate"})
# Speakers that are a source of the report rather than an actor in it: "police said",
# "officials said", "witnesses said". Their bare statements are not coded (module docstring).
_NAMED_ENTS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"})
_EARLIER = frozenset({"previously", "earlier", "already", "beforehand", "before", "prior"})
_ROLE_HEADS = _words(
    """
    president minister ministry secretary head chief leader spokesman spokeswoman
    spokesperson ambassador embassy council department office chairman commander governor
    director member king queen prince emir party representative envoy foreign
    """
)
_ALONGSIDE = frozenset({"alongside", "with"})

_OBJECT_DEPS = frozenset({"dobj", "obj"})
_TARGET_PREPS = frozenset({"to", "with", "against", "on", "at", "for", "toward", "towards", "of"})


@dataclass
class _Trigger:
    token: Token  # the verb (or noun) that carries the interaction
    spec: VerbSpec
    object_token: Token | None = None  # the light verb's object ("condolences")
    nominal: bool = False


def find_interactions(
    doc: Doc,
    article: Article,
    mentions: list[Mention],
    *,
    statements: bool = True,
) -> list[Interaction]:
    """Return the interactions the article reports, one per (actor, trigger).

    `doc` is the parse of a same-length copy of `article.text` (offsets are article offsets).
    `statements` codes bare public statements by named speakers ("Peskov said", CAMEO 010;
    see the module docstring); `statements=False` leaves them out.
    """
    out: list[Interaction] = []
    seen: set[tuple[str, str, int, str]] = set()
    text = doc_text(doc)
    for sent in doc.sents:
        if text[sent.start_char:sent.end_char].rstrip().endswith("?"):
            continue  # questions report nothing done
        for trig in _triggers(sent, statements=statements):
            for inter in _interactions_for(trig, doc, article, mentions):
                key = (inter.actor.raw.lower(), inter.verb, trig.token.i, inter.cameo or "")
                if key in seen:
                    continue
                seen.add(key)
                out.append(inter)
    return out


# --- triggers ---------------------------------------------------------------------------------


def _lemma(tok: Token) -> str:
    return tok.lemma_.lower()


def _objects(verb: Token) -> list[Token]:
    objs = [c for c in verb.children if c.dep_ in _OBJECT_DEPS]
    # "blocked roads and bridges": conjuncts of the object are objects too.
    for o in list(objs):
        objs.extend(o.conjuncts)
    # A phrasal verb's object may hang off its particle or a preposition ("called off the strike",
    # "opened fire on", "took responsibility for").
    for c in verb.children:
        if c.dep_ == "prt":
            objs.extend(cc for cc in c.children if cc.dep_ in _OBJECT_DEPS)
    return objs


def _object_spec(verb: Token) -> tuple[VerbSpec, Token] | None:
    idx = verb_index()
    vl = _lemma(verb)
    # "called off the strike" is not "called a strike": the particle joins the verb.
    names = [f"{vl}_{_lemma(c)}" for c in verb.children if c.dep_ == "prt"] + [vl]
    for obj in _objects(verb):
        cands = [obj] + [c for c in obj.children if c.dep_ in ("compound", "amod")]
        # "700 kg of medicine", "tons of food aid": the measured noun decides.
        for c in obj.children:
            if c.dep_ == "prep" and _lemma(c) == "of":
                cands.extend(p for p in c.children if p.dep_ == "pobj")
        for name in names:
            for cand in reversed(cands):  # "hunger strike": the compound decides first
                hit = idx.by_object.get((name, _lemma(cand)))
                if hit is not None:
                    return hit, obj
    # "declared a state of siege", "lodged a protest": object may be a pobj of the object.
    if vl in ("declare", "impose"):
        for obj in _objects(verb):
            if _lemma(obj) == "state":
                return spec("ban"), obj
    return None


def _verb_spec(tok: Token, *, statements: bool) -> tuple[VerbSpec, Token | None] | None:
    idx = verb_index()
    lemma = _lemma(tok)
    prts = {_lemma(c) for c in tok.children if c.dep_ == "prt"}
    preps = {_lemma(c) for c in tok.children if c.dep_ == "prep"}
    obj = _object_spec(tok)
    if obj is not None:
        return obj
    if lemma == "call":
        if "off" in prts:
            return None
        if preps & {"for", "on", "upon"}:
            return spec("request"), None
        return None
    if lemma == "blow" and "up" not in prts:
        return None
    if lemma == "crack" and "down" not in prts:
        return None
    if lemma == "carry":
        return None
    if lemma == "deny" and any(c.dep_ == "ccomp" for c in tok.children):
        return spec("deny"), None
    if lemma == "protest" and (
        "to" in preps or any(c.dep_ in (*_OBJECT_DEPS, "ccomp") for c in tok.children)
    ):
        return spec("complain"), None
    if lemma == "arrive" and any(
        p.ent_type_ == "GPE"
        for c in tok.children
        if c.dep_ == "prep" and _lemma(c) == "in"
        for p in c.children
    ):
        return spec("visit"), None
    if lemma == "warn":
        return _warn_spec(tok), None
    if lemma == "hail" and "from" in preps:
        return None  # "a youth hailing from Khant" comes from there; nobody is praised
    if lemma in ("decline", "refuse") and any(
        c.dep_ == "xcomp" and _lemma(c) in _COMMENT_WORDS for c in tok.children
    ):
        return spec("decline_comment"), None
    if lemma in ("admit", "acknowledge", "confess"):
        return (spec("admit"), None) if _admits_something(tok) else None
    if lemma in _ORDER_VERBS and any(
        c.dep_ == "xcomp" and any(a.tag_ == "TO" for a in c.children) for c in tok.children
    ):
        return spec("demand"), None  # "directed the state government to order a probe"
    if lemma == "claim":
        if statements and any(c.dep_ == "ccomp" for c in tok.children):
            return spec("statement"), None  # "claimed that...": a claim of fact, said aloud
        return None  # responsibility is an object pair
    hit = None
    for prt in prts:  # "lashed out at", "pointed out that": the particle joins the verb
        hit = idx.by_lemma.get(f"{lemma}_{prt}")
        if hit is not None:
            break
    if hit is None and not (lemma == "point" and "out" not in prts):
        hit = idx.by_lemma.get(lemma)
    if hit is not None and hit.key == "statement" and not statements:
        return None
    if hit is not None and lemma in ("speak", "add") and not _is_clause_head_statement(tok):
        return None
    if hit is not None:
        return hit, None
    return None


# Complements of "declined to ..." that make it a refusal to comment (CAMEO 011).
_COMMENT_WORDS = _words(
    """
    comment say reveal disclose elaborate discuss confirm identify name specify give speak
    detail
    """
)
# "admitted X": objects that are an admission of a fault, not a patient or a visitor.
_GUILT = _words(
    """
    guilt mistake error role involvement wrongdoing failure responsibility blame fault
    charge crime killing murder lapse negligence
    """
)
_ORDER_VERBS = frozenset({"direct", "order", "instruct", "command", "tell"})


def _admits_something(verb: Token) -> bool:
    """'admitted that...', 'confessed to taking bribes', 'acknowledged mistakes'."""
    for c in verb.children:
        if c.dep_ == "ccomp":
            return True
        if c.dep_ in _OBJECT_DEPS and _lemma(c) in _GUILT:
            return True
        if (
            c.dep_ == "prep"
            and _lemma(c) == "to"
            and any(p.dep_ in ("pcomp", "pobj") for p in c.children)
        ):
            return True
    return False


def _is_clause_head_statement(verb: Token) -> bool:
    """'Ghani speaks during the prayer', 'he added that...': a speaker's own public act.

    'speak' and 'add' are statements only with a named subject and no object that makes them
    something else ('added a clause', 'speaks French').
    """
    return not any(c.dep_ in _OBJECT_DEPS for c in verb.children) or any(
        c.dep_ == "ccomp" for c in verb.children
    )


def _warn_spec(tok: Token) -> VerbSpec:
    for c in tok.children:
        # "warned that it would retaliate": the speaker's own future act is a threat.
        if c.dep_ == "ccomp" and any(
            a.dep_ == "aux" and _lemma(a) in _FUTURE_AUX for a in c.children
        ):
            subj = _subject(c)
            own = _subject(tok)
            if subj is not None and (
                _lemma(subj) in {"it", "we", "they", "i"}
                or (own is not None and _lemma(subj) == _lemma(own))
            ):
                return spec("threaten")
        if c.dep_ in _OBJECT_DEPS and _is_actor_head(c):
            return spec("warn_party")
    return spec("warn")


def _triggers(sent: Iterable[Token], *, statements: bool) -> Iterator[_Trigger]:
    objects_used: set[int] = set()
    toks = list(sent)
    for tok in toks:
        if tok.pos_ not in ("VERB", "AUX") or tok.dep_ in ("amod", "aux", "auxpass"):
            continue
        if _aux_lemmas(tok) & {"must", "should"} and _reporting_speaker(tok) is not None:
            # "X said Y must hand over the suspects": a demand by X, whatever Y must do.
            yield _Trigger(tok, spec("demand_must"))
            continue
        hit = _verb_spec(tok, statements=statements)
        if hit is None:
            continue
        vspec, obj = hit
        if obj is not None:
            objects_used.add(obj.i)
        yield _Trigger(tok, vspec, obj)
    idx = verb_index()
    for tok in toks:
        if tok.pos_ not in ("NOUN", "PROPN") or tok.i in objects_used:
            continue
        nspec = idx.by_noun.get(_lemma(tok))
        if nspec is None:
            continue
        of = [
            _lemma(p)
            for c in tok.children
            if c.dep_ == "prep"
            for p in c.children
            if p.dep_ == "pobj" and _lemma(c) in ("of", "for")
        ]
        # The parser sometimes hangs "of responsibility" elsewhere: read the next words too.
        nxt = tok.doc[tok.i + 1 : tok.i + 4]
        if len(nxt) >= 2 and _lemma(nxt[0]) in ("of", "for"):
            of.extend(_lemma(t) for t in nxt[1:])
        if nspec.key == "claim_responsibility" and not {"responsibility", "credit"} & set(of):
            continue
        if nspec.key == "share_intelligence" and not {
            "intelligence",
            "information",
            "evidence",
            "data",
            "expertise",
        } & set(of):
            continue
        yield _Trigger(tok, nspec, None, nominal=True)


# --- who did it -------------------------------------------------------------------------------


def _subject(verb: Token) -> Token | None:
    # A dateline glued to the sentence ("MOSCOW, Sept. 24 -- Putin offered") is often parsed
    # as a second subject: the subject is the one after the dateline.
    start = _dateline_end(verb)
    for c in verb.children:
        if c.dep_ in ("nsubj", "csubj", "expl"):
            if c.i >= start:
                return c if c.dep_ != "expl" else None
            # "Raipur, India - Rights activists ... called": the dateline took the subject's
            # place and the real subject hangs off it as an appositive.
            for a in c.children:
                if a.dep_ == "appos" and a.i >= start:
                    return a
    for c in verb.children:
        if c.dep_ == "agent":
            for p in c.children:
                if p.dep_ == "pobj":
                    return p
    return None


def _agent(verb: Token) -> Token | None:
    for c in verb.children:
        if c.dep_ == "agent":
            for p in c.children:
                if p.dep_ == "pobj":
                    return p
    return None


def _dateline_end(tok: Token) -> int:
    """Index of the first token after a dateline ("MOSCOW, Sept. 24 --", "Raipur, India -")."""
    sent = tok.sent
    for t in sent[:16]:
        if t.text in ("--", "—", "–", ":", "-") and t.i > sent.start:
            before = sent.doc[sent.start : t.i]
            if t.text == "-" and not (t.whitespace_ and before[-1].whitespace_):
                continue
            if all(
                b.is_punct or b.like_num or b.pos_ == "PROPN" or b.is_upper or b.is_title
                for b in before
            ):
                return t.i + 1
    return sent.start


def _is_passive(verb: Token) -> bool:
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
        return True
    # A bare participle ("suspects detained in Lyon", headline "Activist released") is
    # passive: its parsed subject is who it happened to.
    return (
        verb.tag_ == "VBN"
        and verb.dep_ != "conj"
        and not any(c.dep_ == "aux" for c in verb.children)
        # "Trump offered what...", "crowds burned down its embassy": a past tense mis-tagged
        # as a participle; its subject and object make it active.
        and not (
            any(c.dep_ == "nsubj" for c in verb.children)
            and any(c.dep_ in ("dobj", "ccomp", "prt", "dative") for c in verb.children)
        )
    )


def _aux_lemmas(verb: Token) -> set[str]:
    return {_lemma(c) for c in verb.children if c.dep_ in ("aux", "auxpass")} | {
        c.text.lower() for c in verb.children if c.dep_ in ("aux", "auxpass")
    }


def _negated(verb: Token) -> bool:
    return any(
        c.dep_ == "neg" or (_lemma(c) in ("never", "no") and c.dep_ in ("advmod", "det"))
        for c in verb.children
    )


def _conditional(verb: Token) -> bool:
    tok: Token | None = verb
    while tok is not None:
        if any(c.dep_ == "mark" and _lemma(c) in _CONDITION_MARKS for c in tok.children):
            return True
        if tok.dep_ in ("ROOT",) or tok.head.i == tok.i:
            return False
        tok = tok.head if tok.dep_ in ("conj", "xcomp", "advcl", "ccomp") else None
    return False


@dataclass
class _Frame:
    """Where the actor comes from and how the act is qualified, after climbing the clause."""

    subject: Token | None
    mode: str  # "act", "intent", "skip"
    demand_by: Token | None = None  # "said X must ...": the speaker demands


def _frame(verb: Token, vspec: VerbSpec) -> _Frame:
    """Climb from the trigger to the clause that carries its subject and modality."""
    tok = verb
    mode = "act"
    for _ in range(6):
        aux = _aux_lemmas(tok)
        if _negated(tok):
            return _Frame(None, "skip")
        if aux & _HYPOTHETICAL_AUX:
            if "must" in aux or "should" in aux:
                speaker = _reporting_speaker(tok)
                if speaker is not None:
                    return _Frame(speaker, "act", demand_by=speaker)
            return _Frame(None, "skip")
        if aux & _FUTURE_AUX or ("going" in aux and tok.dep_ == "xcomp"):
            mode = "intent"
        subj = _agent(tok) if _is_passive(tok) else _subject(tok)
        if _is_passive(tok) and subj is None and tok.dep_ not in ("xcomp", "conj", "advcl"):
            # "was arrested" with no agent: nobody named did it.
            return _Frame(None, "skip")
        if subj is not None:
            return _Frame(subj, mode)
        dep = tok.dep_
        head = tok.head
        if head.i == tok.i:
            return _Frame(None, "skip")
        if dep == "conj":
            tok = head
            continue
        if dep in ("xcomp", "advcl") and any(
            c.dep_ == "aux" and c.tag_ == "TO" for c in tok.children
        ):
            hl = _lemma(head)
            if hl in _PASSTHROUGH:
                tok = head
                continue
            if hl in _INTENT or (head.pos_ == "ADJ" and hl in _INTENT):
                mode = "intent"
                tok = head if head.pos_ != "ADJ" else head.head
                continue
            return _Frame(None, "skip")  # purpose clause or request: not this verb's act
        if (
            dep == "advcl"
            and tok.tag_ == "VBG"
            and not any(c.dep_ in ("mark", "aux") for c in tok.children)
            and head.pos_ in ("VERB", "AUX")
        ):
            # "lashed out at X, accusing her of...": the participle's doer is the clause's.
            tok = head
            continue
        if dep in ("acl",) and head.pos_ in ("NOUN", "PROPN") and tok.tag_ == "VBG":
            return _Frame(head, mode)
        if dep == "relcl":
            return _Frame(head, mode)
        return _Frame(None, "skip")
    return _Frame(None, "skip")


def _reporting_speaker(tok: Token) -> Token | None:
    """'X said Y must ...': return X when `tok` heads a reported clause."""
    if tok.dep_ == "ccomp" and _lemma(tok.head) in _REPORTING | {"demand", "urge"}:
        return _subject(tok.head)
    return None


def _governed_by_trigger(verb: Token, *, statements: bool) -> bool:
    """True when an infinitive trigger is the content of another trigger ("agreed to share")."""
    if verb.dep_ not in ("xcomp", "ccomp", "advcl", "conj"):
        return False
    tok = verb
    while tok.dep_ == "conj":
        tok = tok.head
    if tok.dep_ not in ("xcomp", "ccomp", "advcl"):
        return False
    head = tok.head
    if _lemma(head) in _PASSTHROUGH:
        return False
    if tok.dep_ == "advcl" and (
        _subject(tok) is not None or not any(c.tag_ == "TO" for c in tok.children)
    ):
        # "as the agency announced...", "lashed out at X, accusing her of...": an act of its own.
        return False
    if tok.dep_ == "ccomp" and _lemma(head) != "agree":
        return False  # "said police arrested": the reported act stands on its own
    return bool(head.pos_ == "VERB" and _verb_spec(head, statements=statements) is not None)


def _restates_head(verb: Token, vspec: VerbSpec) -> bool:
    """'attacked by militiamen, killing 156': the participle restates its head's act."""
    if verb.dep_ != "advcl" or verb.tag_ != "VBG":
        return False
    hit = _verb_spec(verb.head, statements=False)
    return hit is not None and hit[0].verb == vspec.verb


def _resolve_pronoun(tok: Token) -> Token | None:
    low = tok.text.lower()
    if low in _RELATIVE:
        head = tok.head
        # "X, who took...": the relative clause hangs off X (or off X's appositive).
        while head.dep_ == "relcl" or head.pos_ in ("VERB", "AUX"):
            head = head.head
            if head.head.i == head.i:
                break
        while head.dep_ == "appos":
            head = head.head
        return head if head.pos_ in ("NOUN", "PROPN") else None
    if low in ("it", "they", "we") and tok.dep_ in ("nsubj", "nsubjpass"):
        # "Iraq said it would allow...": the pronoun is the reporting verb's subject.
        clause = tok.head
        while clause.dep_ in ("conj", "xcomp") and clause.head.i != clause.i:
            clause = clause.head
        if clause.dep_ == "ccomp" and _lemma(clause.head) in _REPORTING:
            subj = _subject(clause.head)
            if subj is not None and subj.pos_ != "PRON":
                return subj
        return None
    if low in _PRONOUNS_PERSON:
        doc = tok.doc
        best = None
        for ent in entities(doc):
            if ent.label_ == "PERSON" and ent.end <= tok.i and tok.sent.start - ent.start < 400:
                best = ent
        return best.root if best is not None else None
    return None


def _among_subject(tok: Token) -> Token | None:
    """'Among the voices condemning it was X': the actor is X, not 'the voices'."""
    if tok.dep_ == "pobj" and _lemma(tok.head) == "among":
        verb = tok.head.head
        subj = _subject(verb)
        if subj is not None and subj.i != tok.i:
            return subj
    return None


def _is_actor_head(tok: Token) -> bool:
    if tok.ent_type_ in _ACTOR_ENTS:
        return True
    if tok.pos_ == "PROPN":
        return True
    if _lemma(tok) in _GENERIC_ACTORS or tok.text.lower() in _GENERIC_ACTORS:
        return True
    # "Swiss doctors", "Israeli army bulldozers", "the APEC forum": a named modifier makes
    # an actor of a common noun.
    return tok.pos_ == "NOUN" and any(
        c.dep_ in ("amod", "compound", "poss") and c.ent_type_ in _ACTOR_ENTS for c in tok.children
    )


def _actor_heads(subject: Token) -> list[Token]:
    """The actor tokens a subject stands for: itself, its conjuncts, 'X, alongside Y'."""
    tok: Token | None = subject
    if subject.pos_ == "PRON" or subject.text.lower() in _RELATIVE:
        tok = _resolve_pronoun(subject)
    if tok is None or tok.i < _dateline_end(tok):
        return []
    among = _among_subject(tok)
    if among is not None:
        tok = among
    heads = [tok, *tok.conjuncts]
    for c in tok.children:
        if c.dep_ == "prep" and _lemma(c) in _ALONGSIDE and _lemma(c) != "with":
            heads.extend(p for p in c.children if p.dep_ == "pobj")
    # "Putin, alongside other world leaders, expressed...": spaCy hangs the prep off the verb.
    verb = subject.head
    if subject.dep_ == "nsubj":
        for c in verb.children:
            if c.dep_ == "prep" and _lemma(c) == "alongside":
                heads.extend(p for p in c.children if p.dep_ == "pobj")
    return [h for h in heads if _is_actor_head(h)]


def _np_tokens(head: Token) -> list[Token]:
    """Tokens of the noun phrase an actor head names (modifiers, names, 'of X' for roles)."""
    keep = [head]
    for c in head.children:
        if c.i < head.i and c.dep_ in ("compound", "amod", "nmod", "poss", "nummod", "quantmod"):
            if c.dep_ == "poss" and c.pos_ == "PRON":
                continue
            keep.extend(t for t in c.subtree if t.dep_ not in ("cc", "conj") or t.head.i != c.i)
        elif (
            c.i > head.i
            and c.dep_ == "prep"
            and _lemma(c) == "of"
            and (_lemma(head) in _ROLE_HEADS or head.ent_type_ == "ORG")
        ):
            keep.extend(t for t in c.subtree if t.dep_ not in ("relcl", "appos"))
        elif (
            c.i > head.i
            and c.dep_ == "prep"
            and _lemma(c) in ("in", "of", "from")
            and head.pos_ == "NOUN"
            and any(t.ent_type_ in ("GPE", "ORG", "PERSON", "NORP", "LOC") for t in c.subtree)
            and c.i - head.i <= 2
        ):
            # "Security forces in Guinea", "the government of Iran": where they are from.
            sub = [t for t in c.subtree if t.dep_ not in ("relcl", "appos", "acl")]
            if len(sub) <= 8:
                keep.extend(sub)
    # Whole named entity: "The US Embassy", "the United States".
    whole = entity_at(head) if head.ent_type_ else None
    if whole is not None:
        keep.extend(whole)
    keep = sorted(set(keep), key=lambda t: t.i)
    # Drop a conjoined modifier's siblings ("Hungarian and Romanian officials" is split later).
    while keep and (keep[0].dep_ in ("det", "cc", "punct", "case") or keep[0].pos_ == "DET"):
        keep.pop(0)
    while keep and keep[-1].dep_ in ("case", "punct", "cc"):
        keep.pop()
    if not keep:
        return []
    lo, hi = max(keep[0].i, _dateline_end(head)), keep[-1].i
    doc = head.doc
    # Never cross a line break: a heading glued to the next sentence is not part of a name.
    for t in doc[lo : head.i]:
        if "\n" in t.text_with_ws:
            lo = t.i + 1
    for t in doc[head.i : hi]:
        if "\n" in t.text_with_ws:
            hi = t.i
            break
    out = [t for t in doc[lo : hi + 1] if not t.is_space]
    # "a federal grand jury in Brooklyn Friday": the date is when, not part of the name.
    while len(out) > 1 and out[-1].ent_type_ in ("DATE", "TIME") and out[-1].i > head.i:
        out.pop()
    return out


def _split_modifier_conj(head: Token, toks: list[Token]) -> list[list[Token]]:
    """'Hungarian and Romanian officials' -> 'Hungarian officials', 'Romanian officials'."""
    for c in head.children:
        if (
            c.dep_ in ("amod", "compound")
            and c.conjuncts
            and c.i < head.i
            # Only names split ("Hungarian and Romanian"); "thinner but combative" is one man.
            and all(m.ent_type_ or m.pos_ == "PROPN" for m in (c, *c.conjuncts))
        ):
            groups = []
            for mod in (c, *c.conjuncts):
                drop = {t.i for m in (c, *c.conjuncts) if m is not mod for t in [m]}
                drop |= {t.i for t in toks if t.dep_ == "cc" and t.head in (c, *c.conjuncts)}
                groups.append([t for t in toks if t.i not in drop])
            return groups
    return [toks]


def _kind(head: Token) -> ActorKind:
    ent = head.ent_type_
    if ent == "PERSON":
        return ActorKind.PERSON
    if ent == "GPE":
        return ActorKind.STATE
    if ent == "ORG":
        return ActorKind.ORGANISATION
    if ent == "NORP" and head.pos_ in ("PROPN", "NOUN") and head.tag_ in ("NNPS", "NNS"):
        return ActorKind.STATE
    return ActorKind.GENERIC


def _span(article: Article, start: int, end: int) -> Span:
    start = max(0, min(start, len(article.text)))
    end = max(start, min(end, len(article.text)))
    return Span(start=start, end=end, text=article.text[start:end])


def _role(head: Token, article: Article) -> str | None:
    for c in head.children:
        if c.dep_ == "appos" and c.pos_ in ("NOUN", "PROPN") and c.ent_type_ != "PERSON":
            toks = [t for t in c.subtree if t.dep_ not in ("relcl",)]
            toks = [t for t in toks if not any(a.dep_ == "relcl" for a in t.ancestors if a in toks)]
            while toks and (toks[0].pos_ == "DET" or toks[0].is_punct):
                toks.pop(0)
            while toks and toks[-1].text in (",", ";"):
                toks.pop()
            if not toks:
                continue
            text = _span(article, toks[0].idx, toks[-1].idx + len(toks[-1].text)).text
            if text.count("(") > text.count(")"):
                text += ")"
            return text
    return None


def _make_actor(head: Token, toks: list[Token], article: Article) -> Actor | None:
    if not toks:
        return None
    sp = _span(article, toks[0].idx, toks[-1].idx + len(toks[-1].text))
    raw = re.sub(r"(?:'s|’s|')$", "", sp.text).strip()
    if not raw:
        return None
    return Actor(name=raw, kind=_kind(head), raw=raw, evidence=sp, role=_role(head, article))


def _actors(subject: Token, article: Article) -> list[Actor]:
    out: list[Actor] = []
    heads = _actor_heads(subject)
    if len(heads) > 1 and _one_person_conj(heads):
        # "A businessman and rights defender has denied...": one person with two descriptions.
        toks = _np_tokens(heads[0])
        last = heads[-1]
        toks = (
            sorted(
                {*toks, *(t for t in heads[0].doc[toks[0].i : last.i + 1] if not t.is_space)},
                key=lambda t: t.i,
            )
            if toks
            else []
        )
        actor = _make_actor(heads[0], toks, article)
        return [actor] if actor is not None else []
    for head in heads:
        named = _person_appositive(head)
        if named is not None:
            # "The PTI Chairman, Imran Khan, ridiculed...": the person acts; the title is a role.
            role_toks = _np_tokens(head)
            actor = _make_actor(named, _np_tokens(named), article)
            if actor is not None and role_toks:
                role = _span(article, role_toks[0].idx, role_toks[-1].idx + len(role_toks[-1]))
                actor.role = role.text
                out.append(actor)
                continue
        toks = _np_tokens(head)
        for group in _split_modifier_conj(head, toks):
            actor = _make_actor(head, group, article)
            if actor is not None:
                out.append(actor)
    return out


def _person_appositive(head: Token) -> Token | None:
    """The named person a title stands beside ('the Chairman, Imran Khan'), if any."""
    if head.ent_type_ == "PERSON" or head.pos_ not in ("NOUN", "PROPN"):
        return None
    for c in head.children:
        left = c.left_edge
        if (
            c.dep_ == "appos"
            and c.ent_type_ == "PERSON"
            and c.i > head.i
            and left.i > 0
            and head.doc[left.i - 1].text == ","
        ):
            return c
    return None


def _one_person_conj(heads: list[Token]) -> bool:
    """True when conjoined common nouns under one article take a singular verb."""
    first = heads[0]
    if any(h.tag_ != "NN" or h.ent_type_ for h in heads):
        return False
    if not any(c.dep_ == "det" and _lemma(c) in ("a", "an", "the") for c in first.children):
        return False
    verb = first.head
    if first.dep_ != "nsubj":
        return False
    forms = [verb, *(c for c in verb.children if c.dep_ in ("aux", "auxpass"))]
    return any(t.tag_ == "VBZ" for t in forms)


def _named_speaker(actor: Actor, doc: Doc) -> bool:
    """Whether a speaker is named or specific ('Peskov', 'Taiwan prosecutors'), not a source."""
    if actor.evidence is None:
        return False
    span = doc.char_span(actor.evidence.start, actor.evidence.end, alignment_mode="expand")
    if span is None:
        return False
    return any(t.ent_type_ in _NAMED_ENTS or t.pos_ == "PROPN" for t in span)


def _sentence_on_incident(tok: Token, mentions: list[Mention]) -> bool:
    sent = tok.sent
    lo, hi = sent.start_char, sent.end_char
    for m in mentions:
        for ev in (
            m.type_evidence,
            m.killed.evidence if m.killed else None,
            m.injured.evidence if m.injured else None,
            m.kidnapped.evidence if m.kidnapped else None,
        ):
            if ev is not None and lo <= ev.start < hi:
                return True
    return any(_lemma(t) in _INCIDENT_NOUNS and t.pos_ == "NOUN" for t in sent)


# --- whom, when -------------------------------------------------------------------------------


def _target_token(trig: _Trigger) -> Token | None:
    tok = trig.token
    if trig.spec.key == "statement":
        # Whom a statement was made to ("told reporters", "said to the UN"), never its topic.
        for c in tok.children:
            if c.dep_ in ("dative", *_OBJECT_DEPS) and _lemma(tok) == "tell":
                return c
            if c.dep_ in ("prep", "dative") and _lemma(c) == "to":
                return next((p for p in c.children if p.dep_ == "pobj"), None)
        return None
    found = _target_token_any(trig)
    if found is not None and found.ent_type_ in ("DATE", "TIME"):
        return None  # "said on Saturday": a date is when, not whom
    return found


def _target_token_any(trig: _Trigger) -> Token | None:
    tok = trig.token
    if trig.nominal:
        for c in tok.children:
            if c.dep_ == "prep" and _lemma(c) in ("with", "to", "against", "on", "of", "for"):
                for p in c.children:
                    if p.dep_ == "pobj" and _lemma(p) not in (
                        "responsibility",
                        "credit",
                        "intelligence",
                        "information",
                        "evidence",
                        "data",
                        "expertise",
                    ):
                        return p
            if c.dep_ == "prep" and _lemma(c) == "of":
                # "claim of responsibility for the attack"
                for p in c.children:
                    for pp in p.children:
                        if pp.dep_ == "prep" and _lemma(pp) in ("for", "with", "to"):
                            for q in pp.children:
                                if q.dep_ == "pobj":
                                    return q
        return None
    if _is_passive(tok):
        for c in tok.children:
            if c.dep_ == "nsubjpass":
                return c
    if trig.object_token is None:
        for c in tok.children:
            if c.dep_ in _OBJECT_DEPS:
                return c
    holders = [tok] if trig.object_token is None else [tok, trig.object_token]
    for h in holders:
        for c in h.children:
            if c.dep_ in ("prep", "dative") and _lemma(c) in _TARGET_PREPS:
                if _lemma(c) == "of" and h.i == tok.i and trig.spec.verb != "warn":
                    continue
                for p in c.children:
                    if p.dep_ == "pobj":
                        return p
            if c.dep_ == "dative" and c.pos_ in ("NOUN", "PROPN", "PRON"):
                return c
    return None


def _target_text(tok: Token, article: Article) -> str:
    toks = [t for t in tok.subtree if t.dep_ not in ("relcl", "acl", "appos")]
    toks = [t for t in toks if abs(t.i - tok.i) <= 8]
    lo, hi = min(t.i for t in toks), max(t.i for t in toks)
    span = tok.doc[lo : hi + 1]
    return _span(article, span.start_char, span.end_char).text.strip(" ,;:")


def _mention_for(trig_tok: Token, mentions: list[Mention]) -> int | None:
    cands = [m for m in mentions if not m.background] or list(mentions)
    if not cands:
        return None
    if len(cands) == 1:
        return cands[0].index

    def anchor(m: Mention) -> int:
        ev = m.type_evidence or (m.place.evidence if m.place else None)
        return ev.start if ev is not None else 0

    before = [m for m in cands if anchor(m) <= trig_tok.idx]
    pool = before or cands
    return max(pool, key=anchor).index if before else pool[0].index


_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@lru_cache(maxsize=1)
def _dateparser() -> object:
    import dateparser

    return dateparser


def _date_of(tok: Token, published: dt.date | None) -> dt.date | None:
    if published is None:
        return None
    for c in tok.children:
        cands = [c] if c.ent_type_ == "DATE" and c.dep_ == "npadvmod" else []
        if c.dep_ == "prep" and _lemma(c) == "on":
            cands = [p for p in c.children if p.ent_type_ == "DATE"]
        for d in cands:
            text = "".join(t.text_with_ws for t in d.subtree).strip().lower()
            if text in ("today", "this morning", "tonight"):
                return published
            if text in ("yesterday", "last night"):
                return published - dt.timedelta(days=1)
            if text in _WEEKDAYS:
                back = (published.weekday() - _WEEKDAYS.index(text)) % 7
                return published - dt.timedelta(days=back)
            parser = _dateparser()
            got = parser.parse(  # type: ignore[attr-defined]
                text,
                languages=["en"],
                settings={
                    "RELATIVE_BASE": dt.datetime.combine(published, dt.time()),
                    "PREFER_DATES_FROM": "past",
                },
            )
            if got is not None and got.date() <= published:
                return got.date()
    return None


def _evidence(tok: Token, article: Article) -> Span:
    """The trigger's sentence, cut to its line (the parser glues headings onto sentences)."""
    sent = tok.sent
    start, end = sent.start_char, sent.end_char
    cut = article.text.rfind("\n", start, tok.idx)
    if cut != -1:
        start = cut + 1
    cut = article.text.find("\n", tok.idx, end)
    if cut != -1:
        end = cut
    text = article.text[start:end]
    start += len(text) - len(text.lstrip())
    end -= len(text) - len(text.rstrip())
    return _span(article, start, end)


def _before_incident(tok: Token, trig: _Trigger) -> bool:
    if trig.spec.verb not in ("warn", "threaten", "share_intelligence"):
        return False
    for c in tok.children:
        if c.dep_ == "advmod" and _lemma(c) in _EARLIER:
            return True
        if c.dep_ == "amod" and _lemma(c) in {"earlier", "prior", "previous", "advance"}:
            return True
        if c.dep_ == "prep" and _lemma(c) in ("before", "ahead"):
            return True
    aux = [c for c in tok.children if c.dep_ == "aux"]
    return tok.tag_ == "VBN" and any(_lemma(a) == "have" and a.tag_ == "VBD" for a in aux)


_MILITARY = _words(
    """
    army troop soldier force military navy airforce drone aircraft warplane jet helicopter
    tank artillery battalion brigade regiment division marine
    """
)


def _military(actor: Actor) -> bool:
    words = {w.lower().rstrip("s") for w in re.findall(r"[A-Za-z]+", actor.raw)}
    return bool(words & _MILITARY) or actor.kind == ActorKind.STATE


# --- assembly ---------------------------------------------------------------------------------


def _interactions_for(
    trig: _Trigger, doc: Doc, article: Article, mentions: list[Mention]
) -> list[Interaction]:
    tok = trig.token
    vspec = trig.spec
    if trig.nominal:
        subject = None
        for c in tok.children:
            if c.dep_ == "poss":
                subject = c
            elif c.dep_ == "prep" and _lemma(c) == "by":
                subject = next((p for p in c.children if p.dep_ == "pobj"), subject)
        if subject is None or _conditional(tok):
            return []
        frame = _Frame(subject, "act")
    else:
        if _conditional(tok) or _governed_by_trigger(tok, statements=vspec.key == "statement"):
            return []
        if _restates_head(tok, vspec):
            return []
        frame = _frame(tok, vspec)
        if frame.mode == "skip" or frame.subject is None:
            return []
        if frame.demand_by is not None:
            vspec = spec("demand_must")
        elif frame.mode == "intent":
            if vspec.statement:
                return []
            if vspec.plover in ("THREATEN", "REQUEST", "REJECT"):
                pass  # "will reject", "would threaten": already an intention by nature
            elif vspec.hostile or vspec.plover in ("SANCTION", "COERCE", "ASSAULT", "MOBILIZE"):
                vspec = spec("intent_hostile")
            elif vspec.plover in (
                "RETREAT",
                "CONCEDE",
                "AID",
                "COOPERATE",
                "CONSULT",
                "SUPPORT",
                "AGREE",
            ):
                vspec = spec("intent")
    if frame.subject is None:
        return []
    actors = _actors(frame.subject, article)
    if vspec.key == "statement":
        actors = [a for a in actors if _named_speaker(a, doc)]
    if not actors:
        return []
    target_tok = _target_token(trig) if frame.demand_by is None else _subject(tok)
    target: Actor | None = None
    target_text: str | None = None
    if target_tok is not None:
        if target_tok.pos_ == "PRON":
            resolved = _resolve_pronoun(target_tok)
            target_tok = resolved
        if target_tok is not None:
            if _is_actor_head(target_tok) and _lemma(target_tok) not in _INCIDENT_NOUNS:
                target = _make_actor(target_tok, _np_tokens(target_tok), article)
            else:
                target_text = _target_text(target_tok, article)
    mention_index: int | None = None
    if mentions and vspec.verb in _STATEMENT_ABOUT_INCIDENT:
        about_incident = target_tok is None or _lemma(target_tok) in _INCIDENT_NOUNS
        if vspec.verb in ("condole", "claim_responsibility") or about_incident:
            mention_index = _mention_for(tok, mentions)
    elif mentions and vspec.verb in _TALK_ABOUT_INCIDENT and _sentence_on_incident(tok, mentions):
        mention_index = _mention_for(tok, mentions)
    evidence = _evidence(tok, article)
    cameo = vspec.cameo
    if vspec.cameo_military and any(_military(a) for a in actors):
        cameo = vspec.cameo_military
    date = _date_of(tok, article.published) or article.published
    before = _before_incident(tok, trig)
    return [
        Interaction(
            article_id=article.id,
            actor=actor,
            verb=vspec.verb,
            plover=vspec.plover,
            plover_mode=vspec.plover_mode,
            cameo=cameo,
            target=target,
            target_text=target_text if target is None else None,
            mention_index=mention_index,
            date=date,
            before_incident=before,
            evidence=evidence,
        )
        for actor in actors
    ]
