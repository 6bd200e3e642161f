"""The terminal app records how each answer was written (Textual Pilot, real SQLite): typed
keys count only as time, a bracketed paste as one paste and its length — never the text."""

from __future__ import annotations

from textual import events

from interviewer.store import Store
from tests.support.guard_study import MACHINE, guard_study
from tests.support.tui_pilot import SIZE, agree, make_app, settle


async def test_typed_and_pasted_answers_are_stored_with_their_counts(store: Store) -> None:
    app = make_app(store, guard_study())
    async with app.run_test(size=SIZE) as pilot:
        await agree(pilot)
        assert app.conversation is not None
        session = app.conversation.session_id
        assert app.focused is app.query_one("#answer")
        typed = "Last Sunday at 6pm I wrote five dinners on an envelope."
        await pilot.press(*typed, "enter")  # every key really typed
        await settle(pilot)
        await pilot.press("n")  # used_app: the No button
        await settle(pilot)
        # A terminal's bracketed paste, as the driver delivers it to the app.
        app.post_message(events.Paste(MACHINE))
        await pilot.pause()
        assert app.query_one("#answer").value == MACHINE  # type: ignore[attr-defined]
        await pilot.press("enter")
        await settle(pilot)
        reply = app.conversation.last_text

    turns = [t for t in store.transcript(session) if t.role == "respondent" and t.question_id]
    first, third = turns[0], turns[2]
    assert first.text == typed
    assert first.telemetry is not None and first.telemetry["pastes"] == 0
    assert first.telemetry["pasted_chars"] == 0 and first.telemetry["typing_ms"] > 0
    assert turns[1].telemetry is None  # a button press is no writing
    assert third.text == MACHINE
    assert third.telemetry is not None
    assert (third.telemetry["pastes"], third.telemetry["pasted_chars"]) == (1, len(MACHINE))
    assert set(third.telemetry) == {"typing_ms", "pastes", "pasted_chars"}
    assert "own words" in reply  # the one gentle attention check
