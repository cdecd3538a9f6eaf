"""End to end: articles in, incidents and interactions out, in a database that re-runs cleanly."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLES, REPO

from tocsin.export import incident_rows, interaction_rows
from tocsin.ingest import read
from tocsin.pipeline import process
from tocsin.report import RunReport
from tocsin.store import open_store

pytestmark = pytest.mark.slow

# Our own sentences, recombined into many distinct articles for the interruption test.
PLACES = ["Mosul", "Kandahar", "Mogadishu", "Maiduguri", "Peshawar", "Aleppo", "Quetta", "Kirkuk"]
KINDS = [
    "A car bomb exploded near a checkpoint in {p}, killing {k} people and wounding {i}.",
    "Gunmen opened fire on worshippers at a mosque in {p}, killing {k} and injuring {i} others.",
    "A roadside bomb struck a police patrol in {p}, killing {k} officers; {i} were hurt.",
]


def dump(db: Path) -> dict[str, Any]:
    """Return everything a user can read from a database, in a canonical order."""
    with open_store(db) as store:
        articles = sorted(r[0] for r in store.conn.execute("SELECT id FROM articles"))
        incidents = sorted(json.dumps(r, sort_keys=True) for r in incident_rows(store))
        interactions = sorted(json.dumps(r, sort_keys=True) for r in interaction_rows(store))
    return {"articles": articles, "incidents": incidents, "interactions": interactions}


def corpus(path: Path, n: int) -> Path:
    with open(path, "w", encoding="utf-8") as f:
        for i in range(n):
            day = 1 + i % 28
            text = KINDS[i % 3].format(p=PLACES[i % 8], k=2 + i % 11, i=3 + i % 7)
            text += f" The attack happened on {day} June 2023, officials said. Report number {i}."
            f.write(
                json.dumps({"id": f"doc-{i}", "text": text, "published": f"2023-06-{day:02d}"})
                + "\n"
            )
    return path


def run_cli(*args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "tocsin", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=REPO,
    )


def test_running_the_same_input_twice_changes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    for _ in range(2):
        with open_store(db) as store:
            report = RunReport()
            process(read([str(EXAMPLES)], report=report), store=store, report=report)
    first = dump(db)
    assert first["incidents"]
    with open_store(db) as store:
        report = RunReport()
        process(read([str(EXAMPLES)], report=report), store=store, report=report)
        assert report.extracted == 0 and report.already_stored + report.duplicates == report.read
    assert dump(db) == first


def test_a_run_killed_halfway_and_run_again_equals_an_uninterrupted_run(tmp_path: Path) -> None:
    source = corpus(tmp_path / "in.jsonl", 400)
    whole, killed = tmp_path / "whole.db", tmp_path / "killed.db"
    assert run_cli("run", str(source), "--db", str(whole), "--quiet").wait(timeout=600) == 0

    proc = run_cli("run", str(source), "--db", str(killed), "--quiet")
    deadline = time.monotonic() + 300
    stored = 0
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.2)
        if killed.exists():
            try:
                with sqlite3.connect(killed, timeout=1) as conn:
                    stored = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
            except sqlite3.OperationalError:
                continue
            if stored >= 64:
                break
    assert proc.poll() is None, "the run ended before it could be killed; make the corpus larger"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert 0 < stored < 400
    assert run_cli("run", str(source), "--db", str(killed), "--quiet").wait(timeout=600) == 0
    assert dump(killed) == dump(whole)


def test_a_near_duplicate_is_not_extracted_twice_but_is_listed_as_a_source(tmp_path: Path) -> None:
    text = (
        "A suicide bomber blew himself up at a market in Kirkuk on Tuesday, killing 14 people "
        "and wounding 30, police said. No group has claimed responsibility for the attack. "
        "The market was crowded with shoppers buying food ahead of the holiday, and ambulances "
        "took the wounded to the city's main hospital, where doctors appealed for blood donors. "
        "The provincial governor ordered an investigation and closed the roads into the centre "
        "for the rest of the day. It was the third bombing in the city this year."
    )
    lines = [
        {"id": "first", "text": text, "published": "2023-06-07"},
        {
            "id": "copy",
            "text": text.replace("this year", "so far this year"),
            "published": "2023-06-07",
        },
    ]
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps(x) + "\n" for x in lines))
    with open_store(tmp_path / "t.db") as store:
        report = RunReport()
        process(read([str(source)], report=report), store=store, report=report)
        rows = list(incident_rows(store))
    assert report.duplicates == 1 and report.extracted == 1
    assert len(rows) == 1 and rows[0]["articles"] == ["first", "copy"]
