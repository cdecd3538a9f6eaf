"""Latency of `tocsin watch`: a new item appears -> its incident is queryable -> its alert arrives.

A watcher runs in a thread over a watched directory and a feed served by a local HTTP server,
with one alert rule and a real local webhook receiver. One new item at a time, alternately a
JSON Lines file renamed into the directory and an entry added to the feed; for each, the bench
measures from the moment the item is there to (1) its incident being readable from the
database by another connection and (2) its alert reaching the webhook. The reports are
invented here, one incident each (distinct places and days); each comes at a random moment of
the poll cycle. Prints p50/p95/max per measure
and per source kind.

    .venv/bin/python bench/latency.py [--items 20] [--interval 1.0] [--json]

`--interval` is the watch's poll interval (`tocsin watch --interval`; files and directories
are polled every min(interval, 1) s), so it bounds the waiting part of the latency.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from tocsin.store import open_store
from tocsin.watch import Alerter, FetchPolicy, Watcher, WebhookSink
from tocsin.watch.rules import AlertConfig, Output, Rule

PLACES = [
    ("Mosul", "northern Iraq"),
    ("Kandahar", "southern Afghanistan"),
    ("Mogadishu", "Somalia"),
    ("Maiduguri", "northeastern Nigeria"),
    ("Peshawar", "northwestern Pakistan"),
    ("Goma", "eastern Congo"),
    ("Quetta", "southwestern Pakistan"),
    ("Kirkuk", "northern Iraq"),
    ("Gao", "northern Mali"),
    ("Niamey", "Niger"),
    ("Ouagadougou", "Burkina Faso"),
    ("Beni", "North Kivu, Congo"),
    ("Jalalabad", "eastern Afghanistan"),
    ("Kismayo", "southern Somalia"),
    ("Bunia", "Ituri province, Congo"),
    ("Diffa", "southeastern Niger"),
    ("Mopti", "central Mali"),
    ("Baidoa", "southwestern Somalia"),
    ("Kunduz", "northern Afghanistan"),
    ("Yola", "Adamawa state, Nigeria"),
    ("Dori", "northern Burkina Faso"),
    ("Bannu", "Khyber Pakhtunkhwa, Pakistan"),
]
EVENTS = [
    "A car bomb exploded outside a police station in {p}, {r}, killing {k} people and"
    " wounding {i}, officials said.",
    "Gunmen opened fire on a minibus on the road into {p}, {r}, killing {k} passengers;"
    " {i} others were taken to hospital.",
    "A suicide bomber struck a crowded market in {p}, {r}, killing {k} traders and injuring"
    " {i} shoppers, police said.",
    "Militants attacked an army post near {p}, {r}, overnight, killing {k} soldiers and"
    " wounding {i}, the military said.",
    "A roadside bomb hit a convoy of aid workers outside {p}, {r}, killing {k} of them and"
    " hurting {i}, their agency said.",
]
AFTERMATH = [
    "Ambulances ferried the wounded to the main hospital as shops closed early.",
    "Security forces sealed off the area and began searching nearby houses.",
    "No group has said it carried out the attack, and the authorities opened an inquiry.",
    "Local elders called for calm and asked residents to give blood at the clinic.",
    "The regional governor cut short a trip abroad and promised compensation to families.",
    "Witnesses described a loud blast followed by several minutes of gunfire.",
    "Schools in the district will stay shut for two days, the education office said.",
]


def report(n: int) -> tuple[str, str, str]:
    """Return (day, title, text) of invented report n: its own place, day and wording."""
    place, region = PLACES[n % len(PLACES)]
    killed, injured = 3 + (n * 7) % 23, 5 + (n * 11) % 31
    day = f"2024-07-{1 + n:02d}"
    event = EVENTS[n % len(EVENTS)].format(p=place, r=region, k=killed, i=injured)
    extra = " ".join(AFTERMATH[(n + j) % len(AFTERMATH)] for j in (0, 3))
    return day, f"Attack in {place} kills {killed}", f"{event} {extra}"


class Feed:
    """A feed served on 127.0.0.1 that grows one entry at a time (new ETag each time)."""

    def __init__(self) -> None:
        self.entries: list[str] = []
        self.version = 0
        self.lock = threading.Lock()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                with owner.lock:
                    etag, body = f'"{owner.version}"', owner.document()
                if self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml")
                self.send_header("ETag", etag)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/feed.xml"

    def add(self, guid: str, day: str, title: str, text: str) -> None:
        stamp = time.mktime(time.strptime(day, "%Y-%m-%d")) + 12 * 3600
        entry = (
            f'<item><guid isPermaLink="false">{guid}</guid><title>{escape(title)}</title>'
            f"<pubDate>{formatdate(stamp, usegmt=True)}</pubDate>"
            f"<description>{escape(text)}</description></item>"
        )
        with self.lock:
            self.entries.insert(0, entry)
            self.version += 1

    def document(self) -> bytes:
        return (
            '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
            f"<title>Bench Wire</title>{''.join(self.entries)}</channel></rss>"
        ).encode()


class Receiver:
    """A webhook receiver on 127.0.0.1: records when each incident's alert arrived."""

    def __init__(self) -> None:
        self.arrived: dict[str, float] = {}
        self.cond = threading.Condition()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                now = time.perf_counter()
                self.send_response(204)
                self.end_headers()
                with owner.cond:
                    owner.arrived.setdefault(body["incident_id"], now)
                    owner.cond.notify_all()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def wait(self, incident_id: str, timeout: float) -> float | None:
        with self.cond:
            self.cond.wait_for(lambda: incident_id in self.arrived, timeout=timeout)
            return self.arrived.get(incident_id)


def wait_incident(db: Path, article_id: str, timeout: float) -> tuple[str, float] | None:
    """Poll the database (another connection) until the article's incident is readable."""
    conn = sqlite3.connect(db, timeout=5)
    deadline = time.perf_counter() + timeout
    try:
        while time.perf_counter() < deadline:
            row = conn.execute(
                "SELECT i.id FROM incident_articles a JOIN incidents i ON i.id = a.incident_id"
                " WHERE a.article_id = ?",
                (article_id,),
            ).fetchone()
            if row:
                return str(row[0]), time.perf_counter()
            time.sleep(0.005)
    finally:
        conn.close()
    return None


def percentiles(values: list[float]) -> dict[str, float]:
    if not values:
        return {"n": 0}
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {
        "n": len(values),
        "p50": round(statistics.median(ordered), 3),
        "p95": round(p95, 3),
        "max": round(ordered[-1], 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=20)
    parser.add_argument("--interval", type=float, default=1.0)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="tocsin-latency-"))
    folder = work / "incoming"
    folder.mkdir()
    db = work / "watch.db"
    feed, receiver = Feed(), Receiver()
    stop = threading.Event()
    ready = threading.Event()

    def watch() -> None:
        with open_store(db) as store:
            config = AlertConfig(rules=(Rule("any-deaths", min_killed=1),), output=Output())
            sink = WebhookSink(receiver.url, retries=3, backoff=0.2)
            alerter = Alerter(config, store=store, sinks=[sink])
            policy = FetchPolicy(timeout=5.0, host_delay=0.0)
            watcher = Watcher(
                [str(folder), feed.url],
                store=store,
                interval=args.interval,
                policy=policy,
                alerter=alerter,
            )
            watcher.warm_up()
            ready.set()
            watcher.run(stop=stop)

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    ready.wait(300)

    rows: list[dict[str, Any]] = []
    # Items come at random moments of the poll cycle, not right after a pass (which would
    # always wait a whole interval); seeded, so that runs compare.
    jitter = random.Random(7)
    # Item 0 warms the stages' own lazy loads; it is not counted.
    for n in range(args.items + 1):
        time.sleep(jitter.uniform(0, args.interval))
        day, title, text = report(n)
        article_id = f"lat-{n:03d}"
        kind = "feed" if n % 2 else "folder"
        t0 = time.perf_counter()
        if kind == "folder":
            line = {"id": article_id, "published": day, "title": title, "text": text}
            tmp = folder / f".{article_id}.jsonl.tmp"
            tmp.write_text(json.dumps(line) + "\n", encoding="utf-8")
            t0 = time.perf_counter()
            tmp.rename(folder / f"{article_id}.jsonl")
        else:
            feed.add(article_id, day, title, text)
        found = wait_incident(db, article_id, timeout=30)
        if found is None:
            rows.append({"n": n, "kind": kind, "error": "no incident"})
            continue
        incident_id, t_db = found
        t_alert = receiver.wait(incident_id, timeout=30)
        rows.append(
            {
                "n": n,
                "kind": kind,
                "queryable": t_db - t0,
                "alerted": (t_alert - t0) if t_alert is not None else None,
            }
        )
    stop.set()
    thread.join(30)

    counted = [r for r in rows if r["n"] > 0]
    summary: dict[str, Any] = {"items": args.items, "interval": args.interval}
    for kind in ("all", "folder", "feed"):
        subset = [r for r in counted if kind == "all" or r["kind"] == kind]
        summary[kind] = {
            "queryable": percentiles([r["queryable"] for r in subset if "queryable" in r]),
            "alerted": percentiles([r["alerted"] for r in subset if r.get("alerted") is not None]),
            "missing": sum(1 for r in subset if "error" in r or r.get("alerted") is None),
        }
    if args.json:
        print(json.dumps(summary))
        return
    print(f"tocsin watch latency, {args.items} items, poll interval {args.interval:g} s")
    print(f"{'source':8} {'measure':10} {'n':>3} {'p50 s':>7} {'p95 s':>7} {'max s':>7}")
    for kind in ("all", "folder", "feed"):
        for measure in ("queryable", "alerted"):
            p = summary[kind][measure]
            if p["n"]:
                print(
                    f"{kind:8} {measure:10} {p['n']:>3} {p['p50']:>7.3f} {p['p95']:>7.3f}"
                    f" {p['max']:>7.3f}"
                )
        if summary[kind]["missing"]:
            print(f"{kind:8} missing    {summary[kind]['missing']:>3}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
