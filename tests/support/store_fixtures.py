"""Store fixtures and builders: store tests run on a real SQLite file and, when configured,
on PostgreSQL.

PostgreSQL runs only when ``INTERVIEWER_TEST_PG_URL`` names a server (``scripts/start_postgres.sh``
prints one); otherwise the ``postgres`` parameter is skipped with the reason. Each PostgreSQL
test gets a fresh schema (selected through the URL's ``search_path``), dropped afterwards.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import make_url

from interviewer.interview import (
    AnswerRecord,
    Decision,
    InterviewState,
    Reply,
    Status,
    TurnKind,
    Usage,
)
from interviewer.store import Store
from interviewer.study import Study

__all__ = ["PG_URL_ENV", "postgres_schema", "sqlite_store", "store", "store_url"]

PG_URL_ENV = "INTERVIEWER_TEST_PG_URL"


@contextmanager
def postgres_schema(base_url: str) -> Iterator[str]:
    """A URL whose connections use a new, empty schema; the schema is dropped on exit."""
    import psycopg  # only needed when PostgreSQL tests run

    schema = f"test_{secrets.token_hex(6)}"
    with psycopg.connect(base_url, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        url = make_url(base_url).update_query_dict({"options": f"-csearch_path={schema}"})
        yield url.render_as_string(hide_password=False)
    finally:
        with psycopg.connect(base_url, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


def _sqlite_url(folder: Path) -> str:
    # A folder that does not exist yet: opening the store must create it.
    return f"sqlite:///{folder / 'data' / 'interviewer.db'}"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """URL of an empty database on each backend (open it with ``Store(url)``)."""
    if request.param == "sqlite":
        yield _sqlite_url(tmp_path)
        return
    base = os.environ.get(PG_URL_ENV)
    if not base:
        pytest.skip(f"PostgreSQL: set {PG_URL_ENV} (scripts/start_postgres.sh prints a URL)")
    with postgres_schema(base) as url:
        yield url


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    """An opened, migrated store on each backend."""
    with Store(store_url) as opened:
        yield opened


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[Store]:
    """An opened store on a SQLite file in ``tmp_path``."""
    with Store(_sqlite_url(tmp_path)) as opened:
        yield opened


# -- builders (imported by the store tests; not fixtures) -------------------------------------

STUDY: dict[str, Any] = {
    "id": "billing",
    "title": "Billing pains",
    "decision": "Whether to build automatic reminders",
    "consent": "We keep your answers for research. OK to continue?",
    "questions": [
        {"id": "story", "type": "open_ended", "text": "Tell me about the last late invoice."},
        {"id": "pain", "type": "scale", "text": "How painful is it?", "min": 0, "max": 10},
        {"id": "switched", "type": "yes_no", "text": "Did you change tools this year?"},
        {
            "id": "role",
            "type": "single_choice",
            "text": "What is your role?",
            "options": ["Finance", "Ops"],
            "allow_other": True,
        },
        {
            "id": "tools",
            "type": "multiple_choice",
            "text": "Which tools do you use?",
            "options": ["Slack", "Email", "Jira"],
        },
        {
            "id": "priority",
            "type": "ranking",
            "text": "Rank these problems.",
            "items": ["Chasing", "Errors", "Matching"],
        },
    ],
}


def make_study(**changes: Any) -> Study:
    return Study.model_validate({**STUDY, **changes})


def make_reply(
    state: InterviewState,
    text: str,
    kind: TurnKind = TurnKind.ASK,
    *,
    question_id: str | None = None,
    updated: tuple[str, ...] = (),
    usage: Usage | None = None,
    engine: str = "offline",
) -> Reply:
    return Reply(
        text=text,
        kind=kind,
        state=state,
        decision=Decision(action=kind.value, depth=3, reasons=("concrete", "past event")),
        question_id=question_id,
        engine=engine,
        usage=usage or Usage(),
        updated_answers=updated,
    )


def with_answers(state: InterviewState, *records: AnswerRecord, **changes: Any) -> InterviewState:
    answers = {**state.answers, **{r.question_id: r for r in records}}
    return state.model_copy(update={"answers": answers, **changes})


def start(store: Store, study: Study | None = None, **kwargs: Any) -> tuple[str, InterviewState]:
    """A session that has sent its consent request."""
    study = study or make_study()
    state = InterviewState(study_id=study.id)
    session_id = store.create_session(study, engine="offline", model=None, state=state, **kwargs)
    store.record_reply(session_id, make_reply(state, study.consent, TurnKind.CONSENT))
    return session_id, state


def consent(store: Store, session_id: str, state: InterviewState) -> InterviewState:
    """The respondent agrees and the first question is asked."""
    yes = store.add_respondent_turn(session_id, "yes", question_id=None)
    active = state.model_copy(
        update={
            "status": Status.ACTIVE,
            "question_index": 0,
            "asked": ["story"],
            "awaiting": "answer",
        }
    )
    store.record_reply(
        session_id,
        make_reply(active, "Tell me about the last late invoice.", question_id="story"),
        answered_turn_id=yes.id,
    )
    return active
