"""The typed records that cross stage boundaries.

Data flow (DESIGN.md): ingest -> clean -> extract -> resolve -> store -> query/export.
Only these records travel between stages; a stage never hands a loose dict to the next one.
Every extracted value keeps the span of article text it came from (`Span`), so that a user can
check it and `tocsin show` can quote it.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class Record(BaseModel):
    """Base of every record: strict about unknown fields, cheap to copy."""

    model_config = ConfigDict(extra="forbid", validate_assignment=False)


class Span(Record):
    """A stretch of an article's cleaned text: `text == article.text[start:end]`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    start: int
    end: int
    text: str


class Article(Record):
    """One news report, as read and then cleaned."""

    id: str
    text: str
    content_hash: str = ""
    url: str | None = None
    source: str | None = None
    title: str | None = None
    published: dt.date | None = None
    # Publication time when the input gives one (feeds do); used to order reports of one day.
    published_at: dt.datetime | None = None
    language: str | None = None
    # Where the record was read: "path:line" for JSONL, "path" for files, "-" for stdin.
    origin: str = ""


class Qualifier(StrEnum):
    EXACT = "exact"
    AT_LEAST = "at_least"
    AT_MOST = "at_most"
    ABOUT = "about"
    RANGE = "range"


class Count(Record):
    """A casualty figure as reported: 'at least 60' is value=60, qualifier=at_least."""

    value: int
    qualifier: Qualifier = Qualifier.EXACT
    high: int | None = None  # upper end when qualifier is RANGE
    evidence: Span | None = None


class DatePrecision(StrEnum):
    DAY = "day"
    MONTH = "month"
    YEAR = "year"
    # The text gave no date of the incident; the publication date stands in for it.
    PUBLICATION = "publication"


class EventDate(Record):
    """When an incident happened; `iso` is YYYY-MM-DD, or YYYY-MM at month precision."""

    iso: str
    precision: DatePrecision
    evidence: Span | None = None


class LocationPrecision(StrEnum):
    CITY = "city"  # a populated place or anything finer
    ADMIN2 = "admin2"
    ADMIN1 = "admin1"
    COUNTRY = "country"


class Place(Record):
    """A place name in text and, when resolved, the GeoNames place it means.

    An unresolved name keeps `raw` and has every resolved field None: tocsin never invents one.
    """

    raw: str
    name: str | None = None
    country: str | None = None  # ISO 3166-1 alpha-2
    admin1: str | None = None
    admin2: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None
    feature: str | None = None  # GeoNames feature code: PPL, PPLC, ADM1, PCLI, ...
    precision: LocationPrecision | None = None
    # "near", "outskirts", "border" when the text places the event relative to this anchor.
    relation: str | None = None
    evidence: Span | None = None


class ActorKind(StrEnum):
    PERSON = "person"
    ORGANISATION = "organisation"
    STATE = "state"
    ARMED_GROUP = "armed_group"
    GENERIC = "generic"  # "gunmen", "world leaders", "police": kept generic, never guessed


class Actor(Record):
    """Someone who acts or speaks: canonical name when known, else the raw text."""

    name: str
    kind: ActorKind = ActorKind.GENERIC
    country: str | None = None
    role: str | None = None  # "President of the Kurdistan Democratic Party"
    aliases: list[str] = Field(default_factory=list)
    known: bool = False  # found in the shipped actor table
    raw: str = ""
    evidence: Span | None = None


class Responsibility(StrEnum):
    CLAIMED = "claimed"
    DENIED = "denied"
    SUSPECTED = "suspected"  # blamed or suspected by others
    UNKNOWN = "unknown"


class Perpetrator(Record):
    name: str
    kind: Literal["group", "individual"] = "group"
    responsibility: Responsibility = Responsibility.UNKNOWN
    country: str | None = None
    evidence: Span | None = None
    # The name as the text gave it ("ISIS"), kept when `name` is normalised ("Islamic State").
    raw: str = ""


class Target(Record):
    text: str
    kind: Literal["people", "property"] = "people"
    gtd_target_type: str | None = None
    evidence: Span | None = None


class Weapon(Record):
    text: str
    gtd_weapon_type: str | None = None
    evidence: Span | None = None


class Mention(Record):
    """One article's report of one incident: the unit of extraction."""

    article_id: str
    index: int  # order of the incident within its article
    gtd_type: str | None = None
    acled_type: str | None = None
    acled_subtype: str | None = None
    type_evidence: Span | None = None
    date: EventDate | None = None
    place: Place | None = None
    killed: Count | None = None
    injured: Count | None = None
    kidnapped: Count | None = None
    # Attackers killed (GTD nkillter), kept apart from the victims.
    perpetrators_killed: Count | None = None
    perpetrators: list[Perpetrator] = Field(default_factory=list)
    targets: list[Target] = Field(default_factory=list)
    weapons: list[Weapon] = Field(default_factory=list)
    # A past incident cited for context ("the deadliest since the 2004 Beslan siege").
    background: bool = False
    published: dt.date | None = None
    published_at: dt.datetime | None = None
    # Distinctive words of the text around the mention (set by merging, for text similarity).
    terms: list[str] = Field(default_factory=list)


class CountReport(Record):
    """One report of an incident's figures, as of a date, from one article."""

    as_of: dt.date | None
    as_of_time: dt.datetime | None = None
    article: str
    killed: Count | None = None
    injured: Count | None = None
    kidnapped: Count | None = None
    source: str | None = None  # the article's outlet, when known
    # The report reads as a correction of an earlier figure ("police revised the toll to 84").
    revision: bool = False
    # Figures of this report judged isolated outliers and not adopted ("killed", "injured").
    outlier: list[str] = Field(default_factory=list)


class Incident(Record):
    """The merged record: best current value of each field and the mentions behind it."""

    id: str
    gtd_type: str | None = None
    acled_type: str | None = None
    acled_subtype: str | None = None
    date: EventDate | None = None
    place: Place | None = None
    killed: Count | None = None
    injured: Count | None = None
    kidnapped: Count | None = None
    perpetrators_killed: Count | None = None
    perpetrators: list[Perpetrator] = Field(default_factory=list)
    targets: list[Target] = Field(default_factory=list)
    weapons: list[Weapon] = Field(default_factory=list)
    articles: list[str] = Field(default_factory=list)
    mentions: list[Mention] = Field(default_factory=list)
    count_history: list[CountReport] = Field(default_factory=list)


class Interaction(Record):
    """A statement or act around an incident: who did what to whom, with the evidence."""

    article_id: str
    actor: Actor
    verb: str  # tocsin's verb: condemn, condole, warn, claim_responsibility, ...
    plover: str | None = None
    plover_mode: str | None = None
    cameo: str | None = None
    target: Actor | None = None
    target_text: str | None = None  # "the attack", when the target is the incident itself
    # Index of the article's Mention this interaction is about, when it is about one.
    mention_index: int | None = None
    incident_id: str | None = None  # filled when the mention is merged into an incident
    date: dt.date | None = None
    before_incident: bool = False  # a warning given before the incident happened
    evidence: Span


class Extraction(Record):
    """Everything extracted from one article."""

    article: Article
    mentions: list[Mention] = Field(default_factory=list)
    interactions: list[Interaction] = Field(default_factory=list)
    # Every place name in the article, with its span; resolved in place by `tocsin.resolve`.
    toponyms: list[Place] = Field(default_factory=list)


class FeedState(Record):
    """What `tocsin watch` remembers of one source between polls (a feed URL or a file path).

    Times are Unix seconds. For a file, `etag` holds "size:mtime_ns", its change validator.
    """

    url: str
    etag: str | None = None
    last_modified: str | None = None
    last_checked: float | None = None
    failures: int = 0  # consecutive failed polls; 0 after a success
    next_try: float | None = None
    last_error: str | None = None


class SentAlert(Record):
    """The last alert sent for one incident and rule, with the figures it carried."""

    incident_id: str
    rule: str
    killed: int | None = None
    injured: int | None = None
    claims: list[str] = Field(default_factory=list)  # who had claimed the incident
    sends: int = 1  # the first alert and every update
    sent_at: float | None = None  # Unix seconds of the latest send
