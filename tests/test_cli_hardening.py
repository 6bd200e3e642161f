"""Hardening of the CLI (issue 11): a database password given to any command that opens the
store, in the flag or the environment, never appears in what it prints (item 2); a reader that
closes the pipe early gets no traceback (item 11)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from interviewer.cli import main
from interviewer.store import Store
from tests.test_cli import INVOICES

SECRET = "s3cret-Pa55"
URLS = [
    f"postgresql://bob:{SECRET}@127.0.0.1:1/db",  # nothing listens on port 1
    f"postgresql://bob:{SECRET}@[not-a-host/db",
    f"mysql://bob:{SECRET}@localhost/db",  # an unsupported backend
    "postgresql://bob:s3cret%40Pa55@127.0.0.1:1/db",  # percent-encoded in the URL
]
COMMANDS = [
    ["studies"],
    ["sessions", "invoice-approvals"],
    ["transcript", "abc123"],
    ["report", "invoice-approvals"],
    ["import", str(INVOICES)],
    ["chat", str(INVOICES), "--plain"],
    ["invite", str(INVOICES)],
    ["score", "invoice-approvals"],
]


@pytest.mark.parametrize("url", URLS)
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_no_command_prints_the_database_password(
    command: list[str], url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main([*command, "--db", url])
    out, err = capsys.readouterr()
    assert code != 0
    for secret in (SECRET, "s3cret%40Pa55", "s3cret@Pa55"):
        assert secret not in out + err, out + err
    assert "Traceback" not in err
    assert err.startswith("error: ") and err.count("Check --db") == 1, err


def test_the_password_in_the_environment_is_masked_too(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("INTERVIEWER_DB", URLS[0])
    assert main(["studies"]) != 0
    out, err = capsys.readouterr()
    assert SECRET not in out + err and "bob:***@" in err


def test_a_reader_that_stops_early_gets_no_traceback(tmp_path: Path) -> None:
    # `interviewer transcript S | head -2` (issue 11, item 11): the pipe closes mid-output.
    db = str(tmp_path / "pipe.db")
    transcript = tmp_path / "long.txt"
    transcript.write_text(
        "\n\n".join(
            f"Interviewer: Question {i}?\n\nP1: Answer number {i}, at length." for i in range(3000)
        ),
        encoding="utf-8",
    )
    assert main(["import", str(transcript), "--db", db]) == 0
    with Store(f"sqlite:///{db}") as store:
        [study] = store.list_studies()
        [session] = store.list_sessions(study.id)
    for command in (["transcript", session.id], ["sessions", study.id]):
        shell = f"{sys.executable} -m interviewer {' '.join(command)} --db {db} | head -1"
        done = subprocess.run(
            ["bash", "-o", "pipefail", "-c", shell], capture_output=True, text=True, timeout=120
        )
        assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr, done.stderr
        assert done.returncode == 0 and done.stdout.strip()
