"""Alert rules: read and check a TOML file of `[[rule]]` tables and one `[output]` table.

Every condition given in a rule must hold (AND); a condition given a list holds when any item
does (OR). A file that cannot be used raises a coded error naming the rule and the key, so
the user can fix it before the watch starts rather than miss alerts later. See docs/alerts.md.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tocsin.errors import AlertOutputInvalid, AlertRuleInvalid, AlertRulesUnreadable

CONDITIONS = (
    "country",
    "admin1",
    "type",
    "perpetrator",
    "min_killed",
    "keywords",
    "toll_rose_by",
    "new_claim",
)
RULE_KEYS = ("name", *CONDITIONS)
OUTPUT_KEYS = (
    "stdout",
    "jsonl",
    "webhook",
    "webhook_headers",
    "webhook_timeout",
    "webhook_retries",
)

GTD_TYPES = (
    "Assassination",
    "Armed Assault",
    "Bombing/Explosion",
    "Hijacking",
    "Hostage Taking (Barricade Incident)",
    "Hostage Taking (Kidnapping)",
    "Facility/Infrastructure Attack",
    "Unarmed Assault",
    "Unknown",
)


@dataclass(frozen=True)
class Rule:
    """One alert rule; None (or empty) means the condition is not part of the rule."""

    name: str
    country: frozenset[str] = frozenset()  # ISO 3166-1 alpha-2, upper case
    admin1: frozenset[str] = frozenset()  # casefolded
    type: frozenset[str] = frozenset()  # casefolded GTD / ACLED labels
    perpetrator: tuple[str, ...] = ()  # as written in the rule
    min_killed: int | None = None
    keywords: tuple[str, ...] = ()
    toll_rose_by: int | None = None
    new_claim: bool = False


@dataclass(frozen=True)
class Output:
    """Where alerts go: stdout, a JSON Lines file, a webhook."""

    stdout: bool = True
    jsonl: Path | None = None
    webhook: str | None = None
    webhook_headers: Mapping[str, str] = field(default_factory=dict)
    webhook_timeout: float = 10.0
    webhook_retries: int = 3


@dataclass(frozen=True)
class AlertConfig:
    rules: tuple[Rule, ...]
    output: Output


def load_rules(path: str | Path) -> AlertConfig:
    """Return the rules and outputs of a TOML rules file.

    Raises AlertRulesUnreadable (E070) for a missing file or bad TOML, AlertRuleInvalid (E071)
    for a bad rule, AlertOutputInvalid (E072) for a bad `[output]` table.
    """
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise AlertRulesUnreadable(f"No alert rules file at {path}.") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise AlertRulesUnreadable(f"Cannot read the alert rules file {path}: {exc}.") from exc
    except tomllib.TOMLDecodeError as exc:
        raise AlertRulesUnreadable(f"{path} is not valid TOML: {exc}.") from exc
    return parse_rules(data, base=path.parent, origin=str(path))


def parse_rules(data: Mapping[str, Any], *, base: Path, origin: str) -> AlertConfig:
    """Return the checked configuration of parsed TOML `data` (paths relative to `base`)."""
    unknown = sorted(set(data) - {"rule", "output"})
    if unknown:
        raise AlertRuleInvalid(
            f"{origin}: unknown table or key {unknown[0]!r}; the file holds [[rule]] tables"
            " and one [output] table."
        )
    raw_rules = data.get("rule", [])
    if not isinstance(raw_rules, list) or not raw_rules:
        raise AlertRuleInvalid(f"{origin}: no rule; add at least one [[rule]] table.")
    rules = []
    names: set[str] = set()
    for number, raw in enumerate(raw_rules, start=1):
        if not isinstance(raw, dict):
            raise AlertRuleInvalid(f"{origin}: rule {number} is not a table; write [[rule]].")
        rule = _rule(raw, where=f"{origin}: rule {number}")
        if rule.name in names:
            raise AlertRuleInvalid(
                f"{origin}: two rules are named {rule.name!r}; names must be unique (alerts"
                " are remembered per rule name)."
            )
        names.add(rule.name)
        rules.append(rule)
    raw_output = data.get("output", {})
    if not isinstance(raw_output, dict):
        raise AlertOutputInvalid(f"{origin}: output must be a table, [output].")
    return AlertConfig(tuple(rules), _output(raw_output, base=base, origin=origin))


def _rule(raw: dict[str, Any], *, where: str) -> Rule:
    unknown = sorted(set(raw) - set(RULE_KEYS))
    if unknown:
        raise AlertRuleInvalid(
            f"{where}: unknown key {unknown[0]!r}; a rule takes {', '.join(RULE_KEYS)}."
        )
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise AlertRuleInvalid(f'{where}: give the rule a name, e.g. name = "deadly-attacks".')
    where = f"{where} ({name})"
    if not any(key in raw for key in CONDITIONS if key != "new_claim") and not raw.get("new_claim"):
        raise AlertRuleInvalid(
            f"{where}: no condition; give at least one of {', '.join(CONDITIONS)}"
            " (min_killed = 0 matches every incident)."
        )
    new_claim = raw.get("new_claim", False)
    if not isinstance(new_claim, bool):
        raise AlertRuleInvalid(f"{where}: new_claim must be true or false.")
    return Rule(
        name=name.strip(),
        country=frozenset(_country(c, where=where) for c in _strings(raw, "country", where)),
        admin1=frozenset(a.casefold() for a in _strings(raw, "admin1", where)),
        type=frozenset(_type(t, where=where) for t in _strings(raw, "type", where)),
        perpetrator=_strings(raw, "perpetrator", where),
        min_killed=_count(raw, "min_killed", where, least=0),
        keywords=_strings(raw, "keywords", where),
        toll_rose_by=_count(raw, "toll_rose_by", where, least=1),
        new_claim=new_claim,
    )


def _strings(raw: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = raw.get(key)
    if value is None:
        return ()
    items = [value] if isinstance(value, str) else value
    if (
        not isinstance(items, list)
        or not items
        or not all(isinstance(v, str) and v.strip() for v in items)
    ):
        raise AlertRuleInvalid(
            f"{where}: {key} must be a non-empty string or list of strings, not {value!r}."
        )
    return tuple(v.strip() for v in items)


def _count(raw: dict[str, Any], key: str, where: str, *, least: int) -> int | None:
    value = raw.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < least:
        raise AlertRuleInvalid(f"{where}: {key} must be a whole number >= {least}, not {value!r}.")
    return value


def _country(value: str, *, where: str) -> str:
    import pycountry

    code = value.strip().upper()
    if len(code) == 2 and pycountry.countries.get(alpha_2=code) is not None:
        return code
    try:
        return str(pycountry.countries.lookup(value.strip()).alpha_2)
    except LookupError:
        raise AlertRuleInvalid(
            f"{where}: unknown country {value!r}; use an ISO 3166-1 alpha-2 code such as RU."
        ) from None


def known_types() -> dict[str, str]:
    """Return every GTD and ACLED label tocsin codes, keyed by its casefolded form."""
    from tocsin.extract.types import CODES

    labels = set(GTD_TYPES)
    for gtd, acled, subtype in CODES.values():
        labels.update(x for x in (gtd, acled, subtype) if x)
    return {label.casefold(): label for label in labels}


def _type(value: str, *, where: str) -> str:
    labels = known_types()
    key = value.casefold()
    if key not in labels:
        raise AlertRuleInvalid(
            f'{where}: unknown type {value!r}; use a GTD attack type (e.g. "Bombing/Explosion")'
            ' or an ACLED event or sub-event type (e.g. "Suicide bomb"), as in'
            " docs/alerts.md."
        )
    return key


def _output(raw: dict[str, Any], *, base: Path, origin: str) -> Output:
    where = f"{origin}: [output]"
    unknown = sorted(set(raw) - set(OUTPUT_KEYS))
    if unknown:
        raise AlertOutputInvalid(
            f"{where}: unknown key {unknown[0]!r}; it takes {', '.join(OUTPUT_KEYS)}."
        )
    stdout = raw.get("stdout", True)
    if not isinstance(stdout, bool):
        raise AlertOutputInvalid(f"{where}: stdout must be true or false.")
    jsonl = raw.get("jsonl")
    jsonl_path: Path | None = None
    if jsonl is not None:
        if not isinstance(jsonl, str) or not jsonl.strip():
            raise AlertOutputInvalid(f"{where}: jsonl must be a file path.")
        jsonl_path = Path(jsonl).expanduser()
        if not jsonl_path.is_absolute():
            jsonl_path = base / jsonl_path  # relative to the rules file, wherever run from
        if not jsonl_path.parent.is_dir():
            raise AlertOutputInvalid(
                f"{where}: cannot write {jsonl_path}: folder {jsonl_path.parent} does not exist."
            )
    webhook = raw.get("webhook")
    if webhook is not None and (
        not isinstance(webhook, str) or not webhook.lower().startswith(("http://", "https://"))
    ):
        raise AlertOutputInvalid(f"{where}: webhook must be an http:// or https:// URL.")
    headers = raw.get("webhook_headers", {})
    if not isinstance(headers, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in headers.items()
    ):
        raise AlertOutputInvalid(
            f"{where}: webhook_headers must be a table of strings, e.g."
            ' webhook_headers = { Authorization = "Bearer ..." }.'
        )
    timeout = raw.get("webhook_timeout", 10.0)
    if (
        isinstance(timeout, bool)
        or not isinstance(timeout, int | float)
        or not math.isfinite(timeout)
        or timeout <= 0
    ):
        raise AlertOutputInvalid(f"{where}: webhook_timeout must be a number of seconds > 0.")
    retries = raw.get("webhook_retries", 3)
    if isinstance(retries, bool) or not isinstance(retries, int) or not 0 <= retries <= 10:
        raise AlertOutputInvalid(f"{where}: webhook_retries must be a whole number, 0 to 10.")
    if not stdout and jsonl_path is None and webhook is None:
        raise AlertOutputInvalid(
            f'{where}: every output is off; set stdout = true, jsonl = "FILE" or webhook = URL.'
        )
    return Output(
        stdout=stdout,
        jsonl=jsonl_path,
        webhook=webhook,
        webhook_headers=dict(headers),
        webhook_timeout=float(timeout),
        webhook_retries=retries,
    )
