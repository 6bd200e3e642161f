"""Storing many imported interviews fast: batched transactions, scores computed alongside.

An import used to store each interview in its own transaction, then read it back and score it
in two more. Here each batch of :data:`BATCH` interviews is one transaction of one prepared
INSERT per table (``Store.import_sessions``, :mod:`interviewer.store.inserts`), with the depth
scores computed from the interviews in memory and stored in the same transaction. The rows
stored are the same either way (``tests/test_import_batches.py`` compares them).

Scoring is two thirds of what is left, almost all of it the depth scorer's regular
expressions, so on a large import (:data:`POOL_FROM` interviews or more) worker processes
score the batches ahead while this process writes the ones already scored: the two overlap,
and on a machine with more cores the scoring spreads over them. If the workers cannot be
started or die, the batch is scored here instead; nothing is lost either way.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import sys
import threading
from collections import deque
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

import sqlalchemy as sa

from interviewer.depth import AnswerForScoring, score_session
from interviewer.interview import InterviewState
from interviewer.scoring import feature_rows, state_items
from interviewer.store import ImportedSession, ImportedTurn, ScoreCreate, Store
from interviewer.store.errors import DatabaseFaultError
from interviewer.study import Study

BATCH = 500
"""Interviews stored per transaction: large enough that commits stop dominating, small enough
that an interrupted import redoes little."""

POOL_FROM = 2_000
"""Interviews from which scoring runs in worker processes: below it, starting them costs more
than it saves."""

log = logging.getLogger(__name__)

ScoreRow = dict[str, Any]
"""A ``ScoreCreate``'s fields."""


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
    chunks = [interviews[start : start + BATCH] for start in range(0, len(interviews), BATCH)]
    items = [[state_items(study, i.state) for i in chunk] for chunk in chunks]
    workers = _workers(len(interviews))
    if workers == 0:
        for chunk, chunk_items in zip(chunks, items, strict=True):
            yield from store_batch(store, study, chunk, _score(chunk_items), engine=engine)
        return
    pool = ProcessPoolExecutor(workers, mp_context=_start_method())
    try:
        ahead: deque[Future[list[list[ScoreRow]]]] = deque()
        for n, (chunk, chunk_items) in enumerate(zip(chunks, items, strict=True)):
            while len(ahead) <= workers and n + len(ahead) < len(chunks):
                ahead.append(_submit(pool, items[n + len(ahead)]))
            yield from store_batch(
                store, study, chunk, _collect(ahead.popleft(), chunk_items), engine=engine
            )
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def _workers(interviews: int) -> int:
    """How many scoring processes to start for an import of ``interviews`` (0: none)."""
    if interviews < POOL_FROM:
        return 0
    return max(1, min(os.cpu_count() or 1, 8))


def _start_method() -> multiprocessing.context.BaseContext:
    """Fork where it is safe and cheap — Linux, and no other thread whose locks a child could
    inherit held (the CLI) — so workers start in milliseconds with the scorer loaded and never
    import the caller's main module again. Elsewhere (a server's threads, macOS, Windows) they
    are started fresh; a worker that cannot start leaves its batch to be scored here."""
    if sys.platform == "linux" and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _score(items: Sequence[Sequence[AnswerForScoring]]) -> list[list[ScoreRow]]:
    """The feature scorer's rows of each interview of a batch, as plain fields (in a worker
    process, or here: building and dumping the rows is a fifth of the work, and plain
    dictionaries are cheap to send back). An import's timestamps are when it was imported,
    not how long each interview took, so no duration is given."""
    return [
        [row.model_dump() for row in feature_rows(i, score_session(i, duration_seconds=None))]
        for i in items
    ]


def _submit(
    pool: ProcessPoolExecutor, items: Sequence[Sequence[AnswerForScoring]]
) -> Future[list[list[ScoreRow]]]:
    try:
        return pool.submit(_score, items)
    except (BrokenProcessPool, RuntimeError, OSError) as exc:  # cannot start: score here
        failed: Future[list[list[ScoreRow]]] = Future()
        failed.set_exception(exc)
        return failed


def _collect(
    future: Future[list[list[ScoreRow]]], items: Sequence[Sequence[AnswerForScoring]]
) -> list[list[ScoreRow]]:
    try:
        return future.result()
    except (BrokenProcessPool, RuntimeError, OSError) as exc:
        reason = " ".join(str(exc).split())[:120]
        log.warning("scoring in a worker process failed (%s); scoring here instead", reason)
        return _score(items)


def store_batch(
    store: Store,
    study: Study,
    batch: Sequence[Pending],
    scores: Sequence[Sequence[ScoreCreate | Mapping[str, Any]]],
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
