from __future__ import annotations

import csv
import io
import json

from factories import interaction, mention

from tocsin.export import (
    INCIDENT_KEYS,
    incident_row,
    interaction_row,
    write_csv,
    write_geojson,
    write_jsonl,
)
from tocsin.resolve.merge import new_incident

V1_INTERACTION_KEYS = [
    "id", "article", "date", "actor", "actor_country", "type", "plover", "cameo",
    "target", "target_country", "incident", "evidence",
]  # fmt: skip


def test_incident_rows_have_exactly_the_v1_keys() -> None:
    row = incident_row(new_incident(mention("a1")))
    assert tuple(row) == INCIDENT_KEYS


def test_incident_row_values_follow_format_md() -> None:
    row = incident_row(new_incident(mention("a1")))
    assert row["date"] == "2024-03-22" and row["date_precision"] == "day"
    assert (row["country"], row["admin1"], row["place"]) == ("RU", "Moscow Oblast", "Krasnogorsk")
    assert (row["killed"], row["killed_qualifier"]) == (60, "at_least")
    assert row["perpetrators"][0]["name"] == "Islamic State"
    assert row["perpetrators"][0]["claimed"] is True
    assert row["articles"] == ["a1"]
    assert row["count_history"] == [
        {"as_of": "2024-03-23", "killed": 60, "injured": None, "article": "a1"}
    ]


def test_interaction_rows_have_exactly_the_v1_keys_and_name_the_incident() -> None:
    incident = new_incident(mention("a1"))
    linked = interaction().model_copy(update={"incident_id": incident.id})
    row = interaction_row("int_1", linked, incident)
    assert list(row) == V1_INTERACTION_KEYS
    assert row["target"] == "Krasnogorsk attack" and row["target_country"] == "RU"
    assert row["incident"] == incident.id


def test_jsonl_is_one_object_per_line() -> None:
    out = io.StringIO()
    rows = [incident_row(new_incident(mention("a1"))), incident_row(new_incident(mention("a2")))]
    assert write_jsonl(rows, out) == 2
    assert [json.loads(line)["articles"] for line in out.getvalue().splitlines()] == [
        ["a1"],
        ["a2"],
    ]


def test_csv_uses_acled_column_names() -> None:
    out = io.StringIO()
    write_csv([incident_row(new_incident(mention("a1")))], out)
    record = next(csv.DictReader(io.StringIO(out.getvalue())))
    assert record["event_date"] == "2024-03-22"
    assert record["fatalities"] == "60"
    assert record["event_type"] == "Violence against civilians"
    assert record["latitude"] == "55.82"


def test_geojson_points_are_lon_lat() -> None:
    out = io.StringIO()
    assert write_geojson([incident_row(new_incident(mention("a1")))], out) == 1
    feature = json.loads(out.getvalue())["features"][0]
    assert feature["geometry"]["coordinates"] == [37.33, 55.82]
