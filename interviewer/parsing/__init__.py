"""Reading a respondent's free text as the typed answer to a closed question.

``parse_answer`` turns "about a seven", "the second one", "not Slack, just Jira" or "Jira
first, then Slack" into the value the study stores (``int``, ``bool``, an option string, a list
of them); when the text cannot be read as a valid answer it returns ``value=None`` and a
respondent-facing ``problem`` the moderator can say as is. It never guesses: an unrelated
sentence is a problem, not the nearest option. ``options_hint`` lists the valid answers for a
re-ask.

One module per question type (``scale``, ``yes_no``, ``choice``, ``ranking``); ``mentions``
finds option references for the last two; ``text`` normalises respondent text for everyone,
including ``interviewer.parsing.intents``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from interviewer.i18n import say
from interviewer.parsing.hint import options_hint, selection_rule
from interviewer.parsing.result import OTHER, ClosedQuestion, Parsed, invalid
from interviewer.parsing.text import is_word, normalize, tokenize

if TYPE_CHECKING:
    from interviewer.questions.base import QuestionType

__all__ = ["OTHER", "ClosedQuestion", "Parsed", "options_hint", "parse_answer", "selection_rule"]


def parse_answer(question: ClosedQuestion, text: str, lang: str = "en") -> Parsed:
    """Read ``text`` (written in ``lang``) as the answer to ``question``; see :class:`Parsed`.

    Problems are phrased in ``lang``; the respondent's words are read with that language's
    vocabulary (English words are understood in every language).
    """
    if not any(is_word(t) for t in tokenize(normalize(text))):
        return invalid(say(lang, "problem.no_answer", expected=_expected(question, lang)))
    return _kind(question).parse(question, text, lang)


def _expected(question: ClosedQuestion, lang: str) -> str:
    return _kind(question).expected(question, lang)


def _kind(question: ClosedQuestion) -> QuestionType[Any]:
    # The per-type readers live in this package; the registry that picks one per YAML ``type``
    # imports them, so it is looked up here at call time rather than at import.
    from interviewer.questions import kind_of

    return kind_of(question)
