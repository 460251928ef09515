"""The disclosure audit: how far each suppressed cell can still be worked out.

An attacker holds every published figure and the relations between them (relations.py:
totals and their parts, same figure in two tables, bounds between measures of a row,
counts ≥ 0, a suppressed count ≥ 1 since zeros are published). For each suppressed cell
the smallest and largest value consistent with all of that is a pair of linear programs;
HiGHS solves them (highspy), one model per connected part of the unknowns, warm-started
as only the objective changes. A cell passes when its interval is at least k − 1 wide
(the protection interval, as in τ-ARGUS and sdcTable): never pinned, never narrowed to
a handful of values. Integers matter where the interval is close to that width: there
the bounds are recomputed with the counts integer (mixed-integer programs).

To keep it fast, every solution found is a feasible table, so it witnesses values each
suppressed cell can take; a cell whose witnessed values already span 2(k − 1) needs no
program of its own.
"""

from __future__ import annotations

import logging
import os
import sys
from dataclasses import dataclass, field

import highspy
import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import connected_components

from pipeline.relations import System

log = logging.getLogger(__name__)

INF = highspy.kHighsInf
_banner_done = False


@dataclass
class Audit:
    """Intervals of the suppressed figures (NaN elsewhere) and the ones too narrow."""

    lower: np.ndarray
    upper: np.ndarray
    failing: np.ndarray
    solved: int = 0
    components: int = 0
    stats: dict = field(default_factory=dict)

    def summary(self, system: System, hidden: np.ndarray, k: int) -> dict:
        """Counts and the narrowest width only: never a value."""
        width = (self.upper - self.lower)[hidden & system.variables["choosable"].to_numpy()]
        finite = width[np.isfinite(width)]
        return {
            "method": "primary k, secondary across tables, linear-programming audit",
            "k": k,
            "protection_interval": k - 1,
            "suppressed_cells": int(system.cells["var"].isin(np.flatnonzero(hidden)).sum()),
            "suppressed_figures": int((hidden & system.variables["choosable"]).sum()),
            "figures": int(system.variables["choosable"].sum()),
            "relations": int(system.relations.shape[0]),
            "bounds": int(len(system.bounds)),
            "components": self.components,
            "programs_solved": self.solved,
            "narrowest_interval": float(finite.min()) if len(finite) else None,
            "unbounded": int((~np.isfinite(width)).sum()),
            "passed": len(self.failing) == 0,
        }


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


def derive(system: System, hidden: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(known, values): the published figures and every unpublished one that subtraction
    gives (a total and all but one of its parts), repeated; hidden figures stay unknown."""
    values = np.nan_to_num(system.variables["value"].to_numpy()).copy()
    known = system.variables["published"].to_numpy() & ~hidden
    values[~known] = 0.0
    rel = system.relations.tocsr()
    pattern = abs(rel).astype(bool).astype(np.float64).tocsr()
    while True:
        open_ = (~known).astype(np.float64)
        single = np.flatnonzero(pattern @ open_ == 1)
        members = pattern[single].multiply(open_).tocoo()
        nonzero = members.data != 0
        rows, cols = single[members.row[nonzero]], members.col[nonzero]
        keep = ~hidden[cols]
        rows, cols = rows[keep], cols[keep]
        cols, first = np.unique(cols, return_index=True)
        if not len(cols):
            return known, values
        rows = rows[first]
        coefficient = np.asarray(rel[rows, cols]).ravel()
        values[cols] = -(rel[rows] @ values) / coefficient
        known[cols] = True


def constraints(system: System, hidden: np.ndarray
                ) -> tuple[np.ndarray, sparse.csc_matrix, np.ndarray, np.ndarray]:
    """(unknown figures, A, lower, upper): lower ≤ A·x ≤ upper over the unknowns."""
    known, given = derive(system, hidden)
    unknown = np.flatnonzero(~known)
    rel = system.relations
    bounds = sparse.coo_matrix(
        (np.r_[np.ones(len(system.bounds)), -np.ones(len(system.bounds))],
         (np.r_[np.arange(len(system.bounds)), np.arange(len(system.bounds))],
          np.r_[system.bounds[:, 0], system.bounds[:, 1]])),
        shape=(len(system.bounds), system.size)).tocsr()
    rows = sparse.vstack([rel, bounds]).tocsr()
    rhs = -(rows @ given)
    part = rows[:, unknown]
    useful = np.diff(part.tocsr().indptr) > 0
    lower = np.r_[rhs[: rel.shape[0]], np.full(bounds.shape[0], -INF)]
    return unknown, part[useful].tocsc(), lower[useful], rhs[useful]


class _Component:
    """One connected part of the unknowns as a HiGHS model whose objective changes."""

    def __init__(self, a: sparse.csc_matrix, lower: np.ndarray, upper: np.ndarray,
                 col_lower: np.ndarray) -> None:
        self.solver = _highs()
        lp = highspy.HighsLp()
        lp.num_col_, lp.num_row_ = a.shape[1], a.shape[0]
        lp.col_cost_ = np.zeros(a.shape[1])
        lp.col_lower_ = col_lower
        lp.col_upper_ = np.full(a.shape[1], INF)
        lp.row_lower_, lp.row_upper_ = lower, upper
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_ = a.indptr.astype(np.int32)
        lp.a_matrix_.index_ = a.indices.astype(np.int32)
        lp.a_matrix_.value_ = a.data.astype(np.float64)
        self.solver.passModel(lp)
        self.n = a.shape[1]
        self.cost = np.zeros(self.n)
        self.solved = 0

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
        if status == highspy.HighsModelStatus.kUnbounded:
            return (INF if maximize else -INF), None
        if status != highspy.HighsModelStatus.kOptimal:
            raise RuntimeError(f"disclosure audit: the published relations are {status}")
        return (self.solver.getInfo().objective_function_value,
                np.asarray(self.solver.getSolution().col_value))

    def integer(self) -> None:
        self.solver.changeColsIntegrality(
            self.n, np.arange(self.n, dtype=np.int32),
            np.array([highspy.HighsVarType.kInteger] * self.n))


def audit(system: System, hidden: np.ndarray, k: int,
          previous: Audit | None = None, changed: np.ndarray | None = None) -> Audit:
    """Intervals of every suppressed figure; `failing` those narrower than k − 1.

    With `previous` and `changed` (figures newly suppressed), only the parts of the
    system holding a changed figure are solved again; the rest keep their intervals.
    """
    lower = np.full(system.size, np.nan)
    upper = np.full(system.size, np.nan)
    unknown, a, row_lower, row_upper = constraints(system, hidden)
    where = np.full(system.size, -1)
    where[unknown] = np.arange(len(unknown))
    graph = (a.T @ a).tocsr() if a.shape[0] else sparse.csr_matrix((len(unknown),) * 2)
    count, label = connected_components(graph, directed=False)
    is_hidden = hidden[unknown]
    redo = np.ones(count, dtype=bool)
    if previous is not None and changed is not None:
        redo[:] = False
        redo[label[where[np.flatnonzero(changed)]]] = True
        keep = hidden & ~np.isnan(previous.lower)
        lower[keep], upper[keep] = previous.lower[keep], previous.upper[keep]
    wide = 2 * (k - 1)
    solved = 0
    a_csr = a.tocsr()
    for part in np.unique(label[is_hidden]):
        if not redo[part]:
            continue
        cols = np.flatnonzero(label == part)
        rows = np.unique(a_csr[:, cols].tocoo().row) if a.shape[0] else np.array([], int)
        sub = a_csr[rows][:, cols].tocsc()
        targets = np.flatnonzero(is_hidden[cols])
        model = _Component(sub, row_lower[rows], row_upper[rows],
                           np.where(is_hidden[cols], 1.0, 0.0))
        low, high = _intervals(model, targets, wide)
        if np.any(np.isfinite(high) & (np.floor(high + 1e-6) - np.ceil(low - 1e-6) < wide)):
            low, high = _integer(model, targets, low, high, wide)
        solved += model.solved
        ids = unknown[cols[targets]]
        lower[ids], upper[ids] = low, high
    width = np.floor(upper + 1e-6) - np.ceil(lower - 1e-6)
    failing = np.flatnonzero(hidden & (width < k - 1))
    log.info("disclosure audit: %d programs over %d parts, %d too narrow", solved,
             int(redo.sum()), len(failing))
    return Audit(lower, upper, failing, solved, count)


def _intervals(model: _Component, targets: np.ndarray, wide: float
               ) -> tuple[np.ndarray, np.ndarray]:
    """LP bounds of each target; those witnessed wide enough are not solved alone."""
    seen_low = np.full(len(targets), INF)
    seen_high = np.full(len(targets), -INF)
    low = np.full(len(targets), np.nan)
    high = np.full(len(targets), np.nan)

    def witness(solution: np.ndarray | None) -> None:
        if solution is not None:
            np.minimum(seen_low, solution[targets], out=seen_low)
            np.maximum(seen_high, solution[targets], out=seen_high)

    for maximize in (False, True):
        _value, solution = model.optimum(targets, maximize)
        witness(solution)
    for i, column in enumerate(targets):
        if seen_high[i] - seen_low[i] >= wide:
            low[i], high[i] = seen_low[i], seen_high[i]
            continue
        high[i], solution = model.optimum(np.array([column]), True)
        witness(solution)
        if seen_high[i] - seen_low[i] >= wide or np.isinf(high[i]):
            low[i] = seen_low[i] if np.isfinite(seen_low[i]) else 1.0
            continue
        low[i], solution = model.optimum(np.array([column]), False)
        witness(solution)
    return low, high


def _integer(model: _Component, targets: np.ndarray, low: np.ndarray, high: np.ndarray,
             wide: float) -> tuple[np.ndarray, np.ndarray]:
    """Bounds with the counts integer, for the targets whose LP interval is close."""
    model.integer()
    low, high = low.copy(), high.copy()
    close = np.isfinite(high) & (np.floor(high + 1e-6) - np.ceil(low - 1e-6) < wide)
    for i in np.flatnonzero(close):
        high[i], _ = model.optimum(np.array([targets[i]]), True)
        low[i], _ = model.optimum(np.array([targets[i]]), False)
    return low, high
