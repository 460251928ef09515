"""The disclosure audit: how far each suppressed cell can still be worked out.

An attacker holds every published figure and the relations between them (relations.py:
totals and their parts, same figure in two tables, bounds between measures of a row,
counts ≥ 0, a suppressed count ≥ 1 since zeros are published). For each suppressed cell
the smallest and largest value consistent with all of that is a pair of linear programs;
HiGHS solves them (highspy), one model per connected part of the unknowns, warm-started
as only the objective changes. A cell passes when its interval is at least k − 1 wide
(the protection interval, as in τ-ARGUS and sdcTable): never pinned, never narrowed to
a handful of values. Integers matter where an optimum is fractional and decides the
outcome: there the bound is solved again with the counts integer (mixed-integer
programs, time-limited; parts of more than MIP_COLUMNS figures keep the linear bound).

To keep it fast, without changing any outcome: figures that subtraction already
determines are constants; bounds propagated through the relations (programs.propagate,
valid for every solution of the linear programs) refuse a cell narrower than k − 1
without a program; every integral solution is a feasible table, the true one first, so
it witnesses values each suppressed cell can take: a cell whose witnessed values already
span k − 1 needs no program of its own, and a bound a witness reaches is exact.
Suppressing more only widens intervals, so a later round re-checks only the cells that
failed and the newly suppressed, its programs starting from the last round's basis.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from pipeline.programs import INF, Component, Start, propagate
from pipeline.relations import System

log = logging.getLogger(__name__)

MIP_COLUMNS = 400  # larger parts keep the linear bounds (integer programs too slow)
WITNESSES = 4  # programs over random halves of the narrow targets before one each
SPLIT_TARGETS = 24  # this many targets needing programs of their own: two models, two threads


@dataclass
class Audit:
    """Intervals of the suppressed figures (NaN elsewhere) and the ones too narrow."""

    lower: np.ndarray
    upper: np.ndarray
    failing: np.ndarray
    solved: int = 0
    components: int = 0
    #: where the next round's programs start: the last basis status of each figure and
    #: row (suppressing more keeps most of the basis)
    start: Start | None = None

    def summary(self, system: System, hidden: np.ndarray, k: int) -> dict:
        """Counts and the narrowest width only: never a value."""
        shown = hidden & system.variables["choosable"].to_numpy()
        width = (self.upper - self.lower)[shown]
        finite = width[np.isfinite(width)]
        return {
            "method": "primary k, secondary across tables, linear/integer-programming audit",
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
                ) -> tuple[np.ndarray, sparse.csc_matrix, np.ndarray, np.ndarray, np.ndarray]:
    """(unknown figures, A, lower, upper, rows): lower ≤ A·x ≤ upper over the unknowns;
    `rows` numbers each row as relation, then bound, of the whole system."""
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
    return unknown, part[useful].tocsc(), lower[useful], rhs[useful], np.flatnonzero(useful)


def audit(system: System, hidden: np.ndarray, k: int, previous: Audit | None = None
          ) -> Audit:
    """Intervals of every suppressed figure; `failing` those narrower than k − 1.

    Suppressing more only removes knowledge, so an interval can only widen: with
    `previous`, the figures that passed keep their intervals and only the others (and
    the newly suppressed) are solved again.
    """
    # imported here: a build that reuses its tables never audits (a tenth of a second)
    from scipy.sparse.csgraph import connected_components

    lower = np.full(system.size, np.nan)
    upper = np.full(system.size, np.nan)
    required = protection(system, k)
    check = hidden.copy()
    if previous is not None:
        passed = hidden & ~np.isnan(previous.lower)
        passed[previous.failing] = False
        lower[passed], upper[passed] = previous.lower[passed], previous.upper[passed]
        check &= ~passed
    unknown, a, row_lower, row_upper, row_ids = constraints(system, hidden)
    a_csr = a.tocsr()
    if previous is not None and previous.start is not None:
        state = Start(previous.start.columns.copy(), previous.start.rows.copy())
    else:
        state = Start(np.full(system.size, -1),
                      np.full(system.relations.shape[0] + len(system.bounds), -1))
    is_hidden = hidden[unknown]
    floor = system.variables["floor"].to_numpy()[unknown]
    col_lower = np.maximum(np.where(is_hidden, 1.0, 0.0), floor)
    outer_low, outer_high = propagate(a_csr, row_lower, row_upper, col_lower)
    outer_low, outer_high = np.ceil(outer_low - 1e-6), np.floor(outer_high + 1e-6)
    needed = required[unknown]
    # too narrow whatever the programs say: no program needed to refuse them
    pinned = check[unknown] & (outer_high - outer_low < needed - 1e-6)
    lower[unknown[pinned]], upper[unknown[pinned]] = outer_low[pinned], outer_high[pinned]
    is_checked = check[unknown] & ~pinned
    graph = (a.T @ a).tocsr() if a.shape[0] else sparse.csr_matrix((len(unknown),) * 2)
    count, label = connected_components(graph, directed=False)
    truth = system.variables["value"].to_numpy(dtype="float64", na_value=np.nan)[unknown]
    solved, parts = 0, 0
    for part in np.unique(label[is_checked]):
        cols = np.flatnonzero(label == part)
        rows = np.unique(a_csr[:, cols].tocoo().row) if a.shape[0] else np.array([], int)
        figures, relations = unknown[cols], row_ids[rows]
        model = Component(a_csr[rows][:, cols].tocsc(), row_lower[rows], row_upper[rows],
                          col_lower[cols], Start(state.columns[figures], state.rows[relations]))
        targets = np.flatnonzero(is_checked[cols])
        ids = cols[targets]
        low, high, end = _intervals(model, targets, needed[ids], truth[ids],
                                    (outer_low[ids], outer_high[ids]))
        state.columns[figures], state.rows[relations] = end.columns, end.rows
        solved += model.solved
        parts += 1
        log.debug("audit part: %d figures, %d to check, %d programs", len(cols),
                  len(targets), model.solved)
        lower[unknown[ids]], upper[unknown[ids]] = low, high
    width = upper - lower
    failing = np.flatnonzero(hidden & ~(width >= required - 1e-6))
    log.info("disclosure audit: %d programs over %d parts, %d too narrow (%d by the "
             "relations alone)", solved, parts, len(failing), pinned.sum())
    return Audit(lower, upper, failing, solved + (previous.solved if previous else 0),
                 count, state)


def protection(system: System, k: int) -> np.ndarray:
    """The width each figure's interval needs once suppressed: k − 1, for a small count
    and for the larger ones suppressed alongside it alike (an attacker cannot tell them
    apart, and narrowing a secondary cell narrows the small ones it protects)."""
    return np.full(system.size, float(k - 1))


def _integral(solution: np.ndarray | None) -> bool:
    return solution is not None and bool(np.all(np.abs(solution - np.round(solution)) < 1e-6))


def _stopping_on_error(stop: threading.Event, work, *args) -> None:
    """`work(*args)`; on an error, `stop` is set first (the other half stops too)."""
    try:
        work(*args)
    except BaseException:
        stop.set()
        raise


def _witness(solution: np.ndarray | None, targets: np.ndarray, seen_low: np.ndarray,
             seen_high: np.ndarray) -> None:
    """An integral solution is a feasible table: its values of the targets can be taken."""
    if _integral(solution):
        np.minimum(seen_low, solution[targets], out=seen_low)
        np.maximum(seen_high, solution[targets], out=seen_high)


def _intervals(model: Component, targets: np.ndarray, needed: np.ndarray,
               truth: np.ndarray, outer: tuple[np.ndarray, np.ndarray]
               ) -> tuple[np.ndarray, np.ndarray, Start]:
    """Integer bounds of each target (or an interval proved at least `needed` wide).

    Only integral solutions witness values (they are feasible tables of counts), the
    true table first. An LP bound reached by an integral solution is the integer bound,
    and so is a bound of `outer` (integer bounds every solution keeps) that a witness
    reaches; where the optimum is fractional and decides the outcome, the bound is
    solved again with integers.
    """
    seen_low, seen_high = truth.copy(), truth.copy()
    low, high = outer[0].copy(), outer[1].copy()

    def witness(solution: np.ndarray | None) -> None:
        _witness(solution, targets, seen_low, seen_high)

    def wide() -> np.ndarray:
        return seen_high - seen_low >= needed

    def narrow_anyway(i: int) -> bool:
        return np.floor(high[i] + 1e-6) - np.ceil(low[i] - 1e-6) < needed[i]

    _value, solution = model.optimum(targets, False)
    witness(solution)
    model.primal()  # the basis stays feasible as only the objective changes
    # a few directions (fixed seed: the same inputs give the same audit) witness many
    # targets at once; the ones still narrow get programs of their own
    pick = np.random.default_rng(0)
    for _ in range(WITNESSES):
        narrow = ~wide()
        if not narrow.any():
            break
        _value, solution = model.optimum(targets[narrow & (pick.random(len(targets)) < .5)],
                                         True)
        witness(solution)
    exact = np.zeros((len(targets), 2), dtype=bool)
    stop = threading.Event()

    def own_programs(part: Component, order: list[int], seen: tuple[np.ndarray, np.ndarray]
                     ) -> None:
        """Each target of `order` still narrow: its own maximum, then minimum, on `part`;
        every integral solution witnesses values in `seen` (low, high) as it comes."""
        seen_lo, seen_hi = seen
        for i in order:
            if stop.is_set():  # the other half failed: its error is what is raised
                return
            column = targets[i]
            if seen_hi[i] - seen_lo[i] >= needed[i]:
                continue
            if seen_hi[i] >= high[i]:  # a witness at the outer bound: the bound itself
                exact[i, 1] = True
            else:
                best, solution = part.optimum(np.array([column]), True)
                high[i] = min(high[i], best)
                exact[i, 1] = _integral(solution)
                _witness(solution, targets, seen_lo, seen_hi)
                if seen_hi[i] - seen_lo[i] >= needed[i] or np.isinf(high[i]):
                    continue
            if narrow_anyway(i):
                continue
            if seen_lo[i] <= low[i]:
                exact[i, 0] = True
            else:
                best, solution = part.optimum(np.array([column]), False)
                low[i] = max(low[i], best)
                exact[i, 0] = _integral(solution)
                _witness(solution, targets, seen_lo, seen_hi)

    narrow = [i for i in range(len(targets)) if seen_high[i] - seen_low[i] < needed[i]]
    if len(narrow) < SPLIT_TARGETS:
        own_programs(model, narrow, (seen_low, seen_high))
    else:
        # two halves, each on its own copy of the model, the second in a thread: HiGHS
        # lets go of the GIL while it solves. Each half keeps the witnesses it finds
        # (merged after), so the programs solved do not depend on the threads' timing;
        # the same halves on any machine. A bound is an optimum whichever half solves it.
        other = model.copy()
        seen_other = (seen_low.copy(), seen_high.copy())
        with ThreadPoolExecutor(1) as pool:
            second = pool.submit(_stopping_on_error, stop, own_programs, other,
                                 narrow[1::2], seen_other)
            try:
                own_programs(model, narrow[0::2], (seen_low, seen_high))
            except BaseException:
                stop.set()  # the thread stops at its next target, not after all of them
                raise
            second.result()
        np.minimum(seen_low, seen_other[0], out=seen_low)
        np.maximum(seen_high, seen_other[1], out=seen_high)
        model.solved += other.solved
    passed = wide()
    end = model.end()  # where the next round's linear programs begin
    outer_width = np.floor(high + 1e-6) - np.ceil(low - 1e-6)
    unsure = np.flatnonzero(~exact.all(axis=1) & (outer_width >= needed) & ~passed)
    if len(unsure) and model.n <= MIP_COLUMNS:
        # integer programs, time-limited: only the integral tables they find count
        # (values the cell can really take), so a limit reached errs on refusing
        model.integer()
        for i in unsure:
            high[i], _ = model.optimum(np.array([targets[i]]), True)
            low[i], _ = model.optimum(np.array([targets[i]]), False)
        log.debug("audit: %d cells checked with integers", len(unsure))
    elif len(unsure):
        log.info("audit: %d cells of a part of %d figures bounded by linear programs only",
                 len(unsure), model.n)
    low[passed], high[passed] = seen_low[passed], seen_high[passed]
    return np.ceil(low - 1e-6), np.floor(high + 1e-6), end
