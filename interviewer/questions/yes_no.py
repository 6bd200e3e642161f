"""``yes_no``: a boolean."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from interviewer.i18n import say
from interviewer.parsing.result import Parsed
from interviewer.parsing.yes_no import parse_yes_no
from interviewer.questions.base import QuestionType
from interviewer.study.schema import AnswerValue, YesNo


class YesNoType(QuestionType[YesNo]):
    name = "yes_no"

    def parse(self, question: YesNo, text: str, lang: str = "en") -> Parsed:
        return parse_yes_no(text, lang)

    def check(
        self, question: YesNo, value: AnswerValue, other_text: str | None, lang: str = "en"
    ) -> str | None:
        return None if isinstance(value, bool) else say(lang, "problem.yes_no_please")

    def hint(self, question: YesNo, lang: str = "en") -> str:
        return say(lang, "hint.yes_no")

    def expected(self, question: YesNo, lang: str = "en") -> str:
        return say(lang, "problem.expected_yes_no")

    def aggregate(self, question: YesNo, values: Sequence[AnswerValue | None]) -> dict[str, Any]:
        answers = [v for v in values if isinstance(v, bool)]
        yes = sum(answers)
        return {
            "answered": len(answers),
            "yes": yes,
            "no": len(answers) - yes,
            "share_yes": round(yes / len(answers), 3) if answers else None,
        }
