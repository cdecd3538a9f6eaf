"""The store contract, run against both backends: a SQLite file and a real PostgreSQL server.

`store_db` (conftest.py) gives each test a fresh database of each backend; the PostgreSQL one
lives on a throwaway server that the session starts (tests/pg_server.py).
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from factories import article, interaction, mention

from tocsin.errors import (
    BadOption,
    DatabaseCorrupt,
    DatabaseNotWritable,
    DatabaseTooNew,
    UnknownIncident,
)
from tocsin.models import FeedState, SentAlert
from tocsin.resolve.merge import attach, new_incident
from tocsin.store import (
    IncidentFilter,
    PostgresStore,
    SQLiteStore,
    database_errors,
    is_postgres_url,
    open_store,
    require_sqlite,
)
from tocsin.store import postgres as pg
from tocsin.store import sqlite as lite


def schema_version_of(db: str) -> int:
    return pg.SCHEMA_VERSION if is_postgres_url(db) else lite.SCHEMA_VERSION


def raw_execute(db: str, sql: str) -> None:
    """Run one statement outside tocsin (to fake a database from elsewhere)."""
    if is_postgres_url(db):
        import psycopg

        with psycopg.connect(db, autocommit=True) as conn:
            conn.execute(sql.encode())
    else:
        import sqlite3

        conn = sqlite3.connect(db)
        conn.execute(sql)
        conn.commit()
        conn.close()


def test_both_backends_have_the_same_migrations() -> None:
    assert [(v, d) for v, d, _ in pg.MIGRATIONS] == [(v, d) for v, d, _ in lite.MIGRATIONS]


def test_a_new_database_records_its_migrations(store_db: str) -> None:
    with open_store(store_db) as store:
        assert store.schema_version == schema_version_of(store_db)


def test_reopening_does_not_migrate_twice(store_db: str) -> None:
    open_store(store_db).close()
    with open_store(store_db) as store:
        n = store.conn.execute("SELECT count(*) FROM schema_migrations").fetchone()
    assert n is not None and n[0] == schema_version_of(store_db)


def test_a_database_from_a_newer_tocsin_is_refused(store_db: str) -> None:
    open_store(store_db).close()
    raw_execute(store_db, "INSERT INTO schema_migrations VALUES (999, 'future', 'now')")
    with pytest.raises(DatabaseTooNew, match=r"\[E011\] .*schema version 999"):
        open_store(store_db)


def test_incidents_round_trip_with_filters(store_db: str) -> None:
    with open_store(store_db) as store:
        store.add_article(article("a1"))
        incident = new_incident(mention("a1"))
        store.save_incident(incident)
        store.add_mention(mention("a1"), incident.id)
        assert store.incident(incident.id) == incident
        assert [i.id for i in store.incidents(IncidentFilter(country="ru"))] == [incident.id]
        assert list(store.incidents(IncidentFilter(country="AF"))) == []
        assert [i.id for i in store.incidents(IncidentFilter(min_killed=60))] == [incident.id]
        assert list(store.incidents(IncidentFilter(min_killed=61))) == []
        assert [i.id for i in store.incidents(IncidentFilter(until="2024-03"))] == [incident.id]
        assert list(store.incidents(IncidentFilter(until="2024-02"))) == []
        assert list(store.incidents(IncidentFilter(since="2024-03-23"))) == []
        assert [i.id for i in store.incidents(IncidentFilter(type="armed assault"))] == [
            incident.id
        ]
        assert [i.id for i in store.incidents(IncidentFilter(article="a1"))] == [incident.id]
        assert store.mentions_of(incident.id)[0].article_id == "a1"
        assert store.incidents_of_article("a1") == [incident.id]
        assert store.incident_of_mention("a1", 0) == incident.id


def test_incidents_list_undated_first_then_by_date_and_id(store_db: str) -> None:
    with open_store(store_db) as store:
        for n, day in enumerate(["2024-03-22", "2023-01-05", "2024-03-22"]):
            store.add_article(article(f"a{n}"))
            store.save_incident(new_incident(mention(f"a{n}", day=day)))
        store.add_article(article("b"))
        undated = new_incident(mention("b")).model_copy(update={"id": "inc_b", "date": None})
        store.save_incident(undated)
        got = [(i.date.iso if i.date else None, i.id) for i in store.incidents()]
    assert got[0] == (None, "inc_b")
    assert got[1:] == sorted(got[1:], key=lambda x: (x[0] or "", x[1]))
    assert len(got) == 4


def test_an_unknown_incident_is_a_coded_error(store_db: str) -> None:
    with open_store(store_db) as store, pytest.raises(UnknownIncident, match=r"\[E020\]"):
        store.incident("inc_nothing")


def test_the_same_interaction_is_stored_once(store_db: str) -> None:
    with open_store(store_db) as store:
        store.add_article(article("a1"))
        store.add_interactions([("int_1", interaction())])
        store.add_interactions([("int_1", interaction())])
        assert store.count("interactions") == 1
        assert [i for i, _ in store.interactions()] == ["int_1"]


def test_storing_an_article_twice_is_a_database_error_on_both_backends(store_db: str) -> None:
    with open_store(store_db) as store:
        store.add_article(article("a1"))
        with pytest.raises(database_errors()):
            store.add_article(article("a1"))
        assert store.count("articles") == 1


def test_an_article_round_trips(store_db: str) -> None:
    import datetime as dt

    stored = article("a1").model_copy(
        update={
            "url": "https://example.org/x",
            "title": "T",
            "published_at": dt.datetime(2024, 3, 23, 9, 30, tzinfo=dt.UTC),
        }
    )
    with open_store(store_db) as store:
        assert not store.has_article("a1")
        store.add_article(stored)
        assert store.has_article("a1")
        assert store.article("a1") == stored
        assert store.article("nope") is None


def test_signatures_come_back_in_insertion_order_byte_for_byte(store_db: str) -> None:
    blobs = {"b": bytes(range(256)), "a": b"\x00\xff" * 64, "c": b""}
    with open_store(store_db) as store:
        for key, blob in blobs.items():
            store.add_article(article(key))
            store.add_signature(key, "h" + key, blob)
        store.add_signature("b", "h2", b"new")  # replaced: moves last, as in SQLite
        assert list(store.signatures()) == [
            ("a", "ha", blobs["a"]),
            ("c", "hc", b""),
            ("b", "h2", b"new"),
        ]


def test_a_rolled_back_batch_leaves_nothing(store_db: str) -> None:
    with open_store(store_db) as store:
        store.begin()
        store.add_article(article("a1"))
        store.rollback()
        store.begin()
        store.add_article(article("a2"))
        store.commit()
    with open_store(store_db) as store:
        assert not store.has_article("a1") and store.has_article("a2")


def test_an_exception_inside_the_store_block_rolls_back(store_db: str) -> None:
    with pytest.raises(RuntimeError), open_store(store_db) as store:
        store.begin()
        store.add_article(article("a1"))
        raise RuntimeError("boom")
    with open_store(store_db) as store:
        assert not store.has_article("a1")


def test_runs_are_numbered_and_keep_their_summary(store_db: str) -> None:
    with open_store(store_db) as store:
        first, second = store.start_run(), store.start_run()
        store.finish_run(second, {"read": 3})
        row = store.conn.execute("SELECT summary FROM runs WHERE id = 2").fetchone()
    assert (first, second) == (1, 2)
    assert row is not None and row[0] == '{"read": 3}'


def test_merging_two_incidents_moves_everything_and_keeps_the_old_id(store_db: str) -> None:
    with open_store(store_db) as store:
        ids = []
        for a in ("a2", "a3"):
            store.add_article(article(a))
            incident = new_incident(mention(a))
            store.save_incident(incident)
            store.add_mention(mention(a), incident.id)
            ids.append(incident.id)
        keep, fold = ids
        linked = interaction("a3").model_copy(update={"incident_id": fold})
        store.add_interactions([("int_1", linked)])
        store.replace_incidents([keep, fold], keep)
        assert store.resolve_incident_id(fold) == keep
        assert store.incident(fold).id == keep
        assert [m.article_id for m in store.mentions_of(keep)] == ["a2", "a3"]
        [(_, moved)] = store.interactions(incident_id=keep)
        assert moved.incident_id == keep
        assert list(store.interactions(incident_id=fold)) == []
        assert store.count("incidents") == 1
        assert store.incidents_of_article("a3") == []


def test_two_reports_of_one_attack_make_one_incident(store_db: str) -> None:
    with open_store(store_db) as store:
        store.add_article(article("a1"))
        store.add_article(article("a2", day="2024-03-24"))
        # Reports that agree on place, day, type, group and the words of the story.
        words = {"terms": ["concert", "hall", "gunmen", "crocus"]}
        first, joined_first = attach(
            mention("a1").model_copy(update=words), store=store, report=None
        )
        second, joined_second = attach(
            mention("a2", published="2024-03-24").model_copy(update=words),
            store=store,
            report=None,
        )
        assert (joined_first, joined_second) == (0, 1)
        assert first == second
        assert store.count("incidents") == 1
        assert store.count("mentions") == 2
        assert [a.id for a in store.articles_of_incident(first or "")] == ["a1", "a2"]


def test_near_mentions_are_found_by_day_range_and_country(store_db: str) -> None:
    with open_store(store_db) as store:
        store.add_article(article("a1"))
        incident_id, _ = attach(mention("a1"), store=store, report=None)
        near = store.mentions_near(start="2024-03-20", end="2024-03-22", country="RU")
        assert [(i, m.article_id) for i, m in near] == [(incident_id, "a1")]
        assert store.mentions_near(start="2024-03-23", end="2024-03-30", country="RU") == []
        assert store.mentions_near(start="2024-03-20", end="2024-03-22", country="FR") == []


def test_feed_state_round_trips_and_is_replaced(store_db: str) -> None:
    state = FeedState(url="https://example.org/rss", etag='"x1"', last_checked=1.5, failures=2)
    with open_store(store_db) as store:
        assert store.feed_state(state.url) is None
        store.save_feed_state(state)
        assert store.feed_state(state.url) == state
        newer = state.model_copy(update={"etag": '"x2"', "failures": 0, "last_error": None})
        store.save_feed_state(newer)
        assert store.feed_state(state.url) == newer


def test_seen_items_are_remembered_per_source(store_db: str) -> None:
    with open_store(store_db) as store:
        store.mark_seen("feed1", ["x", "y"], at=1.0)
        store.mark_seen("feed1", ["y", "z"], at=2.0)
        assert store.seen_items("feed1", ["x", "z", "w"]) == {"x", "z"}
        assert store.seen_items("feed2", ["x"]) == set()
        assert store.seen_items("feed1", []) == set()


def test_items_seen_long_ago_are_forgotten(store_db: str) -> None:
    with open_store(store_db) as store:
        store.mark_seen("feed1", ["old", "older"], at=10.0)
        store.mark_seen("feed1", ["recent"], at=100.0)
        assert store.forget_seen(50.0) == 2
        assert store.seen_items("feed1", ["old", "older", "recent"]) == {"recent"}


def test_the_last_alert_follows_a_merged_incident(store_db: str) -> None:
    alert = SentAlert(incident_id="inc_old", rule="r1", killed=3, claims=["IS"], sent_at=10.0)
    with open_store(store_db) as store:
        assert store.last_alert("inc_old", "r1") is None
        store.record_alert(alert)
        store.record_alert(alert.model_copy(update={"killed": 5, "sends": 2, "sent_at": 11.0}))
        got = store.last_alert("inc_old", "r1")
        assert got is not None and (got.killed, got.sends, got.claims) == (5, 2, ["IS"])
        store.conn.execute("INSERT INTO incident_aliases VALUES ('inc_old', 'inc_new')")
        followed = store.last_alert("inc_new", "r1")
        assert followed is not None and followed.incident_id == "inc_old"
        assert store.last_alert("inc_new", "r2") is None


# -- PostgreSQL only ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("db", "backend"),
    [
        ("postgresql://u@h/db", PostgresStore),
        ("postgres://u@h/db", PostgresStore),
        ("POSTGRESQL://u@h/db", PostgresStore),
        ("tocsin.db", SQLiteStore),
        ("postgresql.db", SQLiteStore),
    ],
)
def test_a_url_scheme_picks_postgresql(db: str, backend: type) -> None:
    assert is_postgres_url(db) == (backend is PostgresStore)


def test_open_store_gives_a_postgres_store_for_a_url(postgres_url: str) -> None:
    with open_store(postgres_url) as store:
        assert isinstance(store, PostgresStore)


def test_a_server_that_does_not_answer_is_a_coded_error_without_the_password(
    tmp_path: Path,
) -> None:
    url = f"postgresql://me:s3cret@/db?host={tmp_path}&connect_timeout=2"
    with pytest.raises(DatabaseNotWritable, match=r"\[E010\] Cannot connect") as caught:
        open_store(url)
    assert "s3cret" not in str(caught.value) and "me:***@" in str(caught.value)


def test_a_database_holding_other_tables_is_refused(postgres_url: str) -> None:
    raw_execute(postgres_url, "CREATE TABLE articles (x INTEGER)")
    with pytest.raises(DatabaseCorrupt, match=r"\[E012\] .*not a tocsin database"):
        open_store(postgres_url)


def test_serving_a_postgres_url_is_a_coded_error() -> None:
    with pytest.raises(BadOption, match=r"\[E030\] `tocsin serve` reads a SQLite database"):
        require_sqlite("postgresql://me:pw@host/db", command="serve")
    require_sqlite("tocsin.db", command="serve")


def test_a_second_writer_waits_for_the_first_to_commit(postgres_url: str) -> None:
    with open_store(postgres_url) as first, open_store(postgres_url) as second:
        first.begin()
        first.add_article(article("a1"))
        seen: list[bool] = []

        def write() -> None:
            second.begin()  # blocks until `first` commits
            seen.append(second.has_article("a1"))
            second.commit()

        thread = threading.Thread(target=write)
        thread.start()
        time.sleep(0.5)
        assert thread.is_alive() and seen == []
        first.commit()
        thread.join(timeout=10)
        assert seen == [True]


def test_many_stores_opening_a_new_database_at_once_migrate_it_once(postgres_url: str) -> None:
    errors: list[BaseException] = []

    def open_close() -> None:
        try:
            open_store(postgres_url).close()
        except BaseException as exc:  # reported below: a thread cannot raise into the test
            errors.append(exc)

    threads = [threading.Thread(target=open_close) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    with open_store(postgres_url) as store:
        n = store.conn.execute("SELECT count(*) FROM schema_migrations").fetchone()
    assert n is not None and n[0] == pg.SCHEMA_VERSION
