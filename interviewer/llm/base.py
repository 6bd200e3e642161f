"""The one seam between interviewer and any language model.

Everything that needs a model — the llm moderator engine, the LLM depth judge, synthesis —
receives a :class:`ChatModel`. Only ``langchain.py`` in this folder touches the network;
``scripted.py`` ships a deterministic double for tests and demos.
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Literal, TypeVar

from pydantic import BaseModel, ValidationError

Role = Literal["system", "user", "assistant"]
Schema = TypeVar("Schema", bound=BaseModel)


@dataclass(frozen=True)
class Message:
    role: Role
    content: str


class ModelError(RuntimeError):
    """The model could not answer (network, HTTP 429/5xx after retries, timeout).

    Callers fall back to the offline engine for that turn; the message says what failed.
    """


class ModelOutputError(ModelError):
    """The model answered, but not in the shape asked for (bad JSON, schema mismatch, empty)."""


class ChatModel(ABC):
    """A chat model. Subclasses implement :meth:`stream`; everything else builds on it."""

    name: str = "model"
    """Shown to researchers, stored on sessions and turns (e.g. ``openai:gpt-4.1-mini``)."""
    context_window: int = 128_000
    """Tokens the model accepts; synthesis packs its chunks to fit."""

    @abstractmethod
    def stream(self, messages: Sequence[Message], *, json_mode: bool = False) -> Iterator[str]:
        """Yield the reply's text in chunks. Raise :class:`ModelError` when it cannot."""

    def complete(self, messages: Sequence[Message], *, json_mode: bool = False) -> str:
        return "".join(self.stream(messages, json_mode=json_mode))

    def complete_json(self, messages: Sequence[Message], schema: type[Schema]) -> Schema:
        """Ask for a JSON object and validate it against ``schema``."""
        text = self.complete(messages, json_mode=True)
        try:
            return schema.model_validate_json(_strip_fences(text))
        except (ValidationError, json.JSONDecodeError, ValueError) as exc:
            raise ModelOutputError(
                f"{self.name} returned output that is not a valid {schema.__name__}: {text[:200]!r}"
            ) from exc


def _strip_fences(text: str) -> str:
    """Models often wrap JSON in ```json fences even in JSON mode; accept that."""
    stripped = text.strip()
    if stripped.startswith("```"):
        stripped = stripped.split("\n", 1)[1] if "\n" in stripped else ""
        stripped = stripped.rsplit("```", 1)[0]
    return stripped.strip()
