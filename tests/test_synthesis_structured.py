"""Closed-answer aggregates (distributions, NPS, rankings) and theme cross-tabs."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from interviewer.interview import AnswerRecord, Status
from interviewer.report.model import SessionRow
from interviewer.store import SessionSummary
from interviewer.study import Study
from interviewer.synthesis.corpus import Corpus, Interview
from interviewer.synthesis.structured import aggregate, crosstabs, notable_segments

STUDY = Study.model_validate(
    {
        "id": "agg",
        "title": "Aggregates",
        "decision": "What to build",
        "consent": "OK to record?",
        "questions": [
            {"id": "story", "type": "open_ended", "text": "Tell me about it."},
            {
                "id": "nps",
                "type": "scale",
                "text": "Recommend us?",
                "min": 0,
                "max": 10,
                "nps": True,
            },
            {"id": "ok", "type": "yes_no", "text": "Did it work?"},
            {
                "id": "role",
                "type": "single_choice",
                "text": "Role?",
                "options": ["Finance", "Ops"],
                "allow_other": True,
            },
            {
                "id": "tools",
                "type": "multiple_choice",
                "text": "Tools?",
                "options": ["Slack", "Email", "Jira"],
            },
            {
                "id": "rank",
                "type": "ranking",
                "text": "Rank them.",
                "items": ["A", "B", "C", "D"],
                "top_k": 3,
            },
        ],
    }
)
ANSWERS: list[dict[str, Any]] = [
    {
        "nps": 10,
        "ok": True,
        "role": "Finance",
        "tools": ["Slack", "Email"],
        "rank": ["A", "B", "C"],
    },
    {"nps": 9, "ok": True, "role": "Finance", "tools": ["Slack"], "rank": ["A", "C", "B"]},
    {"nps": 7, "ok": False, "role": "Ops", "tools": ["Email"], "rank": ["B", "A", "D"]},
    {"nps": 3, "ok": False, "role": "Other", "tools": ["Jira", "Slack"], "rank": ["C", "B", "A"]},
    {"nps": 0, "ok": True, "role": "Ops", "tools": ["Slack"], "rank": ["A", "B", "C"]},
    {"nps": None, "ok": None, "role": None, "tools": None, "rank": None},  # skipped everything
]


def corpus_of(rows: list[dict[str, Any]]) -> Corpus:
    interviews = []
    now = datetime.now(UTC)
    for index, values in enumerate(rows):
        session_id = f"s{index}"
        answers = {
            qid: AnswerRecord(
                question_id=qid,
                value=value,
                skipped=value is None,
                other_text="Controller" if value == "Other" else None,
            )
            for qid, value in values.items()
        }
        summary = SessionSummary(
            id=session_id, study_id=STUDY.id, study_hash=STUDY.content_hash, status=Status.COMPLETED,
            engine="offline", started_at=now, updated_at=now,
        )  # fmt: skip
        interviews.append(Interview(summary, STUDY, f"R{index}", (), answers, 3.0, "computed"))
    rows_ = tuple(
        SessionRow(session_id=i.session_id, respondent=i.respondent, status="completed", source="chat",
                   started_at=now, depth=3.0, depth_source="computed", included=True)
        for i in interviews
    )  # fmt: skip
    return Corpus(STUDY, tuple(interviews), rows_, min_depth=2, include_partial=False)


@pytest.fixture
def aggregates() -> dict[str, Any]:
    return {a.question_id: a for a in aggregate(corpus_of(ANSWERS))}


def test_only_closed_questions_are_aggregated_in_study_order(aggregates: dict[str, Any]) -> None:
    assert list(aggregates) == ["nps", "ok", "role", "tools", "rank"]
    assert {a.answered for a in aggregates.values()} == {5}
    assert {a.skipped for a in aggregates.values()} == {1}


def test_nps_scale_distribution_and_stats(aggregates: dict[str, Any]) -> None:
    nps = aggregates["nps"]
    assert [(o.label, o.count) for o in nps.options if o.count] == [
        ("0", 1),
        ("3", 1),
        ("7", 1),
        ("9", 1),
        ("10", 1),
    ]
    assert len(nps.options) == 11
    assert (nps.stats.mean, nps.stats.median, nps.stats.stdev) == (5.8, 7.0, 4.21)
    assert (nps.nps.promoters, nps.nps.passives, nps.nps.detractors, nps.nps.score) == (
        2,
        1,
        2,
        0.0,
    )


def test_choice_and_yes_no_counts(aggregates: dict[str, Any]) -> None:
    assert [(o.label, o.count) for o in aggregates["ok"].options] == [("yes", 3), ("no", 2)]
    role = aggregates["role"]
    assert [(o.label, o.count) for o in role.options] == [("Finance", 2), ("Ops", 2), ("Other", 1)]
    assert role.other_texts == ["Controller"]
    tools = aggregates["tools"]
    assert [(o.label, o.count, o.share) for o in tools.options] == [
        ("Slack", 4, 0.8), ("Email", 2, 0.4), ("Jira", 1, 0.2),
    ]  # fmt: skip


def test_ranking_mean_rank_and_borda(aggregates: dict[str, Any]) -> None:
    ranking = {r.item: r for r in aggregates["rank"].ranking}
    # Top 3 of 4: first = 3 points, second = 2, third = 1.
    assert (ranking["A"].borda, ranking["A"].mean_rank, ranking["A"].first_place) == (12, 1.6, 3)
    assert (ranking["B"].borda, ranking["B"].mean_rank) == (10, 2.0)
    assert (ranking["C"].borda, ranking["C"].mean_rank) == (7, 2.25)
    assert (ranking["D"].borda, ranking["D"].mean_rank, ranking["D"].times_ranked) == (1, 3.0, 1)
    assert [r.item for r in aggregates["rank"].ranking] == ["A", "B", "C", "D"]


def test_crosstabs_split_themes_by_single_valued_answers() -> None:
    corpus = corpus_of(ANSWERS)
    tables = {t.question_id: t for t in crosstabs(corpus, [("T1", "Chasing", {"s0", "s1", "s4"})])}
    assert list(tables) == ["nps", "ok", "role"]  # multiple choice and rankings do not segment
    nps = tables["nps"]
    assert (nps.segments, nps.segment_sizes) == (["detractor", "passive", "promoter"], [2, 1, 2])
    assert nps.rows[0].counts == [1, 0, 2]
    assert nps.rows[0].shares == [0.5, 0.0, 1.0]
    assert tables["role"].segments == ["Finance", "Ops", "Other"]
    notable = notable_segments(list(tables.values()), "T1", overall_share=0.6)
    # "no" (2 respondents, 0%) is too small a segment to call notable.
    assert [(s.question_id, s.segment, s.share) for s in notable] == [("ok", "yes", 1.0)]


def test_no_answers_gives_empty_distributions_not_errors() -> None:
    aggregates = aggregate(corpus_of([]))
    assert [a.answered for a in aggregates] == [0] * 5
    assert aggregates[0].stats is None and aggregates[0].nps is None
    assert crosstabs(corpus_of([]), [("T1", "x", set())]) == []
