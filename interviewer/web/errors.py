"""Errors the web services raise; the app turns each into its HTTP status and a JSON body.

Every message says what went wrong and what to do about it, because the widget shows them to
respondents and the API returns them to researchers' scripts as ``{"detail": "..."}``.
"""

from __future__ import annotations

from interviewer.errors import InterviewerError


class WebError(InterviewerError):
    """A request that cannot be served; ``status`` is its HTTP status code."""

    status = 400

    def __init__(self, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.retry_after = retry_after
        """Seconds before a retry can succeed (sent as ``Retry-After``)."""

    @property
    def headers(self) -> dict[str, str]:
        if self.retry_after is None:
            return {}
        return {"Retry-After": str(max(1, round(self.retry_after)))}


class Unauthorized(WebError):
    status = 401


class Forbidden(WebError):
    status = 403


class NotFound(WebError):
    status = 404


class Conflict(WebError):
    status = 409


class Gone(WebError):
    status = 410


class PayloadTooLarge(WebError):
    status = 413


class Unprocessable(WebError):
    status = 422


class TooManyRequests(WebError):
    status = 429


class NotImplementedYet(WebError):
    status = 501
