"""The one way to extend the store: plain helpers over a public transaction.

``with store.transaction() as tx:`` opens a write transaction that commits when the block ends
and rolls back if it raises (a database fault leaves as a typed, one-line
:class:`~interviewer.store.errors.DatabaseFaultError`); ``store.reading()`` opens a read-only
one. ``tx.db`` is the SQLModel session; the methods below are the row-level steps every writer
shares (find or lock a session, number the next turn, upsert an answer, make sure a study
version is stored). ``store.py``, ``bulk.py``, ``deletion.py`` and ``web_store.py`` all write
through these — none reaches into another's private methods.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, func, select

from interviewer.interview import InterviewState, Status
from interviewer.store.errors import UnknownSessionError
from interviewer.store.models import (
    Answer,
    InterviewSession,
    Source,
    StudyVersion,
    Turn,
    TurnRecord,
)
from interviewer.store.rows import answer_columns, new_session_id, state_json
from interviewer.store.studies import load_version, save_version, unknown_study
from interviewer.study import Study

NO_MORE_TURNS = (Status.COMPLETED, Status.DECLINED, Status.SCREENED_OUT)
"""Statuses that accept no further respondent messages (a stopped session may be resumed)."""

StudyCache = dict[tuple[str, str], Study]
"""Study versions already parsed, by (id, content hash): shared by a store's transactions."""


class Transaction:
    """An open database session of a :class:`~interviewer.store.store.Store`."""

    def __init__(self, db: Session, *, url: str, studies: StudyCache) -> None:
        self.db = db
        """The SQLModel session (commits with the ``with`` block of ``store.transaction()``)."""
        self.url = url
        """The store's URL with any password masked, for messages."""
        self._studies = studies

    def session_row(self, session_id: str, *, lock: bool = False) -> InterviewSession:
        """The session's row; ``lock`` serialises writers of one session (``FOR UPDATE`` on
        PostgreSQL; SQLite's writer already holds the database's write lock)."""
        query = select(InterviewSession).where(InterviewSession.id == session_id)
        row = self.db.exec(query.with_for_update() if lock else query).first()
        if row is None:
            raise UnknownSessionError(
                f"no session {session_id!r} in the store at {self.url}; "
                "list a study's sessions with `interviewer sessions STUDY_ID`"
            )
        return row

    def turns(self, session_id: str) -> list[TurnRecord]:
        rows = self.db.exec(
            select(Turn).where(Turn.session_id == session_id).order_by(col(Turn.seq))
        ).all()
        return [TurnRecord.model_validate(row) for row in rows]

    def next_seq(self, session_id: str) -> int:
        """The position of the session's next turn."""
        last = self.db.exec(select(func.max(Turn.seq)).where(Turn.session_id == session_id)).one()
        return (last or 0) + 1

    def ensure_study(self, study: Study, source: str | None) -> None:
        """Store this version of ``study`` unless it is stored already."""
        save_version(self.db, study, source)
        self._studies[(study.id, study.content_hash)] = study

    def study_for(self, session: InterviewSession) -> Study:
        """The study version ``session`` was started with."""
        key = (session.study_id, session.study_hash)
        if key not in self._studies:
            row = self.db.get(StudyVersion, key)
            if row is None:  # the foreign key makes this unreachable short of manual edits
                raise unknown_study(self.db, session.study_id, session.study_hash, self.url)
            self._studies[key] = self.study_from_row(row)
        return self._studies[key]

    def study_from_row(self, row: StudyVersion) -> Study:
        key = (row.id, row.content_hash)
        if key not in self._studies:
            self._studies[key] = load_version(row)
        return self._studies[key]

    def upsert_answer(
        self,
        session_id: str,
        study: Study,
        state: InterviewState,
        question_id: str,
        now: datetime,
    ) -> None:
        """Write the answers row of ``question_id`` from ``state`` (insert or update)."""
        record = state.answers.get(question_id)
        if record is None:
            raise ValueError(
                f"reply.updated_answers names {question_id!r}, which reply.state.answers lacks"
            )
        try:
            question_type = study.question(question_id).type
        except KeyError as error:
            raise ValueError(f"{error.args[0]}; an answer must belong to the study") from error
        row = self.db.exec(
            select(Answer).where(Answer.session_id == session_id, Answer.question_id == question_id)
        ).first()
        if row is None:
            row = Answer(session_id=session_id, question_id=question_id, question_type="")
            self.db.add(row)
        for name, value in answer_columns(record, question_type).items():
            setattr(row, name, value)
        row.updated_at = now


def new_session_row(
    study: Study,
    *,
    engine: str,
    model: str | None,
    source: Source,
    state: InterviewState,
    respondent: str | None,
    now: datetime,
) -> InterviewSession:
    """A new session's row (not yet added to any transaction)."""
    return InterviewSession(
        id=new_session_id(),
        study_id=study.id,
        study_hash=study.content_hash,
        status=state.status,
        source=source,
        engine=engine,
        model=model,
        respondent=respondent,
        started_at=now,
        updated_at=now,
        ended_at=now if state.status.finished else None,
        state=state_json(state),
    )
