"""Collector fixtures: valid returns, a real store (SQLite file, or PostgreSQL when
MICROBIZ_TEST_POSTGRES_URL is set), and a real uvicorn server on a free loopback port."""

from __future__ import annotations

import datetime
import os
import socket
import threading
import time
from collections.abc import Callable
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest
import uvicorn
from collector_support import make_return
from playhouse.db_url import connect

from microbiz.collector import store
from microbiz.collector.app import create_app
from microbiz.collector.server import server_config

POSTGRES_ENV = "MICROBIZ_TEST_POSTGRES_URL"
POSTGRES_SKIP = (
    f"PostgreSQL store tests need {POSTGRES_ENV} (a throw-away database URL); "
    ".ci/run starts a server and sets it"
)
SERVER_START_SECONDS = 15
TODAY = datetime.date(2026, 7, 10)  # the service's date: it takes periods up to 2026-Q4


@pytest.fixture
def valid_return() -> dict:
    return make_return()


@pytest.fixture
def sqlite_url(tmp_path) -> Iterator[str]:
    yield str(tmp_path / "collector.sqlite")
    store.close_store()


def _clean_postgres(url: str) -> None:
    database = connect(url)
    with database.connection_context():
        database.execute_sql(
            "DROP TABLE IF EXISTS storedreturn, enrolmentcode, release, consoleuser, "
            "consoleaction CASCADE"
        )


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path) -> Iterator[str]:
    """A fresh, empty store: a SQLite file, then (when configured) a PostgreSQL database."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'collector.sqlite'}"
    else:
        url = os.environ.get(POSTGRES_ENV, "")
        if not url:
            pytest.skip(POSTGRES_SKIP)
        _clean_postgres(url)
    yield url
    store.close_store()


@pytest.fixture
def opened_store(store_url) -> str:
    store.open_store(store_url)
    return store_url


@dataclass
class RunningService:
    url: str
    store_url: str
    code: str

    def client(self, **kwargs) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=10, **kwargs)


def _listening_socket() -> socket.socket:
    """A socket already listening on a free loopback port, handed to uvicorn: no port race,
    and early requests wait in its backlog until the server takes them."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # accepted connections inherit this; without it each small response waits ~40 ms for
    # a delayed ACK (uvicorn sets it itself only on sockets it binds)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    return sock


@pytest.fixture
def start_service(tmp_path) -> Iterator[Callable[..., RunningService]]:
    """Start the real service in a thread: start_service(rate_limit=..., store_url=...,
    members=..., **create_app's other options)."""
    running: list[tuple[uvicorn.Server, threading.Thread, socket.socket]] = []

    def start(
        rate_limit: int = 10_000,
        window_seconds: int = 60,
        store_url: str | None = None,
        members: int = 10_000,
        **options,
    ) -> RunningService:
        url_of_store = store_url or str(tmp_path / "service.sqlite")
        options.setdefault("today", lambda: TODAY)
        app = create_app(
            url_of_store, rate_limit=rate_limit, window_seconds=window_seconds, **options
        )
        code = store.add_code("Test group", members).code
        sock = _listening_socket()
        config = server_config(app, log_level="warning", lifespan="off")
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
        thread.start()
        running.append((server, thread, sock))
        host, port = sock.getsockname()
        base = f"http://{host}:{port}"
        _wait_until_healthy(base)
        return RunningService(base, url_of_store, code)

    yield start
    for server, thread, sock in running:
        server.should_exit = True
        thread.join(timeout=SERVER_START_SECONDS)
        sock.close()
        assert not thread.is_alive(), "the test server did not stop"
    store.close_store()


@pytest.fixture
def service(start_service) -> RunningService:
    return start_service()


def _wait_until_healthy(base: str) -> None:
    deadline = time.monotonic() + SERVER_START_SECONDS
    last: Exception | None = None
    for _ in range(1000):
        if time.monotonic() > deadline:
            break
        try:
            if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError as problem:
            last = problem
    raise AssertionError(f"the collector did not answer /health: {last}")
