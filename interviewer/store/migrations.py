"""Small named schema migrations, applied in order and recorded in ``_migrations``.

Each migration is a function ``mNNN_what(conn)`` registered with :func:`migration`. It spells
out its own DDL instead of reading ``models.py``, because the models describe the *latest*
schema while a migration must keep doing exactly what it did when it was written. Add a new
function at the bottom for every change; never edit one that has shipped.

:func:`migrate` runs whatever is pending in one transaction while holding a lock, so two
processes opening the same database at once neither race nor apply anything twice: PostgreSQL
takes a transaction-scoped advisory lock; SQLite's writer engine opens every transaction with
``BEGIN IMMEDIATE`` (see ``db.py``), which already admits only one writer.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from interviewer.store.models import UTCDateTime

Migration = Callable[[Connection], None]

MIGRATIONS: list[Migration] = []
"""Every migration, in the order it must run."""

MIGRATIONS_TABLE = "_migrations"

# Any constant works; it only has to be the same in every process that opens the database.
_PG_LOCK_KEY = 0x696E7476  # "intv"


def migration(fn: Migration) -> Migration:
    """Register ``fn`` as the next migration; its name is recorded once it has run."""
    MIGRATIONS.append(fn)
    return fn


def migrate(engine: Engine, migrations: Sequence[Migration] | None = None) -> list[str]:
    """Apply pending migrations atomically; return the names applied now (often none).

    ``engine`` must be the store's *writer* engine so SQLite takes its write lock up front.
    """
    pending_names: list[str] = []
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY})
        table = _migrations_table()
        table.create(conn, checkfirst=True)
        done = set(conn.execute(sa.select(table.c.name)).scalars())
        for fn in MIGRATIONS if migrations is None else migrations:
            if fn.__name__ in done:
                continue
            fn(conn)
            conn.execute(table.insert().values(name=fn.__name__, applied_at=datetime.now(UTC)))
            pending_names.append(fn.__name__)
    return pending_names


def applied_migrations(engine: Engine) -> list[str]:
    """Names of the migrations recorded in the database, oldest first."""
    table = _migrations_table()
    with engine.connect() as conn:
        if not sa.inspect(conn).has_table(MIGRATIONS_TABLE):
            return []
        query = sa.select(table.c.name).order_by(table.c.applied_at, table.c.name)
        return list(conn.execute(query).scalars())


def _migrations_table() -> sa.Table:
    return sa.Table(
        MIGRATIONS_TABLE,
        sa.MetaData(),
        sa.Column("name", sa.String, primary_key=True),
        sa.Column("applied_at", UTCDateTime, nullable=False),
    )


# -- the migrations ------------------------------------------------------------------------


@migration
def m001_initial(conn: Connection) -> None:
    """Studies, sessions, turns, answers and scores."""
    meta = sa.MetaData()
    sa.Table(
        "studies",
        meta,
        sa.Column("id", sa.String, primary_key=True),
        sa.Column("content_hash", sa.String, primary_key=True),
        sa.Column("title", sa.String, nullable=False),
        sa.Column("definition", sa.Text, nullable=False),
        sa.Column("source", sa.Text),
        sa.Column("created_at", UTCDateTime, nullable=False),
    )
    sa.Table(
        "sessions",
        meta,
        sa.Column("id", sa.String, primary_key=True),
        sa.Column("study_id", sa.String, nullable=False),
        sa.Column("study_hash", sa.String, nullable=False),
        sa.Column("status", sa.String, nullable=False),
        sa.Column("source", sa.String, nullable=False),
        sa.Column("engine", sa.String, nullable=False),
        sa.Column("model", sa.String),
        sa.Column("respondent", sa.String),
        sa.Column("started_at", UTCDateTime, nullable=False),
        sa.Column("updated_at", UTCDateTime, nullable=False),
        sa.Column("ended_at", UTCDateTime),
        sa.Column("prompt_tokens", sa.Integer, nullable=False),
        sa.Column("completion_tokens", sa.Integer, nullable=False),
        sa.Column("llm_calls", sa.Integer, nullable=False),
        sa.Column("state", sa.JSON, nullable=False),
        sa.ForeignKeyConstraint(["study_id", "study_hash"], ["studies.id", "studies.content_hash"]),
        sa.Index("ix_sessions_study", "study_id", "started_at"),
    )
    sa.Table(
        "turns",
        meta,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "session_id",
            sa.String,
            sa.ForeignKey("sessions.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("role", sa.String, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("question_id", sa.String),
        sa.Column("kind", sa.String, nullable=False),
        sa.Column("engine", sa.String),
        sa.Column("prompt_tokens", sa.Integer, nullable=False),
        sa.Column("completion_tokens", sa.Integer, nullable=False),
        sa.Column("decision", sa.JSON),
        sa.Column("reply_to", sa.Integer, sa.ForeignKey("turns.id", ondelete="SET NULL")),
        sa.Column("idempotency_key", sa.String),
        sa.Column("created_at", UTCDateTime, nullable=False),
        # The (session_id, seq) constraint doubles as the index transcripts are read by.
        sa.UniqueConstraint("session_id", "seq", name="uq_turns_session_seq"),
        sa.UniqueConstraint("session_id", "idempotency_key", name="uq_turns_session_key"),
        sa.UniqueConstraint("reply_to", name="uq_turns_reply_to"),
    )
    sa.Table(
        "answers",
        meta,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "session_id",
            sa.String,
            sa.ForeignKey("sessions.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("question_id", sa.String, nullable=False),
        sa.Column("question_type", sa.String, nullable=False),
        sa.Column("value", sa.JSON),
        sa.Column("value_number", sa.Integer),
        sa.Column("other_text", sa.Text),
        sa.Column("texts", sa.JSON, nullable=False),
        sa.Column("skipped", sa.Boolean, nullable=False),
        sa.Column("declined", sa.Boolean, nullable=False),
        sa.Column("depth", sa.Integer),
        sa.Column("depth_reasons", sa.JSON, nullable=False),
        sa.Column("updated_at", UTCDateTime, nullable=False),
        sa.UniqueConstraint("session_id", "question_id", name="uq_answers_session_question"),
        sa.Index("ix_answers_question", "question_id"),
    )
    sa.Table(
        "scores",
        meta,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "session_id",
            sa.String,
            sa.ForeignKey("sessions.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("scorer", sa.String, nullable=False),
        sa.Column("scorer_version", sa.String, nullable=False),
        sa.Column("level", sa.String, nullable=False),
        sa.Column("question_id", sa.String),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("reasons", sa.JSON, nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Index("ix_scores_session", "session_id", "scorer", "scorer_version"),
    )
    meta.create_all(conn)


@migration
def m002_web_access(conn: Connection) -> None:
    """Invite links and respondent session tokens for the web server (hashes only)."""
    meta = sa.MetaData()
    sa.Table("sessions", meta, sa.Column("id", sa.String, primary_key=True))  # FK target only
    sa.Table(
        "invites",
        meta,
        sa.Column("id", sa.String, primary_key=True),
        sa.Column("study_id", sa.String, nullable=False),
        sa.Column("kind", sa.String, nullable=False),
        sa.Column("label", sa.String),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("expires_at", UTCDateTime),
        sa.Column("uses", sa.Integer, nullable=False),
        sa.Column("used_at", UTCDateTime),
        sa.Column("session_id", sa.String, sa.ForeignKey("sessions.id", ondelete="SET NULL")),
        sa.Column("token_hash", sa.String, nullable=False),
        sa.UniqueConstraint("token_hash", name="uq_invites_token_hash"),
        sa.Index("ix_invites_study_id", "study_id"),
    )
    sa.Table(
        "respondent_tokens",
        meta,
        sa.Column(
            "session_id",
            sa.String,
            sa.ForeignKey("sessions.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("token_hash", sa.String, nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
    )
    meta.tables["invites"].create(conn)
    meta.tables["respondent_tokens"].create(conn)


@migration
def m003_session_kinds_and_audit(conn: Connection) -> None:
    """Preview sessions and paused chats marked on the session; an audit log of deletions."""
    conn.exec_driver_sql(
        "ALTER TABLE sessions ADD COLUMN kind VARCHAR NOT NULL DEFAULT 'interview'"
    )
    paused_type = "TIMESTAMP WITH TIME ZONE" if conn.dialect.name == "postgresql" else "DATETIME"
    conn.exec_driver_sql(f"ALTER TABLE sessions ADD COLUMN paused_at {paused_type}")
    meta = sa.MetaData()
    sa.Table(
        "audit_log",
        meta,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", UTCDateTime, nullable=False),
        sa.Column("action", sa.String, nullable=False),
        # No foreign key: the entry outlives the session it records.
        sa.Column("session_id", sa.String, nullable=False),
        sa.Column("study_id", sa.String, nullable=False),
        sa.Column("detail", sa.Text, nullable=False),
    )
    meta.create_all(conn)


@migration
def m004_trust_signals(conn: Connection) -> None:
    """Per-turn client telemetry, a salted client hash and invite on web sessions, and one
    trust verdict per session (with a researcher's override)."""
    conn.exec_driver_sql("ALTER TABLE turns ADD COLUMN telemetry JSON")
    conn.exec_driver_sql("ALTER TABLE sessions ADD COLUMN client_hash VARCHAR")
    conn.exec_driver_sql("ALTER TABLE sessions ADD COLUMN invite_id VARCHAR")
    meta = sa.MetaData()
    sa.Table("sessions", meta, sa.Column("id", sa.String, primary_key=True))  # FK target only
    sa.Table(
        "trust_verdicts",
        meta,
        sa.Column(
            "session_id",
            sa.String,
            sa.ForeignKey("sessions.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("verdict", sa.String, nullable=False),
        sa.Column("signals", sa.JSON, nullable=False),
        sa.Column("checker", sa.String, nullable=False),
        sa.Column("checked_at", UTCDateTime, nullable=False),
        sa.Column("override", sa.String),
        sa.Column("override_note", sa.Text),
        sa.Column("overridden_at", UTCDateTime),
    )
    meta.tables["trust_verdicts"].create(conn)
    conn.exec_driver_sql("CREATE INDEX ix_sessions_client_hash ON sessions (study_id, client_hash)")
