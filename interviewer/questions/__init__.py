"""One home per question type: ``questions/<type>.py`` owns parsing (through ``parsing/``),
hint and rule text, validation of picked values, the control spec and aggregation.

``kind_of(question)`` returns the behaviour for a question's YAML ``type``; nothing else in the
package checks question classes.
"""

from __future__ import annotations

from typing import Any

from interviewer.questions.base import ControlSpec, QuestionType
from interviewer.questions.multiple_choice import MultipleChoiceType
from interviewer.questions.open_ended import OpenEndedType
from interviewer.questions.ranking import RankingType
from interviewer.questions.scale import ScaleType
from interviewer.questions.single_choice import SingleChoiceType
from interviewer.questions.yes_no import YesNoType
from interviewer.study.schema import QuestionBase

REGISTRY: dict[str, QuestionType[Any]] = {
    kind.name: kind
    for kind in (
        OpenEndedType(),
        ScaleType(),
        SingleChoiceType(),
        MultipleChoiceType(),
        RankingType(),
        YesNoType(),
    )
}


def kind_of(question: QuestionBase) -> QuestionType[Any]:
    """The behaviour of ``question``'s YAML ``type``."""
    name = str(getattr(question, "type", ""))
    try:
        return REGISTRY[name]
    except KeyError:
        raise TypeError(
            f"no question type {name!r}; known: {', '.join(REGISTRY)} "
            "(add interviewer/questions/<type>.py and register it here)"
        ) from None


def is_closed(question: QuestionBase) -> bool:
    return kind_of(question).closed


__all__ = ["REGISTRY", "ControlSpec", "QuestionType", "is_closed", "kind_of"]
