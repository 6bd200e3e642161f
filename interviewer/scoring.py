"""Scoring stored sessions: the depth scorer (and optionally the LLM judge) over the store.

``depth.py`` scores text; this module knows which answers a stored session has, runs the
scorers over them and saves per-answer and per-session scores side by side, by scorer name and
version. Conversations call :func:`score_stored_session` when an interview ends (it takes well
under a millisecond per answer); ``interviewer score`` re-scores and runs the judge.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from interviewer.depth import (
    SCORER,
    AnswerForScoring,
    DepthScore,
    SessionScore,
    answer_for_scoring,
    score_session,
)
from interviewer.interview import InterviewState, Status
from interviewer.judge import JudgedScore, JudgeResult, judge_session
from interviewer.llm.base import ChatModel, ModelError
from interviewer.store import LoadedSession, ScoreCreate, Store
from interviewer.study import Study

FEATURE_SCORER, FEATURE_VERSION = SCORER.rsplit("-", 1)
"""Stored as scorer ``features``, version ``v1``."""
JUDGE_SCORER = "llm-judge"

SCORABLE = (Status.COMPLETED, Status.STOPPED)
"""Declined and screened-out sessions hold no interview to score."""


@dataclass(frozen=True)
class Scored:
    """The outcome of scoring one stored session."""

    session_id: str
    features: SessionScore
    judge: JudgeResult | None = None
    judge_error: str | None = None


def session_items(view: LoadedSession) -> list[AnswerForScoring]:
    """The scorer's view of every question the session actually asked, in order."""
    return state_items(view.study, view.state)


def state_items(study: Study, state: InterviewState) -> list[AnswerForScoring]:
    """:func:`session_items` of a session not stored yet (an import builds it in memory)."""
    return [
        answer_for_scoring(study.question(qid), state.answers.get(qid))
        for qid in dict.fromkeys(state.asked)
    ]


def feature_scores(
    study: Study, state: InterviewState, *, duration_seconds: float | None = None
) -> list[ScoreCreate]:
    """The feature scorer's rows for a session in ``state`` — what :func:`score_stored_session`
    stores — computed without the store, so an import saves them with the session."""
    items = state_items(study, state)
    return feature_rows(items, score_session(items, duration_seconds=duration_seconds))


def feature_rows(items: Sequence[AnswerForScoring], features: SessionScore) -> list[ScoreCreate]:
    """The rows that store ``features``, the feature scorer's result for ``items``."""
    return _rows(
        FEATURE_SCORER, FEATURE_VERSION, features.score, features.reasons, items, features.answers
    )


def score_stored_session(
    store: Store, session_id: str, *, judge: ChatModel | None = None
) -> Scored:
    """Score one session with the feature scorer (and the judge when given); store both."""
    view = store.load_session(session_id)
    items = session_items(view)
    # An import's timestamps are when it was imported, not how long the interview took.
    duration = None if view.session.source == "import" else view.session.duration_seconds
    features = score_session(items, duration_seconds=duration)
    store.save_scores(
        session_id,
        _rows(
            FEATURE_SCORER,
            FEATURE_VERSION,
            features.score,
            features.reasons,
            items,
            features.answers,
        ),
    )
    if judge is None:
        return Scored(session_id, features)
    try:
        verdict = judge_session(judge, items, duration_seconds=duration)
    except ModelError as exc:  # the feature scores stand; the judge's failure is reported
        return Scored(session_id, features, judge_error=str(exc).splitlines()[0])
    version = verdict.scorer.removeprefix(f"{JUDGE_SCORER}-") or "v1"
    store.save_scores(
        session_id,
        _rows(JUDGE_SCORER, version, verdict.score, verdict.reasons, items, verdict.answers),
    )
    return Scored(session_id, features, verdict)


def _rows(
    scorer: str,
    version: str,
    score: int,
    reasons: Sequence[str],
    items: Sequence[AnswerForScoring],
    answers: Sequence[DepthScore | JudgedScore | None],
) -> list[ScoreCreate]:
    """One session row and one row per scored answer, for one scorer."""
    rows = [
        ScoreCreate(
            scorer=scorer,
            scorer_version=version,
            level="session",
            score=score,
            reasons=list(reasons),
        )
    ]
    for item, answer in zip(items, answers, strict=True):
        if answer is not None and item.question_id:
            rows.append(
                ScoreCreate(
                    scorer=scorer,
                    scorer_version=version,
                    level="answer",
                    question_id=item.question_id,
                    score=answer.score,
                    reasons=list(answer.reasons),
                )
            )
    return rows
