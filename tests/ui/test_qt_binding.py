"""The Qt binding keeps Python's reference counts: PySide6 6.12.0 did not on Python 3.11.

With that bug every call returning nothing takes a reference from None, and the test
run crashes when Python exits ("deallocating None"). pyproject.toml pins around it.
"""

import sys

from PySide6.QtWidgets import QListWidget


def test_calls_returning_nothing_leave_none_alone(qtbot):
    widget = QListWidget()
    qtbot.addWidget(widget)
    before = sys.getrefcount(None)
    for _ in range(1000):
        widget.setAccessibleName("Visits")
    assert sys.getrefcount(None) >= before - 10
