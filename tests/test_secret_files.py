"""Keys from the environment or a file, never only a flag (issue 11 item 3): `--api-key` ends
up in shell history and `ps`; `--api-key-file`, `$INTERVIEWER_API_KEY_FILE`,
`--researcher-key-file` and `$INTERVIEWER_RESEARCHER_KEY_FILE` keep it out of both, and a bad
file is one line that names the file, never its contents."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from interviewer.cli import main
from interviewer.cli.web_commands import researcher_keys
from interviewer.config import load_settings
from tests.test_cli import INVOICES

KEY = "sk-test-Secret-4242"


def _key_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "key.txt"
    path.write_text(text)
    return path


def test_the_model_key_is_read_from_a_file_or_a_file_named_in_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("INTERVIEWER_API_KEY", "OPENAI_API_KEY", "INTERVIEWER_API_KEY_FILE"):
        monkeypatch.delenv(name, raising=False)
    path = _key_file(tmp_path, f"# the model server\n{KEY}\n")
    assert load_settings(api_key_file=str(path)).api_key == KEY
    monkeypatch.setenv("INTERVIEWER_API_KEY_FILE", str(path))
    assert load_settings().api_key == KEY
    # The flag, then the plain variable, win over a file named in the environment.
    monkeypatch.setenv("INTERVIEWER_API_KEY", "from-env")
    assert load_settings().api_key == "from-env"
    assert load_settings(api_key="from-flag").api_key == "from-flag"


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (None, "it does not exist"),
        ("\n# nothing here\n", "is empty"),
        (KEY * 300, "too large"),
    ],
    ids=["missing", "empty", "too large"],
)
def test_a_bad_key_file_is_one_line_naming_the_file_and_never_its_contents(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str | None, says: str
) -> None:
    path = tmp_path / "key.txt"
    if content is not None:
        path.write_text(content)
    code = main(
        ["report", "invoice-approvals", "--db", str(tmp_path / "x.db"), "--api-key-file", str(path)]
    )
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith(
        f"error: cannot read the API key file {path}" if content is None else "error: "
    )
    assert says in err and str(path) in err and "--api-key-file" in err
    assert err.count("\n") == 1 and "Traceback" not in err and KEY not in err


def test_a_key_typed_as_a_flag_gets_a_note_pointing_at_the_safer_ways(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["report", "invoice-approvals", "--db", str(tmp_path / "x.db"), "--api-key", KEY])
    err = capsys.readouterr().err
    assert "note: a key given with --api-key is visible to other users in `ps`" in err
    assert "INTERVIEWER_API_KEY or --api-key-file" in err and KEY not in err


def test_researcher_keys_come_from_a_file_one_per_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("INTERVIEWER_RESEARCHER_KEY", raising=False)
    monkeypatch.delenv("INTERVIEWER_RESEARCHER_KEY_FILE", raising=False)
    path = _key_file(tmp_path, "key-of-ana\n\nkey-of-ben\n")
    args = argparse.Namespace(researcher_key=None, researcher_key_file=str(path))
    assert researcher_keys(args) == ["key-of-ana", "key-of-ben"]
    monkeypatch.setenv("INTERVIEWER_RESEARCHER_KEY_FILE", str(path))
    assert researcher_keys(argparse.Namespace(researcher_key=None, researcher_key_file=None)) == [
        "key-of-ana",
        "key-of-ben",
    ]


def test_serve_refuses_a_missing_researcher_key_file_before_it_starts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("fastapi")
    missing = tmp_path / "nope.txt"
    code = main(
        [
            "serve",
            str(INVOICES),
            "--db",
            str(tmp_path / "x.db"),
            "--researcher-key-file",
            str(missing),
        ]
    )
    err = capsys.readouterr().err
    assert code == 1
    assert err == (
        f"error: cannot read the researcher key file {missing}: it does not exist; create it "
        "with the key on one line (chmod 600) or pass another path to --researcher-key-file\n"
    )
