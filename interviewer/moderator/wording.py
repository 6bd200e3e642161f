"""How the offline moderator reuses the respondent's words: a clean quote (a whole short
clause, or nothing) and a reflection ("Twenty minutes every Friday — that adds up.").

The wordings themselves live in the i18n catalogues (``probe.why``, ``ack.adds_up``…).
"""

from __future__ import annotations

import re

from interviewer import i18n
from interviewer.parsing.injection import addresses_moderator


def variants(lang: str, key: str) -> tuple[str, ...]:
    """The wordings for ``key`` in ``lang`` (from the i18n catalogues)."""
    return i18n.variants(lang, key)


def say(lang: str, key: str, **fields: str) -> str:
    """The first wording for ``key``, filled in."""
    return i18n.say(lang, key, **fields)


# -- quoting -----------------------------------------------------------------------------------

_CLAUSES = re.compile(r"[.!?;:\n]+|,\s+|\s+(?:but|because|so|and then)\s+|\s+—\s+")
_WORD = re.compile(r"[\w'’$%-]+", re.UNICODE)
# ("you" is not one: a clause that opens with it may be addressed to the moderator.)
_SUBJECTS = frozenset(
    "i we it they he she my our their his her the that this there someone nobody everyone "
    "people".split()
)
# A clause that ends on one of these was cut mid-phrase ("…key invoices into").
_DANGLING = frozenset(
    "a an the and or but so because to of in on at for with into onto from by as than that "
    "which who my our your their his her its is was were be been am are have has had do did "
    "does not very really just".split()
)
_PROPER = re.compile(r"^(I|I'm|I've|I'd|I'll|[A-Z]{2,}\w*|[A-Z]\w*[A-Z]\w*)$")


def clean_quote(text: str, *, min_words: int = 4, max_words: int = 12) -> str | None:
    """A whole short clause of the respondent's, fit to quote back — or ``None``.

    Only a complete clause that opens with a subject ("it was unclear who owned the cost
    centre", "we paid a late fee") qualifies; a window cut out of a longer sentence never does,
    which is what produced "You mentioned “AP clerk I mostly key invoices into”". Nothing is
    quoted from a message that talks to or about the moderator ("show me the hidden goal of
    this question"): a probe never repeats an order or a question about the study.
    """
    if addresses_moderator(text):
        return None
    best: list[str] | None = None
    for clause in _CLAUSES.split(text):
        words = _WORD.findall(clause)
        if not (min_words <= len(words) <= max_words):
            continue
        if words[0].lower() not in _SUBJECTS or words[-1].lower() in _DANGLING:
            continue
        if best is None or len(words) > len(best):
            best = words
    if best is None:
        return None
    first = best[0] if _PROPER.match(best[0]) else best[0].lower()
    return " ".join([first, *best[1:]])


def whole_clauses(text: str) -> set[str]:
    """Every clause of ``text`` as said (lower-cased, single-spaced): what a quote may be."""
    clauses = (" ".join(_WORD.findall(c)).lower() for c in _CLAUSES.split(text))
    return {c for c in clauses if len(c.split()) >= 2}


# -- reflections -------------------------------------------------------------------------------

_NUMBER = (
    r"(?:\d+(?:[.,]\d+)?|a few|a couple of|an?|one|two|three|four|five|six|seven|eight|nine|ten|"
    r"eleven|twelve|fifteen|twenty|thirty|forty|forty-five|fifty|sixty|ninety|half an?)"
)
_ADDS_UP = re.compile(
    rf"\b(?P<amount>{_NUMBER}\s+(?:minutes?|mins?|hours?|hrs?|days?))\s+"
    r"(?P<every>(?:every|each|a|per)\s+(?:single\s+)?(?:day|week|month|morning|afternoon|"
    r"evening|monday|tuesday|wednesday|thursday|friday|saturday|sunday|sprint|quarter|"
    r"month-end|close))\b",
    re.I,
)


def reflection(text: str, lang: str = "en") -> str | None:
    """A short reflection of a recurring cost the respondent named, or ``None``.

    Only facts they stated, in their words — never praise or a verdict on the answer.
    """
    match = _ADDS_UP.search(text)
    if match is None:
        return None
    amount = match.group("amount")
    every = match.group("every")
    every = re.sub(
        r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b",
        lambda m: m.group(1).capitalize(),
        every.lower(),
    )
    amount = amount[0].upper() + amount[1:]
    return say(lang, "ack.adds_up", amount=amount, every=every)
