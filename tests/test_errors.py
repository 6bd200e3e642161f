"""One root exception (issue 11, "Structure"): every error interviewer raises on purpose is an
``InterviewerError``, and the CLI prints any of them as one line, never a traceback."""

from __future__ import annotations

import argparse
import importlib
import inspect
import pkgutil

import pytest

import interviewer
from interviewer import cli
from interviewer.errors import InterviewerError
from interviewer.store.errors import UnknownSessionError


def _our_exception_classes() -> list[type[BaseException]]:
    found = []
    for info in pkgutil.walk_packages(interviewer.__path__, "interviewer."):
        if info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for name, obj in vars(module).items():
            if (
                inspect.isclass(obj)
                and issubclass(obj, BaseException)
                and obj.__module__ == module.__name__
                and not name.startswith("_")
            ):
                found.append(obj)
    return found


def test_every_public_exception_of_ours_has_the_one_root() -> None:
    classes = _our_exception_classes()
    assert len(classes) >= 19
    assert [c.__qualname__ for c in classes if not issubclass(c, InterviewerError)] == []


def test_typed_errors_keep_the_builtin_bases_callers_catch() -> None:
    error = UnknownSessionError("no session abc; run `interviewer sessions STUDY` to list them")
    assert isinstance(error, KeyError) and isinstance(error, InterviewerError)
    assert str(error) == "no session abc; run `interviewer sessions STUDY` to list them"


def test_the_cli_prints_an_unworded_typed_error_as_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def handler(_args: argparse.Namespace) -> int:
        raise UnknownSessionError("no session abc; run `interviewer sessions STUDY` to list them")

    parser = argparse.ArgumentParser()
    parser.set_defaults(handler=handler)
    monkeypatch.setattr(cli, "build_parser", lambda: parser)
    assert cli.main([]) == 1
    captured = capsys.readouterr()
    assert captured.err == "error: no session abc; run `interviewer sessions STUDY` to list them\n"
    assert "Traceback" not in captured.err and captured.out == ""


def test_the_store_is_extended_only_through_its_public_transaction() -> None:
    """Issue 11, "Structure": bulk writes, deletions and the web store are plain helpers over
    ``store.transaction()`` / ``store.reading()``; nothing reaches into the Store's privates."""
    import re
    from pathlib import Path

    from interviewer.store import Store

    root = Path(interviewer.__file__).parent
    private_use = re.compile(r"\bstore\._[a-z]\w*")
    offenders = [
        f"{path.relative_to(root)}:{number}"
        for path in root.rglob("*.py")
        if path.name != "store.py"
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if private_use.search(line)
    ]
    assert offenders == []
    assert Store.__bases__ == (object,)  # no mixins
    assert callable(Store.transaction) and callable(Store.reading)
