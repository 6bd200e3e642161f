"""Answers chosen with a control (buttons, checkboxes, a ranked list) rather than typed.

The terminal app and the web widget submit the typed value itself, so a selection is stored
exactly as chosen — never round-tripped through text parsing (an option such as "200–2,000"
would not survive a comma split). The value is still checked: a client cannot store anything
that is not valid for the question.
"""

from __future__ import annotations

from interviewer.parsing import OTHER, ClosedQuestion, Parsed
from interviewer.study import (
    AnswerValue,
    MultipleChoice,
    Ranking,
    Scale,
    SingleChoice,
    YesNo,
)


def check_selection(
    question: ClosedQuestion, value: AnswerValue, other_text: str | None = None
) -> Parsed:
    """``Parsed`` with the value if it is valid for ``question``, else with the problem."""
    problem = _problem(question, value, other_text)
    if problem:
        return Parsed(value=None, problem=problem)
    keep_other = other_text.strip() if other_text and _mentions_other(value) else None
    return Parsed(value=value, other_text=keep_other)


def _mentions_other(value: AnswerValue) -> bool:
    return value == OTHER or (isinstance(value, list) and OTHER in value)


def _problem(question: ClosedQuestion, value: AnswerValue, other_text: str | None) -> str | None:
    if isinstance(question, YesNo):
        return None if isinstance(value, bool) else "Please answer yes or no."
    if isinstance(question, Scale):
        ok = isinstance(value, int) and not isinstance(value, bool)
        if ok and question.min <= value <= question.max:  # type: ignore[operator]
            return None
        return f"Please pick a whole number from {question.min} to {question.max}."
    if isinstance(question, SingleChoice):
        allowed = [*question.options, *([OTHER] if question.allow_other else [])]
        if not isinstance(value, str) or value not in allowed:
            return "Please pick one of the options."
        if value == OTHER and not (other_text or "").strip():
            return "Please say what your other answer is."
        return None
    if isinstance(question, MultipleChoice):
        allowed = [*question.options, *([OTHER] if question.allow_other else [])]
        if not isinstance(value, list) or any(v not in allowed for v in value):
            return "Please pick from the options."
        if len(set(value)) != len(value):
            return "Please pick each option once."
        if len(value) < question.min_selections:
            return f"Please pick at least {question.min_selections}."
        if question.max_selections is not None and len(value) > question.max_selections:
            return f"Please pick at most {question.max_selections}."
        if OTHER in value and not (other_text or "").strip():
            return "Please say what your other answer is."
        return None
    if isinstance(question, Ranking):
        if not isinstance(value, list) or any(v not in question.items for v in value):
            return "Please rank the listed items."
        if len(set(value)) != len(value) or len(value) != question.rank_count:
            return f"Please rank {question.rank_count} different items, best first."
        return None
    raise TypeError(f"not a closed question: {question!r}")
