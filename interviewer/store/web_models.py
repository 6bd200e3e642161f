"""Tables the web server adds: invite links and the respondents' session tokens.

Only hashes of secrets are stored. An invite token or a respondent token leaked from a database
backup cannot be replayed: the server compares the SHA-256 of what a browser sends with the
stored hash (``web_store.py``). The schema is created by migration ``m002_web_access``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from interviewer.store.models import UTCDateTime, utcnow

InviteKind = Literal["single", "open"]
"""``single``: starts one session, then is spent. ``open``: one link shared with many people."""


class InviteBase(SQLModel):
    study_id: str = Field(index=True)
    """The study the invite starts (any stored version; new sessions run the served one)."""
    kind: InviteKind = Field(sa_type=sa.String)
    """``single`` (one session) or ``open`` (any number of sessions until it expires)."""
    label: str | None = None
    """Respondent label copied onto the session, e.g. ``P07``; ``None`` for open links."""
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    """When the invite was minted."""
    expires_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    """After this moment the invite starts nothing; ``None`` never expires."""
    uses: int = 0
    """Sessions started with the invite (at most 1 for a ``single`` invite)."""
    used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    """When a session was last started with the invite."""
    session_id: str | None = Field(default=None, foreign_key="sessions.id", ondelete="SET NULL")
    """For a spent ``single`` invite, the session it started."""


class Invite(InviteBase, table=True):
    """One invite link; the link carries the token, the table only its hash."""

    __tablename__ = "invites"
    __table_args__ = (sa.UniqueConstraint("token_hash", name="uq_invites_token_hash"),)

    id: str = Field(primary_key=True)
    """Short public id, safe to show in lists (it is not the secret token)."""
    token_hash: str
    """SHA-256 (hex) of the token in the link."""


class InviteRecord(InviteBase):
    """A stored invite, without its hash."""

    id: str
    """Short public id."""

    def expired(self, now: datetime) -> bool:
        return self.expires_at is not None and self.expires_at <= now

    @property
    def spent(self) -> bool:
        return self.kind == "single" and self.uses > 0


class RespondentToken(SQLModel, table=True):
    """The secret a respondent's browser holds to continue one session (hash only)."""

    __tablename__ = "respondent_tokens"

    session_id: str = Field(primary_key=True, foreign_key="sessions.id", ondelete="CASCADE")
    """The session the token opens (deleting the session deletes the token)."""
    token_hash: str
    """SHA-256 (hex) of the token."""
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    """When the session was started over the web."""
