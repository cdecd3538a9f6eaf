"""`tocsin evaluate GOLD.jsonl`: score tocsin against a gold file (FORMAT.md)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from tocsin.errors import TocsinError


@click.command("evaluate")
@click.argument("gold", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of a table.")
@click.option(
    "--errors",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Also show the N documents with the most errors (gold, prediction, problems).",
)
@click.option(
    "--limit", type=click.IntRange(min=1), default=None, help="Score only the first N records."
)
@click.option(
    "--sample",
    type=click.IntRange(min=1),
    default=None,
    help="Score N records spread evenly through the file (a fixed, repeatable subset).",
)
@click.option(
    "--ids",
    "ids_pattern",
    default=None,
    metavar="REGEX",
    help="Score only records whose id matches REGEX (e.g. 'TST' for MUC-4's test messages).",
)
@click.option(
    "--predictions",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Score the export files in this folder (incidents.jsonl, interactions.jsonl, "
    "toponyms.jsonl) instead of running the pipeline.",
)
@click.option(
    "--db-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Keep the evaluation database in this folder (default: a temporary folder).",
)
def evaluate(
    gold: Path,
    as_json: bool,
    errors: int,
    limit: int | None,
    sample: int | None,
    ids_pattern: str | None,
    predictions: Path | None,
    db_dir: Path | None,
) -> None:
    """Run tocsin on the texts of GOLD (a gold JSONL file) and score its output.

    The kind of gold (incidents, interactions, stories, toponyms, MUC-4 role fillers) is
    recognised from the records; only fields the gold codes (not null) are scored.
    """
    from tocsin.evaluate.report import format_errors, format_table
    from tocsin.evaluate.runner import evaluate_file

    try:
        result = evaluate_file(
            gold,
            limit=limit,
            sample=sample,
            ids=ids_pattern,
            predictions_dir=predictions,
            workdir=db_dir,
        )
    except TocsinError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(json.dumps(result.to_json(errors=errors), ensure_ascii=False, default=str))
        return
    click.echo(format_table(result))
    if errors:
        click.echo("")
        click.echo(format_errors(result.worst(errors)))
