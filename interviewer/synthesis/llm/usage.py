"""Token accounting and cost estimates for the LLM synthesis engine.

:class:`ChatModel` reports text, not usage, so :class:`MeteredModel` wraps any model and counts
each call the way OpenAI bills it: the prompt with ``count_messages`` and the reply with
``count_tokens`` (tiktoken's cl100k vocabulary; an estimate for other model families). Calls are
attributed to the pipeline stage running at the time, so a report can say where tokens went.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager

from interviewer.llm.base import NO_LIMITS, ChatModel, Limits, Message
from interviewer.llm.tokens import count_messages, count_tokens
from interviewer.report.model import TokenUsage

PRICES_PER_MILLION: Mapping[str, tuple[float, float]] = {
    # (input, output) US dollars per million tokens, list prices in 2025. Keys are name
    # prefixes; the longest match wins. Local models (Ollama, vLLM…) are unknown: no estimate.
    "gpt-5-nano": (0.05, 0.40),
    "gpt-5-mini": (0.25, 2.00),
    "gpt-5": (1.25, 10.00),
    "gpt-4.1-nano": (0.10, 0.40),
    "gpt-4.1-mini": (0.40, 1.60),
    "gpt-4.1": (2.00, 8.00),
    "gpt-4o-mini": (0.15, 0.60),
    "gpt-4o": (2.50, 10.00),
    "o4-mini": (1.10, 4.40),
    "o3": (2.00, 8.00),
    "claude-haiku-4": (1.00, 5.00),
    "claude-3-5-haiku": (0.80, 4.00),
    "claude-sonnet-4": (3.00, 15.00),
    "claude-opus-4": (15.00, 75.00),
}


def price_for(model_name: str) -> tuple[float, float] | None:
    """(input, output) dollars per million tokens for ``provider:model``, if known."""
    name = model_name.split(":", 1)[-1].lower().rsplit("/", 1)[-1]
    matches = [prefix for prefix in PRICES_PER_MILLION if name.startswith(prefix)]
    return PRICES_PER_MILLION[max(matches, key=len)] if matches else None


class MeteredModel(ChatModel):
    """Delegates to ``inner`` and counts calls and tokens per stage."""

    def __init__(self, inner: ChatModel) -> None:
        self.inner = inner
        self.name = inner.name
        self.calls: Counter[str] = Counter()
        self.prompt_tokens: Counter[str] = Counter()
        self.completion_tokens: Counter[str] = Counter()
        self._stage = "other"

    @property
    def context_window(self) -> int:
        """The inner model's, read live: a server may correct it mid-run (see coding.py)."""
        return self.inner.context_window

    @context_window.setter
    def context_window(self, value: int) -> None:
        self.inner.context_window = value

    @property
    def context_source(self) -> str:
        """Where the window figure came from (empty when the model does not say)."""
        return str(getattr(self.inner, "context_source", ""))

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        """Attribute calls made inside the block to ``name`` (``coding``, ``themes``…)."""
        previous, self._stage = self._stage, name
        try:
            yield
        finally:
            self._stage = previous

    def stream(
        self, messages: Sequence[Message], *, json_mode: bool = False, limits: Limits = NO_LIMITS
    ) -> Iterator[str]:
        stage = self._stage
        self.calls[stage] += 1
        self.prompt_tokens[stage] += count_messages(messages)
        received: list[str] = []
        try:
            for chunk in self.inner.stream(messages, json_mode=json_mode, limits=limits):
                received.append(chunk)
                yield chunk
        finally:
            # A failed call was still billed for whatever the server sent.
            self.completion_tokens[stage] += count_tokens("".join(received))

    def usage(self) -> TokenUsage:
        prompt = sum(self.prompt_tokens.values())
        completion = sum(self.completion_tokens.values())
        price = price_for(self.name)
        cost = None if price is None else (prompt * price[0] + completion * price[1]) / 1e6
        stages = sorted(set(self.prompt_tokens) | set(self.completion_tokens))
        return TokenUsage(
            calls=sum(self.calls.values()),
            prompt_tokens=prompt,
            completion_tokens=completion,
            estimated_cost_usd=None if cost is None else round(cost, 4),
            by_stage={s: self.prompt_tokens[s] + self.completion_tokens[s] for s in stages},
        )
