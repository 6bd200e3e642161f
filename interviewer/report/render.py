"""A :class:`Report` as HTML, Markdown or JSON.

HTML is one self-contained file (inline CSS and SVG, the transcripts included so every quote's
"turn ↗" link works offline), rendered with autoescaping: a respondent who typed ``<script>``
sees it shown, never run. Markdown escapes respondent text with backslashes, so it renders as
typed. JSON is the model itself; ``schema.json`` (next to this module) describes it.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Literal

import jinja2

from interviewer import __version__
from interviewer.report import charts
from interviewer.report.model import SMALL_N, Report

Format = Literal["html", "md", "json", "qdpx"]
FORMATS: tuple[Format, ...] = ("html", "md", "json", "qdpx")
SUFFIXES: dict[Format, str] = {"html": ".html", "md": ".md", "json": ".json", "qdpx": ".qdpx"}
TEXT_FORMATS: tuple[Format, ...] = ("html", "md", "json")
"""Formats :func:`render` gives as text; ``qdpx`` (a zip for QDA tools) only as bytes."""
_TEMPLATES = Path(__file__).with_name("templates")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#&])")
_MD_LINE_START = re.compile(r"(?<=\n)([ \t]*)(\d+)([.)])|(?<=\n)([ \t]*)([-+=])")
_BLANK_RUNS = re.compile(r"\n(?:[ \t]*\n){2,}")
_MD_UNESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
QUESTION_LABEL_CHARS = 60


def share_of(count: int, total: int) -> str:
    """Say "5 of 7 (71%)", or "2 of 3" under ``SMALL_N``: a percentage of three people misleads."""
    if total < SMALL_N:
        return f"{count} of {total}"
    return f"{count} of {total} ({count / total:.0%})"


def render(report: Report, fmt: Format) -> str:
    """The report in ``fmt`` (``html``, ``md`` or ``json``); see :func:`export` for ``qdpx``."""
    if fmt == "qdpx":
        raise ValueError("a .qdpx project is a zip file, not text: use export(report, 'qdpx')")
    if fmt == "json":
        return report.model_dump_json(indent=2) + "\n"
    if fmt not in ("html", "md"):
        raise ValueError(f"unknown report format {fmt!r}; use one of {', '.join(FORMATS)}")
    text = _environment().get_template(f"report.{fmt}.j2").render(**_context(report))
    if fmt == "md":
        # Templates may leave several blank lines in a row; Markdown treats them as one.
        text = _BLANK_RUNS.sub("\n\n", text).strip() + "\n"
    return text


def export(report: Report, fmt: Format) -> bytes:
    """The report in ``fmt`` as the bytes of its file (text formats in UTF-8)."""
    if fmt == "qdpx":
        from interviewer.report.qdpx import build_qdpx

        return build_qdpx(report)
    return render(report, fmt).encode("utf-8")


def write(report: Report, fmt: Format, path: Path) -> Path:
    """Render and write the report to ``path`` (parent folders are created)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(export(report, fmt))
    return path


def md(text: object) -> str:
    """Escape text for Markdown so it renders exactly as written (CommonMark backslashes)."""
    escaped = _MD_SPECIAL.sub(r"\\\1", str(text))

    def line_start(match: re.Match[str]) -> str:
        if match.group(2) is not None:
            return f"{match.group(1)}{match.group(2)}\\{match.group(3)}"
        return f"{match.group(4)}\\{match.group(5)}"

    return _MD_LINE_START.sub(line_start, escaped)


def md_unescape(text: str) -> str:
    """Undo :func:`md` (what a Markdown renderer shows)."""
    return _MD_UNESCAPE.sub(r"\1", text)


def md_quote(text: str) -> str:
    """A Markdown blockquote of escaped text, one ``> `` per line."""
    return "\n".join(f"> {line}" if line else ">" for line in md(f"\n{text}")[1:].split("\n"))


def md_cell(text: object) -> str:
    """Escaped text for one table cell (line breaks become spaces)."""
    return md(" ".join(str(text).split()))


@cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(_TEMPLATES),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "html.j2"), default=False),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(md=md, md_quote=md_quote, md_cell=md_cell)
    return env


def _context(report: Report) -> dict[str, object]:
    questions = report.study.questions

    def question_label(question_id: str) -> str:
        text = questions.get(question_id, question_id)
        return text if len(text) <= QUESTION_LABEL_CHARS else text[: QUESTION_LABEL_CHARS - 1] + "…"

    return {
        "report": report,
        "version": __version__,
        "language": report.study.language,
        "transcript_ids": {t.session_id for t in report.transcripts},
        "question_label": question_label,
        "pct": lambda share: f"{share:.0%}",
        "share_of": share_of,
        "small_n": SMALL_N,
        "option_bars": charts.option_bars,
        "ranking_bars": charts.ranking_bars,
        "prevalence_bar": charts.prevalence_bar,
        "nps_bar": charts.nps_bar,
    }
