"""The run report: what a run read, skipped (and why), de-duplicated and stored."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class Skipped:
    origin: str  # "path:line", "path" or "-"
    reason: str
    stage: str  # ingest, clean, extract, store


@dataclass
class RunReport:
    """Collects counts across stages; stages call `skip` and `count` and keep going."""

    read: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    duplicates: int = 0
    already_stored: int = 0
    extracted: int = 0
    incidents_new: int = 0
    incidents_updated: int = 0
    interactions: int = 0
    seconds: float = 0.0
    counters: Counter[str] = field(default_factory=Counter)

    def skip(self, origin: str, reason: str, *, stage: str) -> None:
        self.skipped.append(Skipped(origin=origin, reason=reason, stage=stage))

    def count(self, key: str, n: int = 1) -> None:
        self.counters[key] += n

    def skip_reasons(self) -> Counter[str]:
        return Counter(s.reason.split(":", 1)[0] for s in self.skipped)

    @property
    def articles_per_second(self) -> float:
        return self.read / self.seconds if self.seconds > 0 else 0.0
