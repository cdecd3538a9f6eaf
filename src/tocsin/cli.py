"""The command line: thin commands over the library's functions.

Library errors (`TocsinError`) become one line on stderr and exit code 1; the library itself
never prints.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, Literal

import click

from tocsin import __version__
from tocsin.errors import BadOption, DatabaseNotWritable, TocsinError
from tocsin.store import IncidentFilter, Store, open_store
from tocsin.store.postgres import redact

DEFAULT_DB = "tocsin.db"
db_option = click.option(
    "--db",
    default=DEFAULT_DB,
    show_default=True,
    envvar="TOCSIN_DB",
    help="A SQLite file or a postgresql:// URL. Env: TOCSIN_DB.",
)


def _iso_day_or_month(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    for fmt in ("%Y-%m-%d", "%Y-%m"):
        try:
            dt.datetime.strptime(value, fmt)
            return value
        except ValueError:
            continue
    raise click.BadParameter(f"{value!r} is not a date: use YYYY-MM-DD or YYYY-MM.")


class _Group(click.Group):
    """Turns library errors into one-line CLI errors (exit code 1), wherever they are raised."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except TocsinError as exc:
            raise click.ClickException(str(exc)) from exc


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="tocsin")
@click.option("-v", "--verbose", count=True, help="Log more (-v info, -vv debug) to stderr.")
def cli(verbose: int) -> None:
    """tocsin: news in, a geocoded database of violent incidents and reactions out.

    Typical use: `tocsin run examples/` then `tocsin incidents`, `tocsin show ID`,
    `tocsin export --format csv --out incidents.csv`.
    """
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")


@contextmanager
def _existing_store(db: str) -> Iterator[Store]:
    from tocsin.store import is_postgres_url

    if db != ":memory:" and not is_postgres_url(db) and not Path(db).exists():
        raise DatabaseNotWritable(
            f"No database at {db}: create one with `tocsin run PATH --db {db}`."
        )
    with open_store(db) as store:
        yield store


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary.")
@click.option("--json", "as_json", is_flag=True, help="Print the run summary as JSON.")
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Extract in N processes (the model loaded once in each); one process writes.",
)
@click.option(
    "--dask",
    "dask_address",
    metavar="ADDRESS",
    help='Extract on a Dask cluster: a scheduler address (tcp://host:8786) or "local".',
)
@click.option(
    "--no-relevance",
    is_flag=True,
    help="Parse every article whole, even text that can hold no incident (slower).",
)
@click.option(
    "--interactions",
    "interaction_scope",
    type=click.Choice(["incidents", "all"]),
    default="incidents",
    show_default=True,
    help="incidents: code only reactions (condemn, condole, warn...) in texts without an "
    "incident; all: every statement and meeting of every text (GDELT-style, slower).",
)
def run(
    paths: tuple[str, ...],
    db: str,
    quiet: bool,
    as_json: bool,
    workers: int,
    dask_address: str | None,
    no_relevance: bool,
    interaction_scope: Literal["incidents", "all"],
) -> None:
    """Read articles from PATHS (files, directories, `-` for stdin) into the database.

    Input formats: plain text (optional first line `date YYYY-MM-DD`), JSON Lines (FORMAT.md),
    saved HTML pages, RSS/Atom feed files. Re-running the same input changes nothing.
    """
    from tocsin.ingest import read
    from tocsin.pipeline import process, summary_of
    from tocsin.report import RunReport

    report = RunReport()
    articles = read(list(paths), report=report, stdin=sys.stdin)
    progress = None
    if not quiet and not as_json and sys.stderr.isatty():
        from tqdm import tqdm

        progress = tqdm(unit=" articles", file=sys.stderr)
    with open_store(db) as store:
        try:
            process(
                articles,
                store=store,
                report=report,
                on_article=progress.update if progress is not None else None,
                workers=workers,
                cluster=dask_address,
                relevance=not no_relevance,
                interactions=interaction_scope,
            )
        finally:
            if progress is not None:
                progress.close()
    summary = summary_of(report)
    if as_json:
        click.echo(json.dumps(summary))
        return
    if quiet:
        return
    click.echo(
        f"read {report.read} articles in {report.seconds:.1f} s "
        f"({report.articles_per_second:.1f} articles/s) into {redact(db)}"
    )
    click.echo(f"  extracted:       {report.extracted}")
    click.echo(f"  already stored:  {report.already_stored}")
    click.echo(f"  duplicates:      {report.duplicates}")
    click.echo(f"  incidents:       {report.incidents_new} new, {report.incidents_updated} updated")
    click.echo(f"  interactions:    {report.interactions}")
    click.echo(f"  skipped:         {len(report.skipped)}")
    for skipped in report.skipped[:20]:
        click.echo(f"    {skipped.origin}: {skipped.reason}")
    if len(report.skipped) > 20:
        click.echo(f"    ... and {len(report.skipped) - 20} more")


def _filter_options(f: Any) -> Any:
    for option in reversed(
        [
            click.option("--country", help="ISO 3166-1 alpha-2 code, e.g. RU."),
            click.option("--since", callback=_iso_day_or_month, help="Earliest date, YYYY-MM-DD."),
            click.option("--until", callback=_iso_day_or_month, help="Latest date, YYYY-MM-DD."),
            click.option("--type", "type_", help="GTD type, ACLED type or ACLED sub-event type."),
            click.option("--min-killed", type=click.IntRange(min=0), help="At least N killed."),
        ]
    ):
        f = option(f)
    return f


def _make_filter(
    country: str | None,
    since: str | None,
    until: str | None,
    type_: str | None,
    min_killed: int | None,
) -> IncidentFilter:
    if country is not None and (len(country) != 2 or not country.isalpha()):
        raise BadOption(f"--country takes an ISO 3166-1 alpha-2 code such as RU, not {country!r}.")
    return IncidentFilter(
        country=country, since=since, until=until, type=type_, min_killed=min_killed
    )


def _fmt_count(value: Any, qualifier: Any) -> str:
    if value is None:
        return ""
    prefix = {"at_least": "≥", "at_most": "≤", "about": "~", "range": ""}.get(qualifier or "", "")
    return f"{prefix}{value}"


def _table(rows: list[dict[str, Any]]) -> str:
    headers = ["id", "date", "country", "place", "type", "killed", "injured", "perpetrators"]
    lines = [
        [
            r["id"],
            r["date"] or "",
            r["country"] or "",
            (r["place"] or "")[:24],
            (r["gtd_type"] or r["acled_subtype"] or "")[:28],
            _fmt_count(r["killed"], r["killed_qualifier"]),
            _fmt_count(r["injured"], r["injured_qualifier"]),
            ", ".join(
                p["name"] + (" (claimed)" if p["claimed"] else "") for p in r["perpetrators"]
            )[:40],
        ]
        for r in rows
    ]
    widths = [max(len(h), *(len(str(line[i])) for line in lines)) for i, h in enumerate(headers)]
    out = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))]
    out.append("  ".join("-" * w for w in widths))
    out += ["  ".join(str(c).ljust(w) for c, w in zip(line, widths, strict=True)) for line in lines]
    return "\n".join(line.rstrip() for line in out)


@cli.command()
@db_option
@_filter_options
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line (v1 export).")
@click.option("--limit", type=click.IntRange(min=1), help="Show at most N incidents.")
def incidents(
    db: str,
    country: str | None,
    since: str | None,
    until: str | None,
    type_: str | None,
    min_killed: int | None,
    as_json: bool,
    limit: int | None,
) -> None:
    """List stored incidents, oldest first."""
    from tocsin.export import incident_rows

    where = _make_filter(country, since, until, type_, min_killed)
    with _existing_store(db) as store:
        rows = []
        for row in incident_rows(store, where):
            rows.append(row)
            if limit is not None and len(rows) >= limit:
                break
    if as_json:
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False))
        return
    if not rows:
        click.echo("No incidents match.")
        return
    click.echo(_table(rows))
    click.echo(f"{len(rows)} incident{'s' if len(rows) != 1 else ''}")


@cli.command()
@click.argument("incident_id")
@db_option
@click.option("--json", "as_json", is_flag=True, help="The full record as JSON.")
def show(incident_id: str, db: str, as_json: bool) -> None:
    """Show one incident: every field with its evidence quote and source article."""
    from tocsin.show import render_incident

    with _existing_store(db) as store:
        incident = store.incident(incident_id, with_mentions=True)
        interactions = list(store.interactions(incident_id=incident.id))
        articles = {a: store.article(a) for a in incident.articles}
    if as_json:
        payload = incident.model_dump(mode="json")
        payload["interactions"] = [{"id": i, **x.model_dump(mode="json")} for i, x in interactions]
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    click.echo(render_incident(incident, interactions, articles))


@cli.command()
@db_option
@click.option(
    "--what",
    type=click.Choice(["incidents", "interactions"]),
    default="incidents",
    show_default=True,
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "csv", "geojson"]),
    default="jsonl",
    show_default=True,
    help="jsonl is FORMAT.md's v1 export; csv uses ACLED-like columns.",
)
@click.option(
    "--out", type=click.Path(dir_okay=False, writable=True), help="File (default stdout)."
)
@_filter_options
def export(
    db: str,
    what: str,
    fmt: str,
    out: str | None,
    country: str | None,
    since: str | None,
    until: str | None,
    type_: str | None,
    min_killed: int | None,
) -> None:
    """Export incidents or interactions (JSONL v1, CSV or GeoJSON)."""
    from tocsin.export import (
        incident_rows,
        interaction_rows,
        write_csv,
        write_geojson,
        write_jsonl,
    )

    if what == "interactions" and fmt == "geojson":
        raise BadOption("GeoJSON export is for incidents; use --format jsonl or csv.")
    where = _make_filter(country, since, until, type_, min_killed)
    with _existing_store(db) as store:
        rows = incident_rows(store, where) if what == "incidents" else interaction_rows(store)
        stream: IO[str]
        with _output(out) as stream:
            if fmt == "jsonl":
                n = write_jsonl(rows, stream)
            elif fmt == "csv":
                n = write_csv(rows, stream, what=what)
            else:
                n = write_geojson(rows, stream)
    if out:
        click.echo(f"wrote {n} {what} to {out}", err=True)


@contextmanager
def _output(path: str | None) -> Iterator[IO[str]]:
    if path is None:
        yield sys.stdout
        return
    try:
        with open(path, "w", encoding="utf-8", newline="") as f:
            yield f
    except OSError as exc:
        raise BadOption(f"Cannot write {path}: {exc.strerror}.") from exc


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--out", type=click.Path(dir_okay=False, writable=True), help="File (default stdout)."
)
def geoparse(paths: tuple[str, ...], out: str | None) -> None:
    """Find and resolve every place name in each article (JSON Lines, FORMAT.md "Toponyms").

    Offsets index the text as given (no cleaning), so they can be checked against the input.
    """
    from tocsin.geoparse import geoparse as run_geoparse
    from tocsin.geoparse import toponym_row
    from tocsin.ingest import read
    from tocsin.report import RunReport

    report = RunReport()
    n = 0
    with _output(out) as stream:
        for article, places in run_geoparse(read(list(paths), report=report, stdin=sys.stdin)):
            row = {"id": article.id, "toponyms": [toponym_row(p) for p in places]}
            stream.write(json.dumps(row, ensure_ascii=False) + "\n")
            n += 1
    for skipped in report.skipped:
        click.echo(f"skipped {skipped.origin}: {skipped.reason}", err=True)
    if n == 0:
        from tocsin.errors import EmptyInput

        raise EmptyInput("The input holds no readable article.")


@cli.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--write-token",
    envvar="TOCSIN_WRITE_TOKEN",
    help="Enable POST /api/articles for requests bearing this token. Env: TOCSIN_WRITE_TOKEN.",
)
@click.option(
    "--max-body",
    default=1_000_000,
    show_default=True,
    type=click.IntRange(min=1),
    help="Largest request body accepted, in bytes.",
)
def serve(db: str, host: str, port: int, write_token: str | None, max_body: int) -> None:
    """Serve the HTTP API (/api, schema at /openapi.json) and the dashboard (/).

    Read-only unless started with a write token. Open http://HOST:PORT/ in a browser.
    """
    from tocsin.serve import serve as run_server
    from tocsin.store import require_sqlite

    require_sqlite(db, command="serve")
    if not Path(db).is_file():
        raise DatabaseNotWritable(
            f"No database at {db}: create one with `tocsin run PATH --db {db}`."
        )
    click.echo(f"tocsin serving {db} on http://{host}:{port}/ (Ctrl+C stops)", err=True)
    run_server(db, host=host, port=port, write_token=write_token or None, max_body=max_body)


@cli.command()
@click.argument("sources", nargs=-1, required=True)
@db_option
@click.option(
    "--interval",
    default=300.0,
    show_default=True,
    type=click.FloatRange(min=0.05),
    help="Seconds between two polls of a feed URL (files and directories: every second, or "
    "every S seconds when S is shorter).",
)
@click.option("--once", is_flag=True, help="One pass over every source, then exit.")
@click.option(
    "--alerts",
    "alerts_file",
    type=click.Path(dir_okay=False),
    help="Alert rules (TOML, see docs/alerts.md).",
)
@click.option(
    "--base-url",
    default="http://127.0.0.1:8000",
    show_default=True,
    help="Root URL of `tocsin serve`, for the incident links in alerts.",
)
@click.option(
    "--timeout",
    default=10.0,
    show_default=True,
    type=click.FloatRange(min=0.1),
    help="Seconds before a feed request gives up (then retried with backoff).",
)
@click.option(
    "--host-delay",
    default=1.0,
    show_default=True,
    type=click.FloatRange(min=0.0),
    help="Least seconds between two requests to one host.",
)
def watch(
    sources: tuple[str, ...],
    db: str,
    interval: float,
    once: bool,
    alerts_file: str | None,
    base_url: str,
    timeout: float,
    host_delay: float,
) -> None:
    """Watch RSS/Atom feed URLs, feed files and directories; store new items as they come.

    Each item is processed once; the state is kept in the database, so a restart continues
    where it stopped. With --alerts, incidents matching the rules raise alerts (one per incident
    and rule, then an update when the toll moves). Ctrl+C stops after the current item.
    """
    import signal
    import threading

    from tocsin.watch import Alerter, FetchPolicy, Watcher, check_sources, load_rules, sinks_for

    check_sources(sources)
    config = load_rules(alerts_file) if alerts_file else None
    stop = threading.Event()

    def on_signal(signum: int, frame: object) -> None:
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()
        click.echo("stopping after the current item (Ctrl+C again to abort)", err=True)

    handlers = {s: signal.signal(s, on_signal) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        with open_store(db) as store:
            alerter = None
            if config is not None:
                sinks = sinks_for(config.output, stdout=sys.stdout)
                alerter = Alerter(config, store=store, sinks=sinks, base_url=base_url)
            watcher = Watcher(
                list(sources),
                store=store,
                interval=interval,
                policy=FetchPolicy(timeout=timeout, host_delay=host_delay),
                alerter=alerter,
            )
            if not once:
                click.echo(f"tocsin watching {len(sources)} source(s) into {redact(db)}", err=True)
                watcher.warm_up()
            total = watcher.run(stop=stop, once=once)
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)
    run = total.run
    failures = run.counters.get("watch.feed_failures", 0)
    click.echo(
        f"watched {total.passes} pass(es): {total.items} new items, "
        f"{run.incidents_new} incidents new, {run.incidents_updated} updated, "
        f"{total.alerts} alerts, {failures} feed failures, "
        f"{run.counters.get('watch.skipped', 0)} skipped",
        err=True,
    )
    for skipped in run.skipped[:20]:
        click.echo(f"  {skipped.origin}: {skipped.reason}", err=True)


from tocsin.evaluate.command import evaluate  # noqa: E402  (a command defined with its package)

cli.add_command(evaluate)


def main() -> None:
    """Entry point of the `tocsin` console script."""
    try:
        cli.main(prog_name="tocsin")
    except BrokenPipeError:
        sys.exit(0)
