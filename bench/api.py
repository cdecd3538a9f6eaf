"""Latency of the HTTP API's main queries over 1,000,000 synthetic incidents in SQLite.

Writes N synthetic incidents (and one interaction per 10 incidents) with the store's schema,
builds the search index, then times each query through the real app (FastAPI's TestClient, so
routing, validation and JSON encoding count) and prints p50/p95 in milliseconds.

    .venv/bin/python bench/api.py [--n 1000000] [--db /tmp/tocsin-bench.db] [--runs 40]

An existing --db with N incidents is reused, so a second run only times the queries.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from pathlib import Path
from typing import Any

COUNTRIES = ["IQ", "SY", "AF", "PK", "NG", "ML", "SO", "YE", "CD", "UA", "IN", "MX", "CO", "BF",
             "SD", "ET", "MZ", "PH", "MM", "LY"]  # fmt: skip
TYPES = [
    ("Armed Assault", "Violence against civilians", "Attack"),
    ("Bombing/Explosion", "Explosions/Remote violence", "Remote explosive/landmine/IED"),
    ("Bombing/Explosion", "Explosions/Remote violence", "Suicide bomb"),
    ("Armed Assault", "Battles", "Armed clash"),
    ("Hostage Taking (Kidnapping)", "Violence against civilians", "Abduction/forced disappearance"),
    ("Facility/Infrastructure Attack", "Explosions/Remote violence", "Air/drone strike"),
    ("Unknown", "Riots", "Mob violence"),
]
GROUPS = ["Islamic State", "al-Shabaab", "Boko Haram", "Taliban", "JNIM", "Houthis",
          "unknown gunmen"]  # fmt: skip
PLACES = ["Mosul", "Aleppo", "Kabul", "Quetta", "Maiduguri", "Gao", "Mogadishu", "Aden", "Goma",
          "Kharkiv", "Imphal", "Culiacan", "Cali", "Djibo", "El Fasher", "Mekelle", "Pemba",
          "Marawi", "Sagaing", "Sirte"]  # fmt: skip


def build(db: Path, n: int, *, seed: int = 7) -> None:
    """Write `n` synthetic incidents to a new database at `db`."""
    import datetime as dt

    from tocsin.store import open_store

    rng = random.Random(seed)
    start = dt.date(2015, 1, 1)
    with open_store(db) as store:
        conn = store.conn
        conn.execute("PRAGMA synchronous=OFF")
        store.begin()
        conn.execute(
            "INSERT INTO articles (id, content_hash, text, stored_at) VALUES ('bench', 'h', '', '')"
        )
        batch: list[tuple[Any, ...]] = []
        interactions: list[tuple[Any, ...]] = []
        for i in range(n):
            c = rng.randrange(len(COUNTRIES))
            gtd, acled, sub = TYPES[rng.randrange(len(TYPES))]
            day = (start + dt.timedelta(days=rng.randrange(3650))).isoformat()
            killed = int(rng.paretovariate(1.3)) - 1 if rng.random() < 0.9 else None
            group = GROUPS[rng.randrange(len(GROUPS))]
            place = PLACES[c]
            lat = -30 + 60 * rng.random()
            lon = -100 + 220 * rng.random()
            iid = f"inc_{i:08x}"
            data = {
                "id": iid, "gtd_type": gtd, "acled_type": acled, "acled_subtype": sub,
                "date": {"iso": day, "precision": "day", "evidence": None},
                "place": {"raw": place, "name": place, "country": COUNTRIES[c],
                          "admin1": f"{place} Province", "lat": lat, "lon": lon,
                          "precision": "city"},
                "killed": {"value": killed, "qualifier": "exact"} if killed is not None else None,
                "perpetrators": [{"name": group, "responsibility": "suspected"}],
                "articles": ["bench"],
            }  # fmt: skip
            batch.append(
                (iid, day, COUNTRIES[c], f"{place} Province", place, lat, lon, gtd, acled, sub,
                 killed, None, None, group, "", json.dumps(data))
            )  # fmt: skip
            if i % 10 == 0:
                idata = {
                    "article_id": "bench", "actor": {"name": f"Leader {i % 500}"},
                    "verb": "condemn", "plover": "ACCUSE", "cameo": "111", "incident_id": iid,
                    "evidence": {"start": 0, "end": 1, "text": "x"},
                }  # fmt: skip
                interactions.append(
                    (f"int_{i:08x}", "bench", iid, "condemn", "ACCUSE", "111",
                     f"Leader {i % 500}", None, day, json.dumps(idata))
                )  # fmt: skip
            if len(batch) >= 50_000:
                _flush(conn, batch, interactions)
        _flush(conn, batch, interactions)
        store.commit()
        store.ensure_search_index()
        conn.execute("ANALYZE")


def _flush(conn: Any, batch: list[tuple[Any, ...]], interactions: list[tuple[Any, ...]]) -> None:
    conn.executemany(
        "INSERT INTO incidents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", batch
    )
    conn.executemany("INSERT INTO interactions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", interactions)
    batch.clear()
    interactions.clear()


def queries(rng: random.Random) -> dict[str, Any]:
    """Return, per query name, a function giving the next request's URL."""

    def country() -> str:
        return rng.choice(COUNTRIES)

    def year() -> int:
        return rng.randrange(2015, 2025)

    return {
        "incidents, newest first": lambda: "/api/incidents?limit=50",
        "incidents, country": lambda: f"/api/incidents?country={country()}&limit=50",
        "incidents, country + year": lambda: (
            f"/api/incidents?country={country()}&since={(y := year())}-01-01&until={y}-12-31"
        ),
        "incidents, type": lambda: "/api/incidents?type=" + rng.choice(TYPES)[2],
        "incidents, min killed, by killed": lambda: (
            f"/api/incidents?min_killed={rng.choice([10, 50, 100])}&sort=-killed"
        ),
        "incidents, bbox": lambda: (
            f"/api/incidents?bbox={(w := rng.uniform(-90, 90))},0,{w + 10},10"
        ),
        "incidents, text search": lambda: "/api/incidents?q=" + rng.choice(PLACES),
        "incidents, page 5 by cursor": None,  # filled in by run()
        "one incident": lambda: f"/api/incidents/inc_{rng.randrange(1000):08x}",
        "stats by month, country": lambda: f"/api/stats?by=month&country={country()}",
        "stats by day, one year": lambda: (
            f"/api/stats?by=day&since={(y := year())}-01-01&until={y}-12-31"
        ),
        "map points, country": lambda: f"/api/incidents/points?country={country()}&limit=2000",
        "interactions, actor": lambda: (
            f"/api/interactions?actor=Leader%20{rng.randrange(500)}&limit=50"
        ),
        "stats by country, all": lambda: "/api/stats?by=country",
        "map points, all": lambda: "/api/incidents/points?limit=5000",
    }


def run(db: Path, *, runs: int) -> list[tuple[str, float, float]]:
    from fastapi.testclient import TestClient

    from tocsin.serve import create_app

    client = TestClient(create_app(str(db)))
    rng = random.Random(11)
    results = []
    for name, make in queries(rng).items():
        times = []
        for _ in range(runs):
            if make is None:
                cursor = None
                for _ in range(4):
                    url = "/api/incidents?limit=50" + (f"&cursor={cursor}" if cursor else "")
                    cursor = client.get(url).json()["next_cursor"]
                url = f"/api/incidents?limit=50&cursor={cursor}"
            else:
                url = make()
            t0 = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - t0) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"{url}: {response.status_code} {response.text[:200]}")
        times.sort()
        p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
        results.append((name, statistics.median(times), p95))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, default=Path("/tmp/tocsin-bench-api.db"))
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()
    import sqlite3

    have = 0
    if args.db.exists():
        try:
            have = sqlite3.connect(args.db).execute("SELECT count(*) FROM incidents").fetchone()[0]
        except sqlite3.Error:
            have = -1
    if have != args.n:
        for suffix in ("", "-wal", "-shm"):
            Path(str(args.db) + suffix).unlink(missing_ok=True)
        t0 = time.perf_counter()
        build(args.db, args.n)
        print(f"built {args.n:,} incidents in {time.perf_counter() - t0:.0f} s -> {args.db}")
    else:
        from tocsin.store import open_store

        with open_store(args.db) as store:  # indexes added since the file was built
            store.ensure_search_index()
            store.conn.execute("ANALYZE")
    print(f"{'query':45} {'p50 ms':>8} {'p95 ms':>8}")
    for name, p50, p95 in run(args.db, runs=args.runs):
        print(f"{name:45} {p50:8.1f} {p95:8.1f}", flush=True)


if __name__ == "__main__":
    main()
