"""Which answer control a session needs now, and how a picked value reads in the transcript."""

from __future__ import annotations

from dataclasses import asdict

from interviewer import i18n
from interviewer.interview import InterviewState
from interviewer.parsing import OTHER
from interviewer.presenter import control_spec, language_of, session_view
from interviewer.presenter import display_text as presenter_display_text
from interviewer.study import AnswerValue, Study
from interviewer.web.schemas import Control, Progress


def control_for(study: Study, state: InterviewState) -> Control | None:
    """The control the widget draws now: the presenter's spec, as the API sends it."""
    spec = control_spec(study, state, language_of(study, state))
    if spec is None:
        return None
    fields = asdict(spec)
    fields["options"] = list(spec.options)
    return Control(**fields)


def progress_of(study: Study, state: InterviewState) -> Progress:
    """The same progress the terminal app shows (see :mod:`interviewer.presenter`)."""
    view = session_view(study, state)
    return Progress(
        question=view.progress.position, total=view.progress.total, label=view.progress_label
    )


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
    """A moderator turn as the widget shows it: without the typed-answer hint."""
    return presenter_display_text(study, text, kind, question_id, i18n.resolve(study.language))
