"""The role classifier's shortcuts (tocsin.extract.roles): scoring every candidate at once and
the per-document caches give exactly what one candidate at a time gives."""

from __future__ import annotations

import numpy as np
import pytest


def _rows() -> list[list[str]]:
    from tocsin.extract.roles import load_role_model

    model = load_role_model()
    assert model is not None
    names = sorted(model.index)
    rng = np.random.default_rng(7)
    rows = [[names[int(i)] for i in rng.integers(0, len(names), size=int(k))]
            for k in rng.integers(1, 60, size=200)]
    # A row of unknown features only, an empty row and a row with a repeated feature.
    return [*rows, ["no-such-feature"], [], [names[0], names[0], "no-such-feature"]]


def test_scoring_many_candidates_at_once_equals_scoring_each_exactly() -> None:
    from tocsin.extract.roles import load_role_model

    model = load_role_model()
    assert model is not None
    rows = _rows()
    many = model.probabilities_many(rows)
    assert many.shape == (len(rows), len(model.labels))
    for feats, got in zip(rows, many, strict=True):
        assert np.array_equal(got, model.probabilities(feats))


def test_scoring_no_candidates_gives_no_rows() -> None:
    from tocsin.extract.roles import load_role_model

    model = load_role_model()
    assert model is not None
    assert model.probabilities_many([]).shape == (0, len(model.labels))


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    from tocsin.extract.nlp import load_nlp

    return load_nlp()


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "Gunmen stormed the Orlin town hall on Friday. They shot the mayor, Tomas Vell, and two "
        "guards. The Red Dawn Front said it carried out the raid.",
        "A car bomb exploded near a market in Kestra. Police blamed the rebels. No one claimed "
        "the attack, which wounded twelve shoppers and damaged the bank next door.",
    ],
)
def test_the_sentence_table_agrees_with_spacy_sentences(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    from tocsin.extract.roles import _token_sentences

    doc = nlp(text)
    starts, ends = _token_sentences(doc)
    assert [(starts[t.i], ends[t.i]) for t in doc] == [(t.sent.start, t.sent.end) for t in doc]


@pytest.mark.slow
def test_classifying_twice_in_one_document_gives_the_same_probabilities(nlp) -> None:  # type: ignore[no-untyped-def]
    from tocsin.extract.roles import (
        candidate_features,
        classify_candidates,
        doc_salience,
        load_role_model,
    )

    model = load_role_model()
    assert model is not None
    text = ("Gunmen stormed the Orlin town hall on Friday. They shot the mayor, Tomas Vell, and "
            "two guards. The Red Dawn Front said it carried out the raid.")
    doc = nlp(text)
    first = classify_candidates(doc, text, [(0, 45)], model)
    # The second incident shares the first one's context sentence: cached rows are reused.
    second = classify_candidates(doc, text, [(46, 90)], model)
    salience = doc_salience(doc)
    for cand, p in [*first, *second]:
        assert np.array_equal(p, model.probabilities(candidate_features(doc, text, cand,
                                                                        salience)))
