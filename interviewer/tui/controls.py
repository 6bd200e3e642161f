"""Controls for closed questions: buttons, a radio list, checkboxes, a reorderable list.

A control answers with :class:`Picked` — the readable text for the transcript and the typed
value itself (``int`` for a scale, ``bool`` for yes/no, the exact option string, a list of
options, the ranked items best first), which the app sends as ``selection=`` so the stored
answer is exactly what was picked. Before posting, a control checks the value with the same
rule the moderator applies (:func:`check_selection`) and shows any problem in place.

Every control works with the keyboard alone (the hint line under it says how) and with the
mouse; the text input under the controls still takes a typed answer at any time.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.events import Key
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, Input, Label, OptionList, RadioButton, RadioSet, SelectionList
from textual.widgets.option_list import Option
from textual.widgets.selection_list import Selection

from interviewer.moderator.selection import check_selection
from interviewer.parsing import OTHER, ClosedQuestion
from interviewer.questions import ControlSpec
from interviewer.study import (
    AnswerValue,
    MultipleChoice,
    Question,
    Ranking,
    Scale,
    SingleChoice,
)
from interviewer.tui.labels import label

MAX_SCALE_BUTTONS = 11
"""A 0–10 scale still fits a row at 80 columns; longer scales are answered by typing."""


class Picked(Message):
    """A control's answer, ready for ``Conversation.send``."""

    def __init__(self, text: str, value: AnswerValue, other_text: str | None = None) -> None:
        super().__init__()
        self.text = text
        """How the answer reads in the transcript, e.g. "Email, Other: Notion"."""
        self.value = value
        """The typed value, sent as ``selection=``."""
        self.other_text = other_text
        """The respondent's words behind ``Other``, if picked."""


class AnswerControl(Vertical):
    """Base of every control: a body, then a hint line that also shows problems."""

    keys = ""
    """The catalogue key of the keyboard help ("↑/↓ and Space to choose…"), in the tui table."""
    shows_rule = False
    """Whether the hint line ends with the presenter's rule ("Pick up to 3")."""

    def __init__(self, question: ClosedQuestion, spec: ControlSpec | None = None) -> None:
        super().__init__(classes="answer-control")
        self.question = question
        self.rule = (spec.hint if spec else None) or ""
        """How to answer, from the presenter (the widget shows the same words)."""

    @property
    def hint_text(self) -> str:
        """The hint line, in the study's language once the control is in the app."""
        keys = _say(self, self.keys) if self.keys else ""
        return " · ".join(p for p in (keys, self.rule if self.shows_rule else "") if p)

    def compose(self) -> ComposeResult:
        yield from self.body()
        yield Label(Content(self.hint_text), classes="control-hint")

    def body(self) -> ComposeResult:
        raise NotImplementedError

    def focus_first(self) -> None:
        """Put the focus where a keyboard user starts answering."""
        for widget in self.query("*"):
            if widget.focusable:
                widget.focus()
                return

    def pick(self, text: str, value: AnswerValue, other_text: str | None = None) -> None:
        """Post the answer if it is valid for the question; otherwise say what is missing."""
        problem = check_selection(self.question, value, other_text).problem
        if problem:
            self.show_problem(problem)
            return
        self.post_message(Picked(text, value, other_text if other_text else None))

    def show_problem(self, problem: str) -> None:
        hint = self.query_one(".control-hint", Label)
        hint.update(Content(problem))
        hint.add_class("problem")


class ButtonRow(AnswerControl):
    """Answers with one press: a row of buttons, arrow keys move between them."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "move(-1)", "Previous", show=False),
        Binding("right", "move(1)", "Next", show=False),
    ]

    def choices(self) -> list[tuple[str, AnswerValue]]:
        """(label, value) per button, left to right."""
        raise NotImplementedError

    def body(self) -> ComposeResult:
        with Horizontal(classes="choice-row"):
            for index, (label, _) in enumerate(self.choices()):
                yield Button(Content(label), id=f"choice-{index}", classes="choice", compact=True)

    def focus_first(self) -> None:
        self.query(".choice").first(Button).focus()

    def action_move(self, step: int) -> None:
        buttons = list(self.query(".choice").results(Button))
        current = next((i for i, b in enumerate(buttons) if b.has_focus), 0)
        buttons[max(0, min(len(buttons) - 1, current + step))].focus()

    def press_value(self, value: AnswerValue) -> None:
        for index, (_, choice) in enumerate(self.choices()):
            if choice == value and type(choice) is type(value):
                self.query_one(f"#choice-{index}", Button).press()

    @on(Button.Pressed, ".choice")
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        label, value = self.choices()[int((event.button.id or "").removeprefix("choice-"))]
        self.pick(label, value)


class ScaleControl(ButtonRow):
    """A scale: one button per point, with the end labels under the row."""

    def __init__(self, question: Scale, spec: ControlSpec | None = None) -> None:
        super().__init__(question, spec)
        self.scale = question
        self.keys = "keys_scale_digits" if question.min >= 0 and question.max <= 9 else "keys_scale"

    def choices(self) -> list[tuple[str, AnswerValue]]:
        return [(str(n), n) for n in range(self.scale.min, self.scale.max + 1)]

    def body(self) -> ComposeResult:
        yield from super().body()
        low, high = self.scale.min_label, self.scale.max_label
        if low or high:
            with Horizontal(classes="scale-ends"):
                yield Label(Content(f"← {low}" if low else ""), classes="end-low")
                yield Label(Content(f"{high} →" if high else ""), classes="end-high")

    def on_key(self, event: Key) -> None:
        if event.character and event.character.isdigit() and self.scale.max <= 9:
            value = int(event.character)
            if self.scale.min <= value <= self.scale.max:
                event.stop()
                self.press_value(value)


class YesNoControl(ButtonRow):
    """Yes or no: two buttons, or the Y and N keys."""

    keys = "keys_yes_no"

    def choices(self) -> list[tuple[str, AnswerValue]]:
        return [(_say(self, "yes"), True), (_say(self, "no"), False)]

    def on_key(self, event: Key) -> None:
        if event.character and event.character.lower() in ("y", "n"):
            event.stop()
            self.press_value(event.character.lower() == "y")


class OtherField(Input):
    """The text field behind "Other"; hidden until "Other" is picked."""

    def __init__(self) -> None:
        super().__init__(placeholder="Your other answer, then Enter", compact=True, id="other")


class ChoiceControl(AnswerControl):
    """Shared by single and multiple choice: options, an optional "Other", a Send button."""

    def __init__(
        self, question: SingleChoice | MultipleChoice, spec: ControlSpec | None = None
    ) -> None:
        super().__init__(question, spec)
        self.options = list(question.options) + ([OTHER] if question.allow_other else [])

    def footer(self) -> ComposeResult:
        if OTHER in self.options:
            yield OtherField()
        yield Button(_say(self, "send"), id="send", variant="primary", compact=True)

    def label(self, option: str) -> Content:
        return Content(_say(self, "other") if option == OTHER else option)

    def show_other(self, shown: bool) -> None:
        if OTHER not in self.options:
            return
        field = self.query_one(OtherField)
        field.display = shown
        if shown:
            field.focus()

    def other_text(self) -> str | None:
        fields = self.query(OtherField)
        return fields.first().value.strip() if fields and fields.first().display else None

    def chosen(self) -> tuple[str, AnswerValue] | None:
        """The readable text and value currently chosen, if any."""
        raise NotImplementedError

    def send(self) -> None:
        chosen = self.chosen()
        if chosen is None:
            self.show_problem(_say(self, "pick_first"))
            return
        self.pick(*chosen, self.other_text())

    def readable(self, option: str) -> str:
        other = self.other_text()
        return f"{OTHER}: {other}" if option == OTHER and other else option

    @on(Button.Pressed, "#send")
    def _send_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.send()

    @on(Input.Submitted, "#other")
    def _other_submitted(self, event: Input.Submitted) -> None:
        event.stop()  # not the app's answer box
        self.send()


class SingleChoiceControl(ChoiceControl):
    """One option from a radio list; Space chooses, then Tab to Send and Enter.

    Choosing keeps the focus on the list (↑/↓ can still change the choice), so the Tab that
    the hint line asks for lands on Send instead of skipping past it.
    """

    keys = "keys_single"

    def body(self) -> ComposeResult:
        yield RadioSet(*(RadioButton(self.label(o)) for o in self.options), id="choices")
        with Horizontal(classes="send-row"):
            yield from self.footer()

    def on_mount(self) -> None:
        self.show_other(False)

    def chosen(self) -> tuple[str, AnswerValue] | None:
        index = self.query_one(RadioSet).pressed_index
        if index < 0:
            return None
        option = self.options[index]
        return self.readable(option), option

    @on(RadioSet.Changed)
    def _changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        self.show_other(self.options[event.index] == OTHER)


class MultipleChoiceControl(ChoiceControl):
    """Checkboxes honouring the question's minimum and maximum, then Send."""

    def __init__(self, question: MultipleChoice, spec: ControlSpec | None = None) -> None:
        super().__init__(question, spec)
        self.multiple = question
        self.keys, self.shows_rule = "keys_multiple", True

    def body(self) -> ComposeResult:
        yield SelectionList[str](*(Selection(self.label(o), o) for o in self.options), id="choices")
        with Horizontal(classes="send-row"):
            yield from self.footer()

    def on_mount(self) -> None:
        self.show_other(False)

    def chosen(self) -> tuple[str, AnswerValue] | None:
        selected = set(self.query_one(SelectionList).selected)
        values = [o for o in self.options if o in selected]
        text = ", ".join(self.readable(o) for o in values) or _say(self, "none_of_these")
        return text, values

    @on(SelectionList.SelectionToggled)
    def _toggled(self, event: SelectionList.SelectionToggled[str]) -> None:
        event.stop()
        checklist = self.query_one(SelectionList)
        value = event.selection.value
        high = self.multiple.max_selections
        if value in checklist.selected and high is not None and len(checklist.selected) > high:
            checklist.deselect(value)
            self.show_problem(_say(self, "too_many", high=high))
            return
        if value == OTHER:
            self.show_other(value in checklist.selected)


class RankList(OptionList):
    """The items in their current order; Shift+↑/↓ moves the highlighted item."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("shift+up", "move(-1)", "Move up"),
        Binding("shift+down", "move(1)", "Move down"),
    ]

    def __init__(self, items: list[str], ranked: int) -> None:
        super().__init__(id="ranks")
        self.order = list(items)
        """The items, best first."""
        self.ranked = ranked
        """How many of the first items are ranked (``top_k``); the rest are left unranked."""
        self.moved = False
        """Whether the respondent has moved any item (an untouched order needs confirming)."""
        self._show()

    def _show(self, highlight: int = 0) -> None:
        options: list[Option | None] = []
        for index, item in enumerate(self.order):
            mark = f"{index + 1}." if index < self.ranked else "  ·"
            options.append(Option(Content(f"{mark:>3} {item}")))
            if index == self.ranked - 1 and self.ranked < len(self.order):
                options.append(None)  # separates the ranked items from the rest
        self.set_options(options)
        self.highlighted = highlight

    def action_move(self, step: int) -> None:
        here = self.highlighted if self.highlighted is not None else 0
        there = here + step
        if not 0 <= there < len(self.order):
            return
        self.order[here], self.order[there] = self.order[there], self.order[here]
        self.moved = True
        self._show(there)


class RankingControl(AnswerControl):
    """A list reordered with the keyboard or the ▲/▼ buttons, then Send.

    The ▲/▼ buttons are for the mouse (Shift+↑/↓ does the same from the list), so Tab goes
    from the list straight to Send, as the hint line says. The list starts in the study's
    order, which is no answer by itself: sending it untouched asks the respondent to confirm
    it with a second Send, so a stray Enter cannot record the default order as a ranking.
    """

    def __init__(self, question: Ranking, spec: ControlSpec | None = None) -> None:
        super().__init__(question, spec)
        self.ranking = question
        self.keys, self.shows_rule = "keys_ranking", True
        self.confirming = False
        """Whether the respondent was asked to confirm the untouched order."""

    def body(self) -> ComposeResult:
        yield RankList(list(self.ranking.items), self.ranking.rank_count)
        with Horizontal(classes="send-row"):
            for key in ("up", "down"):
                button = Button(_say(self, key), id=key, compact=True)
                button.can_focus = False  # mouse only: Tab goes from the list to Send
                yield button
            yield Button(_say(self, "send"), id="send", variant="primary", compact=True)

    @on(Button.Pressed, "#up, #down")
    def _move(self, event: Button.Pressed) -> None:
        event.stop()
        self.query_one(RankList).action_move(-1 if event.button.id == "up" else 1)

    @on(Button.Pressed, "#send")
    def _send(self, event: Button.Pressed) -> None:
        event.stop()
        ranks = self.query_one(RankList)
        if not ranks.moved and not self.confirming:
            self.confirming = True
            self.show_problem(_say(self, "confirm_order"))
            return
        ranked = ranks.order[: self.ranking.rank_count]
        text = "; ".join(f"{i}. {item}" for i, item in enumerate(ranked, start=1))
        self.pick(text, ranked)


CONTROLS: dict[str, type[AnswerControl]] = {}
"""The terminal control drawing each control type of the presenter's spec."""


def control_for(question: Question, spec: ControlSpec | None) -> AnswerControl | None:
    """The control for the presenter's ``spec``; ``None`` for free text and very long scales."""
    if spec is None or spec.type not in CONTROLS:
        return None
    if spec.type == "scale" and (spec.max or 0) - (spec.min or 0) + 1 > MAX_SCALE_BUTTONS:
        return None
    return CONTROLS[spec.type](question, spec)  # type: ignore[arg-type]


CONTROLS.update(
    scale=ScaleControl,
    yes_no=YesNoControl,
    single_choice=SingleChoiceControl,
    multiple_choice=MultipleChoiceControl,
    ranking=RankingControl,
)


def _say(widget: Widget, key: str, **fields: object) -> str:
    """The terminal app's wording for ``key`` in the study's language (English outside an app)."""
    try:
        lang = getattr(widget.app, "lang", "en")
    except Exception:  # no active app (a control built on its own, e.g. in a unit test)
        lang = "en"
    return label(lang, key, **fields)
