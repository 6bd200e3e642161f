"""The web application: ``create_app(store, model_factory, settings)``.

Wires the services (``interviews.py``, ``researchers.py``) to their routes and adds the
cross-cutting parts: body limits, per-study CORS, security headers, error bodies. The app holds
no interview state, so any number of processes built from the same settings and database can
serve the same respondents (``interviewer serve --workers 4``, or hosts behind a balancer).
"""

from __future__ import annotations

import logging
from typing import Any

import sqlalchemy as sa
from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from interviewer import __version__
from interviewer.store import Store, StoreError
from interviewer.store.errors import (
    DatabaseCorruptError,
    DatabaseFaultError,
    DatabaseFullError,
    DatabaseLockedError,
    DatabaseReadOnlyError,
)
from interviewer.store.faults import fault_error
from interviewer.web.errors import WebError
from interviewer.web.interviews import InterviewService
from interviewer.web.middleware import BodySizeLimit, HostCheck, SecurityHeaders, StudyCors
from interviewer.web.ratelimit import SlidingWindow
from interviewer.web.researchers import ResearchService
from interviewer.web.routes import pages, researchers, respondents
from interviewer.web.settings import ModelFactory, WebSettings
from interviewer.web.threads import WorkerThreads

log = logging.getLogger(__name__)

DESCRIPTION = """\
AI-moderated interviews over HTTP.

**Respondents** start a session of a served study (`POST /api/studies/{id}/sessions`), keep the
returned token, and send messages with an idempotency key; replies stream as server-sent
events with `Accept: text/event-stream`. The embeddable widget (`/widget.js`) and the hosted
invite page (`/i/{token}`) do all of this for them.

**Researchers** send `X-API-Key` to list studies and sessions, read transcripts, export
JSONL/CSV, mint invite links and download reports.
"""


def _offline(_study: Any) -> None:
    return None


def create_app(
    store: Store,
    model_factory: ModelFactory | None = None,
    settings: WebSettings | None = None,
) -> FastAPI:
    """The FastAPI app for ``store``; ``model_factory`` picks each study's model (offline if
    omitted), ``settings`` the served studies, keys, origins and limits."""
    settings = settings or WebSettings()
    for study in settings.studies:
        store.save_study(study)  # so researchers and invites can refer to it before any session
    app = FastAPI(title="interviewer", version=__version__, description=DESCRIPTION)
    app.state.settings = settings
    app.state.interviews = InterviewService(store, settings, model_factory or _offline)
    app.state.research = ResearchService(store, settings)
    app.state.threads = WorkerThreads(settings.worker_threads)
    limits = settings.limits
    app.state.ip_requests = SlidingWindow(limits.ip_requests, limits.ip_window_seconds)
    app.state.ip_sessions = SlidingWindow(limits.ip_sessions, limits.ip_sessions_window_seconds)

    app.include_router(respondents.router)
    app.include_router(researchers.router)
    app.include_router(pages.router)
    _add_error_handlers(app)

    # Added innermost first: SecurityHeaders wraps everything, including CORS refusals.
    app.add_middleware(BodySizeLimit, max_bytes=limits.max_body_bytes)
    app.add_middleware(StudyCors, settings=settings)
    app.add_middleware(HostCheck, settings=settings)
    app.add_middleware(SecurityHeaders)
    return app


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(WebError)
    async def web_error(_request: Request, error: WebError) -> JSONResponse:
        return JSONResponse({"detail": error.message}, error.status, headers=error.headers)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_request: Request, error: RequestValidationError) -> JSONResponse:
        problems = [
            f"{'.'.join(str(p) for p in e['loc'] if p != 'body') or 'body'}: {_problem(e)}"
            for e in error.errors()
        ]
        # The offending input is not echoed back: it may be text no encoder can write (a lone
        # surrogate made the 422 itself a 500) or something the client should not see again.
        errors = [
            {k: v for k, v in e.items() if k in ("loc", "msg", "type")} for e in error.errors()
        ]
        return JSONResponse(
            {
                "detail": "invalid request — " + "; ".join(problems),
                "errors": jsonable_encoder(errors),
            },
            422,
        )

    @app.exception_handler(sa.exc.OperationalError)
    async def database_busy(_request: Request, error: sa.exc.OperationalError) -> JSONResponse:
        # PostgreSQL unreachable or a fault the store did not translate: the message (if any)
        # is safely stored or not at all, so a retry with the same key is safe.
        fault = fault_error(error, where="the database", path=None, busy_seconds=0)
        if fault is not None:
            return _fault_response(fault)
        log.warning("database error, answered 503: %s", error.orig)
        return JSONResponse(
            {"detail": "the interview database is busy; send the same request again shortly"},
            503,
            headers={"Retry-After": "2"},
        )

    @app.exception_handler(StoreError)
    async def store_down(_request: Request, error: StoreError) -> JSONResponse:
        if isinstance(error, DatabaseFaultError):
            return _fault_response(error)
        return JSONResponse(
            {"detail": "the interview database is unavailable; try again in a minute"},
            503,
            headers={"Retry-After": "30"},
        )


_FAULT_DETAILS: tuple[tuple[type[DatabaseFaultError], str, int], ...] = (
    (
        DatabaseLockedError,
        "the interview database is busy; send the same request again shortly",
        2,
    ),
    (
        DatabaseFullError,
        "the interview server's disk is full, so nothing was saved; send the same request "
        "again later (the operator has been told to free space)",
        60,
    ),
    (
        DatabaseReadOnlyError,
        "the interview server cannot save anything right now (its database is read-only); "
        "send the same request again later",
        60,
    ),
    (
        DatabaseCorruptError,
        "the interview database is damaged, so nothing was saved; the operator must restore "
        "it before interviews can continue",
        300,
    ),
)


def _problem(error: Any) -> str:
    if error.get("type") == "string_unicode":
        return (
            "not valid text: it contains a lone surrogate or another code point that cannot be "
            "stored; send plain UTF-8"
        )
    return str(error["msg"])


def _fault_response(fault: DatabaseFaultError) -> JSONResponse:
    """503 with what the client can do; the operator's fix goes to the log, not the client."""
    detail, retry_after = "the interview database is unavailable; try again in a minute", 30
    for kind, kind_detail, kind_retry in _FAULT_DETAILS:
        if isinstance(fault, kind):
            detail, retry_after = kind_detail, kind_retry
            break
    log.error("database fault, answered 503: %s", fault)
    return JSONResponse({"detail": detail}, 503, headers={"Retry-After": str(retry_after)})
