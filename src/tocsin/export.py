"""Exports: the v1 JSONL contract of FORMAT.md, ACLED-like CSV, and GeoJSON.

`incident_row` / `interaction_row` are the v1 records; every other format is derived from them,
so the formats cannot drift apart.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from typing import IO, Any

from tocsin.models import Count, Incident, Interaction, Responsibility
from tocsin.store import IncidentFilter, Store

INCIDENT_KEYS = (
    "id", "gtd_type", "acled_type", "acled_subtype", "date", "date_precision",
    "country", "admin1", "place", "lat", "lon", "geonames_id", "location_precision",
    "killed", "killed_qualifier", "injured", "injured_qualifier", "kidnapped",
    "perpetrators", "targets", "weapons", "articles", "count_history",
)  # fmt: skip


def _value(count: Count | None) -> int | None:
    return count.value if count is not None else None


def _qualifier(count: Count | None) -> str | None:
    return count.qualifier.value if count is not None else None


def incident_row(incident: Incident) -> dict[str, Any]:
    """Return the v1 export record of an incident (FORMAT.md "Export")."""
    place = incident.place
    resolved = place is not None and place.precision is not None
    return {
        "id": incident.id,
        "gtd_type": incident.gtd_type,
        "acled_type": incident.acled_type,
        "acled_subtype": incident.acled_subtype,
        "date": incident.date.iso if incident.date else None,
        "date_precision": incident.date.precision.value if incident.date else None,
        "country": place.country if place else None,
        "admin1": place.admin1 if place else None,
        "place": (place.name or place.raw) if place else None,
        "lat": place.lat if resolved and place else None,
        "lon": place.lon if resolved and place else None,
        "geonames_id": place.geonames_id if place else None,
        "location_precision": place.precision.value if place and place.precision else None,
        "killed": _value(incident.killed),
        "killed_qualifier": _qualifier(incident.killed),
        "injured": _value(incident.injured),
        "injured_qualifier": _qualifier(incident.injured),
        "kidnapped": _value(incident.kidnapped),
        "perpetrators": [
            {
                "name": p.name,
                "kind": p.kind,
                "claimed": p.responsibility == Responsibility.CLAIMED,
                "responsibility": p.responsibility.value,
            }
            for p in incident.perpetrators
        ],
        "targets": [
            {"text": t.text, "kind": t.kind, "gtd_target_type": t.gtd_target_type}
            for t in incident.targets
        ],
        "weapons": [
            {"text": w.text, "gtd_weapon_type": w.gtd_weapon_type} for w in incident.weapons
        ],
        "articles": list(incident.articles),
        "count_history": [
            {
                "as_of": r.as_of.isoformat() if r.as_of else None,
                "killed": _value(r.killed),
                "injured": _value(r.injured),
                "article": r.article,
            }
            for r in incident.count_history
        ],
    }


def interaction_row(
    interaction_id: str, interaction: Interaction, incident: Incident | None = None
) -> dict[str, Any]:
    """Return the v1 export record of an interaction."""
    target = interaction.target
    if target is not None:
        target_name: str | None = target.name
        target_country = target.country
    else:
        target_name = interaction.target_text
        target_country = None
        if incident is not None:
            place = incident.place
            if place is not None:
                target_name = f"{place.name or place.raw} attack"
                target_country = place.country
    return {
        "id": interaction_id,
        "article": interaction.article_id,
        "date": interaction.date.isoformat() if interaction.date else None,
        "actor": interaction.actor.name,
        "actor_country": interaction.actor.country,
        "type": interaction.verb,
        "plover": interaction.plover,
        "cameo": interaction.cameo,
        "target": target_name,
        "target_country": target_country,
        "incident": interaction.incident_id,
        "evidence": interaction.evidence.text,
    }


def incident_rows(store: Store, where: IncidentFilter | None = None) -> Iterator[dict[str, Any]]:
    """Yield the v1 record of every stored incident matching `where`."""
    for incident in store.incidents(where):
        yield incident_row(incident)


def interaction_rows(store: Store) -> Iterator[dict[str, Any]]:
    """Yield the v1 record of every stored interaction."""
    cache: dict[str, Incident] = {}
    for interaction_id, interaction in store.interactions():
        incident = None
        if interaction.incident_id:
            if interaction.incident_id not in cache:
                cache[interaction.incident_id] = store.incident(interaction.incident_id)
            incident = cache[interaction.incident_id]
        yield interaction_row(interaction_id, interaction, incident)


def write_jsonl(rows: Iterable[dict[str, Any]], out: IO[str]) -> int:
    """Write rows as JSON Lines; return how many."""
    n = 0
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
        n += 1
    return n


# ACLED's column names where ACLED has the field; tocsin's own fields follow.
CSV_INCIDENT_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "event_type", "sub_event_type",
    "actor1", "country", "admin1", "location", "latitude", "longitude", "geo_precision",
    "fatalities", "fatalities_qualifier", "injuries", "injuries_qualifier", "kidnapped",
    "gtd_attack_type", "claimed", "targets", "weapons", "sources",
)  # fmt: skip
GEO_PRECISION = {"city": 1, "admin2": 2, "admin1": 2, "country": 3}
TIME_PRECISION = {"day": 1, "publication": 1, "month": 2, "year": 3}


def incident_csv_row(row: dict[str, Any]) -> dict[str, Any]:
    """Return the ACLED-like CSV row of a v1 incident record."""
    date = row["date"] or ""
    return {
        "event_id_cnty": row["id"],
        "event_date": date,
        "year": date[:4],
        "time_precision": TIME_PRECISION.get(row["date_precision"] or "", ""),
        "event_type": row["acled_type"],
        "sub_event_type": row["acled_subtype"],
        "actor1": "; ".join(p["name"] for p in row["perpetrators"]),
        "country": row["country"],
        "admin1": row["admin1"],
        "location": row["place"],
        "latitude": row["lat"],
        "longitude": row["lon"],
        "geo_precision": GEO_PRECISION.get(row["location_precision"] or "", ""),
        "fatalities": row["killed"],
        "fatalities_qualifier": row["killed_qualifier"],
        "injuries": row["injured"],
        "injuries_qualifier": row["injured_qualifier"],
        "kidnapped": row["kidnapped"],
        "gtd_attack_type": row["gtd_type"],
        "claimed": any(p["claimed"] for p in row["perpetrators"]),
        "targets": "; ".join(t["text"] for t in row["targets"]),
        "weapons": "; ".join(w["text"] for w in row["weapons"]),
        "sources": "; ".join(row["articles"]),
    }


CSV_INTERACTION_COLUMNS = (
    "id", "article", "date", "actor", "actor_country", "type", "plover", "cameo",
    "target", "target_country", "incident", "evidence",
)  # fmt: skip


def write_csv(rows: Iterable[dict[str, Any]], out: IO[str], *, what: str = "incidents") -> int:
    """Write incidents (ACLED-like columns) or interactions as CSV; return how many rows."""
    columns = CSV_INCIDENT_COLUMNS if what == "incidents" else CSV_INTERACTION_COLUMNS
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    n = 0
    for row in rows:
        writer.writerow(incident_csv_row(row) if what == "incidents" else row)
        n += 1
    return n


def write_geojson(rows: Iterable[dict[str, Any]], out: IO[str]) -> int:
    """Write incidents with coordinates as a GeoJSON FeatureCollection; return how many."""
    features = []
    for row in rows:
        if row["lat"] is None or row["lon"] is None:
            continue
        properties = {k: v for k, v in row.items() if k not in ("lat", "lon")}
        features.append(
            {
                "type": "Feature",
                "id": row["id"],
                "geometry": {"type": "Point", "coordinates": [row["lon"], row["lat"]]},
                "properties": properties,
            }
        )
    json.dump({"type": "FeatureCollection", "features": features}, out, ensure_ascii=False)
    out.write("\n")
    return len(features)
