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

    def where(self, conn: sqlite3.Connection) -> tuple[str, list[Any]]:
        """Return the WHERE clause (or "") and its parameters."""
        terms: list[str] = []
        params: list[Any] = []
        if self.since:
            terms.append("date >= ?")
            params.append(self.since)
        if self.until:
            # Compare on the prefix: "2024-03-15" is within until=2024-03, and "2024-03" (month
            # precision) within until=2024-03-15. Every character of an ISO date sorts before
            # DEL, so `date <= until + DEL` is that prefix test, and an index can serve it.
            terms.append("date <= ?")
            params.append(self.until + "\x7f")
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
        if self.bbox is not None:
            west, south, east, north = self.bbox
            spans = [(west, east)] if west <= east else [(west, 180.0), (-180.0, east)]
            if has_table(conn, "incidents_geo"):
                boxes = " UNION ALL ".join(
                    "SELECT id FROM incidents_geo WHERE lat0 >= ? AND lat1 <= ?"
                    " AND lon0 >= ? AND lon1 <= ?"
                    for _ in spans
                )
                terms.append(f"rowid IN ({boxes})")
                for w, e in spans:
                    params.extend([south, north, w, e])
            else:
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
                    terms.append(
                        "rowid IN (SELECT rowid FROM incidents_fts WHERE incidents_fts MATCH ?)"
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
    where, params = query.where(conn)
    total = _count(conn, query, where, params)
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
    return Page(items=items, total=total, next_cursor=next_cursor)


def _count(conn: sqlite3.Connection, query: Query, where: str, params: list[Any]) -> int:
    """Return how many incidents match; a lone text or box filter is counted on its index."""
    given = {k for k, v in vars(query).items() if v is not None and v != ""}
    if given == {"q"} and has_fts(conn) and _fts_query(query.q or ""):
        sql = "SELECT count(*) FROM incidents_fts WHERE incidents_fts MATCH ?"
        return int(conn.execute(sql, [_fts_query(query.q or "")]).fetchone()[0])
    if given == {"bbox"} and has_table(conn, "incidents_geo") and query.bbox is not None:
        # The box is the only term, so the subquery of the WHERE clause is the whole count.
        subquery = where.removeprefix("WHERE rowid IN (").removesuffix(")")
        return int(conn.execute(f"SELECT count(*) FROM ({subquery})", params).fetchone()[0])
    return int(conn.execute(f"SELECT count(*) FROM incidents {where}", params).fetchone()[0])


def incident_points(
    conn: sqlite3.Connection, query: Query, *, limit: int = 5000
) -> tuple[list[list[Any]], bool]:
    """Return map points [id, lat, lon, killed, type, date, place], deadliest first.

    The flag says whether these are all the located incidents that match (fewer than `limit`).
    """
    where, params = query.where(conn)
    located = (where + " AND " if where else "WHERE ") + "lat IS NOT NULL AND lon IS NOT NULL"
    # Keys first (an index gives them in order), then the columns of only those rows.
    keys = conn.execute(
        f"SELECT rowid FROM incidents {located} ORDER BY coalesce(killed, -1) DESC, id LIMIT ?",
        [*params, limit],
    ).fetchall()
    rowids = [r[0] for r in keys]
    rows: dict[int, list[Any]] = {}
    for start in range(0, len(rowids), 500):
        chunk = rowids[start : start + 500]
        for rowid, *values in conn.execute(
            "SELECT rowid, id, lat, lon, killed, coalesce(acled_type, gtd_type), date, place"
            f" FROM incidents WHERE rowid IN ({','.join('?' * len(chunk))})",
            chunk,
        ):
            rows[rowid] = values
    return [rows[r] for r in rowids if r in rows], len(rowids) < limit


def stats(conn: sqlite3.Connection, query: Query, *, by: str) -> list[dict[str, Any]]:
    """Return incidents, killed and injured per day/week/month/year/country/type."""
    if by not in GROUPS:
        raise BadOption(f"by must be one of {', '.join(GROUPS)}, not {by!r}.")
    expr = GROUPS[by]
    where, params = query.where(conn)
    order = "key" if by in {"day", "week", "month", "year"} else "incidents DESC, key"
    rows = conn.execute(
        f"SELECT {expr} AS key, count(*) AS incidents, coalesce(sum(killed), 0),"
        f" coalesce(sum(injured), 0) FROM incidents {where} GROUP BY key ORDER BY {order}",
        params,
    ).fetchall()
    return [
        {"key": key, "incidents": n, "killed": killed, "injured": injured}
        for key, n, killed, injured in rows
    ]


def facets(conn: sqlite3.Connection) -> dict[str, list[str]]:
    """Return the values the dashboard's filters offer: countries and types present."""
    countries = [
        r[0]
        for r in conn.execute(
            "SELECT DISTINCT country FROM incidents WHERE country IS NOT NULL ORDER BY country"
        )
    ]
    types: set[str] = set()
    for column in ("gtd_type", "acled_type", "acled_subtype"):
        types.update(
            r[0]
            for r in conn.execute(
                f"SELECT DISTINCT {column} FROM incidents WHERE {column} IS NOT NULL"
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
