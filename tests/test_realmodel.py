"""A real small model (SmolLM2-135M behind llama-cpp-python's OpenAI-compatible server) through
the real clients: ``report --model`` on three long interviews (PDPilot's, when the shared data is there), one moderator turn, and
the depth judge.

A 135M model writes poor text; what these tests demand is that every step survives it — schema-
valid results or an honest offline fallback, no crash, every quote verbatim, and a report that
says which parts the model wrote. Run with ``INTERVIEWER_TEST_LLAMA_URL`` set (see
``scripts/start_llama.sh``); .ci/run does.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from interviewer.depth import AnswerForScoring
from interviewer.judge import judge_session
from interviewer.llm import ModelError, load_model
from interviewer.report.model import Report
from interviewer.store import Store
from interviewer.study import load_study
from interviewer.synthesis.pipeline import verbatim_problems

pytestmark = pytest.mark.realmodel

ROOT = Path(__file__).resolve().parent.parent
PDPILOT = ROOT.parent / "shared" / "eval" / "pdpilot_user_study" / "transcripts"
STUDY = ROOT / "studies" / "invoice-approvals.yaml"
AUDIT = ROOT / "tests" / "data" / "audit_respondents.yaml"
TIMEOUT = 900
"""Seconds a model call may take: a 135M model on two cores is slow, and a client that gives
up early makes the server work through abandoned requests."""


def interviewer(
    *args: str, stdin: str = "", timeout: float = 3600
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "INTERVIEWER_TIMEOUT": str(TIMEOUT)}
    return subprocess.run(
        [sys.executable, "-m", "interviewer", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
        env=env,
    )


def transcripts(folder: Path) -> list[Path]:
    """Three long PDPilot interviews when the shared evaluation data sits beside the checkout;
    otherwise three conversations written out from the scripted respondents the tests ship
    (deep, terse and fluffy invoice respondents), so the smoke test never depends on data
    outside the repository."""
    files = [PDPILOT / f"P{i}.txt" for i in (1, 2, 3)]
    if all(f.is_file() for f in files):
        return files
    study = load_study(STUDY)
    asked = {q.id: q.text for q in study.questions}
    specs = yaml.safe_load(AUDIT.read_text(encoding="utf-8"))["respondents"]
    written = []
    for number, name in enumerate(("deep-invoice", "terse-invoice", "fluffy-invoice"), start=1):
        spec = next(s for s in specs if s["name"] == name)
        lines = []
        for question_id, said in spec["answers"].items():
            replies = said if isinstance(said, list) else [said]
            lines.append(f"Interviewer: {asked.get(question_id, 'Tell me more about that.')}")
            for turn, reply in enumerate(replies):
                if turn:
                    lines.append("Interviewer: Tell me more about that.")
                lines.append(f"R{number}: {reply}")
        path = folder / f"R{number}.txt"
        path.write_text("\n\n".join(lines) + "\n", encoding="utf-8")
        written.append(path)
    return written


def test_report_with_a_real_model_on_three_long_interviews(llama_url: str, tmp_path: Path) -> None:
    db = str(tmp_path / "pd.db")
    imported = interviewer(
        "import", *map(str, transcripts(tmp_path)), "--study-id", "pdpilot", "--title", "PDPilot user study",
        "--db", db,
    )  # fmt: skip
    assert imported.returncode == 0, imported.stderr

    started = time.monotonic()
    out = tmp_path / "pdpilot-report"
    result = interviewer(
        "report", "pdpilot", "--db", db, "--model", "smollm2", "--base-url", llama_url,
        "--format", "html,md,json", "--out", str(out),
    )  # fmt: skip
    seconds = time.monotonic() - started
    print(f"report --model took {seconds:.0f}s\n{result.stderr}")  # shown with -s / on failure
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr

    report = Report.model_validate_json(out.with_suffix(".json").read_text())
    m = report.methodology
    assert (m.engine, m.model) == ("llm", "openai:smollm2")
    assert m.context_window and m.context_window <= 4096  # the server's, never 128k
    assert report.themes and report.not_enough_data is None
    # Which parts the model wrote, per stage, with the reason for any fallback.
    stages = {s.stage: s for s in m.stages}
    assert {"themes", "insights"} <= set(stages)
    for stage in stages.values():
        assert stage.written_by in ("llm", "offline", "mixed") and stage.detail
        if stage.written_by != "llm":
            assert "the model" in stage.detail  # blames the model, never the data
    md = out.with_suffix(".md").read_text()
    html = out.with_suffix(".html").read_text()
    assert "Themes written by" in md and "Written by" in html
    # Every quote verbatim from its turn.
    with Store(f"sqlite:///{db}") as store:
        turns = {t.id: t for row in report.sessions for t in store.transcript(row.session_id)}
    assert report.all_quotes() and verbatim_problems(report, turns) == []  # type: ignore[arg-type]
    assert m.usage.calls > 0


def test_one_moderator_turn_with_the_real_model(llama_url: str, tmp_path: Path) -> None:
    db = str(tmp_path / "chat.db")
    answer = "We mostly use email for approvals, and it is slow."
    result = interviewer(
        "chat", str(STUDY), "--plain", "--db", db, "--model", "smollm2", "--base-url", llama_url,
        stdin=f"yes\n1\n2\n{answer}\n"  # consent, two screeners, then an open question, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    with Store(f"sqlite:///{db}") as store:
        [session] = store.list_sessions("invoice-approvals")
        turns = store.transcript(session.id)
    said = [i for i, t in enumerate(turns) if t.role == "respondent" and t.text == answer]
    assert said, [t.text for t in turns]
    after = [t for t in turns[said[0] + 1 :] if t.role == "moderator"]
    # The moderator answered: in the model's words, or the offline wording with the reason.
    assert after and after[0].text.strip()
    assert after[0].engine and after[0].engine.startswith(("llm:", "offline (fallback"))


def test_the_depth_judge_survives_the_real_model(llama_url: str) -> None:
    model = load_model("smollm2", base_url=llama_url, timeout=TIMEOUT, max_retries=0)
    items = [
        AnswerForScoring(
            "Tell me about the last time an invoice approval got stuck.",
            texts=(
                "Last Tuesday an invoice for 14,200 sat with our plant manager for nine days "
                "because he was travelling, and we paid a late fee.",
            ),
            question_id="q1",
        ),
        AnswerForScoring(
            "How do you chase approvers today?", texts=("Email, mostly.",), question_id="q2"
        ),
    ]
    try:
        result = judge_session(model, items)
    except ModelError as exc:  # the caller keeps the offline scores and reports this
        assert str(exc).strip()
        return
    assert 1 <= result.score <= 5 and result.reasons
    assert all(a is None or 1 <= a.score <= 5 for a in result.answers)
