"""evaluate_file over the real pipeline on tiny own-written gold sets: names and sane values."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from tocsin.evaluate import EvalResult, evaluate_file

pytestmark = pytest.mark.slow

BOMBING = {
    "id": "e2e:1",
    "text": (
        "A car bomb exploded outside a police station in Kabul on Tuesday, killing 12 people "
        "and wounding 30, officials said. The Taliban claimed responsibility for the attack. "
        "The United Nations condemned the bombing."
    ),
    "published": "2021-03-03",
    "title": None,
    "url": None,
    "source": None,
    "incidents": [
        {
            "gtd_type": "Bombing/Explosion",
            "date": "2021-03-02",
            "country": "AF",
            "place": "Kabul",
            "killed": 12,
            "injured": 30,
            "perpetrators": [["Taliban"]],
            "claimed": True,
            "targets": [["police station"]],
            "weapons": [["car bomb"]],
        }
    ],
    "interactions": [
        {"actor": [["United Nations", "UN"]], "plover": "ACCUSE", "cameo": "11", "target": None}
    ],
}
BUDGET = {
    "id": "e2e:2",
    "text": "The city council approved a new budget for road repairs on Monday.",
    "published": "2021-03-02",
    "incidents": [],
    "interactions": [],
}
SHOOTING = {
    "id": "e2e:3",
    "text": "Gunmen shot dead two farmers in a village near Maiduguri, Borno State, on Sunday.",
    "published": "2021-03-01",
    "incidents": [
        {"gtd_type": "Armed Assault", "country": "NG", "killed": 2, "targets": [["farmers"]]}
    ],
    "interactions": None,
}


def _jsonl(path: Path, *rows: Mapping[str, Any]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def _sane(result: EvalResult) -> None:
    for m in result.measures:
        assert m.n >= 0
        if m.value is not None and not m.name.endswith(("_km", "relative_error")):
            assert 0.0 <= m.value <= 1.0, m


def test_incident_and_interaction_gold(tmp_path: Path) -> None:
    gold = _jsonl(tmp_path / "gold.jsonl", BOMBING, BUDGET, SHOOTING)
    result = evaluate_file(gold, workdir=tmp_path / "db")
    assert result.kinds == ["incidents", "interactions"]
    assert result.run["source"] == "pipeline"
    assert result.run["read"] == 3
    names = [m.name for m in result.measures]
    for name in (
        "incidents.detection.f1",
        "incidents.gtd_type.accuracy",
        "incidents.killed.accuracy",
        "incidents.perpetrators.f1",
        "interactions.actor_plover.f1",
        "interactions.cameo_type.f1",
    ):
        assert name in names
    assert result.measure("incidents.detection.recall").n == 2
    assert (tmp_path / "db" / "gold.eval.db").exists()
    _sane(result)


def test_story_gold(tmp_path: Path) -> None:
    stories = [
        ("s:1", "mosque", "A suicide bomber killed 20 people at a mosque in Peshawar on Monday."),
        ("s:2", "mosque", "The toll from Monday's mosque bombing in Peshawar rose to 32 dead."),
        ("s:3", "distractor-bus", "A bus fell into a ravine in Balochistan, killing 40 people."),
    ]
    rows = [
        {
            "id": doc_id,
            "text": text,
            "published": "2023-01-30",
            "story": story,
            "story_final": {"killed": 32, "injured": None} if story == "mosque" else None,
            "incidents": None,
            "interactions": None,
        }
        for doc_id, story, text in stories
    ]
    result = evaluate_file(_jsonl(tmp_path / "stories.jsonl", *rows))
    assert [m.name for m in result.measures] == [
        "stories.bcubed.precision",
        "stories.bcubed.recall",
        "stories.bcubed.f1",
        "stories.final_killed.relative_error",
        "stories.final_killed.exact",
    ]
    assert result.measure("stories.bcubed.f1").n == 3
    _sane(result)


def test_ree_gold(tmp_path: Path) -> None:
    text = "GUERRILLAS OF THE FMLN ATTACKED THE LAS CANAS BRIDGE WITH MORTARS YESTERDAY."
    _jsonl(tmp_path / "muc4.jsonl", {"id": "muc4:TST1-X-1", "text": text, "incidents": []})
    ree = {
        "PerpInd": [["guerrillas"]],
        "PerpOrg": [["fmln"]],
        "Target": [["las canas bridge"]],
        "Victim": [],
        "Weapon": [["mortars"]],
    }
    result = evaluate_file(_jsonl(tmp_path / "muc4_ree.jsonl", {"id": "muc4:TST1-X-1", "ree": ree}))
    assert result.kinds == ["ree"]
    assert result.measure("ree.recall").n == 4
    assert result.measure("ree_tst.recall").n == 4
    _sane(result)


def test_toponym_gold(tmp_path: Path) -> None:
    text = "Protesters marched from Lyon to Paris on Saturday."
    toponyms = [
        {"start": 24, "end": 28, "name": "Lyon", "lat": 45.75, "lon": 4.85, "geonames_id": 2996944},
        {
            "start": 32,
            "end": 37,
            "name": "Paris",
            "lat": 48.85,
            "lon": 2.35,
            "geonames_id": 2988507,
        },
    ]
    gold = _jsonl(tmp_path / "geo.jsonl", {"id": "g:1", "text": text, "toponyms": toponyms})
    result = evaluate_file(gold)
    assert [m.name for m in result.measures] == [
        "toponyms.span.precision",
        "toponyms.span.recall",
        "toponyms.span.f1",
        "toponyms.acc161",
        "toponyms.median_error_km",
        "toponyms.geonames_id.accuracy",
    ]
    assert result.measure("toponyms.span.recall").n == 2
    _sane(result)
