"""What `microbiz` does when something goes wrong that is nobody's typing: real processes.

An error it did not expect is one line and exit code 2, with the traceback in the log;
a reader that stops early (`| head -1`) ends it quietly; Ctrl+C is one line and 130.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from platformdirs import user_log_dir

from microbiz.cli import main
from microbiz.foundations import clock
from microbiz.foundations.crash_log import KEEP
from microbiz.foundations.crash_log import LOG_NAME
from microbiz.foundations.crash_log import log_crash
from microbiz.foundations.crash_log import logs_dir

try:
    from fcntl import F_SETPIPE_SZ
    from fcntl import fcntl
except ImportError:  # not Linux
    F_SETPIPE_SZ = None

NOW = datetime(2026, 11, 25, 12, 0)  # as tests/conftest.py fixes it for each test

# The database layer fails in a way nobody planned for; every command opens it first.
FAILING = (
    "import sys, microbiz.cli, microbiz.commands.common as common\n"
    "def fail(path): raise RuntimeError('the disk said no')\n"
    "common.open_database = fail\n"
    "sys.exit(microbiz.cli.main(sys.argv[1:]))\n"
)
# The database takes its time, long enough for the user to press Ctrl+C.
SLOW = (
    "import sys, time, microbiz.cli, microbiz.commands.common as common\n"
    "def wait(path): print('waiting', flush=True); time.sleep(60)\n"
    "common.open_database = wait\n"
    "sys.exit(microbiz.cli.main(sys.argv[1:]))\n"
)


def run_python(code, *args, **options):
    return subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=60, **options
    )


@pytest.fixture(autouse=True)
def user_logs(tmp_path, monkeypatch):
    """The platform's user log folder, kept inside the test's temporary folder."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    return Path(user_log_dir("Microbiz", appauthor=False))


def test_an_unexpected_error_is_one_line_and_the_traceback_goes_to_the_log(data_dir):
    done = run_python(FAILING, "--data-dir", str(data_dir), "backup")
    log = logs_dir(data_dir) / LOG_NAME
    assert done.returncode == 2
    assert done.stderr.splitlines() == [f"microbiz: unexpected error (details written to {log})"]
    assert done.stdout == ""
    written = log.read_text(encoding="utf-8")
    assert "ERROR Unexpected error" in written
    assert "Traceback (most recent call last)" in written
    assert "RuntimeError: the disk said no" in written


def test_the_log_goes_to_the_user_log_folder_when_the_data_folder_cannot_take_it(
    data_dir, user_logs
):
    logs_dir(data_dir).write_text("a file where the logs folder should be")
    done = run_python(FAILING, "--data-dir", str(data_dir), "visits", "list")
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        f"microbiz: unexpected error (details written to {user_logs / LOG_NAME})"
    ]
    assert "RuntimeError: the disk said no" in (user_logs / LOG_NAME).read_text(encoding="utf-8")


def test_user_errors_stay_one_line_with_exit_code_1(data_dir):
    done = run_python(FAILING, "--data-dir", str(data_dir), "restore", "nowhere.sqlite")
    assert done.returncode == 1
    assert len(done.stderr.splitlines()) == 1
    assert done.stderr.startswith("microbiz: There is no file at ")
    assert not logs_dir(data_dir).exists()


def test_ctrl_c_is_one_line_and_exit_code_130(data_dir):
    waiting = subprocess.Popen(
        [sys.executable, "-c", SLOW, "--data-dir", str(data_dir), "visits", "list"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert waiting.stdout.readline() == "waiting\n"
        waiting.send_signal(signal.SIGINT)
        out, err = waiting.communicate(timeout=30)
    finally:
        waiting.kill()
    assert waiting.returncode == 130
    assert err == "microbiz: stopped\n"
    assert not logs_dir(data_dir).exists()


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory):
    """A sample business with a year of visits and invoices, made once for this module."""
    folder = tmp_path_factory.mktemp("demo")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(clock.VARIABLE, NOW.isoformat())
        assert main(["--data-dir", str(folder), "demo", "--clients", "4", "--seed", "3"]) == 0
    return folder


@pytest.mark.skipif(F_SETPIPE_SZ is None, reason="needs a pipe that can be made small (Linux)")
@pytest.mark.parametrize(
    "command",
    [["invoice", "list", "--json"], ["visits", "list"], ["visits", "list", "--json"]],
)
def test_a_reader_that_stops_early_ends_it_quietly(demo_folder, command):
    reading, writing = os.pipe()
    fcntl(writing, F_SETPIPE_SZ, 4096)  # smaller than the output, so the writer must wait
    listing = subprocess.Popen(
        [sys.executable, "-m", "microbiz", "--data-dir", str(demo_folder), *command],
        stdout=writing,
        stderr=subprocess.PIPE,
        text=True,
    )
    os.close(writing)
    with open(reading, "rb") as output:
        first = output.readline()  # like `| head -1`, then the pipe is closed
    err = listing.communicate(timeout=60)[1]
    assert first.strip()
    assert listing.returncode == 141
    assert "Traceback" not in err
    assert "Exception ignored" not in err
    assert err == ""


def test_the_log_is_kept_small_by_rotation(tmp_path):
    try:
        raise RuntimeError("x" * 200_000)
    except RuntimeError as error:
        for _ in range(30):
            log = log_crash(tmp_path, (RuntimeError, error, error.__traceback__))
    kept = sorted(path.name for path in logs_dir(tmp_path).iterdir())
    assert log == logs_dir(tmp_path) / LOG_NAME
    assert kept == [LOG_NAME] + [f"{LOG_NAME}.{n}" for n in range(1, KEEP + 1)]
    assert all(path.stat().st_size < 1_500_000 for path in logs_dir(tmp_path).iterdir())
