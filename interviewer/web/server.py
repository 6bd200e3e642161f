"""Running the app with uvicorn, in one process or several.

``uvicorn --workers N`` starts each worker from an import string, so the configuration travels
to them as JSON in ``$INTERVIEWER_WEB_CONFIG`` and every worker builds the same app from it with
:func:`app_from_environment`. Workers share nothing but the database.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict
from pathlib import Path

from fastapi import FastAPI
from pydantic import BaseModel, Field

from interviewer.llm.base import ChatModel
from interviewer.store import Store
from interviewer.study import Study
from interviewer.study.file import load_study
from interviewer.web.app import create_app
from interviewer.web.settings import Limits, WebSettings

CONFIG_ENV = "INTERVIEWER_WEB_CONFIG"


class ServerConfig(BaseModel):
    """What ``interviewer serve`` hands to every worker process."""

    db_url: str
    """Store URL (SQLite file or PostgreSQL)."""
    study_paths: list[str]
    """Study YAML files to serve."""
    model: str | None = None
    """LangChain model string; ``None`` runs the offline engine."""
    base_url: str | None = None
    """OpenAI-compatible server for the model."""
    api_key: str | None = None
    """Key for the model server."""
    timeout: float = 30.0
    """Seconds per model call."""
    researcher_keys: list[str] = Field(default_factory=list)
    """Keys accepted on researcher endpoints."""
    allowed_origins: dict[str, list[str]] = Field(default_factory=dict)
    """Study id (or ``*``) → origins that may embed the widget."""
    invite_only: bool = False
    """Require an invite to start a session."""
    public_url: str | None = None
    """Base URL for invite links."""
    worker_threads: int = 64
    """Threads for blocking work per process."""
    limits: dict[str, float] = Field(default_factory=dict)
    """Overrides of :class:`Limits` fields."""
    allowed_hosts: list[str] = Field(default_factory=list)
    """Host names requests may be addressed to (empty: any); see ``WebSettings``."""
    fingerprint_salt: str | None = None
    """Salt of the repeat-respondent device hash (``$INTERVIEWER_FINGERPRINT_SALT``)."""

    def web_settings(self, studies: tuple[Study, ...]) -> WebSettings:
        defaults = asdict(Limits())
        limits = Limits(**{k: type(defaults[k])(v) for k, v in self.limits.items()})
        return WebSettings(
            studies=studies,
            researcher_keys=tuple(self.researcher_keys),
            allowed_origins={k: tuple(v) for k, v in self.allowed_origins.items()},
            invite_only=self.invite_only,
            limits=limits,
            worker_threads=self.worker_threads,
            public_url=self.public_url,
            allowed_hosts=tuple(self.allowed_hosts),
            fingerprint_salt=self.fingerprint_salt,
            stale_after_seconds=max(180.0, self.timeout * 4),
        )


def build_app(config: ServerConfig) -> FastAPI:
    """Load the studies, open the store and build the app (what each worker does)."""
    studies = tuple(load_study(Path(path)) for path in config.study_paths)
    store = Store(config.db_url)
    model = _model(config)
    return create_app(store, lambda _study: model, config.web_settings(studies))


def app_from_environment() -> FastAPI:
    """uvicorn's app factory in worker processes: the config comes from ``$INTERVIEWER_WEB_CONFIG``."""
    raw = os.environ.get(CONFIG_ENV)
    if not raw:
        raise RuntimeError(
            f"${CONFIG_ENV} is not set; start the server with `interviewer serve STUDY.yaml`"
        )
    return build_app(ServerConfig.model_validate(json.loads(raw)))


def _model(config: ServerConfig) -> ChatModel | None:
    if not config.model:
        return None
    from interviewer.llm import load_model  # LangChain loads only when a model is configured

    return load_model(
        config.model, base_url=config.base_url, api_key=config.api_key, timeout=config.timeout
    )


def run(
    config: ServerConfig,
    *,
    host: str,
    port: int,
    workers: int = 1,
    forwarded_allow_ips: str | None = None,
) -> None:
    """Serve until interrupted; with ``workers > 1`` uvicorn supervises that many processes."""
    import uvicorn

    os.environ[CONFIG_ENV] = config.model_dump_json()
    uvicorn.run(
        "interviewer.web.server:app_from_environment",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        proxy_headers=forwarded_allow_ips is not None,
        forwarded_allow_ips=forwarded_allow_ips,
        log_level="info",
    )
