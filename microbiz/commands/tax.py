"""Tax commands: the year's summary with its MTD quarters, and the quarters as a workbook."""

from __future__ import annotations

import argparse
import json
from functools import partial
from pathlib import Path

from microbiz.commands.common import open_data
from microbiz.foundations.errors import UserError
from microbiz.foundations.money import format_money
from microbiz.foundations.money import format_money_plain
from microbiz.records.sheets import mtd_quarters_sheet
from microbiz.records.workbook import export_workbook
from microbiz.tax.care_relief import relief_words
from microbiz.tax.expenses import CATEGORY_LABELS
from microbiz.tax.expenses import SA103S_BOXES
from microbiz.tax.taxyear import TaxYear
from microbiz.tax.taxyear import parse_tax_year
from microbiz.tax.totals import TaxSummary
from microbiz.tax.totals import Totals
from microbiz.tax.totals import tax_summary


def add_commands(commands: argparse._SubParsersAction) -> None:
    tax = commands.add_parser("tax", help="tax-year and Making Tax Digital figures")
    actions = tax.add_subparsers(dest="action", metavar="ACTION", required=True)
    summary = actions.add_parser("summary", help="income, expenses and profit for a tax year")
    summary.add_argument("--year", type=_tax_year, required=True, metavar="2026-27")
    summary.add_argument(
        "--quarter",
        type=int,
        choices=range(1, 5),
        metavar="1-4",
        help="the year to the end of this MTD quarter",
    )
    summary.add_argument("--json", action="store_true", help="as JSON, for scripts")
    summary.set_defaults(run=_summary)
    export = actions.add_parser("export", help="the MTD quarters by category, as a workbook")
    export.add_argument("--year", type=_tax_year, required=True, metavar="2026-27")
    export.add_argument("--out", type=Path, required=True, metavar="FILE.xlsx")
    export.set_defaults(run=_export)


def _tax_year(text: str) -> TaxYear:
    try:
        return parse_tax_year(text)
    except UserError as problem:
        raise argparse.ArgumentTypeError(str(problem)) from None


def _summary(args: argparse.Namespace, folder: Path) -> None:
    with open_data(folder):
        summary = tax_summary(args.year)
    totals = summary.totals
    if args.quarter:
        totals = summary.quarters[args.quarter - 1].year_to_date
    if args.json:
        print(json.dumps(_json(summary, totals, args.quarter), indent=2))
        return
    for line in _lines(summary, totals, args.quarter):
        print(line)


def _json(summary: TaxSummary, totals: Totals, quarter: int | None) -> dict[str, object]:
    pounds = format_money_plain
    return {
        "tax_year": summary.year.label,
        "quarter": quarter,
        "start": totals.start.isoformat(),
        "end": totals.end.isoformat(),
        "income": pounds(totals.income_pence),
        "expenses": {key: pounds(p) for key, p in totals.expenses_by_category.items()},
        "sa103s_boxes": {str(box): pounds(p) for box, p in totals.sa103s_boxes().items()},
        "mileage_miles": f"{totals.mileage_tenths // 10}.{totals.mileage_tenths % 10}",
        "mileage_allowance": pounds(totals.mileage_pence),
        "total_expenses": pounds(totals.total_expenses_pence),
        "profit": pounds(totals.profit_pence),
        "qualifying_care_relief": _relief_json(summary),
        "taxable_profit": pounds(summary.taxable_profit_pence),
        "income_tax": pounds(summary.estimate.income_tax_pence),
        "class2_nic": pounds(summary.estimate.class2_pence),
        "class4_nic": pounds(summary.estimate.class4_pence),
        "tax_to_set_aside": pounds(summary.estimate.set_aside_pence),
        "tax_rates_year": summary.estimate.rates_year.label,
        "mtd_needed": summary.mtd_needed,
        "calendar_quarters": summary.calendar_quarters,
        "quarters": [
            {
                "quarter": q.quarter.number,
                "start": q.quarter.start.isoformat(),
                "end": q.quarter.end.isoformat(),
                "deadline": q.quarter.deadline.isoformat(),
                "deadline_passed": q.deadline_passed and summary.mtd_needed,
                "income_ytd": pounds(q.year_to_date.income_pence),
                "expenses_ytd": pounds(q.year_to_date.total_expenses_pence),
            }
            for q in summary.quarters
        ],
        "mtd": [
            {
                "income_year": r.income_year.label,
                "threshold": pounds(r.threshold_pence),
                "qualifying_income": pounds(r.qualifying_pence),
                "applies_from": r.starts.isoformat() if r.applies else None,
            }
            for r in summary.readiness
        ],
    }


def _relief_json(summary: TaxSummary) -> dict[str, object] | None:
    """The Shared Lives carer's qualifying amount and how it was reached; None if not one."""
    relief = summary.care_relief
    if relief is None:
        return None
    pounds = format_money_plain
    return {
        "limit": pounds(relief.limit_pence),
        "fixed_amount_share": pounds(relief.fixed_share_pence),
        "weekly_amounts": pounds(relief.weekly_pence),
        "weeks_placed": relief.weeks,
        "shared_lives_receipts": pounds(relief.receipts_pence),
        "within_limit": relief.within_limit,
        "method": relief.method,
        "simplified_profit": pounds(relief.simplified_profit_pence),
        "normal_profit": pounds(relief.normal_profit_pence),
        "other_work_profit": pounds(relief.other_profit_pence),
        "figures_year": relief.amounts_year.label,
        "source": relief.source,
    }


def _lines(summary: TaxSummary, totals: Totals, quarter: int | None) -> list[str]:
    money = format_money
    heading = f"Tax year {summary.year.label}"
    if quarter:
        heading += f", to the end of quarter {quarter}"
    lines = [
        heading,
        f"Net profit: {money(totals.profit_pence)}",
        *relief_lines(summary),
        *_set_aside_lines(summary),
        _mtd_line(summary),
        f"Income received: {money(totals.income_pence)}",
    ]
    lines += [
        f"  {CATEGORY_LABELS[key]}: {money(p)}" for key, p in totals.expenses_by_category.items()
    ]
    miles = f"{totals.mileage_tenths // 10}.{totals.mileage_tenths % 10}"
    lines += [
        f"  Mileage allowance ({miles} miles): {money(totals.mileage_pence)}",
        f"Total allowable expenses: {money(totals.total_expenses_pence)}",
        "Short return (SA103S) boxes:",
        *(
            f"  Box {box} {SA103S_BOXES[box]}: {money(p)}"
            for box, p in totals.sa103s_boxes().items()
        ),
    ]
    for q in summary.quarters:
        state = "deadline passed" if q.deadline_passed else "due"
        if not summary.mtd_needed:
            state = "not needed, would be due"
        when = f"{q.quarter.end:%d/%m/%Y}) {state} {q.quarter.deadline:%d/%m/%Y}"
        lines.append(
            f"Q{q.quarter.number} update (to {when}: "
            f"income {money(q.year_to_date.income_pence)}, "
            f"expenses {money(q.year_to_date.total_expenses_pence)} so far"
        )
    return lines


def relief_lines(summary: TaxSummary) -> list[str]:
    """Two lines on qualifying care relief, for a Shared Lives carer."""
    return [] if summary.care_relief is None else relief_words(summary.care_relief)


def _set_aside_lines(summary: TaxSummary) -> list[str]:
    """The year's tax estimate on its profit, and the rates it used."""
    money = format_money
    estimate = summary.estimate
    rates = estimate.rates_year.label
    lines = [
        f"Tax to set aside: {money(estimate.set_aside_pence)} (estimate at {rates} rates, "
        "if this business is your only income)",
        f"  Income Tax: {money(estimate.income_tax_pence)}",
        f"  Class 4 National Insurance: {money(estimate.class4_pence)}",
    ]
    if estimate.class2_pence:
        lines.append(f"  Class 2 National Insurance: {money(estimate.class2_pence)}")
    return lines


def _mtd_line(summary: TaxSummary) -> str:
    applies = summary.mtd_applies_from
    if summary.mtd_needed:
        return "Making Tax Digital: quarterly updates are needed this year."
    if applies:
        return f"Making Tax Digital: applies to you from {applies:%d/%m/%Y}, not this year."
    return "Making Tax Digital: does not apply to you yet."


def _export(args: argparse.Namespace, folder: Path) -> None:
    with open_data(folder):
        made = export_workbook(
            args.out.expanduser().resolve(), sheets=[partial(mtd_quarters_sheet, args.year)]
        )
    print(f"Saved the MTD figures for {args.year.label} to {made}.")
