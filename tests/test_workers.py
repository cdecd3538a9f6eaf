"""`process(workers=N)`: extraction in N processes, one writer, the same database as one process."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from test_pipeline import dump

from tocsin.errors import BadOption
from tocsin.ingest import read
from tocsin.pipeline import process, summary_of
from tocsin.report import RunReport
from tocsin.store import open_store

PLACES = ["Mosul", "Kandahar", "Mogadishu", "Maiduguri", "Peshawar", "Aleppo", "Quetta", "Kirkuk"]
VIOLENT = [
    "A car bomb exploded near a checkpoint in {p}, killing {k} people and wounding {i}.",
    "Gunmen opened fire on worshippers at a mosque in {p}, killing {k} and injuring {i} others.",
]
REACTION = "The foreign minister of Norway condemned the attack in {p} and offered condolences."
QUIET = [
    "The orchestra of {p} played to a full hall on Sunday night. Tickets cost {k} dollars.",
    "Rain is expected over {p} this weekend, with temperatures near {k} degrees.",
    "The new library in {p} will have a glass roof and {k} reading rooms.",
]


def mixed_corpus(path: Path, n: int) -> Path:
    """Write `n` articles of our own: one in four reports violence, some react to it."""
    with open(path, "w", encoding="utf-8") as f:
        for i in range(n):
            p, k, inj = PLACES[i % 8], 2 + i % 11, 3 + i % 7
            day = 1 + i % 28
            if i % 4 == 0:
                text = VIOLENT[i % 2].format(p=p, k=k, i=inj)
                text += f" The attack happened on {day} June 2023, officials said."
                if i % 8 == 0:
                    text += " " + REACTION.format(p=p)
            else:
                text = QUIET[i % 3].format(p=p, k=k) + f" Item {i}."
            f.write(
                json.dumps({"id": f"doc-{i}", "text": text, "published": f"2023-06-{day:02d}"})
                + "\n"
            )
    return path


def run_into(db: Path, source: Path, **options: Any) -> dict[str, object]:
    with open_store(db) as store:
        report = RunReport()
        process(read([str(source)], report=report), store=store, report=report, **options)
    summary = summary_of(report)
    for timing in ("seconds", "articles_per_second"):
        summary.pop(timing)
    return summary


@pytest.mark.slow
def test_two_workers_make_the_same_database_as_one_process(tmp_path: Path) -> None:
    source = mixed_corpus(tmp_path / "in.jsonl", 80)
    one = run_into(tmp_path / "one.db", source)
    two = run_into(tmp_path / "two.db", source, workers=2)
    assert one == two
    first = dump(tmp_path / "one.db")
    assert first["incidents"] and first["interactions"]
    assert dump(tmp_path / "two.db") == first


@pytest.mark.slow
def test_the_relevance_filter_keeps_every_incident_and_reaction(tmp_path: Path) -> None:
    source = mixed_corpus(tmp_path / "in.jsonl", 40)
    run_into(tmp_path / "on.db", source)
    run_into(tmp_path / "off.db", source, relevance=False)
    assert dump(tmp_path / "on.db") == dump(tmp_path / "off.db")


@pytest.mark.parametrize("workers", [0, -2])
def test_fewer_than_one_worker_is_a_bad_option(tmp_path: Path, workers: int) -> None:
    with open_store(tmp_path / "t.db") as store, pytest.raises(BadOption, match="workers"):
        process(iter([]), store=store, workers=workers)
