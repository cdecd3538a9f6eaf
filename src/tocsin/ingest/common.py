"""Helpers shared by the readers: article ids, decoding bytes, parsing publication dates."""

from __future__ import annotations

import datetime as dt
import hashlib
import re

# How much of a file is inspected to tell text from binary and to sniff its format.
SNIFF_BYTES = 64 * 1024

_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_WESTERN = ("cp1252", "latin_1", "iso8859_15")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# Control characters other than tab, newline, carriage return and form feed: text has few.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


class NotText(Exception):
    """Raised by `decode` when bytes are binary or in no encoding we can identify."""


def hash_id(text: str) -> str:
    """Return the id of an article its input gave none: "h" + 16 hex chars of sha256."""
    return "h" + hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def normalise_newlines(text: str) -> str:
    """Return `text` with \\r\\n and lone \\r turned into \\n."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def looks_binary(sample: bytes) -> bool:
    """Return True when a leading sample of a file holds NUL bytes (and is not UTF-16)."""
    return b"\x00" in sample and not sample.startswith(_UTF16_BOMS)


def decode(data: bytes) -> str:
    """Return `data` decoded: UTF-8 (BOM or not), else the encoding charset_normalizer finds.

    Raises NotText for binary data or data in no identifiable text encoding.
    """
    if looks_binary(data[:SNIFF_BYTES]):
        raise NotText("binary file")
    if data.startswith(_UTF8_BOM):
        data = data[len(_UTF8_BOM) :]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = _detect_and_decode(data)
    sample = text[:SNIFF_BYTES]
    # A decoder can map any bytes to *some* characters; real text has few control characters.
    if sample and len(_CONTROL.findall(sample)) > 0.01 * len(sample):
        raise NotText("binary file")
    return normalise_newlines(text).removeprefix("\ufeff")


def _detect_and_decode(data: bytes) -> str:
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if not matches:
        raise NotText("not decodable as text")
    best = matches[0]
    # Many single-byte code pages decode Western text equally well (cp1250 turns "ê" into
    # "ę"); among equally plausible ones, the Western code page is the likely one in news.
    for match in matches:
        if match.encoding in _WESTERN and match.chaos <= best.chaos + 0.01:
            return str(match)
    return str(best)


def parse_published(value: object) -> tuple[dt.date | None, dt.datetime | None, bool]:
    """Return (date, datetime, ok) for a publication date given as an ISO string.

    Accepts "2023-01-29" and "2023-01-29T10:15:00Z" / "+00:00" / " " separator; a datetime
    without an offset is taken as UTC so that all `published_at` values compare. None or an
    empty string is (None, None, True); anything else that does not parse is
    (None, None, False) and the caller counts it as a bad date.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None, True
    if not isinstance(value, str):
        return None, None, False
    s = value.strip()
    if not _ISO_DATE.match(s):
        return None, None, False
    if len(s) == 10:
        try:
            return dt.date.fromisoformat(s), None, True
        except ValueError:
            return None, None, False
    try:
        when = dt.datetime.fromisoformat(s.replace("z", "Z"))
    except ValueError:
        return None, None, False
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return when.date(), when, True
