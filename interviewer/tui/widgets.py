"""The chat's building blocks: bubbles, the log, the typing indicator, the preview panel.

Every text a respondent or a model wrote is shown as plain text (``markup=False`` or
:class:`Content`), never parsed as Textual markup: "[Other]" or "**" in an answer must appear
exactly as typed. Colours come from theme variables in ``app.tcss``, so light and dark themes
both work.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Label, LoadingIndicator, Static

from interviewer.interview import Decision, describe_decision
from interviewer.tui.labels import label

Speaker = Literal["moderator", "respondent"]
MUTED = "$foreground 55%"
"""Style of de-emphasised text inside a bubble (``$text-muted`` turns white on a tinted
background, a blend of the foreground does not)."""


class Bubble(Static):
    """One message in the chat log; a moderator bubble can grow while its reply streams."""

    def __init__(self, text: str, speaker: Speaker, *, muted_from: int | None = None) -> None:
        super().__init__(markup=False, classes=speaker)
        self.speaker = speaker
        self.text = ""
        """What the bubble shows now (for a streaming reply: the chunks so far)."""
        self.set_text(text, muted_from=muted_from)

    def append(self, chunk: str) -> None:
        """Add a streamed chunk (provisional: :meth:`set_text` replaces it with the final)."""
        self.add_class("streaming")
        self.set_text(self.text + chunk)

    def set_text(self, text: str, *, muted_from: int | None = None) -> None:
        """Show ``text``; characters from ``muted_from`` on are de-emphasised (answer hints
        that a control on screen already offers)."""
        self.text = text
        content = Content(text)
        if muted_from is not None and 0 < muted_from < len(text):
            content = content.stylize(MUTED, muted_from)
        self.update(content)

    def finish(self, text: str, *, muted_from: int | None = None) -> None:
        """The final text of a reply (``Reply.text``), replacing whatever was streamed."""
        self.remove_class("streaming")
        self.set_text(text, muted_from=muted_from)


class BubbleRow(Horizontal):
    """Holds one bubble so that it can sit on the left (moderator) or right (respondent)."""

    def __init__(self, bubble: Bubble) -> None:
        super().__init__(classes=f"row {bubble.speaker}-row")
        self.bubble = bubble

    def compose(self) -> ComposeResult:
        yield self.bubble


class ChatLog(VerticalScroll, can_focus=False):
    """The scrolling conversation. Anchored to the bottom until the respondent scrolls up."""

    def on_mount(self) -> None:
        self.anchor()

    def add(self, text: str, speaker: Speaker, *, muted_from: int | None = None) -> BubbleRow:
        row = BubbleRow(Bubble(text, speaker, muted_from=muted_from))
        self.mount(row, before=self.query_one(TypingIndicator))
        return row

    def compose(self) -> ComposeResult:
        yield TypingIndicator()


class TypingIndicator(Horizontal):
    """Shown while the moderator's reply is on its way and nothing has streamed yet."""

    def compose(self) -> ComposeResult:
        yield Label(label(getattr(self.app, "lang", "en"), "typing"), classes="typing-label")
        yield LoadingIndicator()


class StatusBar(Horizontal):
    """Progress and time left on the left, the engine on the right, under the header."""

    def __init__(self, engine: str) -> None:
        super().__init__(id="status")
        self.engine = engine

    def compose(self) -> ComposeResult:
        yield Label(id="progress")
        yield Label(Content(self.engine), id="engine")

    def show(self, progress: str) -> None:
        self.query_one("#progress", Label).update(Content(progress))


class DecisionCard(Static):
    """The moderator's decision for one turn, as the ``--preview`` panel shows it."""

    def __init__(self, number: int, kind: str, decision: Decision, engine: str) -> None:
        super().__init__(Content(decision_text(kind, decision, engine)), markup=False)
        self.border_title = f"turn {number} · {kind}"


class PreviewPanel(VerticalScroll, can_focus=False):
    """Researcher view (``--preview``): why the moderator said each thing."""

    def on_mount(self) -> None:
        self.border_title = "Moderator decisions"
        self.anchor()

    def add(self, kind: str, decision: Decision, engine: str) -> DecisionCard:
        card = DecisionCard(len(self.children) + 1, kind, decision, engine)
        self.mount(card)
        return card


def decision_text(kind: str, decision: Decision, engine: str) -> str:
    """The lines of a decision card: action, reading, depth, focus, budget, reasons, engine."""
    return "\n".join(describe_decision(decision, engine))


def stored_decision(data: Mapping[str, Any] | None, kind: str) -> Decision:
    """A ``Decision`` from its stored JSON (as on a resumed session's turns)."""
    if not data:
        return Decision(action=kind)
    fields = {**data, "reasons": tuple(data.get("reasons", ()))}
    return Decision(**{k: v for k, v in fields.items() if k in Decision.__dataclass_fields__})
