"""What a client measures while the respondent writes one answer (never what they typed).

The widget and the terminal app send, with each message: how long the respondent spent
writing it, how many paste events happened and how many characters arrived by pasting. No
keystroke, no key timing and no clipboard content is ever recorded — only these counts, which
are stored with the respondent's turn (``turns.telemetry``) and read by the trust guard.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

MAX_TYPING_MS = 6 * 3600 * 1000
"""An answer written over more than six hours is capped there (a tab left open)."""


class AnswerTelemetry(BaseModel):
    """Per-answer counts a client reports; every field is bounded so junk is refused (422)."""

    model_config = ConfigDict(extra="forbid")

    typing_ms: int = Field(default=0, ge=0, le=MAX_TYPING_MS)
    """Milliseconds from the first change to the answer box until the answer was sent."""
    pastes: int = Field(default=0, ge=0, le=10_000)
    """Paste events into the answer box."""
    pasted_chars: int = Field(default=0, ge=0, le=1_000_000)
    """Characters that arrived by pasting (what was pasted is not recorded)."""

    def pasted_share(self, text: str) -> float:
        """Share of the sent answer that arrived by pasting (0..1)."""
        length = len(text.strip())
        if length == 0:
            return 0.0
        return min(1.0, self.pasted_chars / length)

    def typed_chars(self, text: str) -> int:
        """Characters of the answer that were typed rather than pasted."""
        return max(0, len(text.strip()) - self.pasted_chars)


def telemetry_of(raw: object) -> AnswerTelemetry | None:
    """A stored turn's telemetry JSON as a model (``None`` when the client sent none)."""
    if not isinstance(raw, dict):
        return None
    try:
        return AnswerTelemetry.model_validate(raw)
    except ValueError:  # a row written by a newer version: read what can be read, never fail
        return None
