"""Depth of an answer: the live 1-5 score (:mod:`.scorer`) and its word lists (:mod:`.lexicon`).

The public names are re-exported here so ``from interviewer.depth import score_answer`` reads
the same as before the package split.
"""

from interviewer.depth.scorer import (
    DECLINED_WEIGHT,
    MAX_READ_CHARS,
    MAX_WORDS_PER_SECOND,
    MIN_DEPTH,
    MIN_SECONDS_PER_ANSWER,
    OPEN_WEIGHT,
    PENALTY,
    RUBRIC,
    SCORER,
    STRAIGHT_LINE_MIN,
    WHY_WEIGHT,
    AnswerForScoring,
    DepthScore,
    RubricLevel,
    SessionScore,
    Signals,
    answer_for_scoring,
    score_answer,
    score_answers_jsonl,
    score_session,
)

__all__ = [
    "DECLINED_WEIGHT",
    "MAX_READ_CHARS",
    "MAX_WORDS_PER_SECOND",
    "MIN_DEPTH",
    "MIN_SECONDS_PER_ANSWER",
    "OPEN_WEIGHT",
    "PENALTY",
    "RUBRIC",
    "SCORER",
    "STRAIGHT_LINE_MIN",
    "WHY_WEIGHT",
    "AnswerForScoring",
    "DepthScore",
    "RubricLevel",
    "SessionScore",
    "Signals",
    "answer_for_scoring",
    "score_answer",
    "score_answers_jsonl",
    "score_session",
]
