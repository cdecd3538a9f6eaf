"""Interactions: who condemned, condoled, warned, claimed, shared intelligence... (rules + table).

Sentences are our own; the reference case reads the shared sample article.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from tocsin.extract.interactions import find_interactions
from tocsin.extract.verbs import PLOVER_TYPES, VERBS, spec
from tocsin.models import Article, Extraction, Interaction, Mention, Span
from tocsin.resolve.actors import resolve_actors

SAMPLE = Path(__file__).resolve().parents[2] / "shared" / "samples" / "krasnogorsk-2024-03-23.txt"
PUBLISHED = dt.date(2024, 3, 23)  # a Saturday


def run(
    text: str,
    *,
    published: dt.date | None = PUBLISHED,
    mentions: list[Mention] | None = None,
    statements: bool = True,
) -> list[Interaction]:
    from tocsin.extract.nlp import load_nlp

    article = Article(id="t1", text=text, published=published)
    found = find_interactions(load_nlp()(text), article, mentions or [], statements=statements)
    extraction = Extraction(article=article, mentions=mentions or [], interactions=found)
    resolve_actors(extraction)
    return extraction.interactions


def summary(found: list[Interaction]) -> set[tuple[str, str]]:
    return {(i.actor.name, i.verb) for i in found}


# --- verb table (no model needed) ----------------------------------------------------------


def test_every_plover_type_is_reachable_from_the_verb_table() -> None:
    assert {v.plover for v in VERBS if v.plover} == set(PLOVER_TYPES)


@pytest.mark.parametrize(
    ("key", "plover", "cameo"),
    [
        ("condemn", "ACCUSE", "111"),
        ("condole", None, "018"),
        ("support", "SUPPORT", "051"),
        ("warn", None, "012"),
        ("warn_party", None, "064"),
        ("claim_responsibility", None, "015"),
        ("deny", None, "016"),
        ("accuse", "ACCUSE", "112"),
        ("threaten", "THREATEN", "130"),
        ("share_intelligence", "COOPERATE", "064"),
        ("arrest", "COERCE", "173"),
        ("sanction", "SANCTION", "163"),
        ("meet", "CONSULT", "040"),
        ("agree", "AGREE", "030"),
        ("request", "REQUEST", "020"),
        ("statement", None, "010"),
        ("decline_comment", None, "011"),
        ("admit", None, "015"),
    ],
)
def test_verb_maps_to_documented_plover_and_cameo(key: str, plover: str | None, cameo: str) -> None:
    row = spec(key)
    assert (row.plover, row.cameo) == (plover, cameo)


def test_every_cameo_code_is_three_digits_under_a_real_root() -> None:
    for row in VERBS:
        assert re.fullmatch(r"\d{3}", row.cameo), row.key
        assert 1 <= int(row.cameo[:2]) <= 20, row.key


# --- rules over parses ------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "actor", "verb", "plover", "cameo"),
    [
        (
            "The Danish government condemned the bombing in Aarhus.",
            "Denmark",
            "condemn",
            "ACCUSE",
            "111",
        ),
        (
            "Portugal's president expressed his condolences to the families of the victims.",
            "Portugal",
            "condole",
            None,
            "018",
        ),
        (
            "The Zeta Brigade claimed responsibility for the blast.",
            "Zeta Brigade",
            "claim_responsibility",
            None,
            "015",
        ),
        (
            "Canada shared intelligence with Chile about the plot.",
            "Canada",
            "share_intelligence",
            "COOPERATE",
            "064",
        ),
        ("The army denied any involvement in the shooting.", "army", "deny", None, "016"),
        ("Police arrested three suspects in Lyon on Friday.", "Police", "arrest", "COERCE", "173"),
        ("Brazil imposed sanctions on the junta.", "Brazil", "sanction", "SANCTION", "163"),
        (
            "Peru's foreign minister met his Chilean counterpart in Lima.",
            "Peru",
            "meet",
            "CONSULT",
            "040",
        ),
        ("Kenya accused Sudan of arming the militia.", "Kenya", "accuse", "ACCUSE", "112"),
        ("The rebels threatened to attack the capital.", "rebels", "threaten", "THREATEN", "130"),
        ("Norway will send food aid to the region.", "Norway", "agree", "AGREE", "030"),
    ],
)
def test_sentence_gives_interaction(
    text: str, actor: str, verb: str, plover: str | None, cameo: str
) -> None:
    found = run(text)
    hits = [i for i in found if i.verb == verb and actor in f"{i.actor.name} {i.actor.raw}"]
    assert hits, [(i.actor.name, i.verb) for i in found]
    assert (hits[0].plover, hits[0].cameo) == (plover, cameo)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "actor", "verb"),
    [
        ("Norway's condemnation of the shooting was swift.", "Norway", "condemn"),
        (
            "The sharing of intelligence by Canada with Chile helped the police.",
            "Canada",
            "share_intelligence",
        ),
        (
            "The Zeta Brigade's claim of responsibility surprised analysts.",
            "Zeta Brigade",
            "claim_responsibility",
        ),
    ],
)
def test_nominal_form_with_named_agent_counts(text: str, actor: str, verb: str) -> None:
    assert (actor, verb) in summary(run(text))


@pytest.mark.slow
def test_infinitive_after_take_to_keeps_the_subject_for_both_verbs() -> None:
    found = run(
        "Mayor Anna Berg took to television to denounce the violence and extend her "
        "condolences to the families."
    )
    assert {"condemn", "condole"} <= {i.verb for i in found if "Berg" in i.actor.name}


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "Sweden did not condemn the attack.",
        "Sweden may impose sanctions on the junta.",
        "Did Sweden condemn the attack?",
        "If Sweden condemns the attack, the talks will resume.",
        "Analysts discussed new ways to thwart future attacks.",
        "The attack has been met with widespread condemnation.",
    ],
)
def test_negated_asked_hypothetical_or_agentless_gives_nothing(text: str) -> None:
    assert not [i for i in run(text) if i.verb in ("condemn", "sanction", "attack")]


@pytest.mark.slow
def test_call_on_someone_to_condemn_is_a_request_by_the_caller() -> None:
    found = run("The opposition called on the government to condemn the attack.")
    assert [(i.actor.raw, i.verb, i.plover) for i in found] == [
        ("opposition", "request", "REQUEST")
    ]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "actors"),
    [
        ("Kenya and Uganda agreed to reopen the border.", {"Kenya", "Uganda"}),
        (
            "Prime Minister Jane Doe, alongside other European leaders, expressed condolences.",
            {"Jane Doe", "other European leaders"},
        ),
    ],
)
def test_several_actors_give_one_interaction_each(text: str, actors: set[str]) -> None:
    found = run(text)
    names = {i.actor.name for i in found} | {i.actor.raw for i in found}
    assert actors <= names
    assert len(found) == len(actors)


@pytest.mark.slow
def test_past_perfect_warning_is_before_the_incident() -> None:
    found = run("The Norwegian embassy had previously warned of attacks on concert venues.")
    assert [(i.verb, i.before_incident, i.actor.country) for i in found] == [("warn", True, "NO")]


@pytest.mark.slow
def test_warning_given_to_a_named_party_is_information_sharing() -> None:
    found = run("Canada warned Chile of a plot against its parliament.")
    assert [(i.verb, i.cameo, i.target.name if i.target else None) for i in found] == [
        ("warn", "064", "Chile")
    ]


@pytest.mark.slow
def test_weekday_in_the_clause_dates_the_statement() -> None:
    found = run("The ministry condemned the attack on Thursday.")
    assert found[0].date == dt.date(2024, 3, 21)


@pytest.mark.slow
def test_undated_statement_takes_the_publication_date() -> None:
    assert run("The ministry condemned the attack.")[0].date == PUBLISHED


@pytest.mark.slow
def test_appositive_gives_the_role() -> None:
    found = run("Anna Berg, the leader of the Green Party, condemned the attack.")
    assert found[0].actor.role == "leader of the Green Party"


@pytest.mark.slow
def test_statement_about_the_attack_points_at_the_mention() -> None:
    text = "A bomb killed four people in Aarhus. The Danish government condemned the attack."
    mention = Mention(article_id="t1", index=0, type_evidence=Span(start=2, end=6, text=text[2:6]))
    found = run(text, mentions=[mention])
    assert [(i.verb, i.mention_index, i.target_text) for i in found] == [
        ("condemn", 0, "the attack")
    ]


@pytest.mark.slow
def test_evidence_and_actor_spans_are_article_offsets() -> None:
    text = "Some context first.\n\nThe Danish government condemned the attack."
    (inter,) = run(text)
    assert inter.evidence.text == text[inter.evidence.start : inter.evidence.end]
    assert inter.actor.evidence is not None
    ev = inter.actor.evidence
    assert text[ev.start : ev.end] == ev.text == "Danish government"


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "actor"),
    [
        ("Ingrid Solberg said on Tuesday that the border would stay closed.", "Ingrid Solberg"),
        ("The Norwegian foreign ministry said the embassy was safe.", "Norwegian foreign ministry"),
        ("Chilean prosecutors said the suspect had fled.", "Chilean prosecutors"),
        ('"We are ready," Solberg commented.', "Solberg"),
    ],
)
def test_named_speaker_gives_a_statement(text: str, actor: str) -> None:
    found = [i for i in run(text) if i.verb == "statement"]
    assert [(i.cameo, i.plover) for i in found] == [("010", None)]
    assert actor in f"{found[0].actor.name} {found[0].actor.raw}"
    assert found[0].target is None and found[0].target_text is None  # a date is not a target


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "Three people were hurt in the blast, police said.",
        "The fire started after midnight, officials said.",
        "Two men fled on foot, witnesses said.",
        "The victim was a teacher, his family said.",
    ],
)
def test_unnamed_source_gives_no_statement(text: str) -> None:
    assert not [i for i in run(text) if i.verb == "statement"]


@pytest.mark.slow
def test_statements_can_be_turned_off() -> None:
    text = "Ingrid Solberg said on Tuesday that the border would stay closed."
    assert not run(text, statements=False)


@pytest.mark.slow
def test_statement_reporting_the_incident_points_at_the_mention() -> None:
    text = "A bomb killed four people in Aarhus. Mayor Anna Berg said the attack was cowardly."
    mention = Mention(article_id="t1", index=0, type_evidence=Span(start=2, end=6, text=text[2:6]))
    found = [i for i in run(text, mentions=[mention]) if i.verb == "statement"]
    assert [(i.actor.name, i.mention_index) for i in found] == [("Anna Berg", 0)]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "verb", "cameo"),
    [
        ("The Danish ministry declined to comment on the report.", "decline_comment", "011"),
        ("Denmark admitted that its soldiers had fired on the crowd.", "admit", "015"),
        ("The senator confessed to taking bribes.", "admit", "015"),
    ],
)
def test_refusing_comment_and_admitting_are_their_own_statements(
    text: str, verb: str, cameo: str
) -> None:
    assert [(i.verb, i.cameo) for i in run(text)] == [(verb, cameo)]


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "The injured driver was admitted to hospital in Aarhus.",
        "A youth hailing from a village near Aarhus was found dead.",
    ],
)
def test_words_in_other_senses_give_nothing(text: str) -> None:
    assert not [i for i in run(text) if i.verb in ("admit", "support")]


@pytest.mark.slow
def test_participle_clause_is_done_by_the_main_subject() -> None:
    found = run("Mayor Anna Berg lashed out at the council, accusing it of hiding the report.")
    assert {"condemn", "accuse"} <= {i.verb for i in found if i.actor.name == "Anna Berg"}


@pytest.mark.slow
def test_dateline_is_not_the_subject() -> None:
    found = run("OSLO, May 3 -- Prime Minister Jane Doe offered Chile broad support.")
    assert [(i.actor.raw, i.verb) for i in found] == [("Prime Minister Jane Doe", "agree")]


@pytest.mark.slow
def test_title_with_named_appositive_gives_the_person_with_the_role() -> None:
    (inter,) = run("The Green Party chairman, Anna Berg, ridiculed the plan.")
    assert (inter.actor.name, inter.verb) == ("Anna Berg", "condemn")
    assert inter.actor.role == "Green Party chairman"


@pytest.mark.slow
def test_two_descriptions_of_one_person_give_one_actor() -> None:
    found = run("A Danish businessman and rights activist has denied the charges.")
    assert [i.actor.raw for i in found if i.verb == "deny"] == [
        "Danish businessman and rights activist"
    ]


# --- reference case ---------------------------------------------------------------------------


def _read_sample() -> tuple[str, dt.date]:
    if not SAMPLE.exists():
        pytest.skip(f"{SAMPLE} is not here: ../shared ships with the project's CI, not clones")
    text = SAMPLE.read_text(encoding="utf-8")
    first, _, rest = text.partition("\n")
    m = re.match(r"\s*date (\d{4}-\d{2}-\d{2})\s?(.*)$", first)
    assert m, "sample must start with 'date YYYY-MM-DD'"
    # The first line carries text after the date: keep it as the article's first line.
    return m.group(2) + "\n" + rest, dt.date.fromisoformat(m.group(1))


@pytest.fixture(scope="module")
def reference() -> list[Interaction]:
    text, published = _read_sample()
    return run(text, published=published)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("actor", "verb", "plover", "cameo"),
    [
        ("Masoud Barzani", "condemn", "ACCUSE", "111"),
        ("Masoud Barzani", "condole", None, "018"),
        ("Xi Jinping", "condemn", "ACCUSE", "111"),
        ("Vladimir Putin", "condole", None, "018"),
        ("Islamic State", "claim_responsibility", None, "015"),
        ("United States", "share_intelligence", "COOPERATE", "064"),
        ("US Embassy", "warn", None, "012"),
    ],
)
def test_reference_case_interaction(
    reference: list[Interaction], actor: str, verb: str, plover: str | None, cameo: str
) -> None:
    hits = [i for i in reference if i.actor.name == actor and i.verb == verb]
    assert hits, sorted(summary(reference))
    assert (hits[0].plover, hits[0].cameo) == (plover, cameo)


@pytest.mark.slow
def test_reference_case_details(reference: list[Interaction]) -> None:
    def one(actor: str, verb: str) -> Interaction:
        return next(i for i in reference if i.actor.name == actor and i.verb == verb)

    warn = one("US Embassy", "warn")
    assert (warn.before_incident, warn.actor.country) == (True, "US")
    share = one("United States", "share_intelligence")
    assert share.target is not None and share.target.name == "Russia"
    assert one("Xi Jinping", "condemn").actor.country == "CN"
    barzani = one("Masoud Barzani", "condemn")
    assert barzani.actor.role is not None and "Kurdistan Democratic Party" in barzani.actor.role


@pytest.mark.slow
def test_reference_case_has_no_spurious_interactions(reference: list[Interaction]) -> None:
    assert not [i for i in reference if "thwart" in i.evidence.text]
    assert not [i for i in reference if i.before_incident and i.verb != "warn"]
    assert all("\n" not in i.actor.raw for i in reference)
    assert len(reference) <= 12
