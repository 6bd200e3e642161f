"""Storing many imported interviews fast: batched transactions, scores computed alongside.

An import used to store each interview in its own transaction, then read it back and score it
in two more. Here each batch of :data:`BATCH` interviews is one transaction of multi-row
inserts (``Store.import_sessions``), with the depth scores computed from the interviews in
memory and stored in the same transaction. The rows stored are the same either way
(``tests/test_import_batches.py`` compares them). What is left is about half the feature
scorer's regular expressions and half SQLAlchemy preparing the rows; worker processes for the
scoring were tried and lost on a 2-core machine, where they compete with the writes.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import sqlalchemy as sa

from interviewer.interview import InterviewState
from interviewer.scoring import feature_scores
from interviewer.store import ImportedSession, ImportedTurn, ScoreCreate, Store
from interviewer.store.errors import DatabaseFaultError
from interviewer.study import Study

BATCH = 500
"""Interviews stored per transaction: large enough that commits stop dominating, small enough
that an interrupted import redoes little."""


class Pending:
    """One interview to store: where it came from, its turns and final state."""

    __slots__ = ("respondent", "source", "state", "turns")

    def __init__(
        self, source: str, respondent: str, turns: Sequence[ImportedTurn], state: InterviewState
    ) -> None:
        self.source, self.respondent, self.turns, self.state = source, respondent, turns, state


def store_all(
    store: Store, study: Study, interviews: Sequence[Pending], *, engine: str
) -> Iterator[str]:
    """Store ``interviews`` batch by batch; yield each one's session id, in order."""
    for start in range(0, len(interviews), BATCH):
        batch = interviews[start : start + BATCH]
        scores = [feature_scores(study, i.state, duration_seconds=None) for i in batch]
        yield from store_batch(store, study, batch, scores, engine=engine)


def store_batch(
    store: Store,
    study: Study,
    batch: Sequence[Pending],
    scores: Sequence[Sequence[ScoreCreate]],
    *,
    engine: str,
) -> list[str]:
    """Store one batch in one transaction.

    When the database refuses the batch for something in the data, each interview is tried
    alone so the ``ValueError`` names the file and line of the one at fault (the interviews
    before it stay stored; importing again adds only the rest).
    """
    sessions = [
        ImportedSession(i.turns, i.state, i.respondent, s)
        for i, s in zip(batch, scores, strict=True)
    ]
    try:
        return store.import_sessions(study, sessions, engine=engine)
    except DatabaseFaultError:
        raise  # full disk, lock, read-only: the whole batch is the problem, not one row
    except (sa.exc.SQLAlchemyError, ValueError, UnicodeError):
        if len(batch) == 1:
            raise
    ids: list[str] = []
    for interview, session in zip(batch, sessions, strict=True):
        try:
            ids += store.import_sessions(study, [session], engine=engine)
        except DatabaseFaultError:
            raise
        except (sa.exc.SQLAlchemyError, ValueError, UnicodeError) as exc:
            where = next((t.origin for t in interview.turns if t.origin), interview.source)
            detail = " ".join(str(getattr(exc, "orig", None) or exc).split())[:300]
            raise ValueError(
                f"{where}: cannot store {interview.respondent}'s answers ({detail}); fix or "
                "remove that row and import again (the rows before it are stored)"
            ) from exc
    return ids
