"""Pytest fixtures for talking to a real HTTP server that speaks the OpenAI chat API.

One stub server runs for the whole session (starting uvicorn costs ~0.1 s); ``openai_stub``
resets its script and request log before every test, so tests stay independent.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from interviewer.llm import load_model
from interviewer.llm.langchain import LangChainModel
from tests.support.openai_stub import OpenAIStub

__all__ = ["openai_stub", "openai_stub_server", "stub_model"]

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
    )
