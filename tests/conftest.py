"""Shared fixtures. The autouse tripwire makes sure no test can reach a real LLM or network."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterator
from typing import Any

import pytest

from tests.support.llm_fixtures import *  # noqa: F403
from tests.support.store_fixtures import *  # noqa: F403

# Variables that would point the package at a real model or a user's database.
_ENV_TO_CLEAR = (
    "OPENAI_API_KEY",
    "OPENAI_BASE_URL",
    "OPENAI_API_BASE",
    "INTERVIEWER_MODEL",
    "INTERVIEWER_BASE_URL",
    "INTERVIEWER_API_KEY",
    "INTERVIEWER_DB",
)


def _is_local(host: Any) -> bool:
    if not isinstance(host, str):
        return True  # AF_UNIX paths and the like
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


@pytest.fixture(autouse=True)
def _network_tripwire(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[None]:
    """Fail loudly if a test tries to open a connection beyond loopback (e.g. a real LLM API)."""
    for name in _ENV_TO_CLEAR:
        monkeypatch.delenv(name, raising=False)
    # Never touch the user's real database from a test.
    monkeypatch.setenv("INTERVIEWER_HOME", str(tmp_path_factory.mktemp("home")))

    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex
    real_getaddrinfo = socket.getaddrinfo

    def _check(address: Any) -> None:
        host = address[0] if isinstance(address, tuple) else address
        if not _is_local(host):
            raise RuntimeError(
                f"network tripwire: a test tried to connect to {host!r}. Tests must only talk to "
                "servers they start on 127.0.0.1 (see tests/support/openai_stub.py)."
            )

    def connect(self: socket.socket, address: Any) -> None:
        _check(address)
        real_connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> int:
        _check(address)
        return real_connect_ex(self, address)

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(host, bytes):
            host = host.decode()
        if host is not None:
            _check((host, 0))
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    yield
