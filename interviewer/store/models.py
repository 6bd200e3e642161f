"""The store's tables and the records it hands out, as SQLModel model families.

Each concept follows the SQLModel docs pattern: a ``…Base`` with the shared fields, a
``table=True`` class the store writes (internal to this package), and a public record the rest
of the package reads (``TurnBase`` → ``Turn`` → ``TurnRecord``). Records are detached pydantic
objects: they never lazy-load, so they are safe to keep after the store's transaction ends.

The schema itself is created by ``migrations.py``, not by ``metadata.create_all``; a test
checks that the migrated schema and these models agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

import sqlalchemy as sa
from pydantic import model_validator
from sqlalchemy.engine import Dialect
from sqlmodel import Field, SQLModel

from interviewer import interview
from interviewer.interview import InterviewState, Status, TurnKind
from interviewer.study import AnswerValue, Study

Role = Literal["respondent", "moderator"]
ScoreLevel = Literal["session", "answer"]
Source = Literal["chat", "web", "import"]
SessionKind = Literal["interview", "preview"]
TrustLevel = Literal["ok", "review", "exclude"]
"""``preview``: a researcher walking the study (``chat --preview``); never study data."""


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(sa.types.TypeDecorator[datetime]):
    """Aware UTC datetimes on every backend.

    SQLite has no time zones and PostgreSQL returns them in the connection's zone; storing
    UTC and tagging it on the way out makes both backends return the same values.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.utcoffset() is None:
            raise ValueError("store timestamps must be timezone-aware; use datetime.now(UTC)")
        aware = value.astimezone(UTC)
        return aware.replace(tzinfo=None) if dialect.name == "sqlite" else aware

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.utcoffset() is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


# -- studies -------------------------------------------------------------------------------


class StudyBase(SQLModel):
    id: str = Field(primary_key=True)
    """The study's ``id`` from its YAML."""
    content_hash: str = Field(primary_key=True)
    """``Study.content_hash`` of this version: an edited study is a new row."""
    title: str
    """The study's title at this version."""
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    """When this version was first stored."""


class StudyVersion(StudyBase, table=True):
    """One version of a study, snapshotted so old sessions keep the questions they ran."""

    __tablename__ = "studies"

    definition: str = Field(sa_type=sa.Text)
    """``Study.canonical_json()``: the exact content the hash was computed from."""
    source: str | None = Field(default=None, sa_type=sa.Text)
    """The YAML as the researcher wrote it (comments included), when known."""


class StudyRecord(StudyBase):
    """A stored study version, as :meth:`Store.list_studies` reports it."""

    session_count: int = 0
    """Sessions run against this version."""


# -- sessions ------------------------------------------------------------------------------


class SessionBase(SQLModel):
    study_id: str
    """Which study the session runs…"""
    study_hash: str
    """…and which version of it (``StudyVersion.content_hash``)."""
    status: Status = Field(sa_type=sa.String)
    """Where the session stands; mirrors ``InterviewState.status`` after every reply."""
    source: Source = Field(default="chat", sa_type=sa.String)
    """Where the interview came from: ``chat`` (terminal), ``web`` or ``import``."""
    engine: str
    """Engine the session started with (``offline`` or ``llm``); turns record their own."""
    model: str | None = None
    """Model string when an LLM moderates, e.g. ``openai:gpt-4.1-mini``."""
    respondent: str | None = None
    """Optional label the researcher or invite link gave the respondent (e.g. ``P07``)."""
    started_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    """When the session was created (all store timestamps are aware UTC datetimes)."""
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    """Last write of any kind (a respondent message or a reply)."""
    ended_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    """Set when the status becomes finished (completed, declined, screened out, stopped)."""
    prompt_tokens: int = 0
    """Prompt tokens summed over every moderator turn."""
    completion_tokens: int = 0
    """Completion tokens summed over every moderator turn."""
    llm_calls: int = 0
    """Model calls summed over every moderator turn."""
    kind: SessionKind = Field(default="interview", sa_type=sa.String)
    """``interview`` (a respondent's) or ``preview`` (a researcher trying the study): previews
    are left out of reports, scores and exports."""
    paused_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    """When the respondent left an unfinished chat that can be resumed; cleared when they
    write again."""

    @property
    def shown_status(self) -> str:
        """The status as ``interviewer sessions`` shows it: a left, resumable chat is
        ``paused``, not ``active``."""
        status = Status(self.status)  # a table row holds the plain string
        if self.paused_at is not None and not status.finished:
            return "paused"
        return str(status.value)

    @property
    def is_study_data(self) -> bool:
        """Whether the session belongs in reports, scores and exports: an interview that got
        past the consent question (previews, declines and consent-screen quits do not)."""
        return self.kind == "interview" and Status(self.status) not in (
            Status.CONSENT,
            Status.DECLINED,
        )


class InterviewSession(SessionBase, table=True):
    """One respondent's interview (named so it never shadows ``sqlmodel.Session``)."""

    __tablename__ = "sessions"
    __table_args__ = (
        sa.ForeignKeyConstraint(["study_id", "study_hash"], ["studies.id", "studies.content_hash"]),
    )

    id: str = Field(primary_key=True)
    """Short, URL-safe, unguessable id (see ``store.new_session_id``)."""
    state: dict[str, Any] = Field(sa_type=sa.JSON)
    """Latest ``InterviewState`` as JSON: what ``--resume`` continues from."""
    client_hash: str | None = None
    """Web sessions: salted hash of the client's address and browser (``quality/fingerprint``),
    only to notice one device taking a study twice; never the address itself."""
    invite_id: str | None = None
    """Web sessions: the invite that started the session, if any."""


class SessionRecord(SessionBase):
    """A session's row, without its state snapshot."""

    id: str

    @property
    def duration_seconds(self) -> float:
        """Seconds from start to end, or to the latest activity while still running."""
        end = self.ended_at or self.updated_at
        return max(0.0, (end - self.started_at).total_seconds())


class SessionSummary(SessionRecord):
    """A session as ``interviewer sessions STUDY_ID`` lists it."""

    turn_count: int = 0
    """Turns of both roles."""
    answer_count: int = 0
    """Questions with a stored answer (skips and declines included)."""
    depth_score: float | None = None
    """Latest session-level score, if the session was scored."""
    depth_scorer: str | None = None
    """Which scorer produced ``depth_score``."""
    trust: TrustLevel | None = None
    """The trust verdict (a researcher's override wins), or ``None`` if never checked."""
    trust_reasons: list[str] = Field(default_factory=list)
    """Why: one checkable reason per signal (``quality/``), or the override's note."""
    trust_overridden: bool = False
    """A researcher set ``trust`` by hand."""


# -- audit ---------------------------------------------------------------------------------


class AuditEntry(SQLModel, table=True):
    """One deletion, kept after the data is gone: what was removed, never what it said."""

    __tablename__ = "audit_log"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    action: str
    """``delete`` (on request) or ``purge`` (retention)."""
    session_id: str
    study_id: str
    detail: str
    """Counts and why: ``respondent request via cli; 14 turns, 5 answers, 7 scores``."""


class AuditRecord(SQLModel):
    id: int
    at: datetime
    action: str
    session_id: str
    study_id: str
    detail: str


# -- turns ---------------------------------------------------------------------------------


class TurnBase(SQLModel):
    session_id: str = Field(foreign_key="sessions.id", ondelete="CASCADE")
    """The session the turn belongs to (deleting the session deletes its turns)."""
    seq: int
    """1, 2, 3… in the order the turns happened within the session."""
    role: Role = Field(sa_type=sa.String)
    """Who spoke: ``respondent`` or ``moderator``."""
    text: str = Field(sa_type=sa.Text)
    """Exactly what was said (NUL characters removed: PostgreSQL text cannot hold them)."""
    question_id: str | None = None
    """The question the turn is about, if any."""
    kind: TurnKind = Field(sa_type=sa.String)
    """What the turn does; respondent turns are always ``answer``."""
    engine: str | None = None
    """Which engine wrote a moderator turn (``offline``, ``llm:<model>``, fallbacks…)."""
    prompt_tokens: int = 0
    """Prompt tokens this moderator turn spent (0 for the offline engine and respondents)."""
    completion_tokens: int = 0
    """Completion tokens this moderator turn spent."""
    decision: dict[str, Any] | None = Field(default=None, sa_type=sa.JSON)
    """The moderator turn's ``Decision`` as JSON (tuples become lists): why it said what it said."""
    reply_to: int | None = Field(default=None, foreign_key="turns.id", ondelete="SET NULL")
    """For a moderator turn, the respondent turn it answered (unique: one reply each)."""
    idempotency_key: str | None = None
    """Client-chosen key of a respondent turn; a retry with the same key stores nothing new."""
    telemetry: dict[str, Any] | None = Field(default=None, sa_type=sa.JSON)
    """Respondent turns: what the client measured while it was written (typing time, paste
    events, characters pasted — ``quality/telemetry.py``); never keystrokes or clipboard text."""
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    """When the turn was stored."""


class Turn(TurnBase, table=True):
    """One message in a session's transcript."""

    __tablename__ = "turns"
    __table_args__ = (
        sa.UniqueConstraint("session_id", "seq", name="uq_turns_session_seq"),
        sa.UniqueConstraint("session_id", "idempotency_key", name="uq_turns_session_key"),
        sa.UniqueConstraint("reply_to", name="uq_turns_reply_to"),
    )

    id: int | None = Field(default=None, primary_key=True)
    """Assigned by the database on insert."""


class TurnRecord(TurnBase):
    """A stored turn."""

    id: int
    """Database id; what ``answered_turn_id`` and ``reply_to`` refer to."""


def unanswered(turns: list[TurnRecord]) -> list[TurnRecord]:
    """Respondent turns after the last moderator turn: what a resumed chat must still answer."""
    pending: list[TurnRecord] = []
    for turn in turns:
        pending = [] if turn.role == "moderator" else [*pending, turn]
    return pending


@dataclass(frozen=True)
class LoadedSession:
    """Everything needed to show or resume one session."""

    session: SessionRecord
    study: Study
    """The exact study version the session ran (not necessarily the latest one)."""
    state: InterviewState
    """The snapshot saved with the latest moderator turn."""
    turns: list[TurnRecord]
    """The transcript, in order."""

    @property
    def pending(self) -> list[TurnRecord]:
        """Respondent turns after the last moderator turn (see :func:`unanswered`)."""
        return unanswered(self.turns)


# -- answers -------------------------------------------------------------------------------


class AnswerBase(SQLModel):
    session_id: str = Field(foreign_key="sessions.id", ondelete="CASCADE")
    """The session the answer belongs to."""
    question_id: str
    """The question's id in the session's study version (one answer per question)."""
    question_type: str
    """The question's ``type`` in the session's study version (``scale``, ``open_ended``…)."""
    value: AnswerValue | None = Field(default=None, sa_type=sa.JSON)
    """Typed value as JSON (int, bool, str or list of str); ``None`` for open answers/skips."""
    value_number: int | None = None
    """The value again when it is a scale point, so SQL can average and bucket it."""
    other_text: str | None = Field(default=None, sa_type=sa.Text)
    """Free text behind an ``Other`` choice."""
    texts: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    """The respondent's messages for this question, in order."""
    skipped: bool = False
    """The respondent skipped the question."""
    declined: bool = False
    """The respondent said they don't know or would rather not answer."""
    depth: int | None = None
    """Live depth estimate (1–5) the moderator kept for this answer."""
    depth_reasons: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    """Why the moderator estimated that depth."""
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    """When a reply last changed the answer."""


class Answer(AnswerBase, table=True):
    """The latest state of one question's answer in one session."""

    __tablename__ = "answers"
    __table_args__ = (
        sa.UniqueConstraint("session_id", "question_id", name="uq_answers_session_question"),
    )

    id: int | None = Field(default=None, primary_key=True)
    """Assigned by the database on insert."""


class StoredAnswer(AnswerBase):
    """A stored answer (``AnswerRecord`` is the moderator's in-memory twin)."""

    id: int
    """Database id; increases in the order questions were first answered."""

    def to_record(self) -> interview.AnswerRecord:
        """The answer as the moderator and reports model it."""
        return interview.AnswerRecord(
            question_id=self.question_id,
            value=self.value,
            other_text=self.other_text,
            texts=list(self.texts),
            skipped=self.skipped,
            declined=self.declined,
            depth=self.depth,
            depth_reasons=list(self.depth_reasons),
        )


# -- scores --------------------------------------------------------------------------------


class ScoreBase(SQLModel):
    scorer: str
    """Who scored: e.g. ``features`` (deterministic scorer) or ``judge`` (LLM judge)."""
    scorer_version: str
    """Version of the scorer, so results of different versions can be compared."""
    level: ScoreLevel = Field(sa_type=sa.String)
    """``session`` for a whole-interview score, ``answer`` for one question's."""
    question_id: str | None = None
    """Set exactly when ``level`` is ``answer``."""
    score: float
    """The score, on the scorer's scale (depth scores run 1–5)."""
    reasons: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    """Why the scorer gave this score, in a few short phrases."""


class ScoreCreate(ScoreBase):
    """A score to store with :meth:`Store.save_scores`."""

    @model_validator(mode="after")
    def _level_matches_question(self) -> ScoreCreate:
        if (self.level == "answer") != (self.question_id is not None):
            raise ValueError(
                "an 'answer' score needs a question_id and a 'session' score must not have one"
            )
        return self


class Score(ScoreBase, table=True):
    """One score from one scorer for a session or one of its answers."""

    __tablename__ = "scores"

    id: int | None = Field(default=None, primary_key=True)
    """Assigned by the database on insert."""
    session_id: str = Field(foreign_key="sessions.id", ondelete="CASCADE")
    """The scored session (deleting it deletes its scores)."""
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    """When the score was saved."""


class ScoreRecord(ScoreBase):
    """A stored score."""

    id: int
    """Database id; increases in the order scores were saved."""
    session_id: str
    """The scored session."""
    created_at: datetime
    """When the score was saved."""


# -- trust ---------------------------------------------------------------------------------


class TrustBase(SQLModel):
    verdict: TrustLevel = Field(sa_type=sa.String)
    """What the guard concluded: ``ok``, ``review`` or ``exclude``."""
    signals: list[dict[str, Any]] = Field(default_factory=list, sa_type=sa.JSON)
    """Each signal as ``{flag, severity, reason, question_id}`` (``quality/signals.py``)."""
    checker: str
    """Which version of the guard decided (``trust-v1``)."""
    checked_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    override: TrustLevel | None = Field(default=None, sa_type=sa.String)
    """A researcher's verdict, which wins over the guard's until cleared."""
    override_note: str | None = Field(default=None, sa_type=sa.Text)
    overridden_at: datetime | None = Field(default=None, sa_type=UTCDateTime)

    @property
    def effective(self) -> TrustLevel:
        return self.override or self.verdict

    @property
    def reasons(self) -> list[str]:
        """What ``interviewer sessions`` and the report show as the why."""
        if self.override is not None:
            note = f": {self.override_note}" if self.override_note else ""
            return [f"set to {self.override} by a researcher{note}"]
        return [str(s.get("reason", "")) for s in self.signals]


class TrustVerdict(TrustBase, table=True):
    """The guard's verdict on one session, beside its depth score (one row per session)."""

    __tablename__ = "trust_verdicts"

    session_id: str = Field(foreign_key="sessions.id", ondelete="CASCADE", primary_key=True)


class TrustRecord(TrustBase):
    session_id: str
