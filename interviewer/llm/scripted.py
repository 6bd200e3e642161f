"""A deterministic :class:`ChatModel` for tests, demos and offline benchmarks.

    model = ScriptedModel(['{"score": 4}', ModelError("server down"), lambda msgs: "ok"])

Each call takes the next scripted response. Running out is a bug in the test, so it raises
:class:`ScriptExhaustedError` — deliberately *not* a :class:`ModelError`, which callers catch
to fall back to the offline engine and would otherwise hide the mistake.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence

from interviewer.errors import InterviewerError
from interviewer.llm.base import NO_LIMITS, ChatModel, Limits, Message

ScriptedResponse = str | BaseException | Callable[[list[Message]], str]
"""A reply text, an exception to raise, or a function computing the reply from the messages."""

_WORDISH = re.compile(r"\S+\s*|\s+")


class ScriptExhaustedError(InterviewerError, AssertionError):
    """The code under test made more model calls than the test scripted."""


class ScriptedModel(ChatModel):
    """Plays back scripted responses in order and records every call."""

    def __init__(
        self,
        responses: Iterable[ScriptedResponse] = (),
        *,
        default: ScriptedResponse | None = None,
        name: str = "scripted",
        context_window: int = 128_000,
    ) -> None:
        """
        Args:
            responses: Played back one per call, in order.
            default: Used for every call after ``responses`` run out; without it, running
                out raises :class:`ScriptExhaustedError`.
            name: Reported as :attr:`ChatModel.name` (stored on sessions like a real model's).
            context_window: Reported as :attr:`ChatModel.context_window`.
        """
        self._script: deque[ScriptedResponse] = deque(responses)
        self._scripted = len(self._script)
        self.default = default
        self.name = name
        self.context_window = context_window
        self.calls: list[list[Message]] = []
        """The messages of every call, in call order."""
        self.json_modes: list[bool] = []
        """Whether each call (same index as :attr:`calls`) asked for JSON mode."""
        self.limits: list[Limits] = []
        """The reply limits of each call (same index as :attr:`calls`)."""

    def __repr__(self) -> str:
        return f"ScriptedModel(name={self.name!r}, remaining={self.remaining})"

    @property
    def remaining(self) -> int:
        """Scripted responses not yet used (the default does not count)."""
        return len(self._script)

    def stream(
        self, messages: Sequence[Message], *, json_mode: bool = False, limits: Limits = NO_LIMITS
    ) -> Iterator[str]:
        # Record and pick the response at call time, not on first iteration, so ``calls``
        # is accurate even for a caller that never reads the stream.
        self.calls.append(list(messages))
        self.json_modes.append(json_mode)
        self.limits.append(limits)
        if self._script:
            response = self._script.popleft()
        elif self.default is not None:
            response = self.default
        else:
            raise ScriptExhaustedError(
                f"ScriptedModel {self.name!r} was called {len(self.calls)} times but only "
                f"{self._scripted} responses were scripted; add responses or pass default=. "
                f"Last call's final message: {_last_content(messages)!r}"
            )
        return self._play(response, list(messages))

    @staticmethod
    def _play(response: ScriptedResponse, messages: list[Message]) -> Iterator[str]:
        # Errors surface while iterating, as they do from a real streaming model.
        if isinstance(response, BaseException):
            raise response
        text = response if isinstance(response, str) else response(messages)
        yield from _WORDISH.findall(text)


def _last_content(messages: Sequence[Message]) -> str:
    return messages[-1].content[:120] if messages else ""
