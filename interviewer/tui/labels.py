"""The terminal app's own words, in the study's language (from the ``tui`` catalogue section)."""

from __future__ import annotations

from dataclasses import replace

from textual.binding import BindingsMap

from interviewer import i18n


def label(lang: str | None, key: str, **fields: object) -> str:
    """``tui.<key>`` in ``lang``."""
    return i18n.say(lang, f"tui.{key}", **fields)


def relabel(bindings: BindingsMap, lang: str | None, keys: dict[str, str]) -> None:
    """Translate the footer descriptions of ``bindings`` in place: ``keys`` maps an action
    ("skip") to its catalogue key ("skip" → ``tui.skip``). Bindings are declared once per class
    in English; each app or screen instance shows them in its study's language."""
    for key, found in bindings.key_to_bindings.items():
        bindings.key_to_bindings[key] = [
            replace(b, description=label(lang, keys[b.action])) if b.action in keys else b
            for b in found
        ]
