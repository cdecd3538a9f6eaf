"""Merge scoring (stories.jsonl): B-cubed over articles' incident ids, and final figures."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from tocsin.evaluate.gold import GoldRecord
from tocsin.evaluate.result import DocError, Measure, Scores, accuracy


def article_clusters(
    ids: Sequence[str], incidents: Sequence[dict[str, Any]]
) -> tuple[dict[str, str], dict[str, dict[str, Any]]]:
    """Return {article id: predicted cluster id} and {incident id: incident row}.

    An article listed by several incidents goes to the one listing most of the scored
    articles (the first such in export order); an article no incident lists is its own
    singleton cluster, `"-" + article id`.
    """
    wanted = set(ids)
    sizes: dict[str, int] = {}
    rows: dict[str, dict[str, Any]] = {}
    listed: dict[str, list[str]] = {}
    for order, row in enumerate(incidents):
        inc_id = str(row.get("id", f"#{order}"))
        articles = [a for a in row.get("articles") or [] if a in wanted]
        if not articles:
            continue
        rows[inc_id] = row
        sizes[inc_id] = len(set(articles))
        for article in articles:
            listed.setdefault(article, []).append(inc_id)
    clusters: dict[str, str] = {}
    for article in ids:
        candidates = listed.get(article)
        # max() keeps the first of equal sizes, i.e. export order.
        clusters[article] = max(candidates, key=sizes.__getitem__) if candidates else "-" + article
    return clusters, rows


def bcubed(gold: dict[str, str], predicted: dict[str, str]) -> tuple[float, float, float]:
    """Return B-cubed precision, recall and F1 of `predicted` clusters against `gold` ones.

    Both map every item to its cluster id; precision averages, over items, the share of the
    item's predicted cluster that shares its gold cluster; recall the reverse.
    """
    items = list(gold)
    if not items:
        return 0.0, 0.0, 0.0
    pred_members: dict[str, list[str]] = {}
    gold_members: dict[str, list[str]] = {}
    for item in items:
        pred_members.setdefault(predicted[item], []).append(item)
        gold_members.setdefault(gold[item], []).append(item)
    precision = recall = 0.0
    for item in items:
        same_pred = pred_members[predicted[item]]
        same_gold = gold_members[gold[item]]
        both = sum(1 for other in same_pred if gold[other] == gold[item])
        precision += both / len(same_pred)
        recall += both / len(same_gold)
    precision /= len(items)
    recall /= len(items)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def relative_error(pred: Any, gold: int) -> float:
    """Return |pred - gold| / gold (absolute error when gold is 0); a missing figure is 1.0."""
    if not isinstance(pred, int | float):
        return 1.0
    return abs(pred - gold) / gold if gold else float(abs(pred - gold))


def score_stories(records: Sequence[GoldRecord], incidents: Sequence[dict[str, Any]]) -> Scores:
    """Score how tocsin merged the articles of the gold stories, and their final figures."""
    scored = [r for r in records if r.story is not None]
    ids = [r.id for r in scored]
    gold = {r.id: str(r.story) for r in scored}
    clusters, rows = article_clusters(ids, incidents)
    precision, recall, f1 = bcubed(gold, clusters)
    n = len(ids)
    measures = [
        Measure("stories.bcubed.precision", precision if n else None, n),
        Measure("stories.bcubed.recall", recall if n else None, n),
        Measure("stories.bcubed.f1", f1 if n else None, n),
    ]

    by_story: dict[str, list[GoldRecord]] = {}
    for r in scored:
        by_story.setdefault(str(r.story), []).append(r)
    figures: dict[str, list[float]] = {"killed": [], "injured": []}
    exact: dict[str, list[int]] = {"killed": [0, 0], "injured": [0, 0]}
    errors: list[DocError] = []
    for story, members in by_story.items():
        assigned = Counter(clusters[r.id] for r in members if clusters[r.id] in rows)
        main = assigned.most_common(1)[0][0] if assigned else None
        row = rows.get(main) if main is not None else None
        problems: list[str] = []
        cost = 0.0
        distinct = {clusters[r.id] for r in members}
        if len(distinct) > 1:
            problems.append(f"split over {len(distinct)} predicted clusters")
            cost += len(distinct) - 1
        intruders = sorted(
            {o for o, c in clusters.items() if c in distinct and c in rows and gold[o] != story}
        )
        if intruders:
            problems.append(f"merged with {len(intruders)} articles of other stories")
            cost += len(intruders)
        final = next((r.story_final for r in members if r.story_final is not None), None)
        for name in ("killed", "injured"):
            target = getattr(final, name) if final is not None else None
            if target is None:
                continue
            got = row.get(name) if row is not None else None
            figures[name].append(relative_error(got, target))
            exact[name][1] += 1
            if got == target:
                exact[name][0] += 1
            else:
                cost += relative_error(got, target)
                problems.append(f"final {name}: gold {target}, predicted {got!r}")
        errors.append(
            DocError(
                id=story,
                cost=cost,
                problems=problems,
                gold={
                    "articles": [r.id for r in members],
                    "story_final": final and final.model_dump(),
                },
                prediction={"incident": row, "clusters": dict(assigned)},
            )
        )
    for name in ("killed", "injured"):
        values = figures[name]
        if values:
            measures.append(
                Measure(
                    f"stories.final_{name}.relative_error", sum(values) / len(values), len(values)
                )
            )
            measures.append(accuracy(f"stories.final_{name}.exact", *exact[name]))
    return Scores(measures=measures, errors=errors)
