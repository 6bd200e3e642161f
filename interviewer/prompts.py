"""Prompt templates: Jinja2 files in the top-level ``prompts/`` folder.

``interviewer/_prompts`` is a symlink to ``prompts/``, so a source checkout and an installed
wheel read the same files from the same place; a checkout made where symlinks are not
supported falls back to ``prompts/`` itself. Templates render with ``StrictUndefined`` so a
missing variable is an error at render time, never a silently empty prompt.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import jinja2

_SOURCE_DIR = Path(__file__).resolve().parent.parent / "prompts"
_PACKAGED_DIR = Path(__file__).resolve().parent / "_prompts"


def prompts_dir() -> Path:
    for candidate in (_PACKAGED_DIR, _SOURCE_DIR):
        if candidate.is_dir() and any(candidate.glob("*.j2")):
            return candidate
    raise FileNotFoundError(
        f"no prompt templates found in {_SOURCE_DIR} or {_PACKAGED_DIR}; "
        "reinstall interviewer (pip install -e .) so prompts/ is available"
    )


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(prompts_dir()),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # prompts are plain text for a model, not HTML
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )


def render(name: str, **context: Any) -> str:
    """Render ``prompts/<name>.j2`` with ``context``; a missing variable raises."""
    return _environment().get_template(f"{name}.j2").render(**context).strip()


def template_names() -> list[str]:
    return sorted(p.name.removesuffix(".j2") for p in prompts_dir().glob("*.j2"))
