"""The alert rules file: what a good one gives, and the coded error each mistake raises."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from tocsin.cli import cli
from tocsin.errors import AlertOutputInvalid, AlertRuleInvalid, AlertRulesUnreadable
from tocsin.watch.rules import load_rules

REPO = Path(__file__).resolve().parents[1]

GOOD = """
[[rule]]
name = "deadly-in-russia"
country = ["RU", "Ukraine"]
min_killed = 10
type = "bombing/explosion"

[[rule]]
name = "claims"
perpetrator = "ISIS"
new_claim = true

[output]
stdout = false
jsonl = "out/alerts.jsonl"
webhook = "http://127.0.0.1:9/hook"
webhook_headers = { Authorization = "Bearer t" }
webhook_retries = 2
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "rules.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_good_file_gives_checked_rules_and_outputs(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    config = load_rules(write(tmp_path, GOOD))
    first, second = config.rules
    assert first.country == {"RU", "UA"}
    assert first.type == {"bombing/explosion"}
    assert first.min_killed == 10
    assert second.perpetrator == ("ISIS",) and second.new_claim
    assert config.output.jsonl == tmp_path / "out" / "alerts.jsonl"
    assert config.output.webhook_headers == {"Authorization": "Bearer t"}
    assert config.output.webhook_retries == 2 and not config.output.stdout


def test_outputs_default_to_stdout(tmp_path: Path) -> None:
    config = load_rules(write(tmp_path, '[[rule]]\nname = "all"\nmin_killed = 0\n'))
    assert config.output.stdout and config.output.jsonl is None and config.output.webhook is None


def test_the_example_in_the_docs_is_a_valid_rules_file(tmp_path: Path) -> None:
    doc = (REPO / "docs" / "alerts.md").read_text(encoding="utf-8")
    example = doc.split("```toml\n", 1)[1].split("```", 1)[0]
    config = load_rules(write(tmp_path, example))
    assert [r.name for r in config.rules] == [
        "mass-casualty",
        "sahel-bombings",
        "islamic-state-claims",
        "toll-rising-in-borno",
        "attacks-on-schools",
    ]


@pytest.mark.parametrize(
    ("text", "error", "words"),
    [
        ("[[rule]\nname = 1", AlertRulesUnreadable, "not valid TOML"),
        ("", AlertRuleInvalid, "no rule"),
        ('[[rule]]\nname = "x"\n', AlertRuleInvalid, "no condition"),
        ("[[rule]]\nmin_killed = 3\n", AlertRuleInvalid, "give the rule a name"),
        ('[[rule]]\nname = "x"\nmin_kiled = 3\n', AlertRuleInvalid, "unknown key 'min_kiled'"),
        ('[[rule]]\nname = "x"\ncountry = "Atlantis"\n', AlertRuleInvalid, "unknown country"),
        ('[[rule]]\nname = "x"\ntype = "Car chase"\n', AlertRuleInvalid, "unknown type"),
        ('[[rule]]\nname = "x"\nmin_killed = -1\n', AlertRuleInvalid, "whole number >= 0"),
        ('[[rule]]\nname = "x"\nmin_killed = "ten"\n', AlertRuleInvalid, "whole number"),
        ('[[rule]]\nname = "x"\ntoll_rose_by = 0\n', AlertRuleInvalid, "whole number >= 1"),
        ('[[rule]]\nname = "x"\nnew_claim = "yes"\n', AlertRuleInvalid, "true or false"),
        ('[[rule]]\nname = "x"\nkeywords = []\n', AlertRuleInvalid, "non-empty"),
        (
            '[[rule]]\nname = "x"\nmin_killed = 1\n[[rule]]\nname = "x"\nmin_killed = 2\n',
            AlertRuleInvalid,
            "two rules are named 'x'",
        ),
        ('[rules]\nname = "x"\n', AlertRuleInvalid, "unknown table or key 'rules'"),
        (
            '[[rule]]\nname = "x"\nmin_killed = 1\n[output]\nwebhook = "ftp://h/x"\n',
            AlertOutputInvalid,
            "http:// or https://",
        ),
        (
            '[[rule]]\nname = "x"\nmin_killed = 1\n[output]\njsonl = "no/such/dir/a.jsonl"\n',
            AlertOutputInvalid,
            "does not exist",
        ),
        (
            '[[rule]]\nname = "x"\nmin_killed = 1\n[output]\nstdout = false\n',
            AlertOutputInvalid,
            "every output is off",
        ),
        (
            '[[rule]]\nname = "x"\nmin_killed = 1\n[output]\nwebhook_timeout = 0\n',
            AlertOutputInvalid,
            "webhook_timeout",
        ),
        (
            '[[rule]]\nname = "x"\nmin_killed = 1\n[output]\nsms = "+1"\n',
            AlertOutputInvalid,
            "unknown key 'sms'",
        ),
    ],
)
def test_bad_rules_file_raises_a_coded_error(
    tmp_path: Path, text: str, error: type[Exception], words: str
) -> None:
    with pytest.raises(error, match=r"^\[E07[0-2]\] ") as caught:
        load_rules(write(tmp_path, text))
    assert words in str(caught.value)


def test_missing_rules_file_is_e070(tmp_path: Path) -> None:
    with pytest.raises(AlertRulesUnreadable, match=r"^\[E070\] No alert rules file"):
        load_rules(tmp_path / "absent.toml")


def test_cli_watch_stops_on_a_bad_rules_file_before_watching(tmp_path: Path) -> None:
    rules = write(tmp_path, '[[rule]]\nname = "x"\ncountry = "Atlantis"\n')
    db = tmp_path / "w.db"
    result = CliRunner().invoke(
        cli, ["watch", str(tmp_path), "--db", str(db), "--once", "--alerts", str(rules)]
    )
    assert result.exit_code == 1
    assert (
        result.stderr.startswith("Error: [E071] ") and "unknown country 'Atlantis'" in result.stderr
    )
    assert not db.exists()
