"""Respondent-facing lists of the valid answers to a closed question.

The moderator shows a hint when it asks a closed question and when it re-asks one whose answer
could not be read, so the wording is for the respondent: numbered options (people answer "2" or
"the second one") and the scale's end labels.
"""

from __future__ import annotations

from collections.abc import Sequence

from interviewer.i18n import say
from interviewer.parsing.result import ClosedQuestion
from interviewer.study import MultipleChoice, Scale


def options_hint(question: ClosedQuestion, lang: str = "en") -> str:
    """E.g. "1 (Not at all) … 10 (Extremely)", "1) Slack  2) Jira  3) Email", "yes or no".

    Only the valid answers: how many to pick or rank is the asking side's wording, and a
    ``Parsed.problem`` never repeats this list, so "problem + hint" reads as one re-ask.
    """
    # Each type's own module says how its answers are listed (interviewer/questions/).
    from interviewer.questions import kind_of

    kind = kind_of(question)
    if not kind.closed:
        raise TypeError(
            f"options_hint needs a closed question, not {kind.name}; open-ended answers have no "
            "options"
        )
    return kind.hint(question, lang)


def numbered(options: Sequence[str]) -> str:
    return "  ".join(f"{i}) {option}" for i, option in enumerate(options, start=1))


def scale_hint(question: Scale) -> str:
    low = f"{question.min} ({question.min_label})" if question.min_label else str(question.min)
    high = f"{question.max} ({question.max_label})" if question.max_label else str(question.max)
    return f"{low} … {high}"


def selection_rule(question: MultipleChoice, lang: str = "en") -> str:
    """How many options a multiple-choice answer takes, e.g. "pick up to 3"."""
    low, high = question.min_selections, question.max_selections
    if high is None:
        return say(lang, "hint.pick_all") if low <= 1 else say(lang, "hint.pick_at_least", n=low)
    if low == high:
        return say(lang, "hint.pick_exactly", n=low)
    if low > 0:
        return say(lang, "hint.pick_range", low=low, high=high)
    return say(lang, "hint.pick_up_to", high=high)
