"""How the store's rows are spelled: session ids, answer columns, state snapshots, clean text.

Shared by the row-at-a-time writes (``store.py``) and the bulk ones (``bulk.py``), so an
imported session's rows are exactly those a chat would store.
"""

from __future__ import annotations

import secrets
import string
from typing import Any

from interviewer.interview import AnswerRecord, InterviewState

SESSION_ID_LENGTH = 12
# Letters and digits only: URL-safe like token_urlsafe, but an id can never start with "-"
# (which a shell command would read as an option). 62**12 ≈ 2**71 ids: unguessable.
_SESSION_ID_ALPHABET = string.ascii_letters + string.digits


def new_session_id() -> str:
    """A fresh session id: 12 random letters and digits from :mod:`secrets`."""
    return "".join(secrets.choice(_SESSION_ID_ALPHABET) for _ in range(SESSION_ID_LENGTH))


def answer_columns(record: AnswerRecord, question_type: str) -> dict[str, Any]:
    """The ``answers`` columns for one answer record."""
    value = record.value
    is_scale_point = question_type == "scale" and type(value) is int
    return {
        "question_type": question_type,
        "value": value,
        "value_number": value if is_scale_point else None,
        "other_text": None if record.other_text is None else clean(record.other_text),
        "texts": [clean(text) for text in record.texts],
        "skipped": record.skipped,
        "declined": record.declined,
        "depth": record.depth,
        "depth_reasons": list(record.depth_reasons),
    }


def state_json(state: InterviewState) -> dict[str, Any]:
    return state.model_dump(mode="json")


def clean(text: str) -> str:
    """Drop NUL characters, which PostgreSQL text columns reject, so both backends agree."""
    return text.replace("\x00", "")
