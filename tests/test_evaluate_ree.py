from __future__ import annotations

from typing import Any

import pytest
from evaluate_helpers import gold, row, value

from tocsin.evaluate.ree import is_tst, predicted_roles, score_ree

EMPTY: dict[str, list[list[str]]] = {
    r: [] for r in ("PerpInd", "PerpOrg", "Target", "Victim", "Weapon")
}
REE = EMPTY | {
    "PerpInd": [["terrorists"]],
    "PerpOrg": [["farabundo marti national liberation front", "fmln"]],
    "Target": [["las canas bridge"]],
    "Weapon": [["rifle"], ["mortar"]],
}


def _incident(doc: str = "d1", **fields: Any) -> dict[str, Any]:
    return row("inc", doc, **fields)


PERFECT = _incident(
    perpetrators=[
        {"name": "Terrorists", "kind": "individual"},
        {"name": "the FMLN", "kind": "group"},
    ],
    targets=[{"text": "the Las Canas bridge", "kind": "property"}],
    weapons=["rifle", {"text": "a mortar"}],
)


def test_roles_are_read_from_kinds() -> None:
    roles = predicted_roles([PERFECT, _incident(targets=[{"text": "a Mayor", "kind": "people"}])])
    assert roles == {
        "PerpInd": ["terrorists"],
        "PerpOrg": ["fmln"],
        "Target": ["las canas bridge"],
        "Victim": ["mayor"],
        "Weapon": ["rifle", "mortar"],
    }


def test_perfect_prediction() -> None:
    measures = score_ree([gold(ree=REE)], [PERFECT]).measures
    assert value(measures, "ree.precision") == 1.0
    assert value(measures, "ree.recall") == 1.0
    assert value(measures, "ree.PerpOrg.f1") == 1.0


def test_empty_prediction_has_recall_zero() -> None:
    measures = score_ree([gold(ree=REE)], []).measures
    assert value(measures, "ree.recall") == 0.0
    assert value(measures, "ree.precision") is None


def test_strict_match_needs_a_whole_mention() -> None:
    # Head-noun matching would accept these; CEAF-REE strict does not.
    predicted = _incident(
        perpetrators=[{"name": "three terrorists", "kind": "individual"}],
        targets=[{"text": "bridge", "kind": "property"}],
    )
    measures = score_ree([gold(ree=REE)], [predicted]).measures
    assert value(measures, "ree.precision") == 0.0


def test_each_entity_matched_once_and_role_matters() -> None:
    predicted = _incident(
        perpetrators=[
            {"name": "FMLN", "kind": "group"},
            {"name": "Farabundo Marti National Liberation Front", "kind": "group"},
            {"name": "rifle", "kind": "group"},  # right string, wrong role
        ],
    )
    measures = score_ree([gold(ree=REE)], [predicted]).measures
    assert value(measures, "ree.precision") == pytest.approx(1 / 3)
    assert value(measures, "ree.recall") == pytest.approx(1 / 5)
    assert value(measures, "ree.f1") == pytest.approx(2 * 1 / (3 + 5))


def test_duplicate_fillers_across_incidents_count_once() -> None:
    predicted = [_incident(weapons=["rifle"]), _incident(weapons=["Rifle."])]
    measures = score_ree([gold(ree=REE)], predicted).measures
    assert value(measures, "ree.precision") == 1.0


def test_tst_documents_are_also_scored_apart() -> None:
    records = [gold("muc4:DEV-MUC3-0001", ree=REE), gold("muc4:TST1-MUC3-0001", ree=REE)]
    predicted = [_incident("muc4:TST1-MUC3-0001", weapons=["rifle"])]
    measures = score_ree(records, predicted).measures
    assert value(measures, "ree.recall") == pytest.approx(1 / 10)
    assert value(measures, "ree_tst.recall") == pytest.approx(1 / 5)


def test_no_tst_measures_without_tst_documents() -> None:
    measures = score_ree([gold("muc4:DEV-MUC3-0001", ree=REE)], []).measures
    assert not any(m.name.startswith("ree_tst") for m in measures)


@pytest.mark.parametrize(
    ("doc_id", "tst"),
    [("muc4:TST1-MUC3-0001", True), ("muc4:TST2-MUC4-0100", True), ("muc4:DEV-MUC3-0001", False)],
)
def test_is_tst(doc_id: str, tst: bool) -> None:
    assert is_tst(doc_id) is tst
