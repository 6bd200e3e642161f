"""What can go wrong in the store, as exceptions whose messages say what to do next."""

from __future__ import annotations

from interviewer.errors import InterviewerError


class StoreError(InterviewerError, RuntimeError):
    """The database could not be opened or used."""


class DatabaseFaultError(StoreError):
    """The database refused a read or write for a reason outside the program (``faults.py``).

    The message is one line: the cause, then the fix. Nothing of the failed transaction was
    stored; everything committed before it still is.
    """

    retryable = False
    """Whether the same operation may succeed if simply tried again later."""


class DatabaseFullError(DatabaseFaultError):
    """The disk (or the database's size limit) is full."""


class DatabaseLockedError(DatabaseFaultError):
    """Another process held the write lock for longer than the store waits."""

    retryable = True


class DatabaseReadOnlyError(DatabaseFaultError):
    """The database file, its folder or its file system cannot be written."""


class DatabaseCorruptError(DatabaseFaultError):
    """The database file is damaged (or is not a database at all)."""


class _NotFound(InterviewerError, KeyError):
    # KeyError's str() wraps the message in quotes; these messages are meant to be read.
    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class UnknownStudyError(_NotFound):
    """No stored study (version) has the requested id/hash."""


class UnknownSessionError(_NotFound):
    """No session has the requested id."""


class SessionClosedError(InterviewerError, ValueError):
    """A respondent message arrived for a session that is completed, declined or screened out."""
