"""The live guard: should the moderator ask its one gentle attention check now?

Runs on each respondent message before the reply is decided, with only what that message
carries (its text and the client's telemetry), so it costs well under a millisecond. It asks
for a check when an open answer reads mostly pasted, machine-written or impossibly fast — once
per interview, and the wording (``probe.attention`` in the catalogues) only asks for the
respondent's own words about a real time. Gibberish is left to the moderator's own steer.
"""

from __future__ import annotations

from interviewer.interview import InterviewState
from interviewer.quality.assessment import answer_signals
from interviewer.quality.effort import AnswerTurn
from interviewer.quality.signals import Flag
from interviewer.quality.telemetry import AnswerTelemetry
from interviewer.study import Study

LIVE_FLAGS = (Flag.PASTED, Flag.MACHINE_STYLE, Flag.SPEEDING)


def attention_reason(
    study: Study, state: InterviewState, message: str, telemetry: AnswerTelemetry | None
) -> str | None:
    """Why this message deserves the attention check, or ``None`` (also once it was asked)."""
    if state.attention_checked or state.awaiting != "answer" or state.current_id is None:
        return None
    question = study.question(state.current_id)
    if not question.is_open:
        return None
    turn = AnswerTurn(state.current_id, message, True, telemetry, None)
    lang = state.language or study.language
    for signal in answer_signals(turn, lang):
        if signal.flag in LIVE_FLAGS:
            return f"{signal.flag.value}: {signal.reason}"
    return None
