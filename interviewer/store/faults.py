"""Database faults — full disk, lock held elsewhere, read-only file, damaged file — as errors
that name the cause and the fix in one line.

SQLite and PostgreSQL report these as driver exceptions whose text is written for their own
developers ("unable to open database file", "database disk image is malformed"). The store
turns every such exception into a :class:`~interviewer.store.errors.DatabaseFaultError`
subclass here, by the driver's error code rather than its wording, so the CLI, the terminal
app and the web server can each say what happened and what to do without a traceback.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import sqlalchemy as sa

from interviewer.store.errors import (
    DatabaseCorruptError,
    DatabaseFaultError,
    DatabaseFullError,
    DatabaseLockedError,
    DatabaseReadOnlyError,
    StoreError,
)

# SQLite's primary result codes (https://sqlite.org/rescode.html); the extended code's low
# byte is the primary one.
_BUSY, _LOCKED, _READONLY, _IOERR, _CORRUPT, _FULL, _CANTOPEN, _NOTADB = 5, 6, 8, 10, 11, 13, 14, 26

# PostgreSQL SQLSTATEs (https://www.postgresql.org/docs/current/errcodes-appendix.html).
_PG_FULL = ("53100",)
_PG_LOCKED = ("55P03", "40P01")
_PG_READ_ONLY = ("25006",)
_PG_CORRUPT = ("XX001", "XX002")


def sqlite_path(database: str | None) -> Path | None:
    """The file of a SQLite URL's database part, or ``None`` for an in-memory database."""
    if not database or database == ":memory:" or database.startswith("file::memory:"):
        return None
    return Path(database).expanduser()


def fault_error(
    error: BaseException, *, where: str, path: Path | None, busy_seconds: float
) -> DatabaseFaultError | None:
    """The fault behind a driver ``error`` as a one-line error, or ``None`` if it is none.

    ``where`` names the database in messages (a masked URL or the SQLite file), ``path`` is
    the SQLite file (to tell a read-only folder or file system from a missing one) and
    ``busy_seconds`` how long a writer waited for the lock before giving up.
    """
    orig = error.orig if isinstance(error, sa.exc.DBAPIError) else error
    if isinstance(orig, sqlite3.Error):
        return _sqlite_fault(orig, where=where, path=path, busy_seconds=busy_seconds)
    sqlstate = getattr(orig, "sqlstate", None)
    if isinstance(sqlstate, str):
        return _postgres_fault(sqlstate, where=where)
    return None


def is_fault(error: BaseException) -> bool:
    """Whether ``error`` is a driver error :func:`fault_error` may explain."""
    return isinstance(error, sa.exc.OperationalError | sa.exc.DatabaseError) and not isinstance(
        error, sa.exc.IntegrityError
    )


def _sqlite_fault(
    error: sqlite3.Error, *, where: str, path: Path | None, busy_seconds: float
) -> DatabaseFaultError | None:
    code = getattr(error, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    if primary in (_BUSY, _LOCKED):
        return locked_error(where, busy_seconds)
    if primary == _FULL:
        return full_error(where)
    if primary == _READONLY or (primary in (_CANTOPEN, _IOERR) and _read_only(path)):
        return DatabaseReadOnlyError(
            f"{where} is read-only ({_read_only(path) or 'the database refused writes'}), so "
            "nothing can be saved; make it writable, or pass --db with a file on a writable disk"
        )
    if primary in (_CORRUPT, _NOTADB):
        return corrupt_error(where, path, str(error))
    if primary == _CANTOPEN:
        return DatabaseFaultError(
            f"cannot open {where}: {_cannot_open_reason(path)}; pass --db with a path to a "
            "SQLite file (or a postgresql:// URL)"
        )
    return None


def _postgres_fault(sqlstate: str, *, where: str) -> DatabaseFaultError | None:
    if sqlstate in _PG_FULL:
        return full_error(where)
    if sqlstate in _PG_LOCKED:
        return DatabaseLockedError(
            f"{where} is locked by another transaction; wait for it to finish and try again"
        )
    if sqlstate in _PG_READ_ONLY:
        return DatabaseReadOnlyError(
            f"{where} is read-only (a standby, or default_transaction_read_only is on), so "
            "nothing can be saved; point --db at the primary server"
        )
    if sqlstate in _PG_CORRUPT:
        return DatabaseCorruptError(
            f"{where} reports damaged data (SQLSTATE {sqlstate}); restore it from a backup"
        )
    return None


def locked_error(where: str, busy_seconds: float) -> DatabaseLockedError:
    return DatabaseLockedError(
        f"{where} is locked by another process that kept writing for over {busy_seconds:g} s "
        "(another interviewer command, or a program such as sqlite3 or DB Browser with an open "
        "transaction); close it or wait for it to finish, then try again"
    )


def full_error(where: str) -> DatabaseFullError:
    return DatabaseFullError(
        f"the disk holding {where} is full, so the last change was not saved; free some space "
        "(or pass --db with a file on another disk) and run the command again"
    )


def corrupt_error(where: str, path: Path | None, detail: str) -> DatabaseCorruptError:
    detail = " ".join(detail.split()).rstrip(".") or "it failed its integrity check"
    if path is None:
        fix = "restore it from a backup"
    else:
        fix = (
            f"restore it from a backup, or save what is readable with `sqlite3 {path} .recover "
            f"| sqlite3 recovered.db` and pass --db recovered.db"
        )
    return DatabaseCorruptError(
        f"{where} is damaged ({detail}), so nothing more is written to it; {fix}"
    )


def _read_only(path: Path | None) -> str:
    """Why ``path`` cannot be written (a read-only file system, file or folder), else ``""``."""
    if path is None:
        return ""
    folder = path.parent if not path.is_dir() else path
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    try:
        if os.statvfs(folder).f_flag & os.ST_RDONLY:
            return "its file system is mounted read-only"
    except OSError:
        return ""
    # os.access also covers root, who ignores permission bits but not a read-only mount.
    if path.exists() and not os.access(path, os.W_OK):
        return "the file is not writable"
    if not os.access(folder, os.W_OK):
        return "its folder is not writable"
    return ""


def _cannot_open_reason(path: Path | None) -> str:
    if path is None:
        return "SQLite could not open it"
    if path.is_dir():
        return f"{path} is a folder, not a file"
    if not path.parent.is_dir():
        return f"the folder {path.parent} does not exist"
    return "SQLite could not open the file"


def translate(
    error: BaseException, *, where: str, path: Path | None, busy_seconds: float
) -> BaseException:
    """``error`` as a :class:`StoreError` when it is a known fault, else ``error`` itself."""
    if not is_fault(error):
        return error
    fault = fault_error(error, where=where, path=path, busy_seconds=busy_seconds)
    return fault if fault is not None else error


__all__ = [
    "StoreError",
    "corrupt_error",
    "fault_error",
    "full_error",
    "is_fault",
    "locked_error",
    "sqlite_path",
    "translate",
]
