"""Researcher endpoints (``X-API-Key``): studies, sessions, transcripts, exports, invites, reports."""

from __future__ import annotations

import hmac
from datetime import timedelta
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Request, Security
from fastapi.responses import Response, StreamingResponse
from fastapi.security import APIKeyHeader

from interviewer.store import AuditRecord, SessionSummary
from interviewer.store.models import TrustRecord
from interviewer.store.web_store import WebStore
from interviewer.web.errors import Forbidden, NotFound, Unauthorized
from interviewer.web.invites import mint_invites
from interviewer.web.reports import ReportFormat, render_report
from interviewer.web.researchers import ResearchService
from interviewer.web.schemas import (
    InviteLink,
    InviteRequest,
    InviteStatus,
    StudySummary,
    Transcript,
    TrustOverride,
)
from interviewer.web.settings import WebSettings
from interviewer.web.threads import WorkerThreads

api_key = APIKeyHeader(
    name="X-API-Key",
    auto_error=False,
    description="A key from `interviewer serve --researcher-key`",
)


def require_researcher(request: Request, key: Annotated[str | None, Security(api_key)]) -> None:
    """401 without a key, 403 with a wrong one (compared in constant time)."""
    settings: WebSettings = request.app.state.settings
    if not settings.researcher_keys:
        raise Forbidden(
            "researcher endpoints are disabled: start the server with --researcher-key "
            "(or INTERVIEWER_RESEARCHER_KEY) to enable them"
        )
    if not key:
        raise Unauthorized("missing API key: send it in the X-API-Key header")
    if not any(hmac.compare_digest(key.encode(), k.encode()) for k in settings.researcher_keys):
        raise Forbidden("wrong API key; use one the server was started with (--researcher-key)")


router = APIRouter(
    prefix="/api/researcher",
    tags=["researchers"],
    dependencies=[Depends(require_researcher)],
    responses={401: {"description": "No API key"}, 403: {"description": "Wrong API key"}},
)


def _research(request: Request) -> ResearchService:
    service: ResearchService = request.app.state.research
    return service


def _threads(request: Request) -> WorkerThreads:
    threads: WorkerThreads = request.app.state.threads
    return threads


@router.get("/studies", response_model=list[StudySummary])
async def list_studies(request: Request) -> list[StudySummary]:
    """Every study in the store, with session counts."""
    return await _threads(request).run(_research(request).studies)


@router.get("/studies/{study_id}/sessions", response_model=list[SessionSummary])
async def list_sessions(study_id: str, request: Request) -> list[SessionSummary]:
    """The study's sessions, newest first, with their latest depth score."""
    return await _threads(request).run(_research(request).sessions, study_id)


@router.get("/sessions/{session_id}", response_model=Transcript)
async def read_transcript(session_id: str, request: Request) -> Transcript:
    """One session: its row, every turn, its answers and scores."""
    return await _threads(request).run(_research(request).transcript, session_id)


@router.delete("/sessions/{session_id}", response_model=AuditRecord)
async def delete_session(session_id: str, request: Request) -> AuditRecord:
    """Delete one session's data on the respondent's request: turns, answers, scores, token.

    Returns the audit entry kept in its place (when, why, how many rows — nothing said)."""
    return await _threads(request).run(_research(request).delete_session, session_id)


@router.put("/sessions/{session_id}/trust", response_model=TrustRecord)
async def override_trust(session_id: str, body: TrustOverride, request: Request) -> TrustRecord:
    """Set your own trust verdict on a session (``ok``, ``review``, ``exclude``) with a note;
    ``{"verdict": null}`` gives the guard's verdict back. Reports follow the override."""
    return await _threads(request).run(
        _research(request).override_trust, session_id, body.verdict, body.note
    )


@router.post("/studies/{study_id}/check", response_model=list[SessionSummary])
async def check_study(study_id: str, request: Request) -> list[SessionSummary]:
    """Run the trust guard over every session of the study; returns the sessions as listed."""
    return await _threads(request).run(_research(request).check, study_id)


@router.get("/studies/{study_id}/export.{fmt}")
async def export(study_id: str, fmt: Literal["jsonl", "csv"], request: Request) -> Response:
    """All sessions of the study: JSONL (one session per line, with turns) or CSV (one row each)."""
    research, threads = _research(request), _threads(request)
    make = research.export_jsonl if fmt == "jsonl" else research.export_csv
    await threads.run(research.sessions, study_id)  # 404 before the download starts
    media = "application/x-ndjson" if fmt == "jsonl" else "text/csv; charset=utf-8"
    return StreamingResponse(
        make(study_id),  # a sync generator: Starlette iterates it on a worker thread
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="{study_id}.{fmt}"'},
    )


@router.post("/studies/{study_id}/invites", response_model=list[InviteLink], status_code=201)
async def create_invites(study_id: str, body: InviteRequest, request: Request) -> list[InviteLink]:
    """Mint invite links; each link's token is returned once and never stored."""
    settings: WebSettings = request.app.state.settings
    web: WebStore = request.app.state.interviews.web
    base = settings.public_url or str(request.base_url)
    expires = timedelta(days=body.expires_in_days) if body.expires_in_days else None

    def work() -> list[InviteLink]:
        try:
            return mint_invites(
                web, study_id, base_url=base, count=body.count, kind=body.kind, expires_in=expires
            )
        except KeyError as error:
            raise NotFound(str(error)) from error

    return await _threads(request).run(work)


@router.get("/studies/{study_id}/invites", response_model=list[InviteStatus])
async def list_invites(study_id: str, request: Request) -> list[InviteStatus]:
    """The study's invites (without tokens): uses, expiry, the session a link started."""
    web: WebStore = request.app.state.interviews.web
    records = await _threads(request).run(web.list_invites, study_id)
    return [InviteStatus.model_validate(r.model_dump()) for r in records]


@router.post("/studies/{study_id}/report")
async def build_report(study_id: str, request: Request, format: ReportFormat = "md") -> Response:
    """Build the study's synthesis report now and return it (501 when this build has none)."""
    return await _report(study_id, request, format)


@router.get("/studies/{study_id}/report")
async def download_report(study_id: str, request: Request, format: ReportFormat = "md") -> Response:
    """Download the study's synthesis report, built from the sessions stored so far."""
    return await _report(study_id, request, format)


async def _report(study_id: str, request: Request, fmt: ReportFormat) -> Response:
    store = request.app.state.research.store
    rendered = await _threads(request).run(render_report, store, study_id, fmt)
    return Response(
        rendered.content,
        media_type=rendered.media_type,
        headers={"Content-Disposition": f'attachment; filename="{rendered.filename}"'},
    )
