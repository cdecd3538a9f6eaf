"""Throughput of `tocsin run` with and without merging, on a synthetic multi-report corpus.

The corpus is SYNTHETIC, built from this file's own templates (no third-party text): N feed
items (headline + one summary sentence) reporting N / REPORTS incidents (bombings, shootings,
kidnappings and bus crashes as look-alike distractors) in 30 cities of 10 countries over one
year, each incident reported REPORTS times over its first three days with a toll that grows,
written in publication order as a feed delivers them.
The pipeline (`tocsin.pipeline.process`, what `tocsin run` calls) runs twice over the same
file into fresh SQLite databases: as shipped, and with merging replaced by "every mention
founds its own incident". Prints articles/s of both, the incidents made, and the B-cubed
precision/recall of the merged run against the incidents the corpus was built from.

    .venv/bin/python bench/merge.py [--n 10000] [--reports 10]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]

CITIES = {
    "Pakistan": ["Peshawar", "Quetta", "Karachi"],
    "Afghanistan": ["Kabul", "Kandahar", "Herat"],
    "Iraq": ["Baghdad", "Mosul", "Kirkuk"],
    "Somalia": ["Mogadishu", "Kismayo", "Baidoa"],
    "Nigeria": ["Maiduguri", "Kano", "Abuja"],
    "Mali": ["Bamako", "Gao", "Timbuktu"],
    "Syria": ["Damascus", "Aleppo", "Homs"],
    "Yemen": ["Sanaa", "Aden", "Taiz"],
    "Philippines": ["Manila", "Cotabato", "Marawi"],
    "Colombia": ["Bogota", "Cali", "Medellin"],
}
KINDS = {
    "bombing": (
        [
            "Suicide bomber kills {k} at {site} in {city}",
            "Blast at {site} in {city} kills {k}",
            "{city} {site} bombing death toll rises to {k}",
        ],
        "A suicide bomber detonated explosives at a crowded {site} in {city}, {country},"
        " killing {k} people and wounding {w}, officials said.",
        ["mosque", "market", "police station", "wedding hall", "bus station"],
    ),
    "shooting": (
        [
            "Gunmen kill {k} in attack on {site} in {city}",
            "{k} dead after gunmen storm {site} in {city}",
            "Toll from {city} {site} shooting rises to {k}",
        ],
        "Gunmen opened fire on a {site} in {city}, {country}, killing {k} people and injuring"
        " {w}, police said.",
        ["hotel", "checkpoint", "village", "church", "school"],
    ),
    "kidnapping": (
        [
            "Gunmen abduct {k} from {site} near {city}",
            "{k} kidnapped in raid on {site} near {city}",
            "Families plead for {k} abducted near {city}",
        ],
        "Armed men kidnapped {k} people from a {site} near {city}, {country}, local officials"
        " said.",
        ["school", "farm", "convoy", "mine", "camp"],
    ),
    "crash": (
        [
            "Bus crash kills {k} near {city}",
            "{k} dead as bus plunges into ravine near {city}",
            "Passenger bus overturns near {city}, killing {k}",
        ],
        "A passenger bus plunged into a ravine near {city}, {country}, killing {k} people and"
        " injuring {w}, rescue officials said.",
        ["highway", "mountain road", "bridge", "pass", "river"],
    ),
}
OUTLETS = ["Wire One", "Daily Example", "Courier", "Evening Post", "Radio Sample", "Gazette"]


def build_corpus(n: int, reports: int, path: Path, *, seed: int = 7) -> dict[str, str]:
    """Write `n` synthetic feed items to `path`; return {article id: true incident}.

    Items are written in publication order, as a feed delivers them.
    """
    rng = random.Random(seed)
    start = dt.date(2023, 1, 1)
    truth: dict[str, str] = {}
    records: list[dict[str, str]] = []
    for incident in range(max(1, n // reports)):
        country = rng.choice(sorted(CITIES))
        city = rng.choice(CITIES[country])
        kind = rng.choice(sorted(KINDS))
        heads, body, sites = KINDS[kind]
        site = rng.choice(sites)
        day = start + dt.timedelta(days=rng.randrange(365))
        toll = rng.randrange(3, 40)
        for r in range(reports):
            if len(truth) >= n:
                break
            toll += rng.randrange(0, 6)
            values = {
                "k": toll,
                "w": toll * 2 + r,
                "city": city,
                "country": country,
                "site": site,
            }
            published = day + dt.timedelta(days=min(3, r // max(1, reports // 3)))
            article_id = f"syn:{incident:05d}-{r:02d}"
            text = (
                rng.choice(heads).format(**values).capitalize()
                + ". "
                + body.format(**values)
                + f" ({rng.choice(OUTLETS)}, report {r + 1})"
            )
            record = {
                "id": article_id,
                "text": text,
                "published": published.isoformat(),
                "source": rng.choice(OUTLETS),
            }
            records.append(record)
            truth[article_id] = f"{incident}"
    records.sort(key=lambda r: (r["published"], r["id"]))
    with open(path, "w", encoding="utf-8") as f:
        for record in records:
            f.write(json.dumps(record) + "\n")
    return truth


def _no_merge(mention: Any, *, store: Any, report: Any, retrospective: bool = False) -> Any:
    from tocsin.resolve.merge import build_incident

    incident = build_incident([mention], count_history=[report] if report else [])
    store.save_incident(incident)
    store.add_mention(mention, incident.id)
    return incident.id, 0


class _NoReferences:
    """Stands in for `References` without merging: nothing deferred, nothing referred."""

    def defer(self, mention: Any, *, store: Any, report: Any, retrospective: bool) -> bool:
        return False

    def add_article(self, article: Any, *, store: Any) -> None:
        pass

    def settle(self, *, store: Any, gazetteer: Any = None) -> dict[str, int]:
        return {}


def run(path: Path, db: Path, *, merge: bool) -> tuple[float, int, float]:
    """Run the pipeline over `path` into `db`; return (articles/s, incidents, merge seconds).

    Merge seconds: the time spent in the merge step (`attach`, and the end-of-run settling of
    deferred reports) alone, store work included.
    """
    import tocsin.pipeline as pipeline
    from tocsin.ingest import read
    from tocsin.report import RunReport
    from tocsin.store import open_store

    original = pipeline.attach
    inner = original if merge else _no_merge
    spent = [0.0]

    def timed(*args: Any, **kwargs: Any) -> Any:
        t0 = time.perf_counter()
        try:
            return inner(*args, **kwargs)
        finally:
            spent[0] += time.perf_counter() - t0

    class TimedReferences(pipeline.References):  # type: ignore[name-defined,misc]
        def settle(self, **kwargs: Any) -> Any:
            t0 = time.perf_counter()
            try:
                return super().settle(**kwargs)
            finally:
                spent[0] += time.perf_counter() - t0

    original_refs = pipeline.References
    pipeline.attach = timed  # type: ignore[assignment]
    pipeline.References = TimedReferences if merge else _NoReferences  # type: ignore[misc]
    try:
        report = RunReport()
        with open_store(db) as store:
            started = time.perf_counter()
            pipeline.process(read([str(path)], report=report), store=store, report=report)
            seconds = time.perf_counter() - started
            incidents = store.count("incidents")
    finally:
        pipeline.attach = original
        pipeline.References = original_refs  # type: ignore[misc]
    return report.read / seconds, incidents, spent[0]


def bcubed(truth: dict[str, str], db: Path) -> tuple[float, float]:
    """Return B-cubed precision and recall of the stored incidents against `truth`."""
    from tocsin.evaluate.stories import article_clusters
    from tocsin.evaluate.stories import bcubed as score
    from tocsin.export import incident_rows
    from tocsin.store import open_store

    with open_store(db) as store:
        rows = list(incident_rows(store))
    clusters, _ = article_clusters(list(truth), rows)
    p, r, _f = score(truth, clusters)
    return p, r


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--reports", type=int, default=10, help="reports per incident")
    args = parser.parse_args(argv)
    from tocsin.extract.nlp import load_nlp

    load_nlp()  # loaded once, outside both timings
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        truth = build_corpus(args.n, args.reports, corpus)
        rate_off, n_off, t_off = run(corpus, Path(tmp) / "off.db", merge=False)
        rate_on, n_on, t_on = run(corpus, Path(tmp) / "on.db", merge=True)
        p, r = bcubed(truth, Path(tmp) / "on.db")
    print(f"synthetic corpus: {len(truth)} articles, {len(set(truth.values()))} true incidents")
    print(
        f"without merging: {rate_off:8.1f} articles/s  {n_off} incidents  store step {t_off:.1f}s"
    )
    print(f"with merging:    {rate_on:8.1f} articles/s  {n_on} incidents  merge step {t_on:.1f}s")
    print(f"merged run B-cubed vs corpus incidents: precision {p:.3f} recall {r:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
