"""Clean: articles in, articles with normalised text, boilerplate removed, language checked.

- `normalise_text(text)`: Unicode NFC, typographic quotes/dashes/spaces mapped to plain ones,
  runs of blanks collapsed, newlines normalised; paragraph breaks (blank lines) kept.
- `clean(articles, report=...)`: the stage. Strips boilerplate lines (advertisement markers,
  share/subscribe prompts, cookie notices, copyright notices) and section headings, unwraps
  hard-wrapped paragraphs, skips non-English and empty articles (counted), and sets
  `language` and `content_hash` on new Article objects.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from tocsin.models import Article
from tocsin.report import RunReport

__all__ = ["clean", "clean_text", "content_hash", "detect_language", "normalise_text"]

_CHAR_MAP = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2212": "-",
        # Em dash and horizontal bar separate clauses: spaced, so "attack\u2014which" splits.
        "\u2014": " - ",
        "\u2015": " - ",
        "\u2026": "...",
        "\u00a0": " ",
        "\u2007": " ",
        "\u2009": " ",
        "\u200a": " ",
        "\u202f": " ",
        "\u3000": " ",
        "\u2002": " ",
        "\u2003": " ",
        "\u2028": "\n",
        "\u2029": "\n\n",
        "\f": "\n\n",
        "\v": "\n",
        "\u00ad": None,  # soft hyphen
        "\u200b": None,  # zero-width space
        "\u2060": None,
        "\ufeff": None,
    }
)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_BLANKS = re.compile(r"[ \t]+")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def normalise_text(text: str) -> str:
    """Return `text` in NFC with plain quotes, dashes and spaces, blanks collapsed per line.

    Lines are stripped; runs of blank lines become one blank line (a paragraph break);
    single newlines are kept.
    """
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _CONTROL.sub("", text.translate(_CHAR_MAP))
    lines = [_BLANKS.sub(" ", line).strip() for line in text.split("\n")]
    return _PARAGRAPH_BREAK.sub("\n\n", "\n".join(lines)).strip()


# --- boilerplate -------------------------------------------------------------------------

_SOCIAL = r"(?:facebook|twitter|x|whatsapp|linkedin|instagram|telegram|email|e-mail|reddit)"
# Whole lines that are page furniture, not reporting. Matched case-insensitively against a
# line of at most _BOILERPLATE_MAX_WORDS words.
_BOILERPLATE = re.compile(
    r"""^(?:
        advert[i]?s[e]?ments?|advertisment|adverti[sz]ing|ad|sponsored(?:\ content)?
      | (?:story\ )?continues?\ (?:below|after\ (?:the\ )?(?:advertisement|ad))(?:\ .*)?
      | continue\ reading.*|scroll\ (?:down\ )?to\ continue.*
      | share(?:\ (?:this|the))?(?:\ (?:article|story|page|post))?(?:\ (?:on|via|with)\ .*)?
      | (?:tweet|print|email|e-mail|comments?|save)(?:\ (?:this|article|story))?
      | share\ on\ .* | (?:click|tap)\ (?:here|to)\b.*
      | (?:subscribe|sign\ up)\b.* | register\ (?:now|here|for\ free|to\ ).*
      | follow\ (?:us|@\S+|[\w .'-]{1,40}?\ on\ """
    + _SOCIAL
    + r""").*
      | (?:read|see)\ (?:more|also)\b.*|also\ read\b.* | more\ (?:on\ this|stories|news)\b.*
      | related(?:\ (?:stories|articles|content|coverage|news|topics|links|reading))?(?:\s*:.*)?
      | (?:recommended|most\ (?:read|popular|viewed)|trending(?:\ now)?)
        (?:\ (?:stories|articles|for\ you))?(?:\s*:.*)?
      | (?:get|download)\ (?:the\ )?(?:app|our\ app|latest\ news)\b.*
      | (?:photo|image|video|file\ photo|picture)(?:\ credit)?\s*:.*
      | (?:copyright\b|\(c\)|\u00a9).*
      | all\ rights\ reserved.*
      | [-=_*~#\u2022.]{3,}
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
_BOILERPLATE_MAX_WORDS = 25
_COOKIES = re.compile(
    r"\bcookies?\b.*\b(?:website|site|browser|browsing|experience|policy|consent|settings"
    r"|preferences)\b|\b(?:website|site|we)\b.*\buses?\b.*\bcookies?\b",
    re.IGNORECASE,
)
_COOKIES_MAX_WORDS = 80
# Copyright notices that agencies embed in the first or last sentence of the text.
_INLINE_BOILERPLATE = re.compile(
    r"(?:Copyright|\u00a9|\(c\))\s*(?:\u00a9\s*)?\d{4}[^\n]{0,80}?All rights reserved\.\s*"
    r"|This material may not be published, broadcast, rewritten,? or redistributed\.\s*"
    r"|Read or Share this story: \S+\s*"
    r"|Sign up for [^.!\n]{0,120}?(?:newsletters?|subscription)\b[^.!\n]{0,120}[.!]\s*"
    r"|Click here to sign up!?\s*",
    re.IGNORECASE,
)
# An advertisement marker left between two sentences of a flattened page.
_INLINE_ADVERT = re.compile(
    r"(?<=[.!?\"'] )(?:- )?(?:Advertisement|ADVERTISEMENT)(?: -)? (?=[A-Z\"])"
)
_INLINE_RULE = re.compile(r"\s*[-=_*]{8,}\s*")

# --- headings ----------------------------------------------------------------------------

_HEADING_MAX_WORDS = 12
_SENTENCE_END = re.compile(r"""[.!?:;,"')\]]$|--?$""")
_DIGIT = re.compile(r"\d")
_FULL_STOP = re.compile(r"""[.!?]["')]?$""")


@dataclass(frozen=True)
class _Unit:
    """A paragraph, or a line of a block that is not a hard-wrapped paragraph."""

    text: str
    block: int
    # A single-line paragraph, or a line that introduces a longer line: a heading may be one.
    # Runs of short lines (lists of names, addresses) are not headings.
    may_be_heading: bool


def clean_text(text: str) -> str:
    """Return the article text with boilerplate and section headings removed.

    Hard-wrapped paragraphs (lines broken at a fixed width, as in wire and MUC-4 texts) are
    joined into one line; other multi-line blocks keep their lines (trafilatura writes one
    paragraph per line). A heading is a single short line without sentence-final punctuation;
    headings are kept in upper-case texts, where they cannot be told from datelines and
    signatures, and when nothing else would be left.
    """
    text = normalise_text(text)
    text = _INLINE_ADVERT.sub("", _INLINE_BOILERPLATE.sub("", text))
    text = _INLINE_RULE.sub("\n\n", text).strip()
    units = list(_units(text))
    kept = [u for u in units if not _is_boilerplate(u.text)]
    if not _mostly_upper(text):
        bodies = [u for u in kept if not _is_heading(u)]
        if bodies:
            kept = bodies
    out: list[str] = []
    previous_block = -1
    for unit in kept:
        if out:
            out.append("\n\n" if unit.block != previous_block else "\n")
        out.append(unit.text)
        previous_block = unit.block
    return "".join(out)


def _units(text: str) -> Iterator[_Unit]:
    for number, block in enumerate(text.split("\n\n")):
        lines = [line for line in block.split("\n") if line]
        if not lines:
            continue
        if _hard_wrapped(lines):
            yield _Unit(text=" ".join(lines), block=number, may_be_heading=False)
        elif len(lines) == 1:
            yield _Unit(text=lines[0], block=number, may_be_heading=True)
        else:
            for line, after in zip(lines, [*lines[1:], ""], strict=True):
                yield _Unit(text=line, block=number, may_be_heading=_is_prose(after))


def _hard_wrapped(lines: list[str]) -> bool:
    """Return True when a block's lines were broken at a fixed width inside one paragraph."""
    if len(lines) < 2:
        return False
    widths = [len(line) for line in lines[:-1]]
    # Wrapped lines fill most of the width: none short, none longer than a terminal line.
    if not (min(widths) >= 35 and max(widths) <= 100 and max(widths) - min(widths) <= 40):
        return False
    # And they break mid-sentence; one short paragraph per line ends each with a full stop.
    ends = sum(bool(_FULL_STOP.search(line)) for line in lines[:-1])
    return ends < 0.5 * len(widths)


def _is_boilerplate(line: str) -> bool:
    words = len(line.split())
    if words <= _BOILERPLATE_MAX_WORDS and _BOILERPLATE.match(line):
        return True
    return words <= _COOKIES_MAX_WORDS and _COOKIES.search(line) is not None


def _is_prose(line: str) -> bool:
    return len(line.split()) > _HEADING_MAX_WORDS or _SENTENCE_END.search(line) is not None


def _is_heading(unit: _Unit) -> bool:
    line = unit.text
    if not unit.may_be_heading or len(line.split()) > _HEADING_MAX_WORDS:
        return False
    if _SENTENCE_END.search(line):
        return False
    # Digits mark datelines, dates and figures ("Kabul, 3 March"; "5 killed in blast").
    return _DIGIT.search(line) is None


def _mostly_upper(text: str) -> bool:
    head = text[:5000]
    letters = sum(map(str.isalpha, head))  # map over str methods: no per-character Python
    if letters < 20:
        return False
    return sum(map(str.isupper, head)) >= 0.8 * letters


# --- language ----------------------------------------------------------------------------

# Frequent English function words: a text where they are common is English whatever a
# character-n-gram model says about its names and all-caps words.
_ENGLISH_WORDS = frozenset(
    (
        "the",
        "of",
        "and",
        "to",
        "in",
        "a",
        "is",
        "was",
        "that",
        "for",
        "on",
        "with",
        "as",
        "by",
        "at",
        "from",
        "it",
        "be",
        "has",
        "have",
        "had",
        "were",
        "are",
        "said",
        "an",
        "this",
        "his",
        "her",
        "their",
        "they",
        "which",
        "after",
        "who",
        "been",
        "not",
        "but",
        "or",
        "will",
        "its",
        "would",
    )
)
_WORD = re.compile(r"[a-z']+")
# Six words are enough when py3langid is sure (>= 0.99) and no English function word occurs:
# short foreign headlines ("Eksplozja w meczecie. Wielu zabitych...") reach 0.998-1.0, while
# English headlines without function words ("Suicide bomber kills 25 Pakistan mosque") get
# 0.2-0.6, whatever language py3langid names.
_LANG_MIN_WORDS = 6
_LANG_MIN_PROB = 0.99
_ENGLISH_MIN_SHARE = 0.08


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


@dataclass(frozen=True)
class LanguageGuess:
    code: str  # ISO 639-1
    probability: float
    english_share: float  # share of words that are common English function words
    words: int

    @property
    def confidently_not_english(self) -> bool:
        """True only for long enough texts, sure guesses, and few English function words."""
        return (
            self.code != "en"
            and self.words >= _LANG_MIN_WORDS
            and self.probability >= _LANG_MIN_PROB
            and self.english_share < _ENGLISH_MIN_SHARE
        )


def detect_language(text: str) -> LanguageGuess:
    """Return py3langid's guess for `text` (lower-cased) with the share of English words."""
    lowered = text[:5000].lower()
    words = _WORD.findall(lowered)
    share = sum(w in _ENGLISH_WORDS for w in words) / len(words) if words else 0.0
    # py3langid's cost grows with the text; its guess is settled well within 1,500 characters.
    code, prob = _identifier().classify(lowered[:1500])
    return LanguageGuess(
        code=str(code), probability=float(prob), english_share=share, words=len(words)
    )


def content_hash(text: str) -> str:
    """Return the sha256 hex digest of `text` lower-cased with whitespace collapsed."""
    return hashlib.sha256(" ".join(text.lower().split()).encode("utf-8")).hexdigest()


def clean(articles: Iterable[Article], *, report: RunReport) -> Iterator[Article]:
    """Yield a cleaned copy of each English article with text; count the others as skips."""
    for article in articles:
        text = clean_text(article.text)
        if not text:
            report.skip(article.origin or article.id, "empty after cleaning", stage="clean")
            continue
        guess = detect_language(text)
        declared = (article.language or "").split("-")[0].split("_")[0].lower() or None
        if guess.confidently_not_english or (
            declared not in (None, "en") and guess.english_share < _ENGLISH_MIN_SHARE
        ):
            code = guess.code if guess.confidently_not_english else declared
            report.skip(article.origin or article.id, f"not English: {code}", stage="clean")
            continue
        title = normalise_text(article.title) if article.title else None
        yield article.model_copy(
            update={
                "text": text,
                "title": title or None,
                "language": "en",
                "content_hash": content_hash(text),
            }
        )
