"""The HTTP API against the real app (FastAPI's TestClient) over a hand-built database."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from serve_helpers import build_db

from tocsin.serve import create_app


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_db(tmp_path_factory.mktemp("api") / "t.db")


@pytest.fixture(scope="module")
def client(db: Path) -> TestClient:
    return TestClient(create_app(str(db)))


def ids(body: dict[str, Any]) -> list[str]:
    return [row["id"] for row in body["items"]]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["inc_gamma", "inc_beta", "inc_alpha"]),
        ({"country": "so"}, ["inc_gamma", "inc_beta"]),
        ({"since": "2024-05-01", "until": "2024-05-31"}, ["inc_beta"]),
        ({"until": "2024-03"}, ["inc_alpha"]),
        ({"type": "Bombing/Explosion"}, ["inc_beta"]),
        ({"type": "Battles"}, ["inc_gamma"]),
        ({"perpetrator": "shabaab"}, ["inc_beta"]),
        ({"min_killed": 5}, ["inc_alpha"]),
        ({"admin1": "Betatown Province"}, ["inc_beta"]),
        ({"bbox": "40,-5,46,5"}, ["inc_gamma", "inc_beta"]),
        ({"q": "alphav"}, ["inc_alpha"]),
        ({"q": "islamic state"}, ["inc_alpha"]),
        ({"article": "art-3"}, ["inc_gamma", "inc_beta"]),
        ({"sort": "-killed"}, ["inc_alpha", "inc_beta", "inc_gamma"]),
        ({"sort": "date"}, ["inc_alpha", "inc_beta", "inc_gamma"]),
    ],
)
def test_incidents_filter_and_sort(
    client: TestClient, params: dict[str, Any], expected: list[str]
) -> None:
    body = client.get("/api/incidents", params=params).json()
    assert ids(body) == expected
    assert body["total"] == len(expected)


def test_cursor_pages_through_every_incident_once(client: TestClient) -> None:
    seen: list[str] = []
    cursor = None
    for _ in range(5):
        params: dict[str, Any] = {"limit": 1, **({"cursor": cursor} if cursor else {})}
        body = client.get("/api/incidents", params=params).json()
        seen += ids(body)
        assert body["total"] == 3
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert seen == ["inc_gamma", "inc_beta", "inc_alpha"]


def test_incident_rows_are_the_v1_export_records(client: TestClient) -> None:
    from tocsin.export import INCIDENT_KEYS

    row = client.get("/api/incidents", params={"country": "IQ"}).json()["items"][0]
    assert tuple(row) == INCIDENT_KEYS
    assert (row["killed"], row["killed_qualifier"]) == (15, "at_least")


def test_one_incident_has_history_mentions_sources_and_reactions(client: TestClient) -> None:
    body = client.get("/api/incidents/inc_alpha").json()
    assert [(c["as_of"], c["killed"]["value"]) for c in body["record"]["count_history"]] == [
        ("2024-03-04", 12),
        ("2024-03-05", 15),
    ]
    assert len(body["record"]["mentions"]) == 1
    assert [s["id"] for s in body["sources"]] == ["art-1", "art-2"]
    assert body["sources"][0]["evidence"][0]["field"] == "killed"
    assert body["sources"][0]["evidence"][0]["text"].startswith("Gunmen killed at least 12")
    assert {i["actor"] for i in body["interactions"]} == {"Jane Ruler", "Islamic State"}
    assert [t["kind"] for t in body["timeline"]][:2] == ["report", "reaction"]


@pytest.mark.parametrize(
    ("path", "status", "code"),
    [
        ("/api/incidents/inc_nope", 404, "E020"),
        ("/api/actors/Nobody", 404, "E060"),
        ("/api/articles/nope", 404, "E060"),
        ("/api/nowhere", 404, "E060"),
        ("/api/incidents?country=RUS", 400, "E030"),
        ("/api/incidents?since=yesterday", 400, "E030"),
        ("/api/incidents?bbox=1,2,3", 400, "E030"),
        ("/api/incidents?bbox=0,50,10,40", 400, "E030"),
        ("/api/incidents?sort=place", 400, "E030"),
        ("/api/incidents?limit=100000", 400, "E030"),
        ("/api/incidents?cursor=garbage", 400, "E030"),
        ("/api/stats?by=colour", 400, "E030"),
        ("/api/export/interactions.geojson", 400, "E030"),
        ("/api/export/incidents.xlsx", 400, "E030"),
        ("/static/../../etc/passwd", 404, "E060"),
        ("/static/app.py", 404, "E060"),
    ],
)
def test_errors_are_json_with_code_and_message(
    client: TestClient, path: str, status: int, code: str
) -> None:
    response = client.get(path)
    assert response.status_code == status
    error = response.json()["error"]
    assert error["code"] == code
    assert error["message"]


def test_sql_in_a_filter_is_only_a_value(client: TestClient, db: Path) -> None:
    body = client.get("/api/incidents", params={"perpetrator": "x' OR 1=1 --"}).json()
    assert body["total"] == 0
    assert client.get("/api/incidents").json()["total"] == 3


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["int_1", "int_2"]),
        ({"actor": "Jane Ruler"}, ["int_1"]),
        ({"verb": "claim_responsibility"}, ["int_2"]),
        ({"plover": "ACCUSE"}, ["int_1"]),
        ({"cameo": "015"}, ["int_2"]),
        ({"incident": "inc_beta"}, []),
    ],
)
def test_interactions_filter(
    client: TestClient, params: dict[str, Any], expected: list[str]
) -> None:
    body = client.get("/api/interactions", params=params).json()
    assert ids(body) == expected
    assert body["total"] == len(expected)


def test_actors_and_actor_page(client: TestClient) -> None:
    names = [a["name"] for a in client.get("/api/actors").json()["items"]]
    actor = client.get("/api/actors/Islamic State").json()
    assert set(names) == {"Jane Ruler", "Islamic State"}
    assert actor["by_verb"] == {"claim_responsibility": 1}
    assert [r["id"] for r in actor["perpetrator_of"]] == ["inc_alpha"]


def test_articles_list_and_one_article(client: TestClient) -> None:
    listed = client.get("/api/articles", params={"limit": 2}).json()
    second = client.get("/api/articles", params={"limit": 2, "cursor": listed["next_cursor"]})
    one = client.get("/api/articles/art-1").json()
    assert ids(listed) + ids(second.json()) == ["art-3", "art-2", "art-1"]
    assert listed["total"] == 3
    assert one["incidents"] == ["inc_alpha"]
    assert one["text"].startswith("Gunmen killed")


@pytest.mark.parametrize(
    ("by", "expected"),
    [
        ("month", [("2024-03", 1, 15), ("2024-05", 1, 4), ("2024-06", 1, 0)]),
        ("country", [("SO", 2, 4), ("IQ", 1, 15)]),
        ("week", [("2024-W10", 1, 15), ("2024-W19", 1, 4), ("2024-W22", 1, 0)]),
    ],
)
def test_stats_count_incidents_and_killed(
    client: TestClient, by: str, expected: list[tuple[str, int, int]]
) -> None:
    items = client.get("/api/stats", params={"by": by}).json()["items"]
    assert [(i["key"], i["incidents"], i["killed"]) for i in items] == expected


def test_points_give_located_incidents_deadliest_first(client: TestClient) -> None:
    body = client.get("/api/incidents/points").json()
    assert [p[0] for p in body["points"]] == ["inc_alpha", "inc_beta", "inc_gamma"]
    assert body["complete"] is True


def test_points_say_when_the_limit_cut_them(client: TestClient) -> None:
    body = client.get("/api/incidents/points", params={"limit": 2}).json()
    assert [p[0] for p in body["points"]] == ["inc_alpha", "inc_beta"]
    assert body["complete"] is False


def test_exports_match_the_cli_formats(client: TestClient, db: Path) -> None:
    from tocsin.export import incident_rows, write_csv, write_geojson, write_jsonl
    from tocsin.store import open_store

    with open_store(db) as store:
        expected = {}
        for fmt, writer in (("jsonl", write_jsonl), ("csv", write_csv), ("geojson", write_geojson)):
            out = io.StringIO()
            writer(incident_rows(store), out)
            expected[fmt] = out.getvalue()
    got = {fmt: client.get(f"/api/export/incidents.{fmt}").text for fmt in expected}
    assert got["jsonl"] == expected["jsonl"]
    assert got["csv"] == expected["csv"]
    assert json.loads(got["geojson"]) == json.loads(expected["geojson"])


def test_export_takes_the_incident_filters(client: TestClient) -> None:
    text = client.get("/api/export/incidents.csv", params={"country": "SO"}).text
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["event_id_cnty"] for r in rows] == ["inc_beta", "inc_gamma"]


def test_openapi_schema_lists_the_endpoints(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/incidents", "/api/incidents/{incident_id}", "/api/interactions",
            "/api/actors", "/api/articles", "/api/stats"} <= set(paths)  # fmt: skip
    assert "/api/articles" in paths and "post" not in paths["/api/articles"]


def test_dashboard_page_and_assets_are_served(client: TestClient) -> None:
    page = client.get("/")
    world = client.get("/static/world-110m.geojson").json()
    assert "/static/app.js" in page.text
    assert client.get("/static/app.js").status_code == 200
    assert len(world["features"]) > 150


def test_read_only_app_has_no_write_endpoint(client: TestClient) -> None:
    response = client.post("/api/articles", json={"articles": [{"text": "x"}]})
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "E064"


@pytest.mark.parametrize(
    ("headers", "status"),
    [({}, 401), ({"Authorization": "Bearer wrong"}, 401)],
)
def test_write_endpoint_needs_the_token(db: Path, headers: dict[str, str], status: int) -> None:
    client = TestClient(create_app(str(db), write_token="s3cret"))
    response = client.post("/api/articles", json={"articles": [{"text": "x"}]}, headers=headers)
    assert response.status_code == status
    assert response.json()["error"]["code"] == "E061"


def test_request_bodies_over_the_limit_are_refused(db: Path) -> None:
    client = TestClient(create_app(str(db), write_token="s3cret", max_body=1000))
    response = client.post(
        "/api/articles",
        json={"articles": [{"text": "x" * 5000}]},
        headers={"Authorization": "Bearer s3cret"},
    )
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "E062"


def test_the_api_cannot_write_to_the_database(db: Path) -> None:
    import sqlite3

    from tocsin.serve.queries import connect_readonly

    conn = connect_readonly(str(db))
    with pytest.raises(sqlite3.OperationalError):
        conn.execute("DELETE FROM incidents")


def test_missing_database_is_a_coded_error(tmp_path: Path) -> None:
    from tocsin.errors import DatabaseNotWritable

    with pytest.raises(DatabaseNotWritable, match="tocsin run"):
        create_app(str(tmp_path / "none.db"))


@pytest.mark.slow
def test_write_endpoint_processes_an_article(tmp_path: Path) -> None:
    db = build_db(tmp_path / "w.db")
    client = TestClient(create_app(str(db), write_token="s3cret"))
    text = "Gunmen killed 7 villagers in an attack on Kaduna, Nigeria, on Tuesday, police said."
    response = client.post(
        "/api/articles",
        json={"articles": [{"id": "new-1", "text": text, "published": "2024-07-03"}]},
        headers={"Authorization": "Bearer s3cret"},
    )
    assert response.status_code == 200
    assert response.json()["incidents"]
    assert client.get("/api/articles/new-1").status_code == 200


def _resaved(tmp_path: Path) -> TestClient:
    """A database where inc_beta was saved again, moved from Betatown to Deltaville (Chile)."""
    from serve_helpers import _incident

    from tocsin.store import open_store

    db = build_db(tmp_path / "r.db")
    with open_store(db) as store:
        moved = _incident(
            "inc_beta", day="2024-05", name="Deltaville", country="CL", lat=-33.0, lon=-71.0,
            killed=4, acled_type="Explosions/Remote violence", gtd_type="Bombing/Explosion",
            group="al-Shabaab", articles=["art-3"],
        )  # fmt: skip
        store.save_incident(moved)
    return TestClient(create_app(str(db)))


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "Deltaville"}, ["inc_beta"]),
        ({"q": "Betatown"}, []),
        ({"bbox": "-75,-35,-70,-30"}, ["inc_beta"]),
        ({"bbox": "40,0,46,5"}, []),
        ({"bbox": "170,-40,-70,-30"}, ["inc_beta"]),  # across the antimeridian
        ({"until": "2024-05-10"}, ["inc_beta", "inc_alpha"]),  # month precision within
    ],
)
def test_search_and_map_indexes_follow_a_resaved_incident(
    tmp_path: Path, params: dict[str, Any], expected: list[str]
) -> None:
    assert ids(_resaved(tmp_path).get("/api/incidents", params=params).json()) == expected
