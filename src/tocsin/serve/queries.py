"""Read queries behind the HTTP API, over a read-only SQLite connection.

Every value from a request reaches SQL as a bound parameter; only names from the fixed tables
below (sort keys, group-by expressions) are ever put into SQL text.
"""

from __future__ import annotations

import base64
import binascii
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from tocsin.errors import BadOption, UnknownIncident
from tocsin.export import incident_row, interaction_row
from tocsin.models import Article, Incident, Interaction, Mention

# Sort key -> (SQL expression, descending?). The expressions match the indexes of migration 2.
SORTS: dict[str, tuple[str, bool]] = {
    "date": ("coalesce(date, '')", False),
    "-date": ("coalesce(date, '')", True),
    "killed": ("coalesce(killed, -1)", False),
    "-killed": ("coalesce(killed, -1)", True),
}
GROUPS: dict[str, str] = {
    "day": "substr(date, 1, 10)",
    "week": "strftime('%Y-W%W', substr(date, 1, 10))",
    "month": "substr(date, 1, 7)",
    "year": "substr(date, 1, 4)",
    "country": "country",
    "type": "coalesce(gtd_type, acled_subtype, acled_type)",
    "gtd_type": "gtd_type",
    "acled_type": "acled_type",
}
MAX_LIMIT = 500
# A total over more matching incidents than this is reported as this many and `total_capped`:
# counting millions of rows for every page would cost more than the page.
TOTAL_CAP = 10_000
# A text or box filter matching at most this many incidents drives the query (those rows are
# read and sorted); a larger one is probed while an index is walked in the sort order.
SMALL_SET = 3_000
# Degrees the R*Tree search box is widened by: it stores coordinates as 32-bit floats, whose
# rounding (at most ~1.5e-5 degrees at 180) must not drop a point the exact test keeps.
BOX_MARGIN = 1e-4
# Summary tables (tocsin.store.sqlite, `_ensure_stats_tables`): the filters each can answer
# exactly, and the group-by expressions over its columns.
DAY_TABLE = "incident_stats_day"
MONTH_TABLE = "incident_stats_month"
SUMMARY_GROUPS: dict[str, dict[str, str]] = {
    DAY_TABLE: {k: GROUPS[k] for k in ("day", "week", "month", "year", "country")},
    MONTH_TABLE: {
        "month": "month",
        "year": "substr(month, 1, 4)",
        **{k: GROUPS[k] for k in ("country", "type", "gtd_type", "acled_type")},
    },
}


def connect_readonly(path: str) -> sqlite3.Connection:
    """Open `path` read-only: the API can never change the database through this connection."""
    from pathlib import Path

    uri = Path(path).resolve().as_uri() + "?mode=ro"
    conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
    conn.execute("PRAGMA query_only=ON")
    # Map the file and keep a larger page cache: the API reads rows scattered over the file.
    conn.execute("PRAGMA mmap_size=1073741824")
    conn.execute("PRAGMA cache_size=-65536")
    conn.execute("PRAGMA busy_timeout=5000")
    return conn


@dataclass(frozen=True)
class Query:
    """Filters on incidents, as the API's query string gives them; None is no restriction."""

    since: str | None = None
    until: str | None = None
    country: str | None = None
    admin1: str | None = None
    type: str | None = None
    perpetrator: str | None = None
    min_killed: int | None = None
    bbox: tuple[float, float, float, float] | None = None  # west, south, east, north
    q: str | None = None
    article: str | None = None

    def given(self) -> frozenset[str]:
        """Return the names of the filters set."""
        return frozenset(k for k, v in vars(self).items() if v is not None and v != "")

    def where(
        self, conn: sqlite3.Connection, *, sets: dict[str, str] | None = None
    ) -> tuple[str, list[Any]]:
        """Return the WHERE clause (or "") and its parameters.

        `sets` says how the text and box filters are written (`set_modes`): "drive" makes
        their index's rows the ones read, "probe" checks rows met on another index against
        them, "rows" (box only) tests each row's coordinates. Every mode selects the same rows.
        """
        sets = sets or {}
        terms: list[str] = []
        params: list[Any] = []
        if self.since:
            # The second term is the same test on the sort key, so the sort indexes serve it.
            terms.append("date >= ? AND coalesce(date, '') >= ?")
            params += [self.since, self.since]
        if self.until:
            # Compare on the prefix: "2024-03-15" is within until=2024-03, and "2024-03" (month
            # precision) within until=2024-03-15. Every character of an ISO date sorts before
            # DEL, so `date <= until + DEL` is that prefix test, and an index can serve it.
            terms.append("date <= ? AND coalesce(date, '') <= ?")
            params += [self.until + "\x7f"] * 2
        if self.country:
            terms.append("country = ?")
            params.append(self.country.upper())
        if self.admin1:
            terms.append("admin1 = ?")
            params.append(self.admin1)
        if self.type:
            # Only the columns that hold the value: one column keeps the query on one index.
            columns = [
                c
                for c in ("gtd_type", "acled_type", "acled_subtype")
                if conn.execute(
                    f"SELECT 1 FROM incidents WHERE {c} = ? LIMIT 1", (self.type,)
                ).fetchone()
            ] or ["gtd_type"]
            terms.append("(" + " OR ".join(f"{c} = ?" for c in columns) + ")")
            params.extend([self.type] * len(columns))
        if self.perpetrator:
            terms.append("perpetrators LIKE ? ESCAPE '\\'")
            params.append(f"%{_like_escape(self.perpetrator)}%")
        if self.min_killed is not None:
            terms.append("killed >= ?")
            params.append(self.min_killed)
        # `+rowid` keeps the planner from driving the query from the subquery's rows.
        rowid = {"drive": "rowid", "probe": "+rowid"}
        if self.bbox is not None:
            mode = sets.get("bbox", "drive")
            if mode != "rows" and has_table(conn, "incidents_geo"):
                # The R*Tree finds candidates (it keeps 32-bit floats); the terms below decide.
                subquery, box_params = self.box_rowids(margin=BOX_MARGIN)
                terms.append(f"{rowid[mode]} IN ({subquery})")
                params.extend(box_params)
            _, south, _, north = self.bbox
            spans = _spans(self.bbox)
            terms.append("lat BETWEEN ? AND ?")
            params.extend([south, north])
            terms.append("(" + " OR ".join("lon BETWEEN ? AND ?" for _ in spans) + ")")
            for w, e in spans:
                params.extend([w, e])
        if self.article:
            terms.append("id IN (SELECT incident_id FROM incident_articles WHERE article_id = ?)")
            params.append(self.article)
        if self.q:
            if has_fts(conn):
                match = _fts_query(self.q)
                if match:
                    mode = sets.get("q", "drive")
                    terms.append(
                        f"{rowid[mode]} IN"
                        " (SELECT rowid FROM incidents_fts WHERE incidents_fts MATCH ?)"
                    )
                    params.append(match)
            else:
                terms.append(
                    "(coalesce(place, '') || ' ' || coalesce(admin1, '') || ' ' ||"
                    " coalesce(perpetrators, '') || ' ' || coalesce(gtd_type, '') || ' ' ||"
                    " coalesce(acled_subtype, '')) LIKE ? ESCAPE '\\'"
                )
                params.append(f"%{_like_escape(self.q)}%")
        return ("WHERE " + " AND ".join(terms) if terms else ""), params

    def box_rowids(
        self, *, margin: float = 0.0, unless_within: float | None = None
    ) -> tuple[str, list[Any]]:
        """Return a query of the rowids of located incidents in the box (R*Tree), and params.

        The box is widened by `margin` degrees on every side (narrowed when negative); with
        `unless_within`, points in the box widened by that many degrees are left out.
        """
        assert self.bbox is not None
        _, south, _, north = self.bbox
        box = "lat0 >= ? AND lat1 <= ? AND lon0 >= ? AND lon1 <= ?"
        parts, params = [], []
        for w, e in _spans(self.bbox):
            sql = f"SELECT id FROM incidents_geo WHERE {box}"
            params += [south - margin, north + margin, w - margin, e + margin]
            if unless_within is not None:
                # Tested on the R*Tree's own rows: no table row is read.
                sql += f" AND NOT ({box})"
                m = unless_within
                params += [south - m, north + m, w - m, e + m]
            parts.append(sql)
        return " UNION ALL ".join(parts), params


def _spans(bbox: tuple[float, float, float, float]) -> list[tuple[float, float]]:
    """Return the longitude ranges of a box; two when it crosses the antimeridian."""
    west, _, east, _ = bbox
    return [(west, east)] if west <= east else [(west, 180.0), (-180.0, east)]


def _capped(conn: sqlite3.Connection, sql: str, params: list[Any]) -> int:
    """Return how many rows `sql` gives, counting no further than TOTAL_CAP + 1."""
    capped = f"SELECT count(*) FROM ({sql} LIMIT {TOTAL_CAP + 1})"
    return int(conn.execute(capped, params).fetchone()[0])


def set_sizes(conn: sqlite3.Connection, query: Query) -> dict[str, int]:
    """Return how many incidents the text and the box filter each match (capped), if set."""
    sizes: dict[str, int] = {}
    if query.q and has_fts(conn) and _fts_query(query.q):
        sizes["q"] = _capped(
            conn,
            "SELECT 1 FROM incidents_fts WHERE incidents_fts MATCH ?",
            [_fts_query(query.q)],
        )
    if query.bbox is not None and has_table(conn, "incidents_geo"):
        sql, params = query.box_rowids()
        sizes["bbox"] = _capped(conn, f"SELECT 1 FROM ({sql})", params)
    return sizes


def set_modes(sizes: dict[str, int]) -> dict[str, str]:
    """Return how each text or box filter should be written (see `Query.where`)."""
    modes: dict[str, str] = {}
    for name, size in sizes.items():
        if size <= SMALL_SET:
            modes[name] = "drive"
        elif name == "bbox" and size > TOTAL_CAP:
            # A box holding over 1% of incidents: testing coordinates on the rows met in sort
            # order finds a page sooner than gathering the box's rowids.
            modes[name] = "rows"
        else:
            modes[name] = "probe"
    return modes


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _fts_query(text: str) -> str:
    """Return an FTS5 query matching every word of `text` as a prefix; user syntax is quoted."""
    words = [w for w in "".join(c if c.isalnum() else " " for c in text).split() if w]
    return " ".join(f'"{w}"*' for w in words[:8])


def has_fts(conn: sqlite3.Connection) -> bool:
    return has_table(conn, "incidents_fts")


def has_table(conn: sqlite3.Connection, name: str) -> bool:
    row = conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (name,)).fetchone()
    return row is not None


# -- cursors -----------------------------------------------------------------------------------


def encode_cursor(values: list[Any]) -> str:
    raw = json.dumps(values, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, *, size: int) -> list[Any]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (binascii.Error, ValueError, UnicodeDecodeError) as exc:
        raise BadOption("cursor is not one this API gave out; start again without it.") from exc
    if not isinstance(values, list) or len(values) != size:
        raise BadOption("cursor is not one this API gave out; start again without it.")
    if not all(isinstance(v, str | int | float) for v in values):
        raise BadOption("cursor is not one this API gave out; start again without it.")
    return values


# -- incidents ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    items: list[dict[str, Any]]
    total: int
    next_cursor: str | None
    # True when more than TOTAL_CAP incidents match: `total` is then TOTAL_CAP, a lower bound.
    total_capped: bool = False


def incident_page(
    conn: sqlite3.Connection,
    query: Query,
    *,
    sort: str = "-date",
    limit: int = 50,
    cursor: str | None = None,
) -> Page:
    """Return one page of incidents (v1 export records), the total matching, and the cursor."""
    if sort not in SORTS:
        raise BadOption(f"sort must be one of {', '.join(SORTS)}, not {sort!r}.")
    expr, desc = SORTS[sort]
    sizes = set_sizes(conn, query)
    where, params = query.where(conn, sets=set_modes(sizes))
    total, capped = count_incidents(conn, query, sizes=sizes)
    page_where, page_params = where, list(params)
    if cursor:
        key, last_id = decode_cursor(cursor, size=2)
        op = "<" if desc else ">"
        page_where += (" AND " if where else "WHERE ") + f"({expr}, id) {op} (?, ?)"
        page_params += [key, last_id]
    order = "DESC" if desc else "ASC"
    # Keys first, records after: a sort that needs a temporary b-tree then moves small rows,
    # not every matching record's JSON.
    rows = conn.execute(
        f"SELECT {expr}, id FROM incidents {page_where}"
        f" ORDER BY {expr} {order}, id {order} LIMIT ?",
        [*page_params, limit + 1],
    ).fetchall()
    wanted = [incident_id for _, incident_id in rows[:limit]]
    data = dict(
        conn.execute(
            f"SELECT id, data FROM incidents WHERE id IN ({','.join('?' * len(wanted))})", wanted
        ).fetchall()
    )
    items = [incident_row(Incident.model_validate_json(data[i])) for i in wanted]
    next_cursor = (
        encode_cursor([rows[limit - 1][0], rows[limit - 1][1]]) if len(rows) > limit else None
    )
    return Page(items=items, total=total, next_cursor=next_cursor, total_capped=capped)


def count_incidents(
    conn: sqlite3.Connection, query: Query, *, sizes: dict[str, int] | None = None
) -> tuple[int, bool]:
    """Return how many incidents match, and whether that is TOTAL_CAP standing for more.

    Exact from a summary table when the filters allow (dates, country, type); a lone text or
    box filter is counted on its own index; anything else is counted on the rows, up to the
    cap. `sizes` is `set_sizes` of the query, when the caller has it already.
    """
    table = _summary_table(conn, query, by=None)
    if table is not None:
        where, params = _summary_where(query, table)
        row = conn.execute(f"SELECT sum(n) FROM {table} {where}", params).fetchone()
        return int(row[0] or 0), False
    sizes = set_sizes(conn, query) if sizes is None else sizes
    given = query.given()
    if given == {"q"} and "q" in sizes:
        n = sizes["q"]  # each incident has one row in the full-text index
    elif given == {"bbox"} and "bbox" in sizes:
        n = _box_count(conn, query)
    else:
        # Counting needs every matching row: a set small enough to count is read directly.
        modes = {
            name: "drive" if size <= TOTAL_CAP else ("rows" if name == "bbox" else "probe")
            for name, size in sizes.items()
        }
        where, params = query.where(conn, sets=modes)
        n = _capped(conn, f"SELECT 1 FROM incidents {where}", params)
    return min(n, TOTAL_CAP), n > TOTAL_CAP


def _box_count(conn: sqlite3.Connection, query: Query) -> int:
    """Return how many incidents lie in the query's box (capped), reading few table rows.

    The R*Tree's 32-bit coordinates decide every point that lies further than BOX_MARGIN
    inside the edges; only the points near an edge are tested on their row.
    """
    inner, inner_params = query.box_rowids(margin=-BOX_MARGIN)
    sure = _capped(conn, f"SELECT 1 FROM ({inner})", inner_params)
    if sure > TOTAL_CAP:
        return sure
    near, near_params = query.box_rowids(margin=BOX_MARGIN, unless_within=-BOX_MARGIN)
    exact, exact_params = Query(bbox=query.bbox).where(conn, sets={"bbox": "rows"})
    edge = conn.execute(
        f"SELECT count(*) FROM incidents {exact} AND rowid IN ({near})",
        [*exact_params, *near_params],
    ).fetchone()[0]
    return sure + int(edge)


def _summary_table(conn: sqlite3.Connection, query: Query, *, by: str | None) -> str | None:
    """Return the summary table that answers `query` (grouped `by`, if given) exactly, if any."""
    given = query.given()
    # A month row holds dates that all compare alike with a bound of at most 7 characters
    # ("2024" or "2024-03"), so only such bounds can be applied to it.
    month_bounds = all(len(b) <= 7 for b in (query.since, query.until) if b)
    candidates = []
    if given <= {"country", "type", "since", "until"} and month_bounds:
        candidates.append(MONTH_TABLE)
    if given <= {"country", "since", "until"}:
        candidates.append(DAY_TABLE)
    for table in candidates:
        if (by is None or by in SUMMARY_GROUPS[table]) and has_table(conn, table):
            return table
    return None


def _summary_where(query: Query, table: str) -> tuple[str, list[Any]]:
    """Return the WHERE clause on a summary table that selects the rows `query` counts."""
    date = "month" if table == MONTH_TABLE else "date"
    terms, params = ["n > 0"], []
    if query.since:
        terms.append(f"{date} >= ?")
        params.append(query.since)
    if query.until:
        terms.append(f"{date} <= ?")
        params.append(query.until + "\x7f")
    if query.country:
        terms.append("country = ?")
        params.append(query.country.upper())
    if query.type:
        terms.append("(gtd_type = ? OR acled_type = ? OR acled_subtype = ?)")
        params += [query.type] * 3
    return "WHERE " + " AND ".join(terms), params


POINT_COLUMNS = ["id", "lat", "lon", "killed", "type", "date", "place"]
# The covering indexes incidents_map* of API_INDEXES hold every column read here.
POINT_SQL = "id, round(lat, 6), round(lon, 6), killed, coalesce(acled_type, gtd_type), date, place"


def incident_points_json(conn: sqlite3.Connection, query: Query, *, limit: int = 5000) -> str:
    """Return the map points of `incident_points` as a JSON object, encoded by SQLite.

    {"columns": [...], "points": [[id, lat, lon, killed, type, date, place], ...],
    "complete": bool}; coordinates are rounded to 6 decimals (about 0.1 m).
    """
    where, params = query.where(conn, sets=set_modes(set_sizes(conn, query)))
    located = (where + " AND " if where else "WHERE ") + "lat IS NOT NULL AND lon IS NOT NULL"
    # One string from SQLite: an aggregate over an ordered subquery keeps its order (the
    # subquery has a LIMIT, so it is never flattened into the aggregate).
    points, n = conn.execute(
        f"SELECT group_concat(point), count(*) FROM (SELECT json_array({POINT_SQL}) AS point"
        f" FROM incidents {located} ORDER BY coalesce(killed, -1) DESC, id LIMIT ?)",
        [*params, limit],
    ).fetchone()
    return (
        f'{{"columns":{json.dumps(POINT_COLUMNS)},"points":[{points or ""}],'
        f'"complete":{"true" if n < limit else "false"}}}'
    )


def incident_points(
    conn: sqlite3.Connection, query: Query, *, limit: int = 5000
) -> tuple[list[list[Any]], bool]:
    """Return map points [id, lat, lon, killed, type, date, place], deadliest first.

    The flag says whether these are all the located incidents that match (fewer than `limit`).
    Coordinates are rounded to 6 decimals.
    """
    where, params = query.where(conn, sets=set_modes(set_sizes(conn, query)))
    located = (where + " AND " if where else "WHERE ") + "lat IS NOT NULL AND lon IS NOT NULL"
    rows = conn.execute(
        f"SELECT {POINT_SQL} FROM incidents {located}"
        " ORDER BY coalesce(killed, -1) DESC, id LIMIT ?",
        [*params, limit],
    ).fetchall()
    return [list(r) for r in rows], len(rows) < limit


def stats(conn: sqlite3.Connection, query: Query, *, by: str) -> list[dict[str, Any]]:
    """Return incidents, killed and injured per day/week/month/year/country/type."""
    if by not in GROUPS:
        raise BadOption(f"by must be one of {', '.join(GROUPS)}, not {by!r}.")
    order = "key" if by in {"day", "week", "month", "year"} else "incidents DESC, key"
    table = _summary_table(conn, query, by=by)
    if table is not None:
        where, params = _summary_where(query, table)
        sql = (
            f"SELECT {SUMMARY_GROUPS[table][by]} AS key, sum(n) AS incidents, sum(killed),"
            f" sum(injured) FROM {table} {where} GROUP BY key ORDER BY {order}"
        )
    else:
        where, params = query.where(conn, sets=set_modes(set_sizes(conn, query)))
        sql = (
            f"SELECT {GROUPS[by]} AS key, count(*) AS incidents, coalesce(sum(killed), 0),"
            f" coalesce(sum(injured), 0) FROM incidents {where} GROUP BY key ORDER BY {order}"
        )
    return [
        {"key": key, "incidents": n, "killed": killed, "injured": injured}
        for key, n, killed, injured in conn.execute(sql, params).fetchall()
    ]


def facets(conn: sqlite3.Connection) -> dict[str, list[str]]:
    """Return the values the dashboard's filters offer: countries and types present."""
    # The month summary has every (country, types) combination present, in far fewer rows.
    table = MONTH_TABLE if has_table(conn, MONTH_TABLE) else "incidents"
    live = "n > 0" if table == MONTH_TABLE else "1"
    countries = [
        r[0]
        for r in conn.execute(
            f"SELECT DISTINCT country FROM {table} WHERE country IS NOT NULL AND {live}"
            " ORDER BY country"
        )
    ]
    types: set[str] = set()
    for column in ("gtd_type", "acled_type", "acled_subtype"):
        types.update(
            r[0]
            for r in conn.execute(
                f"SELECT DISTINCT {column} FROM {table} WHERE {column} IS NOT NULL AND {live}"
            )
        )
    return {"countries": countries, "types": sorted(types)}


def iter_incidents(conn: sqlite3.Connection, query: Query) -> Iterator[Incident]:
    """Yield every matching incident, oldest first (for streamed exports)."""
    where, params = query.where(conn)
    for (data,) in conn.execute(f"SELECT data FROM incidents {where} ORDER BY date, id", params):
        yield Incident.model_validate_json(data)


# -- one incident --------------------------------------------------------------------------------


def load_incident(conn: sqlite3.Connection, incident_id: str) -> Incident:
    row = conn.execute("SELECT data FROM incidents WHERE id = ?", (incident_id,)).fetchone()
    if row is None:
        raise UnknownIncident(f"No incident {incident_id}.")
    incident = Incident.model_validate_json(row[0])
    incident.mentions = [
        Mention.model_validate_json(d)
        for (d,) in conn.execute(
            "SELECT data FROM mentions WHERE incident_id = ? ORDER BY rowid", (incident_id,)
        )
    ]
    return incident


def load_article(conn: sqlite3.Connection, article_id: str) -> Article | None:
    row = conn.execute(
        "SELECT id, content_hash, url, source, title, published, published_at, language,"
        " origin, text FROM articles WHERE id = ?",
        (article_id,),
    ).fetchone()
    if row is None:
        return None
    return Article.model_validate(
        dict(
            zip(
                ("id", "content_hash", "url", "source", "title", "published", "published_at",
                 "language", "origin", "text"),
                (*row[:8], row[8] or "", row[9]),
                strict=True,
            )
        )
    )  # fmt: skip


def article_summary(article: Article) -> dict[str, Any]:
    return {
        "id": article.id,
        "title": article.title,
        "source": article.source,
        "url": article.url,
        "published": article.published.isoformat() if article.published else None,
        "published_at": article.published_at.isoformat() if article.published_at else None,
    }


def _evidence(mention: Mention) -> list[dict[str, Any]]:
    """Return the quotes a mention gives for each field, in text order."""
    found: list[dict[str, Any]] = []

    def add(field: str, span: Any, value: Any = None) -> None:
        if span is not None:
            found.append(
                {"field": field, "text": span.text, "start": span.start, "end": span.end,
                 "value": value}
            )  # fmt: skip

    add("type", mention.type_evidence, mention.gtd_type or mention.acled_subtype)
    if mention.date:
        add("date", mention.date.evidence, mention.date.iso)
    if mention.place:
        add("place", mention.place.evidence, mention.place.name or mention.place.raw)
    for field in ("killed", "injured", "kidnapped", "perpetrators_killed"):
        count = getattr(mention, field)
        if count is not None:
            add(field, count.evidence, count.value)
    for p in mention.perpetrators:
        add("perpetrator", p.evidence, f"{p.name} ({p.responsibility.value})")
    for t in mention.targets:
        add("target", t.evidence, t.text)
    for w in mention.weapons:
        add("weapon", w.evidence, w.text)
    return sorted(found, key=lambda e: e["start"])


def incident_detail(conn: sqlite3.Connection, incident_id: str) -> dict[str, Any]:
    """Return one incident: the v1 record, the full record, sources with evidence, reactions."""
    incident = load_incident(conn, incident_id)
    record = incident.model_dump(mode="json")
    sources = []
    for article_id in incident.articles:
        article = load_article(conn, article_id)
        summary: dict[str, Any] = article_summary(article) if article else {"id": article_id}
        summary["evidence"] = [
            e for m in incident.mentions if m.article_id == article_id for e in _evidence(m)
        ]
        sources.append(summary)
    sources.sort(key=lambda s: (s.get("published_at") or s.get("published") or "", s["id"]))
    interactions = [
        interaction_row(i, x, incident)
        for i, x in _interactions(conn, "WHERE incident_id = ?", [incident_id], limit=1000)
    ]
    timeline = [
        {"date": s.get("published_at") or s.get("published"), "kind": "report",
         "article": s["id"], "text": s.get("title") or s["id"]}
        for s in sources
    ] + [
        {"date": i["date"], "kind": "reaction", "article": i["article"],
         "text": f"{i['actor']} {i['type']}", "evidence": i["evidence"]}
        for i in interactions
    ]  # fmt: skip
    # Reports before the reactions of the same day: a reaction answers a report.
    timeline.sort(key=lambda t: ((t["date"] or "")[:10], t["kind"] != "report", t["date"] or ""))
    return {
        "incident": incident_row(incident),
        "record": record,
        "sources": sources,
        "interactions": interactions,
        "timeline": timeline,
    }


# -- interactions, actors, articles ------------------------------------------------------------


def _interactions(
    conn: sqlite3.Connection, where: str, params: list[Any], *, limit: int
) -> Iterator[tuple[str, Interaction]]:
    rows = conn.execute(
        f"SELECT id, data FROM interactions {where} ORDER BY rowid LIMIT ?", [*params, limit]
    )
    for interaction_id, data in rows:
        yield str(interaction_id), Interaction.model_validate_json(data)


def interaction_where(
    *,
    actor: str | None = None,
    verb: str | None = None,
    plover: str | None = None,
    cameo: str | None = None,
    incident: str | None = None,
) -> tuple[str, list[Any]]:
    terms: list[str] = []
    params: list[Any] = []
    for column, value in (
        ("actor", actor), ("verb", verb), ("plover", plover), ("cameo", cameo),
        ("incident_id", incident),
    ):  # fmt: skip
        if value is not None:
            terms.append(f"{column} = ?")
            params.append(value)
    return ("WHERE " + " AND ".join(terms) if terms else ""), params


def interaction_page(
    conn: sqlite3.Connection,
    *,
    limit: int = 50,
    cursor: str | None = None,
    **filters: str | None,
) -> Page:
    """Return one page of interactions (v1 export records), oldest stored first."""
    where, params = interaction_where(**filters)
    total = int(conn.execute(f"SELECT count(*) FROM interactions {where}", params).fetchone()[0])
    page_where, page_params = where, list(params)
    if cursor:
        (last,) = decode_cursor(cursor, size=1)
        page_where += (" AND " if where else "WHERE ") + "rowid > ?"
        page_params.append(last)
    rows = conn.execute(
        f"SELECT rowid, id, data FROM interactions {page_where} ORDER BY rowid LIMIT ?",
        [*page_params, limit + 1],
    ).fetchall()
    cache: dict[str, Incident | None] = {}
    items = []
    for _, interaction_id, data in rows[:limit]:
        interaction = Interaction.model_validate_json(data)
        incident = None
        if interaction.incident_id:
            if interaction.incident_id not in cache:
                try:
                    cache[interaction.incident_id] = load_incident(conn, interaction.incident_id)
                except UnknownIncident:
                    cache[interaction.incident_id] = None
            incident = cache[interaction.incident_id]
        items.append(interaction_row(interaction_id, interaction, incident))
    next_cursor = encode_cursor([rows[limit - 1][0]]) if len(rows) > limit else None
    return Page(items=items, total=total, next_cursor=next_cursor)


def actors(
    conn: sqlite3.Connection, *, q: str | None = None, limit: int = 50
) -> list[dict[str, Any]]:
    """Return actors that speak or act in interactions, most active first."""
    where, params = "", []
    if q:
        where, params = "WHERE actor LIKE ? ESCAPE '\\'", [f"%{_like_escape(q)}%"]
    rows = conn.execute(
        f"SELECT actor, max(actor_country), count(*), count(DISTINCT incident_id),"
        f" group_concat(DISTINCT verb) FROM interactions {where}"
        f" GROUP BY actor ORDER BY count(*) DESC, actor LIMIT ?",
        [*params, limit],
    ).fetchall()
    return [
        {"name": name, "country": country, "interactions": n, "incidents": incidents,
         "verbs": sorted((verbs or "").split(","))}
        for name, country, n, incidents, verbs in rows
    ]  # fmt: skip


def actor_detail(conn: sqlite3.Connection, name: str) -> dict[str, Any] | None:
    """Return one actor: its interactions, by verb, and incidents it is named perpetrator of."""
    summary = actors_exact(conn, name)
    perpetrated = conn.execute(
        "SELECT data FROM incidents WHERE perpetrators LIKE ? ESCAPE '\\'"
        " ORDER BY coalesce(date, '') DESC LIMIT 200",
        (f"%{_like_escape(name)}%",),
    ).fetchall()
    perp_rows = [
        r
        for r in (incident_row(Incident.model_validate_json(d)) for (d,) in perpetrated)
        if any(p["name"] == name for p in r["perpetrators"])
    ]
    if summary is None and not perp_rows:
        return None
    page = interaction_page(conn, actor=name, limit=MAX_LIMIT)
    return {
        "name": name,
        "country": summary["country"] if summary else None,
        "interactions_total": page.total,
        "by_verb": summary["by_verb"] if summary else {},
        "interactions": page.items,
        "perpetrator_of": perp_rows,
    }


def actors_exact(conn: sqlite3.Connection, name: str) -> dict[str, Any] | None:
    rows = conn.execute(
        "SELECT verb, count(*), max(actor_country) FROM interactions WHERE actor = ?"
        " GROUP BY verb ORDER BY count(*) DESC",
        (name,),
    ).fetchall()
    if not rows:
        return None
    return {
        "country": next((c for _, _, c in rows if c), None),
        "by_verb": {verb: n for verb, n, _ in rows},
    }


def article_page(
    conn: sqlite3.Connection, *, q: str | None = None, limit: int = 50, cursor: str | None = None
) -> Page:
    """Return one page of stored articles (no text), newest first."""
    terms, params = ["duplicate_of IS NULL"], []
    if q:
        terms.append("(title LIKE ? ESCAPE '\\' OR source LIKE ? ESCAPE '\\')")
        params += [f"%{_like_escape(q)}%"] * 2
    where = "WHERE " + " AND ".join(terms)
    total = int(conn.execute(f"SELECT count(*) FROM articles {where}", params).fetchone()[0])
    expr = "coalesce(published, '')"
    if cursor:
        key, last = decode_cursor(cursor, size=2)
        where += f" AND ({expr}, id) < (?, ?)"
        params += [key, last]
    rows = conn.execute(
        f"SELECT {expr}, id FROM articles {where} ORDER BY {expr} DESC, id DESC LIMIT ?",
        [*params, limit + 1],
    ).fetchall()
    items = []
    for _, article_id in rows[:limit]:
        article = load_article(conn, article_id)
        if article is not None:
            items.append(article_summary(article))
    next_cursor = encode_cursor(list(rows[limit - 1])) if len(rows) > limit else None
    return Page(items=items, total=total, next_cursor=next_cursor)


def article_detail(conn: sqlite3.Connection, article_id: str) -> dict[str, Any] | None:
    article = load_article(conn, article_id)
    if article is None:
        return None
    incidents = [
        r[0]
        for r in conn.execute(
            "SELECT incident_id FROM incident_articles WHERE article_id = ? ORDER BY incident_id",
            (article_id,),
        )
    ]
    return {**article_summary(article), "text": article.text, "incidents": incidents}
