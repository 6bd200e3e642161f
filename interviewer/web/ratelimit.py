"""Per-client-IP request limits, kept in the worker's memory.

Per-session limits are counted in the store (see ``WebStore.claim_turn``) and therefore hold
across workers; these per-IP counters are a first line against floods and are per process, so
with ``--workers N`` a client gets up to N times the limit. Put a proxy's rate limit in front
for a hard per-IP cap across hosts.
"""

from __future__ import annotations

import time
from collections import deque

MAX_TRACKED_CLIENTS = 100_000
"""Above this many IPs, idle ones are forgotten first (bounds memory under a spoofed flood)."""


class SlidingWindow:
    """At most ``limit`` hits per ``window`` seconds per key. Not thread-safe: call it from the
    event loop only (all route handlers do)."""

    def __init__(self, limit: int, window: float) -> None:
        self.limit = limit
        self.window = window
        self._hits: dict[str, deque[float]] = {}

    def hit(self, key: str, now: float | None = None) -> float | None:
        """Count one hit; return ``None`` if allowed, else seconds until one would be."""
        now = time.monotonic() if now is None else now
        hits = self._hits.get(key)
        if hits is None:
            if len(self._hits) >= MAX_TRACKED_CLIENTS:
                self._forget_idle(now)
            hits = self._hits[key] = deque()
        while hits and hits[0] <= now - self.window:
            hits.popleft()
        if len(hits) >= self.limit:
            return hits[0] + self.window - now
        hits.append(now)
        return None

    def _forget_idle(self, now: float) -> None:
        idle = [k for k, hits in self._hits.items() if not hits or hits[-1] <= now - self.window]
        for key in idle:
            del self._hits[key]
        if len(self._hits) >= MAX_TRACKED_CLIENTS:  # all busy: drop the oldest half
            for key in list(self._hits)[: MAX_TRACKED_CLIENTS // 2]:
                del self._hits[key]
