"""End to end on PostgreSQL: the same articles give the same database as on SQLite, re-runs change
nothing, and two `tocsin run` processes writing one database at once create no duplicates."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import EXAMPLES, REPO

from tocsin.cli import cli
from tocsin.export import incident_rows, interaction_rows
from tocsin.ingest import read
from tocsin.pipeline import process
from tocsin.report import RunReport
from tocsin.store import open_store

pytestmark = pytest.mark.slow

PLACES = ["Mosul", "Kandahar", "Mogadishu", "Maiduguri", "Peshawar", "Aleppo", "Quetta", "Kirkuk"]
FIRST = [
    "A car bomb exploded near a checkpoint in {p} on {d}, killing {k} people and wounding {i},"
    " police said.",
    "Gunmen opened fire on worshippers at a mosque in {p} on {d}, killing {k} and injuring {i}"
    " others.",
    "A roadside bomb struck a police patrol in {p} on {d}, killing {k} officers; {i} were hurt.",
]
LATER = [
    "The death toll from the car bomb that exploded near a checkpoint in {p} on {d} rose to {k2},"
    " hospital officials said.",
    "The number of people killed when gunmen opened fire on worshippers at a mosque in {p} on {d}"
    " rose to {k2}, officials said.",
    "The roadside bomb that struck a police patrol in {p} on {d} killed {k2} officers in all,"
    " a police spokesman said.",
]


def dump(db: str) -> dict[str, Any]:
    """Return everything a user can read from a database, in a canonical order."""
    with open_store(db) as store:
        articles = sorted(str(r[0]) for r in store.conn.execute("SELECT id FROM articles"))
        incidents = sorted(json.dumps(r, sort_keys=True) for r in incident_rows(store))
        interactions = sorted(json.dumps(r, sort_keys=True) for r in interaction_rows(store))
    return {"articles": articles, "incidents": incidents, "interactions": interactions}


def run_into(db: str, *paths: Path) -> RunReport:
    with open_store(db) as store:
        report = RunReport()
        process(read([str(p) for p in paths], report=report), store=store, report=report)
    return report


def record(article_id: str, text: str, day: dt.date) -> dict[str, str]:
    return {"id": article_id, "text": text, "published": day.isoformat()}


def two_reports_per_attack(folder: Path, n: int) -> tuple[Path, Path]:
    """Write `n` attacks five days apart: first reports in one file, later ones in another."""
    first, later = folder / "first.jsonl", folder / "later.jsonl"
    with open(first, "w", encoding="utf-8") as a, open(later, "w", encoding="utf-8") as b:
        for i in range(n):
            day = dt.date(2022, 1, 3) + dt.timedelta(days=5 * i)
            k = 2 + i % 11
            fill = {
                "p": PLACES[i % 8],
                "d": f"{day.day} {day:%B} {day.year}",
                "k": k,
                "i": 3 + i % 7,
                "k2": k + 4,
            }
            next_day = day + dt.timedelta(days=1)
            a.write(json.dumps(record(f"first-{i}", FIRST[i % 3].format(**fill), day)) + "\n")
            b.write(json.dumps(record(f"later-{i}", LATER[i % 3].format(**fill), next_day)) + "\n")
    return first, later


def test_the_examples_give_the_same_database_on_postgresql_as_on_sqlite(
    tmp_path: Path, postgres_url: str
) -> None:
    sqlite_db = str(tmp_path / "t.db")
    run_into(sqlite_db, EXAMPLES)
    run_into(postgres_url, EXAMPLES)
    on_sqlite, on_postgres = dump(sqlite_db), dump(postgres_url)
    assert on_sqlite["incidents"], "the examples should hold incidents"
    assert on_postgres == on_sqlite


def test_running_the_same_input_twice_on_postgresql_changes_nothing(postgres_url: str) -> None:
    run_into(postgres_url, EXAMPLES)
    first = dump(postgres_url)
    report = run_into(postgres_url, EXAMPLES)
    assert report.extracted == 0 and report.already_stored + report.duplicates == report.read
    assert dump(postgres_url) == first


def test_two_runs_writing_one_postgresql_database_at_once_make_no_duplicates(
    tmp_path: Path, postgres_url: str
) -> None:
    # 150 attacks x 2 reports: each process commits several batches, interleaved with the other's;
    # every later report must join the incident the other process may have just created.
    first, later = two_reports_per_attack(tmp_path, 150)
    sqlite_db = str(tmp_path / "t.db")
    run_into(sqlite_db, first, later)
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "tocsin", "run", str(path), "--db", postgres_url, "--quiet"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            cwd=REPO,
        )
        for path in (first, later)
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err.decode(errors="replace")
    together, apart = dump(postgres_url), dump(sqlite_db)
    assert len(together["incidents"]) == 150
    assert all(len(json.loads(row)["articles"]) == 2 for row in together["incidents"])
    assert together == apart


@pytest.mark.parametrize("command", [["incidents", "--json"], ["export", "--format", "jsonl"]])
def test_reading_commands_accept_a_postgresql_url(
    tmp_path: Path, postgres_url: str, command: list[str]
) -> None:
    sqlite_db = str(tmp_path / "t.db")
    run_into(sqlite_db, EXAMPLES)
    run_into(postgres_url, EXAMPLES)
    runner = CliRunner()
    on_postgres = runner.invoke(cli, [*command, "--db", postgres_url])
    on_sqlite = runner.invoke(cli, [*command, "--db", sqlite_db])
    assert on_postgres.exit_code == 0, on_postgres.output
    assert on_postgres.output == on_sqlite.output
    assert on_postgres.output.strip()
