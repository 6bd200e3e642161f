"""The store's backends: migrations, schema, connection settings and concurrent writers."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlmodel import SQLModel

from interviewer.store import Store, StoreError, open_store
from interviewer.store.db import connect, display_url, normalise_url
from interviewer.store.migrations import MIGRATIONS, applied_migrations, migrate
from tests.support.store_fixtures import make_study, start

ALL = [migration.__name__ for migration in MIGRATIONS]
"""Every shipped migration, in order."""

REPO = Path(__file__).resolve().parents[1]

# -- migrations and schema -------------------------------------------------------------------


def test_migrations_run_once_and_are_recorded(store_url: str) -> None:
    for _ in range(3):
        Store(store_url).close()
    database = connect(store_url)
    try:
        assert applied_migrations(database.reader) == ALL
        assert migrate(database.writer) == []
    finally:
        database.dispose()


def test_stores_opened_at_once_migrate_once(store_url: str) -> None:
    opened: list[Store] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(4)

    def open_now() -> None:
        barrier.wait()
        try:
            opened.append(Store(store_url))
        except BaseException as error:  # surfaced by the assert below
            errors.append(error)

    threads = [threading.Thread(target=open_now) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for store in opened:
        store.close()
    assert errors == []
    database = connect(store_url)
    try:
        assert applied_migrations(database.reader) == ALL
    finally:
        database.dispose()


def test_new_migrations_apply_once_and_failed_ones_leave_no_trace(store_url: str) -> None:
    Store(store_url).close()
    database = connect(store_url)

    def m002_notes(conn: sa.Connection) -> None:
        conn.exec_driver_sql("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")

    def m003_broken(conn: sa.Connection) -> None:
        conn.exec_driver_sql("CREATE TABLE half_done (id INTEGER PRIMARY KEY)")
        raise RuntimeError("migration bug")

    try:
        assert migrate(database.writer, [*MIGRATIONS, m002_notes]) == ["m002_notes"]
        assert migrate(database.writer, [*MIGRATIONS, m002_notes]) == []
        with pytest.raises(RuntimeError, match="migration bug"):
            migrate(database.writer, [*MIGRATIONS, m002_notes, m003_broken])
        assert applied_migrations(database.reader) == [*ALL, "m002_notes"]
        tables = set(sa.inspect(database.reader).get_table_names())
        assert "notes" in tables and "half_done" not in tables
    finally:
        database.dispose()


def test_migrated_schema_matches_the_models(store_url: str) -> None:
    Store(store_url).close()
    database = connect(store_url)
    try:
        inspector = sa.inspect(database.reader)
        for table in SQLModel.metadata.sorted_tables:
            reflected = {c["name"]: c["nullable"] for c in inspector.get_columns(table.name)}
            modelled = {c.name: bool(c.nullable) for c in table.columns}
            assert reflected == modelled, table.name
            uniques = {
                tuple(u["column_names"]) for u in inspector.get_unique_constraints(table.name)
            }
            expected = {
                tuple(c.name for c in u.columns)
                for u in table.constraints
                if isinstance(u, sa.UniqueConstraint)
            }
            assert uniques == expected, table.name
            foreign = {
                (tuple(f["constrained_columns"]), f["referred_table"], tuple(f["referred_columns"]))
                for f in inspector.get_foreign_keys(table.name)
            }
            assert foreign == {
                (
                    tuple(c.name for c in f.columns),
                    f.referred_table.name,
                    tuple(e.column.name for e in f.elements),
                )
                for f in table.foreign_key_constraints
            }, table.name
    finally:
        database.dispose()


# -- backends ---------------------------------------------------------------------------------


def test_sqlite_file_gets_wal_foreign_keys_and_its_folder(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "er" / "interviews.db"
    with Store(f"sqlite:///{path}"):
        pass
    assert path.exists()
    database = connect(f"sqlite:///{path}")
    with database.reader.connect() as conn:
        pragmas = [
            conn.exec_driver_sql(f"PRAGMA {p}").scalar()
            for p in ("journal_mode", "foreign_keys", "busy_timeout")
        ]
    database.dispose()
    assert pragmas == ["wal", 1, 15_000]


def test_open_store_defaults_to_interviewer_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INTERVIEWER_HOME", str(tmp_path / "home"))
    with open_store() as store:
        assert store.url == f"sqlite:///{tmp_path / 'home' / 'interviewer.db'}"
    assert (tmp_path / "home" / "interviewer.db").exists()


def test_urls_are_normalised_and_passwords_masked() -> None:
    assert normalise_url("postgresql://u:p@db:5432/x").drivername == "postgresql+psycopg"
    assert normalise_url("postgres://u@db/x").drivername == "postgresql+psycopg"
    assert normalise_url("postgresql+psycopg://u@db/x").drivername == "postgresql+psycopg"
    assert normalise_url("sqlite:///a.db").drivername == "sqlite+pysqlite"
    assert display_url("postgresql://u:secret@db/x") == "postgresql://u:***@db/x"
    with pytest.raises(ValueError, match="unsupported database 'mysql'"):
        normalise_url("mysql://u@db/x")
    with pytest.raises(ValueError, match="not a database URL"):
        normalise_url("interviews.db")


def test_an_unreachable_server_is_a_clear_error() -> None:
    with pytest.raises(
        StoreError, match=r"cannot open the store at postgresql://u:\*\*\*@127\.0\.0\.1:1/x"
    ):
        Store("postgresql://u:pw@127.0.0.1:1/x?connect_timeout=2")


def test_concurrent_writers_to_one_session_keep_a_gapless_order(store_url: str) -> None:
    per_writer = 15
    with Store(store_url) as first, Store(store_url) as second:
        session_id, _ = start(first)
        errors: list[BaseException] = []

        def write(store: Store, name: str) -> None:
            try:
                for i in range(per_writer):
                    store.add_respondent_turn(
                        session_id, f"{name} {i}", question_id=None, idempotency_key=f"{name}{i}"
                    )
            except BaseException as error:  # surfaced by the assert below
                errors.append(error)

        threads = [
            threading.Thread(target=write, args=(s, n)) for s, n in ((first, "a"), (second, "b"))
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        turns = first.transcript(session_id)
    assert [t.seq for t in turns] == list(range(1, 2 * per_writer + 2))
    for name in ("a", "b"):
        assert [t.text for t in turns if t.text.startswith(name + " ")] == [
            f"{name} {i}" for i in range(per_writer)
        ]


_WRITER = textwrap.dedent(
    """
    import sys, time, pathlib
    from interviewer.interview import Decision, InterviewState, Reply, TurnKind
    from interviewer.study import Study

    url, study_json, go, name, count = sys.argv[1:]
    while not pathlib.Path(go).exists():
        time.sleep(0.002)
    from interviewer.store import Store  # opened only now: both processes migrate at once
    store = Store(url)
    study = Study.model_validate_json(study_json)
    state = InterviewState(study_id=study.id)
    session_id = store.create_session(study, engine="offline", model=None, state=state)
    for i in range(int(count)):
        turn = store.add_respondent_turn(session_id, f"{name} {i}", question_id=None)
        reply = Reply(f"ack {i}", TurnKind.ASK, state, Decision(action="ask"))
        store.record_reply(session_id, reply, answered_turn_id=turn.id)
    print(session_id)
    """
)


def test_two_processes_share_one_sqlite_file(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    go = tmp_path / "go"
    count = 40
    writers = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                _WRITER,
                url,
                make_study().model_dump_json(by_alias=True),
                str(go),
                name,
                str(count),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=REPO,
        )
        for name in ("a", "b")
    ]
    go.touch()
    outputs = [w.communicate(timeout=60) for w in writers]
    assert [w.returncode for w in writers] == [0, 0], [err for _, err in outputs]
    with Store(url) as store:
        for name, (out, _) in zip(("a", "b"), outputs, strict=True):
            turns = store.transcript(out.strip())
            assert [t.seq for t in turns] == list(range(1, 2 * count + 1))
            assert [t.text for t in turns[::2]] == [f"{name} {i}" for i in range(count)]
        assert len(store.list_sessions("billing")) == 2
    database = connect(url)
    assert applied_migrations(database.reader) == ALL
    database.dispose()
