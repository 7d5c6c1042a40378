"""The in-memory rate limit: per client, per window, keyed by salted hashes only."""

from __future__ import annotations

import pytest

from microbiz.collector.ratelimit import RateLimiter


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_limit_per_client_and_window():
    clock = Clock()
    limiter = RateLimiter(2, 60, clock=clock)
    assert [limiter.allow("10.1.1.1") for _ in range(3)] == [True, True, False]
    assert limiter.allow("10.1.1.2")  # another client has its own count
    clock.now += 59.9
    assert not limiter.allow("10.1.1.1")
    clock.now += 0.2  # a new window
    assert limiter.allow("10.1.1.1")


def test_how_long_to_wait_is_what_is_left_of_the_window():
    clock = Clock()
    limiter = RateLimiter(1, 60, clock=clock)
    limiter.allow("10.1.1.1")
    clock.now += 20.5
    assert limiter.seconds_to_wait("10.1.1.1") == 40
    assert limiter.seconds_to_wait("10.9.9.9") == 60  # not seen: a whole window


def test_keys_are_salted_hashes_not_addresses():
    first, second = RateLimiter(5, 60), RateLimiter(5, 60)
    first.allow("192.0.2.7")
    second.allow("192.0.2.7")
    [key] = first._windows
    assert b"192.0.2.7" not in key and "192.0.2.7" not in key.hex()
    assert key not in second._windows  # each service start has its own salt


def test_stale_clients_are_forgotten():
    clock = Clock()
    limiter = RateLimiter(5, 60, clock=clock)
    for n in range(1023):
        limiter.allow(f"client-{n}")
    clock.now += 61
    limiter.allow("one more")  # the 1024th call prunes the old windows
    assert limiter.clients() == 1


def test_nonsense_limits_are_refused():
    with pytest.raises(ValueError):
        RateLimiter(0, 60)
