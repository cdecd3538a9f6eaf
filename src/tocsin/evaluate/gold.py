"""Gold records (shared/eval/FORMAT.md): reading, typing, and stripping them for the pipeline.

A gold file is JSONL; each record is an input article plus the human coding. `null` means the
data set does not code a field (never scored), `[]` means it was coded as none.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from enum import StrEnum
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from tocsin.errors import GoldFormatError, InputNotFound

# One entity = its equally valid names; a field is a list of entities, or None when not coded.
Entity = list[str]

# The keys of an input article (FORMAT.md "Input articles"); everything else is gold.
INPUT_KEYS: tuple[str, ...] = ("id", "text", "published", "title", "url", "source")

REE_ROLES: tuple[str, ...] = ("PerpInd", "PerpOrg", "Target", "Victim", "Weapon")


class _Gold(BaseModel):
    # Gold files carry extra keys (language, data-set notes); they are kept out of scoring.
    model_config = ConfigDict(extra="ignore", frozen=True)


class GoldIncident(_Gold):
    gtd_type: str | None = None
    acled_type: str | None = None
    acled_subtype: str | None = None
    date: str | None = None
    country: str | None = None
    admin1: str | None = None
    place: str | None = None
    lat: float | None = None
    lon: float | None = None
    killed: int | None = None
    injured: int | None = None
    kidnapped: int | None = None
    perpetrators: list[Entity] | None = None
    claimed: bool | None = None
    targets: list[Entity] | None = None
    weapons: list[Entity] | None = None
    native: dict[str, Any] = {}

    @property
    def optional(self) -> bool:
        """Whether the data set marks this incident optional (MUC-4 OPTIONAL templates)."""
        return bool(self.native.get("optional", False))

    @property
    def place_names(self) -> list[str]:
        """The gold place and the alternatives the data set accepts for it."""
        names = [self.place] if self.place is not None else []
        alternatives = self.native.get("place_alternatives") or []
        return names + [a for a in alternatives if isinstance(a, str)]


class GoldInteraction(_Gold):
    actor: list[Entity] | None = None
    type: str | None = None
    plover: str | None = None
    cameo: str | None = None
    target: list[Entity] | None = None
    native: dict[str, Any] = {}


class GoldToponym(_Gold):
    start: int
    end: int
    name: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None


class StoryFinal(_Gold):
    killed: int | None = None
    injured: int | None = None
    country: str | None = None


class GoldRecord(_Gold):
    id: str
    # REE files carry no text: it comes from muc4.jsonl (see `read_gold`).
    text: str = ""
    published: str | None = None
    title: str | None = None
    url: str | None = None
    source: str | None = None
    dataset: str | None = None
    incidents: list[GoldIncident] | None = None
    interactions: list[GoldInteraction] | None = None
    story: str | None = None
    story_final: StoryFinal | None = None
    toponyms: list[GoldToponym] | None = None
    ree: dict[str, list[Entity]] | None = None
    native: dict[str, Any] = {}


class GoldKind(StrEnum):
    INCIDENTS = "incidents"
    INTERACTIONS = "interactions"
    STORIES = "stories"
    TOPONYMS = "toponyms"
    REE = "ree"


def _parse_line(line: str, where: str) -> GoldRecord:
    try:
        raw = json.loads(line)
    except json.JSONDecodeError as exc:
        raise GoldFormatError(
            f"{where}: not valid JSON ({exc.msg}); fix or remove the line."
        ) from exc
    if not isinstance(raw, dict):
        raise GoldFormatError(f"{where}: expected a JSON object, got {type(raw).__name__}.")
    try:
        record = GoldRecord.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"]) or "record"
        raise GoldFormatError(
            f"{where}: field '{field}': {first['msg']} (see shared/eval/FORMAT.md)."
        ) from exc
    if record.ree is not None:
        unknown = sorted(set(record.ree) - set(REE_ROLES))
        if unknown:
            raise GoldFormatError(
                f"{where}: unknown REE role(s) {', '.join(unknown)}; "
                f"expected {', '.join(REE_ROLES)}."
            )
    elif not record.text:
        raise GoldFormatError(f"{where}: record '{record.id}' has no text.")
    return record


def read_gold(path: str | Path) -> list[GoldRecord]:
    """Return the records of a gold JSONL file; REE records get their texts from muc4.jsonl.

    Raises GoldFormatError naming `file:line` for a malformed line or a duplicate id, and for an
    empty file or a missing muc4.jsonl beside REE gold; InputNotFound when the file is missing.
    """
    path = Path(path)
    if not path.is_file():
        raise InputNotFound(f"{path}: no such gold file; give the path of a gold JSONL file.")
    records: list[GoldRecord] = []
    seen: dict[str, int] = {}
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            where = f"{path}:{lineno}"
            record = _parse_line(line, where)
            if record.id in seen:
                raise GoldFormatError(
                    f"{where}: duplicate id '{record.id}' (first on line {seen[record.id]})."
                )
            seen[record.id] = lineno
            records.append(record)
    if not records:
        raise GoldFormatError(f"{path}: the gold file holds no records.")
    if any(r.ree is not None for r in records):
        records = _attach_ree_texts(records, path)
    return records


def _attach_ree_texts(records: list[GoldRecord], path: Path) -> list[GoldRecord]:
    # FORMAT.md: REE texts are those of muc4.jsonl (same folder, same ids).
    texts_path = path.parent / "muc4.jsonl"
    if not texts_path.is_file():
        raise GoldFormatError(
            f"{path}: REE gold needs its texts from {texts_path}, which is missing; "
            "put muc4.jsonl next to it."
        )
    by_id: dict[str, GoldRecord] = {}
    with texts_path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, start=1):
            if line.strip():
                rec = _parse_line(line, f"{texts_path}:{lineno}")
                by_id[rec.id] = rec
    out = []
    for record in records:
        source = by_id.get(record.id)
        if source is None:
            raise GoldFormatError(f"{path}: id '{record.id}' has no text in {texts_path}.")
        out.append(
            record.model_copy(
                update={key: getattr(source, key) for key in INPUT_KEYS if key != "id"}
            )
        )
    return out


def detect_kinds(records: Sequence[GoldRecord]) -> list[GoldKind]:
    """Return what a gold set can be scored on, in a stable order.

    REE, toponym and story sets are recognised by their own keys; otherwise a set is scored on
    incidents and/or interactions, whichever some record codes (is not null).
    """
    if any(r.ree is not None for r in records):
        return [GoldKind.REE]
    if any(r.toponyms is not None for r in records):
        return [GoldKind.TOPONYMS]
    if any(r.story is not None for r in records):
        return [GoldKind.STORIES]
    kinds = []
    if any(r.incidents is not None for r in records):
        kinds.append(GoldKind.INCIDENTS)
    if any(r.interactions is not None for r in records):
        kinds.append(GoldKind.INTERACTIONS)
    if not kinds:
        raise GoldFormatError(
            "the gold set codes nothing to score (every record has incidents, interactions, "
            "story, toponyms and ree null or absent)."
        )
    return kinds


def strip_gold(record: GoldRecord) -> dict[str, Any]:
    """Return the input article of a gold record: id, text, published, title, url, source only.

    The pipeline gets this and nothing else, so no gold value can leak into a prediction.
    """
    return {key: getattr(record, key) for key in INPUT_KEYS}


def write_inputs(records: Iterable[GoldRecord], path: Path) -> int:
    """Write the stripped input articles as JSONL; return how many were written."""
    n = 0
    with path.open("w", encoding="utf-8") as fh:
        for record in records:
            fh.write(json.dumps(strip_gold(record), ensure_ascii=False) + "\n")
            n += 1
    return n
