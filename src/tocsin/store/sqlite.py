"""The embedded store: one SQLite file in WAL mode, migrations recorded in the file.

Records are kept as their JSON (the pydantic models round-trip exactly) next to the columns that
queries filter on. Articles are keyed on their id and indexed by content hash, so re-ingesting
the same input changes nothing.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType

from tocsin.errors import DatabaseCorrupt, DatabaseNotWritable, DatabaseTooNew
from tocsin.store.records import RecordStore, now

# Each migration is (version, description, SQL). Append only: never edit a released one.
MIGRATIONS: list[tuple[int, str, str]] = [
    (
        1,
        "articles, mentions, incidents, interactions, signatures, runs",
        """
        CREATE TABLE articles (
            id TEXT PRIMARY KEY,
            content_hash TEXT NOT NULL,
            url TEXT, source TEXT, title TEXT,
            published TEXT, published_at TEXT, language TEXT, origin TEXT,
            duplicate_of TEXT,
            text TEXT NOT NULL,
            stored_at TEXT NOT NULL
        );
        CREATE INDEX articles_hash ON articles(content_hash);
        CREATE TABLE signatures (
            article_id TEXT PRIMARY KEY REFERENCES articles(id),
            content_hash TEXT NOT NULL,
            minhash BLOB NOT NULL
        );
        CREATE TABLE incidents (
            id TEXT PRIMARY KEY,
            date TEXT, country TEXT, admin1 TEXT, place TEXT,
            lat REAL, lon REAL,
            gtd_type TEXT, acled_type TEXT, acled_subtype TEXT,
            killed INTEGER, injured INTEGER, kidnapped INTEGER,
            perpetrators TEXT,
            updated_at TEXT NOT NULL,
            data TEXT NOT NULL
        );
        CREATE INDEX incidents_date ON incidents(date);
        CREATE INDEX incidents_country_date ON incidents(country, date);
        CREATE TABLE mentions (
            article_id TEXT NOT NULL REFERENCES articles(id),
            idx INTEGER NOT NULL,
            incident_id TEXT REFERENCES incidents(id),
            data TEXT NOT NULL,
            PRIMARY KEY (article_id, idx)
        );
        CREATE INDEX mentions_incident ON mentions(incident_id);
        CREATE TABLE incident_articles (
            incident_id TEXT NOT NULL REFERENCES incidents(id),
            article_id TEXT NOT NULL REFERENCES articles(id),
            PRIMARY KEY (incident_id, article_id)
        );
        CREATE INDEX incident_articles_article ON incident_articles(article_id);
        CREATE TABLE interactions (
            id TEXT PRIMARY KEY,
            article_id TEXT NOT NULL REFERENCES articles(id),
            incident_id TEXT,
            verb TEXT NOT NULL, plover TEXT, cameo TEXT,
            actor TEXT NOT NULL, actor_country TEXT,
            date TEXT,
            data TEXT NOT NULL
        );
        CREATE INDEX interactions_incident ON interactions(incident_id);
        CREATE INDEX interactions_article ON interactions(article_id);
        CREATE TABLE runs (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            summary TEXT
        );
        """,
    ),
    (
        2,
        "merging: day range and country of each mention (candidate search), incident aliases",
        """
        ALTER TABLE mentions ADD COLUMN day_start TEXT;
        ALTER TABLE mentions ADD COLUMN day_end TEXT;
        ALTER TABLE mentions ADD COLUMN country TEXT;
        UPDATE mentions SET
            country = json_extract(data, '$.place.country'),
            day_start = CASE json_extract(data, '$.date.precision')
                WHEN 'day' THEN json_extract(data, '$.date.iso')
                WHEN 'month' THEN json_extract(data, '$.date.iso') || '-01'
                ELSE date(json_extract(data, '$.published'), '-4 days') END,
            day_end = CASE json_extract(data, '$.date.precision')
                WHEN 'day' THEN json_extract(data, '$.date.iso')
                WHEN 'month'
                    THEN date(json_extract(data, '$.date.iso') || '-01', '+1 month', '-1 day')
                ELSE json_extract(data, '$.published') END;
        CREATE INDEX mentions_day_end ON mentions(day_end);
        CREATE TABLE incident_aliases (
            old_id TEXT PRIMARY KEY,
            new_id TEXT NOT NULL
        );
        """,
    ),
    (
        3,
        "watch: feed and file state, items seen per source, alerts sent",
        """
        CREATE TABLE watch_feeds (
            url TEXT PRIMARY KEY,
            etag TEXT, last_modified TEXT,
            last_checked REAL,
            failures INTEGER NOT NULL DEFAULT 0,
            next_try REAL,
            last_error TEXT
        );
        CREATE TABLE watch_seen (
            source TEXT NOT NULL,
            item TEXT NOT NULL,
            seen_at REAL NOT NULL,
            PRIMARY KEY (source, item)
        );
        CREATE TABLE watch_alerts (
            incident_id TEXT NOT NULL,
            rule TEXT NOT NULL,
            killed INTEGER, injured INTEGER,
            claims TEXT NOT NULL DEFAULT '[]',
            sends INTEGER NOT NULL DEFAULT 1,
            sent_at REAL,
            PRIMARY KEY (incident_id, rule)
        );
        """,
    ),
    (
        4,
        "watch: items seen are forgotten by age (index on seen_at)",
        """
        CREATE INDEX watch_seen_at ON watch_seen(seen_at)
        """,
    ),
    (
        5,
        "merging: mentions held back until the end of a run (pending), found again after a kill",
        """
        ALTER TABLE mentions ADD COLUMN pending INTEGER NOT NULL DEFAULT 0;
        CREATE INDEX mentions_pending ON mentions(article_id, idx) WHERE pending = 1
        """,
    ),
    (
        6,
        "merging: short articles without a mention, to be settled as references",
        """
        CREATE TABLE pending_references (article_id TEXT PRIMARY KEY)
        """,
    ),
]
SCHEMA_VERSION = MIGRATIONS[-1][0]

# Indexes for the HTTP API's filters and sorts (`ensure_search_index`).
API_INDEXES: tuple[str, ...] = (
    "CREATE INDEX IF NOT EXISTS incidents_sort_date ON incidents(coalesce(date, ''), id)",
    "CREATE INDEX IF NOT EXISTS incidents_sort_killed ON incidents(coalesce(killed, -1), id)",
    "CREATE INDEX IF NOT EXISTS"
    " incidents_country_sort ON incidents(country, coalesce(date, ''), id)",
    "CREATE INDEX IF NOT EXISTS incidents_gtd_type ON incidents(gtd_type, coalesce(date, ''), id)",
    "CREATE INDEX IF NOT EXISTS"
    " incidents_acled_type ON incidents(acled_type, coalesce(date, ''), id)",
    "CREATE INDEX IF NOT EXISTS"
    " incidents_acled_subtype ON incidents(acled_subtype, coalesce(date, ''), id)",
    # Map points: located incidents, deadliest first, overall and per country; they hold every
    # column a point shows, so the API reads no table row for them.
    "DROP INDEX IF EXISTS incidents_points",
    "DROP INDEX IF EXISTS incidents_points_country",
    "CREATE INDEX IF NOT EXISTS incidents_map ON incidents(coalesce(killed, -1) DESC, id,"
    " lat, lon, killed, acled_type, gtd_type, date, place)"
    " WHERE lat IS NOT NULL AND lon IS NOT NULL",
    "CREATE INDEX IF NOT EXISTS incidents_map_country ON incidents(country,"
    " coalesce(killed, -1) DESC, id, lat, lon, killed, acled_type, gtd_type, date, place)"
    " WHERE lat IS NOT NULL AND lon IS NOT NULL",
    # Covering indexes for counts and stats by country and by date.
    "CREATE INDEX IF NOT EXISTS"
    " incidents_stats_country ON incidents(country, date, killed, injured)",
    "CREATE INDEX IF NOT EXISTS incidents_stats_date ON incidents(date, country, killed, injured)",
    "CREATE INDEX IF NOT EXISTS incidents_killed ON incidents(killed)",
    "CREATE INDEX IF NOT EXISTS interactions_actor ON interactions(actor)",
    "CREATE INDEX IF NOT EXISTS interactions_verb ON interactions(verb)",
    "CREATE INDEX IF NOT EXISTS interactions_plover ON interactions(plover)",
    "CREATE INDEX IF NOT EXISTS interactions_cameo ON interactions(cameo)",
    "CREATE INDEX IF NOT EXISTS articles_published ON articles(coalesce(published, ''), id)",
)


class SQLiteStore(RecordStore):
    """A tocsin database in one SQLite file. Use as a context manager, or call `close()`."""

    SEQ = "rowid"
    INCIDENT_ORDER = "date, id"  # SQLite sorts NULL first by itself
    # "+" keeps SQLite from sorting through the primary key instead of using mentions_day_end.
    NEAR_ORDER = "+article_id, +idx"
    # REPLACE (delete, then insert) is what the API's summary-table triggers expect.
    SAVE_INCIDENT = (
        "INSERT OR REPLACE INTO incidents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    )
    # REPLACE gives a replaced signature a new rowid: it moves last, as PostgreSQL's seq does.
    SAVE_SIGNATURE = "INSERT OR REPLACE INTO signatures VALUES (?, ?, ?)"

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self.conn = self._connect(self.path)
        self._migrate()

    # -- lifecycle -------------------------------------------------------------------------

    @staticmethod
    def _connect(path: str) -> sqlite3.Connection:
        if path != ":memory:":
            parent = Path(path).resolve().parent
            if not parent.is_dir():
                raise DatabaseNotWritable(
                    f"Cannot create the database {path}: folder {parent} does not exist."
                )
        try:
            conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute("PRAGMA busy_timeout=30000")
        except sqlite3.DatabaseError as exc:
            if "not a database" in str(exc) or "malformed" in str(exc):
                raise DatabaseCorrupt(
                    f"{path} is not a tocsin database (SQLite says: {exc})."
                ) from exc
            raise DatabaseNotWritable(
                f"Cannot open the database {path} for writing ({exc}); choose another --db path."
            ) from exc
        return conn

    def _migrate(self) -> None:
        try:
            self.conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations ("
                "version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)"
            )
        except sqlite3.OperationalError as exc:
            raise DatabaseNotWritable(
                f"Cannot write to the database {self.path} ({exc}); choose another --db path."
            ) from exc
        except sqlite3.DatabaseError as exc:
            raise DatabaseCorrupt(f"{self.path} is not a tocsin database ({exc}).") from exc
        applied = {v for (v,) in self.conn.execute("SELECT version FROM schema_migrations")}
        newest = max(applied, default=0)
        if newest > SCHEMA_VERSION:
            raise DatabaseTooNew(
                f"The database {self.path} has schema version {newest}, newer than this tocsin "
                f"understands ({SCHEMA_VERSION}); upgrade tocsin to use it."
            )
        for version, description, sql in MIGRATIONS:
            if version in applied:
                continue
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                for statement in sql.split(";"):
                    if statement.strip():
                        self.conn.execute(statement)
                self.conn.execute(
                    "INSERT INTO schema_migrations VALUES (?, ?, ?)", (version, description, now())
                )
                self.conn.execute("COMMIT")
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise

    @property
    def schema_version(self) -> int:
        row = self.conn.execute("SELECT max(version) FROM schema_migrations").fetchone()
        return int(row[0] or 0)

    def close(self) -> None:
        if self.conn.in_transaction:
            self.conn.execute("COMMIT")
        self.conn.close()

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc_type is not None and self.conn.in_transaction:
            self.conn.execute("ROLLBACK")
        self.close()

    # -- transactions ------------------------------------------------------------------------

    def begin(self) -> None:
        if not self.conn.in_transaction:
            self.conn.execute("BEGIN IMMEDIATE")

    def commit(self) -> None:
        if self.conn.in_transaction:
            self.conn.execute("COMMIT")

    def rollback(self) -> None:
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        if self.conn.in_transaction:
            yield
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def _execute(self, sql: str, params: Sequence[object] = ()) -> sqlite3.Cursor:
        return self.conn.execute(sql, params)

    def _executemany(self, sql: str, rows: Sequence[Sequence[object]]) -> None:
        self.conn.executemany(sql, rows)

    # -- search index (for the HTTP API) --------------------------------------------------------

    def ensure_search_index(self) -> bool:
        """Create (once) the API's indexes, the full-text index over incidents and its triggers.

        Returns True when the full-text index exists afterwards. Kept out of MIGRATIONS because
        triggers hold `;` inside their bodies, which the migration runner splits on, and because
        only a served database needs them; every statement here is idempotent, so calling it on
        each `tocsin serve` start is cheap.
        """
        try:
            for statement in API_INDEXES:
                self.conn.execute(statement)
        except sqlite3.OperationalError:
            return False  # a read-only file: the API still answers, more slowly
        self._ensure_stats_tables()
        exists = self.conn.execute(
            "SELECT 1 FROM sqlite_master WHERE name = 'incidents_fts'"
        ).fetchone()
        if exists:
            self._ensure_geo_index()
            return True
        body = (
            "coalesce({t}.place, '') || ' ' || coalesce({t}.admin1, '') || ' ' ||"
            " coalesce({t}.country, '') || ' ' || coalesce({t}.perpetrators, '') || ' ' ||"
            " coalesce({t}.gtd_type, '') || ' ' || coalesce({t}.acled_type, '') || ' ' ||"
            " coalesce({t}.acled_subtype, '')"
        )
        new_body = body.format(t="new")
        try:
            self.conn.executescript(
                f"""
                BEGIN IMMEDIATE;
                CREATE VIRTUAL TABLE incidents_fts USING fts5(body, tokenize='unicode61');
                INSERT INTO incidents_fts(rowid, body)
                    SELECT rowid, {body.format(t="incidents")} FROM incidents;
                CREATE TRIGGER incidents_fts_before_insert BEFORE INSERT ON incidents BEGIN
                    DELETE FROM incidents_fts
                    WHERE rowid = (SELECT rowid FROM incidents WHERE id = new.id);
                END;
                CREATE TRIGGER incidents_fts_after_insert AFTER INSERT ON incidents BEGIN
                    INSERT INTO incidents_fts(rowid, body) VALUES (new.rowid, {new_body});
                END;
                CREATE TRIGGER incidents_fts_after_delete AFTER DELETE ON incidents BEGIN
                    DELETE FROM incidents_fts WHERE rowid = old.rowid;
                END;
                CREATE TRIGGER incidents_fts_after_update AFTER UPDATE ON incidents BEGIN
                    DELETE FROM incidents_fts WHERE rowid = old.rowid;
                    INSERT INTO incidents_fts(rowid, body) VALUES (new.rowid, {new_body});
                END;
                COMMIT;
                """
            )
        except sqlite3.OperationalError:
            # No FTS5 in this SQLite build, or a read-only file: the API falls back to LIKE.
            self.rollback()
            return False
        self._ensure_geo_index()
        return True

    def _ensure_geo_index(self) -> None:
        """Create (once) the R*Tree over incident coordinates that bounding-box queries use."""
        if self.conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'incidents_geo'").fetchone():
            return
        located = "new.lat IS NOT NULL AND new.lon IS NOT NULL"
        try:
            self.conn.executescript(
                f"""
                BEGIN IMMEDIATE;
                CREATE VIRTUAL TABLE incidents_geo USING rtree(id, lat0, lat1, lon0, lon1);
                INSERT INTO incidents_geo SELECT rowid, lat, lat, lon, lon FROM incidents
                    WHERE lat IS NOT NULL AND lon IS NOT NULL;
                CREATE TRIGGER incidents_geo_before_insert BEFORE INSERT ON incidents BEGIN
                    DELETE FROM incidents_geo
                    WHERE id = (SELECT rowid FROM incidents WHERE id = new.id);
                END;
                CREATE TRIGGER incidents_geo_after_insert AFTER INSERT ON incidents
                WHEN {located} BEGIN
                    INSERT INTO incidents_geo
                    VALUES (new.rowid, new.lat, new.lat, new.lon, new.lon);
                END;
                CREATE TRIGGER incidents_geo_after_delete AFTER DELETE ON incidents BEGIN
                    DELETE FROM incidents_geo WHERE id = old.rowid;
                END;
                CREATE TRIGGER incidents_geo_after_update AFTER UPDATE ON incidents BEGIN
                    DELETE FROM incidents_geo WHERE id = old.rowid;
                    INSERT INTO incidents_geo SELECT new.rowid, new.lat, new.lat, new.lon, new.lon
                        WHERE {located};
                END;
                COMMIT;
                """
            )
        except sqlite3.OperationalError:
            # No R*Tree module in this SQLite build: bounding boxes fall back to lat/lon ranges.
            self.rollback()

    def _ensure_stats_tables(self) -> None:
        """Create (once) the API's summary tables, filled from incidents, and their triggers.

        `incident_stats_day` holds incidents, killed and injured per (date, country);
        `incident_stats_month` per (month, country, gtd_type, acled_type, acled_subtype), where
        month is substr(date, 1, 7). Totals and stats read them instead of millions of rows
        (tocsin.serve.queries). Triggers keep them exact on every write to incidents: the
        INSERT OR REPLACE of `save_incident` (the replaced row is taken out before the insert,
        since REPLACE fires no delete trigger), the DELETE of `replace_incidents`, any UPDATE.
        Rows whose n falls to 0 stay; readers skip them. Created in one transaction with the
        triggers, so the tables exist only when they are complete.
        """
        if self.conn.execute(
            "SELECT 1 FROM sqlite_master WHERE name = 'incident_stats_month'"
        ).fetchone():
            return
        tables = {
            "incident_stats_day": ("date", "country"),
            "incident_stats_month": ("month", "country", "gtd_type", "acled_type", "acled_subtype"),
        }

        def key(column: str, row: str) -> str:
            return f"substr({row}.date, 1, 7)" if column == "month" else f"{row}.{column}"

        def add(table: str, row: str) -> str:
            keys = tables[table]
            match = " AND ".join(f"{c} IS {key(c, row)}" for c in keys)
            return f"""
                INSERT INTO {table} ({", ".join(keys)}, n, killed, injured)
                    SELECT {", ".join(key(c, row) for c in keys)}, 0, 0, 0
                    WHERE NOT EXISTS (SELECT 1 FROM {table} WHERE {match});
                UPDATE {table} SET n = n + 1, killed = killed + coalesce({row}.killed, 0),
                    injured = injured + coalesce({row}.injured, 0) WHERE {match};"""

        def remove(table: str, row: str) -> str:
            match = " AND ".join(f"{c} IS {key(c, row)}" for c in tables[table])
            return f"""
                UPDATE {table} SET n = n - 1, killed = killed - coalesce({row}.killed, 0),
                    injured = injured - coalesce({row}.injured, 0) WHERE {match};"""

        def replaced(table: str) -> str:
            # The row an INSERT OR REPLACE is about to overwrite, if any.
            match = " AND ".join(f"{table}.{c} IS {key(c, 'o')}" for c in tables[table])
            return f"""
                UPDATE {table} SET n = {table}.n - 1,
                    killed = {table}.killed - coalesce(o.killed, 0),
                    injured = {table}.injured - coalesce(o.injured, 0)
                    FROM (SELECT date, country, gtd_type, acled_type, acled_subtype, killed,
                          injured FROM incidents WHERE id = new.id) AS o
                    WHERE {match};"""

        names = list(tables)
        try:
            self.conn.executescript(
                f"""
                BEGIN IMMEDIATE;
                CREATE TABLE incident_stats_day (
                    date TEXT, country TEXT,
                    n INTEGER NOT NULL, killed INTEGER NOT NULL, injured INTEGER NOT NULL
                );
                CREATE INDEX incident_stats_day_date
                    ON incident_stats_day(date, country, n, killed, injured);
                CREATE INDEX incident_stats_day_country
                    ON incident_stats_day(country, date, n, killed, injured);
                INSERT INTO incident_stats_day
                    SELECT date, country, count(*), coalesce(sum(killed), 0),
                        coalesce(sum(injured), 0)
                    FROM incidents GROUP BY date, country;
                CREATE TABLE incident_stats_month (
                    month TEXT, country TEXT, gtd_type TEXT, acled_type TEXT, acled_subtype TEXT,
                    n INTEGER NOT NULL, killed INTEGER NOT NULL, injured INTEGER NOT NULL
                );
                CREATE INDEX incident_stats_month_key ON incident_stats_month(
                    country, month, gtd_type, acled_type, acled_subtype);
                INSERT INTO incident_stats_month
                    SELECT substr(date, 1, 7) AS m, country, gtd_type, acled_type, acled_subtype,
                        count(*), coalesce(sum(killed), 0), coalesce(sum(injured), 0)
                    FROM incidents GROUP BY m, country, gtd_type, acled_type, acled_subtype;
                CREATE TRIGGER incident_stats_before_insert BEFORE INSERT ON incidents BEGIN
                    {"".join(replaced(t) for t in names)}
                END;
                CREATE TRIGGER incident_stats_after_insert AFTER INSERT ON incidents BEGIN
                    {"".join(add(t, "new") for t in names)}
                END;
                CREATE TRIGGER incident_stats_after_delete AFTER DELETE ON incidents BEGIN
                    {"".join(remove(t, "old") for t in names)}
                END;
                CREATE TRIGGER incident_stats_after_update AFTER UPDATE ON incidents BEGIN
                    {"".join(remove(t, "old") for t in names)}
                    {"".join(add(t, "new") for t in names)}
                END;
                COMMIT;
                """
            )
        except sqlite3.OperationalError:
            # A read-only file: totals and stats are computed from incidents, more slowly.
            self.rollback()

