"""The answer box: an ``Input`` that also notes how the answer was written.

What it keeps per answer is what the web widget keeps (``quality/telemetry.py``): when writing
started, how many pastes and how many characters they brought. Never the keys pressed or what
was pasted — only its length — and nothing at all once the answer is sent.
"""

from __future__ import annotations

import time

from textual import events
from textual.widgets import Input

from interviewer.quality.telemetry import AnswerTelemetry


class AnswerInput(Input):
    """``Input`` with per-answer telemetry (:meth:`take_telemetry` when sending)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._started: float | None = None
        self._pastes = 0
        self._pasted_chars = 0

    def _on_paste(self, event: events.Paste) -> None:
        if event.text:
            self._begin()
            self._pastes += 1
            # Input keeps only the first line of a paste; count what actually arrived.
            self._pasted_chars += len(event.text.splitlines()[0]) if event.text.strip() else 0
        # No super() call: Textual runs Input's own handler after this one (it walks the MRO).

    async def _on_key(self, event: events.Key) -> None:
        if event.is_printable:  # only *that* a key was typed, for the start time; never which
            self._begin()

    def watch_value(self, value: str) -> None:
        if not value:  # cleared (sent, or deleted by hand): the next answer starts afresh
            self._started, self._pastes, self._pasted_chars = None, 0, 0

    def _begin(self) -> None:
        if self._started is None:
            self._started = time.monotonic()

    def take_telemetry(self, text: str) -> AnswerTelemetry:
        """The counts of the answer being sent; the box starts a new answer afterwards."""
        elapsed = 0 if self._started is None else time.monotonic() - self._started
        telemetry = AnswerTelemetry(
            typing_ms=min(int(elapsed * 1000), 6 * 3600 * 1000),
            pastes=self._pastes,
            pasted_chars=min(self._pasted_chars, len(text)),
        )
        self._started, self._pastes, self._pasted_chars = None, 0, 0
        return telemetry
