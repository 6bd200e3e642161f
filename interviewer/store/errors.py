"""What can go wrong in the store, as exceptions whose messages say what to do next."""

from __future__ import annotations

from interviewer.errors import InterviewerError


class StoreError(InterviewerError, RuntimeError):
    """The database could not be opened or used."""


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
