"""The store's API on real databases: SQLite always, PostgreSQL when INTERVIEWER_TEST_PG_URL is set.

Fixtures and builders: tests/support/store_fixtures.py.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from interviewer.interview import AnswerRecord, InterviewState, Status, TurnKind, Usage
from interviewer.store import (
    ScoreCreate,
    SessionClosedError,
    Store,
    UnknownSessionError,
    UnknownStudyError,
    new_session_id,
)
from interviewer.store import transaction as transaction_module
from interviewer.store.db import connect
from tests.support.store_fixtures import STUDY, consent, make_reply, make_study, start, with_answers

# -- studies ------------------------------------------------------------------------------


def test_studies_are_versioned_by_content_hash(store: Store) -> None:
    first = make_study()
    yaml_text = "# the researcher's comments survive\nid: billing\n"
    assert store.save_study(first) == first.content_hash
    assert store.save_study(first, source=yaml_text) == first.content_hash  # idempotent
    edited = make_study(title="Billing pains, revised")
    assert store.save_study(edited) == edited.content_hash != first.content_hash
    store.save_study(make_study(id="other"))

    assert store.get_study("billing") == edited  # latest version
    assert store.get_study("billing", first.content_hash) == first
    listed = [(s.id, s.content_hash, s.title, s.session_count) for s in store.list_studies()]
    assert listed == [
        ("billing", edited.content_hash, "Billing pains, revised", 0),
        ("billing", first.content_hash, "Billing pains", 0),
        ("other", make_study(id="other").content_hash, "Billing pains", 0),
    ]


def test_unknown_studies_name_the_known_ones(store: Store) -> None:
    with pytest.raises(UnknownStudyError, match="known studies: none yet"):
        store.get_study("billing")
    store.save_study(make_study())
    store.save_study(make_study(id="pricing"))
    with pytest.raises(KeyError) as caught:
        store.get_study("nope")
    assert str(caught.value) == (
        f"no study 'nope' in the store at {store.url}; known studies: billing, pricing"
    )
    with pytest.raises(UnknownStudyError, match=f"stored versions: {make_study().content_hash}"):
        store.get_study("billing", "0000")
    with pytest.raises(UnknownStudyError, match="known studies: billing, pricing"):
        store.list_sessions("nope")


# -- sessions and turns -------------------------------------------------------------------


def test_session_round_trip(store: Store) -> None:
    study = make_study()
    state = InterviewState(study_id="billing")
    session_id = store.create_session(
        study,
        engine="llm",
        model="openai:gpt-4.1-mini",
        source="web",
        state=state,
        respondent="P07",
    )
    assert re.fullmatch(r"[A-Za-z0-9]{12}", session_id)

    view = store.load_session(session_id)
    assert view.study == study
    assert view.state == state
    assert view.turns == []
    row = view.session
    assert (row.id, row.study_id, row.study_hash) == (session_id, "billing", study.content_hash)
    assert (row.status, row.source, row.engine, row.model, row.respondent) == (
        Status.CONSENT,
        "web",
        "llm",
        "openai:gpt-4.1-mini",
        "P07",
    )
    assert row.ended_at is None and row.started_at.utcoffset() == timedelta(0)
    assert (row.prompt_tokens, row.completion_tokens, row.llm_calls) == (0, 0, 0)
    assert [s.session_count for s in store.list_studies()] == [1]
    with pytest.raises(ValueError, match="source must be one of chat, web, import"):
        store.create_session(study, engine="offline", model=None, source="email", state=state)  # type: ignore[arg-type]


def test_session_ids_are_short_and_unguessable() -> None:
    ids = {new_session_id() for _ in range(2000)}
    assert len(ids) == 2000
    assert all(re.fullmatch(r"[A-Za-z0-9]{12}", i) for i in ids)


def test_unknown_sessions_say_how_to_list_sessions(store: Store) -> None:
    state = InterviewState(study_id="billing")
    calls = [
        lambda: store.load_session("missing"),
        lambda: store.transcript("missing"),
        lambda: store.pending_respondent_turns("missing"),
        lambda: store.add_respondent_turn("missing", "hi", question_id=None),
        lambda: store.record_reply("missing", make_reply(state, "hi")),
        lambda: store.answers("missing"),
        lambda: store.scores("missing"),
        lambda: store.save_scores("missing", []),
        lambda: store.delete_session("missing"),
    ]
    for call in calls:
        with pytest.raises(UnknownSessionError) as caught:
            call()
        assert isinstance(caught.value, KeyError)
        assert str(caught.value) == (
            f"no session 'missing' in the store at {store.url}; "
            "list a study's sessions with `interviewer sessions STUDY_ID`"
        )


def test_a_whole_interview_is_recorded(store: Store) -> None:
    session_id, state = start(store)
    state = consent(store, session_id, state)
    story = store.add_respondent_turn(
        session_id, "Last week a client paid 20 days late.", question_id="story"
    )
    state = with_answers(
        state,
        AnswerRecord(question_id="story", texts=[story.text], depth=4, depth_reasons=["specific"]),
        question_index=1,
        asked=["story", "pain"],
    )
    store.record_reply(
        session_id,
        make_reply(
            state,
            "How painful is it?",
            question_id="pain",
            updated=("story",),
            usage=Usage(prompt_tokens=120, completion_tokens=30, calls=2),
            engine="llm:openai:gpt-4.1-mini",
        ),
        answered_turn_id=story.id,
    )
    pain = store.add_respondent_turn(session_id, "8", question_id="pain")
    done = with_answers(
        state, AnswerRecord(question_id="pain", value=8, texts=["8"]), status=Status.COMPLETED
    )
    closing = store.record_reply(
        session_id,
        make_reply(done, "Thanks!", TurnKind.CLOSE, updated=("pain",), usage=Usage(10, 5, 1)),
        answered_turn_id=pain.id,
    )

    turns = store.transcript(session_id)
    assert [(t.seq, t.role, t.kind, t.question_id, t.engine) for t in turns] == [
        (1, "moderator", TurnKind.CONSENT, None, "offline"),
        (2, "respondent", TurnKind.ANSWER, None, None),
        (3, "moderator", TurnKind.ASK, "story", "offline"),
        (4, "respondent", TurnKind.ANSWER, "story", None),
        (5, "moderator", TurnKind.ASK, "pain", "llm:openai:gpt-4.1-mini"),
        (6, "respondent", TurnKind.ANSWER, "pain", None),
        (7, "moderator", TurnKind.CLOSE, None, "offline"),
    ]
    assert turns[-1] == closing
    assert [t.reply_to for t in turns] == [None, None, 2, None, 4, None, 6]
    assert (turns[4].prompt_tokens, turns[4].completion_tokens) == (120, 30)
    assert turns[4].decision == {
        "action": "ask",
        "intent": "answer",
        "depth": 3,
        "reasons": ["concrete", "past event"],
        "follow_ups_left": None,
        "focus": None,
    }
    assert [
        (a.question_id, a.question_type, a.value, a.depth) for a in store.answers(session_id)
    ] == [
        ("story", "open_ended", None, 4),
        ("pain", "scale", 8, None),
    ]

    view = store.load_session(session_id)
    assert view.state == done
    assert view.turns == turns
    row = view.session
    assert row.status is Status.COMPLETED
    assert (row.prompt_tokens, row.completion_tokens, row.llm_calls) == (130, 35, 3)
    assert row.ended_at is not None and row.ended_at == row.updated_at
    assert row.duration_seconds == (row.ended_at - row.started_at).total_seconds()
    with pytest.raises(SessionClosedError, match="is completed; it takes no more messages"):
        store.add_respondent_turn(session_id, "one more thing", question_id=None)


def test_idempotency_keys_store_a_retried_message_once(store: Store) -> None:
    session_id, _ = start(store)
    first = store.add_respondent_turn(session_id, "yes", question_id=None, idempotency_key="k-1")
    retry = store.add_respondent_turn(session_id, "yes", question_id=None, idempotency_key="k-1")
    assert retry == first
    other = store.add_respondent_turn(
        session_id, "and more", question_id=None, idempotency_key="k-2"
    )
    plain = [store.add_respondent_turn(session_id, "same", question_id=None) for _ in range(2)]
    assert [t.seq for t in store.transcript(session_id)] == [1, 2, 3, 4, 5]
    assert (other.seq, plain[0].seq, plain[1].seq) == (3, 4, 5)

    # Keys are per session: another session may use the same one.
    second_id, _ = start(store)
    elsewhere = store.add_respondent_turn(second_id, "yes", question_id=None, idempotency_key="k-1")
    assert elsewhere.session_id == second_id and elsewhere.id != first.id


def test_a_reply_is_recorded_once_per_respondent_turn(store: Store) -> None:
    session_id, state = start(store)
    yes = store.add_respondent_turn(session_id, "yes", question_id=None)
    active = state.model_copy(update={"status": Status.ACTIVE})
    first = store.record_reply(session_id, make_reply(active, "Q1"), answered_turn_id=yes.id)
    again = store.record_reply(
        session_id, make_reply(active, "Q1 again", usage=Usage(5, 5, 1)), answered_turn_id=yes.id
    )
    assert again == first
    assert store.reply_for(session_id, yes.id) == first
    assert store.load_session(session_id).session.llm_calls == 0
    assert [t.text for t in store.transcript(session_id)] == [STUDY["consent"], "yes", "Q1"]
    with pytest.raises(ValueError, match="is not a respondent turn"):
        store.record_reply(session_id, make_reply(active, "x"), answered_turn_id=first.id)


def test_record_reply_stores_nothing_when_it_fails_midway(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    session_id, state = start(store)
    state = consent(store, session_id, state)
    turn = store.add_respondent_turn(session_id, "8, and yes", question_id="pain")
    before = store.load_session(session_id)

    real = transaction_module.answer_columns
    calls: list[str] = []

    def crash_on_second(record: AnswerRecord, question_type: str) -> dict[str, Any]:
        calls.append(record.question_id)
        if len(calls) == 2:
            raise RuntimeError("simulated crash while storing the second answer")
        return real(record, question_type)

    monkeypatch.setattr(transaction_module, "answer_columns", crash_on_second)
    new_state = with_answers(
        state,
        AnswerRecord(question_id="pain", value=8, texts=["8"]),
        AnswerRecord(question_id="switched", value=True, texts=["yes"]),
        status=Status.COMPLETED,
    )
    reply = make_reply(
        new_state, "Thanks!", TurnKind.CLOSE, updated=("pain", "switched"), usage=Usage(9, 9, 1)
    )
    with pytest.raises(RuntimeError, match="simulated crash"):
        store.record_reply(session_id, reply, answered_turn_id=turn.id)
    assert calls == ["pain", "switched"]

    after = store.load_session(session_id)
    assert after == before  # no moderator turn, no answer, same state, status and totals
    assert store.answers(session_id) == []
    assert store.pending_respondent_turns(session_id) == [turn]

    monkeypatch.setattr(transaction_module, "answer_columns", real)
    closing = store.record_reply(session_id, reply, answered_turn_id=turn.id)
    assert closing.seq == turn.seq + 1
    assert [a.question_id for a in store.answers(session_id)] == ["pain", "switched"]


def test_pending_respondent_turns_are_what_a_resumed_chat_must_answer(store_url: str) -> None:
    with Store(store_url) as store:
        session_id, state = start(store)
        assert store.pending_respondent_turns(session_id) == []
        first = store.add_respondent_turn(session_id, "yes", question_id=None)
        second = store.add_respondent_turn(session_id, "wait, one question first", question_id=None)
    # "The process crashed" before replying: a new process sees both messages.
    with Store(store_url) as reopened:
        assert reopened.pending_respondent_turns(session_id) == [first, second]
        assert reopened.load_session(session_id).pending == [first, second]
        reopened.record_reply(session_id, make_reply(state, "Sure"), answered_turn_id=second.id)
        assert reopened.pending_respondent_turns(session_id) == []


def test_typed_answers_keep_their_python_types(store_url: str) -> None:
    records = [
        AnswerRecord(
            question_id="story", texts=["It was late.", "Twice."], depth=5, depth_reasons=["a", "b"]
        ),
        AnswerRecord(question_id="pain", value=0, texts=["zero"]),
        AnswerRecord(question_id="switched", value=False, texts=["no"]),
        AnswerRecord(question_id="role", value="Other", other_text="Founder 🚀", texts=["founder"]),
        AnswerRecord(question_id="tools", value=["Slack", "Email"], texts=["slack and email"]),
        AnswerRecord(question_id="priority", skipped=True),
    ]
    with Store(store_url) as store:
        session_id, state = start(store)
        final = with_answers(state, *records, status=Status.COMPLETED)
        ids = tuple(r.question_id for r in records)
        store.record_reply(session_id, make_reply(final, "Thanks!", TurnKind.CLOSE, updated=ids))
    with Store(store_url) as reopened:  # nothing cached: every value comes from the database
        stored = reopened.answers(session_id)
        assert [a.to_record() for a in stored] == records
        assert [(type(a.value), a.value_number) for a in stored] == [
            (type(None), None),
            (int, 0),
            (bool, None),
            (str, None),
            (list, None),
            (type(None), None),
        ]
        assert [a.question_type for a in stored] == [
            "open_ended",
            "scale",
            "yes_no",
            "single_choice",
            "multiple_choice",
            "ranking",
        ]
        assert reopened.load_session(session_id).state == final


def test_answers_are_upserted_not_duplicated(store: Store) -> None:
    session_id, state = start(store)
    first = with_answers(state, AnswerRecord(question_id="story", texts=["short"], depth=2))
    store.record_reply(session_id, make_reply(first, "Probe", TurnKind.PROBE, updated=("story",)))
    deeper = with_answers(
        first, AnswerRecord(question_id="story", texts=["short", "long"], depth=4)
    )
    store.record_reply(session_id, make_reply(deeper, "Next", updated=("story", "story")))
    [answer] = store.answers(session_id)
    assert (answer.texts, answer.depth) == (["short", "long"], 4)


def test_record_reply_rejects_answers_it_cannot_store(store: Store) -> None:
    session_id, state = start(store)
    with pytest.raises(ValueError, match=r"names 'pain', which reply\.state\.answers lacks"):
        store.record_reply(session_id, make_reply(state, "x", updated=("pain",)))
    stray = with_answers(state, AnswerRecord(question_id="nope", value=1))
    with pytest.raises(ValueError, match="has no question 'nope'"):
        store.record_reply(session_id, make_reply(stray, "x", updated=("nope",)))
    assert len(store.transcript(session_id)) == 1


def test_state_snapshot_round_trips(store: Store) -> None:
    session_id, _ = start(store)
    state = InterviewState(
        study_id="billing",
        status=Status.STOPPED,
        question_index=2,
        awaiting="why",
        follow_ups=2,
        clarifications=1,
        steers=1,
        answers={
            "pain": AnswerRecord(question_id="pain", value=7, texts=["7"]),
            "tools": AnswerRecord(question_id="tools", value=["Jira"], declined=False),
        },
        used_phrasings=["last_time", "cost"],
        asked=["story", "pain", "switched"],
        turn_count=9,
    )
    store.record_reply(session_id, make_reply(state, "Stopping", TurnKind.CLOSE))
    view = store.load_session(session_id)
    assert view.state == state
    assert view.session.status is Status.STOPPED and view.session.ended_at is not None
    # A stopped session may be resumed: it accepts messages, and becomes active again.
    turn = store.add_respondent_turn(session_id, "let's continue", question_id="switched")
    resumed = state.model_copy(update={"status": Status.ACTIVE})
    store.record_reply(session_id, make_reply(resumed, "Great"), answered_turn_id=turn.id)
    assert store.load_session(session_id).session.ended_at is None


def test_text_round_trips_byte_for_byte(store: Store) -> None:
    session_id, state = start(store)
    texts = [
        "Ça coûte 20 € — 毎月の請求書 📎🧾👍🏽 👩‍👩‍👧 ‮rtl‬ e\u0301 \"quoted\" 'single' \\ back",
        "line one\nline two\r\n\ttabbed   trailing spaces   ",
        ("10k chars, emoji included 🎉 " * 400)[:10_000],
        "",
    ]
    stored = [store.add_respondent_turn(session_id, t, question_id="story") for t in texts]
    reply_text = "🤔 " + texts[0]
    store.record_reply(session_id, make_reply(state, reply_text), answered_turn_id=stored[-1].id)
    got = [t.text for t in store.transcript(session_id)][1:]
    assert got == [*texts, reply_text]
    assert [t.encode() for t in got[:4]] == [t.encode() for t in texts]
    assert len(got[2]) == 10_000

    # NUL cannot be stored by PostgreSQL; both backends drop it the same way.
    nul = store.add_respondent_turn(session_id, "a\x00b", question_id="story")
    assert nul.text == "ab" == store.transcript(session_id)[-1].text


# -- summaries, answers across sessions, scores ----------------------------------------------


def test_list_sessions_summarises_each_session(store: Store) -> None:
    study = make_study()
    store.save_study(study)
    assert store.list_sessions("billing") == []
    older, state = start(store, study, respondent="P01")
    consent(store, older, state)
    newer, _ = start(store, study, source="web")
    store.save_scores(
        older,
        [
            ScoreCreate(scorer="features", scorer_version="1", level="session", score=3.5),
            ScoreCreate(scorer="judge", scorer_version="1", level="session", score=4.0),
        ],
    )

    summaries = store.list_sessions("billing")
    assert [
        (s.id, s.status, s.turn_count, s.answer_count, s.respondent, s.source) for s in summaries
    ] == [
        (newer, Status.CONSENT, 1, 0, None, "web"),
        (older, Status.ACTIVE, 3, 0, "P01", "chat"),
    ]
    assert (summaries[0].depth_score, summaries[0].depth_scorer) == (None, None)
    assert (summaries[1].depth_score, summaries[1].depth_scorer) == (4.0, "judge")
    assert (
        summaries[1].duration_seconds
        == (summaries[1].updated_at - summaries[1].started_at).total_seconds()
    )


def test_answers_for_study_spans_sessions_and_versions(store: Store) -> None:
    v1, v2 = make_study(), make_study(title="Billing pains v2")
    values = {}
    for study, value in ((v1, 3), (v2, 9), (v2, 10)):
        session_id, state = start(store, study)
        done = with_answers(state, AnswerRecord(question_id="pain", value=value))
        store.record_reply(session_id, make_reply(done, "ok", updated=("pain",)))
        values[session_id] = value
    everything = store.answers_for_study("billing")
    assert [(a.session_id, a.value_number) for a in everything] == list(values.items())
    assert [a.value for a in store.answers_for_study("billing", v2.content_hash)] == [9, 10]
    with pytest.raises(UnknownStudyError):
        store.answers_for_study("nope")


def test_scores_sit_side_by_side_and_rescoring_replaces(store: Store) -> None:
    session_id, _ = start(store)
    features = [
        ScoreCreate(
            scorer="features",
            scorer_version="1",
            level="answer",
            question_id="story",
            score=2,
            reasons=["vague"],
        ),
        ScoreCreate(scorer="features", scorer_version="1", level="session", score=2.0),
    ]
    judge = [
        ScoreCreate(
            scorer="judge", scorer_version="gpt-x", level="session", score=3, reasons=["ok"]
        )
    ]
    store.save_scores(session_id, features)
    saved = store.save_scores(session_id, judge)
    assert [(s.scorer, s.level, s.question_id, s.score, s.reasons) for s in saved] == [
        ("judge", "session", None, 3.0, ["ok"])
    ]
    rescored = [ScoreCreate(scorer="features", scorer_version="1", level="session", score=4.5)]
    store.save_scores(session_id, rescored)
    assert [(s.scorer, s.scorer_version, s.level, s.score) for s in store.scores(session_id)] == [
        ("judge", "gpt-x", "session", 3.0),
        ("features", "1", "session", 4.5),
    ]
    with pytest.raises(ValueError, match="an 'answer' score needs a question_id"):
        ScoreCreate(scorer="f", scorer_version="1", level="answer", score=1)


def test_declining_keeps_only_the_consent_request_and_the_decline(store: Store) -> None:
    session_id, state = start(store)
    no = store.add_respondent_turn(
        session_id, "No. I'm Jane Doe, stop emailing me.", question_id=None
    )
    declined = state.model_copy(update={"status": Status.DECLINED, "awaiting": "done"})
    decline_text = make_study().messages.declined
    store.record_reply(
        session_id, make_reply(declined, decline_text, TurnKind.CLOSE), answered_turn_id=no.id
    )

    view = store.load_session(session_id)
    assert [(t.role, t.text, t.reply_to) for t in view.turns] == [
        ("moderator", STUDY["consent"], None),
        ("moderator", decline_text, None),
    ]
    assert view.session.status is Status.DECLINED and view.session.ended_at is not None
    assert store.answers(session_id) == []
    with pytest.raises(SessionClosedError):
        store.add_respondent_turn(session_id, "hello?", question_id=None)


def test_delete_session_removes_everything_it_owns(store_url: str) -> None:
    with Store(store_url) as store:
        keep, _ = start(store)
        gone, state = start(store)
        done = with_answers(state, AnswerRecord(question_id="pain", value=1))
        store.record_reply(gone, make_reply(done, "ok", updated=("pain",)))
        store.save_scores(
            gone, [ScoreCreate(scorer="f", scorer_version="1", level="session", score=1)]
        )
        store.delete_session(gone)
        with pytest.raises(UnknownSessionError):
            store.load_session(gone)
        assert [s.id for s in store.list_sessions("billing")] == [keep]
        assert store.answers_for_study("billing") == []
    database = connect(store_url)
    with database.reader.connect() as conn:
        counts = [
            conn.scalar(sa.text(f"SELECT count(*) FROM {t}"))
            for t in ("turns", "answers", "scores")
        ]
    database.dispose()
    assert counts == [1, 0, 0]  # only the kept session's consent turn
