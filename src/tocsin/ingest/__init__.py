"""Ingest: files, directories and stdin in, Articles out (text, JSONL, HTML, RSS/Atom).

`read(paths, report=...)` is the entry point. Each reader turns one input into Articles and
counts bad records in the RunReport instead of stopping; a path that does not exist, or a
binary file named explicitly, is a bad call and raises a coded error.
"""

from __future__ import annotations

import codecs
import os
import sys
from collections.abc import Iterator, Sequence
from enum import Enum
from itertools import chain
from pathlib import Path
from typing import BinaryIO, TextIO

from tocsin.errors import InputNotFound, UnreadableInput
from tocsin.ingest.common import SNIFF_BYTES, NotText, decode, looks_binary, normalise_newlines
from tocsin.ingest.feed import parse_feed
from tocsin.ingest.html import parse_html
from tocsin.ingest.jsonl import read_jsonl
from tocsin.ingest.text import parse_date_line, parse_text
from tocsin.models import Article
from tocsin.report import RunReport

__all__ = ["Format", "detect_format", "parse_date_line", "read"]

STDIN = "-"


class Format(Enum):
    TEXT = "text"
    JSONL = "jsonl"
    HTML = "html"
    FEED = "feed"


_BY_EXTENSION = {
    ".jsonl": Format.JSONL,
    ".ndjson": Format.JSONL,
    ".json-lines": Format.JSONL,
    ".html": Format.HTML,
    ".htm": Format.HTML,
    ".xhtml": Format.HTML,
    ".xml": Format.FEED,
    ".rss": Format.FEED,
    ".atom": Format.FEED,
    ".txt": Format.TEXT,
    ".text": Format.TEXT,
    ".md": Format.TEXT,
}


def read(
    paths: Sequence[str], *, report: RunReport, stdin: TextIO | None = None
) -> Iterator[Article]:
    """Return an iterator over the Articles in `paths` (files, directories, or "-" for stdin).

    Directories are read recursively in sorted order, hidden files and directories left out.
    Raises InputNotFound at once for a path that does not exist; raises UnreadableInput for a
    binary file named explicitly (the same file inside a directory is a counted skip).
    """
    for path in paths:
        if path != STDIN and not os.path.exists(path):
            raise InputNotFound(f"input not found: {path}")
    return chain.from_iterable(_read_one(path, report=report, stdin=stdin) for path in paths)


def _read_one(path: str, *, report: RunReport, stdin: TextIO | None) -> Iterator[Article]:
    if path == STDIN:
        yield from _read_stdin(stdin if stdin is not None else sys.stdin, report=report)
    elif os.path.isdir(path):
        for file in _walk(path):
            yield from _read_file(file, report=report, explicit=False)
    else:
        yield from _read_file(path, report=report, explicit=True)


def _walk(root: str) -> list[str]:
    """Return the visible files under `root`, sorted by their path components."""
    found: list[tuple[str, ...]] = []
    for directory, subdirs, files in os.walk(root):
        subdirs[:] = [d for d in subdirs if not d.startswith(".")]
        rel = Path(directory).relative_to(root).parts
        found.extend((*rel, name) for name in files if not name.startswith("."))
    return [os.path.join(root, *parts) for parts in sorted(found)]


def detect_format(path: str, head: bytes) -> Format | None:
    """Return the format of a file from its extension, sniffing its first bytes where needed.

    None means an extension tocsin does not read (a .png, a .csv...).
    """
    ext = os.path.splitext(path)[1].lower()
    sniffed = _sniff(head)
    by_ext = _BY_EXTENSION.get(ext)
    if by_ext in (Format.JSONL, Format.HTML, Format.FEED):
        return by_ext
    if sniffed == Format.FEED:
        return Format.FEED
    if by_ext == Format.TEXT:
        return Format.TEXT
    if ext == "":
        return sniffed or Format.TEXT
    return None


def _sniff(head: bytes) -> Format | None:
    start = head.lstrip(codecs.BOM_UTF8).lstrip()[:2048].lower()
    if start.startswith(b"{"):
        return Format.JSONL
    if start.startswith((b"<rss", b"<feed", b"<rdf:rdf")):
        return Format.FEED
    if start.startswith(b"<?xml"):
        return Format.HTML if b"<html" in start else Format.FEED
    if start.startswith((b"<!doctype html", b"<html")):
        return Format.HTML
    return None


def _read_file(path: str, *, report: RunReport, explicit: bool) -> Iterator[Article]:
    try:
        with open(path, "rb") as fh:
            head = fh.read(SNIFF_BYTES)
    except OSError as exc:
        # A permissions problem or a file that vanished: the user must fix it if they named it.
        if explicit:
            raise UnreadableInput(f"cannot read {path}: {exc.strerror}") from exc
        report.skip(path, f"cannot read file: {exc.strerror}", stage="ingest")
        return
    fmt = detect_format(path, head)
    if fmt is None:
        # An extension tocsin does not know: named explicitly, the user means it as input;
        # met in a directory, it is read only when its content shows a format we read.
        sniffed = _sniff(head)
        if sniffed is None and not explicit:
            ext = os.path.splitext(path)[1]
            report.skip(path, f"unsupported file type: {ext}", stage="ingest")
            return
        fmt = sniffed or Format.TEXT
    if looks_binary(head):
        yield from _not_text(path, "binary file", report=report, explicit=explicit)
        return
    if fmt == Format.JSONL:
        yield from _read_jsonl_file(path, report=report, explicit=explicit)
        return
    with open(path, "rb") as fh:
        data = fh.read()
    if fmt == Format.FEED:
        yield from parse_feed(data, origin=path, report=report)
        return
    try:
        text = decode(data)
    except NotText as exc:
        yield from _not_text(path, str(exc), report=report, explicit=explicit)
        return
    if fmt == Format.HTML:
        article = parse_html(text, origin=path, report=report)
    else:
        article = parse_text(text, origin=path, report=report)
    if article is not None:
        yield article


def _not_text(path: str, reason: str, *, report: RunReport, explicit: bool) -> Iterator[Article]:
    if explicit:
        raise UnreadableInput(
            f"{path} is not a text file ({reason}); tocsin reads text, JSONL, HTML and feeds"
        )
    report.skip(path, reason, stage="ingest")
    return iter(())


def _read_jsonl_file(path: str, *, report: RunReport, explicit: bool) -> Iterator[Article]:
    with open(path, "rb") as fh:
        lines = _decoded_lines(fh, path=path, report=report)
        yield from read_jsonl(lines, origin=path, report=report)


def _decoded_lines(fh: BinaryIO, *, path: str, report: RunReport) -> Iterator[str]:
    """Yield the lines of a JSONL file as text, one at a time; undecodable lines become blank.

    JSONL is UTF-8 by definition; a line that is not is counted and replaced by an empty line,
    which keeps the numbering of the lines after it.
    """
    for number, raw in enumerate(fh, start=1):
        if number == 1:
            raw = raw.removeprefix(codecs.BOM_UTF8)
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError:
            report.skip(f"{path}:{number}", "line is not UTF-8", stage="ingest")
            yield ""


def _read_stdin(stream: TextIO, *, report: RunReport) -> Iterator[Article]:
    """Read stdin as JSONL when its first non-blank character is "{", else as one document."""
    buffered: list[str] = []
    first = ""
    for line in stream:
        buffered.append(line)
        if line.strip():
            first = line.lstrip().lstrip("\ufeff")
            break
    if not first:
        report.count("empty_file")
        return
    if first.startswith("{"):
        yield from read_jsonl(chain(buffered, stream), origin=STDIN, report=report)
        return
    text = normalise_newlines("".join(chain(buffered, stream))).lstrip("\ufeff")
    sniffed = _sniff(first.encode("utf-8"))
    if sniffed == Format.FEED:
        yield from parse_feed(text.encode("utf-8"), origin=STDIN, report=report)
        return
    if sniffed == Format.HTML:
        article = parse_html(text, origin=STDIN, report=report)
    else:
        article = parse_text(text, origin=STDIN, report=report)
    if article is not None:
        yield article
