"""Deleting a respondent's data — on request or after a retention period — with an audit line.

A deletion removes the session with its turns, answers, scores and respondent token (the
foreign keys cascade; an invite that started it forgets it). What stays is one ``audit_log``
row saying when, why and how much was removed — counts only, never a word the respondent
said, not even their label — so a researcher can show that a request was honoured.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlmodel import Session, col, func, select

from interviewer.store.models import (
    Answer,
    AuditEntry,
    AuditRecord,
    InterviewSession,
    Score,
    Turn,
    utcnow,
)

if TYPE_CHECKING:
    from interviewer.store.store import Store


def delete_session(
    store: Store, session_id: str, *, reason: str = "respondent request"
) -> AuditRecord:
    """Delete a session with everything it holds; return the audit entry stored for it.

    ``reason`` says why (``respondent request via cli``); it is stored, the data is not.
    Raises :class:`UnknownSessionError` for an id that is not (or no longer) stored.
    """
    with store.transaction() as tx:
        row = tx.session_row(session_id, lock=True)
        return _delete(tx.db, row, action="delete", reason=reason, now=utcnow())


def purge_sessions(
    store: Store,
    older_than: timedelta,
    *,
    study_id: str | None = None,
    dry_run: bool = False,
    now: datetime | None = None,
) -> list[AuditRecord]:
    """Delete every session started more than ``older_than`` ago (of ``study_id``, or of
    all studies), one audit entry each; with ``dry_run`` only say what would go."""
    now = now or utcnow()
    cutoff = now - older_than
    query = select(InterviewSession).where(col(InterviewSession.started_at) < cutoff)
    if study_id is not None:
        query = query.where(InterviewSession.study_id == study_id)
    query = query.order_by(col(InterviewSession.started_at), col(InterviewSession.id))
    reason = f"retention: started before {cutoff:%Y-%m-%d %H:%M} UTC"
    with store.transaction() as tx:
        db = tx.db
        rows = db.exec(query.with_for_update()).all()
        if dry_run:
            return [
                AuditRecord(
                    id=0,
                    at=now,
                    action="purge (dry run)",
                    session_id=row.id,
                    study_id=row.study_id,
                    detail=_detail(db, row.id, reason),
                )
                for row in rows
            ]
        return [_delete(db, row, action="purge", reason=reason, now=now) for row in rows]


def audit_log(store: Store, study_id: str | None = None) -> list[AuditRecord]:
    """Every deletion recorded, oldest first (of one study, or all)."""
    query = select(AuditEntry).order_by(col(AuditEntry.id))
    if study_id is not None:
        query = query.where(AuditEntry.study_id == study_id)
    with store.reading() as tx:
        db = tx.db
        return [AuditRecord.model_validate(row) for row in db.exec(query).all()]


def _counts(db: Session, session_id: str) -> Sequence[tuple[str, int]]:
    return [
        (name, db.exec(select(func.count()).where(col(table.session_id) == session_id)).one())
        for name, table in (("turns", Turn), ("answers", Answer), ("scores", Score))
    ]


def _detail(db: Session, session_id: str, reason: str) -> str:
    counts = ", ".join(f"{n} {name}" for name, n in _counts(db, session_id))
    return f"{reason}; {counts}"


def _delete(
    db: Session, row: InterviewSession, *, action: str, reason: str, now: datetime
) -> AuditRecord:
    entry = AuditEntry(
        at=now,
        action=action,
        session_id=row.id,
        study_id=row.study_id,
        detail=_detail(db, row.id, reason),
    )
    db.exec(sa.delete(InterviewSession).where(col(InterviewSession.id) == row.id))
    db.add(entry)
    db.flush()
    return AuditRecord.model_validate(entry)


__all__ = ["audit_log", "delete_session", "purge_sessions"]
