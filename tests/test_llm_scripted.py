"""ScriptedModel: the deterministic ChatModel other tests and demos rely on."""

from __future__ import annotations

import pytest
from pydantic import BaseModel

from interviewer.llm import (
    Message,
    ModelError,
    ModelOutputError,
    ScriptedModel,
    ScriptExhaustedError,
)

HELLO = [Message("user", "Hello")]


class Verdict(BaseModel):
    depth: int


def test_streams_a_reply_in_word_chunks_that_join_exactly() -> None:
    text = "Walk me through  the last time\nit happened. "
    model = ScriptedModel([text])

    chunks = list(model.stream(HELLO))

    assert chunks == ["Walk ", "me ", "through  ", "the ", "last ", "time\n", "it ", "happened. "]
    assert "".join(chunks) == text


def test_plays_responses_in_order_and_records_every_call() -> None:
    model = ScriptedModel(["first", "second"])
    follow_up = [*HELLO, Message("assistant", "first"), Message("user", "And?")]

    assert model.complete(HELLO) == "first"
    assert model.complete(follow_up, json_mode=True) == "second"

    assert model.calls == [HELLO, follow_up]
    assert model.json_modes == [False, True]
    assert model.remaining == 0


def test_a_call_is_recorded_even_if_the_stream_is_never_read() -> None:
    model = ScriptedModel(["unused"])
    model.stream(HELLO)
    assert model.calls == [HELLO]
    assert model.remaining == 0


def test_a_scripted_exception_is_raised_while_streaming() -> None:
    model = ScriptedModel([ModelError("server down"), "after the outage"])

    stream = model.stream(HELLO)  # like a real model, failing is part of reading
    with pytest.raises(ModelError, match="server down"):
        list(stream)
    assert model.complete(HELLO) == "after the outage"


def test_a_callable_computes_the_reply_from_the_messages() -> None:
    model = ScriptedModel([lambda messages: f"You said {messages[-1].content!r}."])
    assert model.complete(HELLO) == "You said 'Hello'."


def test_running_out_is_an_assertion_not_a_model_error() -> None:
    model = ScriptedModel(["only one", "and two"], name="judge")
    model.complete(HELLO)
    model.complete(HELLO)

    with pytest.raises(ScriptExhaustedError) as caught:
        model.complete(HELLO)

    # Callers catch ModelError to fall back offline; a test bug must not be swallowed that way.
    assert isinstance(caught.value, AssertionError)
    assert not isinstance(caught.value, ModelError)
    assert str(caught.value) == (
        "ScriptedModel 'judge' was called 3 times but only 2 responses were scripted; "
        "add responses or pass default=. Last call's final message: 'Hello'"
    )


def test_the_default_answers_once_the_script_is_used_up() -> None:
    model = ScriptedModel(["scripted"], default="fallback")
    assert [model.complete(HELLO) for _ in range(3)] == ["scripted", "fallback", "fallback"]
    assert len(model.calls) == 3


def test_complete_json_validates_scripted_json() -> None:
    model = ScriptedModel(['```json\n{"depth": 4}\n```', '{"depth": "deep"}'])

    assert model.complete_json(HELLO, Verdict) == Verdict(depth=4)
    with pytest.raises(ModelOutputError, match="not a valid Verdict"):
        model.complete_json(HELLO, Verdict)
    assert model.json_modes == [True, True]


def test_name_and_context_window_are_reported() -> None:
    model = ScriptedModel(name="scripted:judge", context_window=8_192)
    assert (model.name, model.context_window) == ("scripted:judge", 8_192)
    assert repr(model) == "ScriptedModel(name='scripted:judge', remaining=0)"
