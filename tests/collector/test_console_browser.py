"""The console end to end in a real headless Chromium (Selenium): sign in with the keyboard,
make a code, returns through the member API, the count, a release and its XLSX; a wrong
password, an expired session, a form without its CSRF token; every page at 200% zoom, and
screenshots of every page (kept in $MICROBIZ_CONSOLE_SCREENSHOTS when set)."""

from __future__ import annotations

import os
from pathlib import Path

import openpyxl
import pytest
from console_support import PASSWORD
from console_support import USER
from console_support import add_user
from console_support import chromium_or_skip
from console_support import open_browser
from console_support import send_returns

from microbiz.collector.console import ConsoleSettings

IDLE_MINUTES = 30
PAGES = ("quarters", "codes", "releases", "activity", "privacy")


class Clock:
    """The console's clock, moved on by the test."""

    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def console(start_service, clock):
    chromium_or_skip()
    running = start_service(console=ConsoleSettings(idle_minutes=IDLE_MINUTES, clock=clock))
    add_user()
    return running


@pytest.fixture
def browser(tmp_path):
    chromium_or_skip()
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    opened = open_browser(tmp_path / "profile", downloads)
    opened.downloads = downloads
    yield opened
    opened.quit()


def wait_for(browser, check, what: str):
    from selenium.common.exceptions import NoSuchElementException
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait

    ignored = (NoSuchElementException, StaleElementReferenceException)
    waiting = WebDriverWait(browser, 20, ignored_exceptions=ignored)
    return waiting.until(lambda _: check(), message=what)


def heading(browser) -> str:
    from selenium.webdriver.common.by import By

    return browser.find_element(By.TAG_NAME, "h1").text


def wait_for_page(browser, title: str) -> None:
    wait_for(browser, lambda: heading(browser) == title, f"the page {title!r}")


def by_id(browser, element_id: str):
    from selenium.webdriver.common.by import By

    return browser.find_element(By.ID, element_id)


def button(browser, text: str):
    from selenium.webdriver.common.by import By

    return browser.find_element(By.XPATH, f"//button[normalize-space()='{text}']")


def sign_in(browser, url: str, password: str = PASSWORD) -> None:
    """Sign in with the keyboard only: tab from the name to the password, Enter to send."""
    from selenium.webdriver.common.keys import Keys

    browser.get(f"{url}/console")
    wait_for_page(browser, "Sign in")
    by_id(browser, "name").send_keys(USER, Keys.TAB)
    assert browser.switch_to.active_element == by_id(browser, "password")
    browser.switch_to.active_element.send_keys(password, Keys.ENTER)


def make_code(browser, url: str, label: str, members: int) -> str:
    browser.get(f"{url}/console/codes")
    by_id(browser, "label").send_keys(label)
    by_id(browser, "members").send_keys(str(members))
    button(browser, "Make code").click()
    wait_for(browser, lambda: "Your new code" in browser.page_source, "the new code")
    return by_id(browser, "new-code").get_attribute("value")


def text_of(browser) -> str:
    from selenium.webdriver.common.by import By

    return browser.find_element(By.TAG_NAME, "main").text


def test_sign_in_make_a_code_count_returns_release_and_download(console, browser):
    sign_in(browser, console.url)
    wait_for_page(browser, "Returns received")
    code = make_code(browser, console.url, "Leeds members", 40)
    browser.refresh()
    assert code not in browser.page_source  # shown once only
    assert code.split("-")[0] + "-····-····" in text_of(browser)

    send_returns(console.url, code, 7, "2026-Q2")
    send_returns(console.url, code, 2, "2026-Q3")
    browser.get(f"{console.url}/console/quarters")
    q2 = by_id(browser, "q-2026-Q2").find_element("xpath", "..").text
    q3 = by_id(browser, "q-2026-Q3").find_element("xpath", "..").text
    assert "Returns received: 7." in q2 and "Leeds members in use 7 40" in q2
    assert "Returns received: fewer than 5." in q3 and "fewer than 5 40" in q3

    browser.get(f"{console.url}/console/releases")
    button(browser, "Release quarter").click()
    wait_for(browser, lambda: "Released 2026-Q2" in text_of(browser), "the release")
    browser.find_element("css selector", "a[href$='2026-Q2.xlsx']").click()
    xlsx = browser.downloads / "microbiz-returns-2026-Q2.xlsx"
    wait_for(browser, xlsx.exists, "the downloaded XLSX")
    book = openpyxl.load_workbook(xlsx, read_only=True)
    values = [
        v for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for v in row
    ]
    assert 7 in values

    browser.get(f"{console.url}/console/activity")
    log = text_of(browser)
    for action in ("signed in", "made enrolment code", "asked to release 2026-Q2", "downloaded"):
        assert action in log
    assert "127.0.0.1" not in log


def test_a_wrong_password_is_refused(console, browser):
    sign_in(browser, console.url, password="not the password at all")
    wait_for(browser, lambda: "not right" in text_of(browser), "the refusal")
    assert heading(browser) == "Sign in"
    assert by_id(browser, "name").get_attribute("value") == USER
    browser.get(f"{console.url}/console/quarters")
    wait_for_page(browser, "Sign in")


def test_an_idle_session_expires(console, browser, clock):
    sign_in(browser, console.url)
    wait_for_page(browser, "Returns received")
    clock.now += (IDLE_MINUTES - 1) * 60
    browser.get(f"{console.url}/console/codes")
    wait_for_page(browser, "Enrolment codes")
    clock.now += (IDLE_MINUTES + 1) * 60
    browser.get(f"{console.url}/console/codes")
    wait_for_page(browser, "Sign in")
    assert "Your session has ended" in text_of(browser)


def test_a_form_without_its_csrf_token_is_refused(console, browser):
    sign_in(browser, console.url)
    wait_for_page(browser, "Returns received")
    browser.get(f"{console.url}/console/codes")
    browser.execute_script(
        "document.querySelector('form[action=\"/console/codes\"] [name=csrf_token]').remove()"
    )
    by_id(browser, "label").send_keys("Sneaky")
    by_id(browser, "members").send_keys("9")
    button(browser, "Make code").click()
    wait_for_page(browser, "This form was not accepted")
    browser.get(f"{console.url}/console/codes")
    assert "Sneaky" not in text_of(browser)


def test_every_page_at_200_percent_zoom_and_its_screenshot(console, browser, tmp_path):
    folder = Path(os.environ.get("MICROBIZ_CONSOLE_SCREENSHOTS") or tmp_path / "shots")
    folder.mkdir(parents=True, exist_ok=True)
    browser.get(f"{console.url}/console")
    shoot(browser, folder / "console-sign-in.png")
    sign_in(browser, console.url)
    wait_for_page(browser, "Returns received")
    code = make_code(browser, console.url, "Leeds members", 40)
    shoot(browser, folder / "console-new-code.png")
    send_returns(console.url, code, 8, "2026-Q2")
    send_returns(console.url, code, 3, "2026-Q3")
    browser.get(f"{console.url}/console/releases")
    button(browser, "Release quarter").click()
    wait_for(browser, lambda: "Released" in text_of(browser), "the release")
    for page in PAGES:
        browser.get(f"{console.url}/console/{page}")
        shoot(browser, folder / f"console-{page}.png")
    browser.set_window_size(640, 900)  # a 1280-pixel window at 200% zoom
    for page in PAGES:
        browser.get(f"{console.url}/console/{page}")
        width = browser.execute_script("return document.documentElement.scrollWidth")
        assert width <= browser.execute_script("return window.innerWidth"), page
    browser.get(f"{console.url}/console/quarters")
    shoot(browser, folder / "console-quarters-200.png")
    for picture in folder.glob("console-*.png"):
        assert picture.read_bytes().startswith(b"\x89PNG")


def shoot(browser, path: Path) -> None:
    """A screenshot of the whole page: the window made as tall as the page first."""
    width = browser.get_window_size()["width"]
    height = browser.execute_script("return document.documentElement.scrollHeight")
    browser.set_window_size(width, max(600, height + 140))
    browser.save_screenshot(str(path))
