"""The JSON the web API reads and writes (these models are also its OpenAPI schema)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from interviewer.quality.telemetry import AnswerTelemetry
from interviewer.store import ScoreRecord, SessionRecord, StoredAnswer, TurnRecord
from interviewer.store.models import TrustLevel, TrustRecord
from interviewer.store.web_models import InviteKind
from interviewer.study import AnswerValue

ControlType = Literal[
    "consent", "text", "scale", "yes_no", "single_choice", "multiple_choice", "ranking"
]


class ApiModel(BaseModel):
    model_config = ConfigDict(use_attribute_docstrings=True, extra="forbid")


# Code points no database can store as text: lone UTF-16 surrogates (invalid in UTF-8) and NUL
# (PostgreSQL refuses it in text columns).
_UNSTORABLE = re.compile("[\ud800-\udfff\x00]")


def storable(text: str) -> str:
    """A respondent's words as they can be stored: a lone surrogate becomes U+FFFD (the
    replacement character, so the spot stays visible in the transcript) and NUL is dropped.
    Nothing else is changed. These can only come from a broken client or a crafted request —
    a keyboard cannot type them — and refusing the message would lose the answer around them."""
    return _UNSTORABLE.sub(lambda m: "" if m.group(0) == "\x00" else "\ufffd", text)


# -- respondents ---------------------------------------------------------------------------


class StudyInfo(ApiModel):
    """What the widget shows before a session starts."""

    id: str
    title: str
    """The study's title, shown in the chat header."""
    language: str
    """BCP-47 code of the interview language (the widget sets ``lang`` from it)."""
    invite_only: bool
    """Whether starting a session needs an invite token."""


class StartRequest(ApiModel):
    """Start a session of the study in the path."""

    invite: str | None = Field(None, max_length=128)
    """Token from an invite link (``/i/{token}``); required when the study is invite-only."""
    respondent: str | None = Field(None, max_length=64)
    """Optional label for the respondent, e.g. a panel id passed by the embedding page."""

    @field_validator("respondent")
    @classmethod
    def _label_is_storable(cls, value: str | None) -> str | None:
        # A label is an identifier set by the embedding page: refuse it rather than store a
        # different one than the page will later look for.
        if value is not None and _UNSTORABLE.search(value):
            raise ValueError(
                "the respondent label contains a NUL or a lone surrogate, which cannot be "
                "stored; send it as plain UTF-8 text"
            )
        return value


class MessageRequest(ApiModel):
    """One respondent message: typed text, or a value picked with a control."""

    idempotency_key: str = Field(min_length=8, max_length=64, pattern=r"^[A-Za-z0-9_\-]+$")
    """Chosen by the client per message and reused on every retry of it: a retried message
    is stored once and answered with the reply already stored."""
    text: str = ""
    """What the respondent typed. Ignored when ``selection`` is given (the transcript then
    shows the selection in words)."""
    selection: AnswerValue | None = None
    """The value picked with a control: an int (scale), a bool (yes/no), an option (single
    choice), options (multiple choice) or items best first (ranking)."""
    other_text: str | None = None
    """The respondent's words behind an ``Other`` choice."""
    telemetry: AnswerTelemetry | None = None
    """What the widget measured while the answer was written: typing time, paste events and
    characters pasted — never keystrokes (stored with the turn; docs/privacy.md)."""

    @field_validator("text", "other_text")
    @classmethod
    def _text_is_storable(cls, value: str | None) -> str | None:
        return None if value is None else storable(value)

    @field_validator("selection")
    @classmethod
    def _selection_is_storable(cls, value: AnswerValue | None) -> AnswerValue | None:
        if isinstance(value, str):
            return storable(value)
        if isinstance(value, list):
            return [storable(v) if isinstance(v, str) else v for v in value]
        return value


class ChatMessage(ApiModel):
    """One line of the conversation as the respondent sees it."""

    role: Literal["respondent", "moderator"]
    text: str
    """Plain text; clients must render it as text, never as HTML."""
    kind: str
    """The turn's kind: consent, ask, probe, clarify, why, steer, close or answer."""


class Control(ApiModel):
    """How the respondent can answer right now; the widget draws the matching control."""

    type: ControlType
    """``consent`` (yes/no to take part), ``text`` (free text), or a closed question's type."""
    question_id: str | None = None
    options: list[str] = Field(default_factory=list)
    """Choices of a single or multiple choice question, or items of a ranking, in order."""
    allow_other: bool = False
    """Whether an ``Other`` choice with free text is offered."""
    min: int | None = None
    """Scale: lowest point. Multiple choice: fewest options to pick. Ranking: items to rank."""
    max: int | None = None
    """Scale: highest point. Multiple choice: most options to pick (``None``: no limit)."""
    min_label: str | None = None
    max_label: str | None = None
    skippable: bool = False
    """Whether the respondent may skip the question (the widget offers a Skip button)."""
    hint: str | None = None
    """How to answer with the control ("Pick up to 2", "Your top 3 count"), made by the
    server so the widget and the terminal app say the same."""


class Progress(ApiModel):
    question: int
    """1-based position of the current question (0 before consent)."""
    total: int
    """Questions the respondent can still meet: asked ones plus those whose ``show_if`` can
    still hold (the same count the terminal app shows)."""
    label: str = ""
    """The same line the terminal app's status bar shows, in the respondent's language."""


class SessionSnapshot(ApiModel):
    """Where a session stands: what the widget needs to draw it after a reload."""

    session_id: str
    study_id: str
    title: str
    status: str
    """consent, active, completed, declined, screened_out or stopped."""
    finished: bool
    busy: bool
    """A message was received and its reply is still being written; poll again shortly."""
    control: Control | None
    """How to answer now; ``None`` once the session has finished."""
    progress: Progress
    labels: dict[str, str] = Field(default_factory=dict)
    """The widget's own wording (buttons, placeholders, hints) in the interview's language:
    the ``widget`` section of its catalogue (``interviewer/i18n/<code>.yaml``)."""
    messages: list[ChatMessage] | None = None
    """The conversation so far (only when the session is fetched, not after each message)."""


class Started(ApiModel):
    """A new session and the token that continues it."""

    session_id: str
    token: str
    """Secret for ``Authorization: Bearer``; shown once, stored only as a hash."""
    session: SessionSnapshot


class Timing(ApiModel):
    server_ms: float
    """Time the server spent on the message, excluding time waiting for the model."""
    model_ms: float
    """Time spent waiting for the model (0 with the offline engine)."""


class TurnResponse(ApiModel):
    """The moderator's reply to one respondent message."""

    reply: ChatMessage
    session: SessionSnapshot
    replayed: bool = False
    """True when the message was a retry and this reply had been stored already."""
    timing: Timing | None = None


# -- researchers ---------------------------------------------------------------------------


class StudySummary(ApiModel):
    id: str
    title: str
    versions: int
    """Stored versions of the study (editing the YAML makes a new one)."""
    sessions: int
    """Sessions over all versions."""
    served: bool
    """Whether this server lets respondents start the study."""


class Transcript(ApiModel):
    """One session in full."""

    session: SessionRecord
    turns: list[TurnRecord]
    answers: list[StoredAnswer]
    scores: list[ScoreRecord]
    trust: TrustRecord | None = None
    """The trust guard's verdict and signals, with any researcher override."""


class TrustOverride(ApiModel):
    """A researcher's own verdict on a session; ``null`` clears it (the guard's stands)."""

    verdict: TrustLevel | None
    note: str | None = Field(None, max_length=500)
    """Why, in a few words: shown with the session and in the report."""


class InviteRequest(ApiModel):
    """Mint invite links for the study in the path."""

    count: int = Field(1, ge=1, le=1000)
    """How many single-use links to mint (ignored for an open link)."""
    kind: InviteKind = "single"
    """``single``: one session per link. ``open``: one link for many respondents."""
    expires_in_days: float | None = Field(14, gt=0, le=3650)
    """Days until the links stop working; ``null`` never expires."""


class InviteLink(ApiModel):
    id: str
    """Public id of the invite (not the secret)."""
    kind: InviteKind
    url: str
    """The link to send; it carries the secret token, which is not stored anywhere."""
    expires_at: datetime | None


class InviteStatus(ApiModel):
    """An invite as stored (its token is not: only its hash)."""

    id: str
    study_id: str
    kind: InviteKind
    label: str | None
    created_at: datetime
    expires_at: datetime | None
    uses: int
    """Sessions started with the link."""
    used_at: datetime | None
    session_id: str | None
    """For a spent single-use link, the session it started."""
