"""Shortcuts set with on_keys keep to their widget."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from ui.common.keys import DELETE
from ui.common.keys import on_keys


def test_a_shortcut_fires_only_from_its_widget(qtbot):
    window = QWidget()
    table, search = QListWidget(), QListWidget()
    layout = QVBoxLayout(window)
    layout.addWidget(table)
    layout.addWidget(search)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    fired = []
    on_keys(table, DELETE, lambda: fired.append("table"))
    search.setFocus()
    qtbot.keyClick(search, Qt.Key.Key_Delete)
    assert fired == []
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert fired == ["table"]
