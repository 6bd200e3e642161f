"""What every question type provides: how typed text is read, how a picked value is checked,
how the question is asked and hinted, which control draws it, and how answers add up.

One subclass per YAML ``type`` lives in its own module and registers itself; callers ask the
registry (:func:`interviewer.questions.kind_of`) instead of checking classes, so a new type is
one new module here (plus its schema model in ``study/schema.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypeVar

from interviewer.parsing.result import Parsed
from interviewer.study.schema import AnswerValue, QuestionBase

Q = TypeVar("Q", bound=QuestionBase)


@dataclass(frozen=True)
class ControlSpec:
    """The control a UI draws for a question, with every word it shows already made.

    Both the web widget and the terminal app render this; neither computes a hint itself.
    """

    type: str
    """``consent``, ``text`` or the question's YAML type."""
    question_id: str | None = None
    options: tuple[str, ...] = ()
    """Choices, or a ranking's items, in order."""
    allow_other: bool = False
    min: int | None = None
    """Scale: lowest point. Multiple choice: fewest picks. Ranking: how many to rank."""
    max: int | None = None
    """Scale: highest point. Multiple choice: most picks (``None``: no limit)."""
    min_label: str | None = None
    max_label: str | None = None
    skippable: bool = False
    hint: str | None = None
    """How to answer with the control: "Pick up to 3", "Your top 3 count"."""


class QuestionType(Generic[Q]):
    """The behaviour of one YAML question ``type``."""

    name: ClassVar[str]
    closed: ClassVar[bool] = True

    def parse(self, question: Q, text: str, lang: str = "en") -> Parsed:
        """Read typed ``text`` as an answer (closed types only)."""
        raise TypeError(
            f"parse_answer reads closed questions, not {self.name}; open-ended answers are kept "
            "as free text"
        )

    def check(
        self, question: Q, value: AnswerValue, other_text: str | None, lang: str
    ) -> str | None:
        """Why a value picked with a control is not valid, or ``None``."""
        return None

    def hint(self, question: Q, lang: str = "en") -> str:
        """The valid answers for someone who types ("1) Slack  2) Jira", "yes or no")."""
        return ""

    def expected(self, question: Q, lang: str = "en") -> str:
        """What an answer should be, for "I didn't catch an answer — please …"."""
        return ""

    def ask_lines(self, question: Q, lang: str = "en") -> list[str]:
        """Lines under the question text when it is asked in a chat (hint, rule, example)."""
        hint = self.hint(question, lang)
        return [hint] if hint else []

    def control_hint(self, question: Q, lang: str = "en") -> str | None:
        """The short rule shown under a control, if any."""
        return None

    def control(self, question: Q, lang: str = "en") -> ControlSpec:
        return ControlSpec(
            type=self.name,
            question_id=question.id,
            skippable=question.allow_skip,
            hint=self.control_hint(question, lang),
        )

    def aggregate(self, question: Q, values: Sequence[AnswerValue | None]) -> dict[str, Any]:
        """A summary of many respondents' values (``None`` = no answer)."""
        return {"answered": sum(v is not None for v in values)}
