"""Study versions in the store: saving each version once, and saying which ones exist."""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import Session, col, select

from interviewer.store.errors import UnknownStudyError
from interviewer.store.models import StudyVersion
from interviewer.study import Study


def save_version(db: Session, study: Study, source: str | None) -> None:
    """Insert this version of ``study`` unless it is stored; fill in ``source`` if missing."""
    row = db.get(StudyVersion, (study.id, study.content_hash))
    if row is not None:
        if source is not None and row.source is None:
            row.source = source
        return
    try:
        # A savepoint, so losing a race with another process saving the same version does
        # not abort the caller's transaction.
        with db.begin_nested():
            db.add(
                StudyVersion(
                    id=study.id,
                    content_hash=study.content_hash,
                    title=study.title,
                    definition=study.canonical_json(),
                    source=source,
                )
            )
    except sa.exc.IntegrityError:
        pass


def load_version(row: StudyVersion) -> Study:
    """The study a stored version holds.

    The stored hash is trusted rather than recomputed: a later schema default would change the
    hash of an old snapshot without changing what was asked.
    """
    return Study.model_validate_json(row.definition)


def study_known(db: Session, study_id: str) -> bool:
    query = select(StudyVersion.id).where(StudyVersion.id == study_id).limit(1)
    return db.exec(query).first() is not None


def unknown_study(
    db: Session, study_id: str, content_hash: str | None, url: str
) -> UnknownStudyError:
    """The error for a missing study or version, listing what the store does hold."""
    if content_hash is not None and study_known(db, study_id):
        hashes = db.exec(
            select(StudyVersion.content_hash)
            .where(StudyVersion.id == study_id)
            .order_by(col(StudyVersion.created_at))
        ).all()
        return UnknownStudyError(
            f"study {study_id!r} has no version {content_hash!r}; "
            f"stored versions: {', '.join(hashes)}"
        )
    ids = db.exec(select(StudyVersion.id).distinct().order_by(col(StudyVersion.id)))
    known = ", ".join(ids.all()) or "none yet (a study is stored when its first session starts)"
    return UnknownStudyError(f"no study {study_id!r} in the store at {url}; known studies: {known}")
