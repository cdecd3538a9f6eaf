from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from factories import article, interaction, mention

from tocsin.errors import DatabaseCorrupt, DatabaseNotWritable, DatabaseTooNew, UnknownIncident
from tocsin.resolve.merge import new_incident
from tocsin.store import SCHEMA_VERSION, IncidentFilter, open_store


def test_a_new_database_records_its_migrations(tmp_path: Path) -> None:
    with open_store(tmp_path / "t.db") as store:
        assert store.schema_version == SCHEMA_VERSION
        mode = store.conn.execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"


def test_reopening_does_not_migrate_twice(tmp_path: Path) -> None:
    open_store(tmp_path / "t.db").close()
    with open_store(tmp_path / "t.db") as store:
        n = store.conn.execute("SELECT count(*) FROM schema_migrations").fetchone()[0]
    assert n == SCHEMA_VERSION


def test_a_database_from_a_newer_tocsin_is_refused(tmp_path: Path) -> None:
    open_store(tmp_path / "t.db").close()
    conn = sqlite3.connect(tmp_path / "t.db")
    conn.execute("INSERT INTO schema_migrations VALUES (999, 'future', 'now')")
    conn.commit()
    conn.close()
    with pytest.raises(DatabaseTooNew, match=r"\[E011\] .*schema version 999"):
        open_store(tmp_path / "t.db")


def test_a_missing_folder_is_not_writable(tmp_path: Path) -> None:
    with pytest.raises(DatabaseNotWritable, match=r"\[E010\]"):
        open_store(tmp_path / "nope" / "t.db")


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "t.db"
    bad.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(DatabaseCorrupt, match=r"\[E012\]"):
        open_store(bad)


def test_incidents_round_trip_with_filters(tmp_path: Path) -> None:
    with open_store(tmp_path / "t.db") as store:
        store.add_article(article("a1"))
        incident = new_incident(mention("a1"))
        store.save_incident(incident)
        store.add_mention(mention("a1"), incident.id)
        assert store.incident(incident.id) == incident
        assert [i.id for i in store.incidents(IncidentFilter(country="RU"))] == [incident.id]
        assert list(store.incidents(IncidentFilter(country="AF"))) == []
        assert [i.id for i in store.incidents(IncidentFilter(min_killed=60))] == [incident.id]
        assert list(store.incidents(IncidentFilter(min_killed=61))) == []
        assert [i.id for i in store.incidents(IncidentFilter(until="2024-03"))] == [incident.id]
        assert list(store.incidents(IncidentFilter(since="2024-03-23"))) == []
        assert [i.id for i in store.incidents(IncidentFilter(type="armed assault"))] == [
            incident.id
        ]
        assert store.mentions_of(incident.id)[0].article_id == "a1"


def test_an_unknown_incident_is_a_coded_error(tmp_path: Path) -> None:
    with open_store(tmp_path / "t.db") as store, pytest.raises(UnknownIncident, match=r"\[E020\]"):
        store.incident("inc_nothing")


def test_the_same_interaction_is_stored_once(tmp_path: Path) -> None:
    with open_store(tmp_path / "t.db") as store:
        store.add_article(article("a1"))
        store.add_interactions([("int_1", interaction())])
        store.add_interactions([("int_1", interaction())])
        assert store.count("interactions") == 1
