"""Invite links: minting them for a study and spelling out their URLs.

Shared by ``interviewer invite`` and the researcher API. A link is ``{base}/i/{token}``; the
token is printed once and only its hash is stored, so a lost link cannot be recovered — mint a
new one instead.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from interviewer.store.models import utcnow
from interviewer.store.web_models import InviteKind
from interviewer.store.web_store import WebStore
from interviewer.web.schemas import InviteLink

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw])\s*$")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86_400, "w": 604_800}


def parse_duration(text: str) -> timedelta:
    """``"14d"``, ``"12h"``, ``"2w"``, ``"90m"`` or ``"30s"`` as a :class:`timedelta`."""
    match = _DURATION.match(text)
    if match is None or float(match.group(1)) <= 0:
        raise ValueError(
            f"not a duration: {text!r}; write a positive number and a unit, e.g. 14d, 12h or 2w"
        )
    return timedelta(seconds=float(match.group(1)) * _UNIT_SECONDS[match.group(2)])


def invite_url(base_url: str, token: str) -> str:
    return f"{base_url.rstrip('/')}/i/{token}"


def mint_invites(
    web: WebStore,
    study_id: str,
    *,
    base_url: str,
    count: int = 1,
    kind: InviteKind = "single",
    expires_in: timedelta | None = None,
    label_prefix: str | None = None,
) -> list[InviteLink]:
    """Mint ``count`` single-use links, or one open link, for a stored study."""
    expires_at: datetime | None = utcnow() + expires_in if expires_in else None
    count = 1 if kind == "open" else count
    labels = None
    if label_prefix and kind == "single":
        width = len(str(count))
        labels = [f"{label_prefix}{n:0{width}d}" for n in range(1, count + 1)]
    minted = web.create_invites(
        study_id, count=count, kind=kind, expires_at=expires_at, labels=labels
    )
    return [
        InviteLink(
            id=m.invite.id,
            kind=m.invite.kind,
            url=invite_url(base_url, m.token),
            expires_at=m.invite.expires_at,
        )
        for m in minted
    ]
