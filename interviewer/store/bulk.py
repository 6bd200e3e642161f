"""Whole-session reads and writes for imports and synthesis, each in one round trip.

A chat stores a session turn by turn; an import of 10,000 survey rows or a synthesis over
10,000 sessions must not. These are plain helpers over ``store.transaction()`` (see
:mod:`interviewer.store.transaction`), called through the ``Store`` methods of the same names,
so there is still one store, with the same transactions and the same row shapes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, cast

import sqlalchemy as sa
from sqlmodel import SQLModel, col, select

from interviewer.interview import InterviewState, TurnKind
from interviewer.store.inserts import fill_replies, insert_many
from interviewer.store.models import (
    Answer,
    InterviewSession,
    LoadedSession,
    Role,
    Score,
    ScoreCreate,
    SessionRecord,
    Turn,
    TurnRecord,
    utcnow,
)
from interviewer.store.rows import answer_columns, new_session_id
from interviewer.store.transaction import new_session_row
from interviewer.study import Study

if TYPE_CHECKING:
    from interviewer.store.store import Store


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


@dataclass(frozen=True)
class ImportedSession:
    """One whole interview for :func:`import_sessions`."""

    turns: Sequence[ImportedTurn]
    state: InterviewState
    """The finished state; its answers become the answers rows."""
    respondent: str | None = None
    scores: Sequence[ScoreCreate | Mapping[str, Any]] = ()
    """Scores to store with the session (the feature scorer's, computed by the importer),
    as ``ScoreCreate`` or already dumped to its fields (as worker processes return them)."""


def import_session(
    store: Store,
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
    with store.transaction() as tx:
        db = tx.db
        tx.ensure_study(study, None)
        session = new_session_row(
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
            tx.upsert_answer(session.id, study, state, question_id, now)
        return session.id


def import_sessions(
    store: Store,
    study: Study,
    sessions: Sequence[ImportedSession],
    *,
    engine: str = "import",
) -> list[str]:
    """Store many imported interviews in one transaction; return their ids, in order.

    The rows are those :meth:`import_session` plus ``save_scores`` would store, written
    with one multi-row INSERT per table instead of one ORM flush per turn: a 20,000-row
    CSV is a few dozen statements per batch, not a few hundred thousand.
    """
    now = utcnow()
    study_hash = study.content_hash  # computed from the whole definition: once, not per row
    ids = [new_session_id() for _ in sessions]
    session_rows: list[dict[str, Any]] = []
    answer_rows: list[dict[str, Any]] = []
    score_rows: list[dict[str, Any]] = []
    for n, (session_id, imported) in enumerate(zip(ids, sessions, strict=True)):
        state = imported.state
        # A microsecond apart, so listings keep the file's order as one-by-one imports did.
        at = now + timedelta(microseconds=n)
        session_rows.append(
            {
                "id": session_id,
                "study_id": study.id,
                "study_hash": study_hash,
                "status": str(state.status.value),
                "source": "import",
                "engine": engine,
                "model": None,
                "respondent": imported.respondent,
                "started_at": at,
                "updated_at": at,
                "ended_at": at,
                "prompt_tokens": 0,
                "completion_tokens": 0,
                "llm_calls": 0,
                "state": state.model_dump(mode="json"),
            }
        )
        for question_id, record in state.answers.items():
            try:
                question_type = study.question(question_id).type
            except KeyError as error:
                raise ValueError(f"{error.args[0]}; an answer must belong to the study") from error
            answer_rows.append(
                {
                    "session_id": session_id,
                    "question_id": question_id,
                    "updated_at": now,
                    **answer_columns(record, question_type),
                }
            )
        score_rows += [
            {
                "session_id": session_id,
                "created_at": now,
                **(score.model_dump() if isinstance(score, ScoreCreate) else score),
            }
            for score in imported.scores
        ]
    turn_rows = _turn_rows(ids, sessions, engine, now)
    turns = _table(Turn)
    with store.transaction() as tx:
        db = tx.db
        tx.ensure_study(study, None)
        conn = db.connection()
        insert_many(conn, _table(InterviewSession), session_rows)
        insert_many(conn, turns, turn_rows)
        fill_replies(conn, turns, ids)
        insert_many(conn, _table(Answer), answer_rows)
        insert_many(conn, _table(Score), score_rows)
    return ids


def load_sessions(store: Store, study_id: str) -> list[LoadedSession]:
    """Every session of ``study_id`` with its transcript, in two queries (not one per
    session), oldest first."""
    with store.reading() as tx:
        db = tx.db
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
                study=tx.study_for(row),
                state=InterviewState.model_validate(row.state),
                turns=by_session.get(row.id, []),
            )
            for row in rows
        ]


def _table(model: type[SQLModel]) -> sa.Table:
    return cast(sa.Table, model.__table__)  # type: ignore[attr-defined]


def _turn_rows(
    ids: Sequence[str], sessions: Sequence[ImportedSession], engine: str, now: datetime
) -> list[dict[str, Any]]:
    """Every turn row of ``sessions``; ``reply_to`` is linked once they are stored
    (:func:`~interviewer.store.inserts.fill_replies`), as :func:`import_session` links it."""
    rows: list[dict[str, Any]] = []
    for session_id, imported in zip(ids, sessions, strict=True):
        for seq, turn in enumerate(imported.turns, start=1):
            respondent = turn.role == "respondent"
            rows.append(
                {
                    "session_id": session_id,
                    "seq": seq,
                    "role": turn.role,
                    "text": turn.text.replace("\x00", ""),
                    "question_id": turn.question_id,
                    "kind": str(turn.kind.value),
                    "engine": None if respondent else engine,
                    "prompt_tokens": 0,
                    "completion_tokens": 0,
                    "decision": turn.decision,
                    "idempotency_key": turn.origin if respondent else None,
                    "reply_to": None,
                    "created_at": now,
                }
            )
    return rows


__all__ = ["ImportedSession", "ImportedTurn", "import_session", "import_sessions", "load_sessions"]
