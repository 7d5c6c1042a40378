"""The disclosure audit: what a reader of every published figure could work out.

The reader is taken to know every published count of a release and of every release
linked to it (a quarter and the "all periods" tables made from it), and that each line
of a table adds up to its total. Those facts are linear equations in the true counts;
with the counts relaxed to non-negative real numbers, linear programming (HiGHS, through
scipy) gives the least and the most each hidden count could be. A release passes when no
hidden count of 1 to K-1 can be narrowed to a range without 0 or without K, and no hidden
count can be pinned to a single whole number.
"""

from __future__ import annotations

import math
from collections.abc import Collection
from collections.abc import Hashable
from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linprog

Key = Hashable
Sum = tuple[tuple[Key, ...], Key]  # the parts, and the whole they add up to
_SLACK = 1e-6


@dataclass(frozen=True)
class AuditCell:
    """One count: its true value, what a reader knows of it (None: hidden), its threshold."""

    true: int
    shown: tuple[int, int] | None
    threshold: int


class AuditError(Exception):
    """The published figures contradict the true counts: a bug, never a user's mistake."""


def narrowed(
    cells: Mapping[Key, AuditCell], sums: Sequence[Sum], among: Collection[Key] | None = None
) -> dict[Key, tuple[float, float]]:
    """The hidden cells (of `among`, default all) a reader could narrow too far, with the
    least and most each could be, in the order of `cells`. Hiding more never narrows a
    cell, so a caller that hides more need only ask again about the cells that failed
    and the ones newly hidden."""
    free = [key for key, cell in cells.items() if cell.shown is None or _is_range(cell)]
    position = {key: i for i, key in enumerate(free)}
    equations = _equations(cells, sums, position)
    free_cells = [cells[key] for key in free]
    asked = {position[key] for key in (cells if among is None else among) if key in position}
    asked = {i for i in asked if free_cells[i].shown is None}
    failing: dict[Key, tuple[float, float]] = {}
    for component in _components(len(free), equations):
        if not component & asked:
            continue
        program = _Program(sorted(component), equations, free_cells)
        program.spread(sorted(component & asked))
        for index in sorted(component & asked):
            if not program.protects(index):
                failing[free[index]] = program.range_of(index)
    return {key: failing[key] for key in cells if key in failing}


def _protected(cell: AuditCell, low: float, high: float) -> bool:
    if high == math.inf:
        return low <= _SLACK or not 0 < cell.true < cell.threshold
    whole_numbers = math.floor(high + _SLACK) - math.ceil(low - _SLACK) + 1
    if whole_numbers < 2:
        return False
    if 0 < cell.true < cell.threshold:
        return low <= _SLACK and high >= cell.threshold - _SLACK
    return True


def _is_range(cell: AuditCell) -> bool:
    return cell.shown is not None and cell.shown[0] != cell.shown[1]


def _equations(
    cells: Mapping[Key, AuditCell], sums: Sequence[Sum], position: dict[Key, int]
) -> list[tuple[dict[int, float], float]]:
    """Each sum as {free cell: coefficient} = constant, known counts moved to the right."""
    equations = []
    for parts, whole in sums:
        terms: dict[int, float] = {}
        constant = 0.0
        for key, sign in [*((p, 1.0) for p in parts), (whole, -1.0)]:
            if key in position:
                terms[position[key]] = terms.get(position[key], 0.0) + sign
            else:
                constant -= sign * cells[key].shown[0]
        terms = {i: c for i, c in terms.items() if c}
        if terms:
            equations.append((terms, constant))
        elif abs(constant) > _SLACK:
            raise AuditError("published counts that should add up do not")
    return equations


def _components(size: int, equations: list[tuple[dict[int, float], float]]) -> list[set[int]]:
    """The free cells grouped by the equations that link them."""
    parent = list(range(size))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for terms, _ in equations:
        first, *others = terms
        for other in others:
            parent[root(other)] = root(first)
    groups: dict[int, set[int]] = {}
    for i in range(size):
        groups.setdefault(root(i), set()).add(i)
    return list(groups.values())


class _Program:
    """The linear program for one group of linked free cells. Every solution found is kept
    as a witness of how low and how high each cell can go, so that most cells are shown
    to be protected without a program of their own."""

    def __init__(
        self,
        members: list[int],
        equations: list[tuple[dict[int, float], float]],
        free_cells: list[AuditCell],
    ) -> None:
        self.members = members
        self.cells = [free_cells[m] for m in members]
        self.column = {member: j for j, member in enumerate(members)}
        rows = [eq for eq in equations if eq[0].keys() & self.column.keys()]
        self.matrix = np.zeros((len(rows), len(members)))
        for r, (terms, _) in enumerate(rows):
            for i, coefficient in terms.items():
                self.matrix[r, self.column[i]] = coefficient
        self.right = np.array([constant for _, constant in rows])
        self.bounds = [cell.shown or (0, None) for cell in self.cells]
        true = np.array([float(cell.true) for cell in self.cells])
        self.lowest, self.highest = true.copy(), true.copy()

    def spread(self, indexes: list[int]) -> None:
        """Push the asked cells all low together, then all high: one program each gives
        witnesses for many cells at once. A single line is worked out directly."""
        if self.matrix.shape[0] == 1 and len(set(np.sign(self.matrix[0]))) == 1:
            self._single_line()
            return
        for sign in (1.0, -1.0):
            objective = np.zeros(len(self.members))
            objective[[self.column[i] for i in indexes]] = sign
            self._run(objective)

    def range_of(self, index: int) -> tuple[float, float]:
        """The least and most seen for the cell (exact once `protects` has said no)."""
        j = self.column[index]
        return float(self.lowest[j]), float(self.highest[j])

    def _single_line(self) -> None:
        """Each cell's range where the cells simply add up to a known total."""
        total = self.right[0] / self.matrix[0][0]
        lows = np.array([low for low, _ in self.bounds], dtype=float)
        highs = np.array([math.inf if high is None else high for _, high in self.bounds])
        unbounded = np.isinf(highs)
        finite = np.where(unbounded, 0.0, highs)
        others_high = np.where(unbounded.sum() - unbounded > 0, math.inf, finite.sum() - finite)
        self.lowest = np.maximum(lows, total - others_high)
        self.highest = np.minimum(highs, total - (lows.sum() - lows))

    def protects(self, index: int) -> bool:
        """Whether the cell's least and most possible values keep it protected."""
        j = self.column[index]
        if self.matrix.shape[0] == 1 and len(set(np.sign(self.matrix[0]))) == 1:
            return _protected(self.cells[j], self.lowest[j], self.highest[j])
        for sign in (-1.0, 1.0):
            if _protected(self.cells[j], self.lowest[j], self.highest[j]):
                return True
            self._solve(j, sign)
        return _protected(self.cells[j], self.lowest[j], self.highest[j])

    def _solve(self, j: int, sign: float) -> None:
        """Push cell j as high (sign -1) or low (+1) as it goes; keep the solution."""
        if not len(self.right):
            low, high = self.bounds[j]
            self.lowest[j] = min(self.lowest[j], low)
            self.highest[j] = math.inf if high is None else high
            return
        objective = np.zeros(len(self.members))
        objective[j] = sign
        if self._run(objective) is None:
            self.highest[j] = math.inf

    def _run(self, objective: np.ndarray) -> np.ndarray | None:
        """Solve for `objective`, keep the solution as a witness; None when unbounded."""
        if not len(self.right):
            return None
        result = linprog(
            objective, A_eq=self.matrix, b_eq=self.right, bounds=self.bounds, method="highs"
        )
        if result.status == 3:
            return None
        if result.status != 0:
            raise AuditError(f"the audit's linear program failed: {result.message}")
        self.lowest = np.minimum(self.lowest, result.x)
        self.highest = np.maximum(self.highest, result.x)
        return result.x
