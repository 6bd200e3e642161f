"""Response quality and fraud guard: which sessions to trust before synthesis.

Signals (each with a reason a person can check) from what respondents wrote and how:
``telemetry.py`` (what clients measure: typing time, pastes), ``style.py`` (machine-written
style), ``duplicates.py`` (near-same answers across a study, MinHash), ``fingerprint.py``
(salted device hash for repeat respondents), ``effort.py`` (gibberish, pasting, speed, steady
timing, straight-lining, contradictions). ``assessment.py`` turns them into a verdict —
``ok`` / ``review`` / ``exclude`` — and ``trust.py`` stores it beside the depth score.
"""

from __future__ import annotations

from interviewer.quality.assessment import (
    CHECKER,
    Assessment,
    SessionMaterial,
    StudyIndex,
    answer_signals,
    assess,
)
from interviewer.quality.signals import VERDICTS, Flag, Signal, Verdict, verdict_of
from interviewer.quality.telemetry import AnswerTelemetry

__all__ = [
    "CHECKER",
    "VERDICTS",
    "AnswerTelemetry",
    "Assessment",
    "Flag",
    "SessionMaterial",
    "Signal",
    "StudyIndex",
    "Verdict",
    "answer_signals",
    "assess",
    "verdict_of",
]
