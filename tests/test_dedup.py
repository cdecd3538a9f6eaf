"""Tests of near-duplicate detection."""

from __future__ import annotations

import pytest

from tocsin.clean import content_hash
from tocsin.dedup import Deduper
from tocsin.errors import BadOption
from tocsin.models import Article

STORY = (
    "Gunmen on motorcycles attacked a village near the river on Thursday evening, killing "
    "eleven villagers and burning more than forty houses, local officials said on Friday. "
    "The attackers arrived at dusk and opened fire on people returning from the market, a "
    "community leader told reporters by telephone. Soldiers were sent to the area and a search "
    "for the gunmen was under way, an army spokesman said. No group has claimed the attack, "
    "the third in the district this month."
)
OTHER = (
    "The two governments signed an agreement on Tuesday to expand trade in rice and fish, "
    "cutting tariffs on both over the next three years, the trade ministry said. Officials "
    "said the deal would be reviewed at a meeting of ministers next spring in the capital, "
    "where negotiators will also discuss a joint plan for patrols against illegal fishing."
)


def article(article_id: str, text: str) -> Article:
    return Article(id=article_id, text=text, content_hash=content_hash(text))


def seeded(*articles: Article) -> Deduper:
    deduper = Deduper()
    for a in articles:
        deduper.add(a)
    return deduper


def test_exact_duplicate_with_another_id_is_found() -> None:
    deduper = seeded(article("first", STORY))
    assert deduper.check(article("second", STORY)) == "first"


def test_duplicate_differing_only_in_case_and_spacing_is_found() -> None:
    deduper = seeded(article("first", STORY))
    assert deduper.check(article("second", "  " + STORY.upper().replace(" ", "  "))) == "first"


@pytest.mark.parametrize(
    "edited",
    [
        STORY.replace("local officials said on Friday", "officials said on Friday"),
        STORY + " Advertisement",
        STORY.replace("in the district this month.", "in the district since May."),
    ],
)
def test_near_duplicate_is_found(edited: str) -> None:
    deduper = seeded(article("first", STORY))
    assert deduper.check(article("second", edited)) == "first"


def test_different_story_is_not_a_duplicate() -> None:
    deduper = seeded(article("first", STORY))
    assert deduper.check(article("second", OTHER)) is None


def test_same_incident_rewritten_is_not_a_duplicate() -> None:
    rewritten = (
        "Eleven villagers were shot dead and over forty homes set ablaze when armed men on "
        "motorbikes raided a riverside village late on Thursday, authorities said. Troops "
        "have been deployed to hunt the attackers, the military said, and no one has claimed "
        "responsibility for the raid."
    )
    deduper = seeded(article("first", STORY))
    assert deduper.check(article("second", rewritten)) is None


def test_article_is_not_a_duplicate_of_itself() -> None:
    deduper = seeded(article("first", STORY))
    assert deduper.check(article("first", STORY)) is None


@pytest.mark.parametrize(
    ("earlier", "later", "expected"),
    [
        ("Two killed in Kabul blast", "Two killed in Kabul blast", "first"),
        ("Two killed in Kabul blast", "Two killed in Kabul blast today", None),
    ],
)
def test_short_texts_only_match_exactly(earlier: str, later: str, expected: str | None) -> None:
    deduper = seeded(article("first", earlier))
    assert deduper.check(article("second", later)) == expected


def test_saved_signature_seeds_a_new_deduper() -> None:
    first = article("first", STORY)
    signature = Deduper().signature(first)
    fresh = Deduper()
    fresh.add_signature("first", first.content_hash, signature)
    edited = STORY.replace("local officials said on Friday", "officials said on Friday")
    assert fresh.check(article("second", edited)) == "first"
    assert len(fresh) == 1


def test_signature_is_deterministic_and_sized_by_num_perm() -> None:
    a = article("a", STORY)
    assert Deduper().signature(a) == Deduper().signature(a)
    assert len(Deduper(num_perm=64).signature(a)) == 64 * 4
    assert len(Deduper(num_perm=128).signature(a)) == 128 * 4


def test_signature_of_another_size_is_refused() -> None:
    signature = Deduper(num_perm=128).signature(article("a", STORY))
    with pytest.raises(BadOption, match=r"\[E030\].*num_perm"):
        Deduper(num_perm=64).add_signature("a", "hash", signature)


@pytest.mark.parametrize(("threshold", "num_perm"), [(0.0, 64), (1.5, 64), (0.85, 4)])
def test_bad_settings_are_refused(threshold: float, num_perm: int) -> None:
    with pytest.raises(BadOption):
        Deduper(threshold=threshold, num_perm=num_perm)


def test_first_of_several_copies_is_reported() -> None:
    deduper = seeded(article("first", STORY), article("second", STORY))
    assert deduper.check(article("third", STORY)) == "first"
