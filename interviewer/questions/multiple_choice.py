"""``multiple_choice``: several options, between ``min_selections`` and ``max_selections``."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from interviewer.i18n import say
from interviewer.parsing.choice import parse_multiple
from interviewer.parsing.hint import numbered, selection_rule
from interviewer.parsing.result import OTHER, Parsed
from interviewer.questions.base import ControlSpec, QuestionType
from interviewer.study.schema import AnswerValue, MultipleChoice


class MultipleChoiceType(QuestionType[MultipleChoice]):
    name = "multiple_choice"

    def parse(self, question: MultipleChoice, text: str, lang: str = "en") -> Parsed:
        return parse_multiple(question, text, lang)

    def check(
        self,
        question: MultipleChoice,
        value: AnswerValue,
        other_text: str | None,
        lang: str = "en",
    ) -> str | None:
        allowed = [*question.options, *([OTHER] if question.allow_other else [])]
        if not isinstance(value, list) or any(v not in allowed for v in value):
            return say(lang, "problem.pick_from")
        if len(set(value)) != len(value):
            return say(lang, "problem.pick_from")
        if len(value) < question.min_selections:
            return say(lang, "problem.pick_at_least_of", n=question.min_selections)
        if question.max_selections is not None and len(value) > question.max_selections:
            return say(lang, "problem.pick_at_most", n=question.max_selections, picked=len(value))
        if OTHER in value and not (other_text or "").strip():
            return say(lang, "problem.which_other")
        return None

    def hint(self, question: MultipleChoice, lang: str = "en") -> str:
        other = say(lang, "hint.or_other") if question.allow_other else ""
        return numbered(question.options) + other

    def ask_lines(self, question: MultipleChoice, lang: str = "en") -> list[str]:
        rule = selection_rule(question, lang)
        return [self.hint(question, lang), f"{rule[0].upper()}{rule[1:]}."]

    def expected(self, question: MultipleChoice, lang: str = "en") -> str:
        return say(lang, "problem.expected_choice")

    def control_hint(self, question: MultipleChoice, lang: str = "en") -> str:
        low, high = question.min_selections, question.max_selections
        if high is None:
            if low > 1:
                return say(lang, "widget.pick_at_least", low=low)
            return say(lang, "widget.pick_all")
        if low == high:
            return say(lang, "widget.pick_exactly", low=low)
        if low > 0:
            return say(lang, "widget.pick_range", low=low, high=high)
        return say(lang, "widget.pick_up_to", high=high)

    def control(self, question: MultipleChoice, lang: str = "en") -> ControlSpec:
        return replace(
            super().control(question, lang),
            options=tuple(question.options),
            allow_other=question.allow_other,
            min=question.min_selections,
            max=question.max_selections,
        )

    def aggregate(
        self, question: MultipleChoice, values: Sequence[AnswerValue | None]
    ) -> dict[str, Any]:
        lists = [v for v in values if isinstance(v, list)]
        counts = Counter(item for v in lists for item in v)
        options = [*question.options, *([OTHER] if question.allow_other else [])]
        return {"answered": len(lists), "counts": {o: counts[o] for o in options}}
