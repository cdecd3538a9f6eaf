"""`process(cluster=...)`: the same stage functions on a Dask cluster, the same database."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_pipeline import dump
from test_workers import mixed_corpus, run_into

from tocsin.errors import BadOption
from tocsin.store import open_store


@pytest.mark.slow
def test_a_local_dask_cluster_of_two_processes_makes_the_same_database(tmp_path: Path) -> None:
    pytest.importorskip("distributed", reason="distributed is a dependency of tocsin")
    source = mixed_corpus(tmp_path / "in.jsonl", 48)
    local = run_into(tmp_path / "local.db", source)
    dask = run_into(tmp_path / "dask.db", source, workers=2, cluster="local")
    assert dask == local
    assert dump(tmp_path / "dask.db") == dump(tmp_path / "local.db")


@pytest.mark.slow
def test_an_unreachable_scheduler_is_a_bad_option(tmp_path: Path) -> None:
    pytest.importorskip("distributed", reason="distributed is a dependency of tocsin")
    from tocsin.pipeline import process

    with open_store(tmp_path / "t.db") as store, pytest.raises(BadOption, match="dask-scheduler"):
        process(iter([]), store=store, cluster="tcp://127.0.0.1:9")
