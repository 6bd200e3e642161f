"""Respondent-facing lists of the valid answers to a closed question.

The moderator shows a hint when it asks a closed question and when it re-asks one whose answer
could not be read, so the wording is for the respondent: numbered options (people answer "2" or
"the second one") and the scale's end labels.
"""

from __future__ import annotations

from collections.abc import Sequence

from interviewer.parsing.result import ClosedQuestion
from interviewer.study import MultipleChoice, Ranking, Scale, SingleChoice, YesNo


def options_hint(question: ClosedQuestion) -> str:
    """E.g. "1 (Not at all) … 10 (Extremely)", "1) Slack  2) Jira  3) Email", "yes or no".

    Only the valid answers: how many to pick or rank is the asking side's wording, and a
    ``Parsed.problem`` never repeats this list, so "problem + hint" reads as one re-ask.
    """
    if isinstance(question, Scale):
        return scale_hint(question)
    if isinstance(question, YesNo):
        return "yes or no"
    if isinstance(question, Ranking):
        return numbered(question.items)
    if isinstance(question, SingleChoice | MultipleChoice):
        listed = numbered(question.options)
        return listed + ("  or something else (tell me what)" if question.allow_other else "")
    raise TypeError(
        f"options_hint needs a closed question (scale, single_choice, multiple_choice, ranking, "
        f"yes_no), not {type(question).__name__}; open-ended answers have no options"
    )


def numbered(options: Sequence[str]) -> str:
    return "  ".join(f"{i}) {option}" for i, option in enumerate(options, start=1))


def scale_hint(question: Scale) -> str:
    low = f"{question.min} ({question.min_label})" if question.min_label else str(question.min)
    high = f"{question.max} ({question.max_label})" if question.max_label else str(question.max)
    return f"{low} … {high}"


def selection_rule(question: MultipleChoice) -> str:
    """How many options a multiple-choice answer takes, e.g. "pick up to 3"."""
    low, high = question.min_selections, question.max_selections
    if high is None:
        return "pick all that apply" if low <= 1 else f"pick at least {low}"
    if low == high:
        return f"pick exactly {low}"
    return f"pick {low} to {high}" if low > 0 else f"pick up to {high}"
