"""LangChainModel and load_model over real HTTP: LangChain → openai SDK → the local stub server."""

from __future__ import annotations

import socket
import subprocess
import sys
import time

import pytest
from langchain.chat_models import init_chat_model
from pydantic import BaseModel

from interviewer.llm import Message, ModelError, ModelOutputError, load_model
from interviewer.llm.langchain import LOCAL_CONTEXT_WINDOW, LangChainModel, context_window_for
from tests.support.llm_fixtures import STUB_RETRIES
from tests.support.openai_stub import DEFAULT_REPLY, Fault, OpenAIStub, split_words

PROMPT = [
    Message("system", "You are a careful interviewer."),
    Message("user", "I track invoices in a spreadsheet."),
    Message("assistant", "When did you last update it?"),
    Message("user", "Yesterday evening."),
]


class Score(BaseModel):
    score: int
    reason: str


# ----------------------------------------------------------------------------- happy path
def test_complete_sends_the_conversation_and_returns_the_reply(
    openai_stub: OpenAIStub, stub_model: LangChainModel
) -> None:
    openai_stub.script("What happened the last time it went wrong?")

    assert stub_model.complete(PROMPT) == "What happened the last time it went wrong?"

    request = openai_stub.last_request
    assert request["model"] == "stub-model"
    assert request["stream"] is True
    assert request["messages"] == [
        {"role": "system", "content": "You are a careful interviewer."},
        {"role": "user", "content": "I track invoices in a spreadsheet."},
        {"role": "assistant", "content": "When did you last update it?"},
        {"role": "user", "content": "Yesterday evening."},
    ]
    assert "response_format" not in request
    assert openai_stub.headers[-1]["authorization"] == "Bearer x"


def test_stream_yields_the_reply_in_several_chunks(
    openai_stub: OpenAIStub, stub_model: LangChainModel
) -> None:
    text = "Tell me about the last time\nthat happened."
    openai_stub.script(text)

    chunks = list(stub_model.stream(PROMPT))

    assert chunks == split_words(text)
    assert len(chunks) > 1
    assert "".join(chunks) == text


def test_stream_delivers_chunks_as_they_arrive(
    openai_stub: OpenAIStub, stub_model: LangChainModel
) -> None:
    openai_stub.token_latency = 0.05
    openai_stub.script("one two three four five six")

    start = time.monotonic()
    arrivals = [time.monotonic() - start for _ in stub_model.stream(PROMPT)]

    assert len(arrivals) == 6
    # Five more chunks, each 50 ms apart, came after the first one was already handed over.
    assert arrivals[-1] - arrivals[0] >= 0.2


def test_json_mode_sends_response_format_and_parses(
    openai_stub: OpenAIStub, stub_model: LangChainModel
) -> None:
    openai_stub.script('{"score": 4, "reason": "specific past example"}')

    result = stub_model.complete_json(PROMPT, Score)

    assert result == Score(score=4, reason="specific past example")
    assert openai_stub.last_request["response_format"] == {"type": "json_object"}


def test_json_mode_with_invalid_json_is_an_output_error(
    openai_stub: OpenAIStub, stub_model: LangChainModel
) -> None:
    openai_stub.script("Sure! The score is four.")

    with pytest.raises(ModelOutputError, match="not a valid Score"):
        stub_model.complete_json(PROMPT, Score)
    assert len(openai_stub.requests) == 1


def test_responder_computes_replies_from_the_request(
    openai_stub: OpenAIStub, stub_model: LangChainModel
) -> None:
    openai_stub.responder = lambda body: "echo: " + body["messages"][-1]["content"]

    assert stub_model.complete(PROMPT) == "echo: Yesterday evening."


# -------------------------------------------------------------------------------- retries
@pytest.mark.parametrize("fault", [Fault.RATE_LIMIT, Fault.SERVER_ERROR, Fault.UNAVAILABLE])
def test_a_transient_http_error_is_retried(
    openai_stub: OpenAIStub, stub_model: LangChainModel, fault: Fault
) -> None:
    openai_stub.script(fault, "Recovered reply.")

    assert stub_model.complete(PROMPT) == "Recovered reply."
    assert len(openai_stub.requests) == 2
    assert openai_stub.requests[0] == openai_stub.requests[1]


def test_a_stream_dropped_before_any_text_is_retried(
    openai_stub: OpenAIStub, stub_model: LangChainModel
) -> None:
    openai_stub.script(Fault.DROP, "Recovered reply.")

    assert list(stub_model.stream(PROMPT)) == ["Recovered ", "reply."]
    assert len(openai_stub.requests) == 2


def test_persistent_server_errors_raise_model_error_after_all_retries(
    openai_stub: OpenAIStub, stub_model: LangChainModel
) -> None:
    openai_stub.script(*[Fault.SERVER_ERROR] * (STUB_RETRIES + 1), "never reached")

    with pytest.raises(ModelError) as caught:
        stub_model.complete(PROMPT)

    message = str(caught.value)
    assert type(caught.value) is ModelError
    assert "openai:stub-model" in message
    assert openai_stub.url in message
    assert "HTTP 500 after 3 attempts" in message
    assert "retry later" in message
    assert len(openai_stub.requests) == STUB_RETRIES + 1
    assert openai_stub.pending == 1


def test_persistent_rate_limit_says_so(openai_stub: OpenAIStub, stub_model: LangChainModel) -> None:
    openai_stub.script(*[Fault.RATE_LIMIT] * (STUB_RETRIES + 1))

    with pytest.raises(ModelError, match=r"rate-limiting requests \(HTTP 429\) after 3 attempts"):
        stub_model.complete(PROMPT)


def test_a_hung_server_times_out_within_a_bounded_time(openai_stub: OpenAIStub) -> None:
    model = load_model(
        "openai:stub-model",
        base_url=openai_stub.url,
        timeout=0.3,
        max_retries=1,
        backoff=0.01,
    )
    openai_stub.script(Fault.SLOW, Fault.SLOW)

    start = time.monotonic()
    with pytest.raises(ModelError, match=r"did not answer within 0.3s \(2 attempts\)") as caught:
        model.complete(PROMPT)
    elapsed = time.monotonic() - start

    assert "--timeout" in str(caught.value)
    assert 0.6 <= elapsed < 2.0
    assert len(openai_stub.requests) == 2


def test_backoff_doubles_and_honours_retry_after(openai_stub: OpenAIStub) -> None:
    waits: list[float] = []
    chat = init_chat_model(
        "stub-model", model_provider="openai", base_url=openai_stub.url, api_key="x", max_retries=0
    )
    model = LangChainModel(
        chat, name="openai:stub-model", server=openai_stub.url, max_retries=3, sleep=waits.append
    )
    openai_stub.script(Fault.SERVER_ERROR, Fault.UNAVAILABLE, Fault.RATE_LIMIT, "Finally.")

    assert model.complete(PROMPT) == "Finally."

    # 0.5 s then 1 s, each with up to 50 % jitter; then the 429's "Retry-After: 0".
    assert len(waits) == 3
    assert 0.25 <= waits[0] <= 0.5
    assert 0.5 <= waits[1] <= 1.0
    assert waits[2] == 0.0


def test_a_closed_port_is_a_connection_error_naming_the_server() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}/v1"
    model = load_model("llama3.2:3b", base_url=url, timeout=1.0, max_retries=1, backoff=0.01)

    with pytest.raises(ModelError, match=r"The connection to .* failed after 2 attempts") as caught:
        model.complete(PROMPT)

    assert url in str(caught.value)
    assert "Connection refused" in str(caught.value)
    assert "Is the server running" in str(caught.value)


# -------------------------------------------------------------------- non-retried failures
def test_garbage_is_an_output_error_and_not_retried(
    openai_stub: OpenAIStub, stub_model: LangChainModel
) -> None:
    openai_stub.script(Fault.GARBAGE, "not reached")

    with pytest.raises(ModelOutputError, match="not OpenAI-compatible JSON"):
        stub_model.complete(PROMPT)
    assert len(openai_stub.requests) == 1


def test_empty_content_is_an_output_error(
    openai_stub: OpenAIStub, stub_model: LangChainModel
) -> None:
    openai_stub.script(Fault.EMPTY)

    with pytest.raises(ModelOutputError, match="returned an empty reply"):
        stub_model.complete(PROMPT)
    assert len(openai_stub.requests) == 1


def test_a_stream_cut_after_partial_text_raises_and_is_not_retried(
    openai_stub: OpenAIStub, stub_model: LangChainModel
) -> None:
    openai_stub.script(Fault.TRUNCATE, "not reached")
    received: list[str] = []

    with pytest.raises(ModelError, match="stopped mid-reply") as caught:
        for chunk in stub_model.stream(PROMPT):
            received.append(chunk)

    pieces = split_words(DEFAULT_REPLY)
    assert received == pieces[: len(pieces) // 2]
    assert f"after {len(''.join(received))} characters" in str(caught.value)
    assert not isinstance(caught.value, ModelOutputError)
    assert len(openai_stub.requests) == 1


def test_a_rejected_key_is_not_retried_and_says_how_to_fix_it(
    openai_stub: OpenAIStub, stub_model: LangChainModel
) -> None:
    openai_stub.script(Fault.UNAUTHORIZED, "not reached")

    with pytest.raises(ModelError, match="rejected the API key") as caught:
        stub_model.complete(PROMPT)
    assert "--api-key" in str(caught.value)
    assert len(openai_stub.requests) == 1


# ------------------------------------------------------------------------------ load_model
def test_a_bare_name_with_a_base_url_is_an_openai_compatible_server(
    openai_stub: OpenAIStub,
) -> None:
    model = load_model("llama3.2:3b", base_url=openai_stub.url)
    openai_stub.script("Local reply.")

    assert model.name == "openai:llama3.2:3b"
    assert model.server == openai_stub.url
    # The stub does not say what it serves: a local server gets the safe default, not the
    # 128k the model was trained on.
    assert model.context_window == LOCAL_CONTEXT_WINDOW
    assert model.complete(PROMPT) == "Local reply."
    assert openai_stub.last_request["model"] == "llama3.2:3b"
    # Local servers ignore the key, but the openai SDK refuses to send a request without one.
    assert openai_stub.headers[-1]["authorization"] == "Bearer not-needed"


def test_openai_itself_uses_the_environment_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")

    model = load_model("gpt-4.1-mini")

    assert model.name == "openai:gpt-4.1-mini"
    assert model.server == "https://api.openai.com/v1"
    assert model.context_window == 1_047_576
    assert model.max_retries == 2


def test_context_window_can_be_overridden(openai_stub: OpenAIStub) -> None:
    model = load_model("qwen2.5:7b", base_url=openai_stub.url, context_window=4096)
    assert model.context_window == 4096


@pytest.mark.parametrize(
    ("model", "window"),
    [
        ("gpt-4o-mini", 128_000),
        ("gpt-4", 8_192),
        ("gpt-4.1-nano", 1_047_576),
        ("o1-mini", 128_000),
        ("llama3.1:8b", 128_000),
        ("llama3:8b", 8_192),
        ("Qwen/Qwen2.5-7B-Instruct", 32_768),
        ("some-new-model", 128_000),
    ],
)
def test_context_window_table(model: str, window: int) -> None:
    assert context_window_for(model) == window


def test_openai_without_a_key_says_which_variable_to_set() -> None:
    with pytest.raises(ValueError, match="set OPENAI_API_KEY") as caught:
        load_model("openai:gpt-4.1-mini")
    assert "--api-key" in str(caught.value)
    assert "--base-url" in str(caught.value)


def test_a_provider_whose_package_is_missing_names_the_package() -> None:
    with pytest.raises(ValueError, match=r"`pip install langchain-anthropic`"):
        load_model("anthropic:claude-sonnet-4-5", api_key="x")


@pytest.mark.parametrize(
    ("spec", "base_url", "expected"),
    [
        ("llama3.2:3b", None, "has no known provider.*--base-url"),
        ("mystery:model", None, "openai:mystery:model"),
        ("openai:", None, "names no model"),
        ("  ", None, "no model named"),
        ("llama3.2", "localhost:11434", "not an http"),
    ],
)
def test_load_model_rejects_bad_specs_with_a_fix(
    spec: str, base_url: str | None, expected: str
) -> None:
    with pytest.raises(ValueError, match=expected):
        load_model(spec, base_url=base_url)


def test_load_model_rejects_bad_limits() -> None:
    local = "http://127.0.0.1:9/v1"
    with pytest.raises(ValueError, match="timeout must be a positive number of seconds"):
        load_model("local-model", base_url=local, timeout=0)
    with pytest.raises(ValueError, match="max_retries must be 0 or more"):
        load_model("local-model", base_url=local, max_retries=-1)


def test_importing_the_seam_does_not_import_langchain() -> None:
    # The offline engine and the CLI import interviewer.llm; LangChain costs ~1 s to import.
    code = "import sys, interviewer.llm; print(sorted(m for m in sys.modules if 'langchain' in m))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=30
    )
    assert result.stdout.strip() == "[]"


# ------------------------------------------------------------ the stub for other clients
def test_stub_answers_plain_openai_clients_with_usage(openai_stub: OpenAIStub) -> None:
    import openai

    client = openai.OpenAI(base_url=openai_stub.url, api_key="x", max_retries=0)
    openai_stub.script("Non-streamed reply.", "Streamed reply.")

    completion = client.chat.completions.create(
        model="stub-model", messages=[{"role": "user", "content": "hello world"}]
    )
    chunks = list(
        client.chat.completions.create(
            model="stub-model",
            messages=[{"role": "user", "content": "hello world"}],
            stream=True,
            stream_options={"include_usage": True},
        )
    )

    assert completion.choices[0].message.content == "Non-streamed reply."
    assert completion.usage is not None
    assert (completion.usage.prompt_tokens, completion.usage.completion_tokens) == (2, 5)
    streamed = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert streamed == "Streamed reply."
    assert chunks[-1].usage is not None and chunks[-1].usage.completion_tokens == 4
    assert [m.id for m in client.models.list()] == ["stub-model"]
