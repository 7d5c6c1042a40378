"""What narrows a list: drop-downs that start with “All”, and search boxes."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QLineEdit

from microbiz.clients.details import search_clients
from microbiz.tax.taxyear import TaxYear
from microbiz.tax.totals import tax_years_with_records

ALL = "All"


def filter_combo(
    name: str, choices: Mapping[str, str] | None = None, letters: int = 0
) -> QComboBox:
    """“All” (no filter), then `choices`; `letters` wide if given, else as wide as its longest."""
    combo = QComboBox()
    combo.addItem(ALL, None)
    for key, label in (choices or {}).items():
        combo.addItem(label, key)
    combo.setAccessibleName(name)
    if letters:
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(letters)
    else:
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    return combo


def refill_clients(combo: QComboBox) -> None:
    """“All” and every client by name, keeping the client chosen; no change signal is sent."""
    keep = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    combo.addItem(ALL, None)
    for client in search_clients():
        combo.addItem(client.name, client.id)
    combo.setCurrentIndex(max(combo.findData(keep), 0))
    combo.blockSignals(False)


def refill_tax_years(combo: QComboBox, today: date, keep: int | None, all_years: str = "") -> None:
    """The tax years with records (and `keep`), newest first, then `all_years` if given.

    `keep` (a start year) stays chosen; None chooses `all_years`. No change signal is sent.
    """
    years = [year.start_year for year in tax_years_with_records(today)]
    if keep is not None and keep not in years:
        years.append(keep)
    combo.blockSignals(True)
    combo.clear()
    for start_year in sorted(years, reverse=True):
        combo.addItem(TaxYear(start_year).label, start_year)
    if all_years:
        combo.addItem(all_years, None)
    chosen = combo.count() - 1 if all_years and keep is None else combo.findData(keep)
    combo.setCurrentIndex(max(chosen, 0))
    combo.blockSignals(False)


def search_box(placeholder: str, name: str) -> QLineEdit:
    """A search field with a button to clear it."""
    box = QLineEdit()
    box.setPlaceholderText(placeholder)
    box.setAccessibleName(name)
    box.setClearButtonEnabled(True)
    return box
