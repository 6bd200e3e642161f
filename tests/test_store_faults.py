"""Database faults (issue 11, item 8): each one made to happen for real, under the real CLI.

The cases live in ``benchmarks/store_faults.py`` (which prints them as JSON); here every case
must print one ``error: <cause>; <fix>`` line, no traceback, and lose no acknowledged turn,
and each fault must be named for what it is — a full disk is never "busy", a locked file
never blames a database server, a read-only file system says "read-only", a damaged file is
refused before anything is written into it, bytes that are not UTF-8 are not a traceback.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from benchmarks import store_faults as faults
from interviewer.conversation import Conversation, MessageNotStoredError
from interviewer.moderator import Moderator
from interviewer.store import Store
from interviewer.store.errors import DatabaseCorruptError, DatabaseFullError
from interviewer.study.file import load_study
from interviewer.web.settings import WebSettings
from tests.support.web_api import Respondent, client_for

CASES = faults.cases()


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.__name__)
def test_every_fault_prints_one_line_and_loses_no_acknowledged_turn(
    case: Callable[[Path], faults.Outcome], tmp_path: Path
) -> None:
    result = case(tmp_path)
    assert not result.traceback, result.message
    assert result.turns_lost == 0 and result.claimed_unstored == 0, result
    assert result.acknowledged == len(faults.FIRST_LINES)
    if result.exit_code != 0:
        assert result.one_line, result.message


def _message(case: Callable[[Path], faults.Outcome], tmp_path: Path) -> str:
    result = case(tmp_path)
    assert result.exit_code == 1, result
    return result.message


def test_a_full_disk_says_full_and_that_the_line_was_not_stored(tmp_path: Path) -> None:
    message = _message(faults.disk_full_page_limit, tmp_path)
    assert "is full" in message and "free some space" in message
    assert "your last message was not stored" in message and "--resume" in message
    assert "busy" not in message


@pytest.mark.skipif(not faults.can_mount(), reason="a tiny tmpfs needs root and mount")
def test_a_full_file_system_says_full(tmp_path: Path) -> None:
    message = _message(faults.disk_full_tmpfs, tmp_path)
    assert "is full" in message and "not stored" in message and "busy" not in message


def test_a_lock_held_at_start_names_another_process_not_a_server(tmp_path: Path) -> None:
    message = _message(faults.locked_at_start, tmp_path)
    assert "locked by another process" in message and "server" not in message


def test_a_lock_held_through_the_retries_says_the_line_was_not_stored(tmp_path: Path) -> None:
    message = _message(faults.locked_mid_interview, tmp_path)
    assert message.startswith("error: your last message was not stored: ")
    assert "locked by another process" in message and "--resume" in message


def test_a_lock_released_during_the_retries_stores_and_answers_the_line(tmp_path: Path) -> None:
    result = faults.locked_then_released(tmp_path)
    assert result.exit_code == 0 and result.message == ""
    assert result.notes == ["line stored after retry: True"]


def test_an_interactive_respondent_is_asked_to_type_the_line_again(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "tty.db"
    session = faults.start_chat(db)
    held: list[contextlib.ExitStack] = []

    def lock_once(index: int) -> None:
        if index == 0:
            held.append(contextlib.ExitStack())
            held[0].enter_context(faults.exclusive_lock(db))
        elif held:
            held.pop().close()

    class Tty(faults._Stdin):
        def isatty(self) -> bool:
            return True

    lines = faults._Lines([f"{faults.NEXT_LINE}\n".encode()] * 2, lock_once)
    from interviewer.cli.chat_command import plain_chat
    from interviewer.config import load_settings

    study = load_study(faults.STUDY)
    with faults.short_waits(), Store(f"sqlite:///{db}") as store:
        code = plain_chat(
            store, Moderator(study), load_settings(), resume=session, stdin=Tty(lines)
        )
    err = capsys.readouterr().err
    assert code == 0
    assert "your last message was not stored" in err and err.strip().endswith("type it again")
    assert faults.answered(db, session).count(faults.NEXT_LINE) == 1  # typed again, stored once


@pytest.mark.skipif(not faults.can_mount(), reason="a read-only remount needs root and mount")
def test_a_read_only_file_system_says_read_only(tmp_path: Path) -> None:
    message = _message(faults.read_only_mount, tmp_path)
    assert "read-only" in message and "unable to open" not in message


def test_a_damaged_file_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    result = faults.corrupt_page(tmp_path)
    assert result.exit_code == 1 and "is damaged" in result.message
    assert ".recover" in result.message
    assert "damaged file left unchanged: True" in result.notes
    assert "`sessions` on it: exit 1, error: " in result.notes[1]


def test_integrity_is_checked_where_a_write_would_not_notice(tmp_path: Path) -> None:
    # An index page of the turns table: opening and starting a session touch other pages,
    # so only the check stands between a new chat and the damaged file.
    db = tmp_path / "index.db"
    faults.start_chat(db)
    with contextlib.closing(sqlite3.connect(db)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        root = conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'sqlite_autoindex_turns_3'"
        ).fetchone()[0]
    data = bytearray(db.read_bytes())
    data[(root - 1) * page_size : (root - 1) * page_size + 16] = b"\xff" * 16
    db.write_bytes(bytes(data))
    with (
        Store(f"sqlite:///{db}") as store,
        pytest.raises(DatabaseCorruptError, match=r"is damaged .* \.recover"),
    ):
        store.check_integrity()


def test_bytes_that_are_not_utf8_on_stdin_are_one_line(tmp_path: Path) -> None:
    message = _message(faults.bad_stdin, tmp_path)
    assert "not UTF-8" in message and "was not stored" in message


def _page_limit(db: Path) -> Callable[[Any, Any], None]:
    pages = sqlite3.connect(db).execute("PRAGMA page_count").fetchone()[0]

    def limit(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

    return limit


def test_the_conversation_never_acknowledges_a_line_the_full_disk_refused(
    tmp_path: Path,
) -> None:
    db = tmp_path / "conv.db"
    with Store(f"sqlite:///{db}") as store:
        conversation = Conversation.begin(store, Moderator(load_study(faults.STUDY)))
        conversation.send("yes")
    limit = _page_limit(db)
    sa.event.listen(sa.engine.Engine, "connect", limit)
    try:
        with Store(f"sqlite:///{db}") as store:
            conversation = Conversation.resume(
                store, Moderator(load_study(faults.STUDY)), conversation.session_id
            )
            with pytest.raises(MessageNotStoredError) as raised:
                conversation.send("We approve them in batches. " * 3000)
            assert isinstance(raised.value.fault, DatabaseFullError)
    finally:
        sa.event.remove(sa.engine.Engine, "connect", limit)
    assert faults.respondent_lines(db, conversation.session_id) == ["yes"]


def test_the_web_server_says_full_not_busy(tmp_path: Path) -> None:
    db = tmp_path / "web.db"
    study = load_study(faults.STUDY)
    with Store(f"sqlite:///{db}") as store:
        respondent = Respondent(client_for(store, WebSettings(studies=(study,))), study.id).start()
        respondent.say("yes")
    with contextlib.closing(sqlite3.connect(db)) as conn:
        conn.execute("VACUUM")  # no free pages left inside the file

    def limit(dbapi_connection: Any, _record: Any) -> None:
        # Below the file's size: SQLite keeps it at the current page count, so the file
        # cannot grow by a page.
        dbapi_connection.execute("PRAGMA max_page_count = 1")

    sa.event.listen(sa.engine.Engine, "connect", limit)
    try:
        with Store(f"sqlite:///{db}") as store:
            respondent.client = client_for(store, WebSettings(studies=(study,)))
            response = respondent.post(text="We batch them on Fridays. " * 150)
    finally:
        sa.event.remove(sa.engine.Engine, "connect", limit)
    assert response.status_code == 503, response.text
    detail = response.json()["detail"]
    assert "disk is full" in detail and "busy" not in detail
    assert response.headers["Retry-After"] == "60"
    assert faults.respondent_lines(db, respondent.session_id) == ["yes"]
