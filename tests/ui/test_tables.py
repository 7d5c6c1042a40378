"""Tables fit their width: short columns whole, long ones sharing what is left."""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtCore import Qt

from ui.common.table_model import TextTableModel
from ui.common.tables import read_only_table
from ui.common.tables import share_widths


def test_spare_room_goes_to_the_stretch_column():
    assert share_widths([50, 100, 80], [1], 1, 300, 20) == [50, 170, 80]


def test_long_columns_give_way_widest_first_and_the_stretch_column_gets_double():
    # 100 left for the long columns 1 and 2 after the short 50 and 80; column 2 stretches
    assert share_widths([50, 30, 300, 80], [1], 2, 230, 10) == [50, 30, 70, 80]
    assert share_widths([50, 300, 300, 80], [1], 2, 230, 10) == [50, 33, 67, 80]


def test_no_long_column_is_narrower_than_the_least():
    assert share_widths([50, 300, 300], [1, 2], 2, 100, 40) == [50, 40, 40]


class Policies(TextTableModel):
    headers: ClassVar[tuple[str, ...]] = ("Kind", "Provider", "Expires", "State")
    long_columns: ClassVar[tuple[int, ...]] = (0, 1)


def test_a_narrow_table_keeps_its_short_columns_whole_and_elides_long_ones(qtbot):
    model = Policies()
    long_text = "Professional indemnity insurance with a very long name indeed"
    model.set_rows([(long_text, "Information Commissioner's Office", "29/11/2026", "Due soon")])
    table = read_only_table(model, "Register", 1)
    qtbot.addWidget(table)
    table.resize(420, 200)
    table.show()
    qtbot.waitExposed(table)
    header = table.horizontalHeader()
    assert table.textElideMode() == Qt.TextElideMode.ElideMiddle
    assert sum(header.sectionSize(c) for c in range(4)) <= table.viewport().width()
    for short in (2, 3):
        assert header.sectionSize(short) >= table.sizeHintForColumn(short)
    table.resize(2000, 200)
    qtbot.waitUntil(lambda: header.sectionSize(0) >= table.sizeHintForColumn(0))
