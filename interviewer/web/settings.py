"""How one web server is configured: which studies it serves, to whom, and how fast.

Plain data, built by ``interviewer serve`` (or by tests) and handed to ``create_app``. Nothing
here is per-session: every worker process gets the same settings and keeps no interview state.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from interviewer.llm.base import ChatModel
from interviewer.study import Study

ModelFactory = Callable[[Study], ChatModel | None]
"""Returns the chat model that moderates a study, or ``None`` for the offline engine."""

ANY_STUDY = "*"
"""Key of :attr:`WebSettings.allowed_origins` whose origins may embed every study."""


@dataclass(frozen=True)
class Limits:
    """Sizes and rates the server enforces; each breach is a 4xx that says which limit."""

    max_body_bytes: int = 16_384
    """Largest request body accepted (413 beyond)."""
    max_message_chars: int = 4_000
    """Longest respondent message (422 beyond)."""
    session_messages: int = 30
    """Respondent messages one session may send per ``session_window_seconds`` (429 beyond)."""
    session_window_seconds: float = 60.0
    """Window of :attr:`session_messages`; counted from the store, so it holds across workers."""
    ip_requests: int = 240
    """Requests (session starts and messages) one client IP may make per ``ip_window_seconds``;
    counted per worker process."""
    ip_window_seconds: float = 60.0
    """Window of :attr:`ip_requests`."""
    ip_sessions: int = 30
    """Sessions one client IP may start per ``ip_sessions_window_seconds``, per worker process."""
    ip_sessions_window_seconds: float = 3_600.0
    """Window of :attr:`ip_sessions`."""


@dataclass(frozen=True)
class WebSettings:
    """Everything ``create_app`` needs besides the store and the model factory."""

    studies: tuple[Study, ...] = ()
    """Studies respondents may start; researchers can read every study in the store."""
    researcher_keys: tuple[str, ...] = ()
    """API keys accepted on researcher endpoints (``X-API-Key``); none configured disables them."""
    allowed_origins: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Per study id, the web origins (``https://shop.example``) whose pages may embed the widget;
    the key ``"*"`` applies to every study. The server's own origin is always allowed."""
    invite_only: bool = False
    """Require an invite token to start any session (no open widget on public pages)."""
    limits: Limits = field(default_factory=Limits)
    """Sizes and rates."""
    stale_after_seconds: float = 180.0
    """A message left unanswered this long is taken to be orphaned by a crashed worker and is
    answered by the next request; keep it above the model's worst-case turn time."""
    worker_threads: int = 64
    """Blocking work (database, moderator, model calls) runs on at most this many threads."""
    public_url: str | None = None
    """Base URL for invite links (``https://interviews.example``); else the request's own URL."""
    fingerprint_salt: str | None = None
    """Secret salt for the device hash of repeat respondents (``quality/fingerprint.py``);
    ``None`` stores no device hash at all. ``serve`` reads ``$INTERVIEWER_FINGERPRINT_SALT``."""
    allowed_hosts: tuple[str, ...] = ()
    """Host names (no port) requests may be addressed to; empty accepts any. ``serve`` pins them
    (the bound loopback names, ``--public-url``'s host, ``--allow-host``) so a page on another
    name that resolves here (DNS rebinding) cannot pass the same-origin check."""

    def study(self, study_id: str) -> Study | None:
        """The served study with this id, if any."""
        return next((s for s in self.studies if s.id == study_id), None)

    def origins_for(self, study_id: str) -> tuple[str, ...]:
        """Origins allowed to embed ``study_id``."""
        return (*self.allowed_origins.get(ANY_STUDY, ()), *self.allowed_origins.get(study_id, ()))
