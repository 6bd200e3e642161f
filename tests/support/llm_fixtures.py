"""Pytest fixtures for talking to a real HTTP server that speaks the OpenAI chat API.

One stub server runs for the whole session (starting uvicorn costs ~0.1 s); ``openai_stub``
resets its script and request log before every test, so tests stay independent.
"""

from __future__ import annotations

import os
import urllib.request
from collections.abc import Iterator

import pytest

from interviewer.llm import load_model
from interviewer.llm.langchain import LangChainModel
from tests.support.openai_stub import OpenAIStub

__all__ = ["llama_url", "openai_stub", "openai_stub_server", "stub_model"]

LLAMA_URL_ENV = "INTERVIEWER_TEST_LLAMA_URL"
"""Base URL of a real llama.cpp server (``scripts/start_llama.sh`` prints one) for the
``realmodel`` tests. ``deferred`` skips them: .ci/run runs them after the main suite."""

STUB_TIMEOUT = 2.0
"""Per-request timeout of ``stub_model``: generous for a loaded CI machine, short for a hang."""
STUB_RETRIES = 2
"""Retries of ``stub_model``, so a test scripting N faults knows N+1 requests are made."""


@pytest.fixture(scope="session")
def openai_stub_server() -> Iterator[OpenAIStub]:
    with OpenAIStub() as stub:
        yield stub


@pytest.fixture
def openai_stub(openai_stub_server: OpenAIStub) -> Iterator[OpenAIStub]:
    """The session's stub server with an empty script and request log."""
    openai_stub_server.reset()
    yield openai_stub_server
    openai_stub_server.reset()


@pytest.fixture
def stub_model(openai_stub: OpenAIStub) -> LangChainModel:
    """A real LangChain/openai client pointed at ``openai_stub``, with near-instant backoff."""
    return load_model(
        "openai:stub-model",
        base_url=openai_stub.url,
        api_key="x",
        timeout=STUB_TIMEOUT,
        max_retries=STUB_RETRIES,
        backoff=0.01,
        context_window=128_000,  # the stub does not publish one; tests that need it set it
    )


@pytest.fixture(scope="session")
def llama_url() -> str:
    """The real model server's base URL; without one the test skips locally and fails in CI."""
    url = os.environ.get(LLAMA_URL_ENV, "").strip()
    if url == "deferred":
        pytest.skip(f"real-model tests run in their own step of .ci/run ({LLAMA_URL_ENV}=deferred)")
    if not url:
        message = (
            f"real model: set {LLAMA_URL_ENV} to a llama.cpp server's /v1 URL "
            "(scripts/start_llama.sh start DIR prints one)"
        )
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"CI must run the real-model tests: {message}")
        pytest.skip(message)
    try:
        urllib.request.urlopen(f"{url.rstrip('/')}/models", timeout=10).close()
    except OSError as exc:
        pytest.fail(f"{LLAMA_URL_ENV}={url} does not answer: {exc}")
    return url.rstrip("/")
