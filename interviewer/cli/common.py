"""Flags and helpers shared by the command modules."""

from __future__ import annotations

import argparse
from pathlib import Path

from interviewer.config import Settings, load_settings
from interviewer.llm.base import ChatModel
from interviewer.store import Store
from interviewer.study import Study
from interviewer.study.file import StudyFileError, load_study


class CliError(Exception):
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
        help="LangChain model, e.g. openai:gpt-4.1-mini (default: $INTERVIEWER_MODEL; "
        "none = offline engine)",
    )
    parser.add_argument(
        "--base-url",
        metavar="URL",
        help="OpenAI-compatible server, e.g. http://localhost:11434/v1 for Ollama "
        "(default: $INTERVIEWER_BASE_URL or $OPENAI_BASE_URL)",
    )
    parser.add_argument("--api-key", metavar="KEY", help="key for the model server")


def settings_from(args: argparse.Namespace) -> Settings:
    return load_settings(
        db=getattr(args, "db", None),
        model=getattr(args, "model", None),
        base_url=getattr(args, "base_url", None),
        api_key=getattr(args, "api_key", None),
    )


def open_store(settings: Settings) -> Store:
    try:
        return Store(settings.db_url)
    except Exception as exc:
        raise CliError(
            f"cannot open the database {settings.db_url}: {exc}\n"
            "Check --db / $INTERVIEWER_DB (a SQLite path or a postgresql:// URL)."
        ) from exc


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
