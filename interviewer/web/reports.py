"""The synthesis report, when this build has one.

Synthesis (``interviewer.synthesis.pipeline.synthesize``) and its rendering
(``interviewer.report.render.render``) are built separately; the server offers reports only when
both import at run time and answers 501 with an explanation otherwise, so the web server never
depends on them. Reports use the offline synthesis engine: nothing leaves the machine.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from interviewer.store import Store
from interviewer.web.errors import NotFound, NotImplementedYet

ReportFormat = Literal["md", "html", "json", "qdpx"]

_MEDIA = {
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "json": "application/json",
    "qdpx": "application/zip",
}


@dataclass(frozen=True)
class RenderedReport:
    content: str | bytes
    media_type: str
    filename: str


def _entry_points() -> tuple[Callable[..., Any], Callable[..., bytes]] | None:
    try:
        synthesize = importlib.import_module("interviewer.synthesis.pipeline").synthesize
        render = importlib.import_module("interviewer.report.render").export
    except (ImportError, AttributeError):
        return None
    return synthesize, render


def reports_available() -> bool:
    return _entry_points() is not None


def render_report(store: Store, study_id: str, fmt: ReportFormat = "md") -> RenderedReport:
    """Synthesize the study's sessions and render the report; 501 when this build has none."""
    entry = _entry_points()
    if entry is None:
        raise NotImplementedYet(
            "reports are not available on this server: this build lacks interviewer.report / "
            "interviewer.synthesis. Export the data with /export.jsonl meanwhile."
        )
    synthesize, render = entry
    try:
        report = synthesize(store, study_id)
    except KeyError as error:
        raise NotFound(str(error)) from error
    return RenderedReport(render(report, fmt), _MEDIA[fmt], f"{study_id}-report.{fmt}")
