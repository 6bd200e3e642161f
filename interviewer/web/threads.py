"""Running blocking work (database, moderator, model calls) off the event loop, bounded."""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import Callable
from functools import partial
from typing import Any, TypeVar

import anyio
import anyio.to_thread

T = TypeVar("T")


class WorkerThreads:
    """At most ``size`` blocking calls at once per event loop; the rest wait their turn.

    The default pool of 40 threads would cap concurrent interviews while a model streams; this
    one is sized by ``WebSettings.worker_threads``.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        # One limiter per event loop: test clients start a loop per client.
        self._limiters: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, anyio.CapacityLimiter]
        self._limiters = weakref.WeakKeyDictionary()

    def limiter(self) -> anyio.CapacityLimiter:
        loop = asyncio.get_running_loop()
        limiter = self._limiters.get(loop)
        if limiter is None:
            limiter = self._limiters[loop] = anyio.CapacityLimiter(self.size)
        return limiter

    async def run(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        return await anyio.to_thread.run_sync(partial(fn, *args, **kwargs), limiter=self.limiter())
