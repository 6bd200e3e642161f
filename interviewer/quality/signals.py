"""Trust signals and the verdict they add up to.

A signal is one thing a person can check in the transcript or the stored counts: "answer to
q2 was 97% pasted (412 of 425 characters)". Each has a severity: ``review`` (worth a look, a
person could have a good reason) or ``exclude`` (no plausible genuine answer looks like this).
The verdict is the worst severity: any ``exclude`` signal → ``exclude``; any ``review`` →
``review``; none → ``ok``. Review signals never add up to an exclusion: several weak hints
are a reason to read a session, not to drop it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Literal

Severity = Literal["review", "exclude"]
Verdict = Literal["ok", "review", "exclude"]
VERDICTS: tuple[Verdict, ...] = ("ok", "review", "exclude")


class Flag(StrEnum):
    """What kind of problem a signal points at."""

    PASTED = "pasted"
    MACHINE_STYLE = "machine_style"
    DUPLICATE = "duplicate"
    REPEAT_RESPONDENT = "repeat_respondent"
    GIBBERISH = "gibberish"
    SPEEDING = "speeding"
    IDENTICAL_TIMING = "identical_timing"
    STRAIGHT_LINING = "straight_lining"
    CONTRADICTION = "contradiction"


@dataclass(frozen=True)
class Signal:
    """One flag on one session (or one of its answers), with a reason a person can check."""

    flag: Flag
    severity: Severity
    reason: str
    question_id: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "flag": self.flag.value,
            "severity": self.severity,
            "reason": self.reason,
            "question_id": self.question_id,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Signal:
        return cls(
            flag=Flag(data["flag"]),
            severity=data["severity"],
            reason=str(data["reason"]),
            question_id=data.get("question_id"),
        )


def verdict_of(signals: list[Signal]) -> Verdict:
    """``exclude`` if any signal says so, ``review`` if any signal at all, else ``ok``."""
    if any(s.severity == "exclude" for s in signals):
        return "exclude"
    return "review" if signals else "ok"


def flag_names(signals: list[Signal]) -> list[str]:
    """The distinct flags raised, in a stable order, as short readable words."""
    seen = dict.fromkeys(s.flag for s in signals)
    return [flag.value.replace("_", " ") for flag in Flag if flag in seen]
