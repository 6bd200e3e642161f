"""The screens around the chat: consent before it, "leave?" when quitting.

Both only ask; the app sends the answer through the conversation, so consent given with a
button is stored exactly like a typed "yes" in the plain CLI.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Footer, Header, Label, Static

from interviewer.tui.labels import label, relabel


class ConsentScreen(Screen[bool]):
    """The study's consent text with agree / decline; dismisses with the choice."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "choose(True)", "Agree"),
        Binding("n", "choose(False)", "Decline"),
        Binding("left,right", "app.focus_next", "Switch", show=False),
    ]

    def __init__(self, title: str, text: str, lang: str = "en") -> None:
        super().__init__(classes="consent")
        self.lang = lang
        relabel(self._bindings, lang, {"choose(True)": "agree", "choose(False)": "decline"})
        self.study_title = title
        self.text = consent_body(title, text)
        """The moderator's consent turn without the repeated title."""

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="consent-box"):
            yield Label(Content(self.study_title), id="consent-title")
            yield Static(Content(self.text), id="consent-text", markup=False)
            yield Label(
                Content(label(self.lang, "consent_note")),
                id="consent-note",
            )
            with Horizontal(id="consent-buttons"):
                yield Button(label(self.lang, "consent_yes"), id="agree", variant="primary")
                yield Button(label(self.lang, "consent_no"), id="decline")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#agree", Button).focus()

    def action_choose(self, agreed: bool) -> None:
        self.dismiss(agreed)

    @on(Button.Pressed, "#agree, #decline")
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "agree")


class QuitScreen(ModalScreen[bool]):
    """Asks before leaving; dismisses with ``True`` to leave."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "choose(False)", "Stay"),
        Binding("y", "choose(True)", "Leave", show=False),
        Binding("n", "choose(False)", "Stay", show=False),
        Binding("left,right", "app.focus_next", "Switch", show=False),
    ]

    def __init__(self, busy: bool, lang: str = "en") -> None:
        super().__init__()
        self.lang = lang
        relabel(self._bindings, lang, {"choose(False)": "stay", "choose(True)": "leave"})
        self.busy = busy
        """A reply is still being written: it will be saved before the app closes."""

    def compose(self) -> ComposeResult:
        note = label(self.lang, "leave_note")
        if self.busy:
            note += label(self.lang, "leave_busy")
        with Vertical(id="quit-box"):
            yield Label(label(self.lang, "leave_title"), id="quit-title")
            yield Static(Content(note), id="quit-text")
            with Horizontal(id="quit-buttons"):
                yield Button(label(self.lang, "stay"), id="stay", variant="primary")
                yield Button(label(self.lang, "leave"), id="leave", variant="error")

    def on_mount(self) -> None:
        self.query_one("#stay", Button).focus()

    def action_choose(self, leave: bool) -> None:
        self.dismiss(leave)

    @on(Button.Pressed, "#stay, #leave")
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "leave")


def consent_body(title: str, text: str) -> str:
    """The consent turn minus a leading study title (the screen shows it as a heading)."""
    stripped = text.strip()
    if stripped.startswith(title):
        stripped = stripped[len(title) :].strip()
    return stripped
