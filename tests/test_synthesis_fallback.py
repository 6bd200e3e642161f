"""The LLM engine against a misbehaving model: context windows and per-stage fallback.

Real clients (LangChain → openai SDK → HTTP) talk to the local OpenAI-compatible stub, which
plays a server with a small context window (like llama.cpp's 4,096) and a model that answers
some stages with garbage, empty replies or the wrong keys. Every run must end in a
schema-valid report whose notes blame the model, never the data.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from interviewer.llm import load_model
from interviewer.llm.langchain import LOCAL_CONTEXT_WINDOW, LangChainModel
from interviewer.llm.tokens import count_tokens
from interviewer.report.model import Report
from interviewer.store import Store
from interviewer.synthesis.pipeline import synthesize, verbatim_problems
from tests.support.openai_stub import OpenAIStub
from tests.support.synthesis_data import load_example, run_interviews
from tests.support.synthesis_responder import http_responder

STUDY_ID = "invoice-approvals"
STAGES = {
    "coding": "coding customer-interview",
    "themes": "merging codes from customer interviews",
    "insights": "decision-ready insights",
    "hypotheses": "judging hypotheses",
}


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    with Store(f"sqlite:///{tmp_path_factory.mktemp('fallback') / 'db.sqlite'}") as opened:
        run_interviews(opened, load_example(STUDY_ID), 6, seed=11)
        yield opened


def local_model(stub: OpenAIStub, **options: Any) -> LangChainModel:
    return load_model(
        "smollm2", base_url=stub.url, timeout=5, max_retries=0, backoff=0.01, **options
    )


def stage_of(body: dict[str, Any]) -> str:
    prompt = str(body["messages"][-1]["content"])
    return next(stage for stage, marker in STAGES.items() if marker in prompt)


def breaking(stage: str, reply: str) -> Callable[[dict[str, Any]], str]:
    """The scripted model, except that every ``stage`` call gets ``reply``."""
    return lambda body: reply if stage_of(body) == stage else http_responder(body)


def assert_sound(report: Report, store: Store) -> None:
    """Schema-valid, every quote verbatim, and no claim that the data was the problem."""
    Report.model_validate_json(report.model_dump_json())
    turns = {t.id: t for row in report.sessions for t in store.transcript(row.session_id)}
    assert verbatim_problems(report, turns) == []  # type: ignore[arg-type]
    assert report.themes and report.not_enough_data is None
    assert "found no verifiable excerpts" not in " ".join(report.methodology.notes)


def written_by(report: Report) -> dict[str, str]:
    return {s.stage: s.written_by for s in report.methodology.stages}


# -- context windows ---------------------------------------------------------------------------


def test_the_window_comes_from_llama_cpp_props(openai_stub: OpenAIStub) -> None:
    openai_stub.n_ctx, openai_stub.publishes, openai_stub.owned_by = 4096, "props", "llamacpp"
    model = local_model(openai_stub, context_window=128_000)  # the server's figure wins
    assert model.context_window == 4096
    assert "/props" in model.context_source
    assert model.server_info.json_schema


def test_the_window_comes_from_vllm_max_model_len(openai_stub: OpenAIStub) -> None:
    openai_stub.n_ctx, openai_stub.publishes = 8192, "max_model_len"
    assert local_model(openai_stub).context_window == 8192


def test_a_silent_server_gets_the_setting_else_a_safe_default(openai_stub: OpenAIStub) -> None:
    assert local_model(openai_stub, context_window=16_384).context_window == 16_384
    model = local_model(openai_stub)
    assert model.context_window == LOCAL_CONTEXT_WINDOW
    assert "safe default" in model.context_source


def test_every_call_fits_a_4096_window_with_its_reply_capped(
    store: Store, openai_stub: OpenAIStub
) -> None:
    openai_stub.n_ctx, openai_stub.publishes, openai_stub.owned_by = 4096, "props", "llamacpp"
    openai_stub.responder = http_responder
    report = synthesize(store, STUDY_ID, model=local_model(openai_stub))

    assert_sound(report, store)
    assert written_by(report) == {"themes": "llm", "insights": "llm", "hypotheses": "llm"}
    assert report.methodology.context_window == 4096
    for body in openai_stub.requests:
        prompt = sum(count_tokens(m["content"]) for m in body["messages"])
        assert body["max_tokens"] == body["max_completion_tokens"] > 0
        assert prompt + body["max_tokens"] <= 4096
        # llama.cpp gets the reply's JSON Schema, which its grammar enforces.
        assert body["response_format"]["type"] == "json_object"
        assert "properties" in body["response_format"]["schema"]


def test_a_window_learnt_from_the_servers_error_reshapes_the_chunks(
    store: Store, openai_stub: OpenAIStub
) -> None:
    # llama-cpp-python does not publish n_ctx; the user configured far too much.
    openai_stub.n_ctx, openai_stub.owned_by = 2048, "me"
    openai_stub.responder = http_responder
    model = local_model(openai_stub, context_window=128_000)
    report = synthesize(store, STUDY_ID, model=model)

    assert_sound(report, store)
    assert model.context_window == 2048 and "error" in model.context_source
    refused = [b for b in openai_stub.requests if b.get("max_tokens", 0) > 2048]
    assert len(refused) == 1  # one refusal, then every chunk fits
    assert written_by(report)["themes"] == "llm"
    assert any("Context window 2,048 tokens" in note for note in report.methodology.notes)


# -- per-stage fallback ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reply", "why"),
    [
        ("Sure! Here are the codes you asked for.", "were not valid JSON"),
        ("", "were empty"),
        ('{"summary": "approvals are slow", "count": 3}', "were JSON with the wrong keys"),
    ],
)
def test_unusable_coding_replies_fall_back_to_offline_themes(
    store: Store, openai_stub: OpenAIStub, reply: str, why: str
) -> None:
    openai_stub.responder = breaking("coding", reply)
    report = synthesize(store, STUDY_ID, model=local_model(openai_stub, context_window=32_000))

    assert_sound(report, store)
    assert written_by(report) == {"themes": "offline", "insights": "llm", "hypotheses": "llm"}
    note = f"The model's replies to 6 of 6 coding chunks {why}"
    assert any(
        n.startswith(note) and "themes by the offline engine" in n
        for n in (report.methodology.notes)
    )
    assert report.methodology.engine == "llm" and report.methodology.embedding


def test_coding_with_the_list_under_a_wrong_key_still_counts(
    store: Store, openai_stub: OpenAIStub
) -> None:
    def renamed(body: dict[str, Any]) -> str:
        reply = http_responder(body)
        if stage_of(body) == "coding":
            return "Here you go: " + json.dumps({"items": json.loads(reply)["excerpts"]})
        return reply

    openai_stub.responder = renamed
    report = synthesize(store, STUDY_ID, model=local_model(openai_stub, context_window=32_000))
    assert_sound(report, store)
    assert written_by(report)["themes"] == "llm"


def test_a_failed_merge_falls_back_to_offline_themes(store: Store, openai_stub: OpenAIStub) -> None:
    openai_stub.responder = breaking("themes", "I think the themes are approvals and email.")
    report = synthesize(store, STUDY_ID, model=local_model(openai_stub, context_window=32_000))
    assert_sound(report, store)
    stages = {s.stage: s for s in report.methodology.stages}
    assert stages["themes"].written_by == "offline"
    assert "theme-merge calls were not valid JSON" in stages["themes"].detail


def test_failed_insights_and_hypotheses_use_the_offline_wording(
    store: Store, openai_stub: OpenAIStub
) -> None:
    def garbage(body: dict[str, Any]) -> str:
        if stage_of(body) in ("insights", "hypotheses"):
            return '{"answer": "the team should do better"'
        return http_responder(body)

    openai_stub.responder = garbage
    report = synthesize(store, STUDY_ID, model=local_model(openai_stub, context_window=32_000))
    assert_sound(report, store)
    assert written_by(report) == {"themes": "llm", "insights": "offline", "hypotheses": "offline"}
    assert {i.written_by for i in report.insights} == {"template"}
    # The offline engine's verdicts (on more candidate sentences: the model's coded excerpts).
    offline = synthesize(store, STUDY_ID)
    lead = offline.hypotheses[0].rationale.split(":")[0]  # "Offline …:"
    assert all(h.rationale.split(":")[0] == lead for h in report.hypotheses)


def test_an_unreachable_model_costs_the_model_stages_not_the_report(store: Store) -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    model = load_model("smollm2", base_url=f"http://127.0.0.1:{port}/v1", timeout=2, max_retries=0)
    report = synthesize(store, STUDY_ID, model=model)
    assert_sound(report, store)
    assert written_by(report) == {
        "themes": "offline",
        "insights": "offline",
        "hypotheses": "offline",
    }
    notes = " ".join(report.methodology.notes)
    assert "the model failed while coding" in notes.lower() and "not asked" in notes


def test_the_cli_says_which_stages_fell_back(
    store: Store, openai_stub: OpenAIStub, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from interviewer.cli import main

    openai_stub.responder = breaking("coding", "no JSON here")
    out = tmp_path / "r.json"
    code = main(
        ["report", STUDY_ID, "--db", store.url, "--format", "json,md,html", "--out", str(out),
         "--model", "smollm2", "--base-url", openai_stub.url, "--context-window", "32000"]
    )  # fmt: skip
    err = capsys.readouterr().err
    assert code == 0
    assert "note: themes: the model's replies to 6 of 6 coding chunks were not valid JSON" in err
    html = out.with_suffix(".html").read_text()
    md = out.with_suffix(".md").read_text()
    assert "Themes: the offline engine" in html and "Insights: the model" in html
    assert "Themes written by the offline engine" in md


# -- lenient parsing, strict validation ------------------------------------------------------


@pytest.mark.parametrize(
    "reply",
    [
        '{"excerpts": [{"quote": "We chase by email.", "turn_id": "T7"}]}',
        'Sure! Here is the JSON:\n```json\n{"excerpts": [{"quote": "We chase by email.", '
        '"turn_id": 7}]}\n```',
        '[{"quote": "We chase by email.", "turn_id": 7}]',  # a bare list
        '{"excerpts": [{"quote": "We chase by email.", "turn_id": 7}, {"quote": "And th',  # cut off
    ],
)
def test_replies_small_models_garble_are_repaired(reply: str) -> None:
    from interviewer.llm.base import parse_json_reply
    from interviewer.synthesis.llm.coding import CodingReply

    parsed = parse_json_reply(reply, CodingReply)
    assert parsed.excerpts[0].quote == "We chase by email." and parsed.excerpts[0].turn_id == 7


@pytest.mark.parametrize(
    ("reply", "problem"),
    [("", "empty"), ("I'd rather not.", "not JSON"), ('{"codes": "none"}', "wrong shape")],
)
def test_replies_beyond_repair_say_what_was_wrong(reply: str, problem: str) -> None:
    from interviewer.llm.base import ModelOutputError, parse_json_reply
    from interviewer.synthesis.llm.coding import CodingReply

    with pytest.raises(ModelOutputError) as raised:
        parse_json_reply(reply, CodingReply)
    assert raised.value.problem == problem
