"""An ASGI app served by uvicorn in a daemon thread on a free loopback port.

Shared by the OpenAI-compatible stub and the web tests; must not import pytest (benchmarks use
it too).
"""

from __future__ import annotations

import socket
import threading
import time
from types import TracebackType
from typing import Any

import uvicorn


class LiveServer:
    """Serves an ASGI app with uvicorn in a daemon thread on a free loopback port.

    :meth:`bind` reserves the port first, so two servers can know each other's URL (a host
    page's origin goes into the interview server's allow-list) before either starts.
    """

    def __init__(self, app: Any = None, *, name: str = "live-server", quiet: bool = False) -> None:
        self.app = app
        self.name = name
        self.quiet = quiet
        """Log only critical errors (a fault-injecting server drops connections on purpose)."""
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._socket: socket.socket | None = None

    @property
    def url(self) -> str:
        assert self._socket is not None, "the server is not running"
        return f"http://127.0.0.1:{self._socket.getsockname()[1]}"

    def bind(self) -> str:
        """Reserve a free port; return the server's URL."""
        if self._socket is None:
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind(("127.0.0.1", 0))
            self._socket = sock
        return self.url

    def start(self, ready_timeout: float = 10.0) -> LiveServer:
        if self.app is None:
            raise RuntimeError("set LiveServer.app before starting it")
        self.bind()
        sock = self._socket
        config = uvicorn.Config(
            self.app,
            log_config=None,  # leave the host process's logging alone
            log_level="critical" if self.quiet else "warning",
            lifespan="off",
            timeout_keep_alive=5,
            timeout_graceful_shutdown=1,
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [sock]}, name=self.name, daemon=True
        )
        self._thread.start()
        deadline = time.monotonic() + ready_timeout
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"{self.name} did not start within {ready_timeout}s")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=5)
        if self._socket is not None:
            self._socket.close()
        self._server = self._thread = self._socket = None

    def __enter__(self) -> LiveServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
