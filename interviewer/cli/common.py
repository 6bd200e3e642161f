"""Flags and helpers shared by the command modules."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from urllib.parse import quote

from sqlalchemy.engine import make_url

from interviewer.config import Settings, load_settings
from interviewer.errors import InterviewerError
from interviewer.llm.base import ChatModel
from interviewer.store import Store
from interviewer.store.db import display_url
from interviewer.store.errors import StoreError
from interviewer.study import Study
from interviewer.study.file import StudyFileError, load_study


class CliError(InterviewerError):
    """A problem the user can fix; printed as ``error: …`` with the exit code."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def add_db_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        metavar="URL",
        help="database URL or SQLite file (default: $INTERVIEWER_DB, else "
        "~/.local/share/interviewer/interviewer.db)",
    )


def add_model_flags(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--model",
        "-m",
        metavar="M",
        help="LangChain model, e.g. openai:gpt-4.1-mini, or local[:PATH.gguf] to run a model "
        "in-process (the local extra) (default: $INTERVIEWER_MODEL; none = offline engine)",
    )
    parser.add_argument(
        "--base-url",
        metavar="URL",
        help="OpenAI-compatible server, e.g. http://localhost:11434/v1 for Ollama "
        "(default: $INTERVIEWER_BASE_URL or $OPENAI_BASE_URL)",
    )
    parser.add_argument(
        "--api-key",
        metavar="KEY",
        help="key for the model server; visible in `ps` and shell history, so prefer "
        "$INTERVIEWER_API_KEY or --api-key-file",
    )
    parser.add_argument(
        "--api-key-file",
        metavar="FILE",
        help="read the model server's key from FILE (default: $INTERVIEWER_API_KEY_FILE)",
    )


def settings_from(args: argparse.Namespace) -> Settings:
    if getattr(args, "api_key", None):
        print(
            "note: a key given with --api-key is visible to other users in `ps` and stays in "
            "your shell history; use INTERVIEWER_API_KEY or --api-key-file instead",
            file=sys.stderr,
        )
    return load_settings(
        db=getattr(args, "db", None),
        model=getattr(args, "model", None),
        base_url=getattr(args, "base_url", None),
        api_key=getattr(args, "api_key", None),
        api_key_file=getattr(args, "api_key_file", None),
    )


def open_store(settings: Settings, *, writing: bool = False) -> Store:
    """The store of ``--db``; ``writing`` commands (chat, import) first refuse a damaged file,
    so nothing new is written into it."""
    try:
        store = Store(settings.db_url)
        if writing:
            try:
                store.check_integrity()
            except BaseException:
                store.close()
                raise
        return store
    except StoreError as exc:  # already says what to check, with the password masked
        raise CliError(without_secrets(str(exc), settings.db_url)) from exc
    except Exception as exc:
        raise CliError(
            f"cannot open the database {masked_url(settings.db_url)}: "
            f"{without_secrets(str(exc), settings.db_url)}\n"
            "Check --db / $INTERVIEWER_DB (a SQLite path or a postgresql:// URL)."
        ) from exc


def masked_url(url: str) -> str:
    """``url`` with its password masked; a URL too broken to parse is not echoed at all, since
    it may still hold a password."""
    try:
        return display_url(url)
    except Exception:
        return "(the URL given with --db / $INTERVIEWER_DB)" if "@" in url else url


def without_secrets(text: str, url: str) -> str:
    """``text`` with the password of ``url`` (raw or percent-encoded) and the raw URL masked."""
    try:
        password = make_url(url).password
    except Exception:
        password = None
    if "@" in url:
        text = text.replace(url, masked_url(url))
    if password:
        for secret in {str(password), quote(str(password), safe="")}:
            text = text.replace(secret, "***")
    return text


def load_model(settings: Settings) -> ChatModel | None:
    if not settings.model:
        return None
    from interviewer.llm import load_model as _load  # imported lazily: LangChain is slow to load

    try:
        return _load(
            settings.model,
            base_url=settings.base_url,
            api_key=settings.api_key,
            timeout=settings.timeout,
            max_retries=settings.max_retries,
        )
    except ValueError as exc:
        raise CliError(str(exc)) from exc


def read_study(path: str) -> Study:
    try:
        return load_study(Path(path))
    except StudyFileError as exc:
        raise CliError(
            f"{path} is not a valid study:\n{exc}\nRun `interviewer validate {path}`."
        ) from exc
