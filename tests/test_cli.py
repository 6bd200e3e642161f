"""The ``interviewer`` command, driven as a user would: whole outputs and the rows stored."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from interviewer.cli import main
from interviewer.store import Store
from interviewer.study.file import load_study
from tests.support.openai_stub import OpenAIStub
from tests.support.respondent import script_for

ROOT = Path(__file__).resolve().parent.parent
STUDIES = sorted((ROOT / "studies").glob("*.yaml"))
INVOICES = ROOT / "studies" / "invoice-approvals.yaml"


def run_cli(
    *args: str, stdin: str = "", env: dict[str, str] | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """The installed console script, as a separate process (as a user runs it)."""
    return subprocess.run(
        [sys.executable, "-m", "interviewer", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
        cwd=ROOT,
    )


def test_validate_prints_a_summary_for_each_example(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", *map(str, STUDIES)]) == 0
    out = capsys.readouterr().out
    for path in STUDIES:
        study = load_study(path)
        assert f"{path}: ok" in out
        assert study.title in out
        for question in study.questions:
            assert question.id in out


def test_validate_reports_file_line_col_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(INVOICES.read_text().replace("type: scale", "type: slider", 1))
    assert main(["validate", str(broken)]) == 1
    err = capsys.readouterr().err
    line = next(i for i, text in enumerate(broken.read_text().splitlines(), 1) if "slider" in text)
    assert err.startswith(f"{broken}:{line}:")
    assert "slider" in err


def test_validate_missing_file_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "nope.yaml"]) == 1
    assert "nope.yaml:" in capsys.readouterr().err


def test_init_writes_a_valid_study_and_refuses_to_overwrite(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "new.yaml"
    assert main(["init", str(path), "--topic", "expense reports"]) == 0
    assert "expense reports" in path.read_text()
    assert len([q for q in load_study(path).questions if q.type == "open_ended"]) >= 8
    assert main(["init", str(path)]) == 1
    assert "--force" in capsys.readouterr().err


@pytest.mark.parametrize("study_path", STUDIES, ids=lambda p: p.stem)
def test_every_example_study_completes_in_plain_mode(study_path: Path, tmp_path: Path) -> None:
    study = load_study(study_path)
    lines = script_for(study)
    db = tmp_path / "chat.db"
    result = run_cli(
        "chat", str(study_path), "--plain", "--db", str(db), stdin="\n".join(lines) + "\n"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"interviewer · {study.title}\nengine: offline (no model")
    assert "completed)" in result.stdout.splitlines()[-1]
    store = Store(f"sqlite:///{db}")
    [session] = store.list_sessions(study.id)
    assert session.status == "completed" and session.depth_score is not None
    turns = store.transcript(session.id)
    assert [t.text for t in turns if t.role == "respondent"] == lines
    transcript = run_cli("transcript", session.id, "--db", str(db))
    assert transcript.returncode == 0, transcript.stderr
    for turn in turns:
        assert turn.text in transcript.stdout
    sessions = run_cli("sessions", study.id, "--db", str(db))
    assert session.id in sessions.stdout and "completed" in sessions.stdout


def test_stdin_ending_mid_interview_pauses_and_resume_continues(tmp_path: Path) -> None:
    db = str(tmp_path / "chat.db")
    study = load_study(INVOICES)
    lines = script_for(study)
    first = run_cli("chat", str(INVOICES), "--plain", "--db", db, stdin="\n".join(lines[:4]) + "\n")
    assert first.returncode == 0, first.stderr
    session_id = first.stdout.split("session: ")[1].split()[0]
    assert f"--resume {session_id}" in first.stdout
    rest = run_cli(
        "chat",
        str(INVOICES),
        "--plain",
        "--db",
        db,
        "--resume",
        session_id,
        stdin="\n".join(lines[4:]) + "\n",
    )
    assert rest.returncode == 0, rest.stderr
    assert f"session: {session_id} (resumed)" in rest.stdout
    turns = Store(f"sqlite:///{db}").transcript(session_id)
    assert [t.text for t in turns if t.role == "respondent"] == lines


def test_killing_the_chat_mid_interview_loses_no_answered_turn(tmp_path: Path) -> None:
    """A real process fed the whole interview, SIGKILLed while it is working, then resumed.

    The kill lands wherever the process is — possibly between storing a message and replying
    to it; resume must answer such a message and store nothing twice.
    """
    db = str(tmp_path / "chat.db")
    study = load_study(INVOICES)
    lines = script_for(study)
    proc = subprocess.Popen(
        [sys.executable, "-m", "interviewer", "chat", str(INVOICES), "--plain", "--db", db],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    assert proc.stdin is not None
    proc.stdin.write("\n".join(lines) + "\n")
    proc.stdin.flush()
    store = Store(f"sqlite:///{db}")
    deadline = time.monotonic() + 120  # generous: CI machines can be loaded
    stored = 0
    while time.monotonic() < deadline and stored < 6:
        try:
            session_id = store.list_sessions(study.id)[0].id
            stored = sum(t.role == "respondent" for t in store.transcript(session_id))
        except (KeyError, IndexError):
            pass
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    assert 6 <= stored < len(lines), "the kill should land mid-interview"
    [session] = store.list_sessions(study.id)
    kept = [t.text for t in store.transcript(session.id) if t.role == "respondent"]
    assert kept == lines[: len(kept)]  # every line that was read is stored, in order, once
    resumed = run_cli(
        "chat",
        str(INVOICES),
        "--plain",
        "--db",
        db,
        "--resume",
        session.id,
        stdin="\n".join(lines[len(kept) :]) + "\n",
    )
    assert resumed.returncode == 0, resumed.stderr
    turns = store.transcript(session.id)
    assert [t.text for t in turns if t.role == "respondent"] == lines
    assert [t.role for t in turns[1:]] == ["respondent", "moderator"] * len(lines)
    assert store.list_sessions(study.id)[0].status == "completed"


def test_score_answers_file_adds_depth_and_reasons(tmp_path: Path) -> None:
    source = tmp_path / "answers.jsonl"
    source.write_text(
        json.dumps(
            {"question": "Tell me about the last time…", "answer": "I would love that!", "id": 1}
        )
        + "\n"
        + json.dumps(
            {
                "question": "Tell me about the last time…",
                "answer": (
                    "Last Friday our payroll export failed at 6pm, so I stayed until 10 re-keying 40 "
                    "entries by hand because the vendor's support was closed; I was furious."
                ),
                "id": 2,
            }
        )
        + "\n"
    )
    result = run_cli("score", "--answers", str(source))
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in rows] == [1, 2]
    assert rows[0]["depth"] <= 2 and rows[1]["depth"] >= 4
    assert all(isinstance(r["reasons"], list) and r["reasons"] for r in rows)


def test_score_and_sessions_show_depth_for_scripted_sessions(tmp_path: Path) -> None:
    db = str(tmp_path / "chat.db")
    study = load_study(INVOICES)
    run_cli("chat", str(INVOICES), "--plain", "--db", db, stdin="\n".join(script_for(study)) + "\n")
    shallow = [
        "yes",
        "I processed invoices (accounts payable)",
        "200–2,000",
        "dunno",
        "skip",
        "stop",
    ]
    run_cli("chat", str(INVOICES), "--plain", "--db", db, stdin="\n".join(shallow) + "\n")
    result = run_cli("score", study.id, "--db", db)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    depths = sorted(int(line.split("depth ")[1].split()[0]) for line in lines if "depth " in line)
    assert len(depths) == 2 and depths[0] <= 2 and depths[1] >= 4
    listed = run_cli("sessions", study.id, "--db", db, "--json")
    rows = [json.loads(line) for line in listed.stdout.splitlines()]
    assert sorted(r["depth_score"] for r in rows) == depths


def test_unknown_session_gives_an_actionable_error(tmp_path: Path) -> None:
    result = run_cli("transcript", "nosuchsession", "--db", str(tmp_path / "x.db"))
    assert result.returncode == 1
    assert "interviewer sessions" in result.stderr


def test_chat_with_a_model_server_shows_the_engine_and_completes(
    tmp_path: Path, openai_stub: OpenAIStub
) -> None:
    openai_stub.default_reply = "When did that last happen, and what did you do?"
    study = load_study(INVOICES)
    lines = script_for(study)
    db = str(tmp_path / "chat.db")
    result = run_cli(
        "chat",
        str(INVOICES),
        "--plain",
        "--db",
        db,
        "--model",
        "stub-model",
        "--base-url",
        openai_stub.url,
        "--api-key",
        "x",
        stdin="\n".join(lines) + "\n",
    )
    assert result.returncode == 0, result.stderr
    assert f"engine: llm:openai:stub-model at {openai_stub.url}" in result.stdout
    store = Store(f"sqlite:///{db}")
    [session] = store.list_sessions(study.id)
    assert session.status == "completed" and session.engine == "llm:openai:stub-model"


def test_an_unreachable_model_server_still_completes_on_the_offline_fallback(
    tmp_path: Path,
) -> None:
    lines = ["yes", "I processed invoices (accounts payable)", "200–2,000", "It's slow."]
    result = run_cli(
        "chat",
        str(INVOICES),
        "--plain",
        "--db",
        str(tmp_path / "x.db"),
        "--model",
        "m",
        "--base-url",
        "http://127.0.0.1:9/v1",
        "--api-key",
        "x",
        stdin="\n".join(lines) + "\n",
        env={"INTERVIEWER_TIMEOUT": "2"},
    )
    assert result.returncode == 0, result.stderr
    turns = Store(f"sqlite:///{tmp_path / 'x.db'}").transcript(
        result.stdout.split("session: ")[1].split()[0]
    )
    assert turns[-1].engine is not None and turns[-1].engine.startswith("offline (fallback:")
    assert turns[-1].kind.value in ("probe", "redirect")


def test_the_database_can_be_a_plain_path_in_the_flag_or_the_environment(tmp_path: Path) -> None:
    by_env = run_cli(
        "chat",
        str(INVOICES),
        "--plain",
        stdin="no\n",
        env={"INTERVIEWER_DB": str(tmp_path / "env.db")},
    )
    assert by_env.returncode == 0, by_env.stderr
    assert f"store: sqlite:///{tmp_path / 'env.db'}" in by_env.stdout
    by_flag = run_cli(
        "chat", str(INVOICES), "--plain", "--db", str(tmp_path / "flag.db"), stdin="no\n"
    )
    assert by_flag.returncode == 0, by_flag.stderr
    assert (tmp_path / "env.db").is_file() and (tmp_path / "flag.db").is_file()
