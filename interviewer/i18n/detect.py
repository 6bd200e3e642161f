"""Which of a study's languages a respondent's message is written in.

Uses ``lingua-language-detector`` (maintained, offline, n-gram models shipped in the wheel).
The detector is built only for the study's allowed languages — fewer candidates is both faster
and more accurate — lazily on the first multi-language message, and once per process per set
of languages. Low-accuracy mode (trigrams only) keeps it to ~30 MB and well under a
millisecond per message; its weakness, very short texts, does not matter here because short
messages ("sí", "ok", "7") never switch the interview's language anyway: they keep the
language the interview is already in.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING

from interviewer.i18n import SUPPORTED, base_code

if TYPE_CHECKING:
    from lingua import LanguageDetector

MIN_WORDS = 3
"""Messages shorter than this keep the current language: too short to tell reliably."""
MIN_CONFIDENCE = 0.6
"""The detector's confidence (0..1, summing to 1 over the candidates) needed to switch."""

_LINGUA_NAMES = {
    "en": "ENGLISH",
    "es": "SPANISH",
    "de": "GERMAN",
    "fr": "FRENCH",
    "pt": "PORTUGUESE",
}


def detect_language(text: str, allowed: Sequence[str], current: str | None = None) -> str | None:
    """The allowed language ``text`` is written in, or ``current`` when it cannot tell.

    With a single allowed language there is nothing to choose and no detector is built.
    """
    codes = tuple(sorted({base_code(c) for c in allowed if base_code(c) in SUPPORTED}))
    if len(codes) <= 1:
        return codes[0] if codes else current
    if len(text.split()) < MIN_WORDS:
        return current
    detector = _detector(codes)
    values = detector.compute_language_confidence_values(text)
    if not values:
        return current
    best = values[0]
    if best.value < MIN_CONFIDENCE:
        return current
    name = best.language.name
    return next((code for code, lingua in _LINGUA_NAMES.items() if lingua == name), current)


def warm_up(allowed: Sequence[str]) -> None:
    """Build the detector for a study's languages and load its models now (~0.2 s, once per
    process), so the first respondent turn that needs it doesn't pay for it. A study with one
    language needs no detector and nothing is loaded."""
    codes = tuple(sorted({base_code(c) for c in allowed if base_code(c) in SUPPORTED}))
    if len(codes) > 1:
        _detector(codes).compute_language_confidence_values("warm up the models")


@cache
def _detector(codes: tuple[str, ...]) -> LanguageDetector:
    from lingua import Language, LanguageDetectorBuilder

    languages = [getattr(Language, _LINGUA_NAMES[code]) for code in codes]
    return LanguageDetectorBuilder.from_languages(*languages).with_low_accuracy_mode().build()
