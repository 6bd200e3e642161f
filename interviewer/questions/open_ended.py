"""``open_ended``: free text, probed by the moderator; no parsing, no control but a text box."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from interviewer.questions.base import ControlSpec, QuestionType
from interviewer.study.schema import AnswerValue, OpenEnded


class OpenEndedType(QuestionType[OpenEnded]):
    name = "open_ended"
    closed = False

    def control(self, question: OpenEnded, lang: str = "en") -> ControlSpec:
        return ControlSpec(type="text", question_id=question.id, skippable=question.allow_skip)

    def aggregate(
        self, question: OpenEnded, values: Sequence[AnswerValue | None]
    ) -> dict[str, Any]:
        return {"answered": sum(1 for v in values if v not in (None, ""))}
