"""Keyboard shortcuts that keep to their widget.

PySide6 ignores a shortcut's context when it is given to the constructor together with
a slot (the shortcut then works anywhere in the window), so the context is set after.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtGui import QShortcut
from PySide6.QtWidgets import QTabBar
from PySide6.QtWidgets import QTabWidget
from PySide6.QtWidgets import QWidget

Key = QKeySequence | QKeySequence.StandardKey | Qt.Key | str
ENTER: tuple[Key, ...] = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
DELETE: tuple[Key, ...] = (QKeySequence.StandardKey.Delete,)
WIDGET = Qt.ShortcutContext.WidgetShortcut
WIDGET_AND_CHILDREN = Qt.ShortcutContext.WidgetWithChildrenShortcut


def on_keys(
    widget: QWidget,
    keys: Iterable[Key],
    slot: Callable[[], object],
    context: Qt.ShortcutContext = WIDGET,
) -> None:
    """Run `slot` when one of `keys` is pressed while `widget` (or, by context, its children)
    has the focus."""
    for key in keys:
        shortcut = QShortcut(QKeySequence(key), widget)
        shortcut.setContext(context)
        shortcut.activated.connect(slot)


def tab_order(chain: Sequence[QWidget]) -> None:
    """Tab moves through `chain` in this order.

    A tab widget's bar is placed through the tab widget itself (the bar is its focus
    proxy), or Tab would reach the tab widget again later and go round the page forever.
    """
    chain = [_placed(widget) for widget in chain]
    for before, after in zip(chain, chain[1:], strict=False):
        QWidget.setTabOrder(before, after)


def _placed(widget: QWidget) -> QWidget:
    parent = widget.parentWidget()
    return parent if isinstance(widget, QTabBar) and isinstance(parent, QTabWidget) else widget
