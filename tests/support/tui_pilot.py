"""Shared Pilot helpers for the terminal-app tests (a real SQLite store per test)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.content import Content
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Input

from interviewer.llm.base import ChatModel
from interviewer.moderator import Moderator
from interviewer.store import Store
from interviewer.study import Study
from interviewer.study.file import load_study
from interviewer.tui.app import InterviewApp
from interviewer.tui.screens import ConsentScreen
from interviewer.tui.widgets import Bubble
from tests.support.mini_study import mini_study

MEALS = Path(__file__).resolve().parents[2] / "studies" / "weekly-meal-planning.yaml"
SIZE = (100, 40)

# Open answers concrete enough that the moderator moves on after at most a probe or two.
STORY = (
    "Last Tuesday I got home at 7pm, opened the fridge, found only eggs and spinach, so I made "
    "an omelette while my partner ordered bread; it took 40 minutes and I felt annoyed because "
    "the plan I wrote on Sunday had fallen apart after the kids' football practice ran late."
)


def make_app(
    store: Store,
    study: Study | None = None,
    *,
    model: ChatModel | None = None,
    resume: str | None = None,
    preview: bool = False,
) -> InterviewApp:
    moderator = Moderator(study or load_study(MEALS), model)
    return InterviewApp(store, moderator, resume=resume, preview=preview)


async def settle(pilot: Pilot[Any]) -> None:
    """Wait until the moderator's turn is written and the screen has caught up."""
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def type_answer(pilot: Pilot[Any], text: str) -> None:
    box = pilot.app.query_one("#answer", Input)
    box.focus()
    box.value = text[:-1]
    box.cursor_position = len(box.value)
    await pilot.press(text[-1], "enter")  # the last key really is typed
    await settle(pilot)


async def agree(pilot: Pilot[Any]) -> None:
    await settle(pilot)
    assert isinstance(pilot.app.screen, ConsentScreen)
    await pilot.press("y")
    await settle(pilot)


def current_id(app: InterviewApp) -> str | None:
    assert app.conversation is not None
    return app.conversation.state.current_id


def plain(widget: Widget) -> str:
    """The text a widget shows."""
    rendered = widget.render()
    assert isinstance(rendered, Content)
    return rendered.plain


def bubbles(app: InterviewApp) -> list[tuple[str, str]]:
    return [(b.speaker, b.text) for b in app.query(Bubble)]


def stored(store: Store, session_id: str) -> dict[str, Any]:
    """The stored typed value of every answered question (``None`` for open ones and skips)."""
    return {a.question_id: a.value for a in store.answers(session_id)}


def other_text(store: Store, session_id: str, question_id: str) -> str | None:
    return next(a.other_text for a in store.answers(session_id) if a.question_id == question_id)


def study_of(*questions: dict[str, Any]) -> Study:
    return mini_study(questions=list(questions))


async def answer_open(pilot: Pilot[Any], app: InterviewApp, question_id: str) -> None:
    """Type answers to an open question (and its probes) until the moderator moves on."""
    for _ in range(5):
        assert app.focused is app.query_one("#answer"), "open questions are typed"
        await type_answer(pilot, STORY)
        if current_id(app) != question_id or app.conversation.finished:  # type: ignore[union-attr]
            return
    raise AssertionError(f"the moderator never moved on from {question_id}")


# What the scripted model says when a test makes the llm engine probe.
PROBE = "When was the last time you had to decide dinner on the spot?"


async def reach_last_week(pilot: Pilot[Any]) -> None:
    await agree(pilot)
    await pilot.press("down", "space", "tab", "enter")  # household: 2
    await settle(pilot)
    await pilot.press("y")  # decides
    await settle(pilot)
