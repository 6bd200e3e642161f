"""Reading a respondent's free text as the typed answer to a closed question.

``parse_answer`` turns "about a seven", "the second one", "not Slack, just Jira" or "Jira
first, then Slack" into the value the study stores (``int``, ``bool``, an option string, a list
of them); when the text cannot be read as a valid answer it returns ``value=None`` and a
respondent-facing ``problem`` the moderator can say as is. It never guesses: an unrelated
sentence is a problem, not the nearest option. ``options_hint`` lists the valid answers for a
re-ask.

One module per question type (``scale``, ``yes_no``, ``choice``, ``ranking``); ``mentions``
finds option references for the last two; ``text`` normalises respondent text for everyone,
including ``interviewer.intents``.
"""

from __future__ import annotations

from interviewer.parsing.choice import parse_multiple, parse_single
from interviewer.parsing.hint import options_hint, selection_rule
from interviewer.parsing.ranking import parse_ranking
from interviewer.parsing.result import OTHER, ClosedQuestion, Parsed, invalid
from interviewer.parsing.scale import parse_scale
from interviewer.parsing.text import is_word, normalize, tokenize
from interviewer.parsing.yes_no import parse_yes_no
from interviewer.study import MultipleChoice, Ranking, Scale, SingleChoice, YesNo

__all__ = ["OTHER", "ClosedQuestion", "Parsed", "options_hint", "parse_answer", "selection_rule"]


def parse_answer(question: ClosedQuestion, text: str) -> Parsed:
    """Read ``text`` as the answer to ``question``; see :class:`Parsed` for the outcome."""
    if not any(is_word(t) for t in tokenize(normalize(text))):
        return invalid(f"I didn't catch an answer — please {_expected(question)}.")
    if isinstance(question, Scale):
        return parse_scale(question, text)
    if isinstance(question, YesNo):
        return parse_yes_no(text)
    if isinstance(question, SingleChoice):
        return parse_single(question, text)
    if isinstance(question, MultipleChoice):
        return parse_multiple(question, text)
    if isinstance(question, Ranking):
        return parse_ranking(question, text)
    raise TypeError(
        f"parse_answer reads closed questions (scale, single_choice, multiple_choice, ranking, "
        f"yes_no), not {type(question).__name__}; open-ended answers are kept as free text"
    )


def _expected(question: ClosedQuestion) -> str:
    if isinstance(question, Scale):
        return f"pick a whole number from {question.min} to {question.max}"
    if isinstance(question, YesNo):
        return "answer yes or no"
    if isinstance(question, Ranking):
        return "put the items in order, best first"
    return "pick from the options"
