"""Case restoration for upper-case text (MUC-4 transcripts, wire headlines) before parsing.

spaCy's small English model tags an all-capitals text badly (every word looks like a proper
noun), so upper-case text is lower-cased and capitals are put back where English prose has
them: at the start of a sentence, on words that are not ordinary English words (names), and
on acronyms, which stay upper case. The output has exactly the length of the input, so every
span found in it lines up with the article text.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

# Share of upper-case letters above which a text counts as "mostly upper case".
UPPER_SHARE = 0.7

# Acronyms kept upper case even where they look like words ("US"). Not "IS": in upper-case text
# it is the verb far more often than the Islamic State.
ACRONYMS = frozenset(
    [
        "FMLN", "FDR", "ARENA", "PDC", "UN", "UNO", "USA", "US", "UK", "EU", "NATO", "FBI", "CIA",
        "DEA", "ISIS", "ISIL", "AQAP", "AQIM", "PKK", "IRA", "ETA", "FARC", "ELN", "EPL",
        "M19", "MRTA", "PLO", "PLA", "TASS", "EFE", "AFP", "AP", "UPI", "BBC", "CNN", "URNG",
        "ORPA", "FAR", "EGP", "PGT", "COPREFA", "DRU", "PCN", "PRTC", "ERP", "RN", "FAL", "FPL",
        "ANSESAL", "ANTEL", "CEL", "ACAN", "KDP", "PKK", "YPG", "SDF", "ISI", "IED", "RPG", "AK",
        "USSR", "OAS", "ICRC", "NGO", "KGB", "DGSE", "MI5", "MI6", "SWAT", "ATF", "DHS", "NYPD",
        "LAPD", "TV"
    ]
)

_WORD = re.compile(r"[^\W\d_]+")
_VOWELS = set("AEIOUY")
# Characters after which the next word starts a sentence (dateline "--", "[TEXT]" included).
_SENTENCE_END = set(".!?:\"")


@lru_cache(maxsize=1)
def _lower_words() -> frozenset[str]:
    """Return the shipped list of words that English prose writes in lower case."""
    text = resources.files("tocsin").joinpath("data", "incident_lowercase_words.txt").read_text(
        encoding="utf-8"
    )
    return frozenset(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


def is_mostly_upper(text: str) -> bool:
    """Return True when at least UPPER_SHARE of the cased letters of `text` are capitals."""
    upper = lower = 0
    for ch in text:
        if ch.isupper():
            upper += 1
        elif ch.islower():
            lower += 1
    total = upper + lower
    return total > 0 and upper / total >= UPPER_SHARE


def _is_common(word: str, words: frozenset[str]) -> bool:
    """Return True when `word` (lower case) or a simple inflection base of it is a common word."""
    if word in words:
        return True
    # Inflections are not in the list (it holds base forms mostly): strip common endings.
    for suffix, repl in (
        ("ies", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e"),
        ("ly", ""), ("ers", ""), ("er", ""), ("est", ""),
    ):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            base = word[: len(word) - len(suffix)] + repl
            if base in words:
                return True
    # Doubled consonant before -ed/-ing: "kidnapped", "shelling".
    for suffix in ("ed", "ing"):
        if word.endswith(suffix) and len(word) > len(suffix) + 3:
            stem = word[: -len(suffix)]
            if len(stem) > 2 and stem[-1] == stem[-2] and stem[:-1] in words:
                return True
    return False


def _sentence_initial(text: str, start: int) -> bool:
    i = start - 1
    while i >= 0 and text[i] in " \t\r\"'([":
        i -= 1
    if i < 0:
        return True
    if text[i] == "\n":
        # A blank line or an indented line starts a paragraph.
        j = i - 1
        while j >= 0 and text[j] in " \t\r":
            j -= 1
        return j < 0 or text[j] == "\n" or text[j] in _SENTENCE_END or start - i > 1
    if text[i] == "-":
        return i > 0 and text[i - 1] == "-"
    if text[i] == "]":
        # "[TEXT] THE..." starts a sentence; "...FRONT [FMLN] IN..." does not.
        j = text.rfind("[", 0, i)
        k = j - 1
        while k >= 0 and text[k] in " \t\r":
            k -= 1
        return j >= 0 and (k < 0 or text[k] in "]\n-." )
    return text[i] in _SENTENCE_END


def _in_brackets(text: str, start: int, end: int) -> bool:
    return start > 0 and text[start - 1] == "[" and end < len(text) and text[end] == "]"


def prepare_text(text: str) -> str:
    """Return `text` with natural casing restored when it is mostly upper case, else unchanged.

    The result always has `len(text)` characters: only the case of letters changes.
    """
    if not is_mostly_upper(text):
        return text
    words = _lower_words()
    out = list(text)
    for m in _WORD.finditer(text):
        word = m.group()
        start, end = m.span()
        lowered = word.lower()
        if len(lowered) != len(word):
            continue  # a letter whose lower case changes length: leave the word as it is
        if word in ACRONYMS or (
            len(word) >= 2 and (
                (len(word) <= 5 and not (set(word) & _VOWELS))
                or (_in_brackets(text, start, end) and len(word) <= 6
                    and not _is_common(lowered, words))
            )
        ):
            continue  # keep the acronym upper case
        if len(word) == 1 and word not in "AI":
            continue  # initials and letters in codes ("M-16") stay capitals
        common = lowered == "a" or _is_common(lowered, words)
        if _sentence_initial(text, start) or lowered == "i" or not common:
            new = lowered[0].upper() + lowered[1:]
        else:
            new = lowered
        out[start:end] = new
    result = "".join(out)
    return result if len(result) == len(text) else text
