"""The offline engine's templated insight wording: the action follows tone, reach and decision."""

from __future__ import annotations

import pytest

from interviewer.report.model import Prevalence, SentimentCounts, Theme
from interviewer.synthesis.insights import SHORT_DECISION, build_insights, templated
from tests.support.synthesis_data import load_example

STUDY = load_example("invoice-approvals")
# The example's decision is longer than SHORT_DECISION; the action keeps its first clause.
DECIDING = (
    "whether our next product bet is approval routing for accounts-payable teams at "
    "companies with 200–2,000 employees"
)


def theme(respondents: int, *, negative: int = 0, positive: int = 0, neutral: int = 0) -> Theme:
    return Theme(
        id="T1",
        name="Approval limits · CFO",
        definition="Answers about approval limits.",
        prevalence=Prevalence(respondents=respondents, total=12, share=respondents / 12),
        session_ids=[f"s{i}" for i in range(respondents)],
        question_ids=["hardest", "why_hard"],
        sentiment=SentimentCounts(negative=negative, positive=positive, neutral=neutral),
        excerpts=negative + positive + neutral,
        quotes=[],
    )


def test_long_decision_is_cut_at_a_clause_boundary_not_inside_a_number() -> None:
    assert len(STUDY.decision) > SHORT_DECISION
    assert templated(theme(9, negative=10, neutral=4), STUDY).action == (
        f"treat “Approval limits · CFO” as a requirement when deciding {DECIDING}"
    )


@pytest.mark.parametrize(
    ("respondents", "tone", "action"),
    [
        # a pain point most respondents raised shapes the decision
        (9, {"negative": 10, "neutral": 4}, "treat “Approval limits · CFO” as a requirement"),
        # something most respondents value is kept
        (7, {"positive": 6, "neutral": 3}, "treat “Approval limits · CFO” as something to keep"),
        # a widely raised but neutral topic is probed, not acted on
        (11, {"negative": 2, "neutral": 30}, "probe “Approval limits · CFO” further"),
        # a pain point only a few raised is probed too
        (4, {"negative": 8}, "probe “Approval limits · CFO” further"),
    ],
)
def test_action_follows_tone_and_reach(respondents: int, tone: dict[str, int], action: str) -> None:
    phrasing = templated(theme(respondents, **tone), STUDY)

    joiner = " in follow-up interviews before deciding " if "probe" in action else " when deciding "
    assert phrasing.action == action + joiner + DECIDING


def test_short_decision_is_repeated_whole_and_lower_cased() -> None:
    study = STUDY.model_copy(update={"decision": "Whether to build approval routing."})

    phrasing = templated(theme(3, negative=1, positive=1), study)

    assert phrasing.action == (
        "probe “Approval limits · CFO” further in follow-up interviews before deciding "
        "whether to build approval routing"
    )


def test_decision_without_clause_boundary_is_cut_at_a_word_with_an_ellipsis() -> None:
    study = STUDY.model_copy(update={"decision": "Whether " + "we build routing " * 12})

    action = templated(theme(9, negative=9), study).action

    assert action == (
        "treat “Approval limits · CFO” as a requirement when deciding whether"
        + " we build routing" * 6
        + " we build…"
    )


def test_statement_keeps_the_we_believe_because_so_we_will_form() -> None:
    [insight] = build_insights([theme(9, negative=10, neutral=4)], STUDY, depth_of={})

    assert insight.statement == (
        "We believe “Approval limits · CFO” is a recurring pain point for most respondents "
        "because 9 of 12 respondents (75%) raised it across 2 questions, in 10 negative and "
        "0 positive excerpts, so we will treat “Approval limits · CFO” as a requirement when "
        f"deciding {DECIDING}."
    )
    assert insight.written_by == "template"
