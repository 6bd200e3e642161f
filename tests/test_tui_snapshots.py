"""Screenshots of the terminal app, compared with the reviewed SVGs in tests/__snapshots__/.

Each snapshot runs a one- or two-question study on the offline engine at a fixed size, so
nothing in it depends on time, randomness or session ids. After an intended change to the
look, review the new images and accept them with ``pytest tests/test_tui_snapshots.py
--snapshot-update``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from interviewer.moderator import Moderator
from interviewer.store import Store
from interviewer.tui.app import InterviewApp
from tests.support.mini_study import MINI_STUDY, mini_study

Snap = Callable[..., bool]

QUESTIONS: dict[str, dict[str, Any]] = {
    q["id"]: q for q in MINI_STUDY["questions"] if q["type"] != "open_ended"
}


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(f"sqlite:///{tmp_path / 'snap.db'}") as opened:
        yield opened


def app_for(store: Store, *questions: dict[str, Any], preview: bool = False) -> InterviewApp:
    study = mini_study(questions=list(questions))
    return InterviewApp(store, Moderator(study), preview=preview)


async def settle(pilot: Pilot[Any]) -> None:
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
    for box in pilot.app.screen.query(Input):
        box.cursor_blink = False  # a blinking cursor would make the image depend on timing


def agree_then(*keys: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    """Consent, then press ``keys`` on the first question."""

    async def run(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        if keys:
            await pilot.press(*keys)
        await settle(pilot)

    return run


def test_consent_screen(snap_compare: Snap, store: Store) -> None:
    app = app_for(store, QUESTIONS["pain"])
    assert snap_compare(app, terminal_size=(80, 24), run_before=settle)


def test_scale_buttons(snap_compare: Snap, store: Store) -> None:
    app = app_for(store, QUESTIONS["pain"])
    assert snap_compare(app, terminal_size=(80, 24), run_before=agree_then("right", "right"))


def test_single_choice_with_other_open(snap_compare: Snap, store: Store) -> None:
    role = {**QUESTIONS["role"], "allow_other": True, "disqualify_if": None}
    app = app_for(store, role)
    keys = ("down", "down", "down", "space", *"Procurement")
    assert snap_compare(app, terminal_size=(80, 24), run_before=agree_then(*keys))


def test_multiple_choice_checkboxes(snap_compare: Snap, store: Store) -> None:
    app = app_for(store, QUESTIONS["tools"])
    keys = ("space", "down", "down", "space")
    assert snap_compare(app, terminal_size=(80, 24), run_before=agree_then(*keys))


def test_ranking_list(snap_compare: Snap, store: Store) -> None:
    app = app_for(store, QUESTIONS["priority"])
    keys = ("down", "down", "shift+up")
    assert snap_compare(app, terminal_size=(80, 24), run_before=agree_then(*keys))


def test_yes_no_buttons(snap_compare: Snap, store: Store) -> None:
    app = app_for(store, QUESTIONS["switched"])
    assert snap_compare(app, terminal_size=(80, 24), run_before=agree_then())


def test_light_theme(snap_compare: Snap, store: Store) -> None:
    app = app_for(store, QUESTIONS["tools"])

    async def run(pilot: Pilot[Any]) -> None:
        pilot.app.theme = "textual-light"
        await agree_then("space")(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run)


def test_preview_panel_wide(snap_compare: Snap, store: Store) -> None:
    story = {
        "id": "last_time",
        "type": "open_ended",
        "text": "Tell me about the last time an invoice approval got stuck.",
        "max_follow_ups": 2,
    }
    app = app_for(store, QUESTIONS["switched"], story, preview=True)

    async def run(pilot: Pilot[Any]) -> None:
        await agree_then("y")(pilot)
        box = pilot.app.query_one("#answer", Input)
        box.value = "Approvals are always slow, people just forget."
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(app, terminal_size=(120, 32), run_before=run)
