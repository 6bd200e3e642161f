"""Every respondent-facing string, one catalogue per language.

The words a respondent reads — the consent question, acknowledgements, probes, redirects,
steers, clarifications, answer hints, terminal-app and widget labels — live in
``interviewer/i18n/<code>.yaml`` (``en``, ``es``, ``de``, ``fr``, ``pt``), never in code. A
catalogue maps dotted keys to a string, or to a list of alternative wordings the moderator
rotates through (probes, steers). Fields are ``str.format`` names: ``{question}``, ``{q}``…

Forms of address are chosen once per language and kept everywhere: Spanish *tú*, German *du*,
French *tu*, Portuguese *você* (see ``docs/study-format.md``).

Every catalogue must hold every key of the English one, with the same fields; a test checks
it, so a missing translation fails in CI instead of showing a key to a respondent.
"""

from __future__ import annotations

import string
from functools import cache
from importlib import resources
from typing import Any

import yaml

from interviewer.errors import InterviewerError

SUPPORTED: tuple[str, ...] = ("en", "es", "de", "fr", "pt")
"""Languages with a catalogue, answer readers and depth markers."""
DEFAULT = "en"
NAMES: dict[str, str] = {
    "en": "English",
    "es": "Spanish",
    "de": "German",
    "fr": "French",
    "pt": "Portuguese",
}


class UnsupportedLanguage(InterviewerError, ValueError):
    """A study asked for a language without a catalogue."""


def base_code(language: str) -> str:
    """``es-MX`` → ``es``: catalogues are per language, not per region."""
    return language.split("-", 1)[0].lower()


def supported(language: str) -> bool:
    return base_code(language) in SUPPORTED


def resolve(language: str | None) -> str:
    """The catalogue code for ``language`` (a BCP-47 tag); English when none is given."""
    if not language:
        return DEFAULT
    code = base_code(language)
    if code not in SUPPORTED:
        raise UnsupportedLanguage(
            f"language {language!r} has no catalogue; use one of {', '.join(SUPPORTED)} "
            "(or add interviewer/i18n/<code>.yaml with every key of en.yaml)"
        )
    return code


@cache
def catalogue(language: str) -> dict[str, str | tuple[str, ...]]:
    """The flattened catalogue of ``language``: ``{"consent.question": "…", "probe.why": (…)}``."""
    code = resolve(language)
    raw = resources.files(__package__).joinpath(f"{code}.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(raw)
    flat: dict[str, str | tuple[str, ...]] = {}
    _flatten(data, "", flat, code)
    return flat


def _flatten(node: Any, prefix: str, out: dict[str, str | tuple[str, ...]], code: str) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            _flatten(value, f"{prefix}{key}.", out, code)
    elif isinstance(node, list):
        out[prefix[:-1]] = tuple(str(item) for item in node)
    elif isinstance(node, str):
        out[prefix[:-1]] = node
    else:
        raise ValueError(f"i18n/{code}.yaml: {prefix[:-1]} must be a string or a list of strings")


def say(language: str | None, key: str, /, **fields: object) -> str:
    """The string ``key`` in ``language``, with ``fields`` filled in.

    A list entry gives its first wording (use :func:`variants` to rotate).
    """
    value = _lookup(language, key)
    text = value[0] if isinstance(value, tuple) else value
    return text.format(**fields) if fields else text


def variants(language: str | None, key: str) -> tuple[str, ...]:
    """Every wording of ``key`` (unformatted), for callers that rotate through them."""
    value = _lookup(language, key)
    return value if isinstance(value, tuple) else (value,)


def table(language: str | None, prefix: str) -> dict[str, str]:
    """Every single-string entry under ``prefix`` (e.g. ``"widget"``), keys without the prefix:
    handed as a whole to a UI (the web widget receives its labels this way)."""
    start = f"{prefix}."
    return {
        key[len(start) :]: value
        for key, value in catalogue(resolve(language)).items()
        if key.startswith(start) and isinstance(value, str)
    }


def fields_of(text: str) -> set[str]:
    """The ``{field}`` names a wording uses (for the catalogue consistency test)."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _lookup(language: str | None, key: str) -> str | tuple[str, ...]:
    entries = catalogue(resolve(language))
    if key not in entries:
        raise KeyError(
            f"i18n: no string {key!r} for {resolve(language)!r}; add it to every catalogue"
        )
    return entries[key]
