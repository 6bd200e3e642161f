"""A stored interview: the moderator wired to the store, turn by turn.

The one place that orders the two: the respondent's message is committed *before* the reply is
generated, and the reply, its answers and the new state are committed together. Killing the
process at any moment therefore loses no answered turn, and :meth:`Conversation.resume` picks up
exactly where it stopped — including a message that was stored but never answered.
The terminal app, the web server and the plain CLI all go through this class.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from interviewer.interview import Decision, InterviewState, Reply, TokenSink
from interviewer.moderator import Moderator
from interviewer.quality.live import attention_reason
from interviewer.quality.telemetry import AnswerTelemetry
from interviewer.quality.trust import check_stored_session
from interviewer.scoring import SCORABLE, score_stored_session
from interviewer.store import SessionKind, Source, Store, StoreError, TurnRecord
from interviewer.store.errors import DatabaseFaultError
from interviewer.study import AnswerValue

T = TypeVar("T")

LOCK_RETRY_DELAYS = (0.5, 2.0)
"""Pauses before trying a write again that failed on a lock held by another process. Each try
already waits the store's busy timeout, so a lock held through all of them is no hiccup."""


class MessageNotStoredError(StoreError):
    """The respondent's message could not be stored: it is not in the transcript (send it again)."""

    def __init__(self, fault: DatabaseFaultError) -> None:
        super().__init__(f"your last message was not stored: {fault}")
        self.fault = fault


class ReplyNotStoredError(StoreError):
    """The respondent's message is stored but the reply to it is not (a resume answers it)."""

    def __init__(self, fault: DatabaseFaultError) -> None:
        super().__init__(f"your last message is stored, but the reply to it is not: {fault}")
        self.fault = fault


def _with_lock_retries(write: Callable[[], T]) -> T:
    """``write()``, tried again after short pauses while another process holds the lock."""
    for delay in LOCK_RETRY_DELAYS:
        try:
            return write()
        except DatabaseFaultError as fault:
            if not fault.retryable:
                raise
        time.sleep(delay)
    return write()


@dataclass
class Conversation:
    """One session in progress."""

    store: Store
    moderator: Moderator
    session_id: str
    state: InterviewState
    last_reply: Reply | None = field(default=None)
    last_text: str = ""
    """The last thing the moderator said (what a resumed chat shows first)."""
    kind: SessionKind = "interview"
    """``preview`` for a researcher's walk through the study: stored, never scored."""

    @classmethod
    def begin(
        cls,
        store: Store,
        moderator: Moderator,
        *,
        model: str | None = None,
        source: Source = "chat",
        on_token: TokenSink | None = None,
        kind: SessionKind = "interview",
    ) -> Conversation:
        """Create a session and say the opening (consent) line; ``kind="preview"`` marks a
        researcher's walk through the study, which reports and exports leave out."""
        store.save_study(moderator.study)
        opening = moderator.start(on_token)
        session_id = store.create_session(
            moderator.study,
            engine=moderator.engine,
            model=model,
            source=source,
            state=opening.state,
            kind=kind,
        )
        store.record_reply(session_id, opening)
        return cls(store, moderator, session_id, opening.state, opening, opening.text, kind)

    @classmethod
    def resume(
        cls, store: Store, moderator: Moderator, session_id: str, on_token: TokenSink | None = None
    ) -> Conversation:
        """Continue a stored session; answers any message that was stored but not replied to."""
        view = store.load_session(session_id)
        conversation = cls(store, moderator, session_id, view.state, kind=view.session.kind)
        for turn in store.pending_respondent_turns(session_id):
            conversation.answer_stored(turn.id, turn.text, on_token=on_token)
        if conversation.last_reply is None:
            moderator_turns = [t for t in view.turns if t.role == "moderator"]
            conversation.last_text = moderator_turns[-1].text if moderator_turns else ""
        return conversation

    @property
    def finished(self) -> bool:
        return self.state.status.finished

    def pause(self) -> None:
        """The respondent left before the end: the session lists as ``paused`` until they
        resume and write again."""
        if not self.finished:
            self.store.pause_session(self.session_id)

    def send(
        self,
        message: str,
        *,
        idempotency_key: str | None = None,
        on_token: TokenSink | None = None,
        selection: AnswerValue | None = None,
        other_text: str | None = None,
        telemetry: AnswerTelemetry | None = None,
    ) -> Reply:
        """Store the respondent's message, then generate, store and return the reply.

        ``selection`` (with ``other_text``) is a value picked with a UI control; ``message`` is
        then its readable form for the transcript, e.g. "Slack, Jira". ``telemetry`` is what
        the client measured while it was written (stored with the turn, read by the guard).
        """
        if self.finished:
            raise ValueError(
                f"session {self.session_id} has ended ({self.state.status.value}); "
                "start a new one with `interviewer chat STUDY.yaml`"
            )
        try:
            turn = _with_lock_retries(
                lambda: self.store.add_respondent_turn(
                    self.session_id,
                    message,
                    question_id=self.state.current_id,
                    idempotency_key=idempotency_key,
                    telemetry=telemetry.model_dump() if telemetry is not None else None,
                )
            )
        except DatabaseFaultError as fault:  # never acknowledge a message that is not stored
            raise MessageNotStoredError(fault) from fault
        if idempotency_key:
            stored = self.store.reply_for(self.session_id, turn.id)
            if stored is not None:  # a retried request: answer with the reply already stored
                return self._replay(stored)
        return self.answer_stored(
            turn.id,
            message,
            on_token=on_token,
            selection=selection,
            other_text=other_text,
            telemetry=telemetry,
        )

    def _replay(self, turn: TurnRecord) -> Reply:
        self.state = self.store.load_session(self.session_id).state
        decision = turn.decision or {"action": turn.kind.value}
        decision["reasons"] = tuple(decision.get("reasons", ()))
        reply = Reply(
            text=turn.text,
            kind=turn.kind,
            state=self.state,
            decision=Decision(**decision),
            question_id=turn.question_id,
            engine=turn.engine or "offline",
        )
        self.last_reply, self.last_text = reply, reply.text
        return reply

    def answer_stored(
        self,
        turn_id: int,
        message: str,
        *,
        on_token: TokenSink | None = None,
        selection: AnswerValue | None = None,
        other_text: str | None = None,
        telemetry: AnswerTelemetry | None = None,
    ) -> Reply:
        """Generate and store the reply to a respondent message that is already stored.

        :meth:`send` stores then calls this; so do :meth:`resume` (for a message stored before a
        crash) and the web server (whose claim on the message already stored it).
        """
        check = None
        if selection is None and self.kind == "interview":
            check = attention_reason(self.moderator.study, self.state, message, telemetry)
        reply = self.moderator.respond(
            self.state,
            message,
            on_token,
            selection=selection,
            other_text=other_text,
            attention_check=check,
        )
        try:
            _with_lock_retries(
                lambda: self.store.record_reply(self.session_id, reply, answered_turn_id=turn_id)
            )
        except DatabaseFaultError as fault:
            raise ReplyNotStoredError(fault) from fault
        self.state, self.last_reply, self.last_text = reply.state, reply, reply.text
        if reply.state.status in SCORABLE and self.kind == "interview":
            # Fast (well under a millisecond per answer) and after the reply is safely stored:
            # every finished session has its depth score without anyone running a command.
            # On a fault the interview is still stored; reports score unscored sessions.
            with contextlib.suppress(DatabaseFaultError):
                score_stored_session(self.store, self.session_id)
                # The trust verdict sits beside the depth score (``quality/trust.py``).
                check_stored_session(self.store, self.session_id)
        return reply
