"""``ranking``: the top ``top_k`` items (or all of them), best first."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from interviewer.i18n import say
from interviewer.parsing.hint import numbered
from interviewer.parsing.ranking import parse_ranking
from interviewer.parsing.result import Parsed
from interviewer.questions.base import ControlSpec, QuestionType
from interviewer.study.schema import AnswerValue, Ranking


class RankingType(QuestionType[Ranking]):
    name = "ranking"

    def parse(self, question: Ranking, text: str, lang: str = "en") -> Parsed:
        return parse_ranking(question, text, lang)

    def check(
        self, question: Ranking, value: AnswerValue, other_text: str | None, lang: str = "en"
    ) -> str | None:
        if not isinstance(value, list) or any(v not in question.items for v in value):
            return say(lang, "problem.put_in_order")
        if len(set(value)) != len(value) or len(value) != question.rank_count:
            if question.rank_count == len(question.items):
                return say(lang, "problem.retry_rank_all", n=question.rank_count)
            return say(lang, "problem.retry_top", n=question.rank_count)
        return None

    def hint(self, question: Ranking, lang: str = "en") -> str:
        return numbered(question.items)

    def ask_lines(self, question: Ranking, lang: str = "en") -> list[str]:
        k = question.rank_count
        order = (
            say(lang, "hint.rank_all")
            if k == len(question.items)
            else say(lang, "hint.rank_top", k=k)
        )
        then = say(lang, "words.then")
        example = f"{question.items[1]}, {then} {question.items[0]}"
        return [self.hint(question, lang), say(lang, "hint.rank", order=order, example=example)]

    def expected(self, question: Ranking, lang: str = "en") -> str:
        return say(lang, "problem.expected_ranking")

    def control_hint(self, question: Ranking, lang: str = "en") -> str:
        k = question.rank_count
        if k < len(question.items):
            return say(lang, "widget.rank_top_hint", count=k)
        return say(lang, "widget.rank_all_hint")

    def control(self, question: Ranking, lang: str = "en") -> ControlSpec:
        return replace(
            super().control(question, lang), options=tuple(question.items), min=question.rank_count
        )

    def aggregate(self, question: Ranking, values: Sequence[AnswerValue | None]) -> dict[str, Any]:
        rankings = [v for v in values if isinstance(v, list)]
        positions: dict[str, list[int]] = {item: [] for item in question.items}
        for ranked in rankings:
            for place, item in enumerate(ranked, start=1):
                if item in positions:
                    positions[item].append(place)
        return {
            "answered": len(rankings),
            "mean_position": {
                item: round(sum(p) / len(p), 2) if p else None for item, p in positions.items()
            },
            "first": {
                item: sum(1 for r in rankings if r and r[0] == item) for item in question.items
            },
        }
