"""``single_choice``: one option (or ``Other`` with the respondent's words)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from interviewer.i18n import say
from interviewer.parsing.choice import parse_single
from interviewer.parsing.hint import numbered
from interviewer.parsing.result import OTHER, Parsed
from interviewer.questions.base import ControlSpec, QuestionType
from interviewer.study.schema import AnswerValue, SingleChoice


class SingleChoiceType(QuestionType[SingleChoice]):
    name = "single_choice"

    def parse(self, question: SingleChoice, text: str, lang: str = "en") -> Parsed:
        return parse_single(question, text, lang)

    def check(
        self, question: SingleChoice, value: AnswerValue, other_text: str | None, lang: str = "en"
    ) -> str | None:
        allowed = [*question.options, *([OTHER] if question.allow_other else [])]
        if not isinstance(value, str) or value not in allowed:
            return say(lang, "problem.pick_one")
        if value == OTHER and not (other_text or "").strip():
            return say(lang, "problem.which_other")
        return None

    def hint(self, question: SingleChoice, lang: str = "en") -> str:
        other = say(lang, "hint.or_other") if question.allow_other else ""
        return numbered(question.options) + other

    def expected(self, question: SingleChoice, lang: str = "en") -> str:
        return say(lang, "problem.expected_choice")

    def control(self, question: SingleChoice, lang: str = "en") -> ControlSpec:
        return replace(
            super().control(question, lang),
            options=tuple(question.options),
            allow_other=question.allow_other,
        )

    def aggregate(
        self, question: SingleChoice, values: Sequence[AnswerValue | None]
    ) -> dict[str, Any]:
        picked = [v for v in values if isinstance(v, str)]
        counts = Counter(picked)
        options = [*question.options, *([OTHER] if question.allow_other else [])]
        return {"answered": len(picked), "counts": {o: counts[o] for o in options}}
