"""What browsers load directly: the widget script, the hosted interview page, a health check.

Pages are sent with a strict Content-Security-Policy (no inline script or style at all): the
widget was written to work under exactly that policy, and this page proves it daily.
"""

from __future__ import annotations

import hashlib
from functools import cache
from importlib import resources

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from jinja2 import Environment, PackageLoader, select_autoescape

from interviewer.store.web_store import WebStore

router = APIRouter(tags=["pages"])

PAGE_CSP = (
    "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; "
    "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
"""Policy of the hosted interview page: only this server's own script, styles and API."""

_STATIC_TYPES = {
    "widget.js": "text/javascript; charset=utf-8",
    "page.css": "text/css; charset=utf-8",
}


@cache
def _templates() -> Environment:
    return Environment(
        loader=PackageLoader("interviewer.web", "templates"),
        autoescape=select_autoescape(default=True),
    )


@cache
def static_file(name: str) -> tuple[bytes, str]:
    """A file from ``interviewer/web/static`` and its ETag (read once per process)."""
    data = resources.files("interviewer.web").joinpath("static", name).read_bytes()
    return data, '"' + hashlib.sha256(data).hexdigest()[:16] + '"'


def _static(name: str, request: Request) -> Response:
    data, etag = static_file(name)
    headers = {
        "ETag": etag,
        "Cache-Control": "public, max-age=300",
        # Host pages on other origins load the widget with <script src>.
        "Cross-Origin-Resource-Policy": "cross-origin",
        "Access-Control-Allow-Origin": "*",
    }
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    return Response(data, media_type=_STATIC_TYPES[name], headers=headers)


@router.get("/widget.js", include_in_schema=False)
async def widget(request: Request) -> Response:
    return _static("widget.js", request)


@router.get("/static/page.css", include_in_schema=False)
async def page_css(request: Request) -> Response:
    return _static("page.css", request)


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
async def landing(request: Request) -> HTMLResponse:
    """What this server is and where its pages are — never a JSON 404 for a person who
    opens the server's address."""
    settings = request.app.state.settings
    base_url = (settings.public_url or str(request.base_url)).rstrip("/")
    html = (
        _templates()
        .get_template("landing.html")
        .render(
            studies=settings.studies,
            invite_only=settings.invite_only,
            researcher_api=bool(settings.researcher_keys),
            base_url=base_url,
        )
    )
    return HTMLResponse(html, headers={"Content-Security-Policy": PAGE_CSP})


@router.get("/healthz", include_in_schema=False)
async def health() -> JSONResponse:
    return JSONResponse({"ok": True})


@router.get("/i/{token}", response_class=HTMLResponse, include_in_schema=False)
async def invite_page(token: str, request: Request) -> HTMLResponse:
    """The hosted interview page of an invite link: the widget, full page."""
    web: WebStore = request.app.state.interviews.web
    invite = await request.app.state.threads.run(web.find_invite, token)
    headers = {"Content-Security-Policy": PAGE_CSP, "Cache-Control": "no-store"}
    if invite is None:
        html = (
            _templates()
            .get_template("invalid.html")
            .render(
                message="This invite link is not valid. Check that it was copied whole, or ask the "
                "researcher for a new one."
            )
        )
        return HTMLResponse(html, status_code=404, headers=headers)
    study = request.app.state.settings.study(invite.study_id)
    if study is None:
        html = (
            _templates()
            .get_template("invalid.html")
            .render(message="This study is not running at the moment. Please try again later.")
        )
        return HTMLResponse(html, status_code=404, headers=headers)
    # A spent or expired link still opens the page: the browser that started the interview
    # resumes it from its storage; any other browser is told why it cannot start.
    html = _templates().get_template("interview.html").render(study=study, token=token)
    return HTMLResponse(html, headers=headers)
