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
import re
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage
from langchain_openai.chat_models.base import BaseChatOpenAI
from pydantic import ValidationError

from interviewer.llm.base import (
    NO_LIMITS,
    ChatModel,
    ContextOverflowError,
    Limits,
    Message,
    ModelError,
    ModelOutputError,
)

log = logging.getLogger(__name__)

DEFAULT_CONTEXT_WINDOW = 128_000
"""Assumed for a hosted provider's model that is not in :data:`CONTEXT_WINDOWS`."""
LOCAL_CONTEXT_WINDOW = 4_096
"""Assumed for a self-hosted OpenAI-compatible server that does not say what it serves: local
servers serve far less than the model was trained on (llama.cpp and Ollama default to a few
thousand tokens), and too small a guess only costs extra calls, too large a guess every call."""
PROBE_TIMEOUT = 3.0
"""Seconds each read-only probe of a local server may take (``/v1/models``, ``/props``)."""

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


@dataclass(frozen=True)
class ServerInfo:
    """What an OpenAI-compatible server says about itself (see :func:`probe_server`)."""

    context_window: int | None = None
    """Tokens it serves per request (prompt and reply), when it says."""
    source: str = ""
    """Where ``context_window`` came from, for the report's methodology."""
    json_schema: bool = False
    """It constrains JSON-mode replies to ``response_format.schema`` (llama.cpp's grammar)."""


def probe_server(
    base_url: str, *, api_key: str | None = None, timeout: float = PROBE_TIMEOUT
) -> ServerInfo:
    """Ask a self-hosted server how large a context it serves; never raises.

    - llama.cpp's own server: ``GET /props`` → ``default_generation_settings.n_ctx`` (what it
      serves); its ``/v1/models`` also has ``meta.n_ctx_train`` (what the model was trained
      on — an upper bound, used only without ``/props``);
    - vLLM: ``/v1/models`` → ``max_model_len``;
    - llama-cpp-python's server (``python -m llama_cpp.server``) does not publish its
      ``n_ctx``: it is recognised by its model list, and the window is learnt from its first
      "exceeds context window" error (:func:`context_limit_in`).
    """
    import httpx  # the openai SDK's transport; imported here so only probing pays for it

    headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
    base = base_url.rstrip("/")
    root = base[: -len("/v1")] if base.endswith("/v1") else base

    def get(url: str) -> Any:
        try:
            response = httpx.get(url, headers=headers, timeout=timeout)
            return response.json() if response.status_code == 200 else None
        except (httpx.HTTPError, ValueError):
            return None

    models = get(f"{base}/models")
    entries = models.get("data") if isinstance(models, dict) else None
    first = (
        entries[0] if isinstance(entries, list) and entries and isinstance(entries[0], dict) else {}
    )
    owner = first.get("owned_by")
    llama_cpp = owner == "llamacpp"
    llama_cpp_python = owner == "me" and "permissions" in first
    props = get(f"{root}/props") if not llama_cpp_python else None
    if isinstance(props, dict):
        settings = props.get("default_generation_settings")
        n_ctx = settings.get("n_ctx") if isinstance(settings, dict) else props.get("n_ctx")
        if isinstance(n_ctx, int) and n_ctx > 0:
            return ServerInfo(n_ctx, "the server's /props (n_ctx)", json_schema=True)
    if isinstance(first.get("max_model_len"), int):
        return ServerInfo(first["max_model_len"], "the server's /v1/models (max_model_len)")
    meta = first.get("meta")
    if isinstance(meta, dict) and isinstance(meta.get("n_ctx_train"), int):
        return ServerInfo(meta["n_ctx_train"], "the server's /v1/models (n_ctx_train)", True)
    return ServerInfo(json_schema=llama_cpp or llama_cpp_python)


_CONTEXT_LIMIT = re.compile(
    r"maximum context length is (\d+)|context window of (\d+)|\bn_ctx\b\D{0,5}(\d+)", re.I
)


def context_limit_in(text: str) -> int | None:
    """The context window a server names in its "prompt too long" error, if it names one.

    llama-cpp-python: "Requested tokens (6423) exceed context window of 4096"; vLLM, OpenAI and
    llama-cpp-python's formatted errors: "This model's maximum context length is 4096 tokens";
    llama.cpp's server: ``"n_ctx": 4096`` in the error body.
    """
    match = _CONTEXT_LIMIT.search(text)
    if match is None:
        return None
    return int(next(group for group in match.groups() if group))


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
        self_hosted: str | None = None,
        api_key: str | None = None,
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
            context_window: Tokens the model accepts, as configured (``--context-window``).
                A self-hosted server's own figure wins over it (:func:`probe_server`); for
                hosted providers it wins over :func:`context_window_for`.
            json_options: Call options that switch on JSON mode; by default OpenAI's
                ``response_format`` for OpenAI-compatible models and none for others
                (the prompt asks for JSON and :meth:`complete_json` validates it).
            sleep: Waits between retries; tests pass a recorder.
            self_hosted: Base URL of a self-hosted OpenAI-compatible server (llama.cpp,
                Ollama, vLLM…): it is asked for its context window, and replies are capped
                with the ``max_tokens`` those servers read.
            api_key: Sent with the probe of a self-hosted server.
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
        self.self_hosted = self_hosted
        self._api_key = api_key
        self._configured_window = context_window
        self._window: int | None = None
        self.context_source = ""
        """Where :attr:`context_window` came from, in words for the report's methodology."""
        self._server: ServerInfo | None = None
        bare = name.split(":", 1)[-1].lower()
        # OpenAI's reasoning models reject `stop` and spend max_completion_tokens on hidden
        # reasoning first; their windows are huge, so their replies are left uncapped.
        self._reasoning = self_hosted is None and re.match(r"^(o\d|gpt-5)", bare) is not None
        if json_options is None:
            json_options = OPENAI_JSON_MODE if isinstance(chat_model, BaseChatOpenAI) else {}
        self.json_options = dict(json_options)
        self._sleep = sleep

    def __repr__(self) -> str:
        return f"LangChainModel(name={self.name!r}, server={self.server!r})"

    # ------------------------------------------------------------ context window
    @property
    def context_window(self) -> int:
        """Tokens per request, resolved on first use: a self-hosted server's own figure, else
        the configured one, else the table (hosted) or :data:`LOCAL_CONTEXT_WINDOW` (local)."""
        if self._window is None:
            self._window, self.context_source = self._resolve_window()
        return self._window

    @context_window.setter
    def context_window(self, value: int) -> None:
        self._configured_window = value
        self._window = None

    @property
    def server_info(self) -> ServerInfo:
        """What the self-hosted server says about itself (probed once; empty for hosted APIs)."""
        if self._server is None:
            self._server = (
                probe_server(self.self_hosted, api_key=self._api_key)
                if self.self_hosted
                else ServerInfo()
            )
        return self._server

    def _resolve_window(self) -> tuple[int, str]:
        configured = self._configured_window
        if self.self_hosted:
            info = self.server_info
            if info.context_window:
                return info.context_window, info.source
            if configured:
                return configured, "the --context-window setting"
            return LOCAL_CONTEXT_WINDOW, (
                "a safe default for a local server that does not say what it serves "
                "(--context-window changes it)"
            )
        if configured:
            return configured, "the --context-window setting"
        bare = self.name.split(":", 1)[-1]
        return context_window_for(bare), "the built-in table of model context windows"

    def _learn_window(self, window: int) -> None:
        """The server named its window in an error: use it from now on."""
        self._window, self.context_source = window, "the server's own error message"

    # --------------------------------------------------------------------- calls
    def _call_options(self, json_mode: bool, limits: Limits) -> dict[str, Any]:
        """Keyword arguments for LangChain's ``stream``: JSON mode, reply cap, stop strings."""
        options = dict(self.json_options) if json_mode else {}
        extra_body = dict(options.pop("extra_body", None) or {})
        openai_compatible = isinstance(self.chat_model, BaseChatOpenAI)
        schema = limits.json_schema if json_mode and self.self_hosted else None
        if schema is not None and self.server_info.json_schema:
            # llama.cpp turns the schema into a grammar: a small model then cannot produce
            # anything but an object of the right shape.
            extra_body["response_format"] = {"type": "json_object", "schema": dict(schema)}
        if limits.max_tokens is not None and not self._reasoning:
            options["max_tokens"] = limits.max_tokens
            if openai_compatible and self.self_hosted:
                # LangChain renames max_tokens to OpenAI's newer max_completion_tokens, which
                # llama-cpp-python ignores; self-hosted servers get the classic name too.
                extra_body["max_tokens"] = limits.max_tokens
        if limits.stop and not self._reasoning:
            options["stop"] = list(limits.stop)
        if extra_body:
            options["extra_body"] = extra_body
        return options

    def stream(
        self, messages: Sequence[Message], *, json_mode: bool = False, limits: Limits = NO_LIMITS
    ) -> Iterator[str]:
        prompt = [_to_langchain(message) for message in messages]
        options = self._call_options(json_mode, limits)
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
                window = context_limit_in(failure.detail + " " + _body_of(exc))
                if failure.kind is _Kind.REJECTED and window is not None:
                    self._learn_window(window)
                    raise ContextOverflowError(
                        f"{self._who} refused a prompt longer than its context window of "
                        f"{window:,} tokens: {failure.detail}",
                        window,
                    ) from exc
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
                    "OpenAI-compatible /v1 endpoint.",
                    "not JSON",
                )
            case _Kind.EMPTY:
                return ModelOutputError(
                    f"{who} returned an empty reply. Small local models sometimes do; "
                    "retry, or try a larger model.",
                    "empty",
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


def _body_of(exc: BaseException) -> str:
    """The error body the server sent (the openai SDK keeps it as ``body``), as text."""
    for error in _chain(exc):
        body = getattr(error, "body", None)
        if body:
            return json.dumps(body) if isinstance(body, dict | list) else str(body)
    return ""


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
