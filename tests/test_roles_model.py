"""The role-filler classifier (tocsin.extract.roles): candidates, the shipped model, and the
perpetrator, target and weapon finders built on it; needs spaCy."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tocsin.models import Article, Mention, Perpetrator, Responsibility


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    from tocsin.extract.nlp import load_nlp

    return load_nlp()


def _parse(nlp, text: str):  # type: ignore[no-untyped-def]
    from tocsin.extract.truecase import prepare_text

    return nlp(prepare_text(text))


def _candidates(nlp, text: str) -> set[str]:  # type: ignore[no-untyped-def]
    from tocsin.extract.roles import candidate_spans

    doc = _parse(nlp, text)
    return {text[a:b].lower() for a, b, _, _ in candidate_spans(doc, 0, len(text))}


def _extract(nlp, text: str) -> list[Mention]:  # type: ignore[no-untyped-def]
    from tocsin.extract.incidents import find_incidents

    article = Article(id="t", text=text, published=dt.date(2021, 5, 10))
    return find_incidents(_parse(nlp, text), article)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "candidate"),
    [
        ("Rebels blew up two power pylons near Kandor on Monday.", "power pylons"),
        ("Rebels blew up two power pylons near Kandor on Monday.", "two power pylons"),
        ("A bomb explosion damaged the Tarvel courthouse.", "bomb"),
        ("Gunmen shot Ana Maria\nVelez Prado outside her house.", "ana maria\nvelez prado"),
        ("Police found the bodies of members of the Kandor workers union.",
         "members of the kandor workers union"),
    ],
)
def test_candidates_hold_the_phrases_role_keys_write(nlp, text: str, candidate: str) -> None:  # type: ignore[no-untyped-def]
    assert candidate in _candidates(nlp, text)


@pytest.mark.slow
def test_candidates_leave_out_verbs_and_pronouns(nlp) -> None:  # type: ignore[no-untyped-def]
    cands = _candidates(nlp, "They attacked it yesterday.")
    assert not {"they", "attacked", "it"} & cands


def test_the_shipped_model_is_small_and_has_the_muc4_roles() -> None:
    from importlib import resources

    from tocsin.extract.roles import ROLE_LABELS, ROLE_MODEL_FILE, load_role_model

    model = load_role_model()
    assert model is not None
    assert model.labels == ROLE_LABELS
    assert set(model.thresholds) == set(ROLE_LABELS[1:])
    ref = resources.files("tocsin.extract").joinpath("data", ROLE_MODEL_FILE)
    with resources.as_file(ref) as path:
        assert Path(path).stat().st_size < 50 * 1024 * 1024


def test_probabilities_sum_to_one_and_unknown_features_give_the_prior() -> None:
    from tocsin.extract.roles import load_role_model

    model = load_role_model()
    assert model is not None
    p = model.probabilities(["no-such-feature"])
    assert p.sum() == pytest.approx(1.0)
    assert p.argmax() == 0  # most candidates fill no role


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "weapon"),
    [
        ("Unidentified men hurled a grenade at the Tarvel police station on Monday, wounding "
         "four officers.", "grenade"),
        ("A powerful car bomb exploded outside the Belmora courthouse last night, killing "
         "three people.", "car bomb"),
        ("Guerrillas used dynamite to blow up a bridge near Kandor yesterday.", "dynamite"),
    ],
)
def test_the_weapon_used_is_found(nlp, text: str, weapon: str) -> None:  # type: ignore[no-untyped-def]
    mentions = _extract(nlp, text)
    assert mentions
    assert weapon in {w.text.lower() for m in mentions for w in m.weapons}


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("Rebels dynamited the Kandor electric power substation on Sunday night.",
         "kandor electric power substation"),
        ("Assailants set fire to a bus in Tarvel yesterday.", "bus"),
    ],
)
def test_a_hit_building_or_vehicle_is_a_property_target(nlp, text: str, target: str) -> None:  # type: ignore[no-untyped-def]
    mentions = _extract(nlp, text)
    assert mentions
    props = {t.text.lower() for m in mentions for t in m.targets if t.kind == "property"}
    assert any(target.endswith(p) or p.endswith(target) for p in props), props


def test_without_a_model_the_rule_perpetrators_stay(monkeypatch: pytest.MonkeyPatch) -> None:
    import tocsin.extract.roles as roles

    monkeypatch.setattr(roles, "load_role_model", lambda: None)
    found = [Perpetrator(name="Kandor Front", responsibility=Responsibility.CLAIMED)]
    assert roles.refine_perpetrators(None, "", [], found) == found  # type: ignore[arg-type]


@pytest.mark.slow
def test_in_a_long_report_a_claim_stays_and_vague_rule_actors_give_way(nlp) -> None:  # type: ignore[no-untyped-def]
    from tocsin.extract.roles import refine_perpetrators

    # Long enough a report for the classifier to decide alone (more than four sentences).
    text = ("Gunmen killed two guards at a bank in Tarvel on Monday. The Kandor Liberation "
            "Front claimed responsibility. The bank was closed at the time. Police sealed off "
            "the street. The mayor called for calm. Schools stayed open.")
    doc = _parse(nlp, text)
    claimed = Perpetrator(name="Kandor Liberation Front", responsibility=Responsibility.CLAIMED)
    vague = Perpetrator(name="bank", responsibility=Responsibility.UNKNOWN)
    out = refine_perpetrators(doc, text, [(0, len(text))], [claimed, vague])
    by_name = {p.name.lower(): p for p in out}
    assert by_name["kandor liberation front"].responsibility == Responsibility.CLAIMED
    assert "bank" not in by_name


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "A bomb exploded at a market in Tarvel on Monday, killing five people. No group has "
        "claimed responsibility for the attack.",
        "Gunmen killed a judge in Kandor on Friday. No one has claimed responsibility.",
    ],
)
def test_no_claim_of_responsibility_gives_no_claimed_perpetrator(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    mentions = _extract(nlp, text)
    assert mentions
    assert not [p for m in mentions for p in m.perpetrators
                if p.responsibility == Responsibility.CLAIMED]
