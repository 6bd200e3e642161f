"""How far along an interview is: "Question 4 of 9 · about 12 min left".

The count only includes questions the respondent can still meet. A question gated by
``show_if`` stays in the total while the answer it depends on is still to come, and drops out
as soon as that answer rules it out — so the total shrinks (never grows) as the interview
moves on, and ends equal to the number of questions actually asked. Screeners may still end
an interview early; the count does not guess that.

Time left is the study's budget (``moderator.time_budget_minutes``, else the study's own
estimate from :func:`interviewer.study.authoring.estimate_minutes`) times the share of the estimated
talking time that is still ahead: unanswered questions that can still be asked, the current
one included.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from interviewer.interview import InterviewState, Status
from interviewer.study import Question, Study
from interviewer.study.authoring import estimate_minutes


@dataclass(frozen=True)
class Progress:
    """Where the respondent is, in their terms."""

    position: int
    """1-based number of the current question; 0 before the first one is asked."""
    total: int
    """Questions asked so far plus those that can still be asked."""
    minutes_left: int
    """Estimated minutes still ahead (0 once the interview has ended)."""
    finished: bool = False
    """The interview has ended (completed, declined, screened out or stopped)."""

    @property
    def label(self) -> str:
        """One line for the status bar."""
        if self.finished:
            return "Interview finished · thank you"
        time = f"about {self.minutes_left} min"
        if self.position == 0:
            return f"{self.total} questions · {time}"
        return f"Question {self.position} of {self.total} · {time} left"


def progress(study: Study, state: InterviewState) -> Progress:
    """The respondent's progress through ``study`` at ``state``."""
    if state.status.finished:
        return Progress(len(state.asked), len(state.asked), 0, finished=True)
    reachable = reachable_questions(study, state)
    budget = study.moderator.time_budget_minutes or estimate_minutes(study)
    ahead = [q for q in reachable if not _answered(q, state)]
    if state.status is Status.CONSENT:
        minutes = budget
    else:
        share = _talk_minutes(study, ahead) / max(_talk_minutes(study, reachable), 1e-9)
        minutes = max(1, math.ceil(budget * share)) if ahead else 0
    position = len(state.asked) if state.question_index >= 0 else 0
    return Progress(position, len(reachable), minutes)


def reachable_questions(study: Study, state: InterviewState) -> list[Question]:
    """Questions already asked, plus later ones whose ``show_if`` can still hold."""
    asked = set(state.asked)
    values = state.values()
    order = {q.id: i for i, q in enumerate(study.questions)}
    reachable: list[Question] = []
    for index, question in enumerate(study.questions):
        if question.id in asked:
            reachable.append(question)
            continue
        if index <= state.question_index:
            continue  # passed over: its show_if did not hold
        condition = question.show_if
        if condition is None:
            reachable.append(question)
        elif values.get(condition.question) is not None:
            if condition.holds(values[condition.question]):
                reachable.append(question)
        elif order[condition.question] >= state.question_index and not _settled(
            condition.question, state
        ):
            reachable.append(question)  # the answer it depends on is still to come
    return reachable


def _settled(question_id: str, state: InterviewState) -> bool:
    """The question has been dealt with and has no value (skipped, declined, open-ended)."""
    record = state.answers.get(question_id)
    return record is not None and (record.skipped or record.declined)


def _answered(question: Question, state: InterviewState) -> bool:
    if question.id != state.current_id:
        return question.id in state.asked
    return state.awaiting not in ("answer", "why")


def _talk_minutes(study: Study, questions: list[Question]) -> float:
    """Estimated talking time of ``questions`` alone (without the interview's opening/close)."""
    if not questions:
        return 0.0
    without = study.model_copy(update={"questions": []})
    return float(
        estimate_minutes(study.model_copy(update={"questions": questions}))
        - estimate_minutes(without)
    )
