"""Separating the server's own time from the model's, so overhead can be measured per turn.

Each turn is answered on one worker thread, so a thread-local stopwatch sees exactly the model
time of the turn on that thread. Only time inside the model's iterator counts (waiting for the
next chunk), not the moderator's work between chunks.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from interviewer.llm.base import NO_LIMITS, ChatModel, Limits, Message


class ModelClock(threading.local):
    """Seconds spent waiting for a model on the current thread since :meth:`reset`."""

    seconds: float = 0.0

    def reset(self) -> None:
        self.seconds = 0.0


MODEL_CLOCK = ModelClock()


class TimedModel(ChatModel):
    """Wraps a model and adds the time spent waiting for it to :data:`MODEL_CLOCK`."""

    def __init__(self, inner: ChatModel) -> None:
        self.inner = inner
        self.name = inner.name
        self.context_window = inner.context_window

    def stream(
        self, messages: Sequence[Message], *, json_mode: bool = False, limits: Limits = NO_LIMITS
    ) -> Iterator[str]:
        started = time.perf_counter()
        try:
            chunks = self.inner.stream(messages, json_mode=json_mode, limits=limits)
        finally:
            MODEL_CLOCK.seconds += time.perf_counter() - started
        while True:
            started = time.perf_counter()
            try:
                chunk = next(chunks)
            except StopIteration:
                return
            finally:
                MODEL_CLOCK.seconds += time.perf_counter() - started
            yield chunk


@dataclass
class Stopwatch:
    """Wall time of one request handler, minus the model time recorded on worker threads."""

    started: float = field(default_factory=time.perf_counter)
    model_seconds: float = 0.0

    def server_ms(self) -> float:
        return round((time.perf_counter() - self.started - self.model_seconds) * 1000, 3)

    def model_ms(self) -> float:
        return round(self.model_seconds * 1000, 3)

    def header(self) -> str:
        """A ``Server-Timing`` header value (shown in browsers' network panels)."""
        return f"app;dur={self.server_ms()}, model;dur={self.model_ms()}"
