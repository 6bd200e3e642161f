"""The moderator wired to a real store: ordering, resume, idempotency, scoring on finish."""

from __future__ import annotations

import pytest

from interviewer.conversation import Conversation
from interviewer.interview import Status
from interviewer.moderator import Moderator
from interviewer.store import Store
from tests.support.mini_study import mini_study
from tests.test_moderator import DEEP

FULL_SCRIPT = [
    "yes",
    "operations",
    DEEP,
    "8",
    "Chasing people costs me hours every week.",
    "slack, email",
    "2, 1, 3",
    "no",
]


def test_every_turn_is_stored_in_order_with_typed_answers(store: Store) -> None:
    conversation = Conversation.begin(store, Moderator(mini_study()))
    for line in FULL_SCRIPT:
        conversation.send(line)
    assert conversation.finished and conversation.state.status is Status.COMPLETED
    turns = store.transcript(conversation.session_id)
    assert [t.role for t in turns] == ["moderator"] + ["respondent", "moderator"] * len(FULL_SCRIPT)
    assert [t.text for t in turns if t.role == "respondent"] == FULL_SCRIPT
    assert [t.kind.value for t in turns if t.role == "moderator"] == [
        "consent",
        "ask",
        "ask",
        "ask",
        "why",
        "ask",
        "ask",
        "ask",
        "close",
    ]
    values = {a.question_id: a.value for a in store.answers(conversation.session_id)}
    assert values == {
        "role": "Operations",
        "last_time": None,
        "pain": 8,
        "tools": ["Slack", "Email"],
        "priority": ["Fixing coding errors", "Chasing approvers", "Matching POs"],
        "switched": False,
    }


def test_a_finished_session_is_scored_per_answer_and_per_session(store: Store) -> None:
    conversation = Conversation.begin(store, Moderator(mini_study()))
    for line in FULL_SCRIPT:
        conversation.send(line)
    scores = store.scores(conversation.session_id)
    session = [s for s in scores if s.level == "session"]
    assert [(s.scorer, s.scorer_version) for s in session] == [("features", "v1")]
    assert 3 <= session[0].score <= 5 and session[0].reasons
    answers = {s.question_id: s.score for s in scores if s.level == "answer"}
    assert answers["last_time"] == 5
    assert "pain" in answers  # the scale's "why" follow-up is scored
    listed = store.list_sessions("mini")[0]
    assert listed.depth_score == session[0].score


def test_resume_answers_a_message_that_was_stored_but_never_replied_to(store: Store) -> None:
    moderator = Moderator(mini_study())
    conversation = Conversation.begin(store, moderator)
    conversation.send("yes")
    # Simulate a crash between storing the respondent's message and generating the reply.
    store.add_respondent_turn(conversation.session_id, "finance", question_id="role")
    resumed = Conversation.resume(store, moderator, conversation.session_id)
    assert "Tell me about the last time an invoice approval got stuck." in resumed.last_text
    turns = store.transcript(conversation.session_id)
    assert [t.text for t in turns if t.role == "respondent"] == ["yes", "finance"]
    assert resumed.state.answers["role"].value == "Finance"
    resumed.send(DEEP)
    assert resumed.state.current_id == "pain"


def test_resume_of_an_idle_session_repeats_the_last_question(store: Store) -> None:
    moderator = Moderator(mini_study())
    conversation = Conversation.begin(store, moderator)
    conversation.send("yes")
    resumed = Conversation.resume(store, moderator, conversation.session_id)
    assert resumed.last_text == conversation.last_text
    assert resumed.state == conversation.state


def test_a_retried_message_is_stored_once_and_gets_the_same_reply(store: Store) -> None:
    moderator = Moderator(mini_study())
    conversation = Conversation.begin(store, moderator)
    first = conversation.send("yes", idempotency_key="k1")
    again = Conversation.resume(store, moderator, conversation.session_id)
    retried = again.send("yes", idempotency_key="k1")
    assert retried.text == first.text
    texts = [t.text for t in store.transcript(conversation.session_id)]
    assert texts.count("yes") == 1


def test_declining_stores_only_the_decline(store: Store) -> None:
    conversation = Conversation.begin(store, Moderator(mini_study()))
    conversation.send("no, I don't agree")
    turns = store.transcript(conversation.session_id)
    assert [(t.role, t.kind.value) for t in turns] == [
        ("moderator", "consent"),
        ("moderator", "close"),
    ]
    assert store.answers(conversation.session_id) == []
    assert store.scores(conversation.session_id) == []


def test_sending_to_a_finished_session_is_refused(store: Store) -> None:
    conversation = Conversation.begin(store, Moderator(mini_study()))
    conversation.send("no")
    with pytest.raises(ValueError, match="has ended"):
        conversation.send("hello")


def test_selection_from_a_control_is_stored_exactly(store: Store) -> None:
    conversation = Conversation.begin(store, Moderator(mini_study()))
    conversation.send("yes")
    conversation.send("Operations", selection="Operations")
    conversation.send(DEEP)
    reply = conversation.send("11", selection=11)
    assert reply.kind.value == "clarify"  # out of range: never stored
    conversation.send("9", selection=9)
    conversation.send("Because chasing people eats my Fridays.")
    conversation.send("Jira, Other", selection=["Jira", "Other"], other_text="Teams, sadly")
    values = {
        a.question_id: (a.value, a.other_text) for a in store.answers(conversation.session_id)
    }
    assert values["role"] == ("Operations", None)
    assert values["pain"] == (9, None)
    assert values["tools"] == (["Jira", "Other"], "Teams, sadly")


def test_a_screen_that_fails_while_the_reply_streams_loses_nothing(store: Store) -> None:
    """The respondent left mid-reply (CI saw the terminal app's log unmounted under a chunk):
    the answer and the reply are still stored, and the sink is not called again."""
    from interviewer.llm import ScriptedModel

    study = mini_study()
    conversation = Conversation.begin(store, Moderator(study, ScriptedModel(["A probe?"] * 9)))
    conversation.send("yes")
    conversation.send("operations")
    calls: list[str] = []

    def unmounted(chunk: str) -> None:
        calls.append(chunk)
        raise RuntimeError("Can't mount widget(s) before ChatLog(id='log') is mounted")

    reply = conversation.send("We usually just wing it.", on_token=unmounted)
    assert len(calls) == 1
    turns = store.transcript(conversation.session_id)
    assert (turns[-2].role, turns[-2].text) == ("respondent", "We usually just wing it.")
    assert (turns[-1].role, turns[-1].text) == ("moderator", reply.text)
