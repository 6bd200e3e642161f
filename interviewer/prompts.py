"""Prompt templates: Jinja2 files in the top-level ``prompts/`` folder.

``interviewer/_prompts`` is a symlink to ``prompts/``, so a source checkout and an installed
wheel read the same files from the same place; a checkout made where symlinks are not
supported falls back to ``prompts/`` itself. Templates render with ``StrictUndefined`` so a
missing variable is an error at render time, never a silently empty prompt.

Every value a template prints is *fenced* (:func:`fence`) unless the code marks it
:class:`Trusted`: ``<``, ``>`` and ``&`` (and their look-alikes) become entities, so text a
respondent typed can never close the ``<respondent>`` block that holds it, open a fake
``<system>`` tag or a chat-template marker (``<|im_start|>``). This is the safe default by
construction — a new template variable is fenced without anyone remembering to — and the
prompts tell the model that what is inside the block is data, never instructions.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

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


class Trusted(Markup):
    """Text the code built itself (a transcript whose respondent lines are already fenced):
    printed as is. Never wrap anything a respondent typed in this."""


# Characters that read as angle brackets or ampersands to a tokenizer or a model after
# Unicode normalisation (fullwidth ＜, small ﹤, mathematical ⟨, single guillemets ‹ are
# left alone: they are ordinary punctuation in French and German quotes).
_FENCED = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        "\uff1c": "&lt;",
        "\uff1e": "&gt;",
        "\ufe64": "&lt;",
        "\ufe65": "&gt;",
        "\uff06": "&amp;",
        "\ufe60": "&amp;",
        "\u0000": "",
    }
)


def fence(value: Any) -> str:
    """``value`` as text that cannot open or close a tag in a prompt (see the module doc)."""
    if isinstance(value, Markup):
        return str(value)
    if value is None:
        return "None"
    return str(value).translate(_FENCED)


def unfence(text: str) -> str:
    """A model's copy of fenced text back as the respondent wrote it (quotes are checked
    against the stored words, which were never escaped)."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(prompts_dir()),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # prompts are plain text for a model, not HTML: fence() instead
        finalize=fence,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )


def render(name: str, **context: Any) -> str:
    """Render ``prompts/<name>.j2`` with ``context``; a missing variable raises."""
    return _environment().get_template(f"{name}.j2").render(**context).strip()


def template_names() -> list[str]:
    return sorted(p.name.removesuffix(".j2") for p in prompts_dir().glob("*.j2"))
