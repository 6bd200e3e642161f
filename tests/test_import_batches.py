"""Batched imports (issue 11, item 10): the fast path stores exactly the rows the one-by-one
path stored — sessions, turns, answers, scores — a second import still adds nothing, and a row
the database refuses is named by file and line."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

import interviewer.importers.batches as batches
import interviewer.importers.files as files
from benchmarks.import_speed import write_csv
from interviewer.importers.files import import_files
from interviewer.store import Store

TRANSCRIPT = """Interviewer: How do invoice approvals work for you?
Dana: I forward them to my manager every Friday.
Interviewer: When did one last get stuck?
Dana: Last week one waited six days because she was travelling.
"""


def _one_by_one(store: Store, study: Any, batch: Sequence[Any], **_: Any) -> Iterator[str]:
    for interview in batch:
        yield files.store_interview(store, study, interview)


def _rows(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every stored row, without ids and timestamps, keyed by respondent and turn number."""
    conn = sqlite3.connect(db)
    label = dict(conn.execute("SELECT id, respondent FROM sessions"))
    turn_at = {
        tid: (label[sid], seq)
        for tid, sid, seq in conn.execute("SELECT id, session_id, seq FROM turns")
    }
    rows = {
        "sessions": sorted(
            (r[0], *r[2:])
            for r in conn.execute(
                "SELECT respondent, id, study_id, study_hash, status, source, engine, model, "
                "prompt_tokens, completion_tokens, llm_calls, state, ended_at IS NOT NULL "
                "FROM sessions"
            )
        ),
        "turns": sorted(
            (label[r[0]], *r[1:-1], turn_at.get(r[-1]))
            for r in conn.execute(
                "SELECT session_id, seq, role, text, question_id, kind, engine, prompt_tokens, "
                "completion_tokens, decision, idempotency_key, reply_to FROM turns"
            )
        ),
        "answers": sorted(
            (label[r[0]], *r[1:])
            for r in conn.execute(
                "SELECT session_id, question_id, question_type, value, value_number, other_text, "
                "texts, skipped, declined, depth, depth_reasons FROM answers ORDER BY id"
            )
        ),
        "scores": sorted(
            (label[r[0]], *r[1:])
            for r in conn.execute(
                "SELECT session_id, scorer, scorer_version, level, question_id, score, reasons "
                "FROM scores"
            )
        ),
    }
    conn.close()
    return rows


def _import(tmp_path: Path, name: str, paths: list[Path]) -> Path:
    db = tmp_path / f"{name}.db"
    with Store(f"sqlite:///{db}") as store:
        import_files(store, paths, study_id="invoice-survey")
    return db


def test_the_batched_path_stores_exactly_the_rows_of_the_one_by_one_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    survey, transcript = tmp_path / "survey.csv", tmp_path / "dana.txt"
    write_csv(survey, 40)
    transcript.write_text(TRANSCRIPT, encoding="utf-8")
    monkeypatch.setattr(batches, "BATCH", 7)  # several batches, one of them short
    batched = _rows(_import(tmp_path, "batched", [survey]))
    with monkeypatch.context() as patch:
        patch.setattr(files, "store_all", _one_by_one)
        one_by_one = _rows(_import(tmp_path, "one-by-one", [survey]))
    assert batched == one_by_one
    assert len(batched["sessions"]) == 40 and len(batched["turns"]) == 40 * 6
    assert sum(1 for t in batched["turns"] if t[-1] is not None) == 40 * 2  # replies linked
    assert {s[1] for s in batched["scores"]} == {"features"}
    states = [json.loads(s[10]) for s in batched["sessions"]]
    assert all(s["status"] == "completed" for s in states)


def test_a_transcript_is_stored_the_same_way_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    transcript = tmp_path / "dana.txt"
    transcript.write_text(TRANSCRIPT, encoding="utf-8")
    batched = _rows(_import(tmp_path, "batched", [transcript]))
    monkeypatch.setattr(files, "store_all", _one_by_one)
    assert _rows(_import(tmp_path, "one-by-one", [transcript])) == batched


def test_importing_again_adds_nothing_and_again_adds_copies(tmp_path: Path) -> None:
    survey = tmp_path / "survey.csv"
    write_csv(survey, 30)
    with Store(f"sqlite:///{tmp_path / 'x.db'}") as store:
        first = import_files(store, [survey], study_id="invoice-survey")
        second = import_files(store, [survey], study_id="invoice-survey")
        assert len(first.sessions) == 30 and second.sessions == []
        assert len(second.already_imported) == 30
        third = import_files(store, [survey], study_id="invoice-survey", again=True)
        assert len(third.sessions) == 30
        assert len(store.list_sessions("invoice-survey")) == 60


def test_a_row_the_database_refuses_is_named_by_file_and_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    survey = tmp_path / "survey.csv"
    survey.write_text(
        "respondent_id,What slows approvals down?\nr1,travel\nr2,bad \ud800 text\nr3,email\n",
        encoding="utf-8",
        errors="surrogatepass",
    )
    monkeypatch.setattr(files, "_parse", _parse_keeping_surrogates)
    with Store(f"sqlite:///{tmp_path / 'x.db'}") as store:
        with pytest.raises(ValueError, match=r"^survey\.csv:3: cannot store r2's answers \("):
            import_files(store, [survey], study_id="invoice-survey")
        stored = [s.respondent for s in store.list_sessions("invoice-survey")]
    assert stored == ["r1"]  # the row before it is stored; importing again adds the rest


def _parse_keeping_surrogates(paths: Sequence[Path], respondent_column: str | None) -> Any:
    # A lone surrogate cannot come from a UTF-8 file; read this one so that it does, to get
    # a value the database driver refuses.
    from interviewer.importers.surveys import parse_survey

    text = paths[0].read_bytes().decode("utf-8", errors="surrogatepass")
    return [], [parse_survey(text, paths[0].name, respondent_column=respondent_column)]


def test_scores_from_worker_processes_are_the_scores_computed_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A large import scores its batches in worker processes (real ones, here on a small
    file): what is stored is row for row what the one-by-one path stores."""
    survey = tmp_path / "survey.csv"
    write_csv(survey, 30)
    monkeypatch.setattr(batches, "BATCH", 7)
    monkeypatch.setattr(batches, "POOL_FROM", 10)
    started: list[int] = []
    real_workers = batches._workers
    monkeypatch.setattr(batches, "_workers", lambda n: started.append(real_workers(n)) or 2)
    pooled = _rows(_import(tmp_path, "pooled", [survey]))
    assert started == [real_workers(30)] and started[0] >= 1
    monkeypatch.setattr(files, "store_all", _one_by_one)
    assert pooled == _rows(_import(tmp_path, "one-by-one", [survey]))


def test_workers_that_die_leave_their_batches_to_be_scored_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from concurrent.futures import Future
    from concurrent.futures.process import BrokenProcessPool

    survey = tmp_path / "survey.csv"
    write_csv(survey, 20)
    monkeypatch.setattr(batches, "BATCH", 7)
    monkeypatch.setattr(batches, "POOL_FROM", 10)

    def broken(_pool: Any, _items: Any) -> Future[Any]:
        future: Future[Any] = Future()
        future.set_exception(BrokenProcessPool("A process in the pool was terminated abruptly"))
        return future

    monkeypatch.setattr(batches, "_submit", broken)
    with caplog.at_level("WARNING"):
        rescued = _rows(_import(tmp_path, "rescued", [survey]))
    assert "scoring here instead" in caplog.text
    assert len(rescued["sessions"]) == 20 and len(rescued["scores"]) == 20 * 4
    monkeypatch.setattr(files, "store_all", _one_by_one)
    assert rescued == _rows(_import(tmp_path, "one-by-one", [survey]))


def test_a_large_store_keeps_a_large_page_cache(tmp_path: Path) -> None:
    """With SQLite's 2 MB default, batches slowed down as the file grew (random session ids
    write every index all over)."""
    from interviewer.store.db import CACHE_KIB

    with Store(f"sqlite:///{tmp_path / 'x.db'}") as store, store.reading() as tx:
        size = tx.db.connection().exec_driver_sql("PRAGMA cache_size").scalar()
    assert size == -CACHE_KIB and CACHE_KIB >= 32_768


def test_the_fast_path_stores_whole_interviews_on_each_backend(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The prepared inserts go through each driver (sqlite3 and psycopg) as they are."""
    survey = tmp_path / "survey.csv"
    write_csv(survey, 12)
    monkeypatch.setattr(batches, "BATCH", 5)
    result = import_files(store, [survey], study_id="invoice-survey")
    assert len(result.sessions) == 12
    _, session_id, _ = result.sessions[7]
    turns = store.transcript(session_id)
    assert [t.role for t in turns] == ["moderator", "respondent"] * 3
    assert turns[0].reply_to is None  # the first question follows nothing
    for answered, asked in zip(turns[1::2], turns[2::2], strict=False):
        assert asked.reply_to == answered.id  # each next question replies to the answer
    loaded = store.load_session(session_id)
    assert loaded.session.respondent == "R000007" and loaded.session.kind == "interview"
    assert loaded.session.ended_at is not None and loaded.session.started_at.tzinfo is not None
    assert all(a.texts for a in loaded.state.answers.values())
    scores = store.scores(session_id)
    assert {s.level for s in scores} == {"session", "answer"} and len(scores) == 4
