"""Low effort and bots: gibberish, pasting, impossible speed, machine-steady timing,
straight-lining and a screener "no" contradicted by a later story.

Thresholds are set so a genuine respondent on a bad day is at most sent to ``review``
(``benchmarks/quality_guard.py`` measures the false-flag rate on real human answers).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from interviewer.depth import Signals, score_answer
from interviewer.depth.lexicon import QUESTION_STOP, TOOLS
from interviewer.quality.signals import Flag, Signal
from interviewer.quality.telemetry import AnswerTelemetry

PASTED_SHARE = 0.8
"""An answer at least this much pasted is "mostly pasted"…"""
PASTED_MIN_CHARS = 30
"""… when it is long enough to be more than a pasted name or number."""
MAX_TYPED_CPS = 20.0
"""Characters per second nobody types for long: fast typists reach ~12 over a sentence."""
MAX_UNMEASURED_CPS = 30.0
"""Without client telemetry the server only sees question-to-answer time, which includes
reading: the bar is higher there."""
SPEED_MIN_CHARS = 60
"""Short answers ("Yes, twice") are fast for everyone."""
STEADY_MIN_ANSWERS = 4
STEADY_MIN_SECONDS = 1.0
"""Timings under a second apart are a script or a test, not "steady"; only slower, eerily
regular answer times are a bot's signature."""
STEADY_SPREAD = 0.03
"""Answer times all within 3 % of their mean (or 0.25 s) are identical for a person."""
STRAIGHT_LINE_MIN = 4
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_EXTRA_STOP = frozenset(
    "have has had ever used use using any anything tool tools been your you do does did there "
    "yes no currently now".split()
)


@dataclass(frozen=True)
class AnswerTurn:
    """One respondent message as the guard reads it."""

    question_id: str | None
    text: str
    open: bool
    """The message answers an open question (or a "why" follow-up): free text to read."""
    telemetry: AnswerTelemetry | None = None
    seconds: float | None = None
    """Seconds between the moderator's previous turn and this message (``None`` for imports)."""


def pasted(turn: AnswerTurn) -> Signal | None:
    telemetry = turn.telemetry
    if telemetry is None or len(turn.text.strip()) < PASTED_MIN_CHARS:
        return None
    share = telemetry.pasted_share(turn.text)
    if share < PASTED_SHARE:
        return None
    return Signal(
        Flag.PASTED,
        "review",
        f"answer was {share:.0%} pasted ({min(telemetry.pasted_chars, len(turn.text.strip()))} "
        f"of {len(turn.text.strip())} characters, {telemetry.pastes} paste(s))",
        turn.question_id,
    )


def gibberish(turn: AnswerTurn, lang: str | None, signals: Signals | None = None) -> Signal | None:
    if not turn.open or not turn.text.strip():
        return None
    signals = signals or score_answer(turn.text, None, lang).signals
    if not signals.gibberish:
        return None
    sample = turn.text.strip()[:30]
    return Signal(
        Flag.GIBBERISH, "review", f"keyboard mashing or letter soup: “{sample}”", turn.question_id
    )


def speeding(turn: AnswerTurn) -> Signal | None:
    telemetry = turn.telemetry
    if telemetry is not None:
        typed = telemetry.typed_chars(turn.text)
        if typed < SPEED_MIN_CHARS:
            return None
        seconds = telemetry.typing_ms / 1000
        if seconds > 0 and typed / seconds <= MAX_TYPED_CPS:
            return None
        rate = (
            "no measurable time"
            if seconds <= 0
            else f"{seconds:.1f} s ({typed / seconds:.0f} characters a second)"
        )
        return Signal(
            Flag.SPEEDING,
            "review",
            f"{typed} typed characters in {rate}; people type under {MAX_TYPED_CPS:.0f} a second",
            turn.question_id,
        )
    if turn.seconds is None or len(turn.text) < SPEED_MIN_CHARS:
        return None
    seconds = max(turn.seconds, 0.001)
    if len(turn.text) / seconds <= MAX_UNMEASURED_CPS:
        return None
    return Signal(
        Flag.SPEEDING,
        "review",
        f"{len(turn.text)} characters sent {seconds:.1f} s after the question "
        f"({len(turn.text) / seconds:.0f} a second, reading included)",
        turn.question_id,
    )


def identical_timing(turns: Sequence[AnswerTurn]) -> Signal | None:
    times = [
        t.telemetry.typing_ms / 1000 if t.telemetry is not None else t.seconds
        for t in turns
        if t.text.strip()
    ]
    measured = [s for s in times if s is not None]
    if len(measured) < STEADY_MIN_ANSWERS:
        return None
    mean = sum(measured) / len(measured)
    spread = max(measured) - min(measured)
    if mean < STEADY_MIN_SECONDS or spread > max(0.25, STEADY_SPREAD * mean):
        return None
    return Signal(
        Flag.IDENTICAL_TIMING,
        "review",
        f"{len(measured)} answers each took {mean:.1f} s (all within {spread:.2f} s): "
        "people are never this regular",
    )


def straight_lining(scale_values: Sequence[tuple[str, int]]) -> Signal | None:
    if len(scale_values) < STRAIGHT_LINE_MIN:
        return None
    values = {v for _, v in scale_values}
    if len(values) != 1:
        return None
    return Signal(
        Flag.STRAIGHT_LINING,
        "review",
        f"all {len(scale_values)} scale answers were {values.pop()} "
        f"({', '.join(q for q, _ in scale_values)})",
    )


def contradictions(
    said_no: Sequence[tuple[str, str]],
    later: Sequence[AnswerTurn],
    lang: str | None,
) -> list[Signal]:
    """A "no" to ``(question_id, question_text)`` about a named tool or product ("Have you
    used Notion this year?"), then a past story naming that tool in a later open answer.

    Only names count (capitalised mid-sentence, or a known product): a "no" about late fees
    followed by a story about approvals is no contradiction."""
    found: list[Signal] = []
    for question_id, question_text in said_no:
        topic = _named_tools(question_text)
        if not topic:
            continue
        for turn in later:
            if not turn.open or turn.question_id == question_id:
                continue
            words = {w.lower() for w in _WORD.findall(turn.text)}
            named = sorted(topic & words)
            if not named:
                continue
            signals = score_answer(turn.text, None, lang).signals
            if not (signals.past_tense or signals.concrete_instance):
                continue
            found.append(
                Signal(
                    Flag.CONTRADICTION,
                    "review",
                    f"answered no to “{question_text}” ({question_id}), then told a past "
                    f"story about {', '.join(named)} in {turn.question_id}",
                    turn.question_id,
                )
            )
            break
    return found


def _named_tools(question: str) -> set[str]:
    """Tools and products a question names: known products, or capitalised words that do not
    start a sentence."""
    names: set[str] = set()
    for sentence in re.split(r"(?<=[.?!])\s+", question.strip()):
        words = _WORD.findall(sentence)
        for index, word in enumerate(words):
            lower = word.lower()
            if lower in TOOLS or (index > 0 and word[:1].isupper() and lower not in QUESTION_STOP):
                names.add(lower)
    return names - _EXTRA_STOP
