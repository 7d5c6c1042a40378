"""Helpers for the console tests: a headless Chromium driven by Selenium, a console user,
an httpx client signed in, and returns sent through the member API."""

from __future__ import annotations

import datetime
import re
import shutil
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from collector_support import make_return

from microbiz.collector import accounts

USER = "alex"
PASSWORD = "a long console password"
CHROMIUM = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
CHROMEDRIVER = ("/usr/bin/chromedriver",)
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
)
WAIT_SECONDS = 20


def first_existing(paths: tuple[str, ...], name: str) -> str | None:
    found = next((p for p in paths if Path(p).exists()), None)
    return found or shutil.which(name)


def chromium_or_skip() -> tuple[str, str]:
    """(chromium, chromedriver), or skip the test saying what is missing."""
    pytest.importorskip("selenium", reason="the console's browser tests need selenium")
    chromium = first_existing(CHROMIUM, "chromium")
    driver = first_existing(CHROMEDRIVER, "chromedriver")
    if chromium is None or driver is None:
        pytest.skip("no chromium and chromium-driver here: apt-get install chromium-driver")
    return chromium, driver


def open_browser(profile: Path, downloads: Path, width: int = 1100, height: int = 900):
    """A headless Chromium with a fresh profile, saving downloads in `downloads`."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    chromium, driver = chromium_or_skip()
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in (*CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--window-size={width},{height}"):
        options.add_argument(flag)
    options.add_experimental_option(
        "prefs",
        {"download.default_directory": str(downloads), "download.prompt_for_download": False},
    )
    browser = webdriver.Chrome(service=Service(driver), options=options)
    browser.implicitly_wait(0)
    return browser


def add_user(name: str = USER, password: str = PASSWORD) -> None:
    accounts.add_user(name, password, datetime.date(2026, 7, 1))


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


@contextmanager
def signed_in_client(url: str, name: str = USER, password: str = PASSWORD):
    """An httpx client signed in to the console at `url` (its cookie jar holds the session)."""
    with httpx.Client(base_url=url, timeout=30) as client:
        form = client.get("/console/sign-in")
        answer = client.post(
            "/console/sign-in",
            data={"name": name, "password": password, "csrf_token": csrf_of(form.text)},
        )
        assert answer.status_code == 303, answer.text
        yield client


def send_returns(url: str, code: str, count: int, period: str = "2026-Q2") -> list[dict]:
    """`count` returns from as many members through the member API; the returns sent."""
    sent = []
    with httpx.Client(base_url=url, timeout=30) as client:
        for number in range(count):
            answers = make_return(period=period)
            secret = f"member-{number:03d}-secret-".ljust(40, "x")
            answer = client.post(
                "/v1/returns",
                json=answers,
                headers={"X-Enrolment-Code": code, "X-Return-Secret": secret},
            )
            assert answer.status_code == 201, answer.text
            sent.append(answers)
    return sent
