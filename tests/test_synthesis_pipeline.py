"""The offline synthesis end to end, on scripted chats of the example studies (real store,
real moderator, real conversations)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from interviewer.report.model import Report
from interviewer.report.render import render
from interviewer.store import Store, UnknownStudyError
from interviewer.synthesis.pipeline import SynthesisOptions, synthesize, verbatim_problems
from tests.support.synthesis_data import load_example, run_interviews

OFFLINE = SynthesisOptions(embedding="tfidf-svd")
NOW = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)
LAZY, STOPS = 4, 6
"""Respondent 4 answers "dunno" throughout (a shallow session); respondent 6 stops early."""


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    with Store(f"sqlite:///{tmp_path_factory.mktemp('synthesis') / 'db.sqlite'}") as opened:
        run_interviews(
            opened, load_example("invoice-approvals"), 8, seed=3, lazy=(LAZY,), stop_early=(STOPS,)
        )
        run_interviews(opened, load_example("weekly-meal-planning"), 5, seed=3)
        yield opened


@pytest.fixture(scope="module")
def report(store: Store) -> Report:
    return synthesize(store, "invoice-approvals", options=OFFLINE, now=NOW)


def turns_by_id(store: Store, report: Report) -> dict[int, object]:
    return {t.id: t for row in report.sessions for t in store.transcript(row.session_id)}


def test_sessions_are_filtered_and_every_exclusion_is_explained(report: Report) -> None:
    m = report.methodology
    assert (m.sessions_total, m.sessions_included, m.engine, m.model) == (8, 6, "offline", None)
    assert {(e.reason, e.count) for e in m.excluded} == {
        ("depth below 2", 1),
        ("stopped (partial; use --include-partial)", 1),
    }
    excluded = sorted((r.respondent, r.excluded_because) for r in report.sessions if not r.included)
    assert excluded == [("—", "depth below 2"), ("—", "stopped (partial; use --include-partial)")]
    # Issue 11, item 14: labels count the included sessions only (was R01…R04, R06, R08).
    assert [r.respondent for r in report.sessions if r.included] == [f"R0{n}" for n in range(1, 7)]
    assert report.summary[0].startswith("6 interviews analysed (2 of 8 sessions left out:")


def test_every_quote_is_verbatim_from_an_included_session(store: Store, report: Report) -> None:
    quotes = report.all_quotes()
    assert len(quotes) > 20
    assert verbatim_problems(report, turns_by_id(store, report)) == []  # type: ignore[arg-type]
    included = {r.session_id for r in report.sessions if r.included}
    assert {q.session_id for q in quotes} <= included
    assert {t.session_id for t in report.transcripts} == included


def test_themes_carry_prevalence_tone_and_quotes(report: Report) -> None:
    assert report.not_enough_data is None and len(report.themes) >= 2
    for theme in report.themes:
        assert theme.prevalence.total == 6
        assert theme.prevalence.respondents == len(theme.session_ids) > 0
        assert theme.prevalence.share == pytest.approx(theme.prevalence.respondents / 6)
        assert theme.quotes and theme.name and theme.definition
        assert sum(theme.sentiment.model_dump().values()) == theme.excerpts
        for sub in theme.sub_themes:
            assert set(sub.session_ids) <= set(theme.session_ids)
    shares = [t.prevalence.respondents for t in report.themes]
    assert shares == sorted(shares, reverse=True)


def test_insights_follow_the_template_and_the_confidence_rules(report: Report) -> None:
    assert 1 <= len(report.insights) <= 5
    for insight in report.insights:
        assert insight.statement == (
            f"We believe {insight.belief} because {insight.because}, so we will {insight.action}."
        )
        assert insight.written_by == "template"
        respondents = {q.session_id for q in insight.quotes}
        if len(insight.quotes) < 2 or len(respondents) < 2:
            assert insight.confidence == "low"
        assert insight.confidence_reasons


def test_every_hypothesis_gets_a_verdict_with_its_evidence(report: Report) -> None:
    assert [h.hypothesis_id for h in report.hypotheses] == ["h1", "h2", "h3"]
    for verdict in report.hypotheses:
        assert verdict.verdict in ("supported", "contradicted", "mixed", "not enough evidence")
        assert verdict.rationale.startswith("Offline reading")
        if verdict.verdict == "supported":
            assert verdict.supporting or verdict.structured_evidence
    late = report.hypotheses[2]
    assert any("answered yes to" in line for line in late.structured_evidence)


def test_structured_answers_count_the_included_sessions(report: Report) -> None:
    by_id = {a.question_id: a for a in report.structured}
    assert list(by_id) == [
        "involvement",
        "company_size",
        "volume",
        "wait_impact",
        "tools",
        "delay_causes",
        "late_payment",
    ]
    assert all(a.answered + a.skipped <= 6 for a in by_id.values())
    assert sum(o.count for o in by_id["volume"].options) == by_id["volume"].answered == 6
    assert by_id["wait_impact"].stats is not None
    assert len(by_id["delay_causes"].ranking) == 5
    assert any(x.question_id == "late_payment" for x in report.crosstabs)


def test_partial_and_shallow_sessions_can_be_included(store: Store) -> None:
    wide = synthesize(
        store,
        "invoice-approvals",
        options=SynthesisOptions(embedding="tfidf-svd", include_partial=True, min_depth=1),
    )
    assert (wide.methodology.sessions_included, wide.methodology.excluded) == (8, [])


def test_same_data_and_seed_give_the_same_report(store: Store, report: Report) -> None:
    again = synthesize(store, "invoice-approvals", options=OFFLINE, now=NOW)
    assert again.model_dump() == report.model_dump()


def test_the_consumer_study_works_too(store: Store) -> None:
    meal = synthesize(store, "weekly-meal-planning", options=OFFLINE)
    assert meal.study.id == "weekly-meal-planning" and meal.themes
    assert [h.hypothesis_id for h in meal.hypotheses] == ["h1", "h2", "h3"]


def test_one_interview_gives_not_enough_data_and_its_answers_verbatim(tmp_path: Path) -> None:
    with Store(f"sqlite:///{tmp_path / 'tiny.db'}") as tiny:
        run_interviews(tiny, load_example("weekly-meal-planning"), 1, seed=5)
        report = synthesize(tiny, "weekly-meal-planning", options=OFFLINE)
        assert report.themes == [] and report.insights == [] and report.crosstabs == []
        assert report.not_enough_data == "only 1 usable interview; themes need at least 3"
        assert 1 <= len(report.verbatims) <= 12
        assert {h.verdict for h in report.hypotheses} <= {"not enough evidence", "supported"}
        assert verbatim_problems(report, turns_by_id(tiny, report)) == []  # type: ignore[arg-type]
        assert "Not enough data for themes" in render(report, "html")
        assert "Not enough data for themes" in render(report, "md")


def test_a_study_with_no_sessions_still_reports(tmp_path: Path) -> None:
    with Store(f"sqlite:///{tmp_path / 'empty.db'}") as empty:
        empty.save_study(load_example("invoice-approvals"))
        report = synthesize(empty, "invoice-approvals", options=OFFLINE)
        assert (report.methodology.sessions_total, report.themes, report.verbatims) == (0, [], [])
        assert report.summary[0] == "0 interviews analysed."


def test_an_unknown_study_is_a_key_error_naming_the_known_ones(store: Store) -> None:
    with pytest.raises(UnknownStudyError, match="invoice-approvals"):
        synthesize(store, "no-such-study", options=OFFLINE)
