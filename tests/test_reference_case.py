"""The reference case of DESIGN.md: one dated report of the Crocus City Hall attack.

Pinned end to end through the CLI: `tocsin run` then `tocsin export`.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import shared_path

from tocsin.cli import cli
from tocsin.geo import haversine_km

pytestmark = pytest.mark.slow
DB: list[str] = []  # the module's database, for the tests that read more than the export


@pytest.fixture(scope="module")
def exported(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    sample = shared_path("samples", "krasnogorsk-2024-03-23.txt")
    tmp = tmp_path_factory.mktemp("reference")
    db = str(tmp / "t.db")
    DB[:] = [db]
    runner = CliRunner()
    result = runner.invoke(cli, ["run", str(sample), "--db", db])
    assert result.exit_code == 0, result.output
    incidents = runner.invoke(cli, ["export", "--db", db])
    interactions = runner.invoke(cli, ["export", "--db", db, "--what", "interactions"])
    return (
        [json.loads(x) for x in incidents.output.splitlines()],
        [json.loads(x) for x in interactions.output.splitlines()],
    )


def test_exactly_one_incident(exported: tuple[list[dict[str, Any]], list[dict[str, Any]]]) -> None:
    assert len(exported[0]) == 1


def test_the_incident_fields(exported: tuple[list[dict[str, Any]], list[dict[str, Any]]]) -> None:
    incident = exported[0][0]
    assert incident["date"] == "2024-03-22"
    assert (incident["country"], incident["admin1"], incident["place"]) == (
        "RU",
        "Moscow Oblast",
        "Krasnogorsk",
    )
    assert haversine_km(incident["lat"], incident["lon"], 55.82, 37.33) <= 10
    assert (incident["killed"], incident["killed_qualifier"]) == (60, "at_least")
    assert incident["injured"] == 115
    assert {"name": "Islamic State", "claimed": True}.items() <= incident["perpetrators"][0].items()


def find(interactions: list[dict[str, Any]], **want: Any) -> list[dict[str, Any]]:
    return [i for i in interactions if all(i.get(k) == v for k, v in want.items())]


@pytest.mark.parametrize(
    "want",
    [
        {
            "type": "share_intelligence",
            "plover": "COOPERATE",
            "cameo": "064",
            "actor_country": "US",
        },
        {"actor": "Masoud Barzani", "type": "condemn", "plover": "ACCUSE", "cameo": "111"},
        {"actor": "Masoud Barzani", "type": "condole", "cameo": "018"},
        {"actor": "Xi Jinping", "actor_country": "CN", "type": "condemn"},
        {"actor": "Vladimir Putin", "type": "condole"},
        {"type": "warn", "actor_country": "US"},
    ],
    ids=[
        "us-intelligence",
        "barzani-condemns",
        "barzani-condoles",
        "xi-condemns",
        "putin-condoles",
        "us-embassy-warns",
    ],
)
def test_the_interactions(
    exported: tuple[list[dict[str, Any]], list[dict[str, Any]]], want: dict[str, Any]
) -> None:
    assert find(exported[1], **want), (
        f"no interaction {want} in {[(i['actor'], i['type']) for i in exported[1]]}"
    )


def test_the_warning_is_marked_as_given_before_the_incident(
    exported: tuple[list[dict[str, Any]], list[dict[str, Any]]],
) -> None:
    incident_id = exported[0][0]["id"]
    warnings = find(exported[1], type="warn")
    assert warnings and warnings[0]["incident"] == incident_id
    shown = CliRunner().invoke(cli, ["show", incident_id, "--db", DB[0], "--json"])
    stored = [i for i in json.loads(shown.output)["interactions"] if i["verb"] == "warn"]
    assert stored and all(i["before_incident"] for i in stored)
