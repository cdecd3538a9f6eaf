"""Storage: one interface, SQLite by default (one file, no setup)."""

from __future__ import annotations

from pathlib import Path

from tocsin.store.query import IncidentFilter
from tocsin.store.sqlite import SCHEMA_VERSION, SQLiteStore

Store = SQLiteStore

__all__ = ["SCHEMA_VERSION", "IncidentFilter", "Store", "open_store"]


def open_store(path: str | Path) -> Store:
    """Open (creating and migrating as needed) the database at `path`."""
    return SQLiteStore(path)
