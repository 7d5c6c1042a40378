"""An attacker's linear program, written apart from the collector's own audit.

Given release documents as `report --json` writes them, it sets up one unknown per
published cell (hidden or not), the equations a reader knows (every table adds up to its
total, a two-way table's rows and columns to the one-way counts, an all-periods table to
the quarters it covers) and each published count as an equation (a range under the 10-5
rule), then asks HiGHS how low and how high each hidden cell can go.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import lil_matrix
from scipy.sparse.csgraph import connected_components


def unknowns(documents: list[dict]) -> list[tuple]:
    """Every cell of every document: (document index, fields, values, published value)."""
    found = []
    for index, document in enumerate(documents):
        found.append((index, (), (), document["returns"]))
        for table in document["tables"]:
            fields = tuple(table["fields"])
            if len(fields) == 1:
                for value, cell in zip(table["values"][0], table["cells"], strict=True):
                    found.append((index, fields, (value,), cell))
            else:
                for value, row in zip(table["values"][0], table["cells"], strict=True):
                    for other, cell in zip(table["values"][1], row, strict=True):
                        found.append((index, fields, (value, other), cell))
    return found


def equations(documents: list[dict], where: dict) -> list[dict]:
    """The sums a reader knows, each as {unknown: coefficient} = 0."""
    rows = []
    for index, document in enumerate(documents):
        total = where[index, (), ()]
        for table in document["tables"]:
            fields = tuple(table["fields"])
            if len(fields) == 1:
                row = {where[index, fields, (v,)]: 1 for v in table["values"][0]}
                rows.append(row | {total: -1})
                continue
            first, second = table["values"]
            for v in first:
                row = {where[index, fields, (v, w)]: 1 for w in second}
                rows.append(row | {where[index, (fields[0],), (v,)]: -1})
            for w in second:
                row = {where[index, fields, (v, w)]: 1 for v in first}
                rows.append(row | {where[index, (fields[1],), (w,)]: -1})
        if document["period"] == "all":
            covered = [i for i, d in enumerate(documents) if d["period"] in document["periods"]]
            for (i, fields, values), position in where.items():
                if i == index:
                    row = {where[c, fields, values]: 1 for c in covered}
                    rows.append(row | {position: -1})
    return rows


def recovered(documents: list[dict], true_counts) -> list[str]:
    """What the attacker learns: hidden cells pinned to one whole number, or small ones
    narrowed away from 0 or K. `true_counts(document index, fields, values)` gives each
    cell's true count. A cell is let off without its own programs when the solutions
    already found for other cells show it can reach far enough both ways."""
    cells = unknowns(documents)
    where = {(i, f, v): n for n, (i, f, v, _) in enumerate(cells)}
    matrix, right, bounds, column_of = _reduced(documents, cells, where)
    true = np.array([true_counts(i, f, v) for i, f, v, _ in cells], dtype=float)
    free_true = true[column_of >= 0][np.argsort(column_of[column_of >= 0])]
    lowest, highest = free_true.copy(), free_true.copy()
    _, group = connected_components((abs(matrix).T @ abs(matrix)).tocsr(), directed=False)
    problems = []
    for n, (i, fields, values, shown) in enumerate(cells):
        if shown is not None:
            continue
        k = documents[i]["threshold"]
        column = column_of[n]
        members = np.flatnonzero(group == group[column])
        rows = np.unique(matrix[:, members].nonzero()[0])
        part = matrix[rows][:, members]
        for sign in (-1, 1):
            if _safe(lowest[column], highest[column], true[n], k):
                break
            objective = np.zeros(len(members))
            objective[np.searchsorted(members, column)] = sign
            result = linprog(
                objective,
                A_eq=part,
                b_eq=right[rows],
                bounds=[bounds[m] for m in members],
                method="highs-ds",
            )
            assert result.status in (0, 3), result.message
            if result.status == 3:
                highest[column] = math.inf
            else:
                lowest[members] = np.minimum(lowest[members], result.x)
                highest[members] = np.maximum(highest[members], result.x)
        if not _safe(lowest[column], highest[column], true[n], k):
            where_text = f"{documents[i]['period']} {'|'.join(fields)}={'|'.join(values)}"
            problems.append(
                f"{where_text} (true {true[n]:.0f}) narrowed to "
                f"[{lowest[column]:.2f}, {highest[column]:.2f}]"
            )
    return problems


def _safe(low: float, high: float, true: float, k: int) -> bool:
    """Not pinned to one whole number; and if small, 0 and K both still possible."""
    if high != math.inf and math.floor(high + 1e-6) - math.ceil(low - 1e-6) < 1:
        return False
    return not 0 < true < k or (low <= 1e-6 and high >= k - 1e-6)


def _reduced(documents, cells, where):
    """The equations with published counts moved to the right: (matrix over the unknown
    cells, right-hand side, their bounds, each cell's column or -1)."""
    rows = equations(documents, where)
    bounds = []
    for i, _, _, shown in cells:
        rule = documents[i]["rule"]
        k = documents[i]["threshold"]
        if shown is None:
            bounds.append((0, None))
        elif rule == "ons-10-5" and shown > 0:
            bounds.append((max(shown - 2, k), shown + 2))
        else:
            bounds.append((shown, shown))
    matrix = lil_matrix((len(rows), len(cells)))
    for r, row in enumerate(rows):
        for column, coefficient in row.items():
            matrix[r, column] = coefficient
    fixed = np.array([low == high for low, high in bounds])
    known = np.array([low if low == high else 0 for low, high in bounds], dtype=float)
    matrix = matrix.tocsc()
    right = -(matrix @ known)
    column_of = np.where(fixed, -1, np.cumsum(~fixed) - 1)
    free_bounds = [b for b, f in zip(bounds, fixed, strict=True) if not f]
    return matrix[:, ~fixed].tocsc(), right, free_bounds, column_of
