"""What reading one closed answer produced: a typed value, or the reason there is none."""

from __future__ import annotations

from dataclasses import dataclass

from interviewer.study import AnswerValue, MultipleChoice, Ranking, Scale, SingleChoice, YesNo

ClosedQuestion = Scale | SingleChoice | MultipleChoice | Ranking | YesNo
"""Every question type with a typed answer (everything except ``open_ended``)."""

OTHER = "Other"
"""The value stored for an answer outside the options when ``allow_other`` is set."""


@dataclass(frozen=True)
class Parsed:
    """The outcome of reading a respondent's message as the answer to a closed question."""

    value: AnswerValue | None
    """Typed and valid for the question, or ``None`` when the text could not be read as one."""
    other_text: str | None = None
    """The respondent's own words behind an ``Other`` choice (verbatim, trimmed)."""
    problem: str | None = None
    """When ``value`` is ``None``: a respondent-facing sentence saying what answer is needed,
    e.g. "Please pick a whole number from 1 to 10." The moderator can say it as is."""

    @property
    def ok(self) -> bool:
        return self.value is not None


def invalid(problem: str) -> Parsed:
    """A failed reading with its respondent-facing reason."""
    return Parsed(value=None, problem=problem)
