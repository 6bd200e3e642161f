"""Options that are numbers or ranges ("Under 100", "100–500", "3–4", "5 or more"): an answer
that states a quantity picks the option that contains it.

"maybe around 300 or so" → "100–500"; "entre 200 y 2.000" → "200–2,000"; "cuatro" with a
household-size question → "3–4". A quantity on a shared boundary ("500" with "100–500" and
"500–2,000") or a range spanning several options is asked again with the candidates, never
guessed. A number said as an option reference ("option 2", "the second one") is left to the
usual option reading, as is an answer that uses an option's own words ("under 100").
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from interviewer.parsing import languages
from interviewer.parsing.text import ORDINALS, normalize, tokenize

_GROUPED = re.compile(r"(?<![\d.,])(\d{1,3})((?:[.,\u00a0\u202f ]\d{3})+)(?![\d]|[.,]\d)")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_RANGE = re.compile(
    r"(\d+(?:\.\d+)?)\s*(?:-|–|—|to|and|or|y|e|u|o|und|oder|bis|et|ou|à|a|até)\s*(\d+(?:\.\d+)?)"
)
_BELOW = re.compile(
    r"\b(?:under|fewer than|less than|below|menos de|weniger als|unter|moins de|"
    r"inférieur à|abaixo de)\s*(\d+)"
)
_UP_TO = re.compile(r"\b(?:up to|hasta|bis zu|bis|jusqu'à|até)\s*(\d+)")
_ABOVE = re.compile(
    r"\b(?:more than|over|above|más de|mas de|mehr als|über|ueber|plus de|mais de|acima de)"
    r"\s*(\d+)"
)
_OR_MORE = re.compile(
    r"(\d+)\s*(?:\+|or more|and up|o más|o mas|y más|oder mehr|und mehr|ou plus|et plus|"
    r"ou mais|e mais)"
)
_NONE_LABEL = frozenset({"none", "ninguno", "ninguna", "keine", "keiner", "aucun", "aucune",
                         "nenhum", "nenhuma", "0"})  # fmt: skip
_REFERENCE_WORDS = frozenset(
    "option choice number no # opción opcion número numero nummer möglichkeit opção opcao "
    "choix".split()
)


@dataclass(frozen=True)
class Interval:
    low: float
    high: float

    def contains(self, value: float) -> bool:
        return self.low <= value <= self.high


@dataclass(frozen=True)
class NumericPick:
    """The options a stated quantity fits: one means chosen, several means ask which."""

    options: tuple[int, ...]


def option_intervals(options: Sequence[str]) -> list[Interval | None] | None:
    """Each option as the quantities it covers, or ``None`` when the options are not numeric
    (fewer than two of them read as numbers)."""
    intervals = [_interval(option) for option in options]
    return intervals if sum(1 for i in intervals if i is not None) >= 2 else None


def numeric_pick(options: Sequence[str], text: str, lang: str) -> NumericPick | None:
    """The options the quantity stated in ``text`` falls into, if it states one."""
    intervals = option_intervals(options)
    if intervals is None or _is_reference(text):
        return None
    said = _quantities(text, lang)
    if said is None:
        return None
    low, high = said
    exact = [i for i, iv in enumerate(intervals) if iv and (iv.low, iv.high) == (low, high)]
    if exact:
        return NumericPick(tuple(exact))
    fits = [i for i, iv in enumerate(intervals) if iv and iv.contains(low) and iv.contains(high)]
    if fits:
        return NumericPick(tuple(fits))
    overlapping = [i for i, iv in enumerate(intervals) if iv and iv.low <= high and low <= iv.high]
    return NumericPick(tuple(overlapping)) if overlapping else None


def _interval(option: str) -> Interval | None:
    text = _plain_numbers(option, "en")
    if text.strip() in _NONE_LABEL:
        return Interval(0, 0)
    for pattern, make in (
        (_OR_MORE, lambda m: Interval(float(m.group(1)), math.inf)),
        (_BELOW, lambda m: Interval(-math.inf, float(m.group(1)) - 1e-9)),
        (_UP_TO, lambda m: Interval(-math.inf, float(m.group(1)))),
        (_ABOVE, lambda m: Interval(float(m.group(1)) + 1e-9, math.inf)),
        (_RANGE, lambda m: Interval(float(m.group(1)), float(m.group(2)))),
    ):
        match = pattern.search(text)
        if match:
            return make(match)
    numbers = _NUMBER.findall(text)
    if len(numbers) == 1:
        return Interval(float(numbers[0]), float(numbers[0]))
    return None


def _quantities(text: str, lang: str) -> tuple[float, float] | None:
    """The quantity an answer states: one number (as a zero-width range) or a range."""
    plain = _plain_numbers(text, lang)
    ranged = _RANGE.search(plain)
    if ranged:
        a, b = sorted((float(ranged.group(1)), float(ranged.group(2))))
        rest = plain[: ranged.start()] + plain[ranged.end() :]
        if not _NUMBER.search(rest):
            return a, b
        return None
    numbers = {float(n) for n in _NUMBER.findall(plain)}
    if len(numbers) != 1:
        return None
    value = numbers.pop()
    return value, value


def _plain_numbers(text: str, lang: str) -> str:
    """Lower-case text with number words as digits and no thousands separators."""
    text = _GROUPED.sub(lambda m: m.group(1) + re.sub(r"\D", "", m.group(2)), text)
    text = languages.digits(text, lang) if lang != "en" else text
    text = languages.english_digits(text)
    return normalize(text).replace("–", "-")


def _is_reference(text: str) -> bool:
    tokens = tokenize(normalize(text))
    return any(t in _REFERENCE_WORDS or t in ORDINALS or t in languages.ORDINALS for t in tokens)
