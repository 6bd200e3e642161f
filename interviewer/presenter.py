"""One view of a session for every UI: progress, the control to draw, and display text.

The terminal app (``tui/``) and the web widget (``web/`` + ``static/widget.js``) only render a
:class:`SessionView`; neither counts questions or words a hint itself, so both show the same
"Question 3 of 12" and the same "Pick up to 2" on the same state.
"""

from __future__ import annotations

from dataclasses import dataclass

from interviewer import i18n
from interviewer.interview import InterviewState, Status
from interviewer.moderator.offline import ask_text
from interviewer.progress import Progress, progress
from interviewer.questions import ControlSpec, kind_of
from interviewer.study import Study


@dataclass(frozen=True)
class SessionView:
    """What a respondent sees of a session right now, in their language."""

    progress: Progress
    control: ControlSpec | None
    """``None`` once the session has ended (or while no answer is awaited)."""
    language: str

    @property
    def progress_label(self) -> str:
        """One line: "Question 3 of 12 · about 9 min left" (the terminal's status bar)."""
        p = self.progress
        lang = self.language
        if p.finished:
            return i18n.say(lang, "tui.finished")
        time = i18n.say(lang, "tui.minutes", n=p.minutes_left)
        if p.position == 0:
            return i18n.say(lang, "tui.overview", total=p.total, time=time)
        return i18n.say(lang, "tui.position", position=p.position, total=p.total, time=time)


def language_of(study: Study, state: InterviewState) -> str:
    """The respondent's language: detected for this session if known, else the study's."""
    return i18n.resolve(getattr(state, "language", None) or study.language)


def session_view(study: Study, state: InterviewState) -> SessionView:
    lang = language_of(study, state)
    return SessionView(progress(study, state), control_spec(study, state, lang), lang)


def control_spec(study: Study, state: InterviewState, lang: str = "en") -> ControlSpec | None:
    """The control matching what the moderator waits for; ``None`` once the session ended.

    The follow-up "why" after a closed answer and open questions take free text; typed text is
    accepted with every control too, so a respondent is never forced to click.
    """
    if state.status.finished:
        return None
    if state.status is Status.CONSENT:
        return ControlSpec(type="consent")
    question = study.questions[state.question_index]
    if state.awaiting == "why":
        return ControlSpec(type="text", question_id=question.id, skippable=question.allow_skip)
    return kind_of(question).control(question, lang)


def display_text(
    study: Study, text: str, kind: str, question_id: str | None, lang: str = "en"
) -> str:
    """A moderator turn as a UI with controls shows it: without the typed-answer hint.

    Asking a closed question, the moderator lists the valid answers ("1) Slack  2) Jira",
    "1 (not at all) … 5") for people who type; a UI draws them as a control instead. Only an
    exact hint is removed, so any other wording passes through unchanged.
    """
    if question_id is None or kind not in ("ask", "clarify"):
        return text
    try:
        question = study.question(question_id)
    except KeyError:
        return text
    question_kind = kind_of(question)
    if not question_kind.closed:
        return text
    if kind == "ask":
        asked = ask_text(question, lang)
        return text[: -len(asked)] + question.text if text.endswith(asked) else text
    hint = question_kind.hint(question, lang)
    return text[: -len(hint)].rstrip() if text.endswith(hint) and text != hint else text
