"""The network-facing :class:`ChatModel`: any LangChain chat model, with retries and clear errors.

Retries live here rather than in the provider SDK (``load_model`` builds clients with
``max_retries=0``) so there is one policy for every provider and for both ways a call can fail:
the request itself (HTTP 429/5xx, timeout, refused connection) and the stream breaking before
its first token. Counting attempts in one place also keeps the total wait bounded and
predictable: at most ``max_retries + 1`` requests per call, never SDK retries times ours.

A stream that breaks after text was already yielded is not retried: the caller has shown that
text, and a retry would produce a different reply. It raises :class:`ModelError`, and callers
treat only a completed call's text as the reply.
"""

from __future__ import annotations

import enum
import json
import logging
import random
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage
from langchain_openai.chat_models.base import BaseChatOpenAI
from pydantic import ValidationError

from interviewer.llm.base import ChatModel, Message, ModelError, ModelOutputError

log = logging.getLogger(__name__)

DEFAULT_CONTEXT_WINDOW = 128_000
"""Assumed when the model is not in :data:`CONTEXT_WINDOWS`."""

CONTEXT_WINDOWS: Mapping[str, int] = {
    # Keys are name prefixes; the longest matching prefix wins ("gpt-4o" over "gpt-4").
    "gpt-5": 400_000,
    "gpt-4.1": 1_047_576,
    "gpt-4o": 128_000,
    "gpt-4-turbo": 128_000,
    "gpt-4": 8_192,
    "gpt-3.5-turbo": 16_385,
    "o1-mini": 128_000,
    "o1": 200_000,
    "o3": 200_000,
    "o4-mini": 200_000,
    "claude": 200_000,
    "gemini": 1_048_576,
    "llama3.1": 128_000,
    "llama3.2": 128_000,
    "llama3.3": 128_000,
    "llama3": 8_192,
    "qwen2.5": 32_768,
    "mistral": 32_768,
    "gemma2": 8_192,
}
"""Context windows of well-known models. Local servers may serve a smaller window than the
model supports (Ollama's default ``num_ctx`` is a few thousand tokens); pass
``context_window=`` to :func:`interviewer.llm.load_model` to say what yours serves."""

OPENAI_JSON_MODE: Mapping[str, Any] = {"extra_body": {"response_format": {"type": "json_object"}}}
"""Call options for JSON mode on OpenAI and OpenAI-compatible servers.

The request body gets ``"response_format": {"type": "json_object"}`` either way; passing it
through ``extra_body`` rather than as ``response_format=`` keeps LangChain on its ordinary
streaming path. Its ``response_format`` path switches to the SDK's beta structured-output
stream, whose first use imports the SDK's whole beta API (~0.7 s) and which parses replies
client-side — neither of which JSON mode needs."""


def context_window_for(model: str) -> int:
    """Look ``model`` (without provider prefix) up in :data:`CONTEXT_WINDOWS`."""
    name = model.lower().rsplit("/", 1)[-1]
    matches = [prefix for prefix in CONTEXT_WINDOWS if name.startswith(prefix)]
    return CONTEXT_WINDOWS[max(matches, key=len)] if matches else DEFAULT_CONTEXT_WINDOW


class LangChainModel(ChatModel):
    """Adapts a LangChain ``BaseChatModel`` to :class:`ChatModel`.

    Build it with :func:`interviewer.llm.load_model`; construct it directly only around a chat
    model whose own retries are disabled, or the two retry loops multiply.
    """

    def __init__(
        self,
        chat_model: BaseChatModel,
        *,
        name: str,
        server: str,
        timeout: float | None = None,
        max_retries: int = 2,
        backoff: float = 0.5,
        max_backoff: float = 8.0,
        context_window: int | None = None,
        json_options: Mapping[str, Any] | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        """
        Args:
            chat_model: The LangChain model that talks to the provider.
            name: ``provider:model`` as shown to researchers, e.g. ``openai:gpt-4.1-mini``.
            server: Where requests go, for error messages (a base URL or a provider name).
            timeout: The client's per-request timeout in seconds, for error messages.
            max_retries: Extra attempts after a retryable failure (0 = try once).
            backoff: Seconds before the first retry; doubles on each further retry.
            max_backoff: Upper bound for one wait, including a server's ``Retry-After``.
            context_window: Tokens the model accepts; defaults to :func:`context_window_for`.
            json_options: Call options that switch on JSON mode; by default OpenAI's
                ``response_format`` for OpenAI-compatible models and none for others
                (the prompt asks for JSON and :meth:`complete_json` validates it).
            sleep: Waits between retries; tests pass a recorder.
        """
        if max_retries < 0:
            raise ValueError(f"max_retries must be 0 or more, got {max_retries}")
        self.chat_model = chat_model
        self.name = name
        self.server = server
        self.timeout = timeout
        self.max_retries = max_retries
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.context_window = context_window or context_window_for(name.split(":", 1)[-1])
        if json_options is None:
            json_options = OPENAI_JSON_MODE if isinstance(chat_model, BaseChatOpenAI) else {}
        self.json_options = dict(json_options)
        self._sleep = sleep

    def __repr__(self) -> str:
        return f"LangChainModel(name={self.name!r}, server={self.server!r})"

    def stream(self, messages: Sequence[Message], *, json_mode: bool = False) -> Iterator[str]:
        prompt = [_to_langchain(message) for message in messages]
        options = self.json_options if json_mode else {}
        attempt = 0
        while True:
            attempt += 1
            produced = 0
            chunks: Iterator[Any] | None = None
            try:
                chunks = self.chat_model.stream(prompt, **options)
                for chunk in chunks:
                    text = _text_of(chunk)
                    if text:
                        produced += len(text)
                        yield text
            except Exception as exc:
                failure = _classify(exc)
                if produced:
                    raise ModelError(
                        f"{self._who} stopped mid-reply after {produced} characters "
                        f"({failure.detail}). The partial reply was discarded; try again."
                    ) from exc
                if failure.retryable and attempt <= self.max_retries:
                    delay = self._delay(attempt, exc)
                    log.warning(
                        "%s: %s; retry %d of %d in %.2fs",
                        self.name,
                        failure.detail,
                        attempt,
                        self.max_retries,
                        delay,
                    )
                    self._sleep(delay)
                    continue
                raise self._error(failure, attempts=attempt) from exc
            finally:
                # Closing the provider's generator closes its HTTP response, so a caller
                # that stops reading early does not leave a connection streaming.
                close = getattr(chunks, "close", None)
                if close is not None:
                    close()
            if not produced:
                raise self._error(_Failure(_Kind.EMPTY, None, "no text"), attempts=attempt)
            return

    # ------------------------------------------------------------------ internals
    @property
    def _who(self) -> str:
        return f"model {self.name} at {self.server}"

    def _delay(self, attempt: int, exc: BaseException) -> float:
        """Honour the server's ``Retry-After``; otherwise exponential backoff with jitter."""
        requested = _retry_after(exc)
        if requested is not None:
            return min(max(requested, 0.0), self.max_backoff)
        base = min(self.backoff * 2 ** (attempt - 1), self.max_backoff)
        # Jitter spreads out retries from concurrent interviews hitting the same limit.
        return base * random.uniform(0.5, 1.0)

    def _error(self, failure: _Failure, *, attempts: int) -> ModelError:
        tries = f"{attempts} attempt{'s' if attempts != 1 else ''}"
        who = self._who
        match failure.kind:
            case _Kind.RATE_LIMITED:
                return ModelError(
                    f"{who} is rate-limiting requests (HTTP 429) after {tries}: "
                    f"{failure.detail}. Wait a minute and retry, or check the account's "
                    "rate limits and quota."
                )
            case _Kind.SERVER:
                return ModelError(
                    f"{who} failed with HTTP {failure.status} after {tries}: {failure.detail}. "
                    "The server may be overloaded or restarting; retry later or check its logs."
                )
            case _Kind.TIMEOUT:
                limit = f"within {self.timeout:g}s " if self.timeout else ""
                return ModelError(
                    f"{who} did not answer {limit}({tries}). A local model may still be loading "
                    "or be too slow for this machine: raise --timeout (INTERVIEWER_TIMEOUT) or "
                    "choose a smaller model."
                )
            case _Kind.CONNECTION:
                return ModelError(
                    f"The connection to {self.server} for {self.name} failed after {tries} "
                    f"({failure.detail}). Is the server running, and is the base URL right "
                    "(Ollama: http://localhost:11434/v1)?"
                )
            case _Kind.AUTH:
                return ModelError(
                    f"{who} rejected the API key (HTTP {failure.status}): {failure.detail}. "
                    "Set the key with --api-key or INTERVIEWER_API_KEY (OpenAI: OPENAI_API_KEY)."
                )
            case _Kind.NOT_FOUND:
                return ModelError(
                    f"{who} answered HTTP 404: {failure.detail}. Check the model name "
                    "(Ollama: `ollama pull NAME`) and that the base URL ends in /v1."
                )
            case _Kind.REJECTED:
                return ModelError(
                    f"{who} rejected the request (HTTP {failure.status}): {failure.detail}. "
                    "If the prompt is too long, configure a smaller context window."
                )
            case _Kind.GARBAGE:
                return ModelOutputError(
                    f"{who} sent a response that is not OpenAI-compatible JSON "
                    f"({failure.detail}). Check that the base URL points at an "
                    "OpenAI-compatible /v1 endpoint."
                )
            case _Kind.EMPTY:
                return ModelOutputError(
                    f"{who} returned an empty reply. Small local models sometimes do; "
                    "retry, or try a larger model."
                )
            case _:
                return ModelError(f"{who} failed: {failure.detail}")


# ---------------------------------------------------------------------- messages
def _to_langchain(message: Message) -> BaseMessage:
    if message.role == "system":
        return SystemMessage(content=message.content)
    if message.role == "assistant":
        return AIMessage(content=message.content)
    return HumanMessage(content=message.content)


def _text_of(chunk: Any) -> str:
    """Text of a LangChain message chunk; non-text content blocks are ignored."""
    text = getattr(chunk, "text", "")
    return str(text) if text else ""


# ------------------------------------------------------------- failure analysis
class _Kind(enum.Enum):
    RATE_LIMITED = "rate limited"
    SERVER = "server error"
    TIMEOUT = "timeout"
    CONNECTION = "connection failed"
    AUTH = "authentication"
    NOT_FOUND = "not found"
    REJECTED = "request rejected"
    GARBAGE = "unreadable response"
    EMPTY = "empty response"
    OTHER = "unexpected error"


_RETRYABLE = frozenset({_Kind.RATE_LIMITED, _Kind.SERVER, _Kind.TIMEOUT, _Kind.CONNECTION})


@dataclass(frozen=True)
class _Failure:
    kind: _Kind
    """What went wrong, as far as the exception chain tells."""
    status: int | None
    """HTTP status, when the server answered with one."""
    detail: str
    """The provider's own message, for the researcher's error text."""

    @property
    def retryable(self) -> bool:
        return self.kind in _RETRYABLE


def _chain(exc: BaseException) -> Iterator[BaseException]:
    """``exc`` and its causes: LangChain wraps SDK errors, which wrap transport errors."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def _status_of(exc: BaseException) -> int | None:
    for error in _chain(exc):
        status = getattr(error, "status_code", None)
        if isinstance(status, int):
            return status
        response_status = getattr(getattr(error, "response", None), "status_code", None)
        if isinstance(response_status, int):
            return response_status
    return None


def _detail(exc: BaseException) -> str:
    message = str(getattr(exc, "message", "") or exc).strip().rstrip(".") or type(exc).__name__
    return message if len(message) <= 300 else message[:297] + "..."


# Class names (anywhere in an exception's MRO) that mean "try again", shared by the openai
# SDK, httpx/httpx2/httpcore, the standard library and LangChain's own Model*Error classes.
# Names rather than imports keep this provider-agnostic and free of optional imports.
_TIMEOUT_CLASSES = frozenset(
    {"TimeoutError", "TimeoutException", "APITimeoutError", "ModelTimeoutError"}
)
_CONNECTION_CLASSES = frozenset(
    {"ConnectionError", "TransportError", "APIConnectionError", "ModelConnectionError"}
)


def _classify(exc: BaseException) -> _Failure:
    """Sort an exception from any provider into a :class:`_Kind`."""
    detail = _detail(exc)
    status = _status_of(exc)
    if status == 429:
        return _Failure(_Kind.RATE_LIMITED, status, detail)
    if status == 408:
        return _Failure(_Kind.TIMEOUT, status, detail)
    if status is not None and (status == 409 or status >= 500):
        return _Failure(_Kind.SERVER, status, detail)
    if status in (401, 403):
        return _Failure(_Kind.AUTH, status, detail)
    if status == 404:
        return _Failure(_Kind.NOT_FOUND, status, detail)
    if status is not None and 400 <= status < 500:
        return _Failure(_Kind.REJECTED, status, detail)

    chain = list(_chain(exc))
    classes = {cls.__name__ for error in chain for cls in type(error).__mro__}
    # Timeouts first: the openai SDK's APITimeoutError subclasses APIConnectionError.
    if classes & _TIMEOUT_CLASSES:
        return _Failure(_Kind.TIMEOUT, None, detail)
    if classes & _CONNECTION_CLASSES:
        # The innermost error says what happened ("peer closed connection..."); the SDK's
        # wrapper only says "Connection error.".
        return _Failure(_Kind.CONNECTION, None, _detail(chain[-1]))
    if any(isinstance(error, json.JSONDecodeError | ValidationError) for error in chain):
        return _Failure(_Kind.GARBAGE, None, detail)
    if "No generation chunks were returned" in detail:
        return _Failure(_Kind.EMPTY, None, detail)
    return _Failure(_Kind.OTHER, None, f"{type(exc).__name__}: {detail}")


def _retry_after(exc: BaseException) -> float | None:
    """Seconds the server asked us to wait (``Retry-After`` / ``retry-after-ms``), if any."""
    for error in _chain(exc):
        headers = getattr(getattr(error, "response", None), "headers", None)
        if headers is None:
            continue
        for header, scale in (("retry-after-ms", 0.001), ("retry-after", 1.0)):
            value = headers.get(header)
            if value is None:
                continue
            try:
                return float(value) * scale
            except ValueError:
                continue  # an HTTP date; rare for APIs, fall back to our own backoff
    return None
