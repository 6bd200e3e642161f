"""Which answer control a session needs now, and how a picked value reads in the transcript."""

from __future__ import annotations

from interviewer.interview import InterviewState, Status
from interviewer.moderator.offline import ask_text
from interviewer.parsing import OTHER, options_hint
from interviewer.study import (
    AnswerValue,
    MultipleChoice,
    OpenEnded,
    Ranking,
    Scale,
    SingleChoice,
    Study,
    YesNo,
)
from interviewer.web.schemas import Control, Progress


def control_for(study: Study, state: InterviewState) -> Control | None:
    """The control matching what the moderator waits for; ``None`` once the session ended.

    The follow-up "why" after a closed answer and open questions take free text; typed text
    is accepted with every control too, so a respondent is never forced to click.
    """
    if state.status.finished:
        return None
    if state.status is Status.CONSENT:
        return Control(type="consent")
    question = study.questions[state.question_index]
    base = {"question_id": question.id, "skippable": question.allow_skip}
    if state.awaiting == "why" or question.type == "open_ended":
        return Control(type="text", **base)
    if isinstance(question, Scale):
        return Control(
            type="scale",
            min=question.min,
            max=question.max,
            min_label=question.min_label,
            max_label=question.max_label,
            **base,
        )
    if isinstance(question, YesNo):
        return Control(type="yes_no", **base)
    if isinstance(question, SingleChoice):
        return Control(
            type="single_choice", options=question.options, allow_other=question.allow_other, **base
        )
    if isinstance(question, MultipleChoice):
        return Control(
            type="multiple_choice",
            options=question.options,
            allow_other=question.allow_other,
            min=question.min_selections,
            max=question.max_selections,
            **base,
        )
    assert isinstance(question, Ranking)
    return Control(type="ranking", options=question.items, min=question.rank_count, **base)


def progress_of(study: Study, state: InterviewState) -> Progress:
    total = len(study.questions)
    if state.status.finished:
        return Progress(question=total, total=total)
    return Progress(question=state.question_index + 1, total=total)


def selection_text(value: AnswerValue, other_text: str | None = None) -> str:
    """A picked value in words, as the transcript shows it: "Yes", "7", "Slack, Jira".

    Needs no question, so a message can be stored before its session's state is read.
    """
    other = (other_text or "").strip()

    def word(item: str) -> str:
        return f"{OTHER}: {other}" if item == OTHER and other else item

    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return word(value)
    return ", ".join(word(item) for item in value) if value else "(none)"


def display_text(study: Study, text: str, kind: str, question_id: str | None) -> str:
    """A moderator turn as the widget shows it: without the typed-answer hint.

    Asking a closed question, the moderator lists the valid answers ("1) Slack  2) Jira",
    "1 (not at all) … 5") for people who type; the widget draws them as a control instead.
    Only an exact hint is removed, so any other wording passes through unchanged.
    """
    if question_id is None or kind not in ("ask", "clarify"):
        return text
    try:
        question = study.question(question_id)
    except KeyError:
        return text
    if isinstance(question, OpenEnded):
        return text
    if kind == "ask":
        asked = ask_text(question)
        return text[: -len(asked)] + question.text if text.endswith(asked) else text
    hint = options_hint(question)
    return text[: -len(hint)].rstrip() if text.endswith(hint) and text != hint else text
