"""Tables fit their width: short columns whole, long ones sharing what is left."""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtCore import Qt

from ui.common.table_model import TextTableModel
from ui.common.tables import drop_when_narrow
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


class Invoices(TextTableModel):
    headers: ClassVar[tuple[str, ...]] = ("Number", "Issued", "Due", "Paid", "Balance", "Status")


def test_optional_columns_go_while_the_table_is_too_narrow_and_come_back(qtbot):
    model = Invoices()
    model.set_rows(
        [("INV-0142", "30/11/2026", "14/12/2026", "£1,288.00", "£2,288.00", "Part-paid")]
    )
    table = read_only_table(model, "Invoices", 0)
    drop_when_narrow(table, (3, 1))
    qtbot.addWidget(table)
    header = table.horizontalHeader()
    table.show()
    qtbot.waitExposed(table)
    table.resize(2000, 200)
    qtbot.waitUntil(lambda: not any(header.isSectionHidden(c) for c in range(6)))
    needed = sum(table.sizeHintForColumn(c) for c in (0, 2, 4, 5))
    table.resize(needed + 2 * table.frameWidth() + 4, 200)
    qtbot.waitUntil(lambda: header.isSectionHidden(1) and header.isSectionHidden(3))
    assert [header.isSectionHidden(c) for c in (0, 2, 4, 5)] == [False] * 4
    assert sum(header.sectionSize(c) for c in (0, 2, 4, 5)) <= table.viewport().width()
    table.resize(2000, 200)
    qtbot.waitUntil(lambda: not header.isSectionHidden(1) and not header.isSectionHidden(3))
