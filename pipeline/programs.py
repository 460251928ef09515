"""The audit's linear programs: one HiGHS model per connected part of the unknowns.

Only the objective changes between the programs of a part, so each starts from the last
basis. Between rounds of the suppression a part grows (more figures hidden), and its
first program starts from the basis the last round ended with: its figures and rows as
they were, the new figures at their lower bound, the new rows basic (still a basis, as
each row added brings its own basic slack), made feasible again by the dual simplex.
`propagate` bounds every figure through the relations alone.
"""

from __future__ import annotations

import logging
import os
import sys
from dataclasses import dataclass

import highspy
import numpy as np
from scipy import sparse

log = logging.getLogger(__name__)

INF = highspy.kHighsInf
MIP_SECONDS = 2.0  # per integer program; past it, only the tables found count
PROPAGATION_ROUNDS = 50  # passes of bounds through the relations before the programs
_STATUS = list(highspy.HighsBasisStatus.__members__.values())
_LOWER, _BASIC = 0, 1  # HighsBasisStatus kLower, kBasic
_banner_done = False


@dataclass
class Start:
    """Where the programs of a part begin: the basis status of each figure and row
    (HighsBasisStatus; −1 for none yet: a figure at its lower bound, a row basic)."""

    columns: np.ndarray
    rows: np.ndarray


def _highs() -> highspy.Highs:
    """A quiet solver. HiGHS writes a banner to the C stdout when the first one is made;
    library code never prints, so that one moment goes to /dev/null."""
    global _banner_done
    if _banner_done:
        solver = highspy.Highs()
    else:
        sys.stdout.flush()
        saved = os.dup(1)
        try:
            with open(os.devnull, "w") as null:
                os.dup2(null.fileno(), 1)
                solver = highspy.Highs()
        finally:
            os.dup2(saved, 1)
            os.close(saved)
        _banner_done = True
    solver.setOptionValue("output_flag", False)
    solver.setOptionValue("threads", 1)
    solver.setOptionValue("random_seed", 0)
    return solver


class Component:
    """One connected part of the unknowns, lower ≤ a·x ≤ upper and x ≥ col_lower, as a
    HiGHS model whose objective changes."""

    def __init__(self, a: sparse.csc_matrix, lower: np.ndarray, upper: np.ndarray,
                 col_lower: np.ndarray, start: Start | None = None) -> None:
        self.solver = _highs()
        self.model = (a, lower, upper, col_lower)
        self.n = a.shape[1]
        lp = highspy.HighsLp()
        lp.num_col_, lp.num_row_ = a.shape[1], a.shape[0]
        lp.col_cost_ = np.zeros(self.n)
        lp.col_lower_ = col_lower
        lp.col_upper_ = np.full(self.n, INF)
        lp.row_lower_, lp.row_upper_ = lower, upper
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_ = a.indptr.astype(np.int32)
        lp.a_matrix_.index_ = a.indices.astype(np.int32)
        lp.a_matrix_.value_ = a.data.astype(np.float64)
        self.solver.passModel(lp)
        self.cost = np.zeros(self.n)
        self.solved = 0
        self.mip = False
        if start is not None:
            basis = highspy.HighsBasis()
            basis.col_status = [_STATUS[s] for s in np.where(start.columns < 0, _LOWER,
                                                              start.columns)]
            basis.row_status = [_STATUS[s] for s in np.where(start.rows < 0, _BASIC,
                                                              start.rows)]
            basis.valid = True
            if self.solver.setBasis(basis) != highspy.HighsStatus.kOk:
                log.debug("audit: the last round's basis does not fit; a fresh start")
            # the new figures at their lower bounds leave it infeasible: with no objective
            # every basis is dual feasible, so the dual simplex only restores feasibility
            # (a few hundred pivots, not thousands); then the primal simplex goes on
            self.solver.run()
            self.solved += 1
            self.primal()

    def optimum(self, columns: np.ndarray, maximize: bool) -> tuple[float, np.ndarray | None]:
        """The extreme of sum(x[columns]) and a solution reaching it (None if unbounded)."""
        cost = np.zeros(self.n)
        cost[columns] = 1.0
        changed = np.flatnonzero(cost != self.cost)
        if len(changed):
            self.solver.changeColsCost(len(changed), changed.astype(np.int32), cost[changed])
            self.cost = cost
        self.solver.changeObjectiveSense(
            highspy.ObjSense.kMaximize if maximize else highspy.ObjSense.kMinimize)
        self.solver.run()
        self.solved += 1
        status = self.solver.getModelStatus()
        # the true table is a solution, so "unbounded or infeasible" is unbounded
        if status in (highspy.HighsModelStatus.kUnbounded,
                      highspy.HighsModelStatus.kUnboundedOrInfeasible):
            return (INF if maximize else -INF), None
        if self.mip and status == highspy.HighsModelStatus.kTimeLimit:
            info = self.solver.getInfo()
            found = info.primal_solution_status == 2  # an integral table was found
            if not found:  # none found: claim nothing beyond the true value
                return (-INF if maximize else INF), None
            return info.objective_function_value, self._values()
        if status != highspy.HighsModelStatus.kOptimal:
            raise RuntimeError(f"disclosure audit: the published relations are {status}")
        return self.solver.getInfo().objective_function_value, self._values()

    def copy(self) -> Component:
        """A second model of the same part, starting from this one's basis (feasible: it
        only needs the objective its programs give it), for programs in another thread."""
        return Component(*self.model, self.end())  # (primal simplex from there on)

    def _values(self) -> np.ndarray:
        return np.asarray(self.solver.getSolution().col_value)

    def end(self) -> Start:
        """Where the next round's programs of these figures begin."""
        basis = self.solver.getBasis()
        if not basis.valid:
            return Start(np.full(self.n, -1), np.full(self.solver.getNumRow(), -1))
        return Start(np.array([int(s) for s in basis.col_status]),
                     np.array([int(s) for s in basis.row_status]))

    def primal(self) -> None:
        self.solver.setOptionValue("simplex_strategy", 4)

    def integer(self) -> None:
        self.mip = True
        self.solver.setOptionValue("time_limit", MIP_SECONDS)
        self.solver.changeColsIntegrality(
            self.n, np.arange(self.n, dtype=np.int32),
            np.array([highspy.HighsVarType.kInteger] * self.n))


def propagate(a: sparse.csr_matrix, row_lower: np.ndarray, row_upper: np.ndarray,
              col_lower: np.ndarray, rounds: int = PROPAGATION_ROUNDS
              ) -> tuple[np.ndarray, np.ndarray]:
    """Bounds every solution of row_lower ≤ a·x ≤ row_upper, x ≥ col_lower satisfies:
    each relation bounds each of its figures by what the others' bounds leave (as a
    solver's presolve does), repeated. Valid for the linear programs, so a cell whose
    bounds are already narrower than k − 1 fails without one."""
    coo = a.tocoo()
    row, col, coef = coo.row, coo.col, coo.data
    low = col_lower.astype(np.float64).copy()
    high = np.full(a.shape[1], INF)
    up, down = coef > 0, coef < 0
    with np.errstate(invalid="ignore", over="ignore"):
        for _ in range(rounds):
            least = np.where(up, coef * low[col], coef * high[col])  # coef·x at its least
            most = np.where(up, coef * high[col], coef * low[col])
            rest_least, open_least = _others(row, least, a.shape[0])
            rest_most, open_most = _others(row, most, a.shape[0])
            cap = np.where(open_least, INF, row_upper[row] - rest_least)  # coef·x ≤ cap
            base = np.where(open_most, -INF, row_lower[row] - rest_most)  # coef·x ≥ base
            new_high = np.where(up, cap, base) / coef
            new_low = np.where(down, cap, base) / coef
            new_high[np.isnan(new_high)] = INF
            new_low[np.isnan(new_low)] = -INF
            tighter_high, tighter_low = high.copy(), low.copy()
            np.minimum.at(tighter_high, col, new_high)
            np.maximum.at(tighter_low, col, new_low)
            moved = max(np.max(high - tighter_high, initial=0.0, where=np.isfinite(tighter_high)),
                        np.max(tighter_low - low, initial=0.0, where=np.isfinite(tighter_low)))
            high, low = tighter_high, tighter_low
            if not moved > 1e-9:
                break
    return low, high


def _others(row: np.ndarray, part: np.ndarray, rows: int) -> tuple[np.ndarray, np.ndarray]:
    """Per entry, the sum of the other entries of its row and whether one is infinite."""
    infinite = np.isinf(part)
    finite = np.where(infinite, 0.0, part)
    total = np.bincount(row, finite, minlength=rows)
    count = np.bincount(row, infinite, minlength=rows)
    return total[row] - finite, (count[row] - infinite) > 0
