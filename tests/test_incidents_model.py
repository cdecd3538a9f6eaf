"""The trained incident relevance and GTD type models (typing_model.LinearModel, incidents)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest

from tocsin.extract.typing_model import (
    HASH_DIM,
    LinearModel,
    feature_index,
    load_linear,
    read_linear,
    save_linear,
)
from tocsin.models import Article, Mention

DATA = Path(__file__).resolve().parents[1] / "src" / "tocsin" / "extract" / "data"


def _toy(weight: float) -> LinearModel:
    w = np.zeros((HASH_DIM, 2), dtype=np.float32)
    w[feature_index("w:bomb"), 1] = weight
    return LinearModel(weights=w, bias=np.zeros(2, dtype=np.float32), labels=("0", "1"))


@pytest.mark.parametrize("name", ["w:bomb", "b:car_bomb", "c:kidnap:1", "h:communique"])
def test_feature_index_is_stable_and_in_range(name: str) -> None:
    assert feature_index(name) == feature_index(name)
    assert 0 <= feature_index(name) < HASH_DIM


@pytest.mark.parametrize(
    ("features", "expected"),
    [({"w:bomb": 1.0}, True), ({"w:budget": 1.0}, False), ({}, False)],
)
def test_linear_model_scores_the_features_it_weights(features: dict[str, float],
                                                     expected: bool) -> None:
    probs = _toy(4.0).probabilities(features)
    assert probs.sum() == pytest.approx(1.0)
    assert bool(probs[1] > 0.9) is expected


def test_saved_model_reads_back_identical(tmp_path: Path) -> None:
    model = _toy(2.5)
    path = tmp_path / "m.npz"
    save_linear(str(path), model)
    back = read_linear(str(path))
    assert back.labels == model.labels
    assert back.probability({"w:bomb": 1.0}, "1") == pytest.approx(
        model.probability({"w:bomb": 1.0}, "1"))


@pytest.mark.parametrize("name", ["incident_relevance", "incident_gtd_type"])
def test_shipped_models_load_and_stay_small(name: str) -> None:
    path = DATA / f"{name}.npz"
    assert path.is_file(), f"{path} missing: run scripts/train_incident_model.py"
    assert path.stat().st_size < 50 * 1024 * 1024
    model = load_linear(name)
    assert model is not None and model.weights.shape[0] == HASH_DIM


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    from tocsin.extract.nlp import load_nlp

    return load_nlp()


def _extract(nlp, text: str, published: dt.date) -> list[Mention]:  # type: ignore[no-untyped-def]
    from tocsin.extract.incidents import find_incidents
    from tocsin.extract.truecase import prepare_text

    article = Article(id="t", text=text, published=published)
    return find_incidents(nlp(prepare_text(text)), article)


# Upper-case wire reports in the style of the MUC-4 messages (our own sentences).
_SPEECH = (
    "   TARVEL, 4 MAY 90 (RADIO NACIONAL) -- [SPEECH] [PRESIDENT ORLANDO VEGA] [TEXT] FELLOW "
    "CITIZENS: TODAY WE RENEW OUR COMMITMENT TO PEACE AND TO DIALOGUE.  FOR TEN YEARS THE "
    "TERRORISTS HAVE KILLED PEASANTS, BOMBED BRIDGES AND KIDNAPPED MAYORS.  WE CALL ON THE "
    "REBELS TO LAY DOWN THEIR ARMS AND JOIN THE DEMOCRATIC PROCESS.  THE GOVERNMENT WILL "
    "GUARANTEE THE SAFETY OF ALL WHO RETURN.  WE WILL CONTINUE TO WORK FOR ECONOMIC RECOVERY, "
    "FOR JOBS AND FOR SCHOOLS.  THANK YOU."
)
_ARMY_BULLETIN = (
    "   TARVEL, 4 MAY 90 (RADIO NACIONAL) -- [TEXT] ARMY TROOPS CLASHED WITH REBELS OF THE "
    "PEOPLE'S LIBERATION ARMY NEAR THE VILLAGE OF SAN ROQUE YESTERDAY.  THE ARMY PRESS OFFICE "
    "REPORTED THAT FOUR REBELS WERE KILLED AND TWO SOLDIERS WERE WOUNDED IN THE FIGHTING.  THE "
    "TROOPS SEIZED RIFLES AND AMMUNITION.  THE OPERATION CONTINUES IN THE AREA.  THE DEFENSE "
    "MINISTER PRAISED THE TROOPS."
)
_BOMBING = (
    "   KANDOR, 9 JUN 90 (AFP) -- [TEXT] A POWERFUL BOMB EXPLODED LAST NIGHT AT THE OFFICES "
    "OF THE NATIONAL TELEPHONE COMPANY IN DOWNTOWN KANDOR, KILLING TWO NIGHT WATCHMEN AND "
    "INJURING FIVE PASSERSBY.  POLICE SAID THE DYNAMITE CHARGE HAD BEEN PLACED BY URBAN "
    "TERRORISTS AT THE MAIN ENTRANCE OF THE BUILDING.  THE EXPLOSION DESTROYED THE FRONT OF "
    "THE BUILDING AND SHATTERED WINDOWS IN NEARBY HOUSES.  NO GROUP HAS CLAIMED "
    "RESPONSIBILITY FOR THE ATTACK.  AUTHORITIES HAVE LAUNCHED AN INVESTIGATION."
)


@pytest.mark.slow
@pytest.mark.parametrize("text", [_SPEECH, _ARMY_BULLETIN])
def test_long_reports_that_only_mention_violence_report_no_incident(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    from tocsin.extract.incidents import find_candidates
    from tocsin.extract.truecase import prepare_text

    article = Article(id="t", text=text, published=dt.date(1990, 5, 4))
    # The rules alone would code an incident here: the model is what rejects it.
    assert any(c.rule_keep for c in find_candidates(nlp(prepare_text(text)), article))
    assert _extract(nlp, text, dt.date(1990, 5, 4)) == []


@pytest.mark.slow
def test_lower_case_news_keeps_the_rules_decision(nlp) -> None:  # type: ignore[no-untyped-def]
    text = _ARMY_BULLETIN.split("[TEXT] ", 1)[1].lower().replace("army troops", "Army troops")
    text = ". ".join(s.strip().capitalize() for s in text.split(".") if s.strip()) + "."
    # Mixed case: outside the models' training domain, the rules keep the fighting report
    # only by their own filters, whatever the relevance model would say.
    from tocsin.extract.incidents import find_candidates
    from tocsin.extract.truecase import prepare_text

    article = Article(id="t", text=text, published=dt.date(1990, 5, 4))
    kept = [c.mention.gtd_type for c in find_candidates(nlp(prepare_text(text)), article)
            if c.rule_keep]
    assert kept
    assert [m.gtd_type for m in _extract(nlp, text, dt.date(1990, 5, 4))] == kept


@pytest.mark.slow
def test_a_long_bombing_report_is_one_bombing(nlp) -> None:  # type: ignore[no-untyped-def]
    mentions = _extract(nlp, _BOMBING, dt.date(1990, 6, 9))
    assert [m.gtd_type for m in mentions] == ["Bombing/Explosion"]


@pytest.mark.slow
def test_candidates_carry_the_features_the_models_read(nlp) -> None:  # type: ignore[no-untyped-def]
    from tocsin.extract.incidents import find_candidates
    from tocsin.extract.truecase import prepare_text

    article = Article(id="t", text=_BOMBING, published=dt.date(1990, 6, 9))
    cands = find_candidates(nlp(prepare_text(_BOMBING)), article)
    assert cands
    feats = cands[0].features
    assert "w:bomb" in feats and "i:0" in feats and "g:Bombing/Explosion" in feats
