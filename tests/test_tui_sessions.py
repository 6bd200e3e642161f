"""The terminal app's session life: consent, quitting and resuming, streaming and failures."""

from __future__ import annotations

import itertools
import threading
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from interviewer.config import Settings
from interviewer.conversation import Conversation
from interviewer.interview import Status, TurnKind
from interviewer.llm import ScriptedModel
from interviewer.moderator import Moderator
from interviewer.store import Store, StoreError
from interviewer.study.file import load_study
from interviewer.tui.app import exit_note, run_tui
from interviewer.tui.controls import (
    SingleChoiceControl,
    YesNoControl,
)
from interviewer.tui.screens import ConsentScreen, QuitScreen
from interviewer.tui.widgets import Bubble
from tests.support.mini_study import mini_study
from tests.support.tui_pilot import (
    MEALS,
    PROBE,
    SIZE,
    STORY,
    agree,
    bubbles,
    current_id,
    make_app,
    plain,
    reach_last_week,
    settle,
    stored,
    type_answer,
)

# -- consent, quitting and resuming --------------------------------------------------------------


@pytest.fixture
def store(sqlite_store: Store) -> Store:
    """SQLite only: the app is the same on every backend, and these tests are slow."""
    return sqlite_store


async def test_declining_consent_keeps_nothing_and_ends(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ConsentScreen)
        assert plain(screen.query_one("#consent-title")) == "How households plan the week's meals"
        await pilot.click("#decline")
        await settle(pilot)
        assert app.conversation is not None
        session = app.conversation.session_id
        assert app.conversation.state.status is Status.DECLINED
        assert bubbles(app) == [("moderator", load_study(MEALS).messages.declined)]
        assert app.query_one("#ended").display
        await pilot.press("enter")
    turns = store.transcript(session)
    assert [t.role for t in turns] == ["moderator", "moderator"]  # the "no" is not kept
    assert store.answers(session) == []
    assert exit_note(app.conversation, "x.yaml") == f"Session {session}: declined. Thank you!"


async def test_ctrl_q_then_leave_pauses_and_resume_continues(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await agree(pilot)
        await pilot.press("down", "space", "tab", "enter")  # household: 2
        await settle(pilot)
        assert app.conversation is not None
        session, before = app.conversation.session_id, bubbles(app)
        await pilot.press("ctrl+q")
        assert isinstance(app.screen, QuitScreen)
        await pilot.press("escape")  # stay
        assert not isinstance(app.screen, QuitScreen) and app.is_running
        await pilot.press("ctrl+c")
        assert isinstance(app.screen, QuitScreen)
        await pilot.press("ctrl+c")  # a second Ctrl+C leaves
    assert app.return_code == 0
    assert exit_note(app.conversation, "studies/weekly meals.yaml") == (
        "Paused — everything so far is saved. Resume with:\n"
        f"  interviewer chat 'studies/weekly meals.yaml' --resume {session}"
    )
    assert store.load_session(session).session.status is Status.ACTIVE

    resumed = make_app(store, resume=session)
    async with resumed.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert not isinstance(resumed.screen, ConsentScreen)
        assert bubbles(resumed) == before  # the conversation so far, as it was on screen
        assert before[1] == ("respondent", "2") and before[-1][1].endswith("yes or no")
        assert current_id(resumed) == "decides" and resumed.query_one(YesNoControl)
        assert plain(resumed.query_one("#progress")).startswith("Question 2 of 14")
        await pilot.press("y")
        await settle(pilot)
    assert stored(store, session) == {"household": "2", "decides": True}


async def test_quitting_on_the_consent_screen_resumes_at_consent(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+q")
        await pilot.click("#leave")
    assert app.conversation is not None
    session = app.conversation.session_id
    resumed = make_app(store, resume=session)
    async with resumed.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(resumed.screen, ConsentScreen)
        await pilot.click("#agree")
        await settle(pilot)
        assert resumed.query_one(SingleChoiceControl)
    assert [t.text for t in store.transcript(session) if t.role == "respondent"] == ["yes"]


def test_run_tui_refuses_an_unknown_or_foreign_session(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = Settings(db_url="sqlite://")
    meals = Moderator(load_study(MEALS))
    assert run_tui(store, meals, settings, resume="nope") == 1
    assert "no session 'nope'" in capsys.readouterr().err
    other = Conversation.begin(store, Moderator(mini_study()))
    assert run_tui(store, meals, settings, resume=other.session_id) == 1
    assert capsys.readouterr().err == (
        f"error: session {other.session_id} belongs to study 'mini', not "
        "'weekly-meal-planning'; resume it with that study's file\n"
    )


def test_engine_description_names_the_model_and_server() -> None:
    study = load_study(MEALS)
    url = "http://localhost:11434/v1"
    assert Moderator(study).engine_description(url) == "offline (no model configured)"
    labelled = Moderator(study, ScriptedModel(name="llama3.2:3b")).engine_description(url)
    assert labelled == "llm:llama3.2:3b at http://localhost:11434/v1"


# -- streaming and failures ----------------------------------------------------------------------


async def test_reply_streams_token_by_token_then_shows_reply_text(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[str] = []
    original = Bubble.append

    def spy(self: Bubble, chunk: str) -> None:
        original(self, chunk)
        seen.append(self.text)

    monkeypatch.setattr(Bubble, "append", spy)
    app = make_app(store, model=ScriptedModel([PROBE]))
    async with app.run_test(size=SIZE) as pilot:
        await reach_last_week(pilot)
        seen.clear()
        await type_answer(pilot, "We usually just wing it.")
        assert app.conversation is not None and app.conversation.last_reply is not None
        reply = app.conversation.last_reply
        assert reply.engine == "llm:scripted" and reply.text == PROBE
        assert reply.kind in (TurnKind.PROBE, TurnKind.REDIRECT)
        # Word by word: each state of the bubble extends the one before.
        assert len(seen) == len(PROBE.split()) and seen[-1].strip() == PROBE
        assert all(b.startswith(a) for a, b in itertools.pairwise(seen))
        assert seen[0] == "When "
        last = app.query(Bubble).last()
        assert last.text == reply.text and not last.has_class("streaming")
        session = app.conversation.session_id
    assert store.transcript(session)[-1].text == PROBE


async def test_a_failed_stream_is_replaced_by_the_offline_wording(store: Store) -> None:
    pitch = "Great answer! Would you use an app that plans dinners for you?"
    app = make_app(store, model=ScriptedModel([pitch]))
    async with app.run_test(size=SIZE) as pilot:
        await reach_last_week(pilot)
        await type_answer(pilot, "We usually just wing it.")
        assert app.conversation is not None and app.conversation.last_reply is not None
        reply = app.conversation.last_reply
        assert reply.engine.startswith("offline (fallback")
        assert app.query(Bubble).last().text == reply.text != pitch


async def test_a_second_message_waits_while_a_reply_is_in_flight(store: Store) -> None:
    release = threading.Event()

    def slow(_messages: Any) -> str:
        release.wait(5)
        return PROBE

    app = make_app(store, model=ScriptedModel([slow]))
    async with app.run_test(size=SIZE) as pilot:
        await reach_last_week(pilot)
        box = app.query_one("#answer", Input)
        box.value = "We usually just wing it."
        await pilot.press("enter")
        await pilot.pause()
        assert app.busy and app.query_one("TypingIndicator").display
        box.value = "And another thing"
        await pilot.press("enter")  # refused while the first is in flight: the text stays
        await pilot.pause()
        assert box.value == "And another thing" and box.has_focus
        release.set()
        await settle(pilot)
        assert not app.busy
        assert app.conversation is not None
        respondent = [
            t.text for t in store.transcript(app.conversation.session_id) if t.role == "respondent"
        ]
        assert respondent[-1] == "We usually just wing it."
        assert "And another thing" not in respondent


async def test_leaving_while_a_reply_is_written_still_stores_the_reply(store: Store) -> None:
    release = threading.Event()

    def slow(_messages: Any) -> str:
        release.wait(5)
        return PROBE

    app = make_app(store, model=ScriptedModel([slow]))
    async with app.run_test(size=SIZE) as pilot:
        await reach_last_week(pilot)
        await type_answer_now(pilot, "We usually just wing it.")
        assert app.busy
        await pilot.press("ctrl+q")
        assert isinstance(app.screen, QuitScreen)
        assert "saved too" in plain(app.screen.query_one("#quit-text"))
        threading.Timer(0.2, release.set).start()
        await pilot.click("#leave")
    assert app.conversation is not None
    session = app.conversation.session_id
    for _ in range(50):  # the worker thread finishes the turn after the app has closed
        if store.transcript(session)[-1].role == "moderator":
            break
        threading.Event().wait(0.1)
    turns = store.transcript(session)
    assert (turns[-2].role, turns[-2].text) == ("respondent", "We usually just wing it.")
    assert (turns[-1].role, turns[-1].text) == ("moderator", PROBE)


async def type_answer_now(pilot: Pilot[Any], text: str) -> None:
    """Type and send without waiting for the reply."""
    box = pilot.app.query_one("#answer", Input)
    box.value = text
    await pilot.press("enter")
    await pilot.pause()


async def test_a_store_error_keeps_the_typed_answer_for_a_retry(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(store)
    notes: list[tuple[str, str]] = []
    async with app.run_test(size=SIZE) as pilot:
        await reach_last_week(pilot)
        real_add = store.add_respondent_turn
        calls = {"n": 0}

        def locked(*args: Any, **kwargs: Any) -> Any:
            calls["n"] += 1
            if calls["n"] == 1:
                raise StoreError("database is locked")
            return real_add(*args, **kwargs)

        monkeypatch.setattr(store, "add_respondent_turn", locked)
        real_notify = app.notify

        def notify(message: str, **kwargs: Any) -> None:
            notes.append((kwargs.get("severity", ""), message))
            real_notify(message, **kwargs)

        monkeypatch.setattr(app, "notify", notify)
        before = bubbles(app)
        await type_answer(pilot, STORY)
        box = app.query_one("#answer", Input)
        assert box.value == STORY and bubbles(app) == before and not app.busy
        assert notes and notes[-1][0] == "error" and "database is locked" in notes[-1][1]
        await pilot.press("enter")  # retry
        await settle(pilot)
        assert box.value == "" and ("respondent", STORY) in bubbles(app)
        assert app.conversation is not None
        respondent = [
            t.text for t in store.transcript(app.conversation.session_id) if t.role == "respondent"
        ]
        assert respondent.count(STORY) == 1
