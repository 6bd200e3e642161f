"""The respondent's terminal app: ``interviewer chat STUDY.yaml`` on a terminal.

It drives the interview only through :class:`Conversation` — ``begin``/``resume`` to open it,
``send`` for every message — so the store records a session exactly as the plain CLI would:
each respondent message is committed before the reply is generated. Moderator turns run in a
thread worker (the model may take seconds); their tokens reach the screen through
``call_from_thread`` and the final ``Reply.text`` replaces whatever streamed, since a failed
stream falls back to offline wording.
"""

from __future__ import annotations

import contextlib
import logging
import shlex
import sys
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Footer, Header, Input, Static

from interviewer import i18n
from interviewer.config import Settings
from interviewer.conversation import Conversation
from interviewer.interview import Decision, Reply, Status, TurnKind
from interviewer.moderator import Moderator
from interviewer.parsing import ClosedQuestion
from interviewer.presenter import session_view
from interviewer.quality.telemetry import AnswerTelemetry
from interviewer.questions import kind_of
from interviewer.store import Store, TurnRecord, UnknownSessionError
from interviewer.study import AnswerValue
from interviewer.tui.answer_input import AnswerInput
from interviewer.tui.controls import AnswerControl, Picked, control_for
from interviewer.tui.labels import label, relabel
from interviewer.tui.screens import ConsentScreen, QuitScreen
from interviewer.tui.widgets import (
    BubbleRow,
    ChatLog,
    PreviewPanel,
    StatusBar,
    TypingIndicator,
    stored_decision,
)

log = logging.getLogger(__name__)

ASKS_QUESTION = (TurnKind.ASK, TurnKind.CLARIFY, TurnKind.STEER)
"""Moderator turns that (re-)ask the current question, so its control is offered."""


@dataclass
class Outgoing:
    """A respondent message on its way; kept after a failure so a retry reuses its key."""

    text: str
    selection: AnswerValue | None = None
    other_text: str | None = None
    key: str = field(default_factory=lambda: uuid.uuid4().hex)
    """Idempotency key: a retry after a store error never stores the message twice."""
    typed: bool = False
    """Typed in the answer box (a failed send puts the text back there)."""
    row: BubbleRow | None = None
    """Its bubble in the log (none for consent, which has its own screen)."""
    telemetry: AnswerTelemetry | None = None
    """How a typed answer was written (typing time, pastes), sent and stored with it."""

    def same(self, text: str, selection: AnswerValue | None, other_text: str | None) -> bool:
        return (self.text, self.selection, self.other_text) == (text, selection, other_text)


class InterviewApp(App[int]):
    """One interview in the terminal. ``conversation`` is set once the session is open."""

    CSS_PATH = "app.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "skip", "Skip question"),
        Binding("escape", "focus_input", "Type instead"),
        Binding("enter", "close", "Close", show=False),
        Binding("pageup", "scroll_log(-1)", "Scroll up", show=False),
        Binding("pagedown", "scroll_log(1)", "Scroll down", show=False),
        Binding("ctrl+q", "request_quit", "Quit", priority=True),
        Binding("ctrl+c", "request_quit", "Quit", show=False, priority=True),
    ]

    def __init__(
        self,
        store: Store,
        moderator: Moderator,
        *,
        model: str | None = None,
        engine_label: str | None = None,
        resume: str | None = None,
        preview: bool = False,
    ) -> None:
        super().__init__()
        self.store = store
        self.moderator = moderator
        self.model_name = model
        """Model name stored on a new session (``Settings.model``)."""
        self.resume_id = resume
        self.preview = preview
        self.conversation: Conversation | None = None
        self.busy = True
        """A moderator turn is being generated (or the session is opening)."""
        self.engine_label = f"engine: {engine_label or moderator.engine}"
        self.lang = moderator.study.language
        """The study's language: the app's own labels are in it."""
        relabel(
            self._bindings,
            self.lang,
            {"skip": "skip", "focus_input": "type_instead", "close": "close",
             "request_quit": "quit"},
        )  # fmt: skip
        self.title = moderator.study.title
        self.sub_title = moderator.engine  # in full on the status bar; the header truncates
        self._pending: Outgoing | None = None
        self._streamed: BubbleRow | None = None
        self._last_kind: TurnKind | None = None
        self._leaving = False

    # -- layout ----------------------------------------------------------------------------

    def label(self, key: str, **fields: object) -> str:
        """The app's own wording for ``key`` (``tui.<key>``) in the study's language."""
        return label(self.lang, key, **fields)

    def compose(self) -> ComposeResult:
        yield Header()
        yield StatusBar(self.engine_label)
        with Horizontal(id="body"):
            yield ChatLog(id="log")
            if self.preview:
                yield PreviewPanel(id="preview")
        yield Vertical(id="controls")
        yield AnswerInput(placeholder=self.label("placeholder"), id="answer")
        yield Static(id="ended")
        yield Footer()

    def on_mount(self) -> None:
        self._set_busy(True)
        self._open()

    # -- opening ---------------------------------------------------------------------------

    @work(thread=True, group="turn", exit_on_error=False)
    def _open(self) -> None:
        try:
            if self.resume_id:
                opened = Conversation.resume(self.store, self.moderator, self.resume_id)
            else:
                opened = Conversation.begin(
                    self.store,
                    self.moderator,
                    model=self.model_name,
                    kind="preview" if self.preview else "interview",
                )
            turns = self.store.transcript(opened.session_id)
        except Exception as exc:  # the app cannot run without a session: say why and stop
            log.exception("could not open the interview")
            self._ui(self._open_failed, exc)
            return
        self._ui(self._opened, opened, turns)

    def _opened(self, conversation: Conversation, turns: list[TurnRecord]) -> None:
        self.conversation = conversation
        chat = self.query_one(ChatLog)
        for turn in turns:
            if turn.role == "moderator":
                self._last_kind = turn.kind
                kind = turn.kind.value
                self._add_decision(kind, stored_decision(turn.decision, kind), turn.engine or "")
                if turn.kind is not TurnKind.CONSENT:  # consent had its own screen
                    chat.add(turn.text, "moderator")
            elif turn.question_id is not None:  # not the answer to the consent screen
                chat.add(turn.text, "respondent")
        if conversation.last_reply is not None:
            self._last_kind = conversation.last_reply.kind
        self._set_busy(False)
        if conversation.state.awaiting == "consent":
            self._ask_consent()
        else:
            self._after_turn()

    def _open_failed(self, error: Exception) -> None:
        self.exit(
            1,
            return_code=1,
            message=f"error: the interview could not start: {error}\n"
            "Check --db / $INTERVIEWER_DB; `interviewer sessions STUDY_ID` lists the sessions.",
        )

    def _ask_consent(self) -> None:
        assert self.conversation is not None
        screen = ConsentScreen(self.moderator.study.title, self.conversation.last_text, self.lang)
        self.push_screen(screen, self._consented)

    def _consented(self, agreed: bool | None) -> None:
        # Sent as the words a typing respondent would use, so the store records it the same.
        self._submit(i18n.say(self.lang, "words.yes" if agreed else "words.no"), bubble=False)

    # -- sending ---------------------------------------------------------------------------

    @on(Input.Submitted, "#answer")
    def _typed(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        answer = event.input
        telemetry = answer.take_telemetry(text) if isinstance(answer, AnswerInput) else None
        if text and self._submit(text, typed=True, telemetry=telemetry):
            event.input.value = ""

    @on(Picked)
    def _picked(self, event: Picked) -> None:
        self._submit(event.text, event.value, event.other_text)

    def _submit(
        self,
        text: str,
        selection: AnswerValue | None = None,
        other_text: str | None = None,
        *,
        bubble: bool = True,
        typed: bool = False,
        telemetry: AnswerTelemetry | None = None,
    ) -> bool:
        """Send a message unless one is in flight; ``False`` means nothing was sent."""
        conversation = self.conversation
        if conversation is None or conversation.finished:
            return False
        if self.busy:
            self.notify(self.label("busy"), timeout=3)
            return False
        pending = self._pending
        if pending is None or not pending.same(text, selection, other_text):
            pending = self._pending = Outgoing(
                text, selection, other_text, typed=typed, telemetry=telemetry
            )
        if bubble:
            pending.row = self.query_one(ChatLog).add(text, "respondent")
        self._set_busy(True)
        self._send(pending)
        return True

    @work(thread=True, group="turn", exit_on_error=False)
    def _send(self, outgoing: Outgoing) -> None:
        assert self.conversation is not None
        try:
            reply = self.conversation.send(
                outgoing.text,
                idempotency_key=outgoing.key,
                on_token=lambda chunk: self._ui(self._stream, chunk),
                selection=outgoing.selection,
                other_text=outgoing.other_text,
                telemetry=outgoing.telemetry,
            )
        except Exception as exc:  # a store error: the respondent retries, nothing is lost
            log.exception("sending a respondent message failed")
            self._ui(self._failed, outgoing, exc)
            return
        self._ui(self._replied, reply)

    def _ui(self, callback: Callable[..., Any], *args: Any) -> None:
        """Run ``callback`` on the UI thread (from a worker), unless the app is closing."""
        if self._leaving:
            return
        try:
            self.call_from_thread(callback, *args)
        except Exception:  # display only: the turn is stored whatever the screen does
            name = getattr(callback, "__name__", callback)
            if self._leaving:  # the respondent left meanwhile: widgets are being unmounted
                log.debug("app closed before %s", name, exc_info=True)
            else:
                log.warning("showing %s failed", name, exc_info=True)

    def _stream(self, chunk: str) -> None:
        if self._streamed is None:
            self.query_one(TypingIndicator).display = False
            self._streamed = self.query_one(ChatLog).add("", "moderator")
        self._streamed.bubble.append(chunk)

    def _replied(self, reply: Reply) -> None:
        self._pending = None
        self._last_kind = reply.kind
        row, self._streamed = self._streamed, None
        question = self._control_question()
        muted = _hint_start(reply.text, question) if reply.kind is TurnKind.ASK else None
        if row is None:
            self.query_one(ChatLog).add(reply.text, "moderator", muted_from=muted)
        else:
            row.bubble.finish(reply.text, muted_from=muted)
        self._add_decision(reply.kind.value, reply.decision, reply.engine)
        self._set_busy(False)
        self._after_turn()

    def _failed(self, outgoing: Outgoing, error: Exception) -> None:
        for row in (outgoing.row, self._streamed):
            if row is not None:
                row.remove()
        outgoing.row, self._streamed = None, None
        self._set_busy(False)
        answer = self.query_one("#answer", Input)
        if outgoing.typed and not answer.value:
            answer.value = outgoing.text
        reason = str(error).splitlines()[0][:120] if str(error) else type(error).__name__
        self.notify(
            self.label("not_saved", reason=reason),
            title=self.label("not_saved_title"),
            severity="error",
            timeout=10,
        )
        if self.conversation is not None and self.conversation.state.awaiting == "consent":
            self._ask_consent()

    # -- after each turn -------------------------------------------------------------------

    def _after_turn(self) -> None:
        conversation = self.conversation
        assert conversation is not None
        view = session_view(self.moderator.study, conversation.state)
        self.query_one(StatusBar).show(view.progress_label)
        controls = self.query_one("#controls", Vertical)
        controls.remove_children()
        answer = self.query_one("#answer", Input)
        if conversation.finished:
            answer.display = False
            ended = self.query_one("#ended", Static)
            ended.update(Content(self.label("ended")))
            ended.display = True
            self.set_focus(None)
            self.refresh_bindings()
            return
        question = self._control_question()
        control = control_for(question, view.control) if question is not None else None
        answer.placeholder = self.label("placeholder_control" if control else "placeholder")
        if control is None:
            answer.focus()
        else:
            self.call_later(self._show_control, control)
        self.refresh_bindings()

    async def _show_control(self, control: AnswerControl) -> None:
        await self.query_one("#controls").mount(control)
        control.focus_first()
        self.refresh_bindings()

    def _control_question(self) -> ClosedQuestion | None:
        """The closed question the last turn asked, if the respondent is to answer it now."""
        conversation = self.conversation
        if conversation is None or self._last_kind not in ASKS_QUESTION:
            return None
        state = conversation.state
        if state.status is not Status.ACTIVE or state.awaiting != "answer":
            return None
        question = self.moderator.study.questions[state.question_index]
        return question if kind_of(question).closed else None  # type: ignore[return-value]

    def _add_decision(self, kind: str, decision: Decision, engine: str) -> None:
        if self.preview:
            self.query_one(PreviewPanel).add(kind, decision, engine)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.query_one(TypingIndicator).display = busy
        self.query_one("#controls").disabled = busy
        self.refresh_bindings()

    # -- keys ------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        conversation = self.conversation
        if action == "skip":
            if conversation is None or conversation.finished:
                return False
            state = conversation.state
            question = (
                self.moderator.study.questions[state.question_index]
                if state.question_index >= 0
                else None
            )
            allowed = question is not None and (
                state.awaiting == "why" or (state.awaiting == "answer" and question.allow_skip)
            )
            return True if allowed and not self.busy else None if allowed else False
        if action == "focus_input":
            return bool(self.query("#controls AnswerControl")) and not self.busy
        if action == "close":
            return conversation is not None and conversation.finished
        return True

    def action_skip(self) -> None:
        self._submit("skip")

    def action_focus_input(self) -> None:
        self.query_one("#answer", Input).focus()

    def action_close(self) -> None:
        self._leave()

    def action_scroll_log(self, pages: int) -> None:
        chat = self.query_one(ChatLog)
        chat.scroll_page_down() if pages > 0 else chat.scroll_page_up()

    async def action_quit(self) -> None:
        """Every way out (keys, command palette) asks first while the interview is open."""
        self.action_request_quit()

    def action_request_quit(self) -> None:
        if isinstance(self.screen, QuitScreen):
            self.screen.dismiss(True)  # Ctrl+C twice leaves
            return
        if self.conversation is None or self.conversation.finished:
            self._leave()
            return
        self.push_screen(QuitScreen(self.busy, self.lang), self._quit_answered)

    def _quit_answered(self, leave: bool | None) -> None:
        if leave:
            if self.conversation is not None:
                with contextlib.suppress(Exception):  # leaving must work even if this fails
                    self.conversation.pause()  # listed as `paused`, resumable
            self._leave()

    def _leave(self) -> None:
        self._leaving = True
        self.exit(0)


def _hint_start(text: str, question: ClosedQuestion | None) -> int | None:
    """Where the options hint starts in an ask turn (shown muted: the control offers it)."""
    if question is None or question.text not in text:
        return None
    return text.index(question.text) + len(question.text)


def run_tui(
    store: Store,
    moderator: Moderator,
    settings: Settings,
    *,
    resume: str | None = None,
    preview: bool = False,
    study_path: str = "STUDY.yaml",
) -> int:
    """Run the terminal app; returns the exit code. Prints how to resume a paused session."""
    if resume:
        problem = resume_problem(store, moderator, resume)
        if problem:
            print(f"error: {problem}", file=sys.stderr)
            return 1
    app = InterviewApp(
        store,
        moderator,
        model=settings.model,
        engine_label=moderator.engine_description(settings.base_url),
        resume=resume,
        preview=preview,
    )
    app.run()
    if app.conversation is not None:
        print(exit_note(app.conversation, study_path))
    return app.return_code or 0


def resume_problem(store: Store, moderator: Moderator, session_id: str) -> str | None:
    """Why ``session_id`` cannot be resumed with this study (``None`` if it can)."""
    try:
        session = store.load_session(session_id).session
    except UnknownSessionError as exc:
        return str(exc)  # says how to list the sessions
    if session.study_id != moderator.study.id:
        return (
            f"session {session_id} belongs to study {session.study_id!r}, not "
            f"{moderator.study.id!r}; resume it with that study's file"
        )
    return None


def exit_note(conversation: Conversation, study_path: str) -> str:
    """What the terminal shows after the app closes."""
    status = conversation.state.status
    if not status.finished:
        return (
            "Paused — everything so far is saved. Resume with:\n"
            f"  interviewer chat {shlex.quote(study_path)} --resume {conversation.session_id}"
        )
    return f"Session {conversation.session_id}: {status.value}. Thank you!"
