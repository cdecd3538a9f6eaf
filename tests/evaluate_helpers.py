"""Hand-made gold records and export rows for the evaluator's tests."""

from __future__ import annotations

from typing import Any

from tocsin.evaluate.gold import GoldRecord


def gold(doc_id: str = "d1", **fields: Any) -> GoldRecord:
    """Return a gold record with an own-written text and the given gold fields."""
    return GoldRecord.model_validate({"id": doc_id, "text": "A test article.", **fields})


def gold_incident(**fields: Any) -> dict[str, Any]:
    """Return a gold incident with every field null except those given."""
    keys = (
        "gtd_type", "acled_type", "acled_subtype", "date", "country", "admin1", "place", "lat",
        "lon", "killed", "injured", "kidnapped", "perpetrators", "claimed", "targets", "weapons",
    )  # fmt: skip
    return {key: None for key in keys} | {"native": {}} | fields


def row(inc_id: str, *articles: str, **fields: Any) -> dict[str, Any]:
    """Return an exported incident listing `articles`."""
    return {"id": inc_id, "articles": list(articles), **fields}


def value(measures: list[Any], name: str) -> float | None:
    """Return the value of the measure called `name`."""
    for m in measures:
        if m.name == name:
            return float(m.value) if m.value is not None else None
    raise KeyError(name)


def count(measures: list[Any], name: str) -> int:
    """Return the n of the measure called `name`."""
    for m in measures:
        if m.name == name:
            return int(m.n)
    raise KeyError(name)
