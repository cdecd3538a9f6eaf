"""Storage: one interface, SQLite by default (one file, no setup), PostgreSQL for many writers.

`open_store(db)` picks the backend from `db`: a `postgresql://` or `postgres://` URL opens a
`PostgresStore`, anything else is a SQLite file path. Both have the same public methods: the
SQL they share lives in `records.RecordStore`, each backend adds its connection, transactions and
the few statements its dialect needs.
"""

from __future__ import annotations

import sqlite3
from functools import lru_cache
from pathlib import Path

from tocsin.errors import BadOption
from tocsin.store.postgres import PostgresStore, is_postgres_url, redact
from tocsin.store.query import IncidentFilter
from tocsin.store.sqlite import SCHEMA_VERSION, SQLiteStore

Store = SQLiteStore | PostgresStore

__all__ = [
    "SCHEMA_VERSION",
    "IncidentFilter",
    "PostgresStore",
    "SQLiteStore",
    "Store",
    "database_errors",
    "is_postgres_url",
    "open_store",
    "require_sqlite",
]


def open_store(db: str | Path) -> Store:
    """Open (creating and migrating as needed) the database `db`: a SQLite path or a URL."""
    if is_postgres_url(db):
        return PostgresStore(str(db))
    return SQLiteStore(db)


def require_sqlite(db: str | Path, *, command: str) -> None:
    """Raise BadOption when `db` is a PostgreSQL URL, for commands that read SQLite only."""
    if is_postgres_url(db):
        raise BadOption(
            f"`tocsin {command}` reads a SQLite database file only, not {redact(str(db))}; "
            f"run `tocsin run PATH --db FILE.db` into a SQLite file and {command} that."
        )


@lru_cache(maxsize=1)
def database_errors() -> tuple[type[Exception], ...]:
    """Return the exception classes a backend raises when the database itself fails.

    For `except database_errors():` around a run that may write either backend (a locked or
    full SQLite file, a PostgreSQL server gone away).
    """
    try:
        import psycopg
    except ImportError:
        return (sqlite3.Error,)
    return (sqlite3.Error, psycopg.Error)
