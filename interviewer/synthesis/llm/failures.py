"""What went wrong with a stage's model calls, in words a report can print.

Each LLM stage counts its calls and, for the failed ones, why they failed. When too many fail
the stage falls back to the offline engine, and its note says so in terms of the model, never
the data: "the model's replies to 3 of 3 coding chunks were not valid JSON".
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from interviewer.llm.base import ContextOverflowError, ModelError, ModelOutputError

_PROBLEMS = {
    "not JSON": "were not valid JSON",
    "empty": "were empty",
    "wrong shape": "were JSON with the wrong keys or values",
}


def describe(exc: ModelError) -> str:
    """Why one call failed, as a predicate for "the model's replies to N calls …"."""
    if isinstance(exc, ModelOutputError):
        return _PROBLEMS.get(exc.problem, "could not be read")
    if isinstance(exc, ContextOverflowError):
        return f"were refused as longer than the model's context window ({exc.window:,} tokens)"
    return f"failed ({first_line(exc)})"


def first_line(exc: ModelError) -> str:
    """The error's first line, shortened for a note."""
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text if len(text) <= 200 else text[:199] + "…"


@dataclass
class CallLog:
    """Calls of one stage and the reasons the failed ones failed."""

    what: str
    """The calls, plural, as in "coding chunks" or "theme-merge calls"."""
    calls: int = 0
    problems: Counter[str] = field(default_factory=Counter)

    def succeeded(self) -> None:
        self.calls += 1

    def failed(self, exc: ModelError) -> None:
        self.calls += 1
        self.problems[describe(exc)] += 1

    @property
    def failures(self) -> int:
        return sum(self.problems.values())

    def summary(self) -> str:
        """E.g. "the model's replies to 3 of 3 coding chunks were not valid JSON"."""
        if not self.problems:
            return f"the model answered all {self.calls} {self.what}"
        if len(self.problems) == 1:
            (reason,) = self.problems
            return f"the model's replies to {self.failures} of {self.calls} {self.what} {reason}"
        parts = ", ".join(f"{n} {reason}" for reason, n in self.problems.most_common())
        return f"the model's replies to {self.failures} of {self.calls} {self.what} failed: {parts}"
