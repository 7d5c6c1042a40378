"""Started by bench.py in a fresh process: show a window, print the seconds since the process
began (interpreter start-up included) and its peak memory in kB (VmHWM: ru_maxrss would
count bench.py's own, from the fork), and exit.

`--bare` shows an empty QMainWindow; `--app DIR` does what Microbiz does at start on DIR:
imports the app, opens the data, plans the schedules, shows the main window and reminders.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path


def seconds_since_start() -> float:
    """Seconds since this process began, from /proc (to 1/100 s)."""
    after_name = Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()
    began = int(after_name[19]) / os.sysconf("SC_CLK_TCK")
    return float(Path("/proc/uptime").read_text().split()[0]) - began


def main() -> None:
    from PySide6.QtWidgets import QApplication
    from PySide6.QtWidgets import QMainWindow

    app = QApplication(sys.argv[:1])
    if sys.argv[1] == "--bare":
        window = QMainWindow()
        window.resize(1100, 720)
        window.show()
    else:
        import ui.app  # noqa: F401  (the app's own imports, in its order)
        from microbiz.compliance.policies import reminders
        from microbiz.foundations.db import open_database
        from microbiz.foundations.paths import database_path
        from microbiz.hours.schedules import plan_all
        from ui.main_window import MainWindow

        folder = Path(sys.argv[2])
        open_database(database_path(folder))
        plan_all()
        window = MainWindow(folder)
        window.resize(1100, 720)
        window.show()
        window.show_reminders(reminders())
    app.processEvents()
    peak = re.search(r"VmHWM:\s+(\d+)", Path("/proc/self/status").read_text()).group(1)
    print(f"{seconds_since_start():.3f} {peak}")


if __name__ == "__main__":
    main()
