"""Casualty figures: number parsing and casualty phrases (tocsin.extract.counts)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tocsin.extract.counts import best_count, find_counts, parse_count, parse_number
from tocsin.models import Qualifier

_UNITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
          "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
          "eighteen", "nineteen"]
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def _words(n: int) -> str:
    """Write 0 <= n < 1,000,000 in English words, British style ("one hundred and five")."""
    if n < 20:
        return _UNITS[n]
    if n < 100:
        return _TENS[n // 10] + ("-" + _UNITS[n % 10] if n % 10 else "")
    if n < 1000:
        rest = n % 100
        return _UNITS[n // 100] + " hundred" + (" and " + _words(rest) if rest else "")
    rest = n % 1000
    head = _words(n // 1000) + " thousand"
    if not rest:
        return head
    return head + (" and " if rest < 100 else " ") + _words(rest)


@given(st.integers(min_value=0, max_value=999_999))
def test_number_words_round_trip(n: int) -> None:
    assert parse_number(_words(n)) == n


@given(st.integers(min_value=0, max_value=10**9))
def test_digits_with_thousands_separators_round_trip(n: int) -> None:
    assert parse_number(f"{n:,}") == n
    assert parse_number(str(n)) == n


@pytest.mark.parametrize(
    ("text", "value"),
    [("a dozen", 12), ("half a dozen", 6), ("1.2 million", 1_200_000), ("sixty", 60),
     ("one hundred and fifteen", 115), ("Twenty-Five", 25)],
)
def test_parse_number_reads_written_numbers(text: str, value: int) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["", "people", "many"])
def test_parse_number_rejects_non_numbers(text: str) -> None:
    assert parse_number(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("at least 60", (60, Qualifier.AT_LEAST, None)),
        ("more than 20", (20, Qualifier.AT_LEAST, None)),
        ("nearly 30", (30, Qualifier.AT_MOST, None)),
        ("about 50", (50, Qualifier.ABOUT, None)),
        ("10 to 12", (10, Qualifier.RANGE, 12)),
        ("between 40 and 50", (40, Qualifier.RANGE, 50)),
        ("dozens", (24, Qualifier.AT_LEAST, None)),
        ("several", (3, Qualifier.AT_LEAST, None)),
        ("hundreds", (200, Qualifier.AT_LEAST, None)),
        ("7", (7, Qualifier.EXACT, None)),
    ],
)
def test_parse_count_reads_qualifiers_ranges_and_vague_words(text: str, expected: tuple) -> None:
    assert parse_count(text) == expected


@pytest.mark.parametrize(
    ("sentence", "role", "value", "qualifier"),
    [
        ("The bomb went off at the market, killing at least 14 shoppers.", "killed", 14,
         "at_least"),
        ("Nine villagers were wounded in the raid.", "injured", 9, "exact"),
        ("Three officers and a driver were killed when the convoy was hit.", "killed", 4,
         "exact"),
        ("A guard was injured by flying glass.", "injured", 1, "exact"),
        ("The gunmen shot the judge, killing him instantly.", "killed", 1, "exact"),
        ("Officials said the death toll had risen to 41.", "killed", 41, "exact"),
        ("No one was hurt in the blast.", "injured", 0, "exact"),
        ("Rebels abducted some 30 farm workers on the estate.", "kidnapped", 30, "about"),
        ("Two of the attackers were killed by guards.", "perpetrators_killed", 2, "exact"),
        ("Dozens of people were injured in the stampede after the blast.", "injured", 24,
         "at_least"),
        ("The attack left five dead and eight wounded.", "killed", 5, "exact"),
        ("Between 10 and 12 people were killed.", "killed", 10, "range"),
    ],
)
def test_find_counts_reads_casualty_phrases(sentence: str, role: str, value: int,
                                            qualifier: str) -> None:
    hits = [h for h in find_counts(sentence) if h.role == role]
    assert hits, f"no {role} figure in {sentence!r}"
    assert hits[0].count.value == value
    assert hits[0].count.qualifier.value == qualifier


def test_find_counts_evidence_spans_index_the_text() -> None:
    text = "Reports said: at least 60 people were killed."
    hit = find_counts(text)[0]
    assert hit.count.evidence is not None
    assert text[hit.count.evidence.start:hit.count.evidence.end] == hit.count.evidence.text


def test_no_casualties_counts_zero_killed_and_injured() -> None:
    roles = {h.role: h.count.value for h in find_counts("The attack caused no casualties.")}
    assert roles == {"killed": 0, "injured": 0}


@pytest.mark.parametrize("sentence", ["The minister spoke about security for an hour.",
                                      "He was born in 1961 and has two children."])
def test_find_counts_ignores_numbers_without_casualty_words(sentence: str) -> None:
    assert find_counts(sentence) == []


# --- one figure per incident (best_count) ----------------------------------------------------


def _best(text: str, role: str) -> tuple[int, str] | None:
    count = best_count(find_counts(text), role)
    return None if count is None else (count.value, count.qualifier.value)


@pytest.mark.parametrize(
    ("text", "killed", "injured"),
    [
        # "shot" alone says hit, not the outcome: those shot less those killed are injured.
        ("A 31-year-old man was shot on Elm Road late Sunday. He died at the hospital.", 1, 0),
        ("Two brothers were shot, one fatally, outside the store.", 1, 1),
        ("Marta Lopez, 22, and Ben Ode were shot near the park; both survived.", None, 2),
        ("The farmer was shot in the leg by a neighbour.", None, 1),
        ("A teenager was found with a gunshot wound to the arm.", None, 1),
        ("Three people suffered non-life-threatening gunshot wounds.", None, 3),
        ("The shooting sent one man to the hospital.", None, 1),
        ("Omar Dale had been fatally shot. Another man was also shot and survived.", 1, 1),
        ("Police said the clerk was shot and killed during the robbery.", 1, None),
    ],
)
def test_shot_victims_split_into_killed_and_injured(text: str, killed: int | None,
                                                    injured: int | None) -> None:
    k, i = _best(text, "killed"), _best(text, "injured")
    assert (k[0] if k else None, i[0] if i else None) == (killed, injured)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # Different groups of victims add up ...
        ("Two soldiers were killed in the ambush. Three civilians were also killed nearby.", 5),
        # ... a generic total that covers them wins when it is larger ...
        ("Two soldiers and a driver were killed. In all, seven people died.", 7),
        # ... and restatements of the same group count once.
        ("Four guards were killed at the gate. The four guards were killed instantly.", 4),
        ("A man was shot dead on the porch. The victim was killed by a single bullet.", 1),
        # A running total is the latest figure, even when a larger one came earlier.
        ("Nine people were killed, police said. Later the death toll was revised; the toll "
         "rose to 6.", 6),
        ("Three miners were killed in the blast. The death toll has risen to 11.", 11),
        # The GTD and GVA count of the dead includes attackers who died.
        ("Four police officers were killed. Two of the gunmen were also killed.", 6),
        ("THE MURDER OF TWO NUNS AND A DRIVER SHOCKED THE TOWN.", 3),
        ("TROOPS OPENED FIRE, KILLING 4 FARMERS, A TEACHER, AND HER SON.", 6),
        ("THE ASSASSINATION OF MAYOR RAUL TEJADA WAS CONDEMNED.", 1),
        ("ELENA PAZ, A JUDGE IN THE CAPITAL, WAS ASSASSINATED THIS MORNING.", 1),
        ("PEDRO ALVAREZ AND ONE OF HIS ESCORTS WERE KILLED.", 2),
        ("TWO GUARDS PROTECTING THE PLANT IN SOMEWHERE WERE KILLED TODAY.", 2),
    ],
)
def test_killed_figure_of_an_incident(text: str, value: int) -> None:
    best = _best(text, "killed")
    assert best is not None and best[0] == value


def test_perpetrators_killed_stay_available_apart() -> None:
    hits = find_counts("Four police officers were killed. Two of the gunmen were also killed.")
    assert best_count(hits, "perpetrators_killed") is not None
    assert best_count(hits, "perpetrators_killed").value == 2  # type: ignore[union-attr]
    assert best_count(hits, "killed", include_perpetrators=False).value == 4  # type: ignore


def test_summed_groups_keep_a_lower_bound_qualifier() -> None:
    text = "At least 12 soldiers were killed. Three villagers were also killed."
    assert _best(text, "killed") == (15, "at_least")


def test_war_toll_is_not_an_incident_figure() -> None:
    text = "The bomb killed 10 people. The war has left more than 70,000 dead since 1980."
    assert _best(text, "killed") == (10, "exact")


def test_explicit_zero_stands_when_nothing_says_more() -> None:
    assert _best("Shots were fired at the house but no one was hurt.", "injured") == (0, "exact")


def test_no_hits_gives_none() -> None:
    assert best_count([], "killed") is None


@pytest.mark.parametrize(
    "text",
    [
        "A woman called at 10:48 a.m. to say she had been shot at.",
        "A man shot 19-year-old Dee Park once.",
        "Since it was founded in 1987, the group has been attacked often.",
        "The suspect was shot several times by officers.",
        "Two men shot the shop owner's dog.",
    ],
)
def test_times_ages_years_and_shooters_are_not_victim_counts(text: str) -> None:
    values = [h.count.value for h in find_counts(text)]
    assert all(v <= 1 for v in values), values


@pytest.mark.parametrize(
    ("text", "role"),
    [("the kidnapping of Senator Ana Vidal outside her office", "kidnapped"),
     ("the murder of his girlfriend outside the house", "killed"),
     ("the bank manager was kidnapped on his way home", "kidnapped")],
)
def test_singular_victim_phrases_count_one(text: str, role: str) -> None:
    assert _best(text, role) == (1, "exact")


def test_plural_nominal_without_a_number_counts_nothing() -> None:
    assert _best("The assassination of the priests shocked the nation.", "killed") is None


@pytest.mark.parametrize(
    "text",
    ["No one was reported to be injured in the crash.",
     "Bullets hit two parked cars; no one hurt.",
     "Neither guard was wounded in the exchange."],
)
def test_negated_casualty_phrases_count_zero(text: str) -> None:
    assert _best(text, "injured") == (0, "exact")


def test_a_refused_number_does_not_hide_a_later_count() -> None:
    assert _best("In the 2200 block of Pine Road, 3 men were wounded.", "injured") == (3, "exact")


@pytest.mark.parametrize(
    "text",
    ["A cyclist who was shot on Friday succumbed to his injuries on Sunday.",
     "The farmer was shot in the chest and later died at the hospital.",
     "Gordon Hale was shot twice; he passed away overnight."],
)
def test_shot_victims_who_died_count_as_killed_not_injured(text: str) -> None:
    assert _best(text, "killed") == (1, "exact")
    injured = _best(text, "injured")
    assert injured is None or injured[0] == 0


@pytest.mark.parametrize(
    "text",
    ["The woman suffered a gunshot wound to the shoulder.",
     "One deputy suffered an arm injury during the struggle.",
     "The boy was taken to Mercy General with non-life-threatening injuries.",
     "Dana Fox, 19, sustained a graze wound to the leg."],
)
def test_wound_phrases_count_one_injured(text: str) -> None:
    assert _best(text, "injured") == (1, "exact")


def test_injuries_to_things_are_not_casualties() -> None:
    assert find_counts("The van suffered minor damage and the gate was hit.") == []


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The death toll from Friday's bombing at a bus station in Kano, northern Nigeria, "
         "rose to 23 on Sunday, officials said.", 23),
        ("The toll from the attack on the checkpoint near the border has risen to 9.", 9),
    ],
)
def test_a_toll_with_a_long_subject_is_still_a_running_total(sentence: str, expected: int) -> None:
    hit = best_count(find_counts(sentence), "killed")
    assert hit is not None and hit.value == expected


def test_a_long_toll_phrase_needs_a_verb_of_change() -> None:
    sentence = "The toll of the war on the region, which was 5 years old, is hard to measure."
    assert best_count(find_counts(sentence), "killed") is None
