"""Reading the reply to the consent question, in every supported language.

Consent is the one answer that must never be guessed: a message counts as agreement only when
it is *clearly a yes in a language we know* — a yes phrase of that language, nothing that
hedges, conditions or questions it, no "no" in any language, and at most a few other words
around it ("sí, de acuerdo, empecemos", "yes, happy to help with your research"). Anything
else — a sentence that merely contains a short word that is "yes" somewhere ("y", "ya"), a
"we'll see" ("ya veremos"), an answer to a question not yet asked — is ``None``, and the
moderator asks again, explicitly.
"""

from __future__ import annotations

from collections.abc import Sequence

from interviewer.parsing.languages import CONSENT, READING_LANGUAGES, consent_tables
from interviewer.parsing.text import is_word, normalize, scan, tokenize

MAX_OTHER_WORDS = 3
"""Words besides yes phrases and filler that a clear yes may carry."""


def read_consent(text: str, languages: Sequence[str] | None = None) -> bool | None:
    """``True`` for a clear yes, ``False`` for a clear no, ``None`` otherwise.

    ``languages`` are those the study allows (default: every supported language); the message
    is read with each language's words and the readings must agree.
    """
    normalized = normalize(text)
    if "?" in normalized or "¿" in normalized:
        return None
    tokens = tokenize(normalized)
    words = [i for i, t in enumerate(tokens) if is_word(t)]
    if not words:
        return None
    codes = [c for c in (languages or READING_LANGUAGES) if c in CONSENT] or ["en"]
    hits: list[tuple[int, int, bool | None]] = []
    filler: set[str] = set()
    for code in codes:
        table, whole, fill = consent_tables(code)
        filler |= fill
        if tuple(tokens[i] for i in words) in whole:
            hits.append((words[0], words[-1] + 1, True))
        hits.extend((hit.start, hit.end, hit.value) for hit in scan(tokens, table))
    # Across languages the longest phrase wins where two overlap: English "no problem" is a
    # yes although "no" alone is a no in Spanish.
    readings: set[bool | None] = set()
    covered: set[int] = set()
    for start, end, value in sorted(hits, key=lambda h: h[0] - h[1]):
        span = set(range(start, end))
        if span & covered:
            continue
        covered |= span
        readings.add(value)
    if None in readings or len(readings) != 1:
        return None
    agreed = readings.pop()
    if agreed is False:
        return False
    others = [tokens[i] for i in words if i not in covered and tokens[i] not in filler]
    return True if len(others) <= MAX_OTHER_WORDS else None
