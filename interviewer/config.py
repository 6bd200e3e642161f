"""Settings: where the store lives and which model (if any) moderates.

One way in: every command builds a :class:`Settings` from flags and the environment with
:func:`load_settings`; nothing else reads these environment variables.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from interviewer.errors import InterviewerError

MAX_SECRET_FILE_BYTES = 4096
"""A key file holds a key (or a few, one per line), not a document."""


class ConfigError(InterviewerError):
    """A setting could not be read; the message names the setting and how to fix it."""


def read_secret_file(path: str, what: str, flag: str) -> list[str]:
    """The keys in ``path``, one per line (blank lines and ``#`` comments skipped).

    Keys passed as flags end up in shell history and in ``ps`` for every user of the machine;
    a file (or an environment variable) does not. Errors name the file, never its contents.
    """
    file = Path(path).expanduser()
    try:
        if file.stat().st_size > MAX_SECRET_FILE_BYTES:
            raise ConfigError(
                f"{file} is larger than {MAX_SECRET_FILE_BYTES} bytes, too large for a {what} "
                f"file; put only the key in it (one per line) and pass it with {flag}"
            )
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(
            f"cannot read the {what} file {file}: it does not exist; create it with the key "
            f"on one line (chmod 600) or pass another path to {flag}"
        ) from None
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else "not text"
        raise ConfigError(
            f"cannot read the {what} file {file}: {reason}; check its permissions, or pass "
            f"another path to {flag}"
        ) from None
    keys = [
        line.strip()
        for line in text.splitlines()
        if line.strip() and not line.strip().startswith("#")
    ]
    if not keys:
        raise ConfigError(
            f"the {what} file {file} is empty; write the key on one line, or pass another path "
            f"to {flag}"
        )
    return keys


def home() -> Path:
    """Folder for the default database: ``$INTERVIEWER_HOME``, else the XDG data folder."""
    explicit = os.environ.get("INTERVIEWER_HOME")
    if explicit:
        return Path(explicit).expanduser()
    xdg = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(xdg) / "interviewer"


def default_db_url() -> str:
    """``$INTERVIEWER_DB`` (a URL or a SQLite file path) if set, else a SQLite file in
    :func:`home`."""
    explicit = os.environ.get("INTERVIEWER_DB")
    return _normalise_db(explicit) if explicit else f"sqlite:///{home() / 'interviewer.db'}"


@dataclass(frozen=True)
class Settings:
    """Resolved configuration for one command."""

    db_url: str
    """SQLAlchemy URL of the store: ``sqlite:///path.db`` (default) or ``postgresql://…``."""
    model: str | None = None
    """LangChain model string such as ``openai:gpt-4.1-mini``; ``None`` runs the offline engine."""
    base_url: str | None = None
    """OpenAI-compatible server (Ollama, vLLM, llama.cpp), e.g. ``http://localhost:11434/v1``."""
    api_key: str | None = None
    """Key for the model server; local servers usually accept any value."""
    timeout: float = 30.0
    """Seconds before one model call is abandoned (the turn then falls back to offline)."""
    max_retries: int = 2
    """Retries with backoff on 429 / 5xx / timeouts before falling back."""


def load_settings(
    *,
    db: str | None = None,
    model: str | None = None,
    base_url: str | None = None,
    api_key: str | None = None,
    api_key_file: str | None = None,
    timeout: float | None = None,
) -> Settings:
    """Flags win over environment variables, which win over defaults.

    The model server's key: ``--api-key``, else the first line of ``--api-key-file``, else
    ``$INTERVIEWER_API_KEY``, else the file named by ``$INTERVIEWER_API_KEY_FILE``, else
    ``$OPENAI_API_KEY``.
    """
    env = os.environ
    if not api_key and api_key_file:
        api_key = read_secret_file(api_key_file, "API key", "--api-key-file")[0]
    if not api_key and not env.get("INTERVIEWER_API_KEY") and env.get("INTERVIEWER_API_KEY_FILE"):
        api_key = read_secret_file(
            env["INTERVIEWER_API_KEY_FILE"], "API key", "$INTERVIEWER_API_KEY_FILE"
        )[0]
    resolved_base = base_url or env.get("INTERVIEWER_BASE_URL") or env.get("OPENAI_BASE_URL")
    resolved_model = model or env.get("INTERVIEWER_MODEL") or None
    if resolved_model in ("offline", "none"):
        resolved_model = None
    return Settings(
        db_url=_normalise_db(db) if db else default_db_url(),
        model=resolved_model,
        base_url=resolved_base,
        api_key=api_key or env.get("INTERVIEWER_API_KEY") or env.get("OPENAI_API_KEY"),
        timeout=timeout if timeout is not None else float(env.get("INTERVIEWER_TIMEOUT", "30")),
    )


def _normalise_db(value: str) -> str:
    """Accept a bare file path for convenience: ``--db interviews.db``."""
    if "://" in value:
        return value
    return f"sqlite:///{Path(value).expanduser().resolve()}"
