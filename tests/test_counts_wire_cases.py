"""Casualty figures in upper-case wire and radio reports (tocsin.extract.counts).

Sentences are written for these tests; each pins one rule of `find_counts` / `best_count`.
"""

from __future__ import annotations

import pytest
from coding_helpers import figure

from tocsin.extract.counts import best_count, find_counts


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        ("THE MINISTER, 61, WAS KILLED NEAR HIS OFFICE, ALONG WITH TWO OF HIS BODYGUARDS.", 3),
        ("SENATOR PEDRO ALVAREZ, A LEADER OF THE PARTY, DIED TONIGHT AFTER THE ATTACK.", 1),
        ("A CAMERAMAN WAS KILLED IN THE CROSSFIRE. A DRIVER OF THE NETWORK WAS ALSO KILLED.", 2),
        ("THE COURT IS HEARING THE MURDER OF FOUR NUNS AND THEIR THREE DRIVERS IN MAY.", 7),
        ("The mayor was shot dead outside the hall together with three of his aides.", 4),
    ],
)
def test_wire_killed_figures(text: str, killed: int) -> None:
    assert figure(text, "killed") == killed


@pytest.mark.parametrize(
    ("text", "kidnapped"),
    [
        ("TWO ENGINEERS OF PETROCORP [NATIONAL OIL COMPANY OF THE NORTH] HAVE BEEN KIDNAPPED "
         "BY GUERRILLAS.", 2),
        ("CONSUL MARIO PEREZ AND THREE OTHER DIPLOMATS ARE BEING HELD HOSTAGE BY THE GROUP.", 4),
        ("THE REBELS KIDNAPPED 15 PEASANTS IN THE VILLAGE.", 15),
    ],
)
def test_wire_kidnapped_figures(text: str, kidnapped: int) -> None:
    assert figure(text, "kidnapped") == kidnapped


@pytest.mark.parametrize(
    "text",
    [
        "YESTERDAY FOUR ARMED MEN KIDNAPPED THE MAYOR AND HIS DRIVER ON THE ROAD.",
        "LAST NIGHT SEVERAL GUERRILLAS KIDNAPPED MENDOZA, A JUDGE, IN HIS HOME.",
    ],
)
def test_attackers_before_a_bare_verb_and_its_object_are_not_victims(text: str) -> None:
    assert all(h.role != "kidnapped" or h.count.value < 3 for h in find_counts(text))


@pytest.mark.parametrize(
    ("text", "role", "value"),
    [
        ("The incident left one person dead and four others injured.", "injured", 4),
        ("Three militants killed in a clash with troops.", "perpetrators_killed", 3),
        ("A man was shot and killed. He was also shot in the arm.", "killed", 1),
    ],
)
def test_wire_rules_leave_news_figures_alone(text: str, role: str, value: int) -> None:
    assert figure(text, role) == value


@pytest.mark.parametrize(
    ("text", "attackers"),
    [
        ("A PAID ASSASSIN WAS KILLED BY HIS OWN GRENADE IN THE SQUARE.", 1),
        ("THE POLICE SAID THE TERRORIST WAS KILLED WHEN HIS BOMB WENT OFF.", 1),
    ],
)
def test_an_attacker_subject_of_was_killed_is_no_victim(text: str, attackers: int) -> None:
    hits = find_counts(text)
    assert best_count(hits, "killed", include_perpetrators=False) is None
    assert figure(text, "perpetrators_killed") == attackers


@pytest.mark.parametrize(
    ("text", "kidnapped"),
    [
        ("ARMED MEN KIDNAPPED ORTEGA, THE PRIEST OF SAN LUIS, AND HIS SACRISTAN, JUAN DIAZ.", 2),
        ("GUERRILLAS KIDNAPPED THE MAYOR AND HIS DRIVER ON THE ROAD TO TORO.", 2),
        ("GUERRILLAS KIDNAPPED THE MAYOR AND TWO OF HIS BROTHERS.", 3),
    ],
)
def test_named_hostage_and_companions(text: str, kidnapped: int) -> None:
    assert figure(text, "kidnapped") == kidnapped
