"""Trust verdicts and what the guard needs that the session record does not carry.

Plain helpers over the store's public ``transaction()`` / ``reading()``, like ``web_store``.
A verdict row is one per session; re-checking replaces the guard's verdict and keeps a
researcher's override (``override`` wins until it is cleared).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlmodel import col, select

from interviewer.store.models import (
    InterviewSession,
    TrustLevel,
    TrustRecord,
    TrustVerdict,
    utcnow,
)
from interviewer.store.store import Store
from interviewer.store.web_models import Invite


@dataclass(frozen=True)
class ClientFacts:
    """A session's device hash and invite (web sessions only; ``None`` elsewhere)."""

    client_hash: str | None
    invite_id: str | None
    invite_label: str | None


def save_verdict(
    store: Store,
    session_id: str,
    verdict: TrustLevel,
    signals: Sequence[dict[str, Any]],
    checker: str,
) -> TrustRecord:
    """Store the guard's verdict on a session (a researcher's override is kept)."""
    with store.transaction() as tx:
        tx.session_row(session_id)
        row = tx.db.get(TrustVerdict, session_id)
        if row is None:
            row = TrustVerdict(session_id=session_id, verdict=verdict, checker=checker)
            tx.db.add(row)
        row.verdict, row.signals, row.checker = verdict, list(signals), checker
        row.checked_at = utcnow()
        tx.db.flush()
        return TrustRecord.model_validate(row)


def set_override(
    store: Store, session_id: str, verdict: TrustLevel | None, note: str | None = None
) -> TrustRecord:
    """A researcher's verdict on a session (``None`` clears it and the guard's stands)."""
    with store.transaction() as tx:
        tx.session_row(session_id)
        row = tx.db.get(TrustVerdict, session_id)
        if row is None:  # overriding before the guard ran: the guard's own verdict is "ok"
            row = TrustVerdict(session_id=session_id, verdict="ok", checker="none")
            tx.db.add(row)
        row.override = verdict
        row.override_note = note if verdict is not None else None
        row.overridden_at = utcnow() if verdict is not None else None
        tx.db.flush()
        return TrustRecord.model_validate(row)


def trust_of(store: Store, session_id: str) -> TrustRecord | None:
    with store.reading() as tx:
        tx.session_row(session_id)
        row = tx.db.get(TrustVerdict, session_id)
        return None if row is None else TrustRecord.model_validate(row)


def study_trust(store: Store, study_id: str) -> dict[str, TrustRecord]:
    """Every stored verdict of a study's sessions, by session id."""
    query = (
        select(TrustVerdict)
        .join(InterviewSession, col(InterviewSession.id) == col(TrustVerdict.session_id))
        .where(InterviewSession.study_id == study_id)
    )
    with store.reading() as tx:
        return {row.session_id: TrustRecord.model_validate(row) for row in tx.db.exec(query)}


def client_facts(store: Store, study_id: str) -> dict[str, ClientFacts]:
    """Device hash and invite of every session of a study, by session id."""
    query = (
        select(
            InterviewSession.id,
            InterviewSession.client_hash,
            InterviewSession.invite_id,
            Invite.label,
        )
        .outerjoin(Invite, col(Invite.id) == col(InterviewSession.invite_id))
        .where(InterviewSession.study_id == study_id)
    )
    with store.reading() as tx:
        return {
            sid: ClientFacts(client, invite, label)
            for sid, client, invite, label in tx.db.exec(query)
        }
