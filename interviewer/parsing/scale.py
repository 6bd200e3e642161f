"""Reading a number on a scale: "about a seven", "7/10", "a 7 I guess", "10 - love it".

Decisions, so that a stored value is always one the respondent actually chose:

- A range ("between 6 and 7", "6-7", "6 or 7") and a decimal ("7.5") are *not rounded*; the
  respondent is asked for one whole number. Rounding would record a choice they did not make
  (and which way to round is a coin toss); one short re-ask gets their own pick.
- "N out of M" and "N/M" read as N when M is the scale's top; on another base ("4 out of 5" on a
  1–10 scale) the respondent is asked to use the scale instead of us converting.
- A negated number ("not a 10, more like an 8") is dropped.
- Numbers outside the scale are ignored when exactly one number is inside it ("we were 40
  people, I'd say 7"); when none is, the respondent hears the valid range.
- Two different in-range numbers ("7, maybe 8") ask for one; the same number twice is fine.
- A number that counts something ("3 teams", "5 years ago") is a quantity, not a rating:
  "we have 3 teams and 12 people" is not read as a 3.
- With no number at all, the scale's end labels count ("extremely" → the top of the scale).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from interviewer.i18n import say
from interviewer.parsing import languages
from interviewer.parsing.result import Parsed, invalid
from interviewer.parsing.text import (
    NUMBER_WORDS,
    is_word,
    normalize,
    number_value,
    phrase_table,
    scan,
    tokenize,
    word_set,
)
from interviewer.study import Scale

_DECIMAL = re.compile(r"(?<![\d.])(-?\d+)\.(\d+)(?![\d.]*\d)")
_NUMBER_TOKEN = re.compile(r"^(\d+)(?:ish)?$")
_HYPHEN_RANGE = re.compile(r"^(\d+)-(\d+)$")
_DECIMAL_MARK = "decimalnumber"
_MINUS = re.compile(r"(?:^|(?<=\s))-(?=\d)")  # "-2", but not the dash in "10 - love it"
# Words that may follow a rating ("a 7 I guess", "8 for me", "7 stars"); any other word after
# a number makes it a count of something ("3 teams").
_AFTER_RATING = word_set(
    """or to and i it is maybe probably definitely because but though honestly really
    for at on in points point stars star tops max now then overall here so since as from with if
    although would most least easily tbh lol ish"""
)
# The same, in the other supported languages (a union: the words do not clash with English).
_AFTER_RATING_OTHER = word_set(
    """o y e u creo diría diria quizás quizá quizas tal vez porque pero aunque sobre de puntos
    punto estrellas más mas menos seguramente probablemente sinceramente la verdad para mí mi
    oder und ich denke würde sagen vielleicht weil aber von punkte punkt sterne eher
    wahrscheinlich ehrlich für mich ou et je pense dirais peut-être parce mais sur points
    étoiles plutôt probablement honnêtement pour moi acho diria talvez pontos ponto estrelas
    provavelmente sinceramente para mim"""
)
# Words before a number that take it back: "not a 10", "never an 8", "definitely not 5".
_NEGATORS = frozenset({"not", "never"})
_TENS = frozenset(range(20, 100, 10))
_BETWEEN_NEGATOR = frozenset({"a", "an", "even", "quite", "really", "exactly"})
# "one" is also a pronoun ("the one we use", "one of them"): only a number in number-ish company.
_ONE_PRONOUN_BEFORE = frozenset({"the", "no", "any", "every", "this", "that", "which", "each"})
_ONE_PRONOUN_AFTER = frozenset({"of", "thing", "day", "time", "way", "more", "another", "sec"})


@dataclass(frozen=True)
class _Numbers:
    """The numbers found in an answer, by role."""

    singles: list[int]
    """Plain numbers and the N of "N out of <top>"."""
    ranges: list[tuple[int, int]]
    """Two numbers offered as alternatives: "6-7", "between 6 and 7", "6 or 7"."""
    foreign: list[tuple[int | None, int]]
    """"N out of M" on a base M other than the scale's top (N unknown in "3 stars out of 5")."""
    decimals: list[str]


def parse_scale(question: Scale, text: str, lang: str = "en") -> Parsed:
    low, high = question.min, question.max
    pick = say(lang, "problem.scale_pick", low=low, high=high)
    if lang != "en":
        # "siete" → "7", "7,5" → "7.5": then the same reading as English.
        text = languages.decimal_points(languages.digits(text, lang), lang)
    found = _find_numbers(text, question, lang)
    if found.decimals:
        said = found.decimals[0]
        down = math.floor(float(said))
        return invalid(
            say(
                lang, "problem.scale_decimal", low=low, high=high, said=said, down=down, up=down + 1
            )
        )
    ranges = [r for r in found.ranges if r != (low, high)]  # "on a scale of 1 to 10, a 7"
    if not ranges and not found.singles and found.ranges:
        ranges = found.ranges  # "1 to 10" and nothing else: still a range
    inside = sorted({n for n in found.singles if low <= n <= high})
    in_range_ranges = [(a, b) for a, b in ranges if low <= a <= high or low <= b <= high]
    if in_range_ranges:
        a, b = in_range_ranges[0]
        return invalid(say(lang, "problem.scale_between", low=low, high=high, a=a, b=b))
    if found.foreign:  # another scale anywhere makes every number in the answer doubtful
        n, base = found.foreign[0]
        said = (
            say(lang, "problem.scale_out_of", n=n, base=base)
            if n is not None
            else say(lang, "problem.scale_score_out_of", base=base)
        )
        return invalid(say(lang, "problem.scale_other_base", low=low, high=high, said=said))
    if len(inside) == 1:
        return Parsed(value=inside[0])
    if len(inside) > 1:
        listed = f" {say(lang, 'words.and')} ".join(str(n) for n in inside[:2])
        return invalid(say(lang, "problem.scale_several", low=low, high=high, listed=listed))
    outside = [n for n in found.singles if not low <= n <= high]
    if outside:
        return invalid(say(lang, "problem.scale_outside", n=outside[0], pick=pick))
    labelled = _label_value(question, text)
    return Parsed(value=labelled) if labelled is not None else invalid(pick)


def _find_numbers(text: str, question: Scale, lang: str = "en") -> _Numbers:
    normalized = normalize(text)
    decimals: list[str] = []

    def _decimal(match: re.Match[str]) -> str:
        if set(match.group(2)) == {"0"}:
            return match.group(1)  # "7.0" is a whole number
        decimals.append(match.group(0))
        return f" {_DECIMAL_MARK} "

    normalized = _MINUS.sub("minus ", _DECIMAL.sub(_decimal, normalized))
    tokens = _words_to_digits(tokenize(normalized))
    after_rating = _AFTER_RATING
    if lang != "en":
        tokens = languages.english_number_words(tokens)
        after_rating = _AFTER_RATING | _AFTER_RATING_OTHER
    singles: list[int] = []
    ranges: list[tuple[int, int]] = []
    foreign: list[tuple[int | None, int]] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        hyphen_range = _HYPHEN_RANGE.match(token)
        if hyphen_range:
            ranges.append((int(hyphen_range.group(1)), int(hyphen_range.group(2))))
            i += 1
            continue
        if token == "between":
            words = [t for t in tokens[i + 1 : i + 6] if t not in ("a", "an")][:3]
            if len(words) == 3 and words[1] in ("and", "or"):
                a, b = _int(words[0]), _int(words[2])
                if a is not None and b is not None:
                    ranges.append((a, b))
                    i += 1 + tokens[i + 1 :].index(words[2]) + 1
                    continue
        if token == "of" and i > 0 and tokens[i - 1] == "out" and i + 1 < len(tokens):
            base = _int(tokens[i + 1])  # "3 stars out of 5": a rating on another scale
            if base is not None and base != question.max:
                foreign.append((None, base))
            i += 2
            continue
        value = _int(token)
        if value is None:
            i += 1
            continue
        if i > 0 and tokens[i - 1] == "minus" and (i < 2 or _int(tokens[i - 2]) is None):
            value = -value  # a point on a scale like -3 … 3, or "-2" said to a 1–5 scale
        if i + 1 < len(tokens) and tokens[i + 1] == "%":
            i += 2  # "100% a 10": enthusiasm, not a scale point
            continue
        rest = tokens[i + 1 : i + 4]
        base, used = _base(rest)
        if base is not None:
            if base == question.max:
                if not _negated(tokens, i):
                    singles.append(value)
            elif rest[0] == "/" and not _is_common_base(base):
                ranges.append((value, base))  # "7/8": seven or eight
            else:
                foreign.append((value, base))
            i += 1 + used
            continue
        other, used = _alternative(rest)
        if other is not None:
            ranges.append((value, other))
            i += 1 + used
            continue
        after = tokens[i + 1] if i + 1 < len(tokens) else ""
        counts_something = is_word(after) and after not in after_rating and _int(after) is None
        if not _negated(tokens, i) and not counts_something:
            singles.append(value)
        i += 1
    return _Numbers(singles, ranges, foreign, decimals)


def _int(token: str) -> int | None:
    match = _NUMBER_TOKEN.match(token)
    return int(match.group(1)) if match else None


def _base(rest: Sequence[str]) -> tuple[int | None, int]:
    """The M of "/M" or "out of M" right after a number, and how many tokens it used. (A bare
    "of" counts things: "2 of our 5 teams".)"""
    if len(rest) >= 2 and rest[0] == "/":
        return _int(rest[1]), 2
    if len(rest) >= 3 and rest[0] == "out" and rest[1] == "of":
        return _int(rest[2]), 3
    return None, 0


def _alternative(rest: Sequence[str]) -> tuple[int | None, int]:
    """The second number of "N - M", "N to M", "N or M"."""
    if len(rest) >= 2 and rest[0] in ("-", "to", "or"):
        return _int(rest[1]), 2
    if len(rest) >= 3 and rest[0] == "or" and rest[1] in ("a", "an", "maybe", "possibly"):
        return _int(rest[2]), 3
    return None, 0


def _is_common_base(base: int) -> bool:
    return base in (5, 10, 100)


def _negated(tokens: Sequence[str], index: int) -> bool:
    before = [t for t in tokens[max(0, index - 3) : index] if t not in _BETWEEN_NEGATOR]
    return bool(before) and before[-1] in _NEGATORS


def _words_to_digits(tokens: list[str]) -> list[str]:
    """Number words become digits ("seven" → "7", "twenty five" → "25", "a hundred" → "100")."""
    out: list[str] = []
    for i, token in enumerate(tokens):
        value = number_value(token)
        if value is None or token.isdigit():
            out.append(token)
            continue
        before = tokens[i - 1] if i else ""
        after = tokens[i + 1] if i + 1 < len(tokens) else ""
        if token == "one" and (before in _ONE_PRONOUN_BEFORE or after in _ONE_PRONOUN_AFTER):
            out.append(token)
            continue
        if token == "hundred" and out and out[-1] in ("a", "1"):
            out[-1] = "100"
            continue
        tens_before = bool(out) and before in NUMBER_WORDS and NUMBER_WORDS[before] in _TENS
        if 1 <= value <= 9 and tens_before:  # "twenty five"
            out[-1] = str(int(out[-1]) + value)
            continue
        out.append(str(value))
    return out


def _label_value(question: Scale, text: str) -> int | None:
    labels = {
        label: value
        for label, value in ((question.min_label, question.min), (question.max_label, question.max))
        if label
    }
    if not labels:
        return None
    tokens = tokenize(normalize(text))
    hits = scan(tokens, phrase_table(labels))
    values = {h.value for h in hits if not _negated(tokens, h.start)}
    return values.pop() if len(values) == 1 else None
