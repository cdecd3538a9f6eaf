"""Reading and writing tocsin's records in SQL: what SQLite and PostgreSQL stores share.

`RecordStore` holds every method whose SQL both dialects accept (written with `?`
placeholders; a backend's `_execute` adapts them) and the conversions between rows and
records. A backend supplies the connection, its transactions and the statements that really
differ: how an incident row is replaced, how signatures keep their order, and which column
orders rows by insertion (`rowid` in SQLite, an identity `seq` column in PostgreSQL).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from typing import Any, ClassVar

from tocsin.errors import UnknownIncident
from tocsin.models import Article, FeedState, Incident, Interaction, Mention, SentAlert
from tocsin.store.query import IncidentFilter, plus_days

# SQLite allows at most 999 parameters in one statement in old builds; stay well below.
_CHUNK = 500


def now() -> str:
    """Return the current UTC time as stored in the `*_at` columns."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _article(row: Sequence[Any]) -> Article:
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


def incident_row(incident: Incident) -> tuple[object, ...]:
    """Return the 16 values of an incident's row, in the column order of `incidents`."""
    place = incident.place
    record = incident.model_copy(update={"mentions": []})
    return (
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
        now(),
        record.model_dump_json(),
    )


class RecordStore:
    """The dialect-independent half of a store; see the module docstring."""

    path: str
    # The column that orders rows of mentions, interactions and signatures by insertion.
    SEQ: ClassVar[str]
    # How `incidents()` orders: undated incidents first, then by date and id.
    INCIDENT_ORDER: ClassVar[str]
    # ORDER BY of `mentions_near` (SQLite needs a hint to keep its day index).
    NEAR_ORDER: ClassVar[str]
    # INSERT of one incident row (16 values), replacing a stored one with the same id.
    SAVE_INCIDENT: ClassVar[str]
    # INSERT of a signature (article_id, content_hash, minhash); a replaced one moves last.
    SAVE_SIGNATURE: ClassVar[str]

    # -- what a backend provides -------------------------------------------------------------

    def _execute(self, sql: str, params: Sequence[object] = ()) -> Any:
        """Run one statement written with `?` placeholders; return its cursor."""
        raise NotImplementedError

    def _executemany(self, sql: str, rows: Sequence[Sequence[object]]) -> None:
        raise NotImplementedError

    def _transaction(self) -> AbstractContextManager[None]:
        """Run a block atomically: inside the caller's transaction, or in one of its own."""
        raise NotImplementedError

    # -- articles ----------------------------------------------------------------------------

    def has_article(self, article_id: str) -> bool:
        row = self._execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone()
        return row is not None

    def add_article(self, article: Article, *, duplicate_of: str | None = None) -> None:
        self._execute(
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
                now(),
            ),
        )

    def article(self, article_id: str) -> Article | None:
        row = self._execute(
            "SELECT id, content_hash, url, source, title, published, published_at, language,"
            " origin, text FROM articles WHERE id = ?",
            (article_id,),
        ).fetchone()
        return None if row is None else _article(row)

    def articles_of_incident(self, incident_id: str) -> list[Article]:
        """Return the stored articles behind an incident, oldest first."""
        rows = self._execute(
            "SELECT a.id, a.content_hash, a.url, a.source, a.title, a.published,"
            " a.published_at, a.language, a.origin, a.text FROM incident_articles l"
            " JOIN articles a ON a.id = l.article_id WHERE l.incident_id = ?",
            (incident_id,),
        ).fetchall()
        return sorted(
            (_article(row) for row in rows),
            key=lambda a: (
                a.published or dt.date.min,
                a.published_at.isoformat() if a.published_at else "",
                a.id,
            ),
        )

    def add_signature(self, article_id: str, content_hash: str, signature: bytes) -> None:
        self._execute(self.SAVE_SIGNATURE, (article_id, content_hash, signature))

    def signatures(self) -> Iterator[tuple[str, str, bytes]]:
        for article_id, content_hash, blob in self._execute(
            f"SELECT article_id, content_hash, minhash FROM signatures ORDER BY {self.SEQ}"
        ).fetchall():
            yield str(article_id), str(content_hash), bytes(blob)

    def count(self, table: str) -> int:
        if table not in {"articles", "incidents", "interactions", "mentions"}:
            raise ValueError(table)
        row = self._execute(f"SELECT count(*) FROM {table}").fetchone()
        return int(row[0]) if row else 0

    # -- mentions and incidents --------------------------------------------------------------

    def add_mention(
        self, mention: Mention, incident_id: str | None, *, pending: bool = False
    ) -> None:
        """Store a mention, of `incident_id` or of none; a `pending` one waits for
        `pending_mentions` (merging settles it at the end of the run that held it back)."""
        from tocsin.resolve.merge import day_range

        days = day_range(mention)
        self._execute(
            "INSERT INTO mentions (article_id, idx, incident_id, data, day_start, day_end,"
            " country, pending) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                mention.article_id,
                mention.index,
                incident_id,
                mention.model_dump_json(),
                days[0].isoformat() if days else None,
                days[1].isoformat() if days else None,
                mention.place.country if mention.place else None,
                int(pending),
            ),
        )

    def pending_mentions(self) -> list[Mention]:
        """Return the mentions stored as pending, by article id and index."""
        rows = self._execute(
            "SELECT data FROM mentions WHERE pending = 1 ORDER BY article_id, idx"
        ).fetchall()
        return [Mention.model_validate_json(data) for (data,) in rows]

    def drop_mention(self, article_id: str, index: int) -> None:
        """Delete one stored mention (a pending one, before it is stored again, settled)."""
        self._execute("DELETE FROM mentions WHERE article_id = ? AND idx = ?", (article_id, index))

    def mentions_near(
        self, *, start: str, end: str, country: str | None
    ) -> list[tuple[str, Mention]]:
        """Return (incident id, mention) of merged mentions whose day range meets [start, end].

        Only mentions in `country` or of unknown country, when `country` is given.
        """
        sql = (
            "SELECT incident_id, data FROM mentions WHERE incident_id IS NOT NULL"
            " AND day_end >= ? AND day_end <= ? AND day_start <= ?"
        )
        # No mention spans more than a year (year precision), so day_end <= end + 366 days holds
        # for every match; the bound turns the scan of the day_end index into a short range.
        params: tuple[str, ...] = (start, plus_days(end, 366), end)
        if country:
            sql += " AND (country = ? OR country IS NULL)"
            params += (country,)
        rows = self._execute(f"{sql} ORDER BY {self.NEAR_ORDER}", params).fetchall()
        return [(str(i), Mention.model_validate_json(data)) for i, data in rows]

    def replace_incidents(self, old_ids: Iterable[str], new_id: str) -> None:
        """Fold incidents `old_ids` into the stored incident `new_id` and remember the renames.

        Their mentions, article links and interactions move to `new_id`; the old ids stay
        resolvable through `resolve_incident_id`.
        """
        with self._transaction():
            for old in old_ids:
                if old == new_id:
                    continue
                self._execute(
                    "UPDATE mentions SET incident_id = ? WHERE incident_id = ?", (new_id, old)
                )
                moved = self._execute(
                    "SELECT id, data FROM interactions WHERE incident_id = ?", (old,)
                ).fetchall()
                self.link_interactions(
                    [(i, Interaction.model_validate_json(data)) for i, data in moved], new_id
                )
                self._execute("DELETE FROM incident_articles WHERE incident_id = ?", (old,))
                self._execute("DELETE FROM incidents WHERE id = ?", (old,))
                self._execute(
                    "UPDATE incident_aliases SET new_id = ? WHERE new_id = ?", (new_id, old)
                )
                self._execute(
                    "INSERT INTO incident_aliases (old_id, new_id) VALUES (?, ?)"
                    " ON CONFLICT (old_id) DO UPDATE SET new_id = excluded.new_id",
                    (old, new_id),
                )
            self._execute("DELETE FROM incident_aliases WHERE old_id = ?", (new_id,))

    def resolve_incident_id(self, incident_id: str) -> str:
        """Return the current id of an incident, following renames made by merging."""
        row = self._execute(
            "SELECT new_id FROM incident_aliases WHERE old_id = ?", (incident_id,)
        ).fetchone()
        return str(row[0]) if row else incident_id

    def incident_of_mention(self, article_id: str, index: int) -> str | None:
        row = self._execute(
            "SELECT incident_id FROM mentions WHERE article_id = ? AND idx = ?", (article_id, index)
        ).fetchone()
        return str(row[0]) if row and row[0] else None

    def mentions_of(self, incident_id: str) -> list[Mention]:
        rows = self._execute(
            f"SELECT data FROM mentions WHERE incident_id = ? ORDER BY {self.SEQ}", (incident_id,)
        ).fetchall()
        return [Mention.model_validate_json(data) for (data,) in rows]

    def save_incident(self, incident: Incident) -> None:
        """Insert or replace an incident; its `mentions` are stored in their own table."""
        with self._transaction():
            self._execute(self.SAVE_INCIDENT, incident_row(incident))
            self._executemany(
                "INSERT INTO incident_articles (incident_id, article_id) VALUES (?, ?)"
                " ON CONFLICT DO NOTHING",
                [(incident.id, a) for a in incident.articles],
            )

    def add_pending_reference(self, article_id: str) -> None:
        """Note an article to be settled as a reference at the end of the run (see merge)."""
        self._execute(
            "INSERT INTO pending_references (article_id) VALUES (?) ON CONFLICT DO NOTHING",
            (article_id,),
        )

    def pending_references(self) -> list[str]:
        rows = self._execute("SELECT article_id FROM pending_references ORDER BY article_id")
        return [str(r[0]) for r in rows.fetchall()]

    def drop_pending_references(self, article_ids: Iterable[str]) -> None:
        self._executemany(
            "DELETE FROM pending_references WHERE article_id = ?", [(a,) for a in article_ids]
        )

    def incident(self, incident_id: str, *, with_mentions: bool = False) -> Incident:
        row = self._execute("SELECT data FROM incidents WHERE id = ?", (incident_id,)).fetchone()
        if row is None:
            current = self.resolve_incident_id(incident_id)
            if current != incident_id:
                # Merging renamed it (see tocsin.resolve.merge): follow the rename.
                return self.incident(current, with_mentions=with_mentions)
            raise UnknownIncident(
                f"No incident {incident_id} in {self.path}; list them with `tocsin incidents`."
            )
        incident = Incident.model_validate_json(row[0])
        if with_mentions:
            incident.mentions = self.mentions_of(incident_id)
        return incident

    def incidents_of_article(self, article_id: str) -> list[str]:
        rows = self._execute(
            "SELECT incident_id FROM incident_articles WHERE article_id = ? ORDER BY incident_id",
            (article_id,),
        ).fetchall()
        return [str(r[0]) for r in rows]

    def incidents(self, where: IncidentFilter | None = None) -> Iterator[Incident]:
        clause, params = (where or IncidentFilter()).sql()
        rows = self._execute(
            f"SELECT data FROM incidents {clause} ORDER BY {self.INCIDENT_ORDER}", params
        )
        for (data,) in rows:
            yield Incident.model_validate_json(data)

    # -- interactions ------------------------------------------------------------------------

    def add_interactions(self, rows: Iterable[tuple[str, Interaction]]) -> None:
        self._executemany(
            "INSERT INTO interactions (id, article_id, incident_id, verb, plover, cameo, actor,"
            " actor_country, date, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (id) DO NOTHING",
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

    def unlinked_interactions(self, article_id: str) -> list[tuple[str, Interaction]]:
        """Return (id, interaction) of an article's interactions linked to no incident."""
        rows = self._execute(
            "SELECT id, data FROM interactions WHERE article_id = ? AND incident_id IS NULL"
            f" ORDER BY {self.SEQ}",
            (article_id,),
        ).fetchall()
        return [(str(i), Interaction.model_validate_json(data)) for i, data in rows]

    def link_interactions(self, rows: Iterable[tuple[str, Interaction]], incident_id: str) -> None:
        """Link stored interactions (by id) to `incident_id`, in their column and record."""
        for interaction_id, record in rows:
            self._execute(
                "UPDATE interactions SET incident_id = ?, data = ? WHERE id = ?",
                (
                    incident_id,
                    record.model_copy(update={"incident_id": incident_id}).model_dump_json(),
                    interaction_id,
                ),
            )

    def interactions(self, *, incident_id: str | None = None) -> Iterator[tuple[str, Interaction]]:
        if incident_id is None:
            rows = self._execute(f"SELECT id, data FROM interactions ORDER BY {self.SEQ}")
        else:
            rows = self._execute(
                f"SELECT id, data FROM interactions WHERE incident_id = ? ORDER BY {self.SEQ}",
                (incident_id,),
            )
        for interaction_id, data in rows.fetchall():
            yield str(interaction_id), Interaction.model_validate_json(data)

    # -- runs --------------------------------------------------------------------------------

    def start_run(self) -> int:
        row = self._execute(
            "INSERT INTO runs (started_at) VALUES (?) RETURNING id", (now(),)
        ).fetchone()
        return int(row[0]) if row else 0

    def finish_run(self, run_id: int, summary: dict[str, object]) -> None:
        self._execute(
            "UPDATE runs SET finished_at = ?, summary = ? WHERE id = ?",
            (now(), json.dumps(summary), run_id),
        )

    # -- watch: feed state, items seen, alerts sent (tocsin.watch) ---------------------------

    def feed_state(self, url: str) -> FeedState | None:
        """Return what `tocsin watch` remembers of a feed URL or file path, or None."""
        row = self._execute(
            "SELECT url, etag, last_modified, last_checked, failures, next_try, last_error"
            " FROM watch_feeds WHERE url = ?",
            (url,),
        ).fetchone()
        if row is None:
            return None
        return FeedState(
            url=row[0],
            etag=row[1],
            last_modified=row[2],
            last_checked=row[3],
            failures=row[4],
            next_try=row[5],
            last_error=row[6],
        )

    def save_feed_state(self, state: FeedState) -> None:
        self._execute(
            "INSERT INTO watch_feeds (url, etag, last_modified, last_checked, failures, next_try,"
            " last_error) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (url) DO UPDATE SET"
            " etag = excluded.etag, last_modified = excluded.last_modified,"
            " last_checked = excluded.last_checked, failures = excluded.failures,"
            " next_try = excluded.next_try, last_error = excluded.last_error",
            (
                state.url,
                state.etag,
                state.last_modified,
                state.last_checked,
                state.failures,
                state.next_try,
                state.last_error,
            ),
        )

    def seen_items(self, source: str, items: Iterable[str]) -> set[str]:
        """Return those of `items` that `mark_seen` recorded for `source`."""
        found: set[str] = set()
        keys = list(items)
        for i in range(0, len(keys), _CHUNK):
            chunk = keys[i : i + _CHUNK]
            rows = self._execute(
                "SELECT item FROM watch_seen WHERE source = ? AND item IN"
                f" ({', '.join('?' * len(chunk))})",
                (source, *chunk),
            ).fetchall()
            found.update(str(r[0]) for r in rows)
        return found

    def mark_seen(self, source: str, items: Iterable[str], *, at: float) -> None:
        self._executemany(
            "INSERT INTO watch_seen (source, item, seen_at) VALUES (?, ?, ?)"
            " ON CONFLICT DO NOTHING",
            [(source, item, at) for item in items],
        )

    def forget_seen(self, before: float) -> int:
        """Forget the items `mark_seen` recorded before `before` (epoch seconds); return how many.

        Feeds only list recent items, and an item seen again after that is an article already
        stored, which the pipeline skips by its id: forgetting only bounds the table.
        """
        return int(self._execute("DELETE FROM watch_seen WHERE seen_at < ?", (before,)).rowcount)

    def last_alert(self, incident_id: str, rule: str) -> SentAlert | None:
        """Return the last alert sent for an incident and rule (or for one merged into it)."""
        row = self._execute(
            "SELECT incident_id, rule, killed, injured, claims, sends, sent_at FROM watch_alerts"
            " WHERE rule = ? AND (incident_id = ? OR incident_id IN"
            " (SELECT old_id FROM incident_aliases WHERE new_id = ?))"
            " ORDER BY sent_at DESC NULLS LAST LIMIT 1",
            (rule, incident_id, incident_id),
        ).fetchone()
        if row is None:
            return None
        return SentAlert(
            incident_id=row[0],
            rule=row[1],
            killed=row[2],
            injured=row[3],
            claims=json.loads(row[4]),
            sends=row[5],
            sent_at=row[6],
        )

    def record_alert(self, alert: SentAlert) -> None:
        self._execute(
            "INSERT INTO watch_alerts (incident_id, rule, killed, injured, claims, sends, sent_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (incident_id, rule) DO UPDATE SET"
            " killed = excluded.killed, injured = excluded.injured, claims = excluded.claims,"
            " sends = excluded.sends, sent_at = excluded.sent_at",
            (
                alert.incident_id,
                alert.rule,
                alert.killed,
                alert.injured,
                json.dumps(alert.claims),
                alert.sends,
                alert.sent_at,
            ),
        )
