"""Whole-session writes (imports) and reads (synthesis) on both backends."""

from __future__ import annotations

import pytest

from interviewer.conversation import Conversation
from interviewer.interview import AnswerRecord, InterviewState, Status, TurnKind
from interviewer.moderator import Moderator
from interviewer.store import ImportedTurn, Store
from tests.support.mini_study import mini_study

TURNS = (
    ImportedTurn(
        "moderator",
        "Tell me about the last time an approval got stuck.",
        "last_time",
        TurnKind.ASK,
        "call.md:3",
    ),
    ImportedTurn(
        "respondent",
        "Last week — the CFO was away 😬\n\nSix days!",
        "last_time",
        origin="call.md:5",
    ),
    ImportedTurn("moderator", "And then?", "last_time", TurnKind.PROBE, "call.md:9"),
    ImportedTurn("respondent", "We paid the fee.", "last_time", origin="call.md:11"),
)


def finished_state(answers: dict[str, AnswerRecord]) -> InterviewState:
    return InterviewState(
        study_id="mini",
        status=Status.COMPLETED,
        awaiting="done",
        asked=list(answers),
        answers=answers,
        question_index=1,
    )


def test_an_imported_session_is_stored_whole_and_byte_for_byte(store: Store) -> None:
    study = mini_study()
    answers = {
        "last_time": AnswerRecord(question_id="last_time", texts=[TURNS[1].text, TURNS[3].text])
    }
    session_id = store.import_session(study, TURNS, state=finished_state(answers), respondent="P07")
    view = store.load_session(session_id)
    assert (view.session.source, view.session.status, view.session.respondent) == (
        "import",
        "completed",
        "P07",
    )
    assert [(t.seq, t.role, t.text, t.kind) for t in view.turns] == [
        (i, t.role, t.text, t.kind) for i, t in enumerate(TURNS, start=1)
    ]
    assert [t.reply_to for t in view.turns] == [None, None, view.turns[1].id, None]
    assert [t.idempotency_key for t in view.turns if t.role == "respondent"] == [
        "call.md:5",
        "call.md:11",
    ]
    [answer] = store.answers(session_id)
    assert answer.texts == [TURNS[1].text, TURNS[3].text]


def test_a_failing_import_stores_nothing(store: Store) -> None:
    study = mini_study()
    bad = {"nope": AnswerRecord(question_id="nope", texts=["x"])}  # not a question of the study
    with pytest.raises(ValueError, match="nope"):
        store.import_session(study, TURNS, state=finished_state(bad))
    with pytest.raises(KeyError):  # the transaction rolled back: not even the study was kept
        store.list_sessions("mini")


def test_load_sessions_equals_loading_each_session(store: Store) -> None:
    moderator = Moderator(mini_study())
    ids = []
    for lines in (["yes", "finance", "It was slow."], ["no"], ["yes", "operations"]):
        conversation = Conversation.begin(store, moderator)
        for line in lines:
            conversation.send(line)
        ids.append(conversation.session_id)
    bulk = store.load_sessions("mini")
    assert sorted(v.session.id for v in bulk) == sorted(ids)
    for view in bulk:
        single = store.load_session(view.session.id)
        assert (view.session, view.state, view.turns) == (
            single.session,
            single.state,
            single.turns,
        )
