from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tocsin.evaluate import evaluate_file
from tocsin.evaluate.command import evaluate

GOLD: list[dict[str, Any]] = [
    {
        "id": "t:1",
        "text": "A car bomb killed four people at a market in Kirkuk on Friday.",
        "published": "2021-06-05",
        "incidents": [
            {
                "gtd_type": "Bombing/Explosion",
                "country": "IQ",
                "killed": 4,
                "weapons": [["car bomb"]],
            }
        ],
        "interactions": None,
    },
    {
        "id": "t:2",
        "text": "The council approved a budget for road repairs.",
        "published": "2021-06-05",
        "incidents": [],
        "interactions": None,
    },
]
PREDICTED: list[dict[str, Any]] = [
    {
        "id": "inc_1",
        "articles": ["t:1"],
        "gtd_type": "Bombing/Explosion",
        "country": "IQ",
        "killed": 3,
        "weapons": [{"text": "car bomb"}],
    },
    {"id": "inc_2", "articles": ["t:2"], "gtd_type": "Armed Assault"},
]


def _jsonl(path: Path, rows: Sequence[Mapping[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    gold = _jsonl(tmp_path / "gold.jsonl", GOLD)
    export = tmp_path / "export"
    export.mkdir()
    _jsonl(export / "incidents.jsonl", PREDICTED)
    return gold, export


def test_evaluate_file_scores_an_export_folder(files: tuple[Path, Path]) -> None:
    gold, export = files
    result = evaluate_file(gold, predictions_dir=export)
    assert result.kinds == ["incidents"]
    assert result.documents == 2
    values = result.values()
    assert values["incidents.detection.precision"] == 0.5
    assert values["incidents.detection.recall"] == 1.0
    assert values["incidents.killed.accuracy"] == 0.0
    assert values["incidents.weapons.f1"] == 1.0
    assert result.run["source"] == "predictions"


def test_limit_scores_only_the_first_records(files: tuple[Path, Path]) -> None:
    gold, export = files
    result = evaluate_file(gold, predictions_dir=export, limit=1)
    assert result.documents == 1
    assert result.measure("incidents.detection.precision").value == 1.0


def test_ids_scores_only_the_records_whose_id_matches(files: tuple[Path, Path]) -> None:
    gold, export = files
    result = evaluate_file(gold, predictions_dir=export, ids=r":2$")
    assert result.documents == 1
    assert result.measure("incidents.detection.precision").value == 0.0


@pytest.mark.parametrize(
    ("pattern", "message"),
    [("nothing-like-this", "matches no record id"), ("(", "is not a regular expression")],
)
def test_ids_that_select_nothing_or_do_not_parse_are_one_line_errors(
    files: tuple[Path, Path], pattern: str, message: str
) -> None:
    gold, export = files
    result = CliRunner().invoke(
        evaluate, [str(gold), "--predictions", str(export), "--ids", pattern]
    )
    assert result.exit_code == 1
    assert message in result.output


def test_table_has_one_row_per_measure_with_n(files: tuple[Path, Path]) -> None:
    gold, export = files
    out = CliRunner().invoke(evaluate, [str(gold), "--predictions", str(export)])
    assert out.exit_code == 0, out.output
    assert "incidents.detection.precision     0.500        2" in out.output
    assert "incidents.killed.accuracy         0.000        1" in out.output


def test_json_output_is_one_object_with_the_worst_documents(files: tuple[Path, Path]) -> None:
    gold, export = files
    out = CliRunner().invoke(
        evaluate, [str(gold), "--predictions", str(export), "--json", "--errors", "1"]
    )
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["documents"] == 2
    assert {"name": "incidents.detection.recall", "value": 1.0, "n": 1} in data["measures"]
    # Both documents cost 1; ties keep gold order.
    assert [e["id"] for e in data["errors"]] == ["t:1"]


def test_errors_lists_problems_of_the_worst_documents(files: tuple[Path, Path]) -> None:
    gold, export = files
    out = CliRunner().invoke(evaluate, [str(gold), "--predictions", str(export), "--errors", "5"])
    assert out.exit_code == 0, out.output
    assert "== t:1 (cost 1)" in out.output
    assert "  - gold 1 killed: gold 4, predicted 3" in out.output
    assert "  - spurious incident inc_2" in out.output


def test_missing_gold_file_is_a_one_line_error(tmp_path: Path) -> None:
    out = CliRunner().invoke(evaluate, [str(tmp_path / "nope.jsonl")])
    assert out.exit_code == 1
    assert out.output == (
        f"Error: [E001] {tmp_path / 'nope.jsonl'}: no such gold file; "
        "give the path of a gold JSONL file.\n"
    )


def test_malformed_gold_is_a_one_line_error_naming_the_line(tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps(GOLD[0]) + "\n{oops\n", encoding="utf-8")
    out = CliRunner().invoke(evaluate, [str(gold), "--predictions", str(tmp_path)])
    assert out.exit_code == 1
    assert out.output.startswith(f"Error: [E040] {gold}:2: not valid JSON")


def test_missing_export_file_is_a_one_line_error(files: tuple[Path, Path], tmp_path: Path) -> None:
    gold, _ = files
    empty = tmp_path / "empty"
    empty.mkdir()
    out = CliRunner().invoke(evaluate, [str(gold), "--predictions", str(empty)])
    assert out.exit_code == 1
    assert out.output == (
        f"Error: [E001] {empty / 'incidents.jsonl'} is missing; "
        "write it with `tocsin export` (or `tocsin geoparse`).\n"
    )
