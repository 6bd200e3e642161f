"""The respondent's terminal app, driven through Textual's Pilot on a real SQLite store.

Every test goes through the screen the way a respondent would (keys, clicks, typing) and then
checks what the store holds: the app must store exactly what was picked, in the same shape as
the plain CLI.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.content import Content
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Button, Input, RadioButton, RadioSet, SelectionList

from interviewer.config import Settings
from interviewer.conversation import Conversation
from interviewer.interview import Status, TurnKind
from interviewer.llm import ScriptedModel
from interviewer.llm.base import ChatModel
from interviewer.moderator import Moderator
from interviewer.store import Store, StoreError
from interviewer.study import Study
from interviewer.studyfile import load_study
from interviewer.tui.app import InterviewApp, exit_note, run_tui
from interviewer.tui.controls import (
    MultipleChoiceControl,
    RankingControl,
    RankList,
    ScaleControl,
    SingleChoiceControl,
    YesNoControl,
)
from interviewer.tui.progress import progress
from interviewer.tui.screens import ConsentScreen, QuitScreen
from interviewer.tui.widgets import Bubble, DecisionCard, PreviewPanel, StatusBar
from tests.support.mini_study import mini_study

MEALS = Path(__file__).parent.parent / "studies" / "weekly-meal-planning.yaml"
SIZE = (100, 40)

# Open answers concrete enough that the moderator moves on after at most a probe or two.
STORY = (
    "Last Tuesday I got home at 7pm, opened the fridge, found only eggs and spinach, so I made "
    "an omelette while my partner ordered bread; it took 40 minutes and I felt annoyed because "
    "the plan I wrote on Sunday had fallen apart after the kids' football practice ran late."
)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(f"sqlite:///{tmp_path / 'tui.db'}") as opened:
        yield opened


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


# -- a whole interview ---------------------------------------------------------------------------


async def test_a_whole_study_through_the_ui_stores_exactly_what_was_picked(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await agree(pilot)
        assert app.conversation is not None
        session = app.conversation.session_id
        assert plain(app.query_one("#progress")) == "Question 1 of 14 · about 30 min left"

        # single_choice, keyboard only: the radio list has the focus; Space picks, Enter sends.
        assert isinstance(app.focused, RadioSet)
        await pilot.press("down", "down", "space")
        assert app.focused is app.query_one("#send")  # focus moves on to Send
        await pilot.press("enter")
        await settle(pilot)
        assert bubbles(app)[1] == ("respondent", "3–4")

        # yes_no: the Y key.
        assert current_id(app) == "decides" and isinstance(app.focused, Button)
        await pilot.press("y")
        await settle(pilot)

        await answer_open(pilot, app, "last_week")

        # multiple_choice with Other: tick two options and Other, type the other answer.
        assert current_id(app) == "tools" and isinstance(app.focused, SelectionList)
        await pilot.press("down", "space", "down", "space", "end", "space")
        other = app.query_one("#other", Input)
        assert other.display
        other.focus()
        await pilot.press(*"Notion", "enter")
        await settle(pilot)
        assert bubbles(app)[-2] == (
            "respondent",
            "A notes app on my phone, A meal-planning app, Other: Notion",
        )

        await answer_open(pilot, app, "app_gaps")  # asked: "A meal-planning app" was ticked
        await answer_open(pilot, app, "hardest")
        if current_id(app) == "why_hard":
            await answer_open(pilot, app, "why_hard")

        # scale: a digit key presses its button; the "why" follow-up is typed.
        assert current_id(app) == "weeknight_stress"
        scale = app.query_one(ScaleControl)
        assert [b.label.plain for b in scale.query(Button)] == ["1", "2", "3", "4", "5"]
        await pilot.press("4")
        await settle(pilot)
        assert app.conversation.state.awaiting == "why"
        assert not app.query(ScaleControl) and app.focused is app.query_one("#answer")
        await type_answer(pilot, "Nothing was planned and everyone was hungry by six.")

        # single_choice with the mouse.
        assert current_id(app) == "shop_trips"
        await pilot.click(app.query(RadioButton)[1])  # "Two"
        await pilot.click("#send")
        await settle(pilot)

        # ranking: move "Writing the shopping list" to the top with Shift+Up, then Send.
        assert current_id(app) == "time_sinks" and isinstance(app.focused, RankList)
        await pilot.press("down", "down", "shift+up", "shift+up")
        assert app.query_one(RankList).order[:2] == [
            "Writing the shopping list",
            "Choosing what to cook",
        ]
        await pilot.click("#send")
        await settle(pilot)

        # yes_no with the mouse; "No" rules out the follow-up story, so the total drops.
        assert current_id(app) == "waste"
        before = plain(app.query_one("#progress"))
        await pilot.click("#choice-1")
        await settle(pilot)
        after = plain(app.query_one("#progress"))
        assert " of 14 " in before and " of 13 " in after

        await answer_open(pilot, app, "tried")
        await answer_open(pilot, app, "who_else")

        assert app.conversation.state.status is Status.COMPLETED
        assert app.query_one("#ended").display and not app.query_one("#answer").display
        assert plain(app.query_one("#progress")) == "Interview finished · thank you"
        shown = bubbles(app)
        await pilot.press("enter")  # closes without asking: nothing left to lose
    assert app.return_code == 0

    answers = stored(store, session)
    assert "waste_story" not in answers
    assert {q: v for q, v in answers.items() if v is not None} == {
        "household": "3–4",
        "decides": True,
        "tools": ["A notes app on my phone", "A meal-planning app", "Other"],
        "weeknight_stress": 4,
        "shop_trips": "Two",
        "time_sinks": ["Writing the shopping list", "Choosing what to cook"],
        "waste": False,
    }
    assert other_text(store, session, "tools") == "Notion"
    stress = next(a for a in store.answers(session) if a.question_id == "weeknight_stress")
    assert stress.texts == ["4", "Nothing was planned and everyone was hungry by six."]
    # The transcript is what the screen showed, turn by turn.
    transcript = [(t.role, t.text) for t in store.transcript(session) if t.question_id]
    assert transcript == shown


async def test_typing_still_answers_a_question_that_has_a_control(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await agree(pilot)
        assert app.query(SingleChoiceControl)
        await pilot.press("escape")  # from the control to the text box
        assert app.focused is app.query_one("#answer")
        await type_answer(pilot, "the third one")
        assert current_id(app) == "decides"
        assert app.conversation is not None
        assert stored(store, app.conversation.session_id)["household"] == "3–4"


# -- controls ------------------------------------------------------------------------------------


async def test_multiple_choice_honours_min_and_max(store: Store) -> None:
    tools = {"id": "tools", "type": "multiple_choice", "text": "Which tools do you use?"}
    app = make_app(
        store, study_of({**tools, "options": ["Slack", "Jira", "Email"], "max_selections": 2})
    )
    async with app.run_test(size=SIZE) as pilot:
        await agree(pilot)
        control = app.query_one(MultipleChoiceControl)
        hint = control.query_one(".control-hint")
        assert plain(hint).endswith("pick 1 to 2")
        await pilot.click("#send")  # nothing ticked yet
        await settle(pilot)
        assert plain(hint) == "Please pick at least 1." and hint.has_class("problem")
        assert app.conversation is not None and app.conversation.state.turn_count == 1

        app.query_one(SelectionList).focus()
        await pilot.press("space", "down", "space", "down", "space")  # a third tick is refused
        assert app.query_one(SelectionList).selected == ["Slack", "Jira"]
        assert plain(hint) == "You can pick up to 2 — untick one first."
        await pilot.click("#send")
        await settle(pilot)
        assert stored(store, app.conversation.session_id) == {"tools": ["Slack", "Jira"]}


async def test_single_choice_other_opens_a_text_field(store: Store) -> None:
    role = {"id": "role", "type": "single_choice", "text": "What best describes your role?"}
    app = make_app(store, study_of({**role, "options": ["Finance", "Ops"], "allow_other": True}))
    async with app.run_test(size=SIZE) as pilot:
        await agree(pilot)
        other = app.query_one("#other", Input)
        assert not other.display
        await pilot.press("down", "down", "space")
        assert other.display and app.focused is other
        await pilot.press("enter")  # empty: the control says what is missing, nothing is sent
        await settle(pilot)
        assert plain(app.query_one(".control-hint")) == "Please say what your other answer is."
        await pilot.press(*"Procurement", "enter")
        await settle(pilot)
        assert app.conversation is not None
        session = app.conversation.session_id
        assert stored(store, session) == {"role": "Other"}
        assert other_text(store, session, "role") == "Procurement"
        assert ("respondent", "Other: Procurement") in bubbles(app)


async def test_ranking_with_buttons_and_top_k(store: Store) -> None:
    items = ["Chasing approvers", "Fixing coding errors", "Matching POs"]
    ranking = {"id": "priority", "type": "ranking", "text": "Rank these.", "items": items}
    app = make_app(store, study_of({**ranking, "top_k": 2}))
    async with app.run_test(size=SIZE) as pilot:
        await agree(pilot)
        control = app.query_one(RankingControl)
        ranks = control.query_one(RankList)
        assert [str(ranks.get_option_at_index(i).prompt) for i in range(3)] == [
            " 1. Chasing approvers",
            " 2. Fixing coding errors",
            "  · Matching POs",
        ]
        ranks.highlighted = 2
        await pilot.click("#up")  # the mouse…
        assert ranks.order == ["Chasing approvers", "Matching POs", "Fixing coding errors"]
        ranks.focus()
        await pilot.press("shift+up")  # …and the keyboard move the highlighted item
        assert ranks.order == ["Matching POs", "Chasing approvers", "Fixing coding errors"]
        assert ranks.highlighted == 0
        assert str(ranks.get_option_at_index(2).prompt) == "  · Fixing coding errors"
        await pilot.click("#send")
        await settle(pilot)
        assert app.conversation is not None
        priority = stored(store, app.conversation.session_id)["priority"]
        assert priority == ["Matching POs", "Chasing approvers"]
        assert ("respondent", "1. Matching POs; 2. Chasing approvers") in bubbles(app)


async def test_scale_buttons_move_with_arrows_and_show_end_labels(store: Store) -> None:
    app = make_app(store, mini_study())
    async with app.run_test(size=SIZE) as pilot:
        await agree(pilot)
        await pilot.press("ctrl+s")  # skip role
        await settle(pilot)
        await pilot.press("ctrl+s")  # skip the open question
        await settle(pilot)
        control = app.query_one(ScaleControl)
        assert [plain(label) for label in control.query(".scale-ends Label")] == [
            "← Not at all",
            "Extremely →",
        ]
        assert app.focused is app.query_one("#choice-0")
        await pilot.press("right", "right", "right", "left", "enter")
        await settle(pilot)
        assert app.conversation is not None
        assert stored(store, app.conversation.session_id)["pain"] == 3
        assert app.conversation.state.awaiting == "why"


# -- keys ----------------------------------------------------------------------------------------


async def test_skip_is_only_offered_where_the_study_allows_it(store: Store) -> None:
    must = {"id": "must", "type": "yes_no", "text": "Do you approve?", "allow_skip": False}
    app = make_app(store, study_of(must, {"id": "may", "type": "yes_no", "text": "Do you pay?"}))
    async with app.run_test(size=SIZE) as pilot:
        await agree(pilot)
        assert app.check_action("skip", ()) is False
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert current_id(app) == "must" and app.query_one(YesNoControl)
        await pilot.press("n")
        await settle(pilot)
        assert app.check_action("skip", ()) is True
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.conversation is not None and app.conversation.finished
        answers = store.answers(app.conversation.session_id)
        assert [(a.question_id, a.value, a.skipped) for a in answers] == [
            ("must", False, False),
            ("may", None, True),
        ]
        assert ("respondent", "skip") in bubbles(app)


# -- consent, quitting and resuming --------------------------------------------------------------


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
        await pilot.press("down", "space", "enter")  # household: 2
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

PROBE = "When was the last time you had to decide dinner on the spot?"


async def reach_last_week(pilot: Pilot[Any]) -> None:
    await agree(pilot)
    await pilot.press("down", "space", "enter")  # household: 2
    await settle(pilot)
    await pilot.press("y")  # decides
    await settle(pilot)


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


# -- preview and progress ------------------------------------------------------------------------


async def test_preview_panel_shows_each_decision(store: Store) -> None:
    app = make_app(store, model=ScriptedModel([PROBE]), preview=True)
    async with app.run_test(size=SIZE) as pilot:
        await reach_last_week(pilot)
        await type_answer(pilot, "We usually just wing it.")
        cards = list(app.query_one(PreviewPanel).query(DecisionCard))
        assert [c.border_title for c in cards] == [
            "turn 1 · consent",
            "turn 2 · ask",
            "turn 3 · ask",
            "turn 4 · ask",
            f"turn 5 · {app.conversation.last_reply.kind.value}",  # type: ignore[union-attr]
        ]
        last = plain(cards[-1]).splitlines()
        decision = app.conversation.last_reply.decision  # type: ignore[union-attr]
        assert last[0] == f"action   {decision.action}"
        assert last[1] == "read as  answer"
        assert f"depth    {decision.depth}/5" in last
        assert f"focus    {decision.focus}" in last
        assert f"left     {decision.follow_ups_left} follow-up(s)" in last
        assert last[-1] == "engine   llm:scripted"
        assert plain(app.query_one(StatusBar).query_one("#engine")) == "engine: llm:scripted"


def test_progress_counts_questions_that_can_still_be_asked() -> None:
    study = load_study(MEALS)
    moderator = Moderator(study)
    reply = moderator.start()
    assert progress(study, reply.state).label == "14 questions · about 30 min"
    state = moderator.respond(reply.state, "yes").state
    assert progress(study, state).label == "Question 1 of 14 · about 30 min left"
    state = moderator.respond(state, "2").state
    state = moderator.respond(state, "yes").state
    state = moderator.respond(state, "skip").state  # last_week
    assert state.current_id == "tools"
    state = moderator.respond(state, "pen", selection=["Pen and paper"]).state
    # app_gaps needs "A meal-planning app": it drops out of the total.
    shown = progress(study, state)
    assert (shown.position, shown.total) == (5, 13)
    assert 0 < shown.minutes_left < 30
