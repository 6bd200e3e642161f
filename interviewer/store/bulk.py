"""Whole-session reads and writes for imports and synthesis, each in one round trip.

A chat stores a session turn by turn; an import of 10,000 survey rows or a synthesis over
10,000 sessions must not. These methods join :class:`~interviewer.store.store.Store` as a
mixin so there is still one store, with the same transactions and the same row shapes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from sqlmodel import Session, col, select

from interviewer.interview import InterviewState, TurnKind
from interviewer.store.models import (
    InterviewSession,
    LoadedSession,
    Role,
    SessionRecord,
    Source,
    Turn,
    TurnRecord,
    utcnow,
)
from interviewer.study import Study


@dataclass(frozen=True)
class ImportedTurn:
    """One turn of an interview conducted elsewhere, stored byte-for-byte."""

    role: Role
    text: str
    question_id: str | None = None
    kind: TurnKind = TurnKind.ANSWER
    """``answer`` for respondents; ``ask`` or ``probe`` for the interviewer's turns."""
    origin: str | None = None
    """Where the text came from (``file.vtt#12``); stored as the turn's idempotency key so a
    repeated import of the same file is recognisable."""
    decision: dict[str, Any] | None = field(default=None)


class _StoreInternals(Protocol):
    """What the mixin uses of :class:`~interviewer.store.store.Store`."""

    def _write(self) -> AbstractContextManager[Session]: ...
    def _read(self) -> AbstractContextManager[Session]: ...
    def _ensure_study(self, db: Session, study: Study, source: str | None) -> None: ...
    def _study_for(self, db: Session, session: InterviewSession) -> Study: ...
    def _upsert_answer(
        self,
        db: Session,
        session_id: str,
        study: Study,
        state: InterviewState,
        question_id: str,
        now: datetime,
    ) -> None: ...
    def _new_session_row(
        self,
        study: Study,
        *,
        engine: str,
        model: str | None,
        source: Source,
        state: InterviewState,
        respondent: str | None,
        now: datetime,
    ) -> InterviewSession: ...


class BulkOps:
    """Mixin for :class:`~interviewer.store.store.Store` (see :class:`_StoreInternals`)."""

    def import_session(
        self: _StoreInternals,
        study: Study,
        turns: Sequence[ImportedTurn],
        *,
        state: InterviewState,
        respondent: str | None = None,
        engine: str = "import",
    ) -> str:
        """Store a whole imported interview — session, turns, answers — in one transaction.

        ``state`` is the finished state (its answers become the answers rows). Each
        interviewer turn is stored as the reply to the respondent turn before it.
        """
        now = utcnow()
        with self._write() as db:
            self._ensure_study(db, study, None)
            session = self._new_session_row(
                study,
                engine=engine,
                model=None,
                source="import",
                state=state,
                respondent=respondent,
                now=now,
            )
            session.ended_at = now
            db.add(session)
            db.flush()
            last_respondent: Turn | None = None
            for seq, imported in enumerate(turns, start=1):
                row = Turn(
                    session_id=session.id,
                    seq=seq,
                    role=imported.role,
                    text=imported.text.replace("\x00", ""),
                    question_id=imported.question_id,
                    kind=imported.kind,
                    engine=engine if imported.role == "moderator" else None,
                    decision=imported.decision,
                    idempotency_key=imported.origin if imported.role == "respondent" else None,
                    reply_to=last_respondent.id
                    if imported.role == "moderator" and last_respondent is not None
                    else None,
                    created_at=now,
                )
                db.add(row)
                if imported.role == "respondent":
                    db.flush()  # the id is needed for the next reply_to
                    last_respondent = row
                else:
                    last_respondent = None
            for question_id in state.answers:
                self._upsert_answer(db, session.id, study, state, question_id, now)
            return session.id

    def load_sessions(self: _StoreInternals, study_id: str) -> list[LoadedSession]:
        """Every session of ``study_id`` with its transcript, in two queries (not one per
        session), oldest first."""
        with self._read() as db:
            rows = db.exec(
                select(InterviewSession)
                .where(InterviewSession.study_id == study_id)
                .order_by(col(InterviewSession.started_at), col(InterviewSession.id))
            ).all()
            by_session: dict[str, list[TurnRecord]] = defaultdict(list)
            turns = db.exec(
                select(Turn)
                .join(InterviewSession, col(InterviewSession.id) == col(Turn.session_id))
                .where(InterviewSession.study_id == study_id)
                .order_by(col(Turn.session_id), col(Turn.seq))
            ).all()
            for turn in turns:
                by_session[turn.session_id].append(TurnRecord.model_validate(turn))
            return [
                LoadedSession(
                    session=SessionRecord.model_validate(row),
                    study=self._study_for(db, row),
                    state=InterviewState.model_validate(row.state),
                    turns=by_session.get(row.id, []),
                )
                for row in rows
            ]


__all__ = ["BulkOps", "ImportedTurn"]
