"""Persistence: the rest of the package reads and writes only through :class:`Store`.

``open_store(url)`` (or ``Store(url)``) opens a SQLite file or a PostgreSQL database and
applies pending migrations. The records it returns are detached pydantic models.
"""

from __future__ import annotations

from interviewer.config import default_db_url
from interviewer.store.bulk import ImportedTurn
from interviewer.store.errors import (
    SessionClosedError,
    StoreError,
    UnknownSessionError,
    UnknownStudyError,
)
from interviewer.store.models import (
    LoadedSession,
    ScoreCreate,
    ScoreRecord,
    SessionRecord,
    SessionSummary,
    Source,
    StoredAnswer,
    StudyRecord,
    TurnRecord,
)
from interviewer.store.store import Store, new_session_id


def open_store(url: str | None = None) -> Store:
    """Open the store at ``url``; ``None`` means ``$INTERVIEWER_DB`` or the default SQLite file."""
    return Store(url or default_db_url())


__all__ = [
    "ImportedTurn",
    "LoadedSession",
    "ScoreCreate",
    "ScoreRecord",
    "SessionClosedError",
    "SessionRecord",
    "SessionSummary",
    "Source",
    "Store",
    "StoreError",
    "StoredAnswer",
    "StudyRecord",
    "TurnRecord",
    "UnknownSessionError",
    "UnknownStudyError",
    "new_session_id",
    "open_store",
]
