"""Connecting to the database: URL handling and the per-backend settings that keep writes safe.

Two engines share one connection pool. The *reader* opens ordinary transactions. The *writer*
exists for SQLite: there it opens every transaction with ``BEGIN IMMEDIATE``, taking the write
lock before the first read, so a transaction that reads and then writes can never fail half-way
with "database is locked" when another process wrote in between (a deferred transaction cannot
upgrade its snapshot; an immediate one waits ``busy_timeout`` for its turn instead). On
PostgreSQL both engines behave the same and the store locks the rows it changes.
"""

from __future__ import annotations

import importlib.util
import random
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.pool import ConnectionPoolEntry, StaticPool

from interviewer import pip_install

BUSY_TIMEOUT_MS = 15_000
"""How long a SQLite writer waits for another process's write to finish before giving up."""
CACHE_KIB = 65_536
"""SQLite page cache per connection (see ``_on_connect``)."""

_BEGIN_OPTION = "interviewer_sqlite_begin"


@dataclass(frozen=True)
class Database:
    """The engines of one opened store."""

    url: URL
    """The SQLAlchemy URL actually used (driver filled in)."""
    reader: Engine
    writer: Engine
    """Same pool as ``reader``; on SQLite its transactions start with ``BEGIN IMMEDIATE``."""

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    def dispose(self) -> None:
        self.reader.dispose()


def normalise_url(url: str) -> URL:
    """Parse ``url`` and pick the driver: PostgreSQL always goes through psycopg 3.

    ``postgresql://`` and ``postgres://`` URLs (as libpq and most hosts print them) are
    accepted as they are.
    """
    try:
        parsed = make_url(url)
    except sa.exc.ArgumentError as error:
        raise ValueError(
            f"not a database URL: {url!r}; use sqlite:///path/to/file.db or "
            "postgresql://user:password@host:5432/dbname"
        ) from error
    backend = parsed.get_backend_name()
    if backend == "postgres":
        backend = "postgresql"
    if backend == "postgresql":
        if importlib.util.find_spec("psycopg") is None:
            raise ValueError(f"PostgreSQL needs the psycopg driver: {pip_install('postgres')}")
        return parsed.set(drivername="postgresql+psycopg")
    if backend == "sqlite":
        return parsed.set(drivername="sqlite+pysqlite")
    raise ValueError(
        f"unsupported database {parsed.drivername!r} in {display_url(parsed)}; "
        "use sqlite:///path/to/file.db or postgresql://user:password@host:5432/dbname"
    )


def display_url(url: URL | str) -> str:
    """The URL with any password masked, for messages and logs."""
    return (make_url(url) if isinstance(url, str) else url).render_as_string(hide_password=True)


def connect(url: str) -> Database:
    """Create the engines for ``url`` (no connection is opened yet).

    For a SQLite file the parent folder is created, so a fresh ``$INTERVIEWER_HOME`` works.
    """
    parsed = normalise_url(url)
    if parsed.get_backend_name() == "postgresql":
        # pre_ping: a long-lived web process outlives server restarts and idle timeouts.
        reader = sa.create_engine(parsed, pool_pre_ping=True)
    else:
        reader = _sqlite_engine(parsed)
    writer = reader.execution_options(**{_BEGIN_OPTION: "BEGIN IMMEDIATE"})
    return Database(url=parsed, reader=reader, writer=writer)


def _sqlite_engine(url: URL) -> Engine:
    database = url.database or ""
    in_memory = database in ("", ":memory:") or database.startswith("file::memory:")
    kwargs: dict[str, Any] = {
        # The pool hands a connection to one thread at a time, so sharing across threads (the
        # web server's workers) is safe.
        "connect_args": {"check_same_thread": False},
    }
    if in_memory:
        # Every new connection to ":memory:" would be a new, empty database.
        kwargs["poolclass"] = StaticPool
    else:
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = sa.create_engine(url, **kwargs)

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: ConnectionPoolEntry) -> None:
        # Let SQLAlchemy (below) issue BEGIN rather than the sqlite3 module, whose implicit
        # transactions would start too late for BEGIN IMMEDIATE and skip DDL.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            # busy_timeout first: switching to WAL itself needs a lock another opener may hold.
            cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA foreign_keys = ON")
            # 64 MB of page cache instead of SQLite's 2 MB: session ids are random, so every
            # index of a large store is written all over; with the small cache an import's
            # batches got slower as the file grew (0.4 s → 0.9 s per 500 rows at 20,000).
            # The cache only grows as pages are read, so a small store stays small.
            cursor.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
            if not in_memory:
                # WAL lets readers (reports, the web UI) read while an interview writes.
                # synchronous stays at its FULL default: a committed message survives a crash.
                _enable_wal(cursor)
        finally:
            cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        conn.exec_driver_sql(conn.get_execution_options().get(_BEGIN_OPTION, "BEGIN"))

    return engine


WAL_ATTEMPTS = 50
"""Tries to switch a new SQLite file to WAL while other processes open it too (about 5 s)."""


def _enable_wal(cursor: sqlite3.Cursor) -> None:
    """``PRAGMA journal_mode = WAL``, retried: while several openers race to convert a new
    file, SQLite can answer "database is locked" at once, without waiting ``busy_timeout``."""
    for attempt in range(WAL_ATTEMPTS):
        try:
            cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or attempt == WAL_ATTEMPTS - 1:
                raise
            time.sleep(0.02 + 0.08 * random.random())  # jitter: the racers must not collide again
