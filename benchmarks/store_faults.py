"""Database fault matrix: real faults under the real CLI. Prints one JSON object.

Each case makes a fault happen for real on a SQLite file — a full disk (a tiny tmpfs when
running as root, SQLite's ``max_page_count`` everywhere), a lock held by a second connection
(``BEGIN EXCLUSIVE``), a read-only file system (a tmpfs remounted read-only, as root) or
read-only permissions (as any other user), a damaged page (bytes overwritten in the file) and
bytes that are not UTF-8 on stdin — and runs ``interviewer`` against it. Reported per case: the
exit code, the one line printed on stderr, whether a traceback appeared, and how many
acknowledged turns (respondent lines the moderator had answered) are missing afterwards.

Target: every case prints exactly one ``error: <cause>; <fix>`` line, no traceback, and
``turns_lost`` 0. ``tests/test_store_faults.py`` runs the same cases and asserts this.

Run: ``python benchmarks/store_faults.py``.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa

import interviewer.conversation as conversation_module
import interviewer.store.db as db_module
from interviewer.cli import main
from interviewer.store import Store

ROOT = Path(__file__).resolve().parents[1]
STUDY = ROOT / "studies" / "invoice-approvals.yaml"
STUDY_ID = "invoice-approvals"
FIRST_LINES = ("yes", "I approve supplier invoices, about forty a week, in our ERP.")
NEXT_LINE = "Last Tuesday one sat for six days because the approver was travelling."
SHORT_BUSY_MS = 300
"""The store's lock wait during the lock cases (15 s in normal use), so they take seconds."""


@dataclass
class Outcome:
    case: str
    method: str
    command: str
    exit_code: int
    message: str
    """Everything the command printed on stderr (one line when all is well)."""
    traceback: bool
    acknowledged: int
    """Respondent lines answered (and so acknowledged) before the fault."""
    turns_lost: int
    """Acknowledged lines missing from the store afterwards."""
    claimed_unstored: int = 0
    """Lines the output did not call unstored that are nevertheless missing."""
    notes: list[str] = field(default_factory=list)

    @property
    def one_line(self) -> bool:
        lines = [line for line in self.message.splitlines() if line.strip()]
        return len(lines) == 1 and lines[0].startswith("error: ")


# -- running the CLI ------------------------------------------------------------------------


class _Lines:
    """Bytes of stdin, one line per read, with a hook called before each line is handed out."""

    def __init__(self, lines: list[bytes], before: Callable[[int], None] | None = None) -> None:
        self._lines, self._before, self._index = lines, before, 0

    def readline(self, size: int = -1) -> bytes:
        if self._before is not None:
            self._before(self._index)
        if self._index >= len(self._lines):
            return b""
        self._index += 1
        return self._lines[self._index - 1]


class _Stdin(io.StringIO):
    """A pipe's stdin: text on top, the bytes under ``.buffer`` (what the chat reads)."""

    def __init__(self, lines: _Lines) -> None:
        super().__init__()
        self.buffer = lines

    @property
    def encoding(self) -> str:
        return "utf-8"

    def readline(self, size: int | None = -1) -> str:
        return self.buffer.readline().decode("utf-8")


def run_cli(
    args: list[str],
    lines: list[str | bytes] = (),  # type: ignore[assignment]
    before: Callable[[int], None] | None = None,
) -> tuple[int, str, str]:
    """``interviewer ARGS`` in this process with ``lines`` on stdin; (exit code, out, err)."""
    raw = [(line if isinstance(line, bytes) else line.encode()) + b"\n" for line in lines]
    stdin = _Stdin(_Lines(raw, before))
    out, err = io.StringIO(), io.StringIO()
    saved = sys.stdin, sys.stdout, sys.stderr
    sys.stdin, sys.stdout, sys.stderr = stdin, out, err
    opened: list[Store] = []
    real_init = Store.__init__

    def init(self: Store, url: str) -> None:
        opened.append(self)
        real_init(self, url)

    # A command's process ends after one run and so closes its store; in this process the
    # files would stay open (and a file system holding them could not be remounted).
    Store.__init__ = init  # type: ignore[method-assign]
    try:
        try:
            code = main(args)
        except SystemExit as exit_:
            code = int(exit_.code or 0)
        except BaseException:  # what the user would see as a traceback
            import traceback

            traceback.print_exc(file=err)
            code = 99
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved
        Store.__init__ = real_init  # type: ignore[method-assign]
        for store in opened:
            with contextlib.suppress(Exception):
                store.close()
    return code, out.getvalue(), err.getvalue()


def start_chat(db: Path) -> str:
    """A session with the first lines answered; returns its id."""
    code, out, err = run_cli(["chat", str(STUDY), "--plain", "--db", str(db)], list(FIRST_LINES))
    if code != 0:
        raise RuntimeError(f"could not start the chat: {err}")
    return out.split("session: ", 1)[1].split()[0]


def answered(db: Path, session_id: str) -> list[str]:
    """Respondent lines of the session that have a reply."""
    with Store(f"sqlite:///{db}") as store:
        turns = store.transcript(session_id)
    replied = {t.reply_to for t in turns if t.role == "moderator"}
    return [t.text for t in turns if t.role == "respondent" and t.id in replied]


def respondent_lines(db: Path, session_id: str) -> list[str]:
    with Store(f"sqlite:///{db}") as store:
        return [t.text for t in store.transcript(session_id) if t.role == "respondent"]


def outcome(
    case: str,
    method: str,
    args: list[str],
    result: tuple[int, str, str],
    before: list[str],
    after: list[str],
    sent: str | None = None,
) -> Outcome:
    code, _out, err = result
    lost = sum(1 for text in before if text not in after)
    said_unstored = "not stored" in err or "not UTF-8" in err
    unstored = int(sent is not None and sent not in after and not said_unstored and code == 0)
    return Outcome(
        case=case,
        method=method,
        command="interviewer " + " ".join(a if "/" not in a else Path(a).name for a in args),
        exit_code=code,
        message=err.strip(),
        traceback="Traceback" in err,
        acknowledged=len(before),
        turns_lost=lost,
        claimed_unstored=unstored,
    )


@contextlib.contextmanager
def short_waits() -> Iterator[None]:
    """Lock waits and retry pauses of a fraction of a second, for the duration of a case."""
    saved = db_module.BUSY_TIMEOUT_MS, conversation_module.LOCK_RETRY_DELAYS
    db_module.BUSY_TIMEOUT_MS, conversation_module.LOCK_RETRY_DELAYS = SHORT_BUSY_MS, (0.1, 0.2)
    try:
        yield
    finally:
        db_module.BUSY_TIMEOUT_MS, conversation_module.LOCK_RETRY_DELAYS = saved


@contextlib.contextmanager
def exclusive_lock(db: Path) -> Iterator[sqlite3.Connection]:
    """A second, real connection holding SQLite's write lock (``BEGIN EXCLUSIVE``)."""
    holder = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        yield holder
    finally:
        if holder.in_transaction:
            holder.execute("ROLLBACK")
        holder.close()


# -- mounts (root only) ---------------------------------------------------------------------


def can_mount() -> bool:
    if os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    with tempfile.TemporaryDirectory() as folder:
        ok = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", folder],
                            capture_output=True).returncode == 0  # fmt: skip
        if ok:
            subprocess.run(["umount", folder], check=True)
        return ok


@contextlib.contextmanager
def tmpfs(size: str) -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="interviewer-fault-"))
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], check=True)
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)
        folder.rmdir()


# -- the cases ------------------------------------------------------------------------------


def disk_full_tmpfs(work: Path) -> Outcome:
    """The file system runs out of space while a respondent's line is being stored."""
    with tmpfs("2m") as disk:
        db = disk / "interviews.db"
        session = start_chat(db)
        before = answered(db, session)
        # Leave room to open the database, not to store a long answer.
        free = os.statvfs(disk).f_bavail * os.statvfs(disk).f_frsize
        (disk / "filler").write_bytes(b"\0" * max(0, free - 160 * 1024))
        args = ["chat", str(STUDY), "--plain", "--db", str(db), "--resume", session]
        long_line = NEXT_LINE + " " + "It waited and waited. " * 20_000
        result = run_cli(args, [long_line])
        (disk / "filler").unlink()
        after = respondent_lines(db, session)
    return outcome("disk full", "tmpfs of 2 MiB, filled", args, result, before, after, long_line)


def disk_full_page_limit(work: Path) -> Outcome:
    """SQLite's own size limit reached (``PRAGMA max_page_count``): SQLITE_FULL on any host."""
    db = work / "full.db"
    session = start_chat(db)
    before = answered(db, session)
    pages = sqlite3.connect(db).execute("PRAGMA page_count").fetchone()[0]

    def limit(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages + 2}")

    args = ["chat", str(STUDY), "--plain", "--db", str(db), "--resume", session]
    long_line = NEXT_LINE + " " + "It waited and waited. " * 2_000
    sa.event.listen(sa.engine.Engine, "connect", limit)
    try:
        result = run_cli(args, [long_line])
    finally:
        sa.event.remove(sa.engine.Engine, "connect", limit)
    after = respondent_lines(db, session)
    return outcome("disk full", "PRAGMA max_page_count", args, result, before, after, long_line)


def locked_at_start(work: Path) -> Outcome:
    """Another process holds the write lock when the command opens the database."""
    db = work / "locked-start.db"
    session = start_chat(db)
    before = answered(db, session)
    args = ["chat", str(STUDY), "--plain", "--db", str(db), "--resume", session]
    with short_waits(), exclusive_lock(db):
        result = run_cli(args, [NEXT_LINE])
    after = respondent_lines(db, session)
    return outcome(
        "locked at start", "second connection, BEGIN EXCLUSIVE", args, result, before, after
    )


def locked_mid_interview(work: Path) -> Outcome:
    """The lock is taken after the chat started and held through every retry."""
    db = work / "locked-mid.db"
    session = start_chat(db)
    before = answered(db, session)
    args = ["chat", str(STUDY), "--plain", "--db", str(db), "--resume", session]
    holders: list[contextlib.ExitStack] = []

    def lock_before_first_line(index: int) -> None:
        if index == 0:
            stack = contextlib.ExitStack()
            stack.enter_context(exclusive_lock(db))
            holders.append(stack)

    with short_waits():
        try:
            result = run_cli(args, [NEXT_LINE], before=lock_before_first_line)
        finally:
            for stack in holders:
                stack.close()
    after = respondent_lines(db, session)
    return outcome(
        "locked mid-interview",
        "second connection, BEGIN EXCLUSIVE, held",
        args,
        result,
        before,
        after,
        NEXT_LINE,
    )


def locked_then_released(work: Path) -> Outcome:
    """The lock is released during the retries: the line is stored and answered."""
    db = work / "locked-released.db"
    session = start_chat(db)
    before = answered(db, session)
    args = ["chat", str(STUDY), "--plain", "--db", str(db), "--resume", session]
    holders: list[contextlib.ExitStack] = []

    def lock_briefly(index: int) -> None:
        if index == 0:
            stack = contextlib.ExitStack()
            stack.enter_context(exclusive_lock(db))
            holders.append(stack)
            # Longer than one lock wait, shorter than the wait plus the first retry.
            threading.Timer(SHORT_BUSY_MS / 1000 + 0.05, stack.close).start()

    with short_waits():
        result = run_cli(args, [NEXT_LINE], before=lock_briefly)
    for stack in holders:
        stack.close()
    after = respondent_lines(db, session)
    done = outcome(
        "locked briefly mid-interview",
        "second connection, BEGIN EXCLUSIVE, released after 0.35 s",
        args,
        result,
        before,
        after,
        NEXT_LINE,
    )
    done.notes.append(f"line stored after retry: {NEXT_LINE in answered(db, session)}")
    return done


def read_only_mount(work: Path) -> Outcome:
    """The file system holding the database is remounted read-only."""
    with tmpfs("4m") as disk:
        db = disk / "interviews.db"
        session = start_chat(db)
        before = answered(db, session)
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        args = ["chat", str(STUDY), "--plain", "--db", str(db), "--resume", session]
        result = run_cli(args, [NEXT_LINE])
        subprocess.run(["mount", "-o", "remount,rw", str(disk)], check=True)
        after = respondent_lines(db, session)
    return outcome("read-only", "tmpfs remounted read-only", args, result, before, after)


def read_only_permissions(work: Path) -> Outcome:
    """The database file and its folder lose their write permission (not root)."""
    folder = work / "ro"
    folder.mkdir()
    db = folder / "interviews.db"
    session = start_chat(db)
    before = answered(db, session)
    db.chmod(0o444)
    folder.chmod(0o555)
    args = ["chat", str(STUDY), "--plain", "--db", str(db), "--resume", session]
    try:
        result = run_cli(args, [NEXT_LINE])
    finally:
        folder.chmod(0o755)
        db.chmod(0o644)
    after = respondent_lines(db, session)
    return outcome("read-only", "chmod a-w on file and folder", args, result, before, after)


def corrupt_page(work: Path) -> Outcome:
    """Bytes of the sessions table's page overwritten: a new chat must refuse to write."""
    db = work / "corrupt.db"
    session = start_chat(db)
    before = answered(db, session)
    with contextlib.closing(sqlite3.connect(db)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        root = conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'sessions'"
        ).fetchone()[0]
    backup = db.with_suffix(".backup")
    shutil.copy(db, backup)
    data = bytearray(db.read_bytes())
    start = (root - 1) * page_size
    data[start : start + 64] = b"\xff" * 64
    db.write_bytes(bytes(data))
    damaged = db.read_bytes()
    args = ["chat", str(STUDY), "--plain", "--db", str(db)]
    result = run_cli(args, [*FIRST_LINES])
    wal = Path(f"{db}-wal")
    unchanged = db.read_bytes() == damaged and (not wal.exists() or not wal.stat().st_size)
    after = respondent_lines(backup, session)  # what the damaged file held, read from the copy
    done = outcome(
        "corrupt page", "64 bytes of a table page overwritten", args, result, before, after
    )
    done.notes.append(f"damaged file left unchanged: {unchanged}")
    if not unchanged:
        done.turns_lost += 1  # writing into a damaged file can destroy what it still holds
    listing = run_cli(["sessions", STUDY_ID, "--db", str(db)])
    done.notes.append(f"`sessions` on it: exit {listing[0]}, {listing[2].strip()}")
    return done


def bad_stdin(work: Path) -> Outcome:
    """Bytes that are not UTF-8 piped into ``interviewer chat`` (a real subprocess)."""
    db = work / "stdin.db"
    session = start_chat(db)
    before = answered(db, session)
    args = ["chat", str(STUDY), "--plain", "--db", str(db), "--resume", session]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = subprocess.run(
        [sys.executable, "-m", "interviewer", *args],
        input=b"\xff\xfe\n",
        capture_output=True,
        env=env,
        timeout=120,
    )
    result = (run.returncode, run.stdout.decode(errors="replace"), run.stderr.decode("utf-8"))
    after = respondent_lines(db, session)
    return outcome(
        "invalid UTF-8 on stdin", "subprocess fed b'\\xff\\xfe\\n'", args, result, before, after
    )


def cases() -> list[Callable[[Path], Outcome]]:
    """The cases this machine can run for real (the mounts need root)."""
    found: list[Callable[[Path], Outcome]] = [disk_full_page_limit]
    mounts = can_mount()
    if mounts:
        found.insert(0, disk_full_tmpfs)
    found += [locked_at_start, locked_mid_interview, locked_then_released]
    if mounts:
        found.append(read_only_mount)
    elif os.geteuid() != 0:
        found.append(read_only_permissions)
    found += [corrupt_page, bad_stdin]
    return found


def main_() -> None:
    results: list[Outcome] = []
    with tempfile.TemporaryDirectory() as folder:
        os.environ.setdefault("INTERVIEWER_HOME", folder)
        for case in cases():
            work = Path(folder) / case.__name__
            work.mkdir()
            results.append(case(work))
    print(
        json.dumps(
            {
                "cases": [asdict(r) | {"one_line": r.one_line} for r in results],
                "turns_lost": sum(r.turns_lost for r in results),
                "tracebacks": sum(r.traceback for r in results),
                "not_one_line": sum(not r.one_line for r in results if r.exit_code),
            },
            indent=2,
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main_()
