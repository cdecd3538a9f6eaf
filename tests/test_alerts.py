"""Alerts: rules against hand-built incidents in a real store, and delivery to real outputs.

No language model: the incidents are written to the store directly. The webhook tests POST to
a real HTTP receiver on 127.0.0.1.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_watch_support import receiving

from tocsin.models import (
    Actor,
    Article,
    Count,
    CountReport,
    DatePrecision,
    EventDate,
    Incident,
    Interaction,
    Perpetrator,
    Place,
    Qualifier,
    Responsibility,
    Span,
)
from tocsin.report import RunReport
from tocsin.store import Store, open_store
from tocsin.watch.alerts import Alert, Alerter
from tocsin.watch.deliver import DeliveryFailed, JsonlSink, StreamSink, WebhookSink, sinks_for
from tocsin.watch.rules import AlertConfig, Output, Rule

TEXT = (
    "A suicide bomber struck a crowded market in Maiduguri on Monday, killing twelve traders"
    " and wounding thirty, officials said."
)


class ListSink:
    """An output that keeps what it is given."""

    name = "list"

    def __init__(self) -> None:
        self.alerts: list[Alert] = []

    def send(self, alert: Alert) -> None:
        self.alerts.append(alert)


class DownSink:
    name = "down"

    def send(self, alert: Alert) -> None:
        raise DeliveryFailed("always down")


def history(*figures: int) -> list[CountReport]:
    return [
        CountReport(
            as_of=dt.date(2024, 6, 3) + dt.timedelta(days=i),
            article=f"a{i + 1}",
            killed=Count(value=k),
        )
        for i, k in enumerate(figures)
    ]


def incident(
    incident_id: str = "inc_1",
    *,
    killed: int | None = 12,
    injured: int | None = 30,
    country: str = "NG",
    perpetrators: list[Perpetrator] | None = None,
    figures: tuple[int, ...] = (12,),
) -> Incident:
    return Incident(
        id=incident_id,
        gtd_type="Bombing/Explosion",
        acled_type="Explosions/Remote violence",
        acled_subtype="Suicide bomb",
        date=EventDate(iso="2024-06-03", precision=DatePrecision.DAY),
        place=Place(raw="Maiduguri", name="Maiduguri", country=country, admin1="Borno"),
        killed=Count(value=killed, qualifier=Qualifier.AT_LEAST) if killed is not None else None,
        injured=Count(value=injured) if injured is not None else None,
        perpetrators=perpetrators if perpetrators is not None else [Perpetrator(name="Boko Haram")],
        articles=["a1"],
        count_history=history(*figures),
    )


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(tmp_path / "alerts.db") as s:
        s.add_article(
            Article(id="a1", text=TEXT, title="Market bombing in Maiduguri", content_hash="h1")
        )
        yield s


def alerter(store: Store, *rules: Rule, sinks: list[Any] | None = None) -> Alerter:
    return Alerter(
        AlertConfig(rules=rules, output=Output()),
        store=store,
        sinks=sinks if sinks is not None else [ListSink()],
        base_url="http://dash.example.org:8000/",
        clock=lambda: 1_717_400_000.0,
    )


def check(a: Alerter, *ids: str) -> list[Alert]:
    return a.check(ids or ["inc_1"], report=RunReport())


@pytest.mark.parametrize(
    ("rule", "reason"),
    [
        (Rule("r", country=frozenset({"NG"})), "country NG"),
        (Rule("r", admin1=frozenset({"borno"})), "admin1 Borno"),
        (Rule("r", type=frozenset({"suicide bomb"})), "type Suicide bomb"),
        (Rule("r", type=frozenset({"bombing/explosion"})), "type Bombing/Explosion"),
        (Rule("r", perpetrator=("Boko Haram",)), "perpetrator Boko Haram"),
        (Rule("r", perpetrator=("boko",)), "perpetrator Boko Haram"),
        (Rule("r", min_killed=12), "killed 12 >= 12"),
        (Rule("r", keywords=("traders",)), "keyword 'traders'"),
        (Rule("r", keywords=("Market",)), "keyword 'Market'"),
        (Rule("r", country=frozenset({"NG"}), min_killed=5), "country NG; killed 12 >= 5"),
    ],
)
def test_incident_matching_a_rule_raises_an_alert_with_the_reason(
    store: Store, rule: Rule, reason: str
) -> None:
    store.save_incident(incident())
    [alert] = check(alerter(store, rule))
    assert alert.kind == "new" and alert.reason == reason
    assert (alert.incident_id, alert.killed, alert.injured) == ("inc_1", 12, 30)


@pytest.mark.parametrize(
    "rule",
    [
        Rule("r", country=frozenset({"ML"})),
        Rule("r", admin1=frozenset({"yobe"})),
        Rule("r", type=frozenset({"armed clash"})),
        Rule("r", perpetrator=("al-Shabaab",)),
        Rule("r", perpetrator=("Bok",)),  # words, not any substring
        Rule("r", min_killed=13),
        Rule("r", keywords=("trade",)),
        Rule("r", toll_rose_by=1),
        Rule("r", new_claim=True),
        Rule("r", country=frozenset({"NG"}), min_killed=50),
    ],
)
def test_incident_not_matching_a_rule_raises_nothing(store: Store, rule: Rule) -> None:
    store.save_incident(incident())
    assert check(alerter(store, rule)) == []


def test_perpetrator_rule_finds_a_group_by_its_alias(store: Store) -> None:
    store.save_incident(incident(perpetrators=[Perpetrator(name="Islamic State", raw="IS")]))
    store.save_incident(incident("inc_2", perpetrators=[Perpetrator(name="Islamist group")]))
    alerts = check(alerter(store, Rule("r", perpetrator=("ISIS",))), "inc_1", "inc_2")
    assert [a.incident_id for a in alerts] == ["inc_1"]


def test_alert_is_sent_once_per_incident_and_rule(store: Store) -> None:
    store.save_incident(incident())
    a = alerter(store, Rule("big", min_killed=10), Rule("here", country=frozenset({"NG"})))
    assert sorted(x.rule for x in check(a)) == ["big", "here"]
    assert check(a) == []
    store.save_incident(incident())  # stored again, nothing moved
    assert check(a) == []


def test_update_alert_when_the_toll_moves(store: Store) -> None:
    store.save_incident(incident())
    a = alerter(store, Rule("big", min_killed=10))
    check(a)
    store.save_incident(incident(killed=19, figures=(12, 19)))
    [update] = check(a)
    assert update.kind == "update"
    assert update.changes == ["killed 12 -> 19"]
    assert update.previous == {"killed": 12, "injured": 30}
    assert check(a) == []
    store.save_incident(incident(killed=19, injured=41, figures=(12, 19)))
    assert [u.changes for u in check(a)] == [["injured 30 -> 41"]]


def test_first_alert_comes_when_a_rising_toll_crosses_the_threshold(store: Store) -> None:
    store.save_incident(incident(killed=4, figures=(4,)))
    a = alerter(store, Rule("big", min_killed=10))
    assert check(a) == []
    store.save_incident(incident(killed=11, figures=(4, 11)))
    assert [x.kind for x in check(a)] == ["new"]


@pytest.mark.parametrize(("figures", "expected"), [((12, 25), 1), ((12, 17), 0), ((30, 12), 0)])
def test_toll_rose_by_compares_with_the_first_reported_figure(
    store: Store, figures: tuple[int, ...], expected: int
) -> None:
    store.save_incident(incident(killed=figures[-1], figures=figures))
    alerts = check(alerter(store, Rule("rising", toll_rose_by=10)))
    assert len(alerts) == expected
    if expected:
        assert alerts[0].reason == "toll rose by 13 (12 -> 25)"


def test_new_claim_raises_an_alert_then_an_update_for_a_further_claimant(store: Store) -> None:
    claimed = Perpetrator(name="Boko Haram", responsibility=Responsibility.CLAIMED)
    store.save_incident(incident(perpetrators=[claimed]))
    a = alerter(store, Rule("claims", new_claim=True))
    [first] = check(a)
    assert first.claimed_by == ["Boko Haram"] and first.reason == "claimed by Boko Haram"
    other = Perpetrator(name="ISWAP", responsibility=Responsibility.CLAIMED)
    store.save_incident(incident(perpetrators=[claimed, other]))
    [update] = check(a)
    assert update.kind == "update" and update.changes == ["new claim by ISWAP"]


def test_claim_of_responsibility_among_interactions_counts_as_a_claim(store: Store) -> None:
    store.save_incident(incident())
    claim = Interaction(
        article_id="a1",
        actor=Actor(name="Boko Haram"),
        verb="claim_responsibility",
        incident_id="inc_1",
        evidence=Span(start=0, end=5, text=TEXT[:5]),
    )
    store.add_interactions([("int_1", claim)])
    [alert] = check(alerter(store, Rule("claims", new_claim=True)))
    assert alert.claimed_by == ["Boko Haram"]


def test_alert_links_to_the_dashboard_and_the_api(store: Store) -> None:
    store.save_incident(incident())
    [alert] = check(alerter(store, Rule("r", min_killed=1)))
    assert alert.link == "http://dash.example.org:8000/#/incident/inc_1"
    assert alert.api == "http://dash.example.org:8000/api/incidents/inc_1"
    assert alert.sent_at == "2024-06-03T07:33:20+00:00"


def test_alerts_sent_survive_a_restart(tmp_path: Path) -> None:
    db = tmp_path / "restart.db"
    with open_store(db) as store:
        store.add_article(Article(id="a1", text=TEXT, content_hash="h1"))
        store.save_incident(incident())
        assert len(check(alerter(store, Rule("big", min_killed=10)))) == 1
    with open_store(db) as store:
        assert check(alerter(store, Rule("big", min_killed=10))) == []
        store.save_incident(incident(killed=15, figures=(12, 15)))
        assert [a.kind for a in check(alerter(store, Rule("big", min_killed=10)))] == ["update"]


def test_incident_merged_into_another_keeps_its_alerts(store: Store) -> None:
    store.save_incident(incident("inc_old"))
    a = alerter(store, Rule("big", min_killed=10))
    assert len(check(a, "inc_old")) == 1
    store.save_incident(incident("inc_new"))
    store.replace_incidents(["inc_old"], "inc_new")
    assert check(a, "inc_old", "inc_new") == []


def test_alert_that_reached_no_output_is_tried_again(store: Store) -> None:
    store.save_incident(incident())
    sink = DownSink()
    a = alerter(store, Rule("big", min_killed=10), sinks=[sink])
    report = RunReport()
    assert a.check(["inc_1"], report=report) == []
    assert report.counters["alerts.failed.down"] == 1
    kept = ListSink()
    a.sinks = [kept]
    assert [x.kind for x in a.check([], report=RunReport())] == ["new"]


def test_alert_reaching_one_output_counts_as_sent(store: Store) -> None:
    store.save_incident(incident())
    kept = ListSink()
    a = alerter(store, Rule("big", min_killed=10), sinks=[DownSink(), kept])
    assert len(check(a)) == 1 and len(kept.alerts) == 1
    assert check(a) == []


# -- outputs ----------------------------------------------------------------------------------


def an_alert(store: Store) -> Alert:
    store.save_incident(incident())
    [alert] = check(alerter(store, Rule("big", min_killed=10)))
    return alert


def test_stream_output_writes_one_json_line_per_alert(store: Store) -> None:
    stream = io.StringIO()
    StreamSink(stream).send(an_alert(store))
    [line] = stream.getvalue().splitlines()
    assert json.loads(line)["incident_id"] == "inc_1"


def test_jsonl_output_appends(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "alerts.jsonl"
    sink = JsonlSink(path)
    alert = an_alert(store)
    sink.send(alert)
    sink.send(alert)
    rows = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]
    assert [r["rule"] for r in rows] == ["big", "big"]


def test_jsonl_output_into_a_missing_folder_fails_cleanly(store: Store, tmp_path: Path) -> None:
    with pytest.raises(DeliveryFailed, match="cannot write"):
        JsonlSink(tmp_path / "gone" / "alerts.jsonl").send(an_alert(store))


def test_webhook_receives_the_alert_as_json_with_its_headers(store: Store) -> None:
    with receiving() as receiver:
        WebhookSink(receiver.url, headers={"Authorization": "Bearer s3"}).send(an_alert(store))
        [body] = receiver.wait_for(1)
    assert body["incident_id"] == "inc_1" and body["kind"] == "new"
    assert receiver.headers[0]["Authorization"] == "Bearer s3"
    assert receiver.headers[0]["Content-Type"] == "application/json"


def test_webhook_failing_first_is_retried_with_backoff_until_it_takes_the_alert(
    store: Store,
) -> None:
    waits: list[float] = []
    with receiving(fail_first=2) as receiver:
        sink = WebhookSink(receiver.url, retries=3, backoff=0.5, sleep=waits.append)
        sink.send(an_alert(store))
        assert len(receiver.wait_for(1)) == 1
    assert receiver.attempts == 3
    assert waits[:2] == [0.5, 1.0]


def test_webhook_down_after_its_retries_raises_delivery_failed(store: Store) -> None:
    with receiving(fail_first=100) as receiver:
        sink = WebhookSink(receiver.url, retries=2, backoff=0.0)
        with pytest.raises(DeliveryFailed, match=r"HTTP 500.*after 3 attempts"):
            sink.send(an_alert(store))
    assert receiver.attempts == 3


def test_webhook_refusing_connections_raises_delivery_failed(store: Store) -> None:
    with receiving() as receiver:
        url = receiver.url
    with pytest.raises(DeliveryFailed, match="cannot connect"):
        WebhookSink(url, retries=1, backoff=0.0).send(an_alert(store))


def test_alerter_delivers_through_a_real_webhook_once(store: Store, tmp_path: Path) -> None:
    with receiving(fail_first=1) as receiver:
        output = Output(stdout=False, jsonl=tmp_path / "a.jsonl", webhook=receiver.url)
        sinks = sinks_for(output, stdout=None)
        assert [s.name for s in sinks] == ["jsonl", "webhook"]
        store.save_incident(incident())
        a = alerter(store, Rule("big", min_killed=10), sinks=sinks)
        check(a)
        check(a)
        assert [b["rule"] for b in receiver.wait_for(1)] == ["big"]
    assert len((tmp_path / "a.jsonl").read_text(encoding="utf-8").splitlines()) == 1
