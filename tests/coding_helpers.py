"""Helpers for tests that code text end to end or read one casualty figure."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from tocsin.cli import cli
from tocsin.extract.counts import best_count, find_counts


def figure(text: str, role: str) -> int | None:
    """Return the figure `find_counts` / `best_count` read for `role` in `text`, or None."""
    best = best_count(find_counts(text), role)
    return None if best is None else best.value


def code_articles(
    folder: Path, articles: Sequence[tuple[str, str, str]]
) -> dict[str, dict[str, Any]]:
    """Run `tocsin run` and `tocsin export` on (id, published, text) articles; return each
    article's exported incident. An article coded as two incidents fails the test."""
    source = folder / "in.jsonl"
    source.write_text("".join(
        json.dumps({"id": i, "published": d, "text": t}) + "\n" for i, d, t in articles))
    db = str(folder / "t.db")
    runner = CliRunner()
    result = runner.invoke(cli, ["run", str(source), "--db", db])
    assert result.exit_code == 0, result.output
    out = runner.invoke(cli, ["export", "--db", db])
    by_article: dict[str, dict[str, Any]] = {}
    for line in out.output.splitlines():
        row = json.loads(line)
        for article in row["articles"]:
            assert article not in by_article, f"{article} coded as two incidents"
            by_article[article] = row
    return by_article
