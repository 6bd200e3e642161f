"""Cut answers into clause-sized units, kept as character spans so quotes stay verbatim.

People raise several points in one answer ("the food was great but the waiter was rude"). A
whole-answer embedding blends those points, so themes are found over clauses instead and an
answer belongs to every theme one of its clauses belongs to. Splitting is deliberately shallow:
sentence punctuation, commas/semicolons and a few contrastive or causal conjunctions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Separators that usually start a new point. The conjunctions are English; for other languages
# punctuation alone still splits answers into sentences and clauses.
_BOUNDARY = re.compile(
    r"[.!?;:,()\[\]\n]+|[-–—]{1,2}\s|\s(?:but|and|although|though|while|because|however|yet|"
    r"whereas|except|plus|so)\s",
    re.IGNORECASE,
)
_WORD = re.compile(r"\w+")

MIN_UNIT_WORDS = 2
"""A fragment with fewer words (e.g. "Overall," or "salt" from "salt and pepper") is glued to its
neighbour: alone it says nothing a theme could be about."""


@dataclass(frozen=True)
class Unit:
    """One clause of one answer."""

    answer_index: int
    """Which answer the clause comes from."""
    start: int
    """Character offset of the clause in that answer."""
    end: int
    """Offset one past its last character."""
    text: str
    """The clause text, ``answer[start:end]``."""


def split_answer(text: str) -> list[tuple[int, int]]:
    """Spans ``(start, end)`` of the clauses of one answer, in order, trimmed of whitespace.

    Every non-empty answer yields at least one span; short fragments merge into the previous
    clause (or the next one, at the start).
    """
    pieces: list[tuple[int, int]] = []
    position = 0
    for match in _BOUNDARY.finditer(text):
        pieces.append((position, match.start()))
        position = match.end()
    pieces.append((position, len(text)))
    spans = [_trim(text, s, e) for s, e in pieces]
    spans = [(s, e) for s, e in spans if e > s]
    if not spans:
        return []
    merged: list[tuple[int, int]] = []
    carry: int | None = None  # start of a short leading fragment waiting for a neighbour
    for start, end in spans:
        if carry is not None:
            start, carry = carry, None
        if len(_WORD.findall(text[start:end])) >= MIN_UNIT_WORDS:
            merged.append((start, end))
        elif merged:
            merged[-1] = (merged[-1][0], end)
        else:
            carry = start
    if carry is not None:  # the whole answer is one short fragment
        merged.append((carry, spans[-1][1]))
    return merged


def split_answers(texts: list[str]) -> list[Unit]:
    """All clauses of all answers, answer by answer."""
    units: list[Unit] = []
    for index, text in enumerate(texts):
        for start, end in split_answer(text):
            units.append(Unit(index, start, end, text[start:end]))
    return units


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and not (text[start].isalnum() or text[start] in "\"'$£€“‘"):
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
