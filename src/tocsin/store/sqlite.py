"""The embedded store: one SQLite file in WAL mode, migrations recorded in the file.

Records are kept as their JSON (the pydantic models round-trip exactly) next to the columns that
queries filter on. Articles are keyed on their id and indexed by content hash, so re-ingesting
the same input changes nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import TracebackType

from tocsin.errors import DatabaseCorrupt, DatabaseNotWritable, DatabaseTooNew, UnknownIncident
from tocsin.models import Article, Incident, Interaction, Mention
from tocsin.store.query import IncidentFilter

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
]
SCHEMA_VERSION = MIGRATIONS[-1][0]


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class SQLiteStore:
    """A tocsin database in one SQLite file. Use as a context manager, or call `close()`."""

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
                    "INSERT INTO schema_migrations VALUES (?, ?, ?)", (version, description, _now())
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

    # -- articles ----------------------------------------------------------------------------

    def has_article(self, article_id: str) -> bool:
        row = self.conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone()
        return row is not None

    def article_by_hash(self, content_hash: str) -> str | None:
        row = self.conn.execute(
            "SELECT id FROM articles WHERE content_hash = ? AND duplicate_of IS NULL LIMIT 1",
            (content_hash,),
        ).fetchone()
        return str(row[0]) if row else None

    def add_article(self, article: Article, *, duplicate_of: str | None = None) -> None:
        self.conn.execute(
            "INSERT INTO articles (id, content_hash, url, source, title, published, published_at,"
            " language, origin, duplicate_of, text, stored_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                article.id,
                article.content_hash,
                article.url,
                article.source,
                article.title,
                article.published.isoformat() if article.published else None,
                article.published_at.isoformat() if article.published_at else None,
                article.language,
                article.origin,
                duplicate_of,
                article.text,
                _now(),
            ),
        )

    def article(self, article_id: str) -> Article | None:
        row = self.conn.execute(
            "SELECT id, content_hash, url, source, title, published, published_at, language,"
            " origin, text FROM articles WHERE id = ?",
            (article_id,),
        ).fetchone()
        if row is None:
            return None
        return Article(
            id=row[0],
            content_hash=row[1],
            url=row[2],
            source=row[3],
            title=row[4],
            published=dt.date.fromisoformat(row[5]) if row[5] else None,
            published_at=dt.datetime.fromisoformat(row[6]) if row[6] else None,
            language=row[7],
            origin=row[8] or "",
            text=row[9],
        )

    def duplicate_of(self, article_id: str) -> str | None:
        row = self.conn.execute(
            "SELECT duplicate_of FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        return str(row[0]) if row and row[0] else None

    def add_signature(self, article_id: str, content_hash: str, signature: bytes) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO signatures VALUES (?, ?, ?)",
            (article_id, content_hash, signature),
        )

    def signatures(self) -> Iterator[tuple[str, str, bytes]]:
        for article_id, content_hash, blob in self.conn.execute(
            "SELECT article_id, content_hash, minhash FROM signatures ORDER BY rowid"
        ):
            yield str(article_id), str(content_hash), bytes(blob)

    def count(self, table: str) -> int:
        if table not in {"articles", "incidents", "interactions", "mentions"}:
            raise ValueError(table)
        return int(self.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])

    # -- mentions and incidents --------------------------------------------------------------

    def add_mention(self, mention: Mention, incident_id: str | None) -> None:
        self.conn.execute(
            "INSERT INTO mentions VALUES (?, ?, ?, ?)",
            (mention.article_id, mention.index, incident_id, mention.model_dump_json()),
        )

    def mentions_of(self, incident_id: str) -> list[Mention]:
        rows = self.conn.execute(
            "SELECT data FROM mentions WHERE incident_id = ? ORDER BY rowid", (incident_id,)
        )
        return [Mention.model_validate_json(data) for (data,) in rows]

    def save_incident(self, incident: Incident) -> None:
        """Insert or replace an incident; its `mentions` are stored in their own table."""
        place = incident.place
        record = incident.model_copy(update={"mentions": []})
        self.conn.execute(
            "INSERT OR REPLACE INTO incidents VALUES"
            " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                incident.id,
                incident.date.iso if incident.date else None,
                place.country if place else None,
                place.admin1 if place else None,
                (place.name or place.raw) if place else None,
                place.lat if place else None,
                place.lon if place else None,
                incident.gtd_type,
                incident.acled_type,
                incident.acled_subtype,
                incident.killed.value if incident.killed else None,
                incident.injured.value if incident.injured else None,
                incident.kidnapped.value if incident.kidnapped else None,
                " | ".join(p.name for p in incident.perpetrators),
                _now(),
                record.model_dump_json(),
            ),
        )
        self.conn.executemany(
            "INSERT OR IGNORE INTO incident_articles VALUES (?, ?)",
            [(incident.id, a) for a in incident.articles],
        )

    def incident(self, incident_id: str, *, with_mentions: bool = False) -> Incident:
        row = self.conn.execute(
            "SELECT data FROM incidents WHERE id = ?", (incident_id,)
        ).fetchone()
        if row is None:
            raise UnknownIncident(
                f"No incident {incident_id} in {self.path}; list them with `tocsin incidents`."
            )
        incident = Incident.model_validate_json(row[0])
        if with_mentions:
            incident.mentions = self.mentions_of(incident_id)
        return incident

    def incidents_near(self, *, start: str, end: str, country: str | None) -> list[Incident]:
        """Incidents dated between `start` and `end` (ISO), in `country` or of unknown country."""
        if country:
            rows = self.conn.execute(
                "SELECT data FROM incidents WHERE date BETWEEN ? AND ?"
                " AND (country = ? OR country IS NULL) ORDER BY id",
                (start, end, country),
            )
        else:
            rows = self.conn.execute(
                "SELECT data FROM incidents WHERE date BETWEEN ? AND ? ORDER BY id",
                (start, end),
            )
        return [Incident.model_validate_json(data) for (data,) in rows]

    def incidents_of_article(self, article_id: str) -> list[str]:
        rows = self.conn.execute(
            "SELECT incident_id FROM incident_articles WHERE article_id = ? ORDER BY incident_id",
            (article_id,),
        )
        return [str(r[0]) for r in rows]

    def incidents(self, where: IncidentFilter | None = None) -> Iterator[Incident]:
        clause, params = (where or IncidentFilter()).sql()
        rows = self.conn.execute(f"SELECT data FROM incidents {clause} ORDER BY date, id", params)
        for (data,) in rows:
            yield Incident.model_validate_json(data)

    # -- interactions ------------------------------------------------------------------------

    def add_interactions(self, rows: Iterable[tuple[str, Interaction]]) -> None:
        self.conn.executemany(
            "INSERT OR IGNORE INTO interactions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    interaction_id,
                    i.article_id,
                    i.incident_id,
                    i.verb,
                    i.plover,
                    i.cameo,
                    i.actor.name,
                    i.actor.country,
                    i.date.isoformat() if i.date else None,
                    i.model_dump_json(),
                )
                for interaction_id, i in rows
            ],
        )

    def interactions(self, *, incident_id: str | None = None) -> Iterator[tuple[str, Interaction]]:
        if incident_id is None:
            rows = self.conn.execute("SELECT id, data FROM interactions ORDER BY rowid")
        else:
            rows = self.conn.execute(
                "SELECT id, data FROM interactions WHERE incident_id = ? ORDER BY rowid",
                (incident_id,),
            )
        for interaction_id, data in rows:
            yield str(interaction_id), Interaction.model_validate_json(data)

    # -- runs --------------------------------------------------------------------------------

    def start_run(self) -> int:
        cur = self.conn.execute("INSERT INTO runs (started_at) VALUES (?)", (_now(),))
        return int(cur.lastrowid or 0)

    def finish_run(self, run_id: int, summary: dict[str, object]) -> None:
        self.conn.execute(
            "UPDATE runs SET finished_at = ?, summary = ? WHERE id = ?",
            (_now(), json.dumps(summary), run_id),
        )
