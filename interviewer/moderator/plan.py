"""What the policy hands a writer: the act to perform, never the words.

Separating *deciding* (policy.py, deterministic and fast) from *phrasing* (offline.py or llm.py)
is what lets the same interview run with or without a model, keeps the LLM to one call per turn,
and lets a failed LLM call fall back to offline phrasing without changing what happens next.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from interviewer.interview import Decision, InterviewState, TurnKind
from interviewer.study import Question


class Preface(StrEnum):
    """A short neutral lead-in before the act. Never praise, never judge."""

    NONE = "none"
    ACK = "ack"
    """A neutral acknowledgement of an answer ("Got it.")."""
    SKIPPED = "skipped"
    DONT_KNOW = "dont_know"
    GAVE_UP = "gave_up"
    """After repeated unparseable answers: we move on rather than nag."""
    INTRO = "intro"
    """The study's intro, before the first question."""


class Focus(StrEnum):
    """What a probe or redirect digs into, in Mom Test order of value."""

    INSTANCE = "instance"
    """A specific past occurrence: "tell me about the last time…"."""
    WHY = "why"
    WORKAROUND = "workaround"
    COST = "cost"
    FEELINGS = "feelings"
    DETAIL = "detail"
    AUTHORED = "authored"
    """The researcher's own probe from the study file."""
    HYPOTHETICAL = "hypothetical"
    GENERIC = "generic"
    COMPLIMENT = "compliment"
    OFF_TOPIC = "off_topic"
    INJECTION = "injection"
    UNCLEAR = "unclear"
    """The respondent asked what the question means."""
    GIBBERISH = "gibberish"
    ATTENTION = "attention"
    """An answer read as pasted or machine-written: asked once, gently, in their own words."""


@dataclass(frozen=True)
class Plan:
    """One moderator turn, decided but not yet phrased."""

    kind: TurnKind
    state: InterviewState
    decision: Decision
    question: Question | None = None
    """The question the turn is about (the next one for ``ask``)."""
    preface: Preface = Preface.NONE
    focus: Focus | None = None
    respondent_text: str = ""
    """What the respondent just said (probes are tied to it)."""
    authored_probe: str | None = None
    """For ``Focus.AUTHORED``: the researcher's probe, used verbatim offline."""
    echo: str | None = None
    """For closed answers: the value as understood, echoed back so a misparse is visible."""
    problem: str | None = None
    """For ``clarify``: why the answer could not be used."""
    closing: str | None = None
    """For ``close``: the message to end with (outro, decline, screened out, stopped)."""
    updated_answers: tuple[str, ...] = ()

    @property
    def conversational(self) -> bool:
        """Acts where wording must respond to the person (the llm engine writes these)."""
        return self.kind in (TurnKind.PROBE, TurnKind.REDIRECT, TurnKind.STEER)
