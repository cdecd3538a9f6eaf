from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tocsin.errors import GoldFormatError, InputNotFound
from tocsin.evaluate.gold import GoldKind, detect_kinds, read_gold, strip_gold


def _write(path: Path, *lines: object) -> Path:
    path.write_text(
        "".join((x if isinstance(x, str) else json.dumps(x)) + "\n" for x in lines),
        encoding="utf-8",
    )
    return path


def _record(doc_id: str = "t:1", **extra: Any) -> dict[str, object]:
    return {"id": doc_id, "text": "Gunmen attacked a bus depot on Monday.", **extra}


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "expected a JSON object"),
        (json.dumps({"text": "no id"}), "field 'id'"),
        (json.dumps(_record(incidents=[{"killed": "many"}])), "field 'incidents.0.killed'"),
        (json.dumps(_record(incidents=[{"perpetrators": ["FMLN"]}])), "incidents.0.perpetrators"),
        (json.dumps({"id": "t:2", "text": ""}), "has no text"),
    ],
)
def test_malformed_line_raises_with_file_and_line(tmp_path: Path, line: str, message: str) -> None:
    path = _write(tmp_path / "g.jsonl", _record(incidents=[]), line)
    with pytest.raises(GoldFormatError) as err:
        read_gold(path)
    assert f"{path}:2:" in str(err.value)
    assert message in str(err.value)
    assert str(err.value).startswith("[E040]")


def test_duplicate_id_is_an_error(tmp_path: Path) -> None:
    path = _write(tmp_path / "g.jsonl", _record(incidents=[]), _record(incidents=[]))
    with pytest.raises(GoldFormatError, match=r"duplicate id 't:1' \(first on line 1\)"):
        read_gold(path)


def test_empty_file_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "g.jsonl"
    path.write_text("\n", encoding="utf-8")
    with pytest.raises(GoldFormatError, match="holds no records"):
        read_gold(path)


def test_missing_file_is_input_not_found(tmp_path: Path) -> None:
    with pytest.raises(InputNotFound, match="no such gold file"):
        read_gold(tmp_path / "absent.jsonl")


def test_strip_gold_keeps_only_the_input_fields(tmp_path: Path) -> None:
    extra = {"published": "2020-05-01", "title": "T", "url": "u", "source": "s", "language": "en"}
    path = _write(
        tmp_path / "g.jsonl",
        _record(**extra, dataset="x", incidents=[{"killed": 3}], story="s1", native={"a": 1}),
    )
    stripped = strip_gold(read_gold(path)[0])
    assert stripped == {
        "id": "t:1",
        "text": "Gunmen attacked a bus depot on Monday.",
        "published": "2020-05-01",
        "title": "T",
        "url": "u",
        "source": "s",
    }


@pytest.mark.parametrize(
    ("extra", "kinds"),
    [
        ({"incidents": []}, [GoldKind.INCIDENTS]),
        ({"interactions": []}, [GoldKind.INTERACTIONS]),
        ({"incidents": [], "interactions": []}, [GoldKind.INCIDENTS, GoldKind.INTERACTIONS]),
        ({"story": "s1", "incidents": None}, [GoldKind.STORIES]),
        ({"toponyms": []}, [GoldKind.TOPONYMS]),
    ],
)
def test_detect_kinds(tmp_path: Path, extra: dict[str, Any], kinds: list[GoldKind]) -> None:
    path = _write(tmp_path / "g.jsonl", _record(**extra))
    assert detect_kinds(read_gold(path)) == kinds


def test_a_set_that_codes_nothing_is_an_error(tmp_path: Path) -> None:
    path = _write(tmp_path / "g.jsonl", _record(incidents=None, interactions=None))
    with pytest.raises(GoldFormatError, match="codes nothing"):
        detect_kinds(read_gold(path))


def test_ree_records_take_their_texts_from_muc4_jsonl(tmp_path: Path) -> None:
    _write(tmp_path / "muc4.jsonl", _record("m:1", published="1990-01-02", incidents=[]))
    empty: dict[str, list[object]] = {
        "PerpInd": [],
        "PerpOrg": [],
        "Target": [],
        "Victim": [],
        "Weapon": [],
    }
    path = _write(tmp_path / "muc4_ree.jsonl", {"id": "m:1", "ree": empty})
    records = read_gold(path)
    assert detect_kinds(records) == [GoldKind.REE]
    assert records[0].text == "Gunmen attacked a bus depot on Monday."
    assert strip_gold(records[0])["published"] == "1990-01-02"


def test_ree_without_muc4_jsonl_says_what_to_do(tmp_path: Path) -> None:
    path = _write(tmp_path / "muc4_ree.jsonl", {"id": "m:1", "ree": {"Victim": []}})
    with pytest.raises(GoldFormatError, match=r"put muc4\.jsonl next to it"):
        read_gold(path)


def test_unknown_ree_role_is_an_error(tmp_path: Path) -> None:
    _write(tmp_path / "muc4.jsonl", _record("m:1"))
    path = _write(tmp_path / "muc4_ree.jsonl", {"id": "m:1", "ree": {"Villain": []}})
    with pytest.raises(GoldFormatError, match="unknown REE role"):
        read_gold(path)
