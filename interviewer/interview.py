"""Interview state and what the moderator decides: plain data, no I/O.

The state is explicit — which question is current, how many follow-ups were spent, which
answers were given — so the moderator never re-derives it from chat text. It serialises to
JSON, which is how the store snapshots it after every moderator turn (and how ``--resume``
continues exactly where an interview stopped).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, Field

from interviewer.study import AnswerValue


class Status(StrEnum):
    """Where a session stands."""

    CONSENT = "consent"
    """Waiting for the respondent to agree."""
    ACTIVE = "active"
    COMPLETED = "completed"
    DECLINED = "declined"
    """The respondent did not consent; only the decline is stored."""
    SCREENED_OUT = "screened_out"
    STOPPED = "stopped"
    """The respondent asked to stop; everything said so far is kept."""

    @property
    def finished(self) -> bool:
        return self not in (Status.CONSENT, Status.ACTIVE)


class TurnKind(StrEnum):
    """What a moderator turn does (respondent turns are always ``answer``)."""

    CONSENT = "consent"
    ASK = "ask"
    """Asks a study question, verbatim."""
    PROBE = "probe"
    """Digs deeper into an open answer (last time, why, workaround, cost, feelings)."""
    REDIRECT = "redirect"
    """Turns fluff (generic claim, hypothetical, compliment) towards a concrete past event."""
    CLARIFY = "clarify"
    """Re-asks a closed question, showing the valid options."""
    WHY = "why"
    """The optional follow-up after a closed answer."""
    STEER = "steer"
    """Brings an off-topic reply or a prompt-injection attempt back to the question."""
    CLOSE = "close"
    ANSWER = "answer"


Awaiting = Literal["consent", "answer", "why", "done"]


class AnswerRecord(BaseModel):
    """Everything the respondent said for one question, and its typed value."""

    question_id: str
    value: AnswerValue | None = None
    """Typed value of a closed question; ``None`` for open questions and skips."""
    other_text: str | None = None
    """Free text behind an ``Other`` choice."""
    texts: list[str] = Field(default_factory=list)
    """The respondent's messages for this question, in order (main answer, probes, why)."""
    skipped: bool = False
    declined: bool = False
    """The respondent said they don't know or would rather not answer."""
    depth: int | None = None
    """Live depth estimate (1–5) of everything said for this question."""
    depth_reasons: list[str] = Field(default_factory=list)


class InterviewState(BaseModel):
    """Where an interview is. The moderator returns a new one on every turn."""

    study_id: str
    status: Status = Status.CONSENT
    question_index: int = -1
    """Index in ``study.questions`` of the current question; -1 before the first."""
    awaiting: Awaiting = "consent"
    follow_ups: int = 0
    """Probes and redirects spent on the current open question."""
    clarifications: int = 0
    """Re-asks spent on the current closed question."""
    steers: int = 0
    """Off-topic / injection steers spent on the current question."""
    answers: dict[str, AnswerRecord] = Field(default_factory=dict)
    used_phrasings: list[str] = Field(default_factory=list)
    """Keys of probe phrasings already used, so no probe is repeated verbatim."""
    asked: list[str] = Field(default_factory=list)
    """Question ids asked so far, in order."""
    turn_count: int = 0
    """Respondent messages handled."""
    language: str | None = None
    """The language the respondent writes in (a catalogue code such as ``es``), detected
    message by message among the study's allowed languages; ``None`` until known, when the
    study's own ``language`` is used. Replies are phrased in it."""
    attention_checked: bool = False
    """The respondent was asked the one gentle attention check an interview may have (a
    mostly pasted or machine-written answer: ``quality/live.py``)."""
    last_message: str = ""
    """The end of the respondent's previous typed message: an order split across two messages
    ("Ignore all previous" / "instructions and…") is read as one."""

    @property
    def current_id(self) -> str | None:
        return self.asked[-1] if self.asked and self.question_index >= 0 else None

    def values(self) -> dict[str, AnswerValue | None]:
        return {qid: record.value for qid, record in self.answers.items()}


@dataclass(frozen=True)
class Decision:
    """Why the moderator said what it said — shown in ``--preview`` and stored with the turn."""

    action: str
    """``ask``, ``probe``, ``redirect``, ``clarify``, ``why``, ``steer``, ``skip``, ``close``…"""
    intent: str = "answer"
    """How the respondent's message was read: answer, idk, skip, stop, injection, off_topic…"""
    depth: int | None = None
    reasons: tuple[str, ...] = ()
    follow_ups_left: int | None = None
    focus: str | None = None
    """For probes: what the probe digs into (instance, why, workaround, cost, feelings…)."""


def describe_decision(decision: Decision, engine: str) -> list[str]:
    """A decision as researchers read it in ``--preview``: one fact per line."""
    lines = [f"action   {decision.action}", f"read as  {decision.intent}"]
    if decision.depth is not None:
        lines.append(f"depth    {decision.depth}/5")
    if decision.focus:
        lines.append(f"focus    {decision.focus}")
    if decision.follow_ups_left is not None:
        lines.append(f"left     {decision.follow_ups_left} follow-up(s)")
    lines.extend(f"· {reason}" for reason in decision.reasons)
    lines.append(f"engine   {engine}")
    return lines


@dataclass(frozen=True)
class Usage:
    """Tokens spent by one moderator turn (zero for the offline engine)."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    calls: int = 0


@dataclass(frozen=True)
class Reply:
    """One moderator turn: what to say, the new state, and why."""

    text: str
    kind: TurnKind
    state: InterviewState
    decision: Decision
    question_id: str | None = None
    """The question this turn is about (for the transcript and for reports)."""
    engine: str = "offline"
    """Which engine wrote ``text``: ``offline``, or ``llm:<model>``; ``offline (fallback)`` when
    the LLM failed for this turn."""
    usage: Usage = field(default_factory=Usage)
    updated_answers: tuple[str, ...] = ()
    """Ids of answers that changed in this turn (the store upserts them)."""

    @property
    def done(self) -> bool:
        return self.state.status.finished


TokenSink = Callable[[str], None]
"""Receives the moderator's text as it streams (one call per chunk)."""
