"""The cached entity helpers answer exactly as spaCy's own `doc.ents` / `span.ents` do."""

from __future__ import annotations

import pytest

from tocsin.extract.nlp import entities, entities_within, entity_at, load_nlp

pytestmark = pytest.mark.slow

TEXT = (
    "Gunmen from the Northern Front attacked a police post in Kirkuk on Monday, officials in "
    "Baghdad said. The United Nations and Ahmed Karimi condemned the attack in a statement. "
    "No group has claimed responsibility."
)


@pytest.fixture(scope="module")
def doc():  # type: ignore[no-untyped-def]
    return load_nlp()(TEXT)


def test_entities_are_the_documents_entities(doc) -> None:  # type: ignore[no-untyped-def]
    assert [(e.start, e.end, e.label_) for e in entities(doc)] == [
        (e.start, e.end, e.label_) for e in doc.ents
    ]
    assert len(entities(doc)) >= 3


def test_entities_within_each_sentence_and_window_match_span_ents(doc) -> None:  # type: ignore[no-untyped-def]
    spans = [*doc.sents, doc[0:5], doc[3:12], doc[10 : len(doc)], doc[0:0]]
    for span in spans:
        assert [(e.start, e.end) for e in entities_within(span)] == [
            (e.start, e.end) for e in span.ents
        ]


def test_entity_at_finds_the_entity_holding_each_token(doc) -> None:  # type: ignore[no-untyped-def]
    for tok in doc:
        expected = next((e for e in doc.ents if e.start <= tok.i < e.end), None)
        got = entity_at(tok)
        got_span = (got.start, got.end) if got is not None else None
        expected_span = (expected.start, expected.end) if expected is not None else None
        assert got_span == expected_span
