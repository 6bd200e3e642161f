"""The respondent's terminal app, driven through Textual's Pilot on a real SQLite store.

Every test goes through the screen the way a respondent would (keys, clicks, typing) and then
checks what the store holds: the app must store exactly what was picked, in the same shape as
the plain CLI. Consent, quitting, resuming and streaming are in ``test_tui_sessions.py``.
"""

from __future__ import annotations

import pytest
from textual.widgets import Button, Input, RadioButton, RadioSet, SelectionList

from interviewer.interview import Status
from interviewer.llm import ScriptedModel
from interviewer.moderator import Moderator
from interviewer.progress import progress
from interviewer.store import Store
from interviewer.study.file import load_study
from interviewer.tui.controls import (
    MultipleChoiceControl,
    RankingControl,
    RankList,
    ScaleControl,
    SingleChoiceControl,
    YesNoControl,
)
from interviewer.tui.labels import label
from interviewer.tui.widgets import DecisionCard, PreviewPanel, StatusBar
from tests.support.mini_study import mini_study
from tests.support.tui_pilot import (
    MEALS,
    PROBE,
    SIZE,
    agree,
    answer_open,
    bubbles,
    current_id,
    make_app,
    other_text,
    plain,
    reach_last_week,
    settle,
    stored,
    study_of,
    type_answer,
)

# -- a whole interview ---------------------------------------------------------------------------


@pytest.fixture
def store(sqlite_store: Store) -> Store:
    """SQLite only: the app is the same on every backend, and these tests are slow."""
    return sqlite_store


async def test_a_whole_study_through_the_ui_stores_exactly_what_was_picked(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await agree(pilot)
        assert app.conversation is not None
        session = app.conversation.session_id
        assert plain(app.query_one("#progress")) == "Question 1 of 14 · about 30 min left"

        # single_choice, keyboard only, as the hint line says: Space picks, Tab to Send, Enter.
        assert isinstance(app.focused, RadioSet)
        await pilot.press("down", "down", "space", "tab")
        assert app.focused is app.query_one("#send")
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
        assert plain(hint).endswith("Pick 1 to 2")
        await pilot.click("#send")  # nothing ticked yet
        await settle(pilot)
        assert plain(hint) == "Please pick at least 1 of the options." and hint.has_class("problem")
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
        assert plain(app.query_one(".control-hint")) == "Which other one? Please tell me its name."
        await pilot.press(*"Procurement", "enter")
        await settle(pilot)
        assert app.conversation is not None
        session = app.conversation.session_id
        assert stored(store, session) == {"role": "Other"}
        assert other_text(store, session, "role") == "Procurement"
        assert ("respondent", "Other: Procurement") in bubbles(app)


async def test_single_choice_space_keeps_the_focus_so_tab_reaches_send(store: Store) -> None:
    # Issue 11: "on a single choice, Space moves focus to Send so Tab goes past it".
    role = {"id": "role", "type": "single_choice", "text": "What best describes your role?"}
    app = make_app(store, study_of({**role, "options": ["Finance", "Ops", "IT"]}))
    async with app.run_test(size=SIZE) as pilot:
        await agree(pilot)
        choices = app.query_one(RadioSet)
        assert app.focused is choices
        assert plain(app.query_one(".control-hint")) == "↑/↓ and Space to choose · Tab to Send"
        await pilot.press("down", "space")
        assert app.focused is choices  # ↑/↓ can still change the choice…
        await pilot.press("down", "space")
        assert choices.pressed_index == 2
        await pilot.press("tab")  # …and Tab lands on Send, not past it
        assert app.focused is app.query_one("#send")
        await pilot.press("enter")
        await settle(pilot)
        assert app.conversation is not None
        assert stored(store, app.conversation.session_id) == {"role": "IT"}


async def test_ranking_tab_goes_to_send_and_an_untouched_order_is_confirmed_first(
    store: Store,
) -> None:
    # Issue 11: "the ranking control starts on ▲ Up and can be sent untouched in default order".
    items = ["Chasing approvers", "Fixing coding errors", "Matching POs"]
    ranking = {"id": "priority", "type": "ranking", "text": "Rank these.", "items": items}
    app = make_app(store, study_of(ranking))
    async with app.run_test(size=SIZE) as pilot:
        await agree(pilot)
        assert isinstance(app.focused, RankList)
        await pilot.press("tab")
        assert app.focused is app.query_one("#send")  # not "▲ Up": the buttons are for the mouse
        await pilot.press("enter")  # the study's order, untouched: asked to confirm, not sent
        await settle(pilot)
        hint = app.query_one(".control-hint")
        assert plain(hint) == (
            "You haven't changed the order. Is it right as it is? "
            "Press Send again to confirm, or move items first."
        )
        assert hint.has_class("problem")
        assert app.conversation is not None and app.conversation.state.turn_count == 1
        session = app.conversation.session_id
        assert "priority" not in stored(store, session)

        await pilot.pause(0.3)  # a Button ignores a second press during its 0.2 s press effect
        await pilot.press("enter")  # confirmed
        await settle(pilot)
        assert stored(store, session) == {"priority": items}


async def test_a_moved_ranking_is_sent_at_once(store: Store) -> None:
    items = ["Chasing approvers", "Fixing coding errors", "Matching POs"]
    ranking = {"id": "priority", "type": "ranking", "text": "Rank these.", "items": items}
    app = make_app(store, study_of(ranking))
    async with app.run_test(size=SIZE) as pilot:
        await agree(pilot)
        await pilot.press("down", "shift+up", "tab", "enter")
        await settle(pilot)
        assert app.conversation is not None
        assert stored(store, app.conversation.session_id) == {
            "priority": ["Fixing coding errors", "Chasing approvers", "Matching POs"]
        }


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


@pytest.mark.parametrize("lang", ["en", "es", "de", "fr", "pt"])
def test_the_confirm_order_question_is_in_every_language_and_names_its_send_button(
    lang: str,
) -> None:
    confirm = label(lang, "confirm_order")
    assert label(lang, "send") in confirm
    assert lang == "en" or confirm != label("en", "confirm_order")
