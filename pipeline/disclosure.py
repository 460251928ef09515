"""Small-cell suppression over every published table at once, checked by an audit.

Primary: a count of 1 to k − 1 records is suppressed. Secondary, across tables: every
count cell is a figure of one universe of records (relations.py), the same figure is
suppressed wherever it is published, and more figures are suppressed until no
suppressed one can be worked out: first against subtraction (a total and all but one
of its parts give the last one; repeated, since a worked-out total is a new known),
choosing the smallest visible part of the relation that gave a cell away; then against
linear programming (audit.py: totals, same figures, bounds within a row, integers),
suppressing the cheapest visible neighbour of each cell still too narrow, until the
audit passes (after τ-ARGUS's and sdcTable's protection intervals). Zero is a fact,
not a risk: it stays, so a suppressed count is never 0.

Rates, means and medians are suppressed when their denominator is below k, or when a
count they are computed from is suppressed. Suppressed cells become empty; `suppressed`
says the row has one and `suppressed_cells` names them, so that suppressed, missing and
zero read differently.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse

from pipeline.audit import Audit, audit, derive, protection
from pipeline.errors import InputError
from pipeline.policy import SUPPRESSED, SUPPRESSED_CELLS, Policy, Rate
from pipeline.relations import Source, System, build_system

__all__ = ["SUPPRESSED", "SUPPRESSED_CELLS", "DisclosureRefused", "Policy", "Rate",
           "hidden_cells", "suppress", "suppress_tables"]

log = logging.getLogger(__name__)

MAX_ROUNDS = 60


class DisclosureRefused(InputError):
    """A suppressed cell that no choice of further suppression keeps wide enough."""


def _source(name: str, frame: pd.DataFrame, policy: Policy) -> Source:
    return Source(name, frame, policy.counts, policy.universe, policy.dims, policy.measures,
                  policy.scope, policy.groups, policy.derived, policy.floors)


def _costs(system: System, hidden: np.ndarray) -> np.ndarray:
    """What suppressing each figure costs: its value; impossible (inf) for zeros, for
    totals published elsewhere, for unpublished figures and for those already hidden."""
    variables = system.variables
    cost = variables["value"].to_numpy(dtype="float64", na_value=np.nan).copy()
    impossible = ~variables["choosable"].to_numpy() | hidden | ~(cost > 0)
    cost[impossible] = np.inf
    return cost


def _cheapest(group: np.ndarray, member: np.ndarray, cost: np.ndarray) -> np.ndarray:
    """Per group, the member of least finite cost (the lowest numbered among equals)."""
    finite = np.isfinite(cost)
    group, member, cost = group[finite], member[finite], cost[finite]
    order = np.lexsort((member, cost, group))
    group = group[order]
    return member[order][np.r_[True, group[1:] != group[:-1]][: len(group)]]


def _too_narrow_sums(system: System, known: np.ndarray, values: np.ndarray,
                     hidden: np.ndarray, k: int) -> np.ndarray:
    """Relations whose known total leaves their hidden parts (each ≥ 1) too little room:
    n hidden parts sharing r are each within [1, r − n + 1]."""
    rel = system.relations
    unknown = ~known
    parts = (rel < 0).astype(np.float64)
    totals = (rel > 0).astype(np.float64)
    hidden_parts = parts @ (unknown & hidden).astype(np.float64)
    other = abs(rel).astype(bool).astype(np.float64) @ (unknown & ~hidden).astype(np.float64)
    open_total = totals @ unknown.astype(np.float64)
    room = rel @ np.where(known, values, 0.0)
    return np.flatnonzero((hidden_parts >= 2) & (other == 0) & (open_total == 0)
                          & (room - hidden_parts < k - 1))


def _too_narrow_bounds(system: System, known: np.ndarray, values: np.ndarray,
                       hidden: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """(figures, partners) where a hidden figure's known row bounds pin it below k − 1:
    the partners are the known smaller figure giving its floor (at least 1) and larger
    giving its ceiling."""
    small, large = system.bounds[:, 0], system.bounds[:, 1]
    below = hidden[large] & known[small]  # small is a floor of large
    above = hidden[small] & known[large]  # large is a ceiling of small
    floor = np.full(system.size, -np.inf)
    np.maximum.at(floor, large[below], values[small[below]])
    floor = np.maximum(floor, 1.0)
    ceiling = np.full(system.size, np.inf)
    np.minimum.at(ceiling, small[above], values[large[above]])
    pinned = np.isfinite(ceiling) & (ceiling - floor < protection(system, k))
    floors = below & pinned[large] & (values[small] == floor[large])
    ceilings = above & pinned[small] & (values[large] == ceiling[small])
    return np.r_[large[floors], small[ceilings]], np.r_[small[floors], large[ceilings]]


def close_subtraction(system: System, hidden: np.ndarray, k: int) -> np.ndarray:
    """Hide more until subtraction (repeated), the sums of hidden parts (each ≥ 1) and the
    bounds within a row give no hidden figure away: each time, the cheapest visible
    figure of the relation (or the bound) that gave it away is hidden too."""
    hidden = hidden.copy()
    pattern = abs(system.relations).astype(bool).astype(np.float64).tocsr()
    for _ in range(MAX_ROUNDS * 10):
        known, values = derive(system, hidden)
        open_ = (~known).astype(np.float64)
        single = np.flatnonzero(pattern @ open_ == 1)
        members = pattern[single].multiply(open_).tocoo()
        nonzero = members.data != 0
        leaking = single[members.row[nonzero][hidden[members.col[nonzero]]]]
        rows = np.union1d(leaking, _too_narrow_sums(system, known, values, hidden, k))
        cost = _costs(system, hidden)
        members = pattern[rows].tocoo()
        figures, partners = _too_narrow_bounds(system, known, values, hidden, k)
        chosen = np.union1d(_cheapest(members.row, members.col, cost[members.col]),
                            _cheapest(figures, partners, cost[partners]))
        if not len(chosen):
            return hidden
        hidden[chosen] = True
    raise RuntimeError("secondary suppression did not settle")


@dataclass(frozen=True)
class _Lookup:
    """What `_neighbours` reads of the system, computed once per round."""

    values: np.ndarray
    visible: np.ndarray
    by_var: sparse.csr_matrix  # figure × relation
    relations: sparse.csr_matrix  # relation × figure
    required: np.ndarray

    @classmethod
    def of(cls, system: System, hidden: np.ndarray, k: int) -> _Lookup:
        return cls(system.variables["value"].to_numpy(),
                   system.variables["published"].to_numpy() & ~hidden,
                   system.relations.T.tocsr(), system.relations.tocsr(),
                   protection(system, k))


def _members(matrix: sparse.csr_matrix, rows: np.ndarray) -> np.ndarray:
    """The column of every stored entry of `rows` (CSR slices, without a matrix copy)."""
    starts = matrix.indptr[rows]
    lengths = matrix.indptr[rows + 1] - starts
    shift = np.repeat(starts - np.cumsum(lengths) + lengths, lengths)
    return matrix.indices[shift + np.arange(lengths.sum())]


def _neighbours(system: System, var: int, lookup: _Lookup, cost: np.ndarray,
                strikes: int) -> list[int]:
    """Visible figures whose suppression can widen `var`: the cheapest bound partner when
    the row's bounds alone pin it, else the cheapest part or total of one of its
    relations (reached through unknown figures if its own relations have none). A cell
    still too narrow after that takes every such figure, at least one per round it has
    failed (`strikes`), reaching relations further out when those run short."""
    values, visible = lookup.values, lookup.visible
    small = system.bounds[system.bounds[:, 1] == var, 0]
    large = system.bounds[system.bounds[:, 0] == var, 1]
    small, large = small[visible[small]], large[visible[large]]
    floor_ = values[small].max() if len(small) else 0.0
    ceiling = values[large].min() if len(large) else np.inf
    if strikes == 0 and ceiling - floor_ < lookup.required[var]:
        partners = np.r_[small[values[small] == floor_], large[values[large] == ceiling]]
        partners = partners[np.isfinite(cost[partners])]
        if len(partners):
            return [int(partners[np.argmin(cost[partners])])]
    by_var = lookup.by_var
    frontier, seen, found = np.array([var]), {var}, []
    for _ in range(6):
        rels = np.unique(_members(by_var, frontier))
        members = np.setdiff1d(_members(lookup.relations, rels), list(seen))
        bound_partners = np.r_[system.bounds[np.isin(system.bounds[:, 0], frontier), 1],
                               system.bounds[np.isin(system.bounds[:, 1], frontier), 0]]
        members = np.union1d(members, np.setdiff1d(bound_partners, list(seen)))
        options = members[np.isfinite(cost[members])]
        if len(options):
            if strikes == 0:
                return [int(options[np.lexsort((options, cost[options]))[0]])]
            found.extend(options.tolist())
            if len(found) >= strikes:
                return found
        seen.update(members.tolist())
        frontier = members[~visible[members]] if not found else members
        if not len(frontier):
            break
    return found


def protect(system: System, k: int) -> tuple[np.ndarray, Audit]:
    """The figures to hide (primary, then secondary until the audit passes) and the audit."""
    values = system.variables["value"].to_numpy()
    # a small total published elsewhere (declared group) is suppressed there too
    published = system.variables["published"].to_numpy()
    hidden = published & (values >= 1) & (values < k)
    strikes = np.zeros(system.size, dtype=int)
    result = None
    for _ in range(MAX_ROUNDS):
        hidden = close_subtraction(system, hidden, k)
        result = audit(system, hidden, k, result)
        if not len(result.failing):
            return hidden, result
        cost = _costs(system, hidden)
        lookup = _Lookup.of(system, hidden, k)
        added = set()
        for var in result.failing:
            for choice in _neighbours(system, int(var), lookup, cost, strikes[var]):
                added.add(choice)
                cost[choice] = np.inf
        strikes[result.failing] += 1
        if not added:
            break
        hidden[sorted(added)] = True
    raise _refusal(system, result.failing[0], k)


def _refusal(system: System, var: int, k: int) -> DisclosureRefused:
    cells = system.cells[system.cells["var"] == var].sort_values(["table", "row"])
    if len(cells):
        cell = cells.iloc[0]
        return DisclosureRefused(
            f"{cell['table']}.csv", f"a suppressed cell can be worked out from the published "
            f"tables to fewer than k − 1 = {k - 1} values ({system.variables['label'][var]})",
            line=int(cell["row"]) + 2, column=str(cell["column"]))
    return DisclosureRefused("data", f"a suppressed figure cannot be protected: "
                             f"{system.variables['label'][var]}")


def _apply(frame: pd.DataFrame, policy: Policy, counts: pd.DataFrame, k: int) -> pd.DataFrame:
    """The table with the hidden counts (row × count column mask) and their rates emptied."""
    mask = counts.copy()
    result = frame.copy()
    for rate in policy.rates:
        base = frame[rate.denominator].astype("float64")
        hide = (base > 0) & (base < k)
        for source in (rate.denominator, rate.numerator):
            if source in mask:
                hide |= mask[source]
        mask[rate.column] = hide & frame[rate.column].notna()
    for column in mask:
        result[column] = result[column].astype("object").where(~mask[column], None)
    names = mask.astype(int).dot(mask.columns + ";").str.rstrip(";")
    result[SUPPRESSED] = mask.any(axis=1)
    result[SUPPRESSED_CELLS] = names.astype(object).where(names != "", None)
    for column in policy.counts:
        result[column] = result[column].astype("Int64")
    return result


def suppress_tables(tables: Sequence[tuple[str, pd.DataFrame, Policy]], k: int
                    ) -> tuple[dict[str, pd.DataFrame], dict]:
    """Every table suppressed together; the audit's summary (never a value) beside them."""
    tables = [(name, frame.reset_index(drop=True), policy) for name, frame, policy in tables]
    system = build_system([_source(name, frame, policy) for name, frame, policy in tables])
    hidden, result = protect(system, k)
    cells = system.cells.assign(hidden=hidden[system.cells["var"].to_numpy()])
    out = {}
    for name, frame, policy in tables:
        own = cells[cells["table"] == name]
        counts = own.pivot(index="row", columns="column", values="hidden") \
            .reindex(index=frame.index, columns=list(policy.counts)).fillna(False).astype(bool)
        out[name] = _apply(frame, policy, counts, k)
    summary = result.summary(system, hidden, k)
    log.info("suppressed %d cells (%d figures) across %d tables; audit passed, narrowest "
             "interval %s", summary["suppressed_cells"], summary["suppressed_figures"],
             len(tables), summary["narrowest_interval"])
    return out, summary


def suppress(frame: pd.DataFrame, policy: Policy, k: int) -> pd.DataFrame:
    """One table alone with small cells emptied and marked; the input is not changed."""
    frames, _summary = suppress_tables([("table", frame, policy)], k)
    return frames["table"]


def hidden_cells(frame: pd.DataFrame) -> set[tuple[int, str]]:
    """(row, column) of every suppressed cell of a suppressed table, for tests and pages."""
    found = set()
    for row, names in frame[SUPPRESSED_CELLS].items():
        if isinstance(names, str) and names:
            found.update((row, name) for name in names.split(";"))
    return found
