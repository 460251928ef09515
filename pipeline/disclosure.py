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
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import sparse

from pipeline.audit import Audit, audit
from pipeline.errors import InputError
from pipeline.relations import Measure, Source, System, Universe, build_system

log = logging.getLogger(__name__)

SUPPRESSED = "suppressed"
SUPPRESSED_CELLS = "suppressed_cells"
MAX_ROUNDS = 60


class DisclosureRefused(InputError):
    """A suppressed cell that no choice of further suppression keeps wide enough."""


@dataclass(frozen=True)
class Rate:
    column: str
    denominator: str
    numerator: str | None = None  # None for medians and means


@dataclass(frozen=True)
class Policy:
    """How one table is protected: its counts, its rates, how its cells are keyed in
    their universe of records (relations.py) and the totals published elsewhere."""

    counts: tuple[str, ...]
    rates: tuple[Rate, ...] = ()
    groups: tuple[tuple[str, ...], ...] = ()
    derived: dict[str, Callable[[pd.DataFrame], pd.Series]] = field(default_factory=dict)
    universe: Universe | None = None
    dims: dict[str, str] = field(default_factory=dict)
    measures: dict[str, Measure] = field(default_factory=dict)
    scope: tuple[str, ...] = ()


def _source(name: str, frame: pd.DataFrame, policy: Policy) -> Source:
    return Source(name, frame, policy.counts, policy.universe, policy.dims, policy.measures,
                  policy.scope, policy.groups, policy.derived)


def _costs(system: System, hidden: np.ndarray) -> np.ndarray:
    """What suppressing each figure costs: its value; impossible (inf) for zeros, for
    totals published elsewhere, for unpublished figures and for those already hidden."""
    variables = system.variables
    cost = variables["value"].to_numpy(dtype="float64", na_value=np.nan).copy()
    impossible = ~variables["choosable"].to_numpy() | hidden | ~(cost > 0)
    cost[impossible] = np.inf
    return cost


def _cheapest(members: sparse.coo_matrix, cost: np.ndarray) -> pd.Series:
    """Per row of `members` (relation × figure), the figure of least finite cost."""
    frame = pd.DataFrame({"row": members.row, "var": members.col, "cost": cost[members.col]})
    frame = frame[np.isfinite(frame["cost"])].sort_values(["row", "cost", "var"])
    return frame.drop_duplicates("row").set_index("row")["var"]


def close_subtraction(system: System, hidden: np.ndarray) -> np.ndarray:
    """Hide more until repeated subtraction over the relations gives no hidden figure away."""
    hidden = hidden.copy()
    published = system.variables["published"].to_numpy()
    pattern = abs(system.relations).astype(bool).astype(np.float64).tocsr()
    for _ in range(MAX_ROUNDS * 10):
        determined = published & ~hidden
        stuck = np.zeros_like(hidden)
        while True:
            open_ = (~determined).astype(np.float64)
            single = np.flatnonzero(pattern @ open_ == 1)
            if not len(single):
                return hidden
            members = pattern[single].multiply(open_).tocoo()
            nonzero = members.data != 0
            found = pd.DataFrame({"rel": single[members.row[nonzero]],
                                  "var": members.col[nonzero]})
            leaks = found[hidden[found["var"]] & ~stuck[found["var"]]] \
                .drop_duplicates("var")
            choice = _cheapest(pattern[leaks["rel"].to_numpy()].tocoo(),
                               _costs(system, hidden)) if len(leaks) else pd.Series()
            if len(choice):
                hidden[choice.unique()] = True
                break
            stuck[leaks["var"].to_numpy()] = True  # left to the audit's repair
            determined[found["var"].to_numpy()] = True
    raise RuntimeError("secondary suppression did not settle")


def _neighbours(system: System, var: int, hidden: np.ndarray, k: int,
                cost: np.ndarray) -> int | None:
    """The cheapest visible figure whose suppression can widen `var`: a bound partner
    when the row's bounds alone pin it, else a part or total of one of its relations
    (reached through unknown figures if its own relations have none)."""
    values = system.variables["value"].to_numpy()
    visible = system.variables["published"].to_numpy() & ~hidden
    small = system.bounds[system.bounds[:, 1] == var, 0]
    large = system.bounds[system.bounds[:, 0] == var, 1]
    small, large = small[visible[small]], large[visible[large]]
    floor_ = values[small].max() if len(small) else 0.0
    ceiling = values[large].min() if len(large) else np.inf
    if ceiling - floor_ < k - 1:
        partners = np.r_[small[values[small] == floor_], large[values[large] == ceiling]]
        partners = partners[np.isfinite(cost[partners])]
        if len(partners):
            return int(partners[np.argmin(cost[partners])])
    by_var = system.relations.T.tocsr()
    frontier, seen = np.array([var]), {var}
    for _ in range(4):
        rels = np.unique(by_var[frontier].indices)
        members = np.setdiff1d(np.unique(system.relations[rels].indices), list(seen))
        bound_partners = np.r_[system.bounds[np.isin(system.bounds[:, 0], frontier), 1],
                               system.bounds[np.isin(system.bounds[:, 1], frontier), 0]]
        members = np.union1d(members, np.setdiff1d(bound_partners, list(seen)))
        options = members[np.isfinite(cost[members])]
        if len(options):
            return int(options[np.lexsort((options, cost[options]))[0]])
        seen.update(members.tolist())
        frontier = members[~visible[members]]
        if not len(frontier):
            return None
    return None


def protect(system: System, k: int) -> tuple[np.ndarray, Audit]:
    """The figures to hide (primary, then secondary until the audit passes) and the audit."""
    values = system.variables["value"].to_numpy()
    # a small total published elsewhere (declared group) is suppressed there too
    published = system.variables["published"].to_numpy()
    hidden = published & (values >= 1) & (values < k)
    result = None
    changed = hidden.copy()
    for _ in range(MAX_ROUNDS):
        before = hidden.copy()
        hidden = close_subtraction(system, hidden)
        changed |= hidden & ~before
        result = audit(system, hidden, k, result, changed)
        if not len(result.failing):
            return hidden, result
        cost = _costs(system, hidden)
        added = set()
        for var in result.failing:
            choice = _neighbours(system, int(var), hidden, k, cost)
            if choice is not None:
                added.add(choice)
                cost[choice] = np.inf
        if not added:
            break
        changed = np.zeros_like(hidden)
        changed[list(added)] = True
        hidden |= changed
    raise _refusal(system, result.failing[0], k)


def _refusal(system: System, var: int, k: int) -> DisclosureRefused:
    cells = system.cells[system.cells["var"] == var].sort_values(["table", "row"])
    if len(cells):
        cell = cells.iloc[0]
        return DisclosureRefused(
            f"{cell['table']}.csv", f"a suppressed cell can be worked out from the published "
            f"tables to within fewer than k − 1 = {k - 1} values ({system.variables['label'][var]})",
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
