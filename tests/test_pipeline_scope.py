"""The interaction scope of a run, and a Deduper kept across runs into one store."""

from __future__ import annotations

from pathlib import Path

import pytest

from tocsin.errors import BadOption
from tocsin.extract.nlp import load_nlp
from tocsin.models import Article
from tocsin.pipeline import process, seeded_deduper
from tocsin.report import RunReport
from tocsin.store import open_store

pytestmark = pytest.mark.slow

# Our own sentences.
TOWN_NEWS = (
    "Mayor Ana Ruiz said on Monday that the new bus lanes would open in May. "
    "She met shop owners in the old town and agreed to review the parking plan. "
    "The council announced a vote on the budget for next month. "
    "Residents told reporters they welcomed the longer opening hours of the library. "
    "The mayor added that the festival would return in the autumn."
)
REACTION = (
    "Parliament held a minute of silence on Tuesday. "
    "Prime Minister Jonas Berg condemned the act as cowardly and sent his condolences "
    "to the families. Opposition leader Maria Lenz said on Wednesday that the country stood united."
)
INCIDENT = (
    "A car bomb exploded near a police station in Kirkuk on Monday, killing four officers. "
    "Governor Tom Okafor said on Monday that the attackers would be found. "
    "The United Nations condemned the bombing."
)


def run(texts: dict[str, str], db: Path, **options: object) -> set[tuple[str, str]]:
    """Return (article id, verb) of every interaction stored by a run over `texts`."""
    articles = [Article(id=k, text=v) for k, v in texts.items()]
    with open_store(db) as store:
        process(articles, store=store, nlp=load_nlp(), **options)  # type: ignore[arg-type]
        rows = store.conn.execute("SELECT article_id, verb FROM interactions").fetchall()
    return {(str(a), str(v)) for a, v in rows}


@pytest.fixture(scope="module")
def coded(tmp_path_factory: pytest.TempPathFactory) -> dict[str, set[tuple[str, str]]]:
    texts = {"news": TOWN_NEWS, "reaction": REACTION, "incident": INCIDENT}
    out = {}
    for scope in ("incidents", "all"):
        out[scope] = run(texts, tmp_path_factory.mktemp(scope) / "t.db", interactions=scope)
    out["default"] = run(texts, tmp_path_factory.mktemp("default") / "t.db")
    out["whole"] = run(texts, tmp_path_factory.mktemp("whole") / "t.db", relevance=False)
    return out


def verbs(rows: set[tuple[str, str]], article: str) -> set[str]:
    return {verb for a, verb in rows if a == article}


def test_ordinary_news_is_coded_only_in_scope_all(coded: dict[str, set[tuple[str, str]]]) -> None:
    assert verbs(coded["incidents"], "news") == set()
    assert "statement" in verbs(coded["all"], "news")


def test_a_reaction_without_an_incident_keeps_only_its_reactions(
    coded: dict[str, set[tuple[str, str]]],
) -> None:
    kept = verbs(coded["incidents"], "reaction")
    assert "condemn" in kept
    assert "statement" not in kept
    assert "statement" in verbs(coded["all"], "reaction")


def test_every_interaction_of_an_incident_text_is_coded_in_both_scopes(
    coded: dict[str, set[tuple[str, str]]],
) -> None:
    assert {"statement", "condemn"} <= verbs(coded["incidents"], "incident")
    assert verbs(coded["incidents"], "incident") == verbs(coded["all"], "incident")


def test_incidents_is_the_default_scope(coded: dict[str, set[tuple[str, str]]]) -> None:
    assert coded["default"] == coded["incidents"]


def test_the_scope_codes_the_same_without_the_relevance_filter(
    coded: dict[str, set[tuple[str, str]]],
) -> None:
    assert coded["whole"] == coded["incidents"]


def test_an_unknown_scope_is_refused(tmp_path: Path) -> None:
    with open_store(tmp_path / "t.db") as store, pytest.raises(BadOption):
        process([Article(id="a", text=INCIDENT)], store=store, interactions="some")  # type: ignore[arg-type]


def test_a_kept_deduper_finds_duplicates_of_earlier_runs(tmp_path: Path) -> None:
    original = INCIDENT + " " + TOWN_NEWS
    copy = original.replace("in May", "in June")
    with open_store(tmp_path / "t.db") as store:
        deduper = seeded_deduper(store)
        process([Article(id="first", text=original)], store=store, deduper=deduper)
        report = RunReport()
        process([Article(id="copy", text=copy)], store=store, deduper=deduper, report=report)
    assert report.duplicates == 1


def test_a_seeded_deduper_knows_the_stored_articles(tmp_path: Path) -> None:
    with open_store(tmp_path / "t.db") as store:
        process([Article(id="first", text=INCIDENT)], store=store)
        deduper = seeded_deduper(store)
    assert deduper.check(Article(id="again", text=INCIDENT)) == "first"


@pytest.mark.parametrize(("scope", "coded"), [("incidents", 0), ("all", 1)])
def test_the_run_command_takes_the_scope(tmp_path: Path, scope: str, coded: int) -> None:
    from click.testing import CliRunner

    from tocsin.cli import cli

    news = tmp_path / "news.txt"
    news.write_text(TOWN_NEWS, encoding="utf-8")
    db = tmp_path / "t.db"
    result = CliRunner().invoke(
        cli, ["run", str(news), "--db", str(db), "--quiet", "--interactions", scope]
    )
    assert result.exit_code == 0, result.output
    with open_store(db) as store:
        statements = store.conn.execute(
            "SELECT COUNT(*) FROM interactions WHERE verb = 'statement'"
        ).fetchone()[0]
    assert min(statements, 1) == coded
