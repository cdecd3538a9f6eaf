"""Evaluate a gold file: get tocsin's predictions for its stripped texts, then score them."""

from __future__ import annotations

import contextlib
import json
import re
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from tocsin.errors import BadOption, InputNotFound, UnreadableInput
from tocsin.evaluate.gold import GoldKind, GoldRecord, detect_kinds, read_gold, write_inputs
from tocsin.evaluate.incidents import score_incidents
from tocsin.evaluate.interactions import score_interactions
from tocsin.evaluate.ree import score_ree
from tocsin.evaluate.result import EvalResult, Scores
from tocsin.evaluate.stories import score_stories
from tocsin.evaluate.toponyms import score_toponyms

# Files read from a predictions directory (what `tocsin export` and `tocsin geoparse` write).
INCIDENTS_FILE = "incidents.jsonl"
INTERACTIONS_FILE = "interactions.jsonl"
TOPONYMS_FILE = "toponyms.jsonl"


@dataclass
class Predictions:
    """tocsin's output for the gold texts, as export dicts."""

    incidents: list[dict[str, Any]] = field(default_factory=list)
    interactions: list[dict[str, Any]] = field(default_factory=list)
    toponyms: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    run: dict[str, Any] = field(default_factory=dict)


def evaluate_file(
    gold_path: str | Path,
    *,
    limit: int | None = None,
    sample: int | None = None,
    ids: str | None = None,
    predictions_dir: Path | None = None,
    workdir: Path | None = None,
) -> EvalResult:
    """Return the scores of tocsin on the gold file at `gold_path`.

    Without `predictions_dir`, the pipeline runs on the stripped gold texts into a fresh SQLite
    database in `workdir` (kept there for inspection), or in a temporary directory. With it,
    the export files there are scored instead: incidents.jsonl, interactions.jsonl (as
    `tocsin export` writes them) or, for toponym gold, toponyms.jsonl (`tocsin geoparse`).
    `limit` scores only the first `limit` gold records; `sample` scores `sample` records
    evenly spaced through the file (the same ones every time), so that a subset still covers
    every part of a file ordered by split or source. `ids` (a regular expression) keeps only
    records whose id it finds, applied first: e.g. "TST" scores MUC-4's test messages, which the
    shipped models were not trained on.
    """
    if limit is not None and limit < 1:
        raise BadOption(f"--limit must be at least 1, got {limit}.")
    records = read_gold(gold_path)
    if ids is not None:
        records = _matching_ids(records, ids)
    if limit is not None:
        records = records[:limit]
    if sample is not None:
        records = evenly_spaced(records, sample)
    kinds = detect_kinds(records)
    if predictions_dir is not None:
        predictions = load_predictions(Path(predictions_dir), kinds)
    else:
        predictions = run_tocsin(records, kinds, workdir=workdir, name=Path(gold_path).stem)
    scores = score(records, kinds, predictions)
    return EvalResult(
        gold=str(gold_path),
        kinds=[k.value for k in kinds],
        documents=len(records),
        measures=scores.measures,
        errors=scores.errors,
        run=predictions.run,
    )


def _matching_ids(records: Sequence[GoldRecord], pattern: str) -> list[GoldRecord]:
    try:
        wanted = re.compile(pattern)
    except re.error as exc:
        raise BadOption(f"--ids is not a regular expression ({exc}): {pattern!r}") from exc
    kept = [r for r in records if wanted.search(r.id)]
    if not kept:
        raise BadOption(f"--ids {pattern!r} matches no record id of the gold file.")
    return kept


def evenly_spaced(records: Sequence[GoldRecord], n: int) -> list[GoldRecord]:
    """Return `n` records spread evenly through `records` (all of them when n >= len)."""
    if n < 1:
        raise BadOption(f"--sample must be at least 1, got {n}.")
    if n >= len(records):
        return list(records)
    return [records[(i * len(records)) // n] for i in range(n)]


def score(records: Sequence[GoldRecord], kinds: Sequence[GoldKind], pred: Predictions) -> Scores:
    """Return the measures and per-document errors of `pred` against `records`."""
    out = Scores()
    for kind in kinds:
        if kind is GoldKind.INCIDENTS:
            part = score_incidents(records, pred.incidents)
        elif kind is GoldKind.INTERACTIONS:
            part = score_interactions(records, pred.interactions)
        elif kind is GoldKind.STORIES:
            part = score_stories(records, pred.incidents)
        elif kind is GoldKind.TOPONYMS:
            part = score_toponyms(records, pred.toponyms)
        else:
            part = score_ree(records, pred.incidents)
        out.measures += part.measures
        out.errors += part.errors
    return out


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    if not path.is_file():
        raise InputNotFound(
            f"{path} is missing; write it with `tocsin export` (or `tocsin geoparse`)."
        )
    rows: list[dict[str, Any]] = []
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise UnreadableInput(f"{path}:{lineno}: not valid JSON ({exc.msg}).") from exc
            if not isinstance(row, dict):
                raise UnreadableInput(f"{path}:{lineno}: expected a JSON object.")
            rows.append(row)
    return rows


def load_predictions(folder: Path, kinds: Sequence[GoldKind]) -> Predictions:
    """Return the predictions stored in an export folder (only the files `kinds` need)."""
    if not folder.is_dir():
        raise InputNotFound(f"{folder}: no such predictions directory.")
    pred = Predictions(run={"source": "predictions", "folder": str(folder)})
    if {GoldKind.INCIDENTS, GoldKind.STORIES, GoldKind.REE} & set(kinds):
        pred.incidents = _read_jsonl(folder / INCIDENTS_FILE)
    if GoldKind.INTERACTIONS in kinds:
        pred.interactions = _read_jsonl(folder / INTERACTIONS_FILE)
    if GoldKind.TOPONYMS in kinds:
        for row in _read_jsonl(folder / TOPONYMS_FILE):
            if isinstance(row.get("id"), str) and isinstance(row.get("toponyms"), list):
                pred.toponyms[row["id"]] = row["toponyms"]
    return pred


@contextlib.contextmanager
def _folder(workdir: Path | None) -> Iterator[Path]:
    if workdir is None:
        with tempfile.TemporaryDirectory(prefix="tocsin-eval-") as tmp:
            yield Path(tmp)
    else:
        workdir.mkdir(parents=True, exist_ok=True)
        yield workdir


def run_tocsin(
    records: Sequence[GoldRecord],
    kinds: Sequence[GoldKind],
    *,
    workdir: Path | None = None,
    name: str = "gold",
) -> Predictions:
    """Return tocsin's predictions for the stripped texts of `records`.

    Toponym gold runs `tocsin.geoparse`; everything else runs the pipeline into a fresh
    database `<workdir>/<name>.eval.db` (an older one of that name is replaced), with the
    interaction scope "all" for interaction gold and the default ("incidents") otherwise.
    """
    from tocsin.ingest import read
    from tocsin.report import RunReport

    report = RunReport()
    with _folder(workdir) as folder:
        inputs = folder / f"{name}.eval-input.jsonl"
        write_inputs(records, inputs)
        if GoldKind.TOPONYMS in kinds:
            from tocsin.geoparse import geoparse, toponym_row

            toponyms = {
                article.id: [toponym_row(p) for p in places]
                for article, places in geoparse(read([str(inputs)], report=report))
            }
            return Predictions(
                toponyms=toponyms,
                run={"source": "geoparse", "read": report.read, "skipped": len(report.skipped)},
            )

        from tocsin.export import incident_rows, interaction_rows
        from tocsin.pipeline import process, summary_of
        from tocsin.store import open_store

        db = folder / f"{name}.eval.db"
        for stale in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
            stale.unlink(missing_ok=True)
        # The interaction gold sets (PLOVER, CAMEO news, PETRARCH2) code every sentence, not
        # only reactions to violence: they are scored against scope "all", GDELT-style. The
        # incident sets run with the default scope, as `tocsin run` does.
        scope: Literal["incidents", "all"] = (
            "all" if GoldKind.INTERACTIONS in kinds else "incidents"
        )
        with open_store(db) as store:
            process(
                read([str(inputs)], report=report),
                store=store,
                report=report,
                interactions=scope,
            )
            pred = Predictions(
                incidents=list(incident_rows(store)),
                interactions=list(interaction_rows(store)),
            )
        pred.run = {"source": "pipeline", **summary_of(report)}
        if workdir is not None:
            pred.run["database"] = str(db)
        return pred
