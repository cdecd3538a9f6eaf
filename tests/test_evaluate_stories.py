from __future__ import annotations

from typing import Any

import pytest
from evaluate_helpers import count, gold, row, value

from tocsin.evaluate.gold import GoldRecord
from tocsin.evaluate.stories import article_clusters, bcubed, relative_error, score_stories

GOLD = {"1": "A", "2": "A", "3": "A", "4": "B", "5": "B"}


@pytest.mark.parametrize(
    ("predicted", "expected"),
    [
        # Worked by hand from the definition (Bagga and Baldwin 1998).
        ({"1": "x", "2": "x", "3": "y", "4": "y", "5": "y"}, (11 / 15, 11 / 15)),
        ({k: "all" for k in GOLD}, (13 / 25, 1.0)),
        ({k: k for k in GOLD}, (1.0, 2 / 5)),
        (dict(GOLD), (1.0, 1.0)),
    ],
)
def test_bcubed_hand_examples(predicted: dict[str, str], expected: tuple[float, float]) -> None:
    precision, recall, f1 = bcubed(GOLD, predicted)
    assert (precision, recall) == pytest.approx(expected)
    assert f1 == pytest.approx(2 * precision * recall / (precision + recall))


def _stories(final: dict[str, Any] | None = None) -> list[GoldRecord]:
    return [
        gold("a1", story="mosque", story_final=final),
        gold("a2", story="mosque", story_final=final),
        gold("a3", story="mosque", story_final=final),
        gold("b1", story="distractor-bus"),
    ]


def test_article_without_incident_is_a_singleton() -> None:
    clusters, _ = article_clusters(["a1", "a2"], [row("inc_1", "a1")])
    assert clusters == {"a1": "inc_1", "a2": "-a2"}


def test_article_in_several_incidents_goes_to_the_largest() -> None:
    incidents = [row("small", "a1"), row("big", "a1", "a2"), row("other", "zz")]
    clusters, rows = article_clusters(["a1", "a2"], incidents)
    assert clusters == {"a1": "big", "a2": "big"}
    assert set(rows) == {"small", "big"}


def test_perfect_merge() -> None:
    incidents = [row("m", "a1", "a2", "a3", killed=101), row("b", "b1", killed=40)]
    scores = score_stories(_stories({"killed": 101, "injured": None}), incidents)
    assert value(scores.measures, "stories.bcubed.f1") == 1.0
    assert value(scores.measures, "stories.final_killed.relative_error") == 0.0
    assert value(scores.measures, "stories.final_killed.exact") == 1.0
    assert "stories.final_injured.exact" not in [m.name for m in scores.measures]


def test_merging_the_distractor_costs_precision() -> None:
    incidents = [row("m", "a1", "a2", "a3", "b1", killed=100)]
    scores = score_stories(_stories({"killed": 101}), incidents)
    # Mosque articles: 3/4 precision each; the bus article: 1/4; recall is 1 for all.
    assert value(scores.measures, "stories.bcubed.precision") == pytest.approx(
        (3 * 0.75 + 0.25) / 4
    )
    assert value(scores.measures, "stories.bcubed.recall") == 1.0
    assert value(scores.measures, "stories.final_killed.relative_error") == pytest.approx(1 / 101)
    assert value(scores.measures, "stories.final_killed.exact") == 0.0
    mosque = next(e for e in scores.errors if e.id == "mosque")
    assert "merged with 1 articles of other stories" in mosque.problems


def test_final_figure_comes_from_the_incident_most_articles_went_to() -> None:
    incidents = [row("early", "a1", killed=25), row("late", "a2", "a3", killed=101)]
    scores = score_stories(_stories({"killed": 101}), incidents)
    assert value(scores.measures, "stories.final_killed.exact") == 1.0
    assert value(scores.measures, "stories.bcubed.recall") == pytest.approx(
        (1 / 3 + 2 / 3 + 2 / 3 + 1) / 4
    )


def test_no_prediction_counts_as_full_relative_error() -> None:
    scores = score_stories(_stories({"killed": 101}), [])
    assert value(scores.measures, "stories.final_killed.relative_error") == 1.0
    assert count(scores.measures, "stories.final_killed.relative_error") == 1
    assert value(scores.measures, "stories.bcubed.precision") == 1.0


@pytest.mark.parametrize(
    ("pred", "gold_value", "error"),
    [(90, 100, 0.1), (120, 100, 0.2), (None, 100, 1.0), (2, 0, 2.0)],
)
def test_relative_error(pred: int | None, gold_value: int, error: float) -> None:
    assert relative_error(pred, gold_value) == pytest.approx(error)
