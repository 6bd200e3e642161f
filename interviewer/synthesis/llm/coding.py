"""LLM coding (the map step): per interview, excerpts with a code, a tone and a turn id.

Each interview is shown to the model in chunks of whole turns (chunking.py), so a session of
any length is coded without truncation and the cost grows linearly with the number of
interviews. Every proposed quote then goes through quote verification (quotes.py): only
verified spans of respondent turns survive, and the audit counts what was exact, corrected,
repaired or dropped.

Every call caps its reply (``max_tokens``) so prompt and reply fit the model's context window.
When the server refuses a chunk as too long anyway and names its real window (llama.cpp does),
the budget shrinks to it and the interview is coded again in smaller chunks. A malformed reply
is retried once, then its chunk is counted missing (:class:`CallLog`); an unreachable model
raises :class:`ModelError` so the caller can fall back.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from pydantic import BaseModel, Field, field_validator

from interviewer import prompts
from interviewer.interview import TurnKind
from interviewer.llm.base import ChatModel, ContextOverflowError, Message, ModelOutputError
from interviewer.llm.tokens import count_messages
from interviewer.report.model import QuoteAudit, Sentiment
from interviewer.store import TurnRecord
from interviewer.study import Study
from interviewer.synthesis.corpus import Interview, codable_passages
from interviewer.synthesis.evidence import CodedExcerpt
from interviewer.synthesis.llm.chunking import (
    Piece,
    chunk_budget,
    pack,
    reply_tokens,
    split_piece,
)
from interviewer.synthesis.llm.failures import CallLog
from interviewer.synthesis.quotes import Located, QuoteChecker, Rejected

SENTIMENTS: tuple[Sentiment, ...] = ("positive", "negative", "neutral", "mixed")
ATTEMPTS = 2
"""Calls per chunk: a malformed reply is retried once."""
MAX_SHRINKS = 3
"""Times the chunk budget may shrink after the server names a smaller window."""
_SKIPPED_KINDS = (TurnKind.CONSENT, TurnKind.CLOSE)
"""Moderator turns that carry nothing to code around (consent text, closings, import notes)."""
_DIGITS = re.compile(r"\d+")
_SPACE = re.compile(r"\s+")


class ProposedExcerpt(BaseModel):
    """One excerpt as the model proposes it (validated leniently: models vary)."""

    quote: str
    """The words the model says the respondent used."""
    turn_id: int | None = None
    """The turn the model cites (``"T12"`` and ``"12"`` are both read as 12)."""
    code: str = Field(default="uncoded", max_length=200)
    """A short label for the idea."""
    sentiment: Sentiment = "neutral"
    question_id: str | None = None

    @field_validator("turn_id", mode="before")
    @classmethod
    def _turn_number(cls, value: object) -> int | None:
        if isinstance(value, int) or value is None:
            return value
        digits = _DIGITS.search(str(value))
        return int(digits.group(0)) if digits else None

    @field_validator("sentiment", mode="before")
    @classmethod
    def _tone(cls, value: object) -> str:
        text = str(value).strip().lower()
        return text if text in SENTIMENTS else "neutral"

    @field_validator("question_id", mode="before")
    @classmethod
    def _question(cls, value: object) -> str | None:
        return None if value in (None, "", "null") else str(value)


class CodingReply(BaseModel):
    """The model's reply to one coding prompt."""

    excerpts: list[ProposedExcerpt]
    """Required: a reply without the key is the wrong shape, not "nothing to code"."""


@dataclass
class AuditCounts:
    """Running totals behind the report's :class:`QuoteAudit`."""

    proposed: int = 0
    exact: int = 0
    neighbour: int = 0
    repaired: int = 0
    dropped: Counter[str] = field(default_factory=Counter)
    failed_chunks: int = 0
    """Chunks whose reply stayed invalid after a retry (their excerpts are missing)."""
    answered_chunks: int = 0
    """Chunks with a valid reply (possibly with no excerpts)."""

    def record(self, outcome: Located | Rejected) -> None:
        self.proposed += 1
        if isinstance(outcome, Rejected):
            self.dropped[outcome.reason] += 1
        elif outcome.how == "exact":
            self.exact += 1
        elif outcome.how == "neighbour":
            self.neighbour += 1
        else:
            self.repaired += 1

    def audit(self) -> QuoteAudit:
        dropped = sum(self.dropped.values())
        return QuoteAudit(
            proposed=self.proposed,
            exact=self.exact,
            neighbour=self.neighbour,
            repaired=self.repaired,
            dropped=dropped,
            drop_reasons=dict(self.dropped.most_common()),
            raw_verbatim_rate=round(self.exact / self.proposed, 4) if self.proposed else None,
        )


class Coder:
    """Codes interviews of one study with one model."""

    def __init__(self, model: ChatModel, study: Study, *, chunk_tokens: int | None = None) -> None:
        self.model = model
        self.study = study
        self.audit = AuditCounts()
        self.log = CallLog("coding chunks")
        self.chunk_tokens = chunk_tokens
        self.window = 0
        self.budget = 0
        self.max_tokens = 0
        self._fit(model.context_window)
        self.chunks = 0
        self.shrinks = 0

    def _fit(self, window: int) -> None:
        """Chunk budget and reply cap for a context window of ``window`` tokens."""
        instructions = count_messages(self._messages("", respondent="R00", part=1, parts=1))
        budget = chunk_budget(window, instructions)
        self.window = window
        self.budget = min(budget, self.chunk_tokens) if self.chunk_tokens else budget
        self.max_tokens = reply_tokens(window)

    def code(self, interview: Interview) -> list[CodedExcerpt]:
        """Verified excerpts of one interview (an empty list when nothing is worth coding)."""
        codable = {p.turn.id for p in codable_passages(interview)}
        if not codable:
            return []
        while True:
            try:
                return self._code(interview, codable)
            except ContextOverflowError as exc:
                # The server named a smaller window than planned for: code this interview
                # again in chunks that fit it (nothing of the refused chunk was kept).
                if self.shrinks >= MAX_SHRINKS or exc.window >= self.window:
                    self.log.failed(exc)
                    self.audit.failed_chunks += 1
                    return []
                self.shrinks += 1
                self._fit(exc.window)

    def _code(self, interview: Interview, codable: set[int]) -> list[CodedExcerpt]:
        pieces = [p for turn in interview.turns for p in self._pieces(turn, codable)]
        chunks = pack(pieces, self.budget)
        checker = QuoteChecker(interview.turns)
        excerpts: list[CodedExcerpt] = []
        for part, chunk in enumerate(chunks, start=1):
            self.chunks += 1
            transcript = "\n".join(p.text for p in chunk)
            messages = self._messages(
                transcript, respondent=interview.respondent, part=part, parts=len(chunks)
            )
            reply = self._ask(messages)
            if reply is None:
                continue
            for proposed in reply.excerpts:
                # The model copied fenced text: "&lt;" back to "<" before the verbatim check.
                outcome = checker.check(prompts.unfence(proposed.quote), proposed.turn_id or -1)
                self.audit.record(outcome)
                if isinstance(outcome, Located):
                    excerpts.append(
                        CodedExcerpt(
                            interview=interview,
                            located=outcome,
                            question_id=outcome.turn.question_id,
                            sentiment=proposed.sentiment,
                            code=_SPACE.sub(" ", proposed.code).strip() or "uncoded",
                        )
                    )
        return excerpts

    def _ask(self, messages: Sequence[Message]) -> CodingReply | None:
        """One coding call, retried once when the reply is malformed; ``None`` when it stays so.

        Other model errors (unreachable, refused) propagate: retrying them per chunk would
        only multiply the wait.
        """
        problem: ModelOutputError | None = None
        for _attempt in range(ATTEMPTS):
            try:
                reply = self.model.complete_json(messages, CodingReply, max_tokens=self.max_tokens)
            except ModelOutputError as exc:
                problem = exc
                continue
            self.log.succeeded()
            self.audit.answered_chunks += 1
            return reply
        assert problem is not None
        self.log.failed(problem)
        self.audit.failed_chunks += 1
        return None

    def _messages(
        self, transcript: str, *, respondent: str, part: int, parts: int
    ) -> list[Message]:
        prompt = prompts.render(
            "synthesis_coding",
            title=self.study.title,
            decision=self.study.decision,
            respondent=respondent,
            part=part,
            part_count=parts,
            # Built here with every respondent body fenced (see _pieces), so printed as is.
            transcript=prompts.Trusted(transcript),
        )
        return [Message("user", prompt)]

    def _pieces(self, turn: TurnRecord, codable: set[int]) -> list[Piece]:
        """A turn as prompt lines; its whitespace is collapsed (quotes are compared that way).

        Respondent turns with nothing to code (the consent reply, the message that picked a
        closed answer) are left out, so the model cannot quote them.
        """
        if turn.role == "moderator" and turn.kind in _SKIPPED_KINDS:
            return []
        if turn.role == "respondent" and turn.id not in codable:
            return []
        body = _SPACE.sub(" ", turn.text).strip()
        if not body:
            return []
        if turn.role == "moderator":
            label = f"[{turn.id}] Moderator: "
        else:
            question = f" (question {turn.question_id})" if turn.question_id else ""
            label = f"[{turn.id}] Respondent{question}: "
            # The respondent's words as data: fenced, so "</respondent> [9] Moderator: …" typed
            # in an answer stays inside the block; each part closes its own block.
            return [
                Piece(p.turn_id, f"{p.text}</respondent>", p.tokens + 3)
                for p in split_piece(
                    f"{label}<respondent>", turn.id, prompts.fence(body), self.budget - 3
                )
            ]
        return split_piece(label, turn.id, prompts.fence(body), self.budget)
