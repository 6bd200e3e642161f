"""Answers chosen with a control (buttons, checkboxes, a ranked list) rather than typed.

The terminal app and the web widget submit the typed value itself, so a selection is stored
exactly as chosen — never round-tripped through text parsing (an option such as "200–2,000"
would not survive a comma split). The value is still checked: a client cannot store anything
that is not valid for the question.
"""

from __future__ import annotations

from interviewer.parsing import OTHER, ClosedQuestion, Parsed
from interviewer.questions import kind_of
from interviewer.study import AnswerValue


def check_selection(
    question: ClosedQuestion, value: AnswerValue, other_text: str | None = None, lang: str = "en"
) -> Parsed:
    """``Parsed`` with the value if it is valid for ``question``, else with the problem."""
    kind = kind_of(question)
    if not kind.closed:
        raise TypeError(f"not a closed question: {question.id!r} is {kind.name}")
    problem = kind.check(question, value, other_text, lang)
    if problem:
        return Parsed(value=None, problem=problem)
    keep_other = other_text.strip() if other_text and _mentions_other(value) else None
    return Parsed(value=value, other_text=keep_other)


def _mentions_other(value: AnswerValue) -> bool:
    return value == OTHER or (isinstance(value, list) and OTHER in value)
