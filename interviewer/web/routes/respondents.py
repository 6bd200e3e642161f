"""Respondent endpoints: start a session, fetch it, send a message (JSON or streamed SSE).

Thin: each handler checks the per-IP limit, runs the service on a worker thread and shapes the
response. Streaming sends ``token`` events while the moderator writes, then one ``reply``
event with the same JSON a non-streaming request gets (or an ``error`` event).
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, StreamingResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from interviewer.web.errors import TooManyRequests, WebError
from interviewer.web.interviews import InterviewService, PendingTurn
from interviewer.web.ratelimit import SlidingWindow
from interviewer.web.schemas import (
    MessageRequest,
    SessionSnapshot,
    Started,
    StartRequest,
    StudyInfo,
    Timing,
    TurnResponse,
)
from interviewer.web.threads import WorkerThreads
from interviewer.web.timing import Stopwatch

log = logging.getLogger(__name__)

router = APIRouter(prefix="/api/studies/{study_id}", tags=["respondents"])
bearer = HTTPBearer(auto_error=False, description="The respondent token from starting a session")
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]

_ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"description": text}
    for code, text in (
        (401, "No respondent token"),
        (403, "Token does not open this session, or origin not allowed"),
        (404, "Unknown study or session"),
        (409, "Previous message still being answered, or the session has ended"),
        (413, "Request body too large"),
        (422, "Invalid or too long message"),
        (429, "Rate limit; see Retry-After"),
    )
}


def _service(request: Request) -> InterviewService:
    service: InterviewService = request.app.state.interviews
    return service


def _threads(request: Request) -> WorkerThreads:
    threads: WorkerThreads = request.app.state.threads
    return threads


def _limit(request: Request, *windows: SlidingWindow) -> None:
    client = request.client.host if request.client else "unknown"
    for window in windows:
        wait = window.hit(client)
        if wait is not None:
            raise TooManyRequests(
                f"too many requests from your address (at most {window.limit} per "
                f"{window.window:g} s); wait a moment and try again",
                retry_after=wait,
            )


def _token(credentials: HTTPAuthorizationCredentials | None) -> str | None:
    return credentials.credentials if credentials else None


@router.get("", response_model=StudyInfo, responses=_ERRORS)
async def study_info(study_id: str, request: Request) -> StudyInfo:
    """The study's public details, for the widget's header."""
    return _service(request).study_info(study_id)


@router.post("/sessions", status_code=201, response_model=Started, responses=_ERRORS)
async def start_session(study_id: str, body: StartRequest, request: Request) -> Started:
    """Start a session; keep the returned token to continue it after a reload."""
    state = request.app.state
    _limit(request, state.ip_requests, state.ip_sessions)
    client = (request.client.host if request.client else None, request.headers.get("user-agent"))
    return await _threads(request).run(_service(request).start, study_id, body, client)


@router.get("/sessions/{session_id}", response_model=SessionSnapshot, responses=_ERRORS)
async def get_session(
    study_id: str,
    session_id: str,
    request: Request,
    credentials: Credentials,
) -> SessionSnapshot:
    """The conversation so far and how to answer now (what a reloaded page draws)."""
    service = _service(request)

    def work() -> SessionSnapshot:
        service.authorize(study_id, session_id, _token(credentials))
        return service.snapshot(study_id, session_id)

    return await _threads(request).run(work)


@router.post(
    "/sessions/{session_id}/messages",
    response_model=TurnResponse,
    responses={
        **_ERRORS,
        200: {
            "description": "The reply; with `Accept: text/event-stream`, SSE events `token` "
            "(`{text}`), then `reply` (this JSON) or `error` (`{detail, status}`)",
            "content": {"text/event-stream": {}},
        },
    },
)
async def post_message(
    study_id: str,
    session_id: str,
    body: MessageRequest,
    request: Request,
    credentials: Credentials,
) -> Any:
    """Send one message; retry with the same ``idempotency_key`` until a reply arrives."""
    watch = Stopwatch()
    _limit(request, request.app.state.ip_requests)
    service, threads = _service(request), _threads(request)

    def accept() -> TurnResponse | PendingTurn:
        service.authorize(study_id, session_id, _token(credentials))
        return service.accept(study_id, session_id, body)

    outcome = await threads.run(accept)
    if isinstance(outcome, TurnResponse):
        outcome.timing = Timing(server_ms=watch.server_ms(), model_ms=0.0)
        return _json(outcome, watch)
    if "text/event-stream" in request.headers.get("accept", ""):
        return StreamingResponse(
            _stream(service, threads, study_id, outcome, watch),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
        )
    response, model_seconds = await threads.run(service.answer, study_id, outcome)
    watch.model_seconds = model_seconds
    response.timing = Timing(server_ms=watch.server_ms(), model_ms=watch.model_ms())
    return _json(response, watch)


def _json(response: TurnResponse, watch: Stopwatch) -> JSONResponse:
    return JSONResponse(response.model_dump(mode="json"), headers={"Server-Timing": watch.header()})


def _event(name: str, data: dict[str, Any]) -> str:
    return f"event: {name}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


async def _stream(
    service: InterviewService,
    threads: WorkerThreads,
    study_id: str,
    pending: PendingTurn,
    watch: Stopwatch,
) -> AsyncIterator[str]:
    loop = asyncio.get_running_loop()
    chunks: asyncio.Queue[str | None] = asyncio.Queue()

    def on_token(chunk: str) -> None:  # called on the worker thread
        loop.call_soon_threadsafe(chunks.put_nowait, chunk)

    # A separate task: if the respondent disconnects, the reply is still generated and stored,
    # and their retry gets it.
    task = asyncio.ensure_future(threads.run(service.answer, study_id, pending, on_token))
    task.add_done_callback(lambda _: chunks.put_nowait(None))
    while (chunk := await chunks.get()) is not None:
        yield _event("token", {"text": chunk})
    try:
        response, model_seconds = task.result()
    except WebError as error:
        yield _event("error", {"detail": error.message, "status": error.status})
        return
    except Exception:
        log.exception("generating the reply for session %s failed", pending.session_id)
        yield _event(
            "error",
            {
                "detail": "the reply could not be generated; send the same message again",
                "status": 500,
            },
        )
        return
    watch.model_seconds = model_seconds
    response.timing = Timing(server_ms=watch.server_ms(), model_ms=watch.model_ms())
    yield _event("reply", response.model_dump(mode="json"))
