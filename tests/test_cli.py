"""The CLI's error messages are part of its interface: their exact text is pinned here."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from tocsin import __version__
from tocsin.cli import cli
from tocsin.store import SCHEMA_VERSION, open_store

ONE_ARTICLE = (
    "date 2024-05-07\nGunmen opened fire on a bus in Peshawar, Khyber Pakhtunkhwa, on Monday, "
    "killing five passengers and wounding nine others, police said.\n"
)


def invoke(*args: str, input: str | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), input=input)
    return result.exit_code, result.output


def test_version() -> None:
    code, out = invoke("--version")
    assert code == 0 and out.strip() == f"tocsin, version {__version__}"


@pytest.mark.parametrize("command", ["run", "incidents", "show", "export", "geoparse", "evaluate"])
def test_every_command_has_help(command: str) -> None:
    code, out = invoke(command, "--help")
    assert code == 0 and "Usage: " in out and len(out.splitlines()) > 4


def test_a_missing_input_is_one_clear_line(tmp_path: Path) -> None:
    code, out = invoke("run", str(tmp_path / "nothing.txt"), "--db", str(tmp_path / "t.db"))
    assert code == 1
    assert out == f"Error: [E001] input not found: {tmp_path / 'nothing.txt'}\n"


def test_a_binary_input_is_refused(tmp_path: Path) -> None:
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    code, out = invoke("run", str(binary), "--db", str(tmp_path / "t.db"))
    assert code == 1
    assert out.startswith("Error: [E002] ") and str(binary) in out and len(out.splitlines()) == 1


def test_empty_input_is_an_error(tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    code, out = invoke("run", str(empty), "--db", str(tmp_path / "t.db"))
    assert code == 1
    assert out == "Error: [E003] The input holds no readable article.\n"


def test_only_malformed_lines_is_empty_input_with_the_skips_counted(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "text": \n[1, 2]\n')
    code, out = invoke("run", str(bad), "--db", str(tmp_path / "t.db"))
    assert code == 1
    assert out == "Error: [E003] The input holds no readable article (2 records skipped).\n"


def test_a_database_in_a_missing_folder_is_not_writable(tmp_path: Path) -> None:
    text = tmp_path / "a.txt"
    text.write_text(ONE_ARTICLE)
    db = tmp_path / "no" / "such" / "t.db"
    code, out = invoke("run", str(text), "--db", str(db))
    assert code == 1
    assert out == (
        f"Error: [E010] Cannot create the database {db}: folder {db.parent} does not exist.\n"
    )


def test_a_database_from_a_newer_schema_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    open_store(db).close()
    conn = sqlite3.connect(db)
    conn.execute("INSERT INTO schema_migrations VALUES (7, 'from the future', 'now')")
    conn.commit()
    conn.close()
    code, out = invoke("incidents", "--db", str(db))
    assert code == 1
    assert out == (
        f"Error: [E011] The database {db} has schema version 7, newer than this tocsin "
        f"understands ({SCHEMA_VERSION}); upgrade tocsin to use it.\n"
    )


def test_querying_a_database_that_does_not_exist(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    code, out = invoke("incidents", "--db", str(db))
    assert code == 1
    assert (
        out == f"Error: [E010] No database at {db}: create one with `tocsin run PATH --db {db}`.\n"
    )


def test_a_bad_country_code_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    open_store(db).close()
    code, out = invoke("incidents", "--db", str(db), "--country", "Russia")
    assert code == 1
    assert (
        out
        == "Error: [E030] --country takes an ISO 3166-1 alpha-2 code such as RU, not 'Russia'.\n"
    )


def test_a_bad_date_is_refused(tmp_path: Path) -> None:
    code, out = invoke("incidents", "--db", str(tmp_path / "t.db"), "--since", "2024-02-30")
    assert code == 2 and "'2024-02-30' is not a date: use YYYY-MM-DD or YYYY-MM." in out


def test_an_unknown_incident(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    open_store(db).close()
    code, out = invoke("show", "inc_nope", "--db", str(db))
    assert code == 1
    assert (
        out == f"Error: [E020] No incident inc_nope in {db}; list them with `tocsin incidents`.\n"
    )


@pytest.mark.slow
def test_run_then_query_show_and_export(tmp_path: Path) -> None:
    text = tmp_path / "a.txt"
    text.write_text(ONE_ARTICLE)
    db = str(tmp_path / "t.db")
    code, out = invoke("run", str(text), "--db", db)
    assert code == 0, out
    assert "read 1 articles" in out and "incidents:       1 new" in out
    code, out = invoke("incidents", "--db", db, "--json")
    assert code == 0
    row = json.loads(out.splitlines()[0])
    assert (row["killed"], row["injured"], row["country"]) == (5, 9, "PK")
    code, out = invoke("show", row["id"], "--db", db)
    assert code == 0 and "killing five passengers" in out
    code, out = invoke("incidents", "--db", db, "--country", "RU")
    assert code == 0 and out == "No incidents match.\n"
    for fmt in ("jsonl", "csv", "geojson"):
        target = tmp_path / f"out.{fmt}"
        code, out = invoke("export", "--db", db, "--format", fmt, "--out", str(target))
        assert code == 0 and target.stat().st_size > 0


@pytest.mark.slow
def test_run_reads_stdin(tmp_path: Path) -> None:
    db = str(tmp_path / "t.db")
    code, out = invoke("run", "-", "--db", db, "--json", input=ONE_ARTICLE)
    assert code == 0, out
    assert json.loads(out)["read"] == 1


def test_every_command_and_option_is_documented_in_the_readme() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    for name, command in cli.commands.items():
        assert f"### `tocsin {name}" in readme, f"README has no section for `tocsin {name}`"
        for param in command.params:
            for opt in getattr(param, "opts", []):
                if opt.startswith("--") and opt != "--help":
                    assert opt in readme, f"README does not mention {opt} of `tocsin {name}`"
