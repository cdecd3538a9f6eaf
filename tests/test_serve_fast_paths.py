"""The API's fast paths (summary tables, capped totals, text and box plans, covering map
indexes) give what the slow exact queries over the incidents table give."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tocsin.models import Count, DatePrecision, EventDate, Incident, Perpetrator, Place
from tocsin.serve import create_app, queries
from tocsin.store import open_store

COUNTRIES = ["IQ", "SO", "NG", None]
TYPES = [
    ("Armed Assault", "Violence against civilians", "Attack"),
    ("Bombing/Explosion", "Explosions/Remote violence", "Suicide bomb"),
    (None, "Battles", "Armed clash"),
    ("Armed Assault", None, None),
]
PLACES = ["Alphaville", "Betatown", "Gammaport", "Deltaburg"]


def _incident(rng: random.Random, n: int) -> Incident:
    day = rng.choice(
        [
            f"202{rng.randrange(3)}-0{rng.randrange(1, 10)}-1{rng.randrange(10)}",
            f"202{rng.randrange(3)}-0{rng.randrange(1, 10)}",  # month precision
            None,
        ]
    )
    country = rng.choice(COUNTRIES)
    gtd, acled, sub = rng.choice(TYPES)
    located = rng.random() < 0.85
    # Some points sit on a box edge used below (lat 0, lon 10), where rounding matters.
    lat = rng.choice([0.0, 1e-7, -1e-7, round(rng.uniform(-5, 5), 6)]) if located else None
    lon = rng.choice([10.0, 10.0000001, round(rng.uniform(-10, 30), 6)]) if located else None
    name = rng.choice(PLACES)
    return Incident(
        id=f"inc_{n:04d}",
        gtd_type=gtd,
        acled_type=acled,
        acled_subtype=sub,
        date=EventDate(
            iso=day, precision=DatePrecision.DAY if len(day) == 10 else DatePrecision.MONTH
        )
        if day
        else None,
        place=Place(
            raw=name, name=name, country=country, admin1=f"{name} Province", lat=lat, lon=lon
        )
        if country or located
        else None,
        killed=Count(value=rng.randrange(30)) if rng.random() < 0.8 else None,
        injured=Count(value=rng.randrange(10)) if rng.random() < 0.5 else None,
        perpetrators=[Perpetrator(name=rng.choice(["Islamic State", "al-Shabaab"]))],
        articles=[],
    )


def build(path: Path, *, seed: int = 5, n: int = 160) -> Path:
    """Save `n` incidents, build the API's indexes halfway, then re-save and merge some."""
    rng = random.Random(seed)
    with open_store(path) as store:
        store.begin()
        for i in range(n // 2):
            store.save_incident(_incident(rng, i))
        store.commit()
        store.ensure_search_index()  # the rest is kept up to date by the triggers
        store.begin()
        for i in range(n // 2, n):
            store.save_incident(_incident(rng, i))
        for i in rng.sample(range(n), 30):  # re-saved with other dates, places, counts
            store.save_incident(_incident(rng, i))
        for i in range(0, 20, 4):  # merging folds three incidents into one
            store.replace_incidents([f"inc_{i + 1:04d}", f"inc_{i + 2:04d}"], f"inc_{i:04d}")
        store.commit()
    return path


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("fast") / "f.db")


@pytest.fixture(scope="module")
def client(db: Path) -> TestClient:
    return TestClient(create_app(str(db)))


@pytest.fixture
def small_caps(monkeypatch: pytest.MonkeyPatch) -> None:
    # A small database must take the paths a large one takes: capped totals, probed sets.
    monkeypatch.setattr(queries, "TOTAL_CAP", 25)
    monkeypatch.setattr(queries, "SMALL_SET", 8)


def _ref_where(conn: sqlite3.Connection, params: dict[str, Any]) -> tuple[str, list[Any]]:
    """The filters written plainly on incidents, as the slow exact query has them."""
    terms, values = ["1"], []
    if "since" in params:
        terms.append("date >= ?")
        values.append(params["since"])
    if "until" in params:
        terms.append("date <= ?")
        values.append(params["until"] + "\x7f")
    if "country" in params:
        terms.append("country = ?")
        values.append(params["country"])
    if "type" in params:
        terms.append("(gtd_type = ? OR acled_type = ? OR acled_subtype = ?)")
        values += [params["type"]] * 3
    if "min_killed" in params:
        terms.append("killed >= ?")
        values.append(params["min_killed"])
    if "bbox" in params:
        west, south, east, north = (float(x) for x in params["bbox"].split(","))
        terms.append("lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?")
        values += [south, north, west, east]
    if "q" in params:
        terms.append("rowid IN (SELECT rowid FROM incidents_fts WHERE incidents_fts MATCH ?)")
        values.append(f'"{params["q"]}"*')
    return "WHERE " + " AND ".join(terms), values


QUERIES: list[dict[str, Any]] = [
    {},
    {"country": "SO"},
    {"country": "IQ", "since": "2021-01-01", "until": "2021-12-31"},
    {"since": "2021-03", "until": "2022-05"},
    {"until": "2020-06"},
    {"type": "Attack"},
    {"type": "Armed Assault", "country": "NG"},
    {"type": "Battles", "since": "2021-02-10"},
    {"min_killed": 20},
    {"bbox": "10,0,30,5"},
    {"bbox": "-10,-5,10,0"},
    {"bbox": "10,0,30,5", "country": "IQ"},
    {"q": "Betatown"},
    {"q": "Province"},
    {"q": "Islamic", "country": "SO"},
]
SORTS = ["-date", "date", "-killed", "killed"]


@pytest.mark.usefixtures("small_caps")
@pytest.mark.parametrize("params", QUERIES)
@pytest.mark.parametrize("sort", SORTS)
def test_pages_and_total_equal_the_exact_query(
    client: TestClient, db: Path, params: dict[str, Any], sort: str
) -> None:
    expr, desc = queries.SORTS[sort]
    order = "DESC" if desc else "ASC"
    conn = sqlite3.connect(db)
    where, values = _ref_where(conn, params)
    expected = [
        r[0]
        for r in conn.execute(
            f"SELECT id FROM incidents {where} ORDER BY {expr} {order}, id {order}", values
        )
    ]
    seen: list[str] = []
    cursor = None
    for _ in range(200):
        page = client.get(
            "/api/incidents",
            params={**params, "sort": sort, "limit": 7, **({"cursor": cursor} if cursor else {})},
        ).json()
        seen += [row["id"] for row in page["items"]]
        if page["total_capped"]:  # allowed only over the cap, and then says the cap
            assert page["total"] == queries.TOTAL_CAP < len(expected)
        else:
            assert page["total"] == len(expected)
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == expected


@pytest.mark.parametrize("params", QUERIES)
@pytest.mark.parametrize("by", list(queries.GROUPS))
def test_stats_equal_the_exact_group_by(
    client: TestClient, db: Path, params: dict[str, Any], by: str
) -> None:
    conn = sqlite3.connect(db)
    where, values = _ref_where(conn, params)
    order = "key" if by in {"day", "week", "month", "year"} else "incidents DESC, key"
    expected = [
        {"key": k, "incidents": n, "killed": killed, "injured": injured}
        for k, n, killed, injured in conn.execute(
            f"SELECT {queries.GROUPS[by]} AS key, count(*) AS incidents,"
            f" coalesce(sum(killed), 0), coalesce(sum(injured), 0) FROM incidents {where}"
            f" GROUP BY key ORDER BY {order}",
            values,
        )
    ]
    assert client.get("/api/stats", params={**params, "by": by}).json()["items"] == expected


@pytest.mark.parametrize("params", [{}, {"country": "SO"}])
def test_exact_totals_come_from_the_summary_without_a_cap(
    client: TestClient, db: Path, params: dict[str, Any], small_caps: None
) -> None:
    conn = sqlite3.connect(db)
    where, values = _ref_where(conn, params)
    n = conn.execute(f"SELECT count(*) FROM incidents {where}", values).fetchone()[0]
    assert n > queries.TOTAL_CAP  # the test needs a total over the cap
    body = client.get("/api/incidents", params=params).json()
    assert (body["total"], body["total_capped"]) == (n, False)


@pytest.mark.usefixtures("small_caps")
@pytest.mark.parametrize("params", QUERIES)
@pytest.mark.parametrize("limit", [5, 5000])
def test_map_points_equal_the_exact_query(
    client: TestClient, db: Path, params: dict[str, Any], limit: int
) -> None:
    conn = sqlite3.connect(db)
    where, values = _ref_where(conn, params)
    rows = conn.execute(
        f"SELECT id, round(lat, 6), round(lon, 6), killed, coalesce(acled_type, gtd_type), date,"
        f" place FROM incidents {where} AND lat IS NOT NULL AND lon IS NOT NULL"
        f" ORDER BY coalesce(killed, -1) DESC, id",
        values,
    ).fetchall()
    body = client.get("/api/incidents/points", params={**params, "limit": limit}).json()
    assert body["points"] == [list(r) for r in rows[:limit]]
    assert body["complete"] is (len(rows) < limit)


def test_facets_list_what_is_left_after_merging(client: TestClient, db: Path) -> None:
    conn = sqlite3.connect(db)
    countries = [
        r[0]
        for r in conn.execute(
            "SELECT DISTINCT country FROM incidents WHERE country IS NOT NULL ORDER BY country"
        )
    ]
    assert client.get("/api/facets").json()["countries"] == countries


def _summaries_match(conn: sqlite3.Connection) -> None:
    day = conn.execute(
        "SELECT date, country, sum(n), sum(killed), sum(injured) FROM incident_stats_day"
        " GROUP BY date, country HAVING sum(n) > 0 ORDER BY 1, 2"
    ).fetchall()
    assert (
        day
        == conn.execute(
            "SELECT date, country, count(*), coalesce(sum(killed), 0), coalesce(sum(injured), 0)"
            " FROM incidents GROUP BY date, country ORDER BY 1, 2"
        ).fetchall()
    )
    keys = "country, gtd_type, acled_type, acled_subtype"
    month = conn.execute(
        f"SELECT month, {keys}, sum(n), sum(killed), sum(injured) FROM incident_stats_month"
        f" GROUP BY month, {keys} HAVING sum(n) > 0 ORDER BY 1, 2, 3, 4, 5"
    ).fetchall()
    assert (
        month
        == conn.execute(
            f"SELECT substr(date, 1, 7) AS m, {keys}, count(*), coalesce(sum(killed), 0),"
            f" coalesce(sum(injured), 0) FROM incidents GROUP BY m, {keys} ORDER BY 1, 2, 3, 4, 5"
        ).fetchall()
    )
    negative = "n < 0 OR killed < 0 OR injured < 0"
    for table in ("incident_stats_day", "incident_stats_month"):
        assert conn.execute(f"SELECT count(*) FROM {table} WHERE {negative}").fetchone()[0] == 0


def test_summary_tables_equal_the_incidents_after_saves_and_merges(db: Path) -> None:
    _summaries_match(sqlite3.connect(db))


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    ops=st.lists(
        st.tuples(st.sampled_from(["save", "merge", "update"]), st.integers(0, 11)),
        max_size=30,
    ),
    seed=st.integers(0, 1000),
)
def test_summary_tables_stay_exact_under_any_writes(
    tmp_path: Path, ops: list[tuple[str, int]], seed: int
) -> None:
    rng = random.Random(seed)
    path = tmp_path / f"h{seed}_{len(ops)}_{rng.random()}.db"
    with open_store(path) as store:
        store.ensure_search_index()
        for op, i in ops:
            if op == "save":
                store.save_incident(_incident(rng, i))
            elif op == "merge":
                store.replace_incidents([f"inc_{i:04d}", f"inc_{(i + 1) % 12:04d}"], "inc_0000")
            else:
                store.conn.execute(
                    "UPDATE incidents SET killed = ?, country = ? WHERE id = ?",
                    (rng.randrange(5), rng.choice(COUNTRIES), f"inc_{i:04d}"),
                )
        _summaries_match(store.conn)
