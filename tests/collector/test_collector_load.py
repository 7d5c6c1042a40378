"""500 returns at once over loopback: each stored exactly once, and again still once.

Bounded: at most 50 requests in flight, 60 s overall, 127.0.0.1 only, rate limit raised.
Runs on SQLite, and on PostgreSQL when MICROBIZ_TEST_POSTGRES_URL is set.
"""

from __future__ import annotations

import asyncio
from collections import Counter

import httpx
from collector_support import make_return

from microbiz.collector import store

RETURNS = 500
IN_FLIGHT = 50
OVERALL_SECONDS = 60


def secret_of(answers: dict) -> str:
    """Each return from its own member: one secret per return."""
    return "member-" + answers["submission_id"]


async def _send_all(base: str, code: str, returns: list[dict]) -> list[int]:
    gate = asyncio.Semaphore(IN_FLIGHT)
    limits = httpx.Limits(max_connections=IN_FLIGHT, max_keepalive_connections=IN_FLIGHT)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:

        async def send(answers: dict) -> int:
            async with gate:
                headers = {"X-Enrolment-Code": code, "X-Return-Secret": secret_of(answers)}
                answer = await client.post("/v1/returns", json=answers, headers=headers)
                return answer.status_code

        return await asyncio.wait_for(
            asyncio.gather(*(send(a) for a in returns)), timeout=OVERALL_SECONDS
        )


def test_500_returns_at_once_are_stored_exactly_once(start_service, store_url):
    assert store_url.startswith(("sqlite:///", "postgresql://"))
    service = start_service(rate_limit=10 * RETURNS, store_url=store_url)
    assert service.url.startswith("http://127.0.0.1:")
    returns = [make_return() for _ in range(RETURNS)]

    first = asyncio.run(_send_all(service.url, service.code, returns))
    assert Counter(first) == {201: RETURNS}
    assert store.count_returns() == RETURNS
    ids = [a["submission_id"] for a in store.stored_answers()]
    assert len(set(ids)) == RETURNS
    assert set(ids) == {a["submission_id"] for a in returns}

    again = asyncio.run(_send_all(service.url, service.code, returns))
    assert Counter(again) == {200: RETURNS}
    assert store.count_returns() == RETURNS
