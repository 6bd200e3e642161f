"""Sessions that are not study data, paused chats, and deleting data on request (issue 11,
item 14): ``--preview`` runs and sessions quit at the consent screen are marked and kept out of
reports, scores and exports; labels are R01..Rn without gaps; a chat left mid-interview lists
as ``paused``; ``sessions delete`` / ``purge`` and ``DELETE /api/researcher/sessions/ID`` remove a
respondent's data and store an audit line that holds none of it."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from interviewer.cli import main
from interviewer.conversation import Conversation
from interviewer.interview import Status
from interviewer.moderator import Moderator
from interviewer.store import Store
from interviewer.study.file import load_study
from interviewer.synthesis.corpus import load_corpus
from interviewer.web.settings import WebSettings
from tests.support.web_api import RESEARCHER_KEY, client_for

ROOT = Path(__file__).resolve().parents[1]
STUDY_PATH = ROOT / "studies" / "invoice-approvals.yaml"
STUDY = load_study(STUDY_PATH)
ANSWER = "Last Tuesday an invoice from Acme waited six days because my manager was in Lisbon."


def chat(db: Path, lines: str, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "interviewer",
            "chat",
            str(STUDY_PATH),
            "--plain",
            "--db",
            str(db),
            *extra,
        ],
        input=lines,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
    )


def session_id(out: str) -> str:
    return out.split("session: ", 1)[1].split()[0]


def stopped(store: Store, *, kind: str = "interview") -> str:
    conversation = Conversation.begin(store, Moderator(STUDY), kind=kind)  # type: ignore[arg-type]
    for line in (
        "yes",
        "I processed invoices (accounts payable)",
        "200–2,000",
        ANSWER,
        "I want to stop now",
    ):
        if not conversation.finished:
            conversation.send(line)
    assert conversation.state.status is Status.STOPPED, conversation.state.status
    return conversation.session_id


def test_report_labels_have_no_gaps_and_previews_and_consent_quits_are_left_out(
    tmp_path: Path,
) -> None:
    with Store(f"sqlite:///{tmp_path / 'x.db'}") as store:
        first = stopped(store)
        Conversation.begin(store, Moderator(STUDY))  # quit at the consent screen
        stopped(store, kind="preview")
        second = stopped(store)
        Conversation.begin(store, Moderator(STUDY)).send("no")  # declined
        third = stopped(store)
        corpus = load_corpus(store, STUDY.id, include_partial=True, min_depth=1)
    assert [r.session_id for r in corpus.rows] == [first, second, third]
    assert [i.respondent for i in corpus.interviews] == ["R01", "R02", "R03"]  # not R01, R04, R06


def test_a_preview_run_is_marked_never_scored_and_not_exported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "x.db"
    run = chat(
        db, f"yes\nI processed invoices (accounts payable)\n200–2,000\n{ANSWER}\n", "--preview"
    )
    assert run.returncode == 0, run.stderr
    preview = session_id(run.stdout)
    with Store(f"sqlite:///{db}") as store:
        real = stopped(store)
        summaries = {s.id: s for s in store.list_sessions(STUDY.id)}
        assert summaries[preview].kind == "preview" and summaries[real].kind == "interview"
        client = client_for(store, WebSettings(studies=(STUDY,), researcher_keys=(RESEARCHER_KEY,)))
        exported = client.get(
            f"/api/researcher/studies/{STUDY.id}/export.jsonl",
            headers={"X-API-Key": RESEARCHER_KEY},
        ).text
    assert real in exported and preview not in exported
    assert main(["score", STUDY.id, "--db", str(db)]) == 0
    with Store(f"sqlite:///{db}") as store:
        assert store.scores(preview) == []
    capsys.readouterr()
    assert main(["sessions", STUDY.id, "--db", str(db)]) == 0
    listing = capsys.readouterr().out
    line = next(row for row in listing.splitlines() if row.startswith(preview))
    assert line.endswith("offline · preview")


def test_a_chat_left_mid_interview_lists_as_paused_until_resumed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "x.db"
    run = chat(db, "yes\nI processed invoices (accounts payable)\n200–2,000\n")
    sid = session_id(run.stdout)
    assert main(["sessions", STUDY.id, "--db", str(db)]) == 0
    assert f"{sid}   paused " in capsys.readouterr().out
    assert chat(db, f"{ANSWER}\n", "--resume", sid).returncode == 0  # wrote, then left again
    with Store(f"sqlite:///{db}") as store:
        conversation = Conversation.resume(store, Moderator(STUDY), sid)
        conversation.send("Mostly the approver travelling.")
        assert store.list_sessions(STUDY.id)[0].shown_status == "active"


def test_sessions_delete_removes_everything_and_audits_without_content(
    store_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with Store(store_url) as store:
        gone, kept = stopped(store), stopped(store)
    assert main(["sessions", "delete", gone, "--db", store_url]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"deleted session {gone} of {STUDY.id}: respondent request via cli; ")
    assert "turns" in out and "answers" in out and "(audit entry 1)" in out
    with Store(store_url) as store:
        assert [s.id for s in store.list_sessions(STUDY.id)] == [kept]
        with pytest.raises(KeyError):
            store.transcript(gone)
        (entry,) = store.audit_log()
    assert entry.session_id == gone and entry.action == "delete"
    assert "Lisbon" not in entry.detail and "Acme" not in entry.detail
    assert main(["sessions", "delete", gone, "--db", store_url]) == 1
    assert f"no session {gone!r}" in capsys.readouterr().out
    assert main(["sessions", "audit", "--db", store_url]) == 0
    assert gone in capsys.readouterr().out


def test_purge_applies_a_retention_period(
    store_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with Store(store_url) as store:
        old, new = stopped(store), stopped(store)
        entries = store.purge_sessions(
            timedelta(days=90), dry_run=True, now=store.load_session(old).session.started_at
        )
        assert entries == []
    with Store(store_url) as store:
        later = store.load_session(new).session.started_at + timedelta(days=91)
        planned = store.purge_sessions(timedelta(days=90), dry_run=True, now=later)
        assert sorted(e.session_id for e in planned) == sorted([old, new])
        assert len(store.list_sessions(STUDY.id)) == 2  # a dry run deletes nothing
    assert main(["sessions", "purge", "--older-than", "90d", "--db", store_url]) == 0
    assert "0 session(s) started over 90d ago deleted" in capsys.readouterr().out
    assert main(["sessions", "purge", "--older-than", "ninety", "--db", store_url]) == 1
    assert "write a number and d, w or h, e.g. 90d" in capsys.readouterr().err


def test_purge_deletes_only_sessions_older_than_the_period(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "x.db"
    with Store(f"sqlite:///{db}") as store:
        old, new = stopped(store), stopped(store)
    with sqlite3.connect(db) as conn:
        conn.execute(
            "UPDATE sessions SET started_at = datetime(started_at, '-100 days') WHERE id = ?",
            (old,),
        )
    assert main(["sessions", "purge", "--older-than", "90d", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert f"deleted session {old}" in out and "1 session(s) started over 90d ago" in out
    with Store(f"sqlite:///{db}") as store:
        assert [s.id for s in store.list_sessions(STUDY.id)] == [new]
        assert [e.action for e in store.audit_log()] == ["purge"]


def test_the_api_deletes_a_session_for_a_researcher(tmp_path: Path) -> None:
    with Store(f"sqlite:///{tmp_path / 'x.db'}") as store:
        sid = stopped(store)
        client = client_for(store, WebSettings(studies=(STUDY,), researcher_keys=(RESEARCHER_KEY,)))
        key = {"X-API-Key": RESEARCHER_KEY}
        assert client.delete(f"/api/researcher/sessions/{sid}").status_code == 401
        response = client.delete(f"/api/researcher/sessions/{sid}", headers=key)
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["session_id"] == sid and body["action"] == "delete"
        assert body["detail"].startswith("respondent request via api; ")
        assert client.get(f"/api/researcher/sessions/{sid}", headers=key).status_code == 404
        assert client.delete(f"/api/researcher/sessions/{sid}", headers=key).status_code == 404
        assert [e.session_id for e in store.audit_log()] == [sid]
