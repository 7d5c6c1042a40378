"""Previewing an import: every row shown, every bad cell named, nothing saved."""

from __future__ import annotations

import pytest

from microbiz.clients.details import ClientForm
from microbiz.clients.details import save_client
from microbiz.foundations.errors import UserError
from microbiz.foundations.models import Expense
from microbiz.records.imports import preview_import
from microbiz.records.imports import run_import

EXPENSES = (
    "Date,Amount,Category,Description,Client\n"
    "03/05/2026,£18.00,office,Phone,\n"
    "31/02/2026,abc,office,Pens,Nobody\n"
    "04/05/2026,5,office,Stamps,Margaret Brown\n"
)


def test_the_preview_marks_each_bad_cell_and_saves_nothing(db, tmp_path):
    save_client(ClientForm(name="Margaret Brown"))
    path = tmp_path / "expenses.csv"
    path.write_text(EXPENSES, encoding="utf-8")
    preview = preview_import("expenses", path)
    assert preview.columns == ["date", "amount", "category", "description", "client"]
    assert [row.number for row in preview.rows] == [2, 3, 4]
    assert preview.problems_at(2) == {}
    assert preview.problems_at(3) == {
        "client": "there is no client called 'Nobody'",
    }
    assert preview.would_import == 0
    assert Expense.select().count() == 0
    path.write_text(EXPENSES.replace("Nobody", ""), encoding="utf-8")
    fixed = preview_import("expenses", path)
    assert fixed.problems_at(3) == {
        "date": "'31/02/2026' is not a real date.",
        "amount": "'abc' is not an amount of money (try 18.50 or £1,234.50).",
    }
    path.write_text(
        EXPENSES.replace("Nobody", "").replace("31/02/2026,abc", "01/05/2026,2"), "utf-8"
    )
    good = preview_import("expenses", path)
    assert (good.problems, good.would_import) == ([], 3)
    assert Expense.select().count() == 0
    assert run_import("expenses", path) == 3
    assert Expense.select().count() == 3


def test_a_file_missing_a_column_cannot_be_previewed(db, tmp_path):
    path = tmp_path / "expenses.csv"
    path.write_text("Date,Amount\n03/05/2026,1\n", encoding="utf-8")
    with pytest.raises(UserError, match="missing column: Category, Description"):
        preview_import("expenses", path)
