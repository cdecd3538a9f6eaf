from __future__ import annotations

from factories import mention, place

from tocsin.resolve.merge import absorb, best_match, current_counts, new_incident


def test_a_second_report_of_the_same_attack_joins_it() -> None:
    incident = new_incident(mention("a1"))
    assert best_match([incident], mention("a2", published="2024-03-24")) is incident


def test_the_latest_report_sets_the_current_toll() -> None:
    incident = new_incident(mention("a1", killed=60))
    incident = absorb(incident, mention("a2", killed=133, published="2024-03-24"))
    assert incident.killed is not None and incident.killed.value == 133
    assert [r.killed.value for r in incident.count_history if r.killed] == [60, 133]


def test_an_older_report_arriving_late_does_not_lower_the_toll() -> None:
    incident = new_incident(mention("a2", killed=133, published="2024-03-24"))
    incident = absorb(incident, mention("a1", killed=60, published="2024-03-23"))
    assert incident.killed is not None and incident.killed.value == 133


def test_a_bombing_weeks_later_in_the_same_city_stays_apart() -> None:
    incident = new_incident(mention("a1"))
    assert best_match([incident], mention("a2", day="2024-04-20", published="2024-04-21")) is None


def test_an_attack_in_another_country_stays_apart() -> None:
    incident = new_incident(mention("a1"))
    far = place("Kabul", lat=34.53, lon=69.17, gid=1138958, country="AF", admin1="Kabul")
    assert best_match([incident], mention("a2", where=far)) is None


def test_two_incidents_of_one_article_never_merge() -> None:
    incident = new_incident(mention("a1", 0))
    assert best_match([incident], mention("a1", 1)) is None


def test_an_accident_and_an_attack_stay_apart() -> None:
    incident = new_incident(mention("a1"))
    other = mention("a2", acled_type="Strategic developments", group=None)
    assert best_match([incident], other) is None


def test_current_counts_without_figures_are_none() -> None:
    assert current_counts([]) == {"killed": None, "injured": None, "kidnapped": None}


def test_incident_ids_are_stable() -> None:
    assert new_incident(mention("a1")).id == new_incident(mention("a1")).id
    assert new_incident(mention("a1")).id != new_incident(mention("a2")).id
