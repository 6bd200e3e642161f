"""A scripted respondent that can answer any study: used by tests and benchmarks.

It answers open questions with a concrete, deep story (so the moderator moves on), closed
questions with a valid choice that passes screeners, and "why" follow-ups with a reason.
"""

from __future__ import annotations

from interviewer.interview import InterviewState
from interviewer.moderator import Moderator
from interviewer.study import (
    MultipleChoice,
    OpenEnded,
    Question,
    Ranking,
    Scale,
    SingleChoice,
    Study,
)

WHY = "Because last month it took me three hours to sort out and we paid a $200 fee for it."


def deep_answer(question: Question) -> str:
    return (
        f"The last time was two weeks ago, on a Tuesday. On '{question.text[:60]}': it took me "
        "about three hours, cost us roughly $400, and I was really frustrated because my manager "
        "Dana had to step in. We worked around it with a shared spreadsheet, which broke again."
    )


def answer(study: Study, state: InterviewState) -> str:
    """What this respondent says next, given the interview state."""
    if state.awaiting == "consent":
        return "yes"
    if state.awaiting == "why":
        return WHY
    question = study.questions[state.question_index]
    if isinstance(question, OpenEnded):
        return deep_answer(question)
    screener = getattr(question, "disqualify_if", None)

    def passes(value: object) -> bool:
        return screener is None or not screener.holds(value)  # type: ignore[arg-type]

    if isinstance(question, Scale):
        value = next(v for v in range(question.max, question.min - 1, -1) if passes(v))
        return f"I'd say {value}"
    if isinstance(question, SingleChoice):
        return next(o for o in question.options if passes(o))
    if isinstance(question, MultipleChoice):
        count = max(1, question.min_selections)
        return " and ".join(question.options[:count])
    if isinstance(question, Ranking):
        return ", ".join(question.items[: question.rank_count])
    return "yes" if passes(True) else "no"


def script_for(study: Study, max_turns: int = 200) -> list[str]:
    """The whole interview's respondent lines, found by running the offline moderator."""
    moderator = Moderator(study)
    state = moderator.start().state
    lines: list[str] = []
    while not state.status.finished and len(lines) < max_turns:
        line = answer(study, state)
        lines.append(line)
        state = moderator.respond(state, line).state
    if not state.status.finished:
        raise AssertionError(f"{study.id}: no end after {max_turns} turns ({state.status})")
    return lines
