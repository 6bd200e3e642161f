"""What the web server keeps beyond the CLI's store: invites, respondent tokens, turn claims.

:class:`WebStore` wraps a :class:`Store` (same database, same transactions) so that several
server processes can share one PostgreSQL (or one SQLite file) with no session state in memory:
every request re-reads what it needs, and every decision that two requests could race on —
spending a single-use invite, accepting a respondent message while another one is still being
answered — is one short transaction holding the row lock.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlmodel import Session, col, func, select

from interviewer.errors import InterviewerError
from interviewer.interview import InterviewState, TurnKind
from interviewer.store.models import InterviewSession, Turn, TurnRecord, utcnow
from interviewer.store.rows import clean as _clean
from interviewer.store.rows import new_session_id
from interviewer.store.store import Store
from interviewer.store.transaction import NO_MORE_TURNS
from interviewer.store.web_models import Invite, InviteKind, InviteRecord, RespondentToken

TOKEN_BYTES = 24
"""Random bytes in an invite or respondent token (192 bits, 32 URL-safe characters)."""


def new_token() -> str:
    """A fresh unguessable token for a link or a browser's storage."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> str:
    """What the store keeps of a token: its SHA-256, hex."""
    return hashlib.sha256(token.encode()).hexdigest()


class InviteProblem(StrEnum):
    """Why an invite cannot start a session."""

    UNKNOWN = "unknown"
    EXPIRED = "expired"
    SPENT = "spent"


class InviteError(InterviewerError, ValueError):
    """An invite token that starts nothing; ``problem`` says why."""

    def __init__(self, problem: InviteProblem, message: str) -> None:
        super().__init__(message)
        self.problem = problem


class ClaimOutcome(StrEnum):
    """What :meth:`WebStore.claim_turn` did with a respondent message."""

    NEW = "new"
    """Stored as a new turn; the caller generates the reply."""
    RETRY = "retry"
    """The idempotency key was seen before: ``turn`` is the stored turn, ``reply`` its reply
    (``None`` if no reply is stored yet: the caller answers it)."""
    BUSY = "busy"
    """Another message of this session is still being answered; try again shortly."""
    STALE = "stale"
    """An earlier message (``turn``) was never answered and nobody is answering it: the caller
    should answer it (as ``Conversation.resume`` does) and claim again."""
    RATE_LIMITED = "rate_limited"
    """Too many messages in the window; ``retry_after`` seconds until the next is accepted."""
    CLOSED = "closed"
    """The session has ended and takes no more messages."""


@dataclass(frozen=True)
class TurnClaim:
    """The result of :meth:`WebStore.claim_turn`."""

    outcome: ClaimOutcome
    turn: TurnRecord | None = None
    """The respondent turn stored now (``NEW``), earlier (``RETRY``) or left pending (``STALE``)."""
    reply: TurnRecord | None = None
    """For ``RETRY``: the moderator turn already stored for ``turn``, if any."""
    retry_after: float = 0.0
    """For ``BUSY`` and ``RATE_LIMITED``: seconds the client should wait."""
    status: str | None = None
    """For ``CLOSED``: the session's status."""
    state: InterviewState | None = None
    """For ``NEW`` and ``RETRY``: the session's state to answer from (read under the lock)."""
    study_hash: str | None = None
    """For ``NEW`` and ``RETRY``: the study version the session runs."""


@dataclass(frozen=True)
class TurnLimits:
    """How :meth:`WebStore.claim_turn` paces one session."""

    max_turns: int
    """Respondent messages accepted per ``window_seconds``."""
    window_seconds: float
    """Length of the rate window."""
    stale_after: float
    """A message unanswered for this long is taken to be orphaned (its process died)."""


@dataclass(frozen=True)
class MintedInvite:
    """A new invite and its token (shown once: only the hash is stored)."""

    invite: InviteRecord
    token: str


class WebStore:
    """Invites, respondent tokens and race-free message acceptance on top of ``store``."""

    def __init__(self, store: Store) -> None:
        self.store = store

    # -- invites ---------------------------------------------------------------------------

    def create_invites(
        self,
        study_id: str,
        *,
        count: int,
        kind: InviteKind = "single",
        expires_at: datetime | None = None,
        labels: Sequence[str | None] | None = None,
    ) -> list[MintedInvite]:
        """Mint ``count`` invites of a stored study; raises ``UnknownStudyError`` otherwise."""
        if count < 1:
            raise ValueError(f"count must be at least 1, got {count}")
        if labels is not None and len(labels) != count:
            raise ValueError(f"{len(labels)} labels for {count} invites")
        self.store.get_study(study_id)  # fails with the known studies listed
        now = utcnow()
        minted = []
        with self.store.transaction() as tx:
            db = tx.db
            for index in range(count):
                token = new_token()
                row = Invite(
                    id=new_session_id(),
                    token_hash=token_hash(token),
                    study_id=study_id,
                    kind=kind,
                    label=labels[index] if labels else None,
                    created_at=now,
                    expires_at=expires_at,
                )
                db.add(row)
                db.flush()
                minted.append(MintedInvite(InviteRecord.model_validate(row), token))
        return minted

    def find_invite(self, token: str) -> InviteRecord | None:
        """The invite a token belongs to, spent or not; ``None`` for an unknown token."""
        with self.store.reading() as tx:
            db = tx.db
            row = db.exec(select(Invite).where(Invite.token_hash == token_hash(token))).first()
            return None if row is None else InviteRecord.model_validate(row)

    def list_invites(self, study_id: str) -> list[InviteRecord]:
        """The study's invites, newest first."""
        query = (
            select(Invite)
            .where(Invite.study_id == study_id)
            .order_by(col(Invite.created_at).desc(), col(Invite.id))
        )
        with self.store.reading() as tx:
            db = tx.db
            return [InviteRecord.model_validate(row) for row in db.exec(query).all()]

    def spend_invite(self, token: str, study_id: str) -> InviteRecord:
        """Count one use of the invite, atomically; raise :class:`InviteError` if it is spent.

        Two browsers opening the same single-use link at once cannot both start a session: the
        invite's row is locked (PostgreSQL) or the database's write lock held (SQLite).
        """
        now = utcnow()
        with self.store.transaction() as tx:
            db = tx.db
            query = select(Invite).where(Invite.token_hash == token_hash(token))
            row = db.exec(query.with_for_update()).first()
            if row is None or row.study_id != study_id:
                raise InviteError(
                    InviteProblem.UNKNOWN,
                    "this invite link is not valid; check that it was copied whole, or ask the "
                    "researcher for a new one",
                )
            record = InviteRecord.model_validate(row)
            if record.expired(now):
                raise InviteError(
                    InviteProblem.EXPIRED,
                    "this invite link has expired; ask the researcher for a new one",
                )
            if record.spent:
                raise InviteError(
                    InviteProblem.SPENT,
                    "this invite link has already been used; each link starts one interview. "
                    "Continue in the browser you started in, or ask for a new link",
                )
            row.uses += 1
            row.used_at = now
            db.flush()
            return InviteRecord.model_validate(row)

    def return_invite(self, invite_id: str) -> None:
        """Undo :meth:`spend_invite` when the session could not be started after all."""
        with self.store.transaction() as tx:
            db = tx.db
            row = db.exec(select(Invite).where(Invite.id == invite_id).with_for_update()).first()
            if row is not None and row.uses > 0:
                row.uses -= 1

    # -- respondents -------------------------------------------------------------------------

    def register_web_session(
        self,
        session_id: str,
        *,
        respondent: str | None = None,
        invite: InviteRecord | None = None,
        client_hash: str | None = None,
    ) -> str:
        """Issue the session's respondent token (returned once) and record who it is for.

        ``client_hash`` is the salted device hash (``quality/fingerprint.py``), never an IP."""
        token = new_token()
        with self.store.transaction() as tx:
            db = tx.db
            session = tx.session_row(session_id, lock=True)
            db.add(RespondentToken(session_id=session_id, token_hash=token_hash(token)))
            label = respondent or (invite.label if invite else None)
            if label:
                session.respondent = label
            session.client_hash = client_hash
            session.invite_id = invite.id if invite is not None else None
            if invite is not None and invite.kind == "single":
                row = db.get(Invite, invite.id)
                if row is not None:
                    row.session_id = session_id
        return token

    def token_matches(self, session_id: str, token: str) -> bool:
        """Whether ``token`` is the respondent token of ``session_id`` (constant-time)."""
        with self.store.reading() as tx:
            db = tx.db
            row = db.get(RespondentToken, session_id)
        return row is not None and hmac.compare_digest(row.token_hash, token_hash(token))

    def session_study(self, session_id: str) -> str | None:
        """The study a session belongs to, or None when there is no such session."""
        with self.store.reading() as tx:
            db = tx.db
            row = db.get(InterviewSession, session_id)
        return None if row is None else row.study_id

    # -- turns -------------------------------------------------------------------------------

    def claim_turn(
        self,
        session_id: str,
        text: str,
        *,
        key: str,
        limits: TurnLimits,
        telemetry: dict[str, Any] | None = None,
    ) -> TurnClaim:
        """Accept a respondent message for answering, or say why not — in one transaction.

        A session answers one message at a time: with several workers, two messages answered
        in parallel would each start from the same state and one answer would be lost. The
        stored turn doubles as the lock; ``Conversation.send`` with the same ``key`` then
        finds it and answers it.
        """
        now = utcnow()
        with self.store.transaction() as tx:
            db = tx.db
            session = tx.session_row(session_id, lock=True)
            earlier = db.exec(
                select(Turn).where(Turn.session_id == session_id, Turn.idempotency_key == key)
            ).first()
            if earlier is not None:
                # The client retries only after losing the first answer (a dropped connection,
                # a 5xx, a reload), so answer now even if another worker still is: the store
                # keeps one reply per message, and the caller shows that one.
                claim = self._retry(db, TurnRecord.model_validate(earlier))
                return replace(claim, state=_state(session), study_hash=session.study_hash)
            if session.status in NO_MORE_TURNS:
                return TurnClaim(ClaimOutcome.CLOSED, status=str(session.status))
            last = db.exec(
                select(Turn).where(Turn.session_id == session_id).order_by(col(Turn.seq).desc())
            ).first()
            if last is not None and last.role == "respondent":
                pending = TurnRecord.model_validate(last)
                if _age(pending, now) < limits.stale_after:
                    return TurnClaim(ClaimOutcome.BUSY, pending, retry_after=1.0)
                return TurnClaim(ClaimOutcome.STALE, pending)
            since = now - timedelta(seconds=limits.window_seconds)
            recent = db.exec(
                select(func.count(), func.min(Turn.created_at)).where(
                    Turn.session_id == session_id,
                    Turn.role == "respondent",
                    col(Turn.created_at) > since,
                )
            ).one()
            if recent[0] >= limits.max_turns:
                oldest: datetime = recent[1]
                wait = (oldest - since).total_seconds()
                return TurnClaim(ClaimOutcome.RATE_LIMITED, retry_after=max(wait, 1.0))
            state = _state(session)
            turn = Turn(
                session_id=session_id,
                seq=tx.next_seq(session_id),
                role="respondent",
                text=_clean(text),
                question_id=state.current_id,
                kind=TurnKind.ANSWER,
                idempotency_key=key,
                telemetry=telemetry,
                created_at=now,
            )
            db.add(turn)
            session.updated_at = now
            db.flush()
            return TurnClaim(
                ClaimOutcome.NEW,
                TurnRecord.model_validate(turn),
                state=state,
                study_hash=session.study_hash,
            )

    @staticmethod
    def _retry(db: Session, turn: TurnRecord) -> TurnClaim:
        reply = db.exec(select(Turn).where(Turn.reply_to == turn.id)).first()
        return TurnClaim(
            ClaimOutcome.RETRY, turn, None if reply is None else TurnRecord.model_validate(reply)
        )


def _state(session: InterviewSession) -> InterviewState:
    return InterviewState.model_validate(session.state)


def _age(turn: TurnRecord, now: datetime) -> float:
    return (now - turn.created_at).total_seconds()


__all__ = [
    "ClaimOutcome",
    "InviteError",
    "InviteProblem",
    "MintedInvite",
    "TurnClaim",
    "TurnLimits",
    "WebStore",
    "new_token",
    "token_hash",
]
