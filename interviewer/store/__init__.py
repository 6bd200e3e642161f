"""Persistence: the rest of the package reads and writes only through :class:`Store`.

``open_store(url)`` (or ``Store(url)``) opens a SQLite file or a PostgreSQL database and
applies pending migrations. The records it returns are detached pydantic models.
"""

from __future__ import annotations

from interviewer.config import default_db_url
from interviewer.store.bulk import ImportedSession, ImportedTurn
from interviewer.store.errors import (
    SessionClosedError,
    StoreError,
    UnknownSessionError,
    UnknownStudyError,
)
from interviewer.store.models import (
    AuditRecord,
    LoadedSession,
    ScoreCreate,
    ScoreRecord,
    SessionKind,
    SessionRecord,
    SessionSummary,
    Source,
    StoredAnswer,
    StudyRecord,
    TurnRecord,
)
from interviewer.store.rows import new_session_id
from interviewer.store.store import Store
from interviewer.store.transaction import Transaction


def open_store(url: str | None = None) -> Store:
    """Open the store at ``url``; ``None`` means ``$INTERVIEWER_DB`` or the default SQLite file."""
    return Store(url or default_db_url())


__all__ = [
    "AuditRecord",
    "ImportedSession",
    "ImportedTurn",
    "LoadedSession",
    "ScoreCreate",
    "ScoreRecord",
    "SessionClosedError",
    "SessionKind",
    "SessionRecord",
    "SessionSummary",
    "Source",
    "Store",
    "StoreError",
    "StoredAnswer",
    "StudyRecord",
    "Transaction",
    "TurnRecord",
    "UnknownSessionError",
    "UnknownStudyError",
    "new_session_id",
    "open_store",
]
