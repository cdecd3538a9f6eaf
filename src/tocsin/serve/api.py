"""The JSON API under /api: incidents, interactions, actors, articles, stats, exports."""

from __future__ import annotations

import csv
import io
import json
import secrets
import sqlite3
import threading
from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Path, Query, Request
from fastapi.responses import Response, StreamingResponse
from pydantic import BaseModel, Field

from tocsin.errors import (
    BadOption,
    DatabaseUnavailable,
    NotFound,
    PayloadTooLarge,
    TocsinError,
    Unauthorized,
    UnknownIncident,
)
from tocsin.export import (
    CSV_INCIDENT_COLUMNS,
    CSV_INTERACTION_COLUMNS,
    incident_csv_row,
    incident_row,
    interaction_row,
)
from tocsin.serve import queries
from tocsin.serve.queries import MAX_LIMIT

# HTTP status of each coded error the API can answer with.
STATUS: dict[type[TocsinError], int] = {
    UnknownIncident: 404,
    NotFound: 404,
    BadOption: 400,
    Unauthorized: 401,
    PayloadTooLarge: 413,
    DatabaseUnavailable: 503,
}


class Settings:
    """What the app serves: the database path, the write token, the request size limit."""

    def __init__(self, db: str, *, write_token: str | None, max_body: int) -> None:
        self.db = db
        self.write_token = write_token
        self.max_body = max_body
        self.write_lock = threading.Lock()
        self._local = threading.local()

    def connection(self) -> sqlite3.Connection:
        """Return this thread's read-only connection, opening it on first use."""
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            try:
                conn = queries.connect_readonly(self.db)
                conn.execute("SELECT 1 FROM incidents LIMIT 1")
            except sqlite3.Error as exc:
                raise DatabaseUnavailable(
                    f"Cannot read the database ({exc}); start `tocsin serve` with --db pointing"
                    " at a file made by `tocsin run`."
                ) from exc
            self._local.conn = conn
        return conn


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def _conn(request: Request) -> sqlite3.Connection:
    return _settings(request).connection()


Conn = Annotated[sqlite3.Connection, Depends(_conn)]
DATE = r"^\d{4}-\d{2}(-\d{2})?$"


def _bbox(value: str | None) -> tuple[float, float, float, float] | None:
    if value is None:
        return None
    try:
        west, south, east, north = (float(x) for x in value.split(","))
    except ValueError as exc:
        raise BadOption("bbox is west,south,east,north in degrees, e.g. bbox=30,-5,45,10.") from exc
    if not (-90 <= south <= north <= 90 and -180 <= west <= 180 and -180 <= east <= 180):
        raise BadOption("bbox needs -180 <= west, east <= 180 and -90 <= south <= north <= 90.")
    return west, south, east, north


def incident_query(
    since: Annotated[str | None, Query(pattern=DATE, description="Earliest date")] = None,
    until: Annotated[str | None, Query(pattern=DATE, description="Latest date")] = None,
    country: Annotated[
        str | None, Query(pattern=r"^[A-Za-z]{2}$", description="ISO 3166-1 alpha-2")
    ] = None,
    admin1: Annotated[str | None, Query(max_length=200)] = None,
    type: Annotated[
        str | None,
        Query(max_length=200, description="GTD type, ACLED type or ACLED sub-event type"),
    ] = None,
    perpetrator: Annotated[str | None, Query(max_length=200)] = None,
    min_killed: Annotated[int | None, Query(ge=0)] = None,
    bbox: Annotated[
        str | None, Query(max_length=100, description="west,south,east,north in degrees")
    ] = None,
    q: Annotated[
        str | None, Query(max_length=200, description="Words in place, perpetrators, type")
    ] = None,
    article: Annotated[str | None, Query(max_length=500)] = None,
) -> queries.Query:
    return queries.Query(
        since=since,
        until=until,
        country=country,
        admin1=admin1,
        type=type,
        perpetrator=perpetrator,
        min_killed=min_killed,
        bbox=_bbox(bbox),
        q=q,
        article=article,
    )


IncidentQuery = Annotated[queries.Query, Depends(incident_query)]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT)]
Cursor = Annotated[str | None, Query(max_length=1000)]


class PageOut(BaseModel):
    items: list[dict[str, Any]]
    total: int = Field(
        description="Incidents (or records) matching the filters; when `total_capped` is true,"
        f" more than {queries.TOTAL_CAP} match and this is {queries.TOTAL_CAP}, a lower bound"
    )
    total_capped: bool = Field(
        default=False,
        description="True when the total was not counted past the cap (see `total`); exact"
        " totals are always given when the only filters are dates, country and type",
    )
    next_cursor: str | None


class PointsOut(BaseModel):
    columns: list[str]
    points: list[list[Any]] = Field(
        description="[id, lat, lon, killed, type, date, place], deadliest first; coordinates"
        " rounded to 6 decimals"
    )
    complete: bool = Field(description="False when more located incidents match than `limit`")


router = APIRouter(prefix="/api")


@router.get("/incidents", response_model=PageOut, tags=["incidents"])
def list_incidents(
    conn: Conn,
    query: IncidentQuery,
    sort: Annotated[str, Query(pattern=r"^-?(date|killed)$")] = "-date",
    limit: Limit = 50,
    cursor: Cursor = None,
) -> PageOut:
    """Incidents matching the filters (v1 export records), one page at a time."""
    page = queries.incident_page(conn, query, sort=sort, limit=limit, cursor=cursor)
    return PageOut(
        items=page.items,
        total=page.total,
        total_capped=page.total_capped,
        next_cursor=page.next_cursor,
    )


@router.get("/incidents/points", response_model=PointsOut, tags=["incidents"])
def incident_points(
    conn: Conn, query: IncidentQuery, limit: Annotated[int, Query(ge=1, le=20000)] = 5000
) -> Response:
    """Located incidents for a map, deadliest first: rows [id, lat, lon, killed, type, date,
    place]; `complete` is false when more located incidents match than `limit`."""
    # SQLite writes the JSON: thousands of rows through Python's encoders cost more than the query.
    body = queries.incident_points_json(conn, query, limit=limit)
    return Response(body, media_type="application/json")


@router.get("/incidents/{incident_id}", tags=["incidents"])
def get_incident(conn: Conn, incident_id: Annotated[str, Path(max_length=500)]) -> dict[str, Any]:
    """One incident: its v1 record, the full record with count history and mentions, its sources
    with their evidence quotes, the interactions around it, and a timeline of reports and
    reactions."""
    return queries.incident_detail(conn, incident_id)


@router.get("/interactions", response_model=PageOut, tags=["interactions"])
def list_interactions(
    conn: Conn,
    actor: Annotated[str | None, Query(max_length=300)] = None,
    verb: Annotated[str | None, Query(max_length=100)] = None,
    plover: Annotated[str | None, Query(max_length=50)] = None,
    cameo: Annotated[str | None, Query(max_length=10)] = None,
    incident: Annotated[str | None, Query(max_length=500)] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> PageOut:
    """Interactions (v1 export records) filtered by actor, verb, PLOVER, CAMEO or incident."""
    page = queries.interaction_page(
        conn, limit=limit, cursor=cursor, actor=actor, verb=verb, plover=plover, cameo=cameo,
        incident=incident,
    )  # fmt: skip
    return PageOut(items=page.items, total=page.total, next_cursor=page.next_cursor)


@router.get("/actors", tags=["actors"])
def list_actors(
    conn: Conn, q: Annotated[str | None, Query(max_length=200)] = None, limit: Limit = 50
) -> dict[str, Any]:
    """Actors seen in interactions, most active first."""
    return {"items": queries.actors(conn, q=q, limit=limit)}


@router.get("/actors/{name}", tags=["actors"])
def get_actor(conn: Conn, name: Annotated[str, Path(max_length=300)]) -> dict[str, Any]:
    """One actor: interactions by verb, its interactions, incidents it is named perpetrator of."""
    detail = queries.actor_detail(conn, name)
    if detail is None:
        raise NotFound(f"No actor {name!r}; list them at /api/actors.")
    return detail


@router.get("/articles", response_model=PageOut, tags=["articles"])
def list_articles(
    conn: Conn,
    q: Annotated[str | None, Query(max_length=200)] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> PageOut:
    """Stored articles (without text), newest first."""
    page = queries.article_page(conn, q=q, limit=limit, cursor=cursor)
    return PageOut(items=page.items, total=page.total, next_cursor=page.next_cursor)


@router.get("/articles/{article_id}", tags=["articles"])
def get_article(conn: Conn, article_id: Annotated[str, Path(max_length=500)]) -> dict[str, Any]:
    """One article with its cleaned text and the incidents it reports."""
    detail = queries.article_detail(conn, article_id)
    if detail is None:
        raise NotFound(f"No article {article_id!r}.")
    return detail


@router.get("/stats", tags=["stats"])
def get_stats(
    conn: Conn,
    query: IncidentQuery,
    by: Annotated[
        str, Query(pattern=r"^(day|week|month|year|country|type|gtd_type|acled_type)$")
    ] = "day",
) -> dict[str, Any]:
    """Incidents, killed and injured per day, week, month, year, country or type."""
    return {"by": by, "items": queries.stats(conn, query, by=by)}


@router.get("/facets", tags=["stats"])
def get_facets(conn: Conn) -> dict[str, list[str]]:
    """Countries and types present, for filter menus."""
    return queries.facets(conn)


# -- exports -------------------------------------------------------------------------------------

MEDIA = {
    "jsonl": "application/x-ndjson",
    "csv": "text/csv; charset=utf-8",
    "geojson": "application/geo+json",
}


def _stream_rows(settings: Settings, what: str, fmt: str, query: queries.Query) -> Iterator[str]:
    # A connection of its own: the response is iterated from worker threads after the request
    # handler returns, so the handler's thread-local connection must not be shared with it.
    conn = queries.connect_readonly(settings.db)
    try:
        rows: Iterator[dict[str, Any]]
        if what == "incidents":
            rows = (incident_row(i) for i in queries.iter_incidents(conn, query))
        else:
            rows = _interaction_rows(conn)
        if fmt == "jsonl":
            for row in rows:
                yield json.dumps(row, ensure_ascii=False) + "\n"
        elif fmt == "csv":
            columns = CSV_INCIDENT_COLUMNS if what == "incidents" else CSV_INTERACTION_COLUMNS
            buffer = io.StringIO()
            writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
            writer.writeheader()
            for row in rows:
                writer.writerow(incident_csv_row(row) if what == "incidents" else row)
                if buffer.tell() > 65536:
                    yield buffer.getvalue()
                    buffer.seek(0)
                    buffer.truncate()
            yield buffer.getvalue()
        else:
            # Same features as tocsin.export.write_geojson, written one at a time.
            yield '{"type": "FeatureCollection", "features": ['
            first = True
            for row in rows:
                if row["lat"] is None or row["lon"] is None:
                    continue
                feature = {
                    "type": "Feature",
                    "id": row["id"],
                    "geometry": {"type": "Point", "coordinates": [row["lon"], row["lat"]]},
                    "properties": {k: v for k, v in row.items() if k not in ("lat", "lon")},
                }
                yield ("" if first else ", ") + json.dumps(feature, ensure_ascii=False)
                first = False
            yield "]}\n"
    finally:
        conn.close()


def _interaction_rows(conn: sqlite3.Connection) -> Iterator[dict[str, Any]]:
    cache: dict[str, Any] = {}
    for interaction_id, interaction in queries._interactions(conn, "", [], limit=-1):
        incident = None
        if interaction.incident_id:
            if interaction.incident_id not in cache:
                try:
                    cache[interaction.incident_id] = queries.load_incident(
                        conn, interaction.incident_id
                    )
                except UnknownIncident:
                    cache[interaction.incident_id] = None
            incident = cache[interaction.incident_id]
        yield interaction_row(interaction_id, interaction, incident)


@router.get("/export/{what}.{fmt}", tags=["export"])
def export(
    request: Request,
    query: IncidentQuery,
    what: Annotated[str, Path(pattern=r"^(incidents|interactions)$")],
    fmt: Annotated[str, Path(pattern=r"^(jsonl|csv|geojson)$")],
) -> StreamingResponse:
    """Stream an export in the CLI's formats: jsonl (v1), csv (ACLED-like), geojson."""
    if what == "interactions" and fmt == "geojson":
        raise BadOption("GeoJSON export is for incidents; use jsonl or csv.")
    settings = _settings(request)
    settings.connection()  # fail now, as JSON, if the database cannot be read
    return StreamingResponse(
        _stream_rows(settings, what, fmt, query),
        media_type=MEDIA[fmt],
        headers={"Content-Disposition": f'attachment; filename="{what}.{fmt}"'},
    )


# -- writing (only with a token) -----------------------------------------------------------------


class ArticleIn(BaseModel):
    id: str | None = Field(default=None, max_length=500)
    text: str = Field(min_length=1)
    title: str | None = Field(default=None, max_length=1000)
    url: str | None = Field(default=None, max_length=2000)
    source: str | None = Field(default=None, max_length=300)
    published: str | None = Field(default=None, max_length=40)


class ArticlesIn(BaseModel):
    articles: list[ArticleIn] = Field(min_length=1, max_length=100)


def _require_token(request: Request, authorization: Annotated[str | None, Header()] = None) -> None:
    expected = _settings(request).write_token or ""
    given = (authorization or "").removeprefix("Bearer ").strip()
    if not expected or not secrets.compare_digest(given.encode(), expected.encode()):
        raise Unauthorized("This endpoint needs the header `Authorization: Bearer <write token>`.")


write_router = APIRouter(prefix="/api")


@write_router.post("/articles", tags=["write"], dependencies=[Depends(_require_token)])
def submit_articles(request: Request, body: ArticlesIn) -> dict[str, Any]:
    """Process articles into the database (exists only when started with a write token)."""
    from tocsin.ingest.jsonl import parse_record
    from tocsin.pipeline import process, summary_of
    from tocsin.report import RunReport
    from tocsin.store import open_store

    settings = _settings(request)
    report = RunReport()
    articles = []
    for n, item in enumerate(body.articles):
        line = json.dumps(item.model_dump(exclude_none=True))
        article = parse_record(line, origin=f"api:{n}", report=report)
        if article is None:
            reason = report.skipped[-1].reason if report.skipped else "unreadable"
            raise BadOption(f"articles[{n}] is not a readable article: {reason}")
        articles.append(article)
    with settings.write_lock, open_store(settings.db) as store:
        process(iter(articles), store=store, report=report)
    summary = summary_of(report)
    summary["incidents"] = sorted({i for a in articles for i in _incidents_of(settings, a.id)})
    return summary


def _incidents_of(settings: Settings, article_id: str) -> list[str]:
    conn = settings.connection()
    return [
        r[0]
        for r in conn.execute(
            "SELECT incident_id FROM incident_articles WHERE article_id = ?", (article_id,)
        )
    ]
