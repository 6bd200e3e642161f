"""The store: the one way in for persistence (studies, sessions, turns, answers, scores).

Every write is one short transaction that either lands whole or not at all. The two writes an
interview makes per exchange are split on purpose: :meth:`Store.add_respondent_turn` commits
the respondent's message *before* the moderator starts generating, so a crash or a dropped
connection never loses what the respondent said; :meth:`Store.record_reply` then stores the
moderator's turn, the answers it changed and the new state snapshot together.

Writers of one session are serialised by locking the session's row (PostgreSQL) or by SQLite's
single writer (``BEGIN IMMEDIATE``, see ``db.py``), which is what makes turn numbering and
idempotency keys safe with several processes on one database.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any, get_args

import sqlalchemy as sa
from pydantic import TypeAdapter
from sqlmodel import Session, col, func, select

from interviewer.interview import (
    Decision,
    InterviewState,
    Reply,
    Status,
    TurnKind,
)
from interviewer.store import bulk, deletion
from interviewer.store import db as _dbmodule
from interviewer.store.db import connect, display_url
from interviewer.store.errors import (
    SessionClosedError,
    StoreError,
)
from interviewer.store.faults import corrupt_error, sqlite_path, translate
from interviewer.store.migrations import migrate
from interviewer.store.models import (
    Answer,
    AuditRecord,
    InterviewSession,
    LoadedSession,
    Score,
    ScoreCreate,
    ScoreRecord,
    SessionKind,
    SessionRecord,
    SessionSummary,
    Source,
    StoredAnswer,
    StudyRecord,
    StudyVersion,
    TrustVerdict,
    Turn,
    TurnRecord,
    unanswered,
    utcnow,
)
from interviewer.store.rows import clean as _clean
from interviewer.store.rows import state_json as _state_json
from interviewer.store.studies import study_known, unknown_study
from interviewer.store.transaction import NO_MORE_TURNS, Transaction, new_session_row
from interviewer.study import Study

_DECISION = TypeAdapter(Decision)
"""Dumps a ``Decision`` to plain JSON types, so a returned turn equals the stored one."""


class Store:
    """Persistence for the whole package; construct with a SQLAlchemy URL.

    ``sqlite:///path/to/file.db`` (the parent folder is created) or ``postgresql://…`` (needs
    ``interviewer-research[postgres]``). Opening the store applies pending migrations. A ``Store`` is
    safe to share between threads; close it (or use ``with``) to release connections.
    """

    def __init__(self, url: str) -> None:
        self._db = connect(url)
        self.url = display_url(url)
        """The database URL with any password masked."""
        self._studies: dict[tuple[str, str], Study] = {}
        self._file = sqlite_path(self._db.url.database) if self._db.is_sqlite else None
        """The SQLite file, named in fault messages; ``None`` for PostgreSQL and memory."""
        try:
            migrate(self._db.writer)
        except sa.exc.DatabaseError as error:
            self._db.dispose()
            fault = self._fault(error)
            if fault is not error:
                raise fault from error
            if not isinstance(error, sa.exc.OperationalError):
                raise
            detail = " ".join(str(error.orig).split()).rstrip(".")
            stop = "" if detail.endswith(("?", "!")) else "."
            # Only PostgreSQL has a server; a SQLite file's problems are the file's.
            check = (
                "that the path is a SQLite file you can write"
                if self._db.is_sqlite
                else "that the database server is running"
            )
            raise StoreError(
                f"cannot open the store at {self.url}: {detail}{stop} "
                f"Check --db / INTERVIEWER_DB and {check}."
            ) from error
        except BaseException:
            self._db.dispose()
            raise

    def check_integrity(self) -> None:
        """Refuse a damaged SQLite file before anything is written into it.

        Runs ``PRAGMA quick_check`` (it reads every page, so commands that write call it once
        at start); raises :class:`~interviewer.store.errors.DatabaseCorruptError` with the fix.
        PostgreSQL checks its own pages, so there this does nothing.
        """
        if not self._db.is_sqlite:
            return
        with self.reading() as tx:
            db = tx.db
            rows = db.connection().exec_driver_sql("PRAGMA quick_check(3)").all()
            problems = [str(row[0]) for row in rows]
        if problems != ["ok"]:
            raise corrupt_error(self._where, self._file, "; ".join(problems))

    @property
    def _where(self) -> str:
        return str(self._file) if self._file is not None else self.url

    def _fault(self, error: BaseException) -> BaseException:
        """``error`` as a one-line :class:`StoreError` when it is a database fault."""
        return translate(
            error,
            where=self._where,
            path=self._file,
            busy_seconds=_dbmodule.BUSY_TIMEOUT_MS / 1000,
        )

    def close(self) -> None:
        """Close pooled connections (the store may not be used afterwards)."""
        self._db.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.url!r})"

    # -- studies ---------------------------------------------------------------------------

    def save_study(self, study: Study, source: str | None = None) -> str:
        """Store this version of ``study`` unless it is already stored; return its content hash.

        ``source`` is the YAML as written; it is kept for display (filled in if an earlier
        save of the same version lacked it).
        """
        with self.transaction() as tx:
            tx.ensure_study(study, source)
        return study.content_hash

    def get_study(self, study_id: str, content_hash: str | None = None) -> Study:
        """The study version with ``content_hash``, or the latest version when it is ``None``.

        Raises :class:`UnknownStudyError` (a ``KeyError``) naming the known studies/versions.
        """
        with self.reading() as tx:
            db = tx.db
            query = select(StudyVersion).where(StudyVersion.id == study_id)
            if content_hash is not None:
                query = query.where(StudyVersion.content_hash == content_hash)
            query = query.order_by(col(StudyVersion.created_at).desc()).limit(1)
            row = db.exec(query).first()
            if row is None:
                raise unknown_study(db, study_id, content_hash, self.url)
        return tx.study_from_row(row)

    def list_studies(self) -> list[StudyRecord]:
        """Every stored study version with its session count, newest version first per id."""
        counts = (
            select(
                InterviewSession.study_id,
                InterviewSession.study_hash,
                func.count().label("n"),
            )
            .group_by(col(InterviewSession.study_id), col(InterviewSession.study_hash))
            .subquery()
        )
        query = (
            select(StudyVersion, func.coalesce(counts.c.n, 0))
            .outerjoin(
                counts,
                sa.and_(
                    counts.c.study_id == StudyVersion.id,
                    counts.c.study_hash == StudyVersion.content_hash,
                ),
            )
            .order_by(col(StudyVersion.id), col(StudyVersion.created_at).desc())
        )
        with self.reading() as tx:
            db = tx.db
            return [
                StudyRecord.model_validate(row, update={"session_count": n})
                for row, n in db.exec(query).all()
            ]

    # -- sessions --------------------------------------------------------------------------

    def create_session(
        self,
        study: Study,
        *,
        engine: str,
        model: str | None,
        source: Source = "chat",
        state: InterviewState,
        respondent: str | None = None,
        kind: SessionKind = "interview",
    ) -> str:
        """Start a session of ``study`` (saving the study version if needed); return its id.

        ``state`` is the moderator's initial state; ``engine``/``model`` say what moderates;
        ``respondent`` is an optional label such as ``P07``; ``kind`` is ``preview`` for a
        researcher trying the study (kept out of reports, scores and exports).
        """
        if state.study_id != study.id:
            raise ValueError(f"state belongs to study {state.study_id!r}, not {study.id!r}")
        if source not in get_args(Source):
            raise ValueError(f"source must be one of {', '.join(get_args(Source))}, not {source!r}")
        now = utcnow()
        with self.transaction() as tx:
            db = tx.db
            tx.ensure_study(study, None)
            session = new_session_row(
                study,
                engine=engine,
                model=model,
                source=source,
                state=state,
                respondent=respondent,
                now=now,
            )
            session.kind = kind
            db.add(session)
        return session.id

    def load_session(self, session_id: str) -> LoadedSession:
        """The session's row, study version, latest state snapshot and transcript."""
        with self.reading() as tx:
            row = tx.session_row(session_id)
            turns = tx.turns(session_id)
            study = tx.study_for(row)
        return LoadedSession(
            session=SessionRecord.model_validate(row),
            study=study,
            state=InterviewState.model_validate(row.state),
            turns=turns,
        )

    def list_sessions(self, study_id: str) -> list[SessionSummary]:
        """Sessions of every version of ``study_id``, newest first, with counts and scores.

        Raises :class:`UnknownStudyError` when the study was never stored.
        """
        turn_counts = (
            select(Turn.session_id, func.count().label("n"))
            .group_by(col(Turn.session_id))
            .subquery()
        )
        answer_counts = (
            select(Answer.session_id, func.count().label("n"))
            .group_by(col(Answer.session_id))
            .subquery()
        )
        query = (
            select(
                InterviewSession,
                func.coalesce(turn_counts.c.n, 0),
                func.coalesce(answer_counts.c.n, 0),
            )
            .outerjoin(turn_counts, turn_counts.c.session_id == InterviewSession.id)
            .outerjoin(answer_counts, answer_counts.c.session_id == InterviewSession.id)
            .where(InterviewSession.study_id == study_id)
            .order_by(col(InterviewSession.started_at).desc(), col(InterviewSession.id))
        )
        session_scores = (
            select(Score.session_id, Score.score, Score.scorer)
            .join(InterviewSession, col(InterviewSession.id) == col(Score.session_id))
            .where(InterviewSession.study_id == study_id, Score.level == "session")
            .order_by(col(Score.created_at), col(Score.id))
        )
        with self.reading() as tx:
            db = tx.db
            rows = db.exec(query).all()
            if not rows and not study_known(db, study_id):
                raise unknown_study(db, study_id, None, self.url)
            # Oldest first, so each session keeps its latest score.
            latest = {sid: (score, scorer) for sid, score, scorer in db.exec(session_scores)}
            trust = {
                verdict.session_id: verdict
                for verdict in db.exec(
                    select(TrustVerdict)
                    .join(
                        InterviewSession, col(InterviewSession.id) == col(TrustVerdict.session_id)
                    )
                    .where(InterviewSession.study_id == study_id)
                )
            }
        return [
            SessionSummary.model_validate(
                row,
                update={
                    "turn_count": turns,
                    "answer_count": answers,
                    "depth_score": latest.get(row.id, (None, None))[0],
                    "depth_scorer": latest.get(row.id, (None, None))[1],
                    **_trust_fields(trust.get(row.id)),
                },
            )
            for row, turns, answers in rows
        ]

    def pause_session(self, session_id: str) -> None:
        """Mark an unfinished session as left by the respondent (``paused`` in listings)
        until they write again; a finished session is left as it is."""
        with self.transaction() as tx:
            session = tx.session_row(session_id, lock=True)
            if not Status(session.status).finished:  # a table row holds the plain string
                session.paused_at = utcnow()

    # -- turns -----------------------------------------------------------------------------

    def add_respondent_turn(
        self,
        session_id: str,
        text: str,
        *,
        question_id: str | None,
        idempotency_key: str | None = None,
        telemetry: dict[str, Any] | None = None,
    ) -> TurnRecord:
        """Store a respondent message and commit at once, before any reply is generated.

        ``telemetry`` is what the client measured while it was written (typing time, pastes);
        see ``quality/telemetry.py``.

        With an ``idempotency_key`` already used in this session, the turn stored then is
        returned and nothing new is stored (a client retrying a request it lost the answer to).
        Raises :class:`SessionClosedError` when the session is completed, declined or screened
        out.
        """
        with self.transaction() as tx:
            db = tx.db
            session = tx.session_row(session_id, lock=True)
            if idempotency_key is not None:
                earlier = db.exec(
                    select(Turn).where(
                        Turn.session_id == session_id, Turn.idempotency_key == idempotency_key
                    )
                ).first()
                if earlier is not None:
                    return TurnRecord.model_validate(earlier)
            if session.status in NO_MORE_TURNS:
                raise SessionClosedError(
                    f"session {session_id} is {session.status}; it takes no more messages. "
                    "Start a new session to interview again."
                )
            now = utcnow()
            turn = Turn(
                session_id=session_id,
                seq=tx.next_seq(session_id),
                role="respondent",
                text=_clean(text),
                question_id=question_id,
                kind=TurnKind.ANSWER,
                idempotency_key=idempotency_key,
                telemetry=telemetry,
                created_at=now,
            )
            db.add(turn)
            session.updated_at = now
            session.paused_at = None  # the respondent is back
            db.flush()
            return TurnRecord.model_validate(turn)

    def record_reply(
        self, session_id: str, reply: Reply, *, answered_turn_id: int | None = None
    ) -> TurnRecord:
        """Store one moderator turn and everything it changed, in one transaction.

        Inserts the moderator turn (text, kind, question, engine, tokens, decision), upserts
        each answer named in ``reply.updated_answers`` from ``reply.state.answers``, saves the
        state snapshot and updates the session's status, end time and token totals. Nothing
        is stored if any step fails.

        ``answered_turn_id`` is the respondent turn this replies to (``None`` for the opening
        turn). Recording a reply to a turn that already has one returns that reply and stores
        nothing. When the new status is ``declined``, the respondent's turns are deleted: only
        the consent request and the decline remain.
        """
        with self.transaction() as tx:
            db = tx.db
            session = tx.session_row(session_id, lock=True)
            if answered_turn_id is not None:
                answered = db.get(Turn, answered_turn_id)
                if answered is None or answered.session_id != session_id:
                    raise ValueError(f"turn {answered_turn_id} is not a turn of {session_id}")
                if answered.role != "respondent":
                    raise ValueError(f"turn {answered_turn_id} is not a respondent turn")
                earlier = db.exec(select(Turn).where(Turn.reply_to == answered_turn_id)).first()
                if earlier is not None:
                    return TurnRecord.model_validate(earlier)
            study = tx.study_for(session)
            status = reply.state.status
            now = utcnow()
            if status is Status.DECLINED:
                # "Nothing you said has been kept": the decline message promises it.
                db.exec(
                    sa.delete(Turn).where(
                        col(Turn.session_id) == session_id, col(Turn.role) == "respondent"
                    )
                )
                db.exec(sa.delete(Answer).where(col(Answer.session_id) == session_id))
                answered_turn_id = None
            turn = Turn(
                session_id=session_id,
                seq=tx.next_seq(session_id),
                role="moderator",
                text=_clean(reply.text),
                question_id=reply.question_id,
                kind=reply.kind,
                engine=reply.engine,
                prompt_tokens=reply.usage.prompt_tokens,
                completion_tokens=reply.usage.completion_tokens,
                decision=_DECISION.dump_python(reply.decision, mode="json"),
                reply_to=answered_turn_id,
                created_at=now,
            )
            db.add(turn)
            if status is not Status.DECLINED:
                for question_id in dict.fromkeys(reply.updated_answers):
                    tx.upsert_answer(session_id, study, reply.state, question_id, now)
            session.state = _state_json(reply.state)
            session.status = status
            session.updated_at = now
            session.ended_at = (session.ended_at or now) if status.finished else None
            session.prompt_tokens += reply.usage.prompt_tokens
            session.completion_tokens += reply.usage.completion_tokens
            session.llm_calls += reply.usage.calls
            db.flush()
            return TurnRecord.model_validate(turn)

    def transcript(self, session_id: str) -> list[TurnRecord]:
        """Every turn of the session, in order."""
        with self.reading() as tx:
            tx.session_row(session_id)
            return tx.turns(session_id)

    def pending_respondent_turns(self, session_id: str) -> list[TurnRecord]:
        """Respondent turns after the last moderator turn (unanswered after a crash), in order."""
        return unanswered(self.transcript(session_id))

    def reply_for(self, session_id: str, turn_id: int) -> TurnRecord | None:
        """The moderator turn recorded as the reply to respondent turn ``turn_id``, if any."""
        with self.reading() as tx:
            db = tx.db
            tx.session_row(session_id)
            row = db.exec(
                select(Turn).where(Turn.session_id == session_id, Turn.reply_to == turn_id)
            ).first()
            return None if row is None else TurnRecord.model_validate(row)

    # -- answers and scores ----------------------------------------------------------------

    def answers(self, session_id: str) -> list[StoredAnswer]:
        """The session's answers in the order their questions were first answered."""
        with self.reading() as tx:
            db = tx.db
            tx.session_row(session_id)
            rows = db.exec(
                select(Answer).where(Answer.session_id == session_id).order_by(col(Answer.id))
            ).all()
            return [StoredAnswer.model_validate(row) for row in rows]

    def answers_for_study(
        self, study_id: str, content_hash: str | None = None
    ) -> list[StoredAnswer]:
        """Answers from every session of the study (or of one version), session by session."""
        query = (
            select(Answer)
            .join(InterviewSession, col(InterviewSession.id) == col(Answer.session_id))
            .where(InterviewSession.study_id == study_id)
        )
        if content_hash is not None:
            query = query.where(InterviewSession.study_hash == content_hash)
        query = query.order_by(
            col(InterviewSession.started_at), col(InterviewSession.id), col(Answer.id)
        )
        with self.reading() as tx:
            db = tx.db
            rows = db.exec(query).all()
            if not rows and not study_known(db, study_id):
                raise unknown_study(db, study_id, content_hash, self.url)
            return [StoredAnswer.model_validate(row) for row in rows]

    def save_scores(self, session_id: str, scores: Sequence[ScoreCreate]) -> list[ScoreRecord]:
        """Store scores for a session; return them as stored.

        Scores of a (scorer, scorer_version) pair present in ``scores`` replace that pair's
        earlier scores for the session, so re-scoring never duplicates; other scorers' and
        other versions' scores stay side by side.
        """
        with self.transaction() as tx:
            db = tx.db
            tx.session_row(session_id, lock=True)
            for scorer, version in dict.fromkeys((s.scorer, s.scorer_version) for s in scores):
                db.exec(
                    sa.delete(Score).where(
                        col(Score.session_id) == session_id,
                        col(Score.scorer) == scorer,
                        col(Score.scorer_version) == version,
                    )
                )
            now = utcnow()
            rows = [
                Score(session_id=session_id, created_at=now, **score.model_dump())
                for score in scores
            ]
            db.add_all(rows)
            db.flush()
            return [ScoreRecord.model_validate(row) for row in rows]

    def scores(self, session_id: str) -> list[ScoreRecord]:
        """Every stored score of the session, in the order they were saved."""
        with self.reading() as tx:
            db = tx.db
            tx.session_row(session_id)
            rows = db.exec(
                select(Score).where(Score.session_id == session_id).order_by(col(Score.id))
            ).all()
            return [ScoreRecord.model_validate(row) for row in rows]

    # -- whole sessions and deletions: plain helpers over transaction() -------------------

    def import_session(
        self,
        study: Study,
        turns: Sequence[bulk.ImportedTurn],
        *,
        state: InterviewState,
        respondent: str | None = None,
        engine: str = "import",
    ) -> str:
        """Store a whole imported interview in one transaction (:func:`bulk.import_session`)."""
        return bulk.import_session(
            self, study, turns, state=state, respondent=respondent, engine=engine
        )

    def import_sessions(
        self, study: Study, sessions: Sequence[bulk.ImportedSession], *, engine: str = "import"
    ) -> list[str]:
        """Store many imported interviews in one transaction (:func:`bulk.import_sessions`)."""
        return bulk.import_sessions(self, study, sessions, engine=engine)

    def load_sessions(self, study_id: str) -> list[LoadedSession]:
        """Every session of a study with its transcript (:func:`bulk.load_sessions`)."""
        return bulk.load_sessions(self, study_id)

    def delete_session(self, session_id: str, *, reason: str = "respondent request") -> AuditRecord:
        """Delete a session, keeping an audit line (:func:`deletion.delete_session`)."""
        return deletion.delete_session(self, session_id, reason=reason)

    def purge_sessions(
        self,
        older_than: timedelta,
        *,
        study_id: str | None = None,
        dry_run: bool = False,
        now: datetime | None = None,
    ) -> list[AuditRecord]:
        """Delete sessions older than a retention period (:func:`deletion.purge_sessions`)."""
        return deletion.purge_sessions(
            self, older_than, study_id=study_id, dry_run=dry_run, now=now
        )

    def audit_log(self, study_id: str | None = None) -> list[AuditRecord]:
        """The stored audit lines (:func:`deletion.audit_log`)."""
        return deletion.audit_log(self, study_id)

    # -- transactions -------------------------------------------------------------------------

    @contextmanager
    def reading(self) -> Iterator[Transaction]:
        """A read-only session (see :mod:`interviewer.store.transaction`)."""
        with self._faults_translated(), Session(self._db.reader, expire_on_commit=False) as db:
            yield Transaction(db, url=self.url, studies=self._studies)

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """A transaction that commits when the block ends and rolls back if it raises: the one
        way code outside this module writes (:mod:`interviewer.store.transaction`).

        A database fault (full disk, lock held elsewhere, read-only or damaged file) leaves
        as a :class:`~interviewer.store.errors.DatabaseFaultError` saying what to do.
        """
        with (
            self._faults_translated(),
            Session(self._db.writer, expire_on_commit=False) as db,
            db.begin(),
        ):
            yield Transaction(db, url=self.url, studies=self._studies)

    @contextmanager
    def _faults_translated(self) -> Iterator[None]:
        """A driver error leaves as the typed, one-line fault it is (``faults.py``)."""
        try:
            yield
        except sa.exc.DatabaseError as error:
            fault = self._fault(error)
            if fault is error:
                raise
            raise fault from error


def _trust_fields(verdict: TrustVerdict | None) -> dict[str, Any]:
    """A session summary's trust columns from its verdict row (none if never checked)."""
    if verdict is None:
        return {}
    return {
        "trust": verdict.effective,
        "trust_reasons": verdict.reasons,
        "trust_overridden": verdict.override is not None,
    }
