"""Real HTTP servers on 127.0.0.1 for web tests and benchmarks: the interview app, and a host
page on a second origin that embeds the widget under a strict Content-Security-Policy.

Must not import pytest (benchmarks use it too).
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.responses import HTMLResponse

from tests.support.live_server import LiveServer

__all__ = ["LiveServer", "host_page_app"]


HOST_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Acme Books — pricing</title>
<script src="{widget}" defer data-study="{study}" data-label="Tell us about approvals"></script>
</head>
<body>
<h1>Acme Books</h1>
<p>An ordinary product page. The interview widget sits in the corner.</p>
</body>
</html>
"""


def host_page_app(server_url: str, study_id: str) -> FastAPI:
    """A page on another origin that embeds the widget of ``server_url`` under a strict CSP:
    scripts and requests only to the interview server, no inline script or style at all."""
    app = FastAPI()
    csp = (
        f"default-src 'none'; script-src {server_url}; connect-src {server_url}; "
        "style-src 'none'; img-src 'none'; base-uri 'none'; form-action 'none'"
    )

    @app.get("/", response_class=HTMLResponse)
    async def page() -> HTMLResponse:
        html = HOST_PAGE.format(widget=f"{server_url}/widget.js", study=study_id)
        return HTMLResponse(html, headers={"Content-Security-Policy": csp})

    return app
