from __future__ import annotations

from typing import Any

import pytest
from evaluate_helpers import count, gold, gold_incident, row, value

from tocsin.evaluate.incidents import date_agrees, score_incidents

KIDNAPPING = gold_incident(
    gtd_type="Hostage Taking (Kidnapping)",
    date="1989-12-30",
    country="SV",
    admin1="San Miguel",
    place="San Luis de la Reina",
    killed=0,
    kidnapped=50,
    perpetrators=[["FARABUNDO MARTI NATIONAL LIBERATION FRONT", "FMLN"]],
    targets=[["PEASANTS"]],
    weapons=[],
)


def _perfect_row(doc_id: str = "d1") -> dict[str, Any]:
    return row(
        "inc_1",
        doc_id,
        gtd_type="Hostage Taking (Kidnapping)",
        date="1989-12-30",
        country="SV",
        admin1="San Miguel",
        place="San Luis de la Reina",
        killed=None,
        kidnapped=50,
        perpetrators=[{"name": "FMLN", "kind": "group", "claimed": False}],
        targets=[{"text": "peasants", "kind": "people"}],
        weapons=[],
    )


def test_perfect_prediction_scores_one_everywhere() -> None:
    scores = score_incidents([gold(incidents=[KIDNAPPING])], [_perfect_row()])
    measured = {m.name: m.value for m in scores.measures}
    # weapons: gold [] and predicted [] gives nothing to compute P/R/F1 on.
    assert measured.pop("incidents.weapons.f1") is None
    assert all(v == 1.0 for k, v in measured.items() if "weapons" not in k), measured
    assert scores.errors[0].cost == 0


def test_empty_prediction_has_recall_zero() -> None:
    scores = score_incidents([gold(incidents=[KIDNAPPING])], [])
    assert value(scores.measures, "incidents.detection.recall") == 0.0
    assert value(scores.measures, "incidents.detection.precision") is None
    assert value(scores.measures, "incidents.detection.f1") == 0.0
    # No pair was matched, so no field accuracy could be computed.
    assert value(scores.measures, "incidents.gtd_type.accuracy") is None
    assert count(scores.measures, "incidents.gtd_type.accuracy") == 0


def test_one_of_two_gold_incidents_found() -> None:
    other = gold_incident(place="Usulutan", killed=3)
    scores = score_incidents([gold(incidents=[KIDNAPPING, other])], [_perfect_row()])
    assert value(scores.measures, "incidents.detection.precision") == 1.0
    assert value(scores.measures, "incidents.detection.recall") == 0.5
    assert value(scores.measures, "incidents.detection.f1") == pytest.approx(2 / 3)
    assert "missed gold incident 2" in scores.errors[0].problems


def test_document_coded_as_no_incident_makes_predictions_false_positives() -> None:
    scores = score_incidents([gold(incidents=[])], [row("inc_1", "d1"), row("inc_2", "d1")])
    assert value(scores.measures, "incidents.detection.precision") == 0.0
    assert count(scores.measures, "incidents.detection.precision") == 2
    assert value(scores.measures, "incidents.detection.recall") is None


def test_document_with_null_incidents_is_not_scored() -> None:
    records = [gold("d1", incidents=[KIDNAPPING]), gold("d2", incidents=None)]
    scores = score_incidents(records, [_perfect_row("d1"), row("inc_2", "d2")])
    assert value(scores.measures, "incidents.detection.precision") == 1.0
    assert [e.id for e in scores.errors] == ["d1"]


def test_unmatched_optional_gold_incident_is_not_missed() -> None:
    optional = gold_incident(place="Usulutan", killed=3, native={"optional": True})
    scores = score_incidents([gold(incidents=[KIDNAPPING, optional])], [_perfect_row()])
    assert value(scores.measures, "incidents.detection.recall") == 1.0
    assert count(scores.measures, "incidents.detection.recall") == 1


def test_matched_optional_gold_incident_is_a_true_positive() -> None:
    optional = gold_incident(place="Usulutan", killed=3, native={"optional": True})
    predicted = [_perfect_row(), row("inc_2", "d1", place="Usulutan", killed=3)]
    scores = score_incidents([gold(incidents=[KIDNAPPING, optional])], predicted)
    assert value(scores.measures, "incidents.detection.precision") == 1.0
    assert value(scores.measures, "incidents.detection.recall") == 1.0
    assert count(scores.measures, "incidents.detection.recall") == 2


def test_a_lone_prediction_aligns_with_the_required_incident_on_a_tie() -> None:
    optional = gold_incident(native={"optional": True})
    required = gold_incident()
    scores = score_incidents([gold(incidents=[optional, required])], [row("inc_1", "d1")])
    assert value(scores.measures, "incidents.detection.recall") == 1.0


def test_alignment_maximises_field_agreement() -> None:
    first = gold_incident(place="Usulutan", killed=3)
    second = gold_incident(place="Morazan", killed=1)
    predicted = [
        row("inc_a", "d1", place="Morazan", killed=1),
        row("inc_b", "d1", place="Usulutan", killed=3),
    ]
    scores = score_incidents([gold(incidents=[first, second])], predicted)
    assert value(scores.measures, "incidents.place.accuracy") == 1.0
    assert value(scores.measures, "incidents.killed.accuracy") == 1.0


def test_only_fields_with_gold_are_measured() -> None:
    shooting = gold_incident(date="2016-03-02", country="US", killed=1, injured=0)
    scores = score_incidents([gold(incidents=[shooting])], [row("inc_1", "d1", gtd_type="X")])
    names = [m.name for m in scores.measures]
    assert "incidents.gtd_type.accuracy" not in names
    assert "incidents.perpetrators.f1" not in names
    assert "incidents.killed.accuracy" in names


@pytest.mark.parametrize(
    ("gold_date", "predicted", "agrees"),
    [
        ("1989-12-30", "1989-12-30", True),
        ("1989-12-30", "1989-12-29", False),
        ("1989-12", "1989-12-30", True),
        ("1989-12", "1989-12", True),
        ("1989-12", "1990-01-01", False),
        ("1989-12-30", "1989-12", False),
        ("1989-12-30", None, False),
    ],
)
def test_date_agreement(gold_date: str, predicted: str | None, agrees: bool) -> None:
    assert date_agrees(gold_date, predicted) is agrees


@pytest.mark.parametrize(
    ("predicted", "right"),
    [
        ("San Luis de la Reina", True),
        ("SAN LUIS DE LA REINA", True),
        ("San Luís de la Reina.", True),
        ("Lima", True),
        ("Reina", False),
        (None, False),
    ],
)
def test_place_accepts_alternatives_case_accents_punctuation(
    predicted: str | None, right: bool
) -> None:
    incident = gold_incident(place="San Luis de la Reina", native={"place_alternatives": ["Lima"]})
    scores = score_incidents([gold(incidents=[incident])], [row("i", "d1", place=predicted)])
    assert value(scores.measures, "incidents.place.accuracy") == (1.0 if right else 0.0)


@pytest.mark.parametrize(
    ("lat", "lon", "right"),
    [(13.70, -89.20, True), (13.85, -89.20, True), (14.0, -89.2, False), (None, None, False)],
)
def test_location_within_25_km(lat: float | None, lon: float | None, right: bool) -> None:
    incident = gold_incident(lat=13.70, lon=-89.20)
    scores = score_incidents([gold(incidents=[incident])], [row("i", "d1", lat=lat, lon=lon)])
    assert value(scores.measures, "incidents.location_25km.accuracy") == (1.0 if right else 0.0)


@pytest.mark.parametrize(
    ("gold_killed", "predicted", "right"),
    [(3, 3, True), (3, 4, False), (3, None, False), (0, None, True), (0, 0, True), (0, 1, False)],
)
def test_counts_are_exact_and_an_absent_count_means_none(
    gold_killed: int, predicted: int | None, right: bool
) -> None:
    incident = gold_incident(killed=gold_killed)
    scores = score_incidents([gold(incidents=[incident])], [row("i", "d1", killed=predicted)])
    assert value(scores.measures, "incidents.killed.accuracy") == (1.0 if right else 0.0)


@pytest.mark.parametrize(
    ("perpetrators", "claimed", "right"),
    [
        ([{"name": "FMLN", "claimed": True}], True, True),
        ([{"name": "FMLN", "claimed": False}], True, False),
        ([], False, True),
    ],
)
def test_claimed_reads_the_perpetrators_claimed_flag(
    perpetrators: list[dict[str, Any]], claimed: bool, right: bool
) -> None:
    incident = gold_incident(claimed=claimed)
    scores = score_incidents(
        [gold(incidents=[incident])], [row("i", "d1", perpetrators=perpetrators)]
    )
    assert value(scores.measures, "incidents.claimed.accuracy") == (1.0 if right else 0.0)


def test_entity_precision_recall_with_head_nouns() -> None:
    incident = gold_incident(
        targets=[["PEASANTS"], ["MAYOR", "JOSE PEREZ"]],
        weapons=[["RIFLE"], ["MORTAR"]],
        perpetrators=[["FMLN"]],
    )
    predicted = row(
        "i",
        "d1",
        targets=[{"text": "50 peasants", "kind": "people"}, {"text": "a priest"}],
        weapons=["M-16 rifle", {"text": "rifles"}, {"text": "M-16 rifle"}],
        perpetrators=[{"name": "FMLN rebels", "kind": "group"}],
    )
    measures = score_incidents([gold(incidents=[incident])], [predicted]).measures
    assert value(measures, "incidents.targets.precision") == 0.5
    assert value(measures, "incidents.targets.recall") == 0.5
    # The duplicate "M-16 rifle" counts once; "rifles" does not contain the head "rifle".
    assert count(measures, "incidents.weapons.precision") == 2
    assert value(measures, "incidents.weapons.precision") == 0.5
    assert value(measures, "incidents.weapons.recall") == 0.5
    assert value(measures, "incidents.perpetrators.f1") == 1.0


def test_entities_are_micro_averaged_over_documents() -> None:
    records = [
        gold("d1", incidents=[gold_incident(targets=[["PEASANTS"]])]),
        gold("d2", incidents=[gold_incident(targets=[["BUS"], ["DEPOT"], ["DRIVER"]])]),
    ]
    predicted = [
        row("a", "d1", targets=[{"text": "peasants"}]),
        row("b", "d2", targets=[{"text": "bus"}]),
    ]
    measures = score_incidents(records, predicted).measures
    assert value(measures, "incidents.targets.recall") == 0.5  # 2 of 4, not mean(1, 1/3)
    assert value(measures, "incidents.targets.precision") == 1.0


def test_incident_listing_several_documents_counts_in_each() -> None:
    records = [
        gold("d1", incidents=[gold_incident(killed=2)]),
        gold("d2", incidents=[gold_incident(killed=2)]),
    ]
    scores = score_incidents(records, [row("i", "d1", "d2", killed=2)])
    assert value(scores.measures, "incidents.detection.recall") == 1.0
    assert count(scores.measures, "incidents.killed.accuracy") == 2


def test_errors_name_the_wrong_field() -> None:
    incident = gold_incident(gtd_type="Bombing/Explosion")
    scores = score_incidents(
        [gold(incidents=[incident])], [row("i", "d1", gtd_type="Armed Assault")]
    )
    error = scores.errors[0]
    assert error.cost == 1
    assert error.problems == [
        "gold 1 gtd_type: gold 'Bombing/Explosion', predicted 'Armed Assault'"
    ]
