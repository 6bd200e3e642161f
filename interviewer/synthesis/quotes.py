"""Quote verification: a quote is shown only if the respondent said it, word for word.

A model proposes a quote and the turn it comes from. The quote is accepted when, after
normalising whitespace, quote marks, dashes and case, it occurs in that turn — or in a nearby
respondent turn of the same session (the citation is then corrected). A near miss (a dropped
word, a changed tense) is *repaired*: replaced by the source span it aligns with, if the fuzzy
match scores at least :data:`REPAIR_THRESHOLD`. Anything else is dropped and counted.

Either way the result is a set of spans of the source turn, so what a report displays is always
the turn's own text, never the model's wording. A quote with an ellipsis ("we chase them …
it takes days") is accepted only if every fragment occurs, in order, in one turn.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from rapidfuzz import fuzz

from interviewer.report.model import ELLIPSIS, Fragment
from interviewer.store import TurnRecord

REPAIR_THRESHOLD = 90.0
"""Minimum rapidfuzz ``partial_ratio`` (0–100) for a near miss to be repaired to the source."""
MIN_FUZZY_CHARS = 12
"""Shorter fragments must match exactly: a fuzzy match of a few characters proves nothing."""
NEIGHBOURS = 2
"""How many respondent turns either side of the cited one are searched."""

_FOLD = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        "\u00ab": '"', "\u00bb": '"', "\u2013": "-", "\u2014": "-", "\u2010": "-",
        "\u2011": "-", "\u2212": "-",
    }
)  # fmt: skip
_ELLIPSIS = re.compile(r"\s*(?:\[\s*(?:\.\s?){3}\s*\]|\[\s*…\s*\]|(?:\.\s?){3}|…)\s*")
_QUOTE_MARKS = "\"'“”‘’«»"
_TRAILING = ".,;:!?-–— \t\r\n"

How = Literal["exact", "neighbour", "repaired"]


@dataclass(frozen=True)
class Located:
    """A verified quote: spans of one respondent turn."""

    turn: TurnRecord
    """The turn the words are in (may differ from the cited one: see ``how``)."""
    spans: tuple[tuple[int, int], ...]
    """``(start, end)`` offsets into ``turn.text``, in order."""
    how: How
    """``exact`` in the cited turn, ``neighbour`` (exact, another turn), or ``repaired``."""

    @property
    def fragments(self) -> list[Fragment]:
        return [Fragment(start=s, end=e, text=self.turn.text[s:e]) for s, e in self.spans]

    @property
    def text(self) -> str:
        return ELLIPSIS.join(self.turn.text[s:e] for s, e in self.spans)


@dataclass(frozen=True)
class Rejected:
    """A quote that could not be traced to the respondent's words."""

    reason: str
    """A short, countable reason, e.g. ``not found in the transcript``."""


def normalize(text: str) -> tuple[str, list[int]]:
    """Text folded for comparison, and for each of its characters the source offset.

    Whitespace runs become one space (none at the ends), curly quotes and dashes become
    ASCII, letters are lowercased.
    """
    out: list[str] = []
    origin: list[int] = []
    pending_space = False
    for index, char in enumerate(text):
        if char.isspace():
            pending_space = bool(out)
            continue
        if pending_space:
            out.append(" ")
            origin.append(index - 1)
            pending_space = False
        for folded in char.translate(_FOLD).lower():
            out.append(folded)
            origin.append(index)
    return "".join(out), origin


def split_fragments(quote: str) -> list[str]:
    """The parts of a quote between ellipses, without wrapping quote marks or edge punctuation.

    A quote mark inside the quote stays (``for "four days"``), so the span found keeps it too.
    """
    quote = quote.strip()
    if len(quote) > 1 and quote[0] in _QUOTE_MARKS and quote[-1] in _QUOTE_MARKS:
        quote = quote[1:-1]
    parts = (p.strip(_TRAILING) for p in _ELLIPSIS.split(quote))
    return [p for p in parts if p.strip(_QUOTE_MARKS)]


class QuoteChecker:
    """Verifies quotes against the turns of one session."""

    def __init__(
        self,
        turns: Sequence[TurnRecord],
        *,
        threshold: float = REPAIR_THRESHOLD,
        neighbours: int = NEIGHBOURS,
    ) -> None:
        self._threshold = threshold
        self._neighbours = neighbours
        self._by_id = {t.id: t for t in turns}
        ordered = sorted(turns, key=lambda t: t.seq)
        self._respondent = [t for t in ordered if t.role == "respondent"]
        self._position = {t.id: i for i, t in enumerate(ordered)}
        self._ordered = ordered
        self._normal: dict[int, tuple[str, list[int]]] = {}

    def check(self, quote: str, turn_id: int) -> Located | Rejected:
        """Locate ``quote`` (said, per the model, in turn ``turn_id``) in the transcript."""
        fragments = [normalize(f)[0] for f in split_fragments(quote)]
        if not fragments:
            return Rejected("empty quote")
        cited = self._by_id.get(turn_id)
        if cited is None:
            return Rejected("cites a turn that is not in the session")
        nearby = self._nearby(cited)
        if cited.role == "respondent":
            found = self._find(cited, fragments, fuzzy=False)
            if found is not None:
                return Located(cited, found, "exact")
        for turn in nearby:
            found = self._find(turn, fragments, fuzzy=False)
            if found is not None:
                return Located(turn, found, "neighbour")
        if cited.role == "moderator" and self._find(cited, fragments, fuzzy=False) is not None:
            return Rejected("the moderator's words, not the respondent's")
        for turn in ([cited] if cited.role == "respondent" else []) + nearby:
            found = self._find(turn, fragments, fuzzy=True)
            if found is not None:
                return Located(turn, found, "repaired")
        return Rejected("not found in the transcript")

    def _nearby(self, cited: TurnRecord) -> list[TurnRecord]:
        """Respondent turns around the cited one, nearest first (earlier before later)."""
        position = self._position[cited.id]
        before = [t for t in self._ordered[:position] if t.role == "respondent"]
        after = [t for t in self._ordered[position + 1 :] if t.role == "respondent"]
        picked: list[TurnRecord] = []
        for step in range(self._neighbours):
            if step < len(before):
                picked.append(before[-1 - step])
            if step < len(after):
                picked.append(after[step])
        return picked

    def _norm(self, turn: TurnRecord) -> tuple[str, list[int]]:
        if turn.id not in self._normal:
            self._normal[turn.id] = normalize(turn.text)
        return self._normal[turn.id]

    def _find(
        self, turn: TurnRecord, fragments: list[str], *, fuzzy: bool
    ) -> tuple[tuple[int, int], ...] | None:
        """Spans of ``turn.text`` holding every fragment in order, or None."""
        text, origin = self._norm(turn)
        spans: list[tuple[int, int]] = []
        cursor = 0
        for fragment in fragments:
            start = _find_words(text, fragment, cursor)
            if start >= 0:
                end = start + len(fragment)
            elif fuzzy and len(fragment) >= MIN_FUZZY_CHARS:
                aligned = self._align(fragment, text, cursor)
                if aligned is None:
                    return None
                start, end = aligned
            else:
                return None
            spans.append((origin[start], origin[end - 1] + 1))
            cursor = end
        return tuple(_widen(turn.text, s, e) for s, e in spans) if fuzzy else tuple(spans)

    def _align(self, fragment: str, text: str, cursor: int) -> tuple[int, int] | None:
        """The span of ``text[cursor:]`` a near-miss ``fragment`` aligns with, if close enough."""
        rest = text[cursor:]
        if len(fragment) > len(rest):
            if fuzz.ratio(fragment, rest) >= self._threshold:
                return cursor, len(text)
            return None
        alignment = fuzz.partial_ratio_alignment(fragment, rest, score_cutoff=self._threshold)
        if alignment is None:
            return None
        start, end = _best_words(
            fragment, text, cursor + alignment.dest_start, cursor + alignment.dest_end
        )
        if not 0.8 * len(fragment) <= end - start <= 1.25 * len(fragment):
            return None
        return start, end


def _best_words(fragment: str, text: str, start: int, end: int) -> tuple[int, int]:
    """Snap an alignment to the word boundaries (within two words) that match best.

    ``partial_ratio`` aligns a window as long as the fragment, so a source with extra
    punctuation shifts it by a word; trying nearby word starts and ends fixes that.
    """
    starts = [m.start() for m in re.finditer(r"\S+", text)]
    ends = [m.end() for m in re.finditer(r"\S+", text)]
    near_starts = sorted(starts, key=lambda p: abs(p - start))[:5]
    near_ends = sorted(ends, key=lambda p: abs(p - end))[:5]
    best, best_score = (start, end), -1.0
    for s in near_starts:
        for e in near_ends:
            if e > s:
                score = fuzz.ratio(fragment, text[s:e])
                if score > best_score:
                    best, best_score = (s, e), score
    return best


def _find_words(text: str, fragment: str, cursor: int) -> int:
    """Like ``text.find`` but only at word boundaries ("chase" is not in "purchase")."""
    start = text.find(fragment, cursor)
    while start >= 0:
        end = start + len(fragment)
        clean_start = start == 0 or not (text[start - 1].isalnum() and fragment[0].isalnum())
        clean_end = end == len(text) or not (text[end].isalnum() and fragment[-1].isalnum())
        if clean_start and clean_end:
            return start
        start = text.find(fragment, start + 1)
    return -1


def _widen(text: str, start: int, end: int) -> tuple[int, int]:
    """Extend a repaired span to whole words, so a repair never shows half a word."""
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:-–—"):
        end -= 1
    return start, end
