"""Every published count cell as one system of linear relations: what an attacker knows.

A count cell built from records is a (measure, dimensions) figure over one universe of
records (case records, hotline calls, backlog snapshots): `cases_by_department` 2025 /
complaint / 区信访局 `closed` is "closed cases, year 2025, source complaint, department
区信访局, every month, every district". Two cells with the same key are the same figure,
wherever they are published: they are one variable here. The keys of every table are
coarsened along each dimension (a month to its year, a department to all departments)
into the lattice of figures they determine, published or not, and each figure equals
the sum of its refinements along any one dimension ("a cell = sum of its refinements").
Records left out of a table on purpose (cases without a district, calls without a
department) are one more unpublished part, so those tables add up to at most the total.
Measures of one figure are bounded by each other (closed ≤ received, on_time ≤
base_on_time ≤ closed, ...), as the universe declares; every count is ≥ 0 and integer.

A table outside any universe declares in its policy's `groups` the totals published
elsewhere (a page, a chart): known figures here. A table of a universe needs none.
The result is plain arrays: disclosure.py chooses the cells to suppress over it and
audit.py asks a linear-programming solver what each suppressed cell can still be.
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from scipy import sparse

ALL = "\x00all"  # every value of a dimension
NONE = "\x00none"  # the records a table leaves out for want of a value


@dataclass(frozen=True)
class Dim:
    """A dimension of a universe; `within` nests it (a month within its year)."""

    name: str
    within: str | None = None
    additive: bool = True  # False for snapshots: open cases of two months do not add up


@dataclass(frozen=True)
class Universe:
    """The records a family of tables counts, its dimensions and the bounds between
    measures of one figure: (smaller, larger) pairs such as ("closed", "received")."""

    name: str
    dims: tuple[Dim, ...]
    bounds: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Measure:
    """A count column that is another measure, or that measure for one value of a
    dimension: `consultations` is `calls` with kind = consultation."""

    name: str
    fixed: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Source:
    """One table as the relations see it: its rows, count columns and how they are keyed."""

    name: str
    frame: pd.DataFrame
    counts: tuple[str, ...]
    universe: Universe | None = None
    dims: dict[str, str] = field(default_factory=dict)  # dimension → column of the frame
    measures: dict[str, Measure] = field(default_factory=dict)
    scope: tuple[str, ...] = ()  # dimensions whose records without a value are left out
    groups: tuple[tuple[str, ...], ...] = ()
    derived: dict[str, Callable[[pd.DataFrame], pd.Series]] = field(default_factory=dict)
    floors: dict[str, str] = field(default_factory=dict)  # count → column it is at least


@dataclass
class System:
    """`variables`: one row per figure (label, value, published, choosable, floor);
    `cells`: (table, row, column) → variable; `relations`: R with R·x = 0, one row per
    total and its parts; `bounds`: pairs (i, j) with x[i] ≤ x[j]."""

    variables: pd.DataFrame
    cells: pd.DataFrame
    relations: sparse.csr_matrix
    bounds: np.ndarray
    kinds: dict[str, int]

    @property
    def size(self) -> int:
        return len(self.variables)


def _coarsenings(dims: tuple[Dim, ...]) -> list[tuple[str, ...]]:
    """Sets of dimensions that can be summed away together (a year only with its months)."""
    additive = [d.name for d in dims if d.additive]
    inner = {d.name: {e.name for e in dims if e.within == d.name} for d in dims}
    found = []
    for size in range(1, len(additive) + 1):
        for subset in itertools.combinations(additive, size):
            if all(inner[name] <= set(subset) for name in subset):
                found.append(subset)
    return found


def _keys(source: Source, universe: Universe) -> pd.DataFrame:
    """(table, row, column, value, floor, measure, dims..., real_<dim>...) of every count
    cell, count column after count column.

    `real_<dim>` says the table groups by that dimension (rather than a column fixing
    it, as `consultations` fixes the kind): its rows then hold every value of it.
    """
    frame = source.frame.reset_index(drop=True)
    frame = frame.assign(**{name: f(frame) for name, f in source.derived.items()})
    rows, counts = len(frame), len(source.counts)
    measures = [source.measures.get(column, Measure(column)) for column in source.counts]
    fixed = [dict(measure.fixed) for measure in measures]
    keys = {
        "table": np.full(rows * counts, source.name, dtype=object),
        "row": np.tile(np.arange(rows), counts),
        "column": np.repeat(np.array(source.counts, dtype=object), rows),
        "value": np.concatenate([pd.to_numeric(frame[c]).to_numpy(dtype="float64")
                                 for c in source.counts]),
        "floor": np.concatenate([
            pd.to_numeric(frame[source.floors[c]]).to_numpy(dtype="float64")
            if c in source.floors else np.zeros(rows) for c in source.counts]),
        "measure": np.repeat(np.array([m.name for m in measures], dtype=object), rows),
    }
    for d in universe.dims:
        given = frame[source.dims[d.name]].astype(str).to_numpy(dtype=object) \
            if d.name in source.dims else np.full(rows, ALL, dtype=object)
        keys[d.name] = np.concatenate([np.full(rows, f[d.name], dtype=object)
                                       if d.name in f else given for f in fixed])
    for d in universe.dims:
        keys[f"real_{d.name}"] = np.repeat(
            [d.name in source.dims and d.name not in f for f in fixed], rows)
    return pd.DataFrame(keys)


def _row_keys(widths: np.ndarray, *rows: np.ndarray) -> list[np.ndarray]:
    """One integer per row of codes (each below its column's width), sorting as the rows
    do, consistent across the arrays `rows`."""
    if math.prod(int(w) for w in widths) < 2 ** 62:
        weights = np.cumprod(np.r_[widths[1:], 1][::-1])[::-1].astype(np.int64)
        return [r.astype(np.int64) @ weights for r in rows]
    _, inverse = np.unique(np.concatenate(rows), axis=0, return_inverse=True)
    return np.split(inverse.ravel(), np.cumsum([len(r) for r in rows])[:-1])


def _unique_rows(rows: np.ndarray, widths: np.ndarray) -> np.ndarray:
    _, first = np.unique(_row_keys(widths, rows)[0], return_index=True)
    return rows[first]


def _lookup(widths: np.ndarray, nodes: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """The position of each of `rows` among `nodes` (sorted, unique rows), −1 if absent."""
    node_keys, keys = _row_keys(widths, nodes, rows)
    if not len(node_keys):
        return np.full(len(keys), -1)
    at = np.minimum(np.searchsorted(node_keys, keys), len(node_keys) - 1)
    return np.where(node_keys[at] == keys, at, -1)


def _seeds(source: Source, keys: np.ndarray, universe: Universe, all_: np.ndarray,
           none: np.ndarray, widths: np.ndarray) -> np.ndarray:
    """The figures a table's keys determine: the keys, their coarsenings and the records
    it leaves out. A coarsening over a dimension the table leaves records out of is the
    whole figure, but the table does not hold all of its parts: no longer `real`.

    `keys` are coded rows (measure, dims..., real_<dim>...) of `widths` values each;
    `all_` and `none` the codes of every value and of no value of each dimension."""
    names = [d.name for d in universe.dims]
    at = {name: 1 + i for i, name in enumerate(names)}
    real = slice(1 + len(names), None)
    keys = _unique_rows(keys, widths)
    found = [keys]
    for name in source.scope:
        left_out = keys.copy()
        left_out[:, at[name]] = none[at[name] - 1]
        left_out[:, real] = 0
        found.append(left_out)
    whole = np.concatenate(found)
    for subset in _coarsenings(universe.dims):
        coarse = whole.copy()
        for name in subset:
            coarse[:, at[name]] = all_[at[name] - 1]
        if set(subset) & set(source.scope):
            coarse[:, real] = 0
        found.append(_unique_rows(coarse, widths))
    return np.concatenate(found)


def _universe_system(universe: Universe, sources: list[Source]):
    """Nodes, labels, cells, (dimension, total, part) pairs and bounds of one universe.
    Values are coded as integers in their sorted order (numpy, not a row at a time), so
    the figures are numbered as their names sort."""
    names = [d.name for d in universe.dims]
    coded = ["measure", *names]
    keyed = [_keys(s, universe) for s in sources]
    cells = pd.concat(keyed, ignore_index=True)
    values = {name: np.unique(np.concatenate([cells[name].to_numpy(dtype=object),
                                              np.array([ALL, NONE], dtype=object)]))
              for name in names}
    values["measure"] = np.unique(cells["measure"].to_numpy(dtype=object))
    widths = np.array([len(values[name]) for name in coded])
    all_ = np.array([np.searchsorted(values[name], ALL) for name in names])
    none = np.array([np.searchsorted(values[name], NONE) for name in names])
    cell_rows = np.column_stack([np.searchsorted(values[name], cells[name].to_numpy(dtype=object))
                                 for name in coded])
    flags = cells[[f"real_{name}" for name in names]].to_numpy(dtype=np.int64)
    seeds, start = [], 0
    for source, keys in zip(sources, keyed, strict=True):
        stop = start + len(keys)
        seeds.append(_seeds(source, np.c_[cell_rows[start:stop], flags[start:stop]], universe,
                            all_, none, np.r_[widths, np.full(len(names), 2)]))
        start = stop
    seeds = np.concatenate(seeds)
    _, first, inverse = np.unique(_row_keys(widths, seeds[:, :len(coded)])[0],
                                  return_index=True, return_inverse=True)
    nodes = seeds[first, :len(coded)]
    real = np.zeros((len(nodes), len(names)), dtype=np.int64)
    np.add.at(real, inverse.ravel(), seeds[:, len(coded):])
    real = real > 0  # a node is `real` along a dimension if any table's key says so
    cells = cells[["table", "row", "column", "value", "floor"]].assign(
        node=_lookup(widths, nodes, cell_rows))

    pairs = [pd.DataFrame({"dim": pd.Series(dtype=str), "parent": pd.Series(dtype=int),
                           "child": pd.Series(dtype=int)})]  # (dimension, total, part)
    at = {name: 1 + i for i, name in enumerate(names)}
    for dim in (d for d in universe.dims if d.additive):
        is_child = nodes[:, at[dim.name]] != all_[at[dim.name] - 1]
        for inner in (e.name for e in universe.dims if e.within == dim.name):
            is_child &= nodes[:, at[inner]] == all_[at[inner] - 1]
        children = np.flatnonzero(is_child)
        totals = nodes[children].copy()
        totals[:, at[dim.name]] = all_[at[dim.name] - 1]
        parent = _lookup(widths, nodes, totals)
        children, parent = children[parent >= 0], parent[parent >= 0]
        # parts add up to the total only where a table grouping by `dim` lists them all
        complete = np.zeros(len(nodes), dtype=bool)
        complete[parent[real[children, at[dim.name] - 1]]] = True
        keep = complete[parent]
        pairs.append(pd.DataFrame({"dim": dim.name, "parent": parent[keep],
                                   "child": children[keep]}))
    pairs = pd.concat(pairs, ignore_index=True)

    bounds = []
    measure = {name: code for code, name in enumerate(values["measure"])}
    for smaller, larger in universe.bounds:
        low = np.flatnonzero(nodes[:, 0] == measure.get(smaller, -1))
        high = nodes[low].copy()
        high[:, 0] = measure.get(larger, -1)
        found = _lookup(widths, nodes, high) if larger in measure else np.full(len(low), -1)
        bounds.append(np.c_[low[found >= 0], found[found >= 0]].astype(np.int64))
    shown = [name + "=" + pd.Series(values[name][nodes[:, at[name]]])
             .str.replace(ALL, "*").str.replace(NONE, "-") for name in names]
    labels = pd.Series(values["measure"][nodes[:, 0]]) + "[" + \
        functools.reduce(lambda a, b: a + "," + b, shown) + "]"
    return np.arange(len(nodes)), labels.to_numpy(), cells, pairs, bounds


_OPEN = r"^open_cases\[month=([^,\]]+),source=([^,\]*]+)\]$"
_COHORT = (r"^(received|closed)\[year=([^,*]+),month=\*,source=([^,\]*]+),"
           r"department=\*,district=\*\]$")


def _snapshot_relations(labels: np.ndarray, values: np.ndarray
                        ) -> list[tuple[list[int], list[float]]]:
    """Open cases at the backlog's last month end = every case received minus every case
    closed, per source, when nothing was closed after that moment (the backlog's last
    month is the data's): cases_annual's received and closed then give the backlog away
    (180 − 177 = 3 open). Added where the true figures satisfy it, as an attacker may
    assume it; (variables, coefficients) with Σ coefficient·x = 0."""
    names = pd.Series(labels, dtype=object)
    opens = names.str.extract(_OPEN).dropna()
    cohorts = names.str.extract(_COHORT).dropna()
    found = []
    for source, months in opens.groupby(1):
        last = months.index[months[0] == months[0].max()][0]
        mine = cohorts[cohorts[2] == source]
        received = mine.index[mine[0] == "received"].to_numpy()
        closed = mine.index[mine[0] == "closed"].to_numpy()
        if not len(received) or set(mine.loc[received, 1]) != set(mine.loc[closed, 1]):
            continue
        used = np.r_[last, closed, received]
        if np.isnan(values[used]).any() \
                or abs(values[last] + values[closed].sum() - values[received].sum()) > 0.5:
            continue
        found.append((used.tolist(), [1.0] * (1 + len(closed)) + [-1.0] * len(received)))
    return found


def build_system(sources: Sequence[Source]) -> System:
    """The relations between every count cell of `sources` (tables of several universes)."""
    by_universe: dict[str, tuple[Universe, list[Source]]] = {}
    for source in sources:
        universe = source.universe or Universe(
            f"table:{source.name}", (Dim("_row", additive=False),))
        if source.universe is None:
            source = Source(source.name, source.frame.reset_index(drop=True), source.counts,
                            universe, {"_row": "_row"}, groups=source.groups, floors=source.floors,
                            derived={**source.derived, "_row": lambda f: pd.Series(
                                np.arange(len(f)), index=f.index)})
        by_universe.setdefault(universe.name, (universe, []))[1].append(source)

    labels, cells, triples, bounds = [], [], [], []
    offset = 0
    kinds = {"lattice": 0, "declared": 0, "bounds": 0}
    for universe, members in by_universe.values():
        nodes, names, found, pairs, pair_bounds = _universe_system(universe, members)
        labels.append(names)
        found = found.assign(var=found["node"] + offset)
        cells.append(found[["table", "row", "column", "value", "floor", "var"]])
        rel = pairs.groupby(["dim", "parent"], sort=True).ngroup() + kinds["lattice"]
        kinds["lattice"] += pairs[["dim", "parent"]].drop_duplicates().shape[0]
        triples.append(("lattice", universe.name, rel.to_numpy(),
                        pairs["parent"].to_numpy() + offset, pairs["child"].to_numpy() + offset))
        bounds.extend(b + offset for b in pair_bounds)
        offset += len(nodes)
    cells = pd.concat(cells, ignore_index=True)
    labels = np.concatenate(labels) if labels else np.array([], dtype=object)

    values = np.full(offset, np.nan)
    clash = cells.groupby("var")["value"].nunique() > 1
    if clash.any():
        var = int(clash[clash].index[0])
        raise ValueError(f"one figure, two values: {labels[var]} in "
                         f"{sorted(set(cells.loc[cells['var'] == var, 'table']))}")
    values[cells["var"].to_numpy()] = cells["value"].to_numpy()
    floors = np.zeros(offset)  # a visible figure a count is at least (episodes ≤ calls)
    np.maximum.at(floors, cells["var"].to_numpy(), cells["floor"].fillna(0.0).to_numpy())
    published = np.zeros(offset, dtype=bool)
    published[cells["var"].to_numpy()] = True
    choosable = published.copy()

    # totals published elsewhere (declared groups): known figures, never suppressed
    extra_labels, extra_values = [], []
    for source in sources:
        if source.universe is not None:
            continue  # its totals are figures of the lattice, suppressible where published
        frame = source.frame.reset_index(drop=True)
        frame = frame.assign(**{name: f(frame) for name, f in source.derived.items()})
        for group in source.groups:
            ids = frame.groupby(list(group), sort=True, dropna=False).ngroup().to_numpy()
            for column in source.counts:
                own = cells[(cells["table"] == source.name) & (cells["column"] == column)]
                own = own.sort_values("row")
                totals = pd.Series(own["value"].to_numpy()).groupby(ids).sum()
                first = offset + len(extra_values)
                extra_values.extend(totals.to_numpy())
                extra_labels.extend(f"{source.name}.{column} by {'/'.join(group)} #{i}"
                                    for i in totals.index)
                n_rel = kinds["declared"]
                kinds["declared"] += len(totals)
                triples.append(("declared", source.name, ids + n_rel,
                                first + ids, own["var"].to_numpy()))
    n = offset + len(extra_values)
    values = np.concatenate([values, np.asarray(extra_values, dtype="float64")])
    published = np.concatenate([published, np.ones(len(extra_values), dtype=bool)])
    choosable = np.concatenate([choosable, np.zeros(len(extra_values), dtype=bool)])
    labels = np.concatenate([labels, np.asarray(extra_labels, dtype=object)])
    floors = np.concatenate([floors, np.zeros(len(extra_values))])

    rows, cols, data = [], [], []
    start = {"lattice": 0, "declared": kinds["lattice"]}
    for kind, _name, rel, parent, child in triples:
        rel = rel + start[kind]
        totals = np.unique(np.c_[rel, parent], axis=0)  # a total once, each part once
        rows += [totals[:, 0], rel]
        cols += [totals[:, 1], child]
        data += [np.ones(len(totals)), -np.ones(len(rel))]
    n_rel = kinds["lattice"] + kinds["declared"]
    snapshots = _snapshot_relations(labels, values)
    for number, (used, coefficients) in enumerate(snapshots):
        rows.append(np.full(len(used), n_rel + number))
        cols.append(np.asarray(used))
        data.append(np.asarray(coefficients))
    kinds["snapshot"] = len(snapshots)
    n_rel += len(snapshots)
    from scipy import sparse  # (not for builds that reuse their tables)

    matrix = sparse.coo_matrix(
        (np.concatenate(data) if data else [], (np.concatenate(rows) if rows else [],
                                                np.concatenate(cols) if cols else [])),
        shape=(n_rel, n)).tocsr()
    bounds = np.concatenate(bounds) if bounds else np.zeros((0, 2), dtype=int)
    kinds["bounds"] = len(bounds)
    variables = pd.DataFrame({"label": labels, "value": values, "published": published,
                              "choosable": choosable, "floor": floors})
    return System(variables, cells, matrix, bounds.astype(np.int64), kinds)
