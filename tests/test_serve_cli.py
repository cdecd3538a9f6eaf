"""`tocsin serve`: its options, its error on a missing database, and preparing a database."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from click.testing import CliRunner
from serve_helpers import build_db

from tocsin.cli import cli


def test_serve_refuses_a_missing_database(tmp_path: Path) -> None:
    db = tmp_path / "none.db"
    result = CliRunner().invoke(cli, ["serve", "--db", str(db)])
    assert result.exit_code == 1
    assert f"No database at {db}: create one with `tocsin run PATH --db {db}`." in result.output


def test_serve_refuses_a_postgresql_url_without_showing_its_password() -> None:
    result = CliRunner().invoke(cli, ["serve", "--db", "postgresql://me:hunter2@localhost/tocsin"])
    assert result.exit_code == 1
    assert "[E030] `tocsin serve` reads a SQLite database file only" in result.output
    assert "postgresql://me:***@localhost/tocsin" in result.output
    assert "hunter2" not in result.output


def test_serve_help_lists_the_write_token_and_its_variable() -> None:
    result = CliRunner().invoke(cli, ["serve", "--help"])
    assert result.exit_code == 0
    assert "--write-token" in result.output
    assert "TOCSIN_WRITE_TOKEN" in result.output


def test_preparing_a_database_twice_builds_its_indexes_once(tmp_path: Path) -> None:
    from tocsin.serve.app import prepare

    db = build_db(tmp_path / "p.db")
    assert prepare(str(db)) is True
    assert prepare(str(db)) is True
    conn = sqlite3.connect(db)
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert {"incidents_fts", "incidents_geo", "incidents_map_country"} <= names
    assert {"incident_stats_day", "incident_stats_month"} <= names
    assert conn.execute("SELECT count(*) FROM incidents_fts").fetchone()[0] == 3
