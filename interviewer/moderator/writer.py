"""The writer seam: turns a decided :class:`Plan` into words (offline or with a model)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from interviewer.interview import TokenSink, Usage
from interviewer.moderator.plan import Plan


@dataclass(frozen=True)
class Written:
    """A phrased turn."""

    text: str
    engine: str
    """``offline``, ``llm:<model>``, or ``offline (fallback: <why>)``."""
    usage: Usage = field(default_factory=Usage)
    phrasing: str | None = None
    """Key of the template wording used, recorded so it is not repeated in the interview."""


class Writer(Protocol):
    """Phrases plans. ``on_token`` receives the text as it streams; the returned text is final."""

    name: str

    def write(self, plan: Plan, on_token: TokenSink | None = None) -> Written: ...
