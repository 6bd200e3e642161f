"""The one seam between interviewer and any language model.

Everything that needs a model — the llm moderator engine, the LLM depth judge, synthesis —
receives a :class:`ChatModel`. Only ``langchain.py`` in this folder touches the network;
``scripted.py`` ships a deterministic double for tests and demos.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ValidationError

from interviewer.errors import InterviewerError

Role = Literal["system", "user", "assistant"]
Schema = TypeVar("Schema", bound=BaseModel)


@dataclass(frozen=True)
class Message:
    role: Role
    content: str


@dataclass(frozen=True)
class Limits:
    """Per-call bounds on a reply, sent to the server with the request.

    Every caller sets ``max_tokens``: without it an OpenAI-compatible local server (llama.cpp,
    Ollama) may generate until its context is full, and a rambling small model then costs
    minutes per call.
    """

    max_tokens: int | None = None
    """Most tokens the reply may have (the server stops there)."""
    stop: tuple[str, ...] = ()
    """Strings that end the reply when the model writes them (not included in the text)."""
    json_schema: Mapping[str, Any] | None = field(default=None, compare=False)
    """The reply's JSON Schema, for servers that can constrain generation to it (llama.cpp's
    grammar); others ignore it and the caller validates the reply."""


NO_LIMITS = Limits()


class ModelError(InterviewerError, RuntimeError):
    """The model could not answer (network, HTTP 429/5xx after retries, timeout).

    Callers fall back to the offline engine for that turn; the message says what failed.
    """


class ContextOverflowError(ModelError):
    """The server refused the prompt as longer than its context window, which it named."""

    def __init__(self, message: str, window: int) -> None:
        super().__init__(message)
        self.window = window
        """The window the server says it has (the model's ``context_window`` is now this)."""


OutputProblem = Literal["empty", "not JSON", "wrong shape"]


class ModelOutputError(ModelError):
    """The model answered, but not in the shape asked for (bad JSON, schema mismatch, empty)."""

    def __init__(self, message: str, problem: OutputProblem = "wrong shape") -> None:
        super().__init__(message)
        self.problem: OutputProblem = problem
        """What was wrong, in words a report's notes can use."""


class ChatModel(ABC):
    """A chat model. Subclasses implement :meth:`stream`; everything else builds on it."""

    name: str = "model"
    """Shown to researchers, stored on sessions and turns (e.g. ``openai:gpt-4.1-mini``)."""
    context_window: int = 128_000
    """Tokens the model accepts (prompt and reply together); synthesis packs its chunks to fit."""

    @abstractmethod
    def stream(
        self, messages: Sequence[Message], *, json_mode: bool = False, limits: Limits = NO_LIMITS
    ) -> Iterator[str]:
        """Yield the reply's text in chunks. Raise :class:`ModelError` when it cannot."""

    def complete(
        self, messages: Sequence[Message], *, json_mode: bool = False, limits: Limits = NO_LIMITS
    ) -> str:
        return "".join(self.stream(messages, json_mode=json_mode, limits=limits))

    def complete_json(
        self,
        messages: Sequence[Message],
        schema: type[Schema],
        *,
        max_tokens: int | None = None,
        stop: Sequence[str] = (),
    ) -> Schema:
        """Ask for a JSON object and validate it against ``schema``.

        The schema also goes to the server (:attr:`Limits.json_schema`), which may constrain
        generation to it; the reply is validated here either way.
        """
        limits = Limits(max_tokens, tuple(stop), schema.model_json_schema())
        text = self.complete(messages, json_mode=True, limits=limits)
        return parse_json_reply(text, schema, model_name=self.name)


def parse_json_reply(text: str, schema: type[Schema], *, model_name: str = "the model") -> Schema:
    """``text`` as ``schema``, forgiving what small models get wrong on the way.

    Strict JSON first. Otherwise the object is repaired (``json-repair``: prose around it,
    a reply cut off at ``max_tokens``, single quotes, trailing commas), and a lone list — or
    the one list under a wrong key — is put under the schema's only list field. Anything
    still not valid raises :class:`ModelOutputError` saying which of the three problems it was.
    """
    stripped = _strip_fences(text)
    if not stripped:
        raise ModelOutputError(
            f"{model_name} returned an empty reply, not a valid {schema.__name__}", "empty"
        )
    try:
        return schema.model_validate_json(stripped)
    except (ValidationError, ValueError):
        pass
    import json_repair  # only needed for broken replies

    data = json_repair.loads(stripped)
    if not isinstance(data, dict | list) or not data:
        raise ModelOutputError(
            f"{model_name} returned output that is not a valid {schema.__name__} (not JSON): "
            f"{text[:200]!r}",
            "not JSON",
        )
    try:
        return schema.model_validate(_fit_keys(data, schema))
    except ValidationError as exc:
        raise ModelOutputError(
            f"{model_name} returned output that is not a valid {schema.__name__} (wrong keys or "
            f"values): {text[:200]!r}",
            "wrong shape",
        ) from exc


def _fit_keys(data: Any, schema: type[BaseModel]) -> Any:
    """Put a bare list, or a dict's one list under an unknown key, where ``schema`` wants it."""
    lists = [
        name
        for name, info in schema.model_fields.items()
        if getattr(info.annotation, "__origin__", None) is list
    ]
    if len(lists) != 1:
        return data
    wanted = lists[0]
    if isinstance(data, list):
        return {wanted: data}
    if isinstance(data, dict) and wanted not in data:
        others = [
            k for k, v in data.items() if isinstance(v, list) and k not in schema.model_fields
        ]
        if len(others) == 1:
            return {**data, wanted: data[others[0]]}
    return data


def _strip_fences(text: str) -> str:
    """Models often wrap JSON in ```json fences even in JSON mode; accept that."""
    stripped = text.strip()
    if stripped.startswith("```"):
        stripped = stripped.split("\n", 1)[1] if "\n" in stripped else ""
        stripped = stripped.rsplit("```", 1)[0]
    return stripped.strip()
