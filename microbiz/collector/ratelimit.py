"""An in-memory rate limit per client, keyed by a salted hash of the client's address.

The salt is made afresh when the service starts and never leaves memory, so the keys
cannot be turned back into addresses; nothing here is stored or logged.
"""

from __future__ import annotations

import hashlib
import math
import secrets
import threading
import time
from collections.abc import Callable

_PRUNE_EVERY = 1024


class RateLimiter:
    """At most `limit` requests per `window_seconds` from one client (fixed windows)."""

    def __init__(
        self, limit: int, window_seconds: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        if limit < 1 or window_seconds <= 0:
            raise ValueError("the rate limit and its window must be positive")
        self.limit = limit
        self.window_seconds = window_seconds
        self._clock = clock
        self._salt = secrets.token_bytes(32)
        self._windows: dict[bytes, tuple[float, int]] = {}
        self._lock = threading.Lock()
        self._calls = 0

    def allow(self, client_address: str) -> bool:
        """Count one request from `client_address`; False when it is over the limit."""
        key = self._key(client_address)
        now = self._clock()
        with self._lock:
            self._calls += 1
            if self._calls % _PRUNE_EVERY == 0:
                self._prune(now)
            started, count = self._windows.get(key, (now, 0))
            if now - started >= self.window_seconds:
                started, count = now, 0
            count += 1
            self._windows[key] = (started, count)
            return count <= self.limit

    def seconds_to_wait(self, client_address: str) -> int:
        """Whole seconds until `client_address`'s window ends (at least 1)."""
        with self._lock:
            started, _ = self._windows.get(self._key(client_address), (self._clock(), 0))
        return max(1, math.ceil(started + self.window_seconds - self._clock()))

    def clients(self) -> int:
        """How many clients are being counted now (for tests)."""
        return len(self._windows)

    def _key(self, client_address: str) -> bytes:
        return hashlib.blake2b(client_address.encode(), key=self._salt, digest_size=16).digest()

    def _prune(self, now: float) -> None:
        stale = [
            k for k, (started, _) in self._windows.items() if now - started >= self.window_seconds
        ]
        for key in stale:
            del self._windows[key]
