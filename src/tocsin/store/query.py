"""Filters on stored incidents, shared by the CLI, exports and (later) the API."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class IncidentFilter:
    """Which incidents to return; every field None means no restriction."""

    country: str | None = None  # ISO2
    since: str | None = None  # ISO date, inclusive
    until: str | None = None  # ISO date, inclusive
    type: str | None = None  # matches the GTD type, the ACLED type or the ACLED sub-event type
    min_killed: int | None = None
    article: str | None = None

    def sql(self) -> tuple[str, list[object]]:
        """Return the WHERE clause (or "") and its parameters."""
        terms: list[str] = []
        params: list[object] = []
        if self.country:
            terms.append("country = ?")
            params.append(self.country.upper())
        if self.since:
            terms.append("date >= ?")
            params.append(self.since)
        if self.until:
            # A month-precision date "2024-03" sorts before "2024-03-01": compare on the prefix.
            terms.append("substr(date, 1, ?) <= ?")
            params.extend([len(self.until), self.until])
        if self.type:
            terms.append(
                "(lower(gtd_type) = lower(?) OR lower(acled_type) = lower(?)"
                " OR lower(acled_subtype) = lower(?))"
            )
            params.extend([self.type] * 3)
        if self.min_killed is not None:
            terms.append("killed >= ?")
            params.append(self.min_killed)
        if self.article:
            terms.append("id IN (SELECT incident_id FROM incident_articles WHERE article_id = ?)")
            params.append(self.article)
        return ("WHERE " + " AND ".join(terms) if terms else ""), params


def plus_days(day: str, days: int) -> str:
    """Return the ISO date `days` days after the date that ISO string `day` starts with."""
    return (dt.date.fromisoformat(day[:10]) + dt.timedelta(days=days)).isoformat()
