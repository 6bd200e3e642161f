"""ASGI middleware: request body limits, per-study CORS and security headers.

Plain ASGI rather than Starlette's ``BaseHTTPMiddleware`` so streamed (SSE) replies pass
through untouched and unbuffered.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Awaitable, Callable, MutableMapping, Sequence
from typing import Any

from interviewer import i18n
from interviewer.web.settings import WebSettings

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

log = logging.getLogger("interviewer.web")

_STUDY_PATH = re.compile(r"^/api/studies/([^/]+)(?:/|$)")
_EXPOSED = "Retry-After, Server-Timing"


async def send_json(
    send: Send,
    status: int,
    detail: str,
    headers: Sequence[tuple[bytes, bytes]] = (),
    extra: dict[str, str] | None = None,
) -> None:
    body = json.dumps({"detail": detail, **(extra or {})}).encode()
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
        started = refused = False

        async def limited_receive() -> Message:
            # A chunked body has no Content-Length: count it as it arrives, and answer 413
            # ourselves the moment it passes the limit. Raising here instead would reach
            # FastAPI's body parser, which turns any error into 400 "error parsing the body".
            nonlocal received, refused
            incoming = await receive()
            if incoming["type"] == "http.request":
                received += len(incoming.get("body", b""))
                if received > self.max_bytes:
                    if not started and not refused:
                        refused = True
                        await send_json(send, 413, message)
                    raise _TooLarge
            return incoming

        async def tracking_send(outgoing: Message) -> None:
            nonlocal started
            if refused:
                return  # the 413 has been sent; whatever the app says after it is dropped
            started = started or outgoing["type"] == "http.response.start"
            await send(outgoing)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except _TooLarge:
            if not started and not refused:
                await send_json(send, 413, message)
        except Exception:
            if not refused:
                raise


def host_name(value: str) -> str:
    """``Host`` header → lower-case name without the port (``[::1]:8000`` → ``::1``)."""
    value = value.strip().lower()
    if value.startswith("["):
        return value[1 : value.find("]")] if "]" in value else value
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


class HostCheck:
    """421 for a request addressed to a host name this server was not told it has.

    The same-origin rules (``StudyCors``) compare the page's origin with the request's own
    ``Host``; a page on ``attacker.example`` re-pointed at 127.0.0.1 (DNS rebinding) would pass
    them unless the names are pinned. Starlette's ``TrustedHostMiddleware`` does the check but
    answers a bare "Invalid host header": this one says which flag adds a legitimate name.
    """

    def __init__(self, app: ASGIApp, settings: WebSettings) -> None:
        self.app = app
        self.allowed = frozenset(h.lower() for h in settings.allowed_hosts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not self.allowed or scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        raw = header(scope, b"host") or ""
        name = host_name(raw)
        if name in self.allowed:
            await self.app(scope, receive, send)
            return
        log.warning(
            "refused a request for host %r (serving %s)", raw, ", ".join(sorted(self.allowed))
        )
        await send_json(
            send,
            421,
            f"this server answers for {', '.join(sorted(self.allowed))}, not {raw or 'no host'!r}; "
            f"if that is a name of this server, restart it with `interviewer serve --allow-host "
            f"{name or 'NAME'}` (or --public-url https://{name or 'NAME'})",
        )


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
            # Say why, where it can be read: a preflight is let through (the request itself is
            # still refused below), and the refusal carries CORS headers so the embedding page
            # can read it — without them the browser hides the 403 as a network error and the
            # widget would show "Reconnecting…" for ever.
            if preflight:
                await _preflight_ok(send, cors)
                return
            log.warning(
                "refused the widget on %s for study %r: that site is not allowed to embed it; "
                "add `--allow-origin %s=%s` to `interviewer serve` if it should be",
                origin,
                study_id,
                study_id,
                origin,
            )
            study = self.settings.study(study_id)
            await send_json(
                send,
                403,
                f"the page at {origin} may not embed study {study_id!r}; allow it with "
                f"`interviewer serve --allow-origin {study_id}={origin}`",
                cors,
                {
                    "code": "origin_not_allowed",
                    "message": i18n.say(study.language if study else None, "widget.origin_refused"),
                },
            )
            return
        if preflight:
            await _preflight_ok(send, cors)
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


async def _preflight_ok(send: Send, cors: Sequence[tuple[bytes, bytes]]) -> None:
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
