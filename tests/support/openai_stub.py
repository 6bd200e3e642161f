"""A local OpenAI-compatible chat server for tests and benchmarks.

Real clients (LangChain → openai SDK → HTTP) talk to it on 127.0.0.1, so tests exercise the same
code path users run against OpenAI, Ollama or vLLM — without a network or a model. Replies are
scripted, faults are injected per request, and every request body is recorded for assertions.

Used by pytest fixtures (tests/support/llm_fixtures.py) and by benchmarks, so this module must
not import pytest.

    with OpenAIStub() as stub:
        stub.script("Hello there.", Fault.RATE_LIMIT, "Second reply.")
        model = load_model("openai:stub-model", base_url=stub.url, api_key="x")
"""

from __future__ import annotations

import asyncio
import enum
import json
import re
import threading
import time
from collections import deque
from collections.abc import AsyncIterator, Callable
from types import TracebackType
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response, StreamingResponse

from interviewer.llm.tokens import count_tokens
from tests.support.live_server import LiveServer

Responder = Callable[[dict[str, Any]], str]
"""Computes a reply from the request JSON (e.g. echo the last user message)."""


class Fault(enum.Enum):
    """One misbehaviour, consumed by exactly one request (see :meth:`OpenAIStub.script`)."""

    RATE_LIMIT = "429"
    """HTTP 429 with ``Retry-After: 0`` and an OpenAI-style error body."""
    SERVER_ERROR = "500"
    """HTTP 500 with an OpenAI-style error body."""
    UNAVAILABLE = "503"
    """HTTP 503, as a proxy in front of a restarting server would answer."""
    SLOW = "slow"
    """Wait :attr:`OpenAIStub.slow_seconds` before answering (longer than the client timeout)."""
    GARBAGE = "garbage"
    """HTTP 200 whose body is not JSON (streaming: an SSE event whose data is not JSON)."""
    TRUNCATE = "truncate"
    """Send part of the reply, then drop the connection without finishing the body."""
    DROP = "drop"
    """Send the response headers, then drop the connection before any content."""
    UNAUTHORIZED = "401"
    """HTTP 401, as OpenAI answers a wrong API key."""
    EMPTY = "empty"
    """A well-formed reply whose content is the empty string."""


Scripted = str | Fault
"""One entry of the reply queue: a reply text, or a fault for that request."""

DEFAULT_REPLY = "This is the stub model's default reply."


class _DropConnection(Exception):
    """Raised inside a streaming body so uvicorn aborts the connection mid-response."""


class OpenAIStub:
    """``POST /v1/chat/completions`` and ``GET /v1/models`` on a free port of 127.0.0.1.

    Each chat request takes the next entry from the queue filled by :meth:`script`; when the
    queue is empty the :attr:`responder` (if set) or :attr:`default_reply` answers.
    Thread-safe: the server runs in a background thread, tests script it from the main one.
    """

    def __init__(
        self,
        *,
        token_latency: float = 0.0,
        slow_seconds: float = 5.0,
        default_reply: str = DEFAULT_REPLY,
    ) -> None:
        self.token_latency = token_latency
        """Seconds to wait before each streamed chunk (benchmarks simulate model speed)."""
        self.slow_seconds = slow_seconds
        """How long a :attr:`Fault.SLOW` request stalls before its headers are sent."""
        self.default_reply = default_reply
        """Reply when the queue is empty and no :attr:`responder` is set."""
        self.responder: Responder | None = None
        """Computes replies from the request JSON when the queue is empty."""
        self.requests: list[dict[str, Any]] = []
        """Every chat-completion request body received, in arrival order."""
        self.headers: list[dict[str, str]] = []
        """The HTTP headers of each request in :attr:`requests` (same index)."""
        self.n_ctx: int | None = None
        """A context window to enforce: a prompt (cl100k tokens) plus ``max_tokens`` beyond it
        is refused with HTTP 400 and llama-cpp-python's error text, which names the window."""
        self.publishes: str | None = None
        """How the stub tells its ``n_ctx``: ``"props"`` (llama.cpp's ``/props``),
        ``"max_model_len"`` (vLLM's model list) or ``None`` (llama-cpp-python: not at all)."""
        self.owned_by = "stub"
        """``owned_by`` of the model list entry (``"llamacpp"``, llama-cpp-python's ``"me"``)."""
        self._options = (token_latency, slow_seconds, default_reply)
        self._queue: deque[Scripted] = deque()
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self.app = self._build_app()
        self._live = LiveServer(self.app, name="openai-stub", quiet=True)
        self._running = False

    # ----------------------------------------------------------------- scripting
    def script(self, *entries: Scripted) -> OpenAIStub:
        """Queue replies and faults; each request consumes one entry, in order."""
        with self._lock:
            self._queue.extend(entries)
        return self

    def reset(self) -> None:
        """Forget queued entries and recorded requests; restore the constructor's options."""
        with self._lock:
            self._queue.clear()
            self.requests.clear()
            self.headers.clear()
        self.responder = None
        self.token_latency, self.slow_seconds, self.default_reply = self._options
        self.n_ctx, self.publishes, self.owned_by = None, None, "stub"

    @property
    def pending(self) -> int:
        """Queued entries not yet consumed by a request."""
        with self._lock:
            return len(self._queue)

    @property
    def last_request(self) -> dict[str, Any]:
        """The most recent chat-completion request body."""
        with self._lock:
            if not self.requests:
                raise LookupError("the stub has not received any chat-completion request yet")
            return self.requests[-1]

    def _next(self, body: dict[str, Any], headers: dict[str, str]) -> Scripted:
        with self._lock:
            self.requests.append(body)
            self.headers.append(headers)
            if self._queue:
                return self._queue.popleft()
        if self.responder is not None:
            return self.responder(body)
        return self.default_reply

    # ------------------------------------------------------------------ lifecycle
    @property
    def port(self) -> int:
        if not self._running:
            raise RuntimeError("the stub is not running; call start() or use it as a context")
        return int(self._live.url.rsplit(":", 1)[1])

    @property
    def url(self) -> str:
        """Base URL for OpenAI clients, e.g. ``http://127.0.0.1:54321/v1``."""
        return f"http://127.0.0.1:{self.port}/v1"

    def start(self, ready_timeout: float = 10.0) -> OpenAIStub:
        """Serve on a free loopback port in a daemon thread; return once the server accepts."""
        if not self._running:
            self._stopping.clear()
            self._live.start(ready_timeout)
            self._running = True
        return self

    def stop(self) -> None:
        """Stop serving; stalled (``SLOW``) requests are cut short."""
        self._stopping.set()
        self._live.stop()
        self._running = False

    def __enter__(self) -> OpenAIStub:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # ---------------------------------------------------------------------- HTTP
    def _build_app(self) -> FastAPI:
        app = FastAPI(title="OpenAI stub")

        @app.get("/v1/models")
        async def models() -> dict[str, Any]:
            entry: dict[str, Any] = {
                "id": "stub-model",
                "object": "model",
                "created": 0,
                "owned_by": self.owned_by,
            }
            if self.owned_by == "me":
                entry["permissions"] = []
            if self.publishes == "max_model_len":
                entry["max_model_len"] = self.n_ctx
            return {"object": "list", "data": [entry]}

        @app.get("/props")
        async def props() -> Response:
            if self.publishes != "props":
                return _error(404, "File Not Found", "not_found")
            return JSONResponse({"default_generation_settings": {"n_ctx": self.n_ctx}})

        @app.post("/v1/chat/completions")
        async def chat_completions(request: Request) -> Response:
            body = await request.json()
            if self.n_ctx is not None:
                asked = _usage(body, "")["prompt_tokens"] + int(body.get("max_tokens") or 0)
                if asked > self.n_ctx:
                    with self._lock:
                        self.requests.append(body)
                        self.headers.append(dict(request.headers))
                    return _error(
                        400,
                        f"This model's maximum context length is {self.n_ctx} tokens. However, "
                        f"you requested {asked} tokens. Please reduce the length of the messages "
                        "or completion.",
                        "context_length_exceeded",
                    )
            entry = self._next(body, dict(request.headers))
            return await self._respond(body, entry)

        return app

    async def _respond(self, body: dict[str, Any], entry: Scripted) -> Response:
        streaming = bool(body.get("stream"))
        if entry is Fault.RATE_LIMIT:
            return _error(429, "Rate limit reached (stub).", "rate_limit_exceeded", retry_after=0)
        if entry is Fault.SERVER_ERROR:
            return _error(500, "The server had an error (stub).", "server_error")
        if entry is Fault.UNAVAILABLE:
            return _error(503, "The server is overloaded (stub).", "service_unavailable")
        if entry is Fault.UNAUTHORIZED:
            return _error(401, "Incorrect API key provided (stub).", "invalid_api_key")
        if entry is Fault.DROP:
            media_type = "text/event-stream" if streaming else "application/json"
            return StreamingResponse(_dropped(), media_type=media_type)
        if entry is Fault.GARBAGE:
            if streaming:
                return StreamingResponse(
                    _aiter(["data: <html>not json</html>\n\n", "data: [DONE]\n\n"]),
                    media_type="text/event-stream",
                )
            return PlainTextResponse("<html>not json</html>", media_type="application/json")
        truncate = entry is Fault.TRUNCATE
        if entry is Fault.SLOW:
            await self._stall()
        if entry is Fault.EMPTY:
            text = ""
        elif isinstance(entry, Fault):  # SLOW and TRUNCATE answer with the default reply
            text = self.default_reply or "partial reply"
        else:
            text = entry
        if streaming:
            return StreamingResponse(
                self._sse(body, text, truncate=truncate), media_type="text/event-stream"
            )
        payload = _completion(body, text)
        if truncate:
            raw = json.dumps(payload).encode()
            return StreamingResponse(_truncated_body(raw), media_type="application/json")
        return JSONResponse(payload)

    async def _stall(self) -> None:
        deadline = time.monotonic() + self.slow_seconds
        # Small steps so stop() does not wait for the whole stall.
        while time.monotonic() < deadline and not self._stopping.is_set():
            await asyncio.sleep(0.02)

    async def _sse(self, body: dict[str, Any], text: str, *, truncate: bool) -> AsyncIterator[str]:
        model = str(body.get("model", "stub-model"))
        pieces = split_words(text)
        yield _event(_chunk(model, {"role": "assistant", "content": ""}))
        for index, piece in enumerate(pieces):
            if truncate and index >= max(1, len(pieces) // 2):
                raise _DropConnection
            if self.token_latency:
                await asyncio.sleep(self.token_latency)
            yield _event(_chunk(model, {"content": piece}))
        if truncate:
            raise _DropConnection
        yield _event(_chunk(model, {}, finish_reason="stop"))
        if (body.get("stream_options") or {}).get("include_usage"):
            usage = _usage(body, text)
            yield _event({**_chunk(model, {}), "choices": [], "usage": usage})
        yield "data: [DONE]\n\n"


# --------------------------------------------------------------------------- helpers
_WORDISH = re.compile(r"\S+\s*|\s+")


def split_words(text: str) -> list[str]:
    """Split into word-plus-trailing-space pieces that join back to ``text`` exactly."""
    return _WORDISH.findall(text)


def _usage(body: dict[str, Any], text: str) -> dict[str, int]:
    prompt = sum(count_tokens(str(m.get("content") or "")) for m in body.get("messages", []))
    completion = count_tokens(text)
    return {
        "prompt_tokens": prompt,
        "completion_tokens": completion,
        "total_tokens": prompt + completion,
    }


def _completion(body: dict[str, Any], text: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-stub",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": str(body.get("model", "stub-model")),
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": text},
                "finish_reason": "stop",
            }
        ],
        "usage": _usage(body, text),
    }


def _chunk(model: str, delta: dict[str, Any], finish_reason: str | None = None) -> dict[str, Any]:
    return {
        "id": "chatcmpl-stub",
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish_reason}],
    }


def _event(data: dict[str, Any]) -> str:
    return f"data: {json.dumps(data)}\n\n"


def _error(status: int, message: str, code: str, retry_after: int | None = None) -> JSONResponse:
    headers = {"retry-after": str(retry_after)} if retry_after is not None else None
    body = {"error": {"message": message, "type": code, "param": None, "code": code}}
    return JSONResponse(body, status_code=status, headers=headers)


async def _aiter(items: list[str]) -> AsyncIterator[str]:
    for item in items:
        yield item


async def _dropped() -> AsyncIterator[bytes]:
    raise _DropConnection
    yield b""  # unreachable; makes this an async generator


async def _truncated_body(raw: bytes) -> AsyncIterator[bytes]:
    yield raw[: len(raw) // 2]
    raise _DropConnection
