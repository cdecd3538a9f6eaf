"""Casualty figures: bodies found and single named or singular victims (tocsin.extract.counts).

Sentences are written for these tests; each pins one rule of `find_counts` / `best_count`.
"""

from __future__ import annotations

import pytest
from coding_helpers import figure

from tocsin.extract.counts import find_counts


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        ("Three bodies were found in a ravine outside the town on Sunday.", 3),
        ("FOUR BODIES, APPARENTLY VICTIMS OF A DEATH SQUAD, WERE FOUND TODAY ON THE HIGHWAY.", 4),
        ("Two more bodies have been recovered from the rubble.", 2),
        ("SEVEN MUTILATED BODIES WERE DISCOVERED YESTERDAY NEAR THE BORDER.", 7),
    ],
)
def test_bodies_found_count_as_killed(text: str, killed: int) -> None:
    assert figure(text, "killed") == killed


@pytest.mark.parametrize(
    "text",
    [
        "Rescuers searched the bodies of water near the dam.",
        "The bodies responsible for the elections met on Tuesday.",
        "THE ARMY FOUND WEAPONS BUT NO BODIES.",
    ],
)
def test_bodies_without_a_finding_count_nobody(text: str) -> None:
    assert figure(text, "killed") is None


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        # "a member of <plural>" is one person: the article says so
        ("THE MAYOR CONDEMNED THE MURDER OF A MEMBER OF THE TEACHERS UNIONS.", 1),
        ("The assassination of a leader of the dockworkers on Friday shocked the port.", 1),
        # a name followed by "have" ends the object of the murder
        ("TWO MEN WHO TOOK PART IN THE ASSASSINATION OF PEDRO LUIS ARANGO HAVE CONFESSED.", 1),
        # an upper-case name followed by a bracket or a full stop, not only a comma
        ("THE ARMY ACCUSED THE REBELS OF MURDERING ROSA MARIA QUINTERO [NAME AS HEARD].", 1),
        ("THE POLICE SAID THE GANG WAS RESPONSIBLE FOR KILLING JUAN ESTEBAN VILLA.", 1),
    ],
)
def test_single_victim_of_a_murder(text: str, killed: int) -> None:
    assert figure(text, "killed") == killed


@pytest.mark.parametrize(
    "text",
    [
        "THE MURDER OF THE MEMBERS OF THE UNIONS WAS CONDEMNED.",
        "THE SOLDIERS WERE ACCUSED OF KILLING CIVILIANS.",
        "THE REBELS ARE SUSPECTED OF KILLING THREE PEASANTS.",
    ],
)
def test_plural_or_counted_objects_are_not_one_victim(text: str) -> None:
    assert figure(text, "killed") != 1


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        ("Gunmen killed a farmer and two of his sons near the village.", 3),
        ("THE REBELS MURDERED A MAYOR AND THREE COUNCILLORS IN THE SQUARE.", 4),
        ("The blast killed an officer and two civilians.", 3),
    ],
)
def test_one_victim_and_a_counted_group_add_up(text: str, killed: int) -> None:
    assert figure(text, "killed") == killed


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        # the others are the subject of a clause of their own, not more dead
        ("The attackers killed a guard and two others were wounded.", 1),
        # a time after the list counts nobody
        ("The troops killed a rebel and 3 hours later withdrew.", 1),
    ],
)
def test_a_group_after_the_victim_that_is_no_victim(text: str, killed: int) -> None:
    assert figure(text, "killed") == killed


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        ("FOUR NUNS (THREE ITALIANS AND ONE PERUVIAN) AND A DRIVER WERE KILLED ON THE ROAD.", 5),
        ("Five miners (two of them brothers) and three guards were killed in the raid.", 8),
    ],
)
def test_an_aside_in_parentheses_does_not_break_an_enumeration(text: str, killed: int) -> None:
    assert figure(text, "killed") == killed


def test_evidence_spans_point_into_the_original_text() -> None:
    text = "Two farmers (brothers) and a guard were killed."
    hit = find_counts(text)[0]
    assert hit.count.evidence is not None
    span = text[hit.count.evidence.start:hit.count.evidence.end]
    assert span.startswith("Two farmers (brothers)")


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        # one of a group is one person, not the one plus the group
        ("ANA RUIZ, ONE OF THE FOUR LEADERS OF THE UNION, WAS FOUND DEAD TODAY.", 1),
        ("One of the three guards was killed in the attack.", 1),
        # "over 3 days" is a time, not three more people
        ("THE ABDUCTION AND KILLING OF SEVERAL OF HIS FRIENDS OVER 3 DAYS IN MAY.", 3),
        # "months ago": a past event, not the figure of the one reported
        ("THE ABDUCTION AND KILLING OF SEVERAL OF HIS FRIENDS OVER 3 MONTHS AGO.", None),
    ],
)
def test_subsets_and_times_do_not_add_to_a_count(text: str, killed: int | None) -> None:
    assert figure(text, "killed") == killed
