"""``scale``: a whole number between ``min`` and ``max``, with optional end labels."""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Sequence
from typing import Any

from interviewer.i18n import say
from interviewer.parsing.hint import scale_hint
from interviewer.parsing.result import Parsed
from interviewer.parsing.scale import parse_scale
from interviewer.questions.base import ControlSpec, QuestionType
from interviewer.study.schema import AnswerValue, Scale


class ScaleType(QuestionType[Scale]):
    name = "scale"

    def parse(self, question: Scale, text: str, lang: str = "en") -> Parsed:
        return parse_scale(question, text, lang)

    def check(
        self, question: Scale, value: AnswerValue, other_text: str | None, lang: str = "en"
    ) -> str | None:
        is_int = isinstance(value, int) and not isinstance(value, bool)
        if is_int and question.min <= value <= question.max:  # type: ignore[operator]
            return None
        return say(lang, "problem.scale_pick", low=question.min, high=question.max)

    def hint(self, question: Scale, lang: str = "en") -> str:
        return scale_hint(question)

    def expected(self, question: Scale, lang: str = "en") -> str:
        return say(lang, "problem.expected_scale", low=question.min, high=question.max)

    def control(self, question: Scale, lang: str = "en") -> ControlSpec:
        return ControlSpec(
            type=self.name,
            question_id=question.id,
            min=question.min,
            max=question.max,
            min_label=question.min_label,
            max_label=question.max_label,
            skippable=question.allow_skip,
        )

    def aggregate(self, question: Scale, values: Sequence[AnswerValue | None]) -> dict[str, Any]:
        points = [v for v in values if isinstance(v, int) and not isinstance(v, bool)]
        return {
            "answered": len(points),
            "mean": round(statistics.fmean(points), 2) if points else None,
            "median": statistics.median(points) if points else None,
            "distribution": {p: Counter(points)[p] for p in range(question.min, question.max + 1)},
        }
