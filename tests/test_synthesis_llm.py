"""The LLM engine through the real client (LangChain → openai SDK → HTTP) against the local
OpenAI-compatible stub, whose scripted "model" paraphrases and invents some of its quotes."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from interviewer.llm import ScriptedModel
from interviewer.llm.langchain import LangChainModel
from interviewer.llm.tokens import count_messages
from interviewer.report.model import Report
from interviewer.store import Store
from interviewer.synthesis.llm.chunking import TOKEN_SLACK
from interviewer.synthesis.llm.coding import CodingReply
from interviewer.synthesis.llm.reduce import Code, Reducer
from interviewer.synthesis.pipeline import SynthesisOptions, synthesize, verbatim_problems
from tests.support.openai_stub import OpenAIStub
from tests.support.synthesis_data import load_example, run_interviews
from tests.support.synthesis_responder import INVENTED, http_responder, message_responder

STUDY_ID = "invoice-approvals"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    with Store(f"sqlite:///{tmp_path_factory.mktemp('llm') / 'db.sqlite'}") as opened:
        run_interviews(opened, load_example(STUDY_ID), 6, seed=11)
        yield opened


def turns_of(store: Store, report: Report) -> dict[int, object]:
    return {t.id: t for row in report.sessions for t in store.transcript(row.session_id)}


def test_llm_report_shows_only_verified_quotes_and_counts_the_rest(
    store: Store, openai_stub: OpenAIStub, stub_model: LangChainModel
) -> None:
    openai_stub.responder = http_responder
    report = synthesize(store, STUDY_ID, model=stub_model)

    m = report.methodology
    assert (m.engine, m.model, m.sessions_included) == ("llm", "openai:stub-model", 6)
    audit = m.quotes
    assert audit.proposed == audit.exact + audit.neighbour + audit.repaired + audit.dropped
    assert audit.repaired > 0 and audit.neighbour > 0 and audit.dropped > 0
    assert audit.drop_reasons.get("not found in the transcript", 0) > 0
    assert audit.raw_verbatim_rate is not None and 0.5 < audit.raw_verbatim_rate < 1.0

    quotes = report.all_quotes()
    assert quotes and verbatim_problems(report, turns_of(store, report)) == []  # type: ignore[arg-type]
    assert not any(invented in q.text for q in quotes for invented in INVENTED)
    assert (
        any(q.repaired for q in quotes) or audit.repaired
    )  # repairs reach the report as source text

    assert report.themes and all(t.quotes for t in report.themes)
    assert {i.written_by for i in report.insights} == {"llm"}
    assert all(i.statement.startswith("We believe ") for i in report.insights)
    assert [h.hypothesis_id for h in report.hypotheses] == ["h1", "h2", "h3"]

    usage = m.usage
    assert (
        usage.calls == len(openai_stub.requests) == 6 + 1 + 1 + 1
    )  # coding, themes, insights, hypotheses
    assert set(usage.by_stage) == {"coding", "themes", "insights", "hypotheses"}
    assert usage.prompt_tokens > 1000 and usage.completion_tokens > 100
    assert usage.estimated_cost_usd is None  # "stub-model" has no known price
    # Every request asked for JSON mode.
    assert all(r.get("response_format") == {"type": "json_object"} for r in openai_stub.requests)


def test_small_chunks_code_long_interviews_in_parts_without_losing_turns(
    store: Store, openai_stub: OpenAIStub, stub_model: LangChainModel
) -> None:
    openai_stub.responder = http_responder
    report = synthesize(
        store, STUDY_ID, model=stub_model, options=SynthesisOptions(chunk_tokens=300)
    )
    coding = [
        r
        for r in openai_stub.requests
        if "coding customer-interview" in r["messages"][-1]["content"]
    ]
    assert len(coding) > 6  # several chunks per interview
    transcripts = [r["messages"][-1]["content"].split("Transcript:\n", 1)[1] for r in coding]
    sent = {int(line[1:].split("]")[0]) for t in transcripts for line in t.splitlines()}
    respondent_turns = {
        t.id
        for row in report.sessions
        for t in store.transcript(row.session_id)
        if t.role == "respondent" and t.question_id is not None
    }
    codable = {q.turn_id for q in report.all_quotes()}
    assert codable <= sent and len(sent & respondent_turns) > 30
    assert "chunks" in " ".join(report.methodology.notes)


def test_malformed_replies_are_retried_then_the_chunk_is_counted_missing(
    store: Store, openai_stub: OpenAIStub, stub_model: LangChainModel
) -> None:
    openai_stub.script("this is not JSON", '{"excerpts": "not a list"}')  # first chunk, twice
    openai_stub.responder = http_responder
    report = synthesize(store, STUDY_ID, model=stub_model)
    assert (
        "the model's replies to 1 of 6 coding chunks were JSON with the wrong keys or values; "
        "their excerpts are missing." in report.methodology.notes
    )
    assert [s.written_by for s in report.methodology.stages] == ["llm", "llm", "llm"]
    assert report.methodology.usage.calls == 6 + 1 + 3  # one extra call: the retry
    assert verbatim_problems(report, turns_of(store, report)) == []  # type: ignore[arg-type]


def test_codes_beyond_the_budget_are_merged_in_rounds() -> None:
    families = ["approval", "email", "spreadsheet", "late fee", "procurement", "travel"]
    codes = [Code(f"{families[i % 6]} variant {i}") for i in range(240)]
    model = ScriptedModel(default=message_responder, context_window=3_000)
    reducer = Reducer(model, load_example(STUDY_ID))
    result = reducer.reduce(codes)
    # Round 1: five batches grouped separately; round 2: their groups merged in one call.
    assert (result.rounds, result.calls, len(model.calls)) == (2, 6, 6)
    assert all(count_messages(call) <= reducer.budget for call in model.calls)
    # Every call caps its reply so that prompt and reply fit the 3,000-token window.
    assert all(
        count_messages(call) * TOKEN_SLACK + (limits.max_tokens or 0) <= 3_000
        for call, limits in zip(model.calls, model.limits, strict=True)
    )
    assert result.unassigned == []
    # The scripted model groups by topic: six code families, travel joining approvals.
    assert len(result.drafts) == 5 and "Approvals stall" in {d.name for d in result.drafts}


def test_coding_reply_parsing_is_lenient_about_ids_and_tones() -> None:
    reply = CodingReply.model_validate_json(
        json.dumps(
            {
                "excerpts": [
                    {
                        "quote": "x",
                        "turn_id": "T42",
                        "code": "c",
                        "sentiment": "Angry",
                        "question_id": "",
                    }
                ]
            }
        )
    )
    excerpt = reply.excerpts[0]
    assert (excerpt.turn_id, excerpt.sentiment, excerpt.question_id) == (42, "neutral", None)


def test_report_cli_with_a_model_prints_tokens_and_cost(
    store: Store, openai_stub: OpenAIStub, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from interviewer.cli import main

    openai_stub.responder = http_responder
    out = tmp_path / "llm.json"
    code = main(
        ["report", STUDY_ID, "--db", store.url, "--format", "json", "--out", str(out),
         "--model", "stub-model", "--base-url", openai_stub.url, "--api-key", "x"]
    )  # fmt: skip
    err = capsys.readouterr().err
    assert code == 0 and out.is_file()
    assert "… coding interviews: 6/6" in err
    assert "completion tokens in 9 calls · cost unknown for this model" in err
    assert Report.model_validate_json(out.read_text()).methodology.engine == "llm"
