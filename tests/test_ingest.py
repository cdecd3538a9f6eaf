"""Tests of the readers: text, JSONL, HTML, feeds, directories, stdin, encodings, errors."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tocsin.errors import InputNotFound, UnreadableInput
from tocsin.ingest import parse_date_line, read
from tocsin.ingest.jsonl import parse_record, read_jsonl
from tocsin.report import RunReport

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

BODY = "Gunmen attacked a police post in the town on Sunday, killing two officers, police said."


def read_all(paths: list[str], stdin: str | None = None) -> tuple[list, RunReport]:
    report = RunReport()
    stream = io.StringIO(stdin) if stdin is not None else None
    return list(read(paths, report=report, stdin=stream)), report


def write(path: Path, content: str | bytes) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return str(path)


# --- plain text ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "published", "body_start"),
    [
        (f"date 2024-03-23\n{BODY}", dt.date(2024, 3, 23), "Gunmen"),
        (f" date 2024-03-23 {BODY}", dt.date(2024, 3, 23), "Gunmen"),
        (f"Date: 2024-03-23\n\n{BODY}", dt.date(2024, 3, 23), "Gunmen"),
        (BODY, None, "Gunmen"),
        (f"Date palms burned.\n{BODY}", None, "Date palms"),
    ],
)
def test_text_file_date_line_sets_published(
    tmp_path: Path, content: str, published: dt.date | None, body_start: str
) -> None:
    articles, report = read_all([write(tmp_path / "a.txt", content)])
    assert len(articles) == 1
    assert articles[0].published == published
    assert articles[0].text.startswith(body_start)
    assert articles[0].title is None
    assert report.counters["bad_date"] == 0


def test_text_file_with_impossible_date_is_read_and_counted(tmp_path: Path) -> None:
    articles, report = read_all([write(tmp_path / "a.txt", f"date 2024-02-30\n{BODY}")])
    assert [a.published for a in articles] == [None]
    assert articles[0].text == BODY
    assert report.counters["bad_date"] == 1


def test_text_article_id_is_a_content_hash_and_origin_the_path(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", BODY)
    articles, _ = read_all([path])
    assert articles[0].id.startswith("h") and len(articles[0].id) == 17
    assert articles[0].origin == path


def test_crlf_and_lf_files_give_the_same_article(tmp_path: Path) -> None:
    crlf = write(tmp_path / "crlf.txt", f"date 2024-03-23\r\n{BODY}\r\nSecond line.\r\n".encode())
    lf = write(tmp_path / "lf.txt", f"date 2024-03-23\n{BODY}\nSecond line.\n")
    (a,), _ = read_all([crlf])
    (b,), _ = read_all([lf])
    assert a.text == b.text and a.id == b.id
    assert "\r" not in a.text


def test_sample_article_is_read_with_its_date() -> None:
    sample = Path(__file__).resolve().parents[2] / "shared" / "samples"
    path = sample / "krasnogorsk-2024-03-23.txt"
    if not path.exists():
        pytest.skip("shared/samples is not next to this checkout")
    (article,), _ = read_all([str(path)])
    assert article.published == dt.date(2024, 3, 23)
    assert article.text.startswith("In a heartrending incident")


@pytest.mark.parametrize(
    ("encoding", "text"),
    [
        ("latin-1", "La police a arrêté trois hommes à Besançon après l'incendie du café."),
        ("utf-8-sig", "A bomb exploded in Kraków, Małopolska, on Friday, police said."),
        ("utf-16", "A bomb exploded in São Paulo on Friday, killing two people."),
    ],
)
def test_non_utf8_and_bom_files_are_decoded(tmp_path: Path, encoding: str, text: str) -> None:
    # Long enough for charset detection to be sure.
    content = "\n\n".join([text] * 6)
    path = write(tmp_path / "a.txt", content.encode(encoding))
    (article,), _ = read_all([path])
    assert article.text.startswith(text)
    assert "\ufeff" not in article.text


def test_empty_file_is_zero_articles_and_counted(tmp_path: Path) -> None:
    articles, report = read_all([write(tmp_path / "empty.txt", "  \n\n")])
    assert articles == []
    assert report.counters["empty_file"] == 1


# --- JSONL --------------------------------------------------------------------------------


def test_jsonl_records_keep_their_fields(tmp_path: Path) -> None:
    records = [
        {
            "id": "wire-1",
            "text": BODY,
            "published": "2023-01-29",
            "title": "Police post attacked",
            "url": "https://example.org/1",
            "source": "Example Wire",
            "language": "EN",
            "dataset": "ignored",
            "incidents": [],
        },
        {"id": 42, "text": BODY, "published": "2023-01-29T10:15:00Z"},
        {"text": BODY, "published": "2023-01-29T10:15:00+01:00"},
    ]
    path = write(tmp_path / "a.jsonl", "\n".join(json.dumps(r) for r in records) + "\n")
    articles, report = read_all([path])
    first, second, third = articles
    assert (first.id, first.title, first.url, first.source, first.language) == (
        "wire-1",
        "Police post attacked",
        "https://example.org/1",
        "Example Wire",
        "en",
    )
    assert first.published == dt.date(2023, 1, 29) and first.published_at is None
    assert first.origin == f"{path}:1"
    assert second.id == "42"
    assert second.published_at == dt.datetime(2023, 1, 29, 10, 15, tzinfo=dt.UTC)
    assert second.published == dt.date(2023, 1, 29)
    assert third.id.startswith("h")
    assert third.published_at is not None
    assert third.published_at.utcoffset() == dt.timedelta(hours=1)
    assert report.skipped == [] and report.counters["bad_date"] == 0


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ('{"id": "x", "text": "unterminated', "malformed JSON"),
        ("[1, 2, 3]", "not a JSON object"),
        ('"just a string"', "not a JSON object"),
        ('{"id": "x"}', "missing text"),
        ('{"id": "x", "text": null}', "missing text"),
        ('{"id": "x", "text": ""}', "empty text"),
        ('{"id": "x", "text": "   "}', "empty text"),
        ('{"id": "x", "text": 12}', "text is not a string"),
        ('{"id": "x", "text": ["a"]}', "text is not a string"),
    ],
)
def test_bad_jsonl_line_is_skipped_and_reading_goes_on(
    tmp_path: Path, line: str, reason: str
) -> None:
    good = json.dumps({"id": "good", "text": BODY})
    path = write(tmp_path / "a.jsonl", f"{line}\n\n{good}\n")
    articles, report = read_all([path])
    assert [a.id for a in articles] == ["good"]
    assert articles[0].origin == f"{path}:3"
    assert len(report.skipped) == 1
    skipped = report.skipped[0]
    assert (skipped.origin, skipped.stage) == (f"{path}:1", "ingest")
    assert skipped.reason.split(":")[0] == reason


@pytest.mark.parametrize("published", ["9:27 AM ET", "2023-13-45", "yesterday", 20230129, "2023"])
def test_jsonl_unparseable_published_is_none_and_counted(published: object) -> None:
    report = RunReport()
    line = json.dumps({"id": "x", "text": BODY, "published": published})
    article = parse_record(line, origin="f:1", report=report)
    assert article is not None
    assert article.published is None and article.published_at is None
    assert report.counters["bad_date"] == 1


def test_jsonl_null_published_is_not_a_bad_date() -> None:
    report = RunReport()
    article = parse_record('{"text": "x y z", "published": null}', origin="f:1", report=report)
    assert article is not None and article.published is None
    assert report.counters["bad_date"] == 0


def test_jsonl_with_bom_and_crlf_is_read(tmp_path: Path) -> None:
    content = '\ufeff{"id": "a", "text": "one"}\r\n{"id": "b", "text": "two"}\r\n'
    articles, report = read_all([write(tmp_path / "a.ndjson", content.encode())])
    assert [a.id for a in articles] == ["a", "b"]
    assert report.skipped == []


def test_jsonl_line_that_is_not_utf8_is_skipped(tmp_path: Path) -> None:
    content = b'{"id": "a", "text": "caf\xe9"}\n{"id": "b", "text": "two"}\n'
    articles, report = read_all([write(tmp_path / "a.jsonl", content)])
    assert [a.id for a in articles] == ["b"]
    assert [s.origin for s in report.skipped] == [f"{tmp_path / 'a.jsonl'}:1"]


def test_jsonl_reader_is_lazy() -> None:
    def lines():
        yield json.dumps({"id": "first", "text": BODY})
        raise AssertionError("read past the first record")

    first = next(read_jsonl(lines(), origin="f", report=RunReport()))
    assert first.id == "first"


# --- HTML and feeds -----------------------------------------------------------------------

PAGE = """<!DOCTYPE html><html><head><title>Blast in Herat | Example News</title>
<link rel="canonical" href="https://news.example.org/herat-blast">
<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2024-05-06T09:00:00Z">
</head><body><nav>Home | World | Sport</nav><article><h1>Blast in Herat</h1>
<p>A roadside bomb exploded near a bus in Herat, western Afghanistan, on Monday, killing four
passengers and wounding nine others, a provincial spokesman said.</p>
<p>No group claimed responsibility for the blast, the second in the city this month.</p>
</article><footer>Contact us</footer></body></html>"""


def test_html_page_gives_text_and_metadata(tmp_path: Path) -> None:
    (article,), report = read_all([write(tmp_path / "page.html", PAGE)])
    assert "roadside bomb exploded near a bus in Herat" in article.text
    assert "Home | World" not in article.text
    assert article.title == "Blast in Herat"
    assert article.url == "https://news.example.org/herat-blast"
    assert article.source == "Example News"
    assert article.published == dt.date(2024, 5, 6)
    assert report.skipped == []


@pytest.mark.parametrize("markup", ["<html><body><div></div></body></html>", "<<<>>><p"])
def test_html_without_article_text_is_skipped(tmp_path: Path, markup: str) -> None:
    path = write(tmp_path / "page.htm", markup)
    articles, report = read_all([path])
    assert articles == []
    assert [(s.origin, s.reason.split(":")[0]) for s in report.skipped] == [
        (path, "no article text in HTML")
    ]


FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Example Wire</title><link>https://wire.example.org</link>
<item><title>Bomb kills four in Herat</title><link>https://wire.example.org/1</link>
<guid isPermaLink="false">wire-1</guid><pubDate>Mon, 06 May 2024 09:15:00 +0000</pubDate>
<description>&lt;p&gt;A roadside bomb &lt;b&gt;killed&lt;/b&gt; four people.&lt;/p&gt;
&lt;p&gt;Police said.&lt;/p&gt;</description></item>
<item><title>Talks resume</title><link>https://wire.example.org/2</link>
<description>Negotiators met in Doha.</description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Wire</title>
<entry><title>Clashes in Goma</title><id>urn:atom:1</id><link href="https://atom.example.org/1"/>
<updated>2024-05-07T12:00:00Z</updated><summary>Fighting broke out near Goma on Tuesday.</summary>
</entry></feed>"""


def test_rss_items_become_articles(tmp_path: Path) -> None:
    first, second = read_all([write(tmp_path / "feed.xml", FEED)])[0]
    assert first.id == "wire-1"
    expected = "Bomb kills four in Herat. A roadside bomb killed four people.\nPolice said."
    assert first.text == expected
    assert (first.title, first.url, first.source) == (
        "Bomb kills four in Herat",
        "https://wire.example.org/1",
        "Example Wire",
    )
    assert first.published_at == dt.datetime(2024, 5, 6, 9, 15, tzinfo=dt.UTC)
    assert first.published == dt.date(2024, 5, 6)
    # No guid: the link is the id.
    assert second.id == "https://wire.example.org/2"
    assert second.published is None


def test_atom_feed_is_sniffed_without_a_feed_extension(tmp_path: Path) -> None:
    (entry,), _ = read_all([write(tmp_path / "atom", ATOM)])
    assert (entry.id, entry.source) == ("urn:atom:1", "Atom Wire")
    assert entry.text == "Clashes in Goma. Fighting broke out near Goma on Tuesday."
    assert entry.published == dt.date(2024, 5, 7)


def test_broken_feed_is_a_counted_skip(tmp_path: Path) -> None:
    path = write(tmp_path / "feed.rss", "this is not xml <<<")
    articles, report = read_all([path])
    assert articles == []
    assert [s.origin for s in report.skipped] == [path]


# --- paths, directories, stdin, errors ----------------------------------------------------


def test_directory_is_read_recursively_in_sorted_order_without_hidden_files(
    tmp_path: Path,
) -> None:
    for name in ["b.txt", "a/z.txt", "a/b/c.txt", "a.txt", ".hidden.txt", ".git/d.txt"]:
        write(tmp_path / name, f"{BODY} ({name})")
    articles, report = read_all([str(tmp_path)])
    names = [Path(a.origin).relative_to(tmp_path).as_posix() for a in articles]
    assert names == ["a/b/c.txt", "a/z.txt", "a.txt", "b.txt"]
    assert report.skipped == []


def test_binary_file_named_explicitly_raises(tmp_path: Path) -> None:
    path = write(tmp_path / "photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10)
    with pytest.raises(UnreadableInput, match=r"\[E002\].*photo\.txt"):
        read_all([path])


def test_binary_file_in_directory_is_a_counted_skip(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", BODY)
    binary = write(tmp_path / "b.txt", b"\x00\x01\x02\x03" * 100)
    articles, report = read_all([str(tmp_path)])
    assert len(articles) == 1
    assert [(s.origin, s.reason, s.stage) for s in report.skipped] == [
        (binary, "binary file", "ingest")
    ]


def test_unsupported_extension_in_directory_is_a_counted_skip(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", BODY)
    write(tmp_path / "table.csv", "a,b\n1,2\n")
    articles, report = read_all([str(tmp_path)])
    assert len(articles) == 1
    assert [s.reason for s in report.skipped] == ["unsupported file type: .csv"]


def test_missing_path_raises_before_anything_is_read(tmp_path: Path) -> None:
    missing = str(tmp_path / "nope.txt")
    with pytest.raises(InputNotFound, match=r"\[E001\] .*not found: .*nope\.txt"):
        read([missing], report=RunReport())


@pytest.mark.parametrize(
    ("stdin", "ids", "origins"),
    [
        ('\n{"id": "a", "text": "one"}\n{"id": "b", "text": "two"}\n', ["a", "b"], ["-:2", "-:3"]),
        (f"date 2024-03-23\n{BODY}\n", None, ["-"]),
    ],
)
def test_stdin_is_sniffed_as_jsonl_or_text(
    stdin: str, ids: list[str] | None, origins: list[str]
) -> None:
    articles, _ = read_all(["-"], stdin=stdin)
    assert [a.origin for a in articles] == origins
    if ids is not None:
        assert [a.id for a in articles] == ids
    else:
        assert articles[0].published == dt.date(2024, 3, 23)


def test_stdin_feed_is_read_as_a_feed() -> None:
    articles, _ = read_all(["-"], stdin=FEED)
    assert [a.id for a in articles] == ["wire-1", "https://wire.example.org/2"]


def test_bundled_examples_are_all_read() -> None:
    articles, report = read_all([str(EXAMPLES)])
    assert report.skipped == []
    assert len(articles) >= 12
    assert {"wire-0101", "wire-0102"} <= {a.id for a in articles}
    assert all(a.published is not None for a in articles)


# --- properties ---------------------------------------------------------------------------


@given(st.text())
def test_date_line_parser_never_fails_and_keeps_the_text(text: str) -> None:
    line = parse_date_line(text)
    assert text.endswith(line.body)
    if not line.present:
        assert line.body == text and line.published is None


@given(st.dates(min_value=dt.date(1000, 1, 1)), st.text())
def test_date_line_parser_reads_every_real_date(day: dt.date, body: str) -> None:
    line = parse_date_line(f"date {day.isoformat()}\n{body}")
    assert line.published == day and line.body == body


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=8,
)
RECORDS = st.fixed_dictionaries(
    {},
    optional={
        "id": JSON_VALUES,
        "text": st.text() | JSON_VALUES,
        "published": st.text() | JSON_VALUES,
        "title": JSON_VALUES,
        "url": JSON_VALUES,
        "source": JSON_VALUES,
        "language": JSON_VALUES,
    },
)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(), RECORDS.map(json.dumps), JSON_VALUES.map(json.dumps)))
def test_jsonl_line_gives_an_article_or_a_counted_skip(line: str) -> None:
    report = RunReport()
    articles = list(read_jsonl([line], origin="f", report=report))
    if not line.strip():
        assert articles == [] and report.skipped == []
    else:
        assert len(articles) + len(report.skipped) == 1
        assert all(a.text.strip() and a.id for a in articles)
