"""The optional LLM depth judge: the same 1–5 rubric, applied by a model after a session ends.

One call per session, never on the moderator's critical path. The judge sees the whole
session — questions, answers, skips, closed values — and returns a score and reasons per
answer plus a session score; the store keeps these beside the offline scorer's
(``depth.py``). The prompt is ``prompts/depth_judge.j2``; the rubric it shows is
:data:`interviewer.depth.RUBRIC`, so both scorers read the same definitions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pydantic import BaseModel, Field

from interviewer.depth import RUBRIC, AnswerForScoring
from interviewer.llm.base import ChatModel, Message, ModelOutputError
from interviewer.prompts import render

JUDGE_VERSION = "llm-judge-v1"
MAX_ANSWER_CHARS = 3000
"""Longest answer text shown to the judge; longer ones are cut with a marker saying so."""
MIN_ANSWER_CHARS = 400
"""Per-answer floor when a small context window forces answers to be cut shorter."""
_CHARS_PER_TOKEN = 3
"""Conservative: English averages about four characters per token."""
_TRANSCRIPT_SHARE = 0.5
"""Share of the model's context window the transcript may fill (rubric and reply need room)."""
_REPLY_SHARE = 0.3
"""Most of the window the verdict may take (the rest is rubric and transcript)."""
_TOKENS_PER_ANSWER = 80
"""Reply tokens for one answer's score and reasons; the session's verdict gets twice that."""


def reply_budget(answers: int, context_window: int) -> int:
    """``max_tokens`` for a verdict on ``answers`` answers: enough for short reasons each,
    never so much that a rambling model runs on until the window is full."""
    return max(128, min(int(context_window * _REPLY_SHARE), _TOKENS_PER_ANSWER * (answers + 2)))


class JudgedAnswer(BaseModel):
    """The judge's verdict on one answer."""

    number: int = Field(ge=1)
    """The answer's number in the transcript the judge was shown."""
    score: int = Field(ge=1, le=5)
    """Depth on the 1–5 rubric."""
    reasons: list[str] = Field(min_length=1, max_length=5)
    """Short reasons a researcher can read, e.g. "concrete past instance", "no cost named"."""


class JudgeVerdict(BaseModel):
    """The JSON object the judge must return."""

    answers: list[JudgedAnswer]
    """One entry per answer marked for scoring, in any order."""
    session_score: int = Field(ge=1, le=5)
    """Depth of the whole session on the same rubric."""
    session_reasons: list[str] = Field(min_length=1, max_length=6)
    """Why the session got its score."""


@dataclass(frozen=True)
class JudgedScore:
    """The judge's score for one answer, aligned to the session's items."""

    score: int
    reasons: tuple[str, ...]
    question_id: str | None = None


@dataclass(frozen=True)
class JudgeResult:
    """What the judge said about a session; stored beside the offline scorer's result."""

    score: int
    """Session depth, 1–5."""
    reasons: tuple[str, ...]
    answers: tuple[JudgedScore | None, ...]
    """One per input item, same order; ``None`` where there was no text to judge."""
    scorer: str
    """``llm-judge-v1:<model name>``, or ``llm-judge-v1`` when no call was needed."""


def judge_session(
    model: ChatModel,
    items: Sequence[AnswerForScoring],
    *,
    duration_seconds: float | None = None,
) -> JudgeResult:
    """Score a finished session with ``model``: one ``complete_json`` call.

    Raises :class:`~interviewer.llm.base.ModelError` when the model fails, and
    :class:`~interviewer.llm.base.ModelOutputError` when its verdict does not cover exactly the
    answers it was shown. Callers keep the offline scores either way.
    """
    to_score = [number for number, item in enumerate(items, start=1) if item.text]
    if not to_score:
        return JudgeResult(
            score=1,
            reasons=("no open answers or why follow-ups to judge",),
            answers=tuple(None for _ in items),
            scorer=JUDGE_VERSION,
        )
    messages = judge_messages(
        items, context_window=model.context_window, duration_seconds=duration_seconds
    )
    verdict = model.complete_json(
        messages, JudgeVerdict, max_tokens=reply_budget(len(to_score), model.context_window)
    )
    by_number = _check_coverage(verdict, to_score, model.name)
    answers = tuple(
        JudgedScore(
            score=by_number[number].score,
            reasons=tuple(by_number[number].reasons),
            question_id=item.question_id,
        )
        if number in by_number
        else None
        for number, item in enumerate(items, start=1)
    )
    return JudgeResult(
        score=verdict.session_score,
        reasons=tuple(verdict.session_reasons),
        answers=answers,
        scorer=f"{JUDGE_VERSION}:{model.name}",
    )


def judge_messages(
    items: Sequence[AnswerForScoring],
    *,
    context_window: int = 128_000,
    duration_seconds: float | None = None,
) -> list[Message]:
    """The judge's prompt: the rubric and instructions as system, the transcript as user.

    Respondent text goes only in the user message, inside ``<answer>`` tags the system message
    tells the model to treat as data, so an answer cannot pose as instructions.
    """
    budget = int(context_window * _CHARS_PER_TOKEN * _TRANSCRIPT_SHARE / max(1, len(items)))
    limit = max(MIN_ANSWER_CHARS, min(MAX_ANSWER_CHARS, budget))
    shown = [
        {
            "number": number,
            "question_id": item.question_id,
            "question": item.question,
            "type": item.question_type,
            "open": item.is_open,
            "value": item.value,
            "skipped": item.skipped,
            "declined": item.declined,
            "text": _clip(item.text, limit),
        }
        for number, item in enumerate(items, start=1)
    ]
    return [
        Message("system", render("depth_judge", part="system", rubric=RUBRIC)),
        Message(
            "user",
            render(
                "depth_judge",
                part="transcript",
                items=shown,
                duration_minutes=None if duration_seconds is None else duration_seconds / 60,
            ),
        ),
    ]


def _clip(text: str, limit: int) -> str:
    # (No escaping here: every prompt value is fenced when rendered, see prompts.fence.)
    if len(text) <= limit:
        return text
    return f"{text[:limit]} [… {len(text) - limit} more characters cut]"


def _check_coverage(
    verdict: JudgeVerdict, expected: list[int], model_name: str
) -> dict[int, JudgedAnswer]:
    by_number: dict[int, JudgedAnswer] = {}
    for judged in verdict.answers:
        if judged.number in by_number:
            raise ModelOutputError(f"{model_name} scored answer {judged.number} twice")
        by_number[judged.number] = judged
    unknown = sorted(set(by_number) - set(expected))
    missing = sorted(set(expected) - set(by_number))
    if unknown or missing:
        problems = []
        if missing:
            problems.append(f"left out answers {missing}")
        if unknown:
            problems.append(f"scored answers {unknown} that were not marked for scoring")
        raise ModelOutputError(
            f"{model_name} {' and '.join(problems)}; the verdict must score exactly answers "
            f"{expected}. Try again or use a stronger model for judging."
        )
    return by_number
