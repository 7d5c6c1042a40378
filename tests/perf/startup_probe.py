"""Started by bench.py in a fresh process: show a window, print the seconds it took, exit.

`--bare` shows an empty QMainWindow; `--app DIR` shows Microbiz's main window on DIR.
"""

from __future__ import annotations

import sys
import time

STARTED = time.perf_counter()


def main() -> None:
    from PySide6.QtWidgets import QApplication
    from PySide6.QtWidgets import QMainWindow

    app = QApplication(sys.argv[:1])
    if sys.argv[1] == "--bare":
        window = QMainWindow()
    else:
        from pathlib import Path

        from microbiz.foundations.db import open_database
        from microbiz.foundations.paths import database_path
        from ui.main_window import MainWindow

        folder = Path(sys.argv[2])
        open_database(database_path(folder))
        window = MainWindow(folder)
    window.resize(1100, 720)
    window.show()
    app.processEvents()
    print(f"{time.perf_counter() - STARTED:.4f}")


if __name__ == "__main__":
    main()
