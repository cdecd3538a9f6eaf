"""The relevance filter: what the model must read, decided without the model."""

from __future__ import annotations

import json

import pytest
from conftest import shared_path

from tocsin.errors import BadOption
from tocsin.extract.relevance import (
    INCIDENT_WINDOW_MIN_CHARS,
    SCOPES,
    Scope,
    can_hold_incident,
    check_scope,
    incident_windows,
    interaction_windows,
    interaction_words,
    keeps,
    plan,
    reaction_verbs,
    windowed,
)
from tocsin.extract.types import find_triggers
from tocsin.extract.verbs import VERBS
from tocsin.models import Actor, Interaction, Span

FILLER = (
    "The new library on the hill will have a glass roof and a garden. "
    "Its members hope the building will open next spring. "
    "The architect showed drawings of the reading room. "
    "Parking remains a concern for residents of the area. "
)


@pytest.mark.parametrize(
    "text",
    [
        "A car bomb exploded near the market.",
        "Gunmen opened fire on a bus.",
        "Two officers were killed in the ambush.",
        "THREE PEASANTS WERE KIDNAPPED BY THE GUERRILLAS.",
        "Riot police used tear gas on the crowd.",
    ],
)
def test_text_with_an_event_trigger_can_hold_an_incident(text: str) -> None:
    assert can_hold_incident(text)
    assert plan(text).parse == "whole" and plan(text).incident


@pytest.mark.parametrize(
    "text",
    [
        "The orchestra played Brahms to a full hall on Sunday night.",
        "Shares of the bakery chain rose after a strong quarter.",
        "Rain is expected over the weekend, with temperatures near twelve degrees.",
    ],
)
def test_text_without_triggers_or_interaction_words_is_not_parsed(text: str) -> None:
    assert not can_hold_incident(text)
    assert plan(text).parse == "none"


@pytest.mark.parametrize(
    "sentence",
    [
        "The foreign minister condemned the decision in strong terms.",
        "The prime minister sent his condolences to the families.",
        "Officials warned of heavy traffic near the stadium.",
        "The two governments agreed to cooperate on fisheries.",
        "The senator met her counterpart in Lisbon.",
    ],
)
def test_a_sentence_with_an_interaction_word_in_a_long_text_is_a_window(sentence: str) -> None:
    text = FILLER * 3 + sentence + " " + FILLER * 3
    chosen = plan(text, scope="all")
    assert chosen.parse == "windows"
    start = text.index(sentence)
    assert any(s <= start and start + len(sentence) <= e for s, e in chosen.windows)


def test_a_window_starts_at_the_sentence_before_for_pronouns() -> None:
    text = FILLER * 3 + "Mayor Ana Ruiz stood up last. She condemned the vandalism. " + FILLER * 3
    (s, e), *_ = [w for w in interaction_windows(text) if "condemned" in text[w[0] : w[1]]]
    assert text[s:e].startswith("Mayor Ana Ruiz stood up last.")


def test_windows_that_cover_most_of_a_short_text_make_it_whole() -> None:
    text = "The two governments agreed to cooperate on fisheries. Talks resume in May."
    assert plan(text, scope="all").parse == "whole" and not plan(text, scope="all").incident


@pytest.mark.parametrize("text", ["", "   \n  ", "1234 5678"])
def test_text_with_no_words_is_not_parsed(text: str) -> None:
    assert plan(text).parse == "none"


def test_windowed_text_keeps_length_and_offsets() -> None:
    text = "Alpha beta. Gamma delta. Epsilon zeta."
    out = windowed(text, ((12, 24),))
    assert len(out) == len(text)
    assert out[12:24] == text[12:24] and not out[:12].strip() and not out[24:].strip()


@pytest.mark.parametrize(
    "form",
    ["condemned", "condolences", "met", "sought", "sanctions", "accused", "ordered", "said"],
)
def test_inflected_and_irregular_forms_are_interaction_words(form: str) -> None:
    assert form in interaction_words()


def test_every_interaction_verb_of_the_table_is_an_interaction_word() -> None:
    words = interaction_words()
    for row in VERBS:
        for lemma in (*row.lemmas, *row.nouns, *(o for _, o in row.objects)):
            assert lemma.split("_")[0] in words, (row.key, lemma)


@pytest.mark.parametrize(
    "name", ["muc4.jsonl", "gva.jsonl", "case2021.jsonl", "stories.jsonl"]
)
def test_no_dev_text_where_the_extractor_finds_a_trigger_is_skipped(name: str) -> None:
    # The extractor starts incidents only at sentences with a trigger; the filter reads the
    # whole text, so it must never miss a text in which the extractor can find one.
    path = shared_path("eval", "dev", name)
    with open(path, encoding="utf-8") as f:
        texts = [json.loads(line)["text"] for line in f][:400]
    for text in texts:
        if find_triggers(text):
            assert plan(text).incident


NEWS = (
    "The mayor said the new bus lanes would open in May. "
    "She met shop owners on Tuesday and agreed to review the parking plan. "
    "Council members announced a vote for next month. "
)


@pytest.mark.parametrize(
    "sentence",
    [
        "The finance minister said growth would pick up next year.",
        "The two leaders met in Geneva and agreed to cooperate on trade.",
        "The club announced that its coach would stay for two more seasons.",
        "Analysts noted that the bank expects a record year.",
    ],
)
def test_ordinary_news_is_not_parsed_in_the_incident_scope(sentence: str) -> None:
    text = FILLER * 2 + sentence + " " + FILLER * 2
    assert plan(text, scope="incidents").parse == "none"
    assert plan(text, scope="all").parse != "none"


@pytest.mark.parametrize(
    "sentence",
    [
        "The foreign minister condemned the act in the strongest terms.",
        "The president expressed condolences to the families of the victims.",
        "Thousands gathered to mourn the victims on Sunday.",
        "The embassy warned citizens to avoid the border area after the violence.",
        "A little-known group claimed responsibility in an online post.",
        "The government threatened to expel the ambassador.",
        "The two agencies agreed to share intelligence on the network.",
        "The European Union imposed sanctions on three commanders.",
        "The rebels denied any involvement in the affair.",
    ],
)
def test_a_reaction_sentence_is_a_window_in_the_incident_scope(sentence: str) -> None:
    text = NEWS * 3 + sentence + " " + NEWS * 3
    chosen = plan(text, scope="incidents")
    assert chosen.parse == "windows"
    start = text.index(sentence)
    assert any(s <= start and start + len(sentence) <= e for s, e in chosen.windows)


@pytest.mark.parametrize("noun", ["credit", "information", "ties"])
def test_a_light_verb_noun_alone_is_no_reaction(noun: str) -> None:
    text = NEWS * 3 + f"The report mentions {noun} in one line. " + NEWS * 3
    assert plan(text, scope="incidents").parse == "none"


def test_a_text_that_can_hold_an_incident_is_whole_in_both_scopes() -> None:
    text = NEWS * 3 + "A bomb exploded near the town hall. " + NEWS * 3
    for scope in SCOPES:
        assert plan(text, scope=scope) == plan(text, scope="all")
        assert plan(text, scope=scope).incident


def _interaction(verb: str) -> Interaction:
    return Interaction(
        article_id="a",
        actor=Actor(name="The mayor"),
        verb=verb,
        evidence=Span(start=0, end=1, text="T"),
    )


@pytest.mark.parametrize(
    ("verb", "incident", "scope", "kept"),
    [
        ("statement", False, "incidents", False),
        ("meet", False, "incidents", False),
        ("agree", False, "incidents", False),
        ("condemn", False, "incidents", True),
        ("condole", False, "incidents", True),
        ("claim_responsibility", False, "incidents", True),
        ("statement", True, "incidents", True),
        ("meet", True, "incidents", True),
        ("statement", False, "all", True),
    ],
)
def test_the_incident_scope_keeps_only_reactions_outside_incident_texts(
    verb: str, incident: bool, scope: Scope, kept: bool
) -> None:
    assert keeps(_interaction(verb), incident=incident, scope=scope) is kept


def test_every_reaction_verb_is_a_verb_of_the_table() -> None:
    assert reaction_verbs() <= {row.verb for row in VERBS}
    assert {"condemn", "condole", "warn", "claim_responsibility"} <= reaction_verbs()


@pytest.mark.parametrize("scope", ["", "reactions", "ALL"])
def test_an_unknown_scope_is_a_bad_option(scope: str) -> None:
    with pytest.raises(BadOption, match="interaction scope"):
        check_scope(scope)


@pytest.mark.parametrize(
    "sentence",
    [
        "Economists warned that higher energy prices could slow growth next year.",
        "The opposition leader criticised the plan as too timid.",
        "The minister denied the report about the budget.",
        "The coach vowed to win the cup next season.",
        "The weather office issued a warning for heavy rain.",
    ],
)
def test_a_reaction_word_of_ordinary_news_without_a_violence_cue_is_not_parsed(
    sentence: str,
) -> None:
    text = NEWS * 3 + sentence + " " + NEWS * 3
    assert plan(text, scope="incidents").parse == "none"


@pytest.mark.parametrize(
    ("sentence", "cue"),
    [
        ("Economists warned that higher energy prices could slow growth.", "The unrest went on."),
        ("The opposition leader criticised the plan.", "Two soldiers were among the dead."),
        ("The minister denied the report.", "It concerned the security of the port."),
    ],
)
def test_a_reaction_word_of_ordinary_news_next_to_a_violence_cue_is_a_window(
    sentence: str, cue: str
) -> None:
    text = NEWS * 3 + cue + " " + sentence + " " + NEWS * 3
    chosen = plan(text, scope="incidents")
    assert chosen.parse == "windows"
    start = text.index(sentence)
    assert any(s <= start and start + len(sentence) <= e for s, e in chosen.windows)


@pytest.mark.parametrize(
    ("sentence", "kept"),
    [
        ("Economists warned that higher energy prices could slow growth.", False),
        ("Economists warned that the violence could slow growth.", True),
        ("The minister condemned the decision.", True),
    ],
)
def test_a_reaction_outside_an_incident_text_is_kept_where_it_would_be_parsed(
    sentence: str, kept: bool
) -> None:
    text = NEWS * 2 + sentence + " " + NEWS * 2
    start = text.index(sentence)
    verb = "condemn" if "condemned" in sentence else "warn"
    interaction = Interaction(
        article_id="a",
        actor=Actor(name="Economists"),
        verb=verb,
        evidence=Span(start=start, end=start + len(sentence), text=sentence),
    )
    assert keeps(interaction, incident=False, scope="incidents", text=text) is kept
    assert keeps(interaction, incident=True, scope="incidents", text=text)


def _long_report(trigger: str) -> str:
    return (
        "Police said on Monday that the town was calm again. "
        + NEWS * 4
        + trigger
        + " "
        + NEWS * 14
    )


def test_a_long_text_that_can_hold_an_incident_is_parsed_around_its_triggers() -> None:
    trigger = "A bomb exploded near the town hall, killing two guards."
    text = _long_report(trigger)
    assert len(text) >= INCIDENT_WINDOW_MIN_CHARS
    chosen = plan(text)
    assert chosen.incident and chosen.parse == "windows"
    start = text.index(trigger)
    inside = [(s, e) for s, e in chosen.windows if s <= start < e]
    assert inside, "the trigger sentence is parsed"
    s, e = inside[0]
    # Two sentences on either side of the trigger sentence, and the lede.
    assert text[s:start].count(". ") == 2 and text[start + len(trigger) : e].count(".") == 2
    assert chosen.windows[0][0] == 0
    assert sum(e - s for s, e in chosen.windows) < len(text) / 2


def test_a_short_text_that_can_hold_an_incident_is_parsed_whole() -> None:
    text = NEWS + "A bomb exploded near the town hall. " + NEWS
    assert len(text) < INCIDENT_WINDOW_MIN_CHARS
    assert plan(text) == plan(text, scope="all")
    assert plan(text).parse == "whole" and plan(text).incident


@pytest.mark.parametrize("name", ["muc4.jsonl", "gva.jsonl"])
def test_every_trigger_of_a_dev_text_lies_in_an_incident_window(name: str) -> None:
    # The extractor starts incidents only at triggers: a window plan must parse every one.
    path = shared_path("eval", "dev", name)
    with open(path, encoding="utf-8") as f:
        texts = [json.loads(line)["text"] for line in f][:400]
    windowed_texts = 0
    for text in texts:
        chosen = plan(text)
        if not (chosen.incident and chosen.parse == "windows"):
            continue
        windowed_texts += 1
        assert chosen.windows == tuple(incident_windows(text))
        for trigger in find_triggers(text):
            assert any(s <= trigger.start < e for s, e in chosen.windows), trigger
    assert windowed_texts > 0
