"""Alerts: which stored incidents match which rules, and whether an alert is due.

An incident raises one alert per rule, the first time it matches. Later it raises an update
alert for that rule only when its killed or injured figure moves (or, for a `new_claim` rule,
when a new group claims it). What was sent is kept in the database (`record_alert`), so a
restarted watch neither repeats an alert nor misses an update; an incident renamed by merging
keeps the alerts of the incidents merged into it.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import time
import urllib.parse
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Literal

from tocsin.errors import UnknownIncident
from tocsin.models import Count, Incident, Record, Responsibility, SentAlert
from tocsin.report import RunReport
from tocsin.store import Store
from tocsin.watch.rules import AlertConfig, Rule

if TYPE_CHECKING:
    from tocsin.watch.deliver import Sink

log = logging.getLogger(__name__)

DEFAULT_BASE_URL = "http://127.0.0.1:8000"
CLAIM_VERB = "claim_responsibility"


class Alert(Record):
    """One alert as delivered (stdout, JSON Lines, webhook body)."""

    kind: Literal["new", "update"]
    rule: str
    incident_id: str
    link: str  # the incident's page on the dashboard of `tocsin serve`
    api: str  # the incident's record in the HTTP API
    reason: str  # why the incident matches the rule
    changes: list[str]  # for an update: what moved since the last alert
    date: str | None
    place: str | None
    admin1: str | None
    country: str | None
    gtd_type: str | None
    acled_type: str | None
    acled_subtype: str | None
    killed: int | None
    killed_qualifier: str | None
    injured: int | None
    injured_qualifier: str | None
    previous: dict[str, int | None] | None  # the figures of the last alert, for an update
    perpetrators: list[str]
    claimed_by: list[str]
    articles: int
    sent_at: str


def incident_link(base_url: str, incident_id: str) -> tuple[str, str]:
    """Return (dashboard page, API record) URLs of an incident under `base_url`."""
    root = base_url.rstrip("/")
    quoted = urllib.parse.quote(incident_id, safe="")
    # The dashboard routes in the URL fragment (serve/static/app.js: "#/incident/ID").
    return f"{root}/#/incident/{quoted}", f"{root}/api/incidents/{quoted}"


@dataclass
class _Facts:
    """What the rules look at in one incident, read from the store at most once."""

    incident: Incident
    store: Store

    @cached_property
    def claims(self) -> list[str]:
        names = {
            p.name for p in self.incident.perpetrators if p.responsibility == Responsibility.CLAIMED
        }
        names.update(
            i.actor.name
            for _, i in self.store.interactions(incident_id=self.incident.id)
            if i.verb == CLAIM_VERB
        )
        return sorted(names)

    @cached_property
    def text(self) -> str:
        articles = self.store.articles_of_incident(self.incident.id)
        return "\n".join(f"{a.title or ''}\n{a.text}" for a in articles)


class _Matcher:
    """A rule made ready to test incidents: perpetrator aliases and keyword patterns."""

    def __init__(self, rule: Rule) -> None:
        self.rule = rule
        self.perpetrators = [_aliases(term) for term in rule.perpetrator]
        self.keywords = [
            (kw, re.compile(rf"(?<!\w){re.escape(kw)}(?!\w)", re.IGNORECASE))
            for kw in rule.keywords
        ]

    def reasons(self, facts: _Facts) -> list[str] | None:
        """Return why the incident matches the rule, or None when it does not."""
        rule, incident = self.rule, facts.incident
        place = incident.place
        reasons: list[str] = []
        if rule.country:
            if not place or not place.country or place.country.upper() not in rule.country:
                return None
            reasons.append(f"country {place.country}")
        if rule.admin1:
            if not place or not place.admin1 or place.admin1.casefold() not in rule.admin1:
                return None
            reasons.append(f"admin1 {place.admin1}")
        if rule.type:
            labels = [incident.gtd_type, incident.acled_type, incident.acled_subtype]
            hit = next((x for x in labels if x and x.casefold() in rule.type), None)
            if hit is None:
                return None
            reasons.append(f"type {hit}")
        if self.perpetrators:
            name = self._perpetrator(incident)
            if name is None:
                return None
            reasons.append(f"perpetrator {name}")
        if rule.min_killed is not None:
            killed = _value(incident.killed)
            if killed is None or killed < rule.min_killed:
                return None
            reasons.append(f"killed {killed} >= {rule.min_killed}")
        if rule.toll_rose_by is not None:
            first, now = _first_killed(incident), _value(incident.killed)
            if first is None or now is None or now - first < rule.toll_rose_by:
                return None
            reasons.append(f"toll rose by {now - first} ({first} -> {now})")
        if rule.new_claim:
            if not facts.claims:
                return None
            reasons.append(f"claimed by {', '.join(facts.claims)}")
        if self.keywords:
            found = next((kw for kw, pattern in self.keywords if pattern.search(facts.text)), None)
            if found is None:
                return None
            reasons.append(f"keyword {found!r}")
        return reasons

    def _perpetrator(self, incident: Incident) -> str | None:
        for perp in incident.perpetrators:
            names = [n for n in (perp.name, perp.raw) if n]
            for patterns in self.perpetrators:
                if any(p.search(n) for p in patterns for n in names):
                    return perp.name
        return None


def _aliases(term: str) -> tuple[re.Pattern[str], ...]:
    """Return patterns for a rule's perpetrator term: its words, and its canonical name's.

    Whole words only, so that "IS" finds "IS" and, through the actor table, "Islamic State",
    but not "Islamist group".
    """
    from tocsin.resolve.actors import resolve_name

    names = {term}
    resolved = resolve_name(term)
    if resolved.known:
        names.add(resolved.name)
    return tuple(re.compile(rf"(?<!\w){re.escape(n)}(?!\w)", re.IGNORECASE) for n in sorted(names))


def _value(count: Count | None) -> int | None:
    return count.value if count is not None else None


def _first_killed(incident: Incident) -> int | None:
    """Return the killed figure of the earliest report that gave one."""
    reports = [
        r for r in incident.count_history if r.killed is not None and "killed" not in r.outlier
    ]
    if not reports:
        return None
    first = min(
        enumerate(reports),
        key=lambda ir: (
            ir[1].as_of or dt.date.max,
            ir[1].as_of_time.isoformat() if ir[1].as_of_time else "",
            ir[0],
        ),
    )[1]
    return first.killed.value if first.killed else None


class Alerter:
    """Checks incidents against the rules and delivers the alerts that are due."""

    def __init__(
        self,
        config: AlertConfig,
        *,
        store: Store,
        sinks: Sequence[Sink],
        base_url: str = DEFAULT_BASE_URL,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.config = config
        self.store = store
        self.sinks = list(sinks)
        self.base_url = base_url
        self.clock = clock
        self.matchers = [_Matcher(rule) for rule in config.rules]
        # Incidents whose alert reached no output: checked again on the next call.
        self._undelivered: set[str] = set()

    def check(self, incident_ids: Iterable[str], *, report: RunReport) -> list[Alert]:
        """Deliver and return the alerts due for these incidents (ids of any age are fine)."""
        ids = {self.store.resolve_incident_id(i) for i in [*incident_ids, *self._undelivered]}
        self._undelivered.clear()
        sent: list[Alert] = []
        for incident_id in sorted(ids):
            try:
                incident = self.store.incident(incident_id)
            except UnknownIncident:
                continue
            facts = _Facts(incident, self.store)
            for matcher in self.matchers:
                alert = self._due(matcher, facts)
                if alert is None:
                    continue
                if self._deliver(alert, report=report):
                    sent.append(alert)
                    self._record(alert, facts)
                else:
                    self._undelivered.add(incident.id)
        return sent

    def _due(self, matcher: _Matcher, facts: _Facts) -> Alert | None:
        reasons = matcher.reasons(facts)
        if reasons is None:
            return None
        incident = facts.incident
        killed, injured = _value(incident.killed), _value(incident.injured)
        previous = self.store.last_alert(incident.id, matcher.rule.name)
        changes: list[str] = []
        if previous is not None:
            if previous.killed != killed:
                changes.append(f"killed {_show(previous.killed)} -> {_show(killed)}")
            if previous.injured != injured:
                changes.append(f"injured {_show(previous.injured)} -> {_show(injured)}")
            if matcher.rule.new_claim:
                new = [c for c in facts.claims if c not in previous.claims]
                if new:
                    changes.append(f"new claim by {', '.join(new)}")
            if not changes:
                return None
        return self._alert(matcher.rule, facts, reasons, changes, previous)

    def _alert(
        self,
        rule: Rule,
        facts: _Facts,
        reasons: list[str],
        changes: list[str],
        previous: SentAlert | None,
    ) -> Alert:
        incident = facts.incident
        place = incident.place
        link, api = incident_link(self.base_url, incident.id)
        return Alert(
            kind="new" if previous is None else "update",
            rule=rule.name,
            incident_id=incident.id,
            link=link,
            api=api,
            reason="; ".join(reasons),
            changes=changes,
            date=incident.date.iso if incident.date else None,
            place=(place.name or place.raw) if place else None,
            admin1=place.admin1 if place else None,
            country=place.country if place else None,
            gtd_type=incident.gtd_type,
            acled_type=incident.acled_type,
            acled_subtype=incident.acled_subtype,
            killed=_value(incident.killed),
            killed_qualifier=incident.killed.qualifier.value if incident.killed else None,
            injured=_value(incident.injured),
            injured_qualifier=incident.injured.qualifier.value if incident.injured else None,
            previous=(
                {"killed": previous.killed, "injured": previous.injured} if previous else None
            ),
            perpetrators=[p.name for p in incident.perpetrators],
            claimed_by=facts.claims,
            articles=len(incident.articles),
            sent_at=dt.datetime.fromtimestamp(self.clock(), dt.UTC).isoformat(timespec="seconds"),
        )

    def _deliver(self, alert: Alert, *, report: RunReport) -> bool:
        """Send to every output; True when at least one took it."""
        from tocsin.watch.deliver import DeliveryFailed

        delivered = False
        for sink in self.sinks:
            try:
                sink.send(alert)
                delivered = True
            except DeliveryFailed as exc:
                report.count(f"alerts.failed.{sink.name}")
                log.warning(
                    "alert %s/%s not delivered to %s: %s",
                    alert.rule,
                    alert.incident_id,
                    sink.name,
                    exc,
                )
        if delivered:
            report.count("alerts.new" if alert.kind == "new" else "alerts.update")
        return delivered

    def _record(self, alert: Alert, facts: _Facts) -> None:
        previous = self.store.last_alert(alert.incident_id, alert.rule)
        self.store.record_alert(
            SentAlert(
                incident_id=alert.incident_id,
                rule=alert.rule,
                killed=alert.killed,
                injured=alert.injured,
                claims=facts.claims,
                sends=(previous.sends + 1) if previous else 1,
                sent_at=self.clock(),
            )
        )


def _show(value: int | None) -> str:
    return "none" if value is None else str(value)
