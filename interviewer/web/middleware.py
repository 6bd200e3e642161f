"""ASGI middleware: request body limits, per-study CORS and security headers.

Plain ASGI rather than Starlette's ``BaseHTTPMiddleware`` so streamed (SSE) replies pass
through untouched and unbuffered.
"""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable, MutableMapping, Sequence
from typing import Any

from interviewer.web.settings import WebSettings

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

_STUDY_PATH = re.compile(r"^/api/studies/([^/]+)(?:/|$)")
_EXPOSED = "Retry-After, Server-Timing"


async def send_json(
    send: Send, status: int, detail: str, headers: Sequence[tuple[bytes, bytes]] = ()
) -> None:
    body = json.dumps({"detail": detail}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                *headers,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return bytes(value).decode("latin-1")
    return None


class _TooLarge(Exception):
    pass


class BodySizeLimit:
    """413 for request bodies over ``max_bytes``, declared or streamed."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        message = (
            f"the request body is larger than {self.max_bytes} bytes; "
            "send shorter messages (one answer per request)"
        )
        declared = header(scope, b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await send_json(send, 413, message)
            return
        received = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal received
            incoming = await receive()
            if incoming["type"] == "http.request":
                received += len(incoming.get("body", b""))
                if received > self.max_bytes:
                    raise _TooLarge
            return incoming

        async def tracking_send(outgoing: Message) -> None:
            nonlocal started
            started = started or outgoing["type"] == "http.response.start"
            await send(outgoing)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except _TooLarge:
            if not started:
                await send_json(send, 413, message)


class StudyCors:
    """CORS for ``/api/studies/{id}/…``: only the study's allow-listed origins may call.

    Respondent requests carry a bearer token, not cookies, so no credentials are allowed and a
    foreign page can only reach the study it was allow-listed for. Requests from the server's
    own pages (the hosted interview page) are always allowed.
    """

    def __init__(self, app: ASGIApp, settings: WebSettings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        origin = header(scope, b"origin") if scope["type"] == "http" else None
        match = _STUDY_PATH.match(scope.get("path", "")) if origin else None
        if origin is None or match is None:
            await self.app(scope, receive, send)
            return
        study_id = match.group(1)
        allowed = origin == _own_origin(scope) or origin in self.settings.origins_for(study_id)
        preflight = scope["method"] == "OPTIONS" and header(scope, b"access-control-request-method")
        cors = [
            (b"access-control-allow-origin", origin.encode("latin-1")),
            (b"vary", b"Origin"),
        ]
        if not allowed:
            await send_json(
                send,
                403,
                f"the page at {origin} may not embed study {study_id!r}; allow it with "
                f"`interviewer serve --allow-origin {study_id}={origin}`",
                [(b"vary", b"Origin")],
            )
            return
        if preflight:
            await send(
                {
                    "type": "http.response.start",
                    "status": 204,
                    "headers": [
                        *cors,
                        (b"access-control-allow-methods", b"GET, POST"),
                        (b"access-control-allow-headers", b"authorization, content-type, accept"),
                        (b"access-control-max-age", b"600"),
                    ],
                }
            )
            await send({"type": "http.response.body", "body": b""})
            return

        async def with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [
                    *message.get("headers", []),
                    *cors,
                    (b"access-control-expose-headers", _EXPOSED.encode()),
                ]
            await send(message)

        await self.app(scope, receive, with_cors)


def _own_origin(scope: Scope) -> str:
    host = header(scope, b"host") or ""
    return f"{scope.get('scheme', 'http')}://{host}"


class SecurityHeaders:
    """Headers every response carries: no MIME sniffing, and no referrer — an invite link's
    token is in its path and must not leak to other sites through ``Referer``."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [
                    *message.get("headers", []),
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"),
                ]
            await send(message)

        await self.app(scope, receive, with_headers)
