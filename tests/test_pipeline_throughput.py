"""Throughput shortcuts of the run: what the model and the resolver skip, and what they keep."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_pipeline import dump

from tocsin.extract.relevance import INCIDENT_WINDOW_MIN_CHARS, plan
from tocsin.models import Article, Extraction, Place, Span
from tocsin.pipeline import process
from tocsin.resolve import resolve
from tocsin.store import open_store

# Our own sentences: a long article whose violent paragraph sits among ordinary news.
NEWS = (
    "The council of Harlow approved plans on Monday for forty new homes near the station. "
    '"People have waited a long time for this," councillor Maria Lenz said. '
    "Residents can comment on the proposal at the town hall until the end of May. "
    "The new library will open its doors on Friday with a reading for children. "
)
VIOLENCE = (
    "A car bomb exploded near a police checkpoint in Kirkuk on Tuesday, killing four "
    "officers and wounding seven. Officials said the blast damaged two shops nearby."
)


def long_article() -> str:
    return NEWS * 3 + VIOLENCE + "\n\n" + NEWS * 8


def test_the_long_article_is_parsed_in_windows() -> None:
    text = long_article()
    assert len(text) >= INCIDENT_WINDOW_MIN_CHARS
    chosen = plan(text)
    assert chosen.incident and chosen.parse == "windows"


@pytest.mark.slow
def test_an_incident_parsed_in_windows_is_the_incident_parsed_whole(tmp_path: Path) -> None:
    article = Article(id="long", text=long_article())
    found = {}
    for relevance in (True, False):
        db = tmp_path / f"{relevance}.db"
        with open_store(db) as store:
            process([article], store=store, relevance=relevance)
        found[relevance] = dump(db)["incidents"]
    assert found[True] == found[False]
    (row,) = [json.loads(r) for r in found[True]]
    assert row["killed"] == 4


def _extraction(text: str, toponyms: list[Place]) -> Extraction:
    return Extraction(article=Article(id="a", text=text), toponyms=toponyms)


def test_an_extraction_holding_nothing_is_passed_through_unresolved() -> None:
    empty = _extraction("Rain is expected over the weekend.", [])
    (out,) = resolve([empty])
    assert out is empty and out.toponyms == [] and out.mentions == []


def test_an_extraction_with_places_is_resolved_in_order() -> None:
    text = "The mayor of Kirkuk spoke."
    start = text.index("Kirkuk")
    kirkuk = Place(raw="Kirkuk", evidence=Span(start=start, end=start + 6, text="Kirkuk"))
    items = [_extraction("Nothing here.", []), _extraction(text, [kirkuk])]
    out = list(resolve(items))
    assert [e.article.text for e in out] == ["Nothing here.", text]
    assert out[1].toponyms[0].country == "IQ"
