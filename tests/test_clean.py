"""Tests of the clean stage: normalisation, boilerplate, headings, language, hashes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tocsin.clean import clean, clean_text, content_hash, normalise_text
from tocsin.models import Article
from tocsin.report import RunReport

DEV = Path(__file__).resolve().parents[2] / "shared" / "eval" / "dev"

PARA_1 = (
    "Gunmen attacked a police post in the northern town on Sunday, killing two officers and "
    "wounding three others, a police spokesman said."
)
PARA_2 = (
    "The attackers fled into the hills after the attack, and security forces launched a search "
    "operation on Monday, officials said."
)


def run_clean(*texts: str, **fields: object) -> tuple[list[Article], RunReport]:
    report = RunReport()
    articles = [
        Article(id=f"a{i}", text=t, origin=f"f:{i}", **fields)  # type: ignore[arg-type]
        for i, t in enumerate(texts)
    ]
    return list(clean(articles, report=report)), report


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("\u201cNo,\u201d he said \u2018twice\u2019.", "\"No,\" he said 'twice'."),
        ("Between 10\u201312 people", "Between 10-12 people"),
        ("the attack\u2014which", "the attack - which"),
        ("five\u00a0killed \t  in  Kabul", "five killed in Kabul"),
        ("cafe\u0301", "caf\u00e9"),  # NFC
        ("a\r\nb\rc", "a\nb\nc"),
        ("one\n\n\n\n  two  ", "one\n\ntwo"),
        ("soft\u00adhyphen and zero\u200bwidth", "softhyphen and zerowidth"),
    ],
)
def test_normalise_text(raw: str, expected: str) -> None:
    assert normalise_text(raw) == expected


@pytest.mark.parametrize(
    "line",
    [
        "Advertisement",
        "Advertisment",
        "ADVERTISEMENT",
        "Share this article",
        "Share on Facebook",
        "Subscribe to our daily newsletter",
        "Sign up for breaking news alerts",
        "Follow us on Twitter",
        "Read more: Bomb blast in the capital",
        "Click here to get the app",
        "Related stories",
        "We use cookies to improve your experience. By continuing you accept our cookie policy.",
        "Copyright 2024 Example News. All rights reserved.",
        "------",
    ],
)
def test_boilerplate_line_is_removed(line: str) -> None:
    assert clean_text(f"{PARA_1}\n\n{line}\n\n{PARA_2}") == f"{PARA_1}\n\n{PARA_2}"


@pytest.mark.parametrize(
    "sentence",
    [
        "Related attacks have killed 20 people in the province this year.",
        "Share prices fell sharply in Karachi after the attack.",
        "Follow-up raids led to the arrest of four suspects.",
    ],
)
def test_sentences_that_start_like_boilerplate_are_kept(sentence: str) -> None:
    text = f"{PARA_1}\n\n{sentence}"
    assert clean_text(text) == text


def test_section_headings_are_removed() -> None:
    text = (
        f"Immediate Global Response\n\n{PARA_1}\n\nLooking Ahead: Implications and Measures\n\n"
        f"{PARA_2}"
    )
    assert clean_text(text) == f"{PARA_1}\n\n{PARA_2}"


def test_headings_between_single_line_paragraphs_are_removed() -> None:
    # trafilatura writes one paragraph per line, with no blank lines between them.
    assert clean_text(f"Blast in the North\n{PARA_1}\n{PARA_2}") == f"{PARA_1}\n{PARA_2}"


@pytest.mark.parametrize(
    "line",
    [
        "KABUL, Afghanistan (AP) -",
        "Kabul, 3 March 2024",
        "5 killed in Kabul blast",
        "The police said:",
    ],
)
def test_datelines_and_lines_with_figures_are_not_headings(line: str) -> None:
    text = f"{line}\n\n{PARA_1}"
    assert clean_text(text) == text


def test_a_text_that_is_only_a_short_line_is_kept() -> None:
    assert clean_text("Army shells rebel positions near Goma") == (
        "Army shells rebel positions near Goma"
    )


MUC_STYLE = """   LIMA, 4 FEB 91 (RADIO NACIONAL) -- [REPORT] [JUAN PEREZ] [TEXT] A GROUP OF
ARMED MEN ATTACKED A POLICE STATION IN THE TOWN OF HUANTA LAST NIGHT, KILLING
TWO POLICEMEN AND WOUNDING THREE CIVILIANS, ACCORDING TO OFFICIAL SOURCES.

   THE POLICE BLAMED THE ATTACK ON THE SHINING PATH.

[SIGNED] REVOLUTIONARY COMMAND

LIMA, 3 FEBRUARY 1991"""


def test_muc_style_upper_case_text_keeps_every_line() -> None:
    cleaned = clean_text(MUC_STYLE)
    assert cleaned.startswith("LIMA, 4 FEB 91 (RADIO NACIONAL) -- [REPORT] [JUAN PEREZ] [TEXT]")
    # The hard-wrapped paragraph is one line now; its words are all there, in order.
    assert "A GROUP OF ARMED MEN ATTACKED A POLICE STATION IN THE TOWN OF HUANTA LAST NIGHT" in (
        cleaned
    )
    assert "[SIGNED] REVOLUTIONARY COMMAND" in cleaned
    assert cleaned.endswith("LIMA, 3 FEBRUARY 1991")
    assert cleaned.split() == MUC_STYLE.split()


def test_own_sample_article_loses_its_boilerplate() -> None:
    raw = (
        "date 2024-05-06\n"
        "Fresh Violence in the North\n\n"
        f"{PARA_1}\n\n"
        "ADVERTISEMENT\n\n"
        "Share this article\n\n"
        f"{PARA_2}\n\n"
        "Copyright 2024 by Example TV - All rights reserved. Read or Share this story: "
        "https://example.org/x"
    )
    (article,), _ = run_clean(raw.split("\n", 1)[1])
    assert article.text == f"{PARA_1}\n\n{PARA_2}"


def test_clean_returns_new_articles_with_hash_and_language() -> None:
    original = Article(id="x", text=f"  {PARA_1}  ", origin="f")
    (cleaned,) = clean([original], report=RunReport())
    assert cleaned is not original
    assert original.text == f"  {PARA_1}  " and original.content_hash == ""
    assert cleaned.text == PARA_1
    assert cleaned.language == "en"
    assert cleaned.content_hash == content_hash(PARA_1)
    assert len(cleaned.content_hash) == 64


def test_content_hash_ignores_case_and_spacing() -> None:
    assert content_hash("Two  killed\nin Kabul") == content_hash("two killed in KABUL")
    assert content_hash("two killed") != content_hash("three killed")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (
            "Des hommes armés ont attaqué dimanche un poste de police dans le nord du pays, "
            "tuant deux policiers et blessant trois autres personnes, selon un porte-parole.",
            "fr",
        ),
        (
            "Bewaffnete Männer haben am Sonntag einen Polizeiposten im Norden des Landes "
            "angegriffen und dabei zwei Polizisten getötet, wie ein Sprecher mitteilte.",
            "de",
        ),
    ],
)
def test_non_english_article_is_skipped(text: str, code: str) -> None:
    articles, report = run_clean(text)
    assert articles == []
    assert [(s.origin, s.reason, s.stage) for s in report.skipped] == [
        ("f:0", f"not English: {code}", "clean")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Blast in Kabul",  # too short to judge
        "Suicide bomber kills 25 Pakistan mosque",
        "Quetta: gunmen kill three policemen near checkpoint",
        "Kyiv strikes: Zelensky vows response",
        "Erdoğan condemns Ankara attack, vows retaliation",
        "GUERRILLAS ATTACKED THE SAN MIGUEL BARRACKS; THE FMLN CLAIMED IT.",
        PARA_1.upper(),
        "Bogota: ELN guerrillas ambushed an army patrol near Cucuta, Norte de Santander.",
    ],
)
def test_short_upper_case_and_name_heavy_english_is_kept(text: str) -> None:
    articles, report = run_clean(text)
    assert len(articles) == 1 and report.skipped == []


def test_a_short_foreign_headline_is_skipped() -> None:
    articles, report = run_clean("Wybuch w meczecie. Wielu zabitych, dziesiątki rannych w Kabulu.")
    assert articles == []
    assert [s.reason for s in report.skipped] == ["not English: pl"]


def test_declared_non_english_language_is_skipped() -> None:
    articles, report = run_clean("Wybuch w meczecie. Wielu zabitych.", language="pl")
    assert articles == []
    assert [s.reason for s in report.skipped] == ["not English: pl"]


@pytest.mark.parametrize("text", ["", "   \n\n  ", "Advertisement\n\nShare this article"])
def test_article_empty_after_cleaning_is_skipped(text: str) -> None:
    articles, report = run_clean(text)
    assert articles == []
    assert [s.reason for s in report.skipped] == ["empty after cleaning"]


@pytest.mark.slow
@pytest.mark.parametrize("name", ["muc4", "gva", "case2021", "cameo_news", "plover"])
def test_no_english_dev_record_is_dropped(name: str) -> None:
    path = DEV / f"{name}.jsonl"
    if not path.exists():
        pytest.skip(f"{path} is not next to this checkout")
    with path.open(encoding="utf-8") as fh:
        records = [json.loads(line) for _, line in zip(range(300), fh, strict=False)]
    articles = [Article(id=r["id"], text=r["text"], origin=r["id"]) for r in records]
    report = RunReport()
    kept = list(clean(articles, report=report))
    assert report.skipped == []
    # Cleaning removes furniture, not reporting: MUC-4 texts keep every word.
    if name == "muc4":
        assert all(a.text.split() == k.text.split() for a, k in zip(articles, kept, strict=True))


def test_runs_of_short_lines_are_a_list_not_headings() -> None:
    text = f"{PARA_1}\nThe dead were named as:\nAhmad Rahimi\nFatima Noori\nJawad Karimi"
    assert clean_text(text) == text


def test_one_short_paragraph_per_line_is_not_unwrapped() -> None:
    text = (
        "Police said the attack began at about nine in the evening.\n"
        "Three people were taken to the district hospital.\n"
        "The market will stay closed until Friday, officials said."
    )
    assert clean_text(text) == text


def test_a_sentence_about_cookies_is_not_a_cookie_notice() -> None:
    text = f"{PARA_1}\n\nThe bakery that was attacked sold bread and cookies to the villagers."
    assert clean_text(text) == text
