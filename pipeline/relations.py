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

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
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
    """(table, row, column, value, measure, dims..., real_<dim>...) of every count cell.

    `real_<dim>` says the table groups by that dimension (rather than a column fixing
    it, as `consultations` fixes the kind): its rows then hold every value of it.
    """
    frame = source.frame.reset_index(drop=True)
    frame = frame.assign(**{name: f(frame) for name, f in source.derived.items()})
    base = pd.DataFrame({
        d.name: frame[source.dims[d.name]].astype(str) if d.name in source.dims else ALL
        for d in universe.dims}, index=frame.index)
    parts = []
    for column in source.counts:
        measure = source.measures.get(column, Measure(column))
        fixed = dict(measure.fixed)
        keys = base.assign(**fixed)
        for d in universe.dims:
            keys[f"real_{d.name}"] = d.name in source.dims and d.name not in fixed
        keys.insert(0, "measure", measure.name)
        keys.insert(0, "floor", pd.to_numeric(frame[source.floors[column]]).astype("float64")
                    if column in source.floors else 0.0)
        keys.insert(0, "value", pd.to_numeric(frame[column]).astype("float64"))
        keys.insert(0, "column", column)
        keys.insert(0, "row", frame.index.to_numpy())
        keys.insert(0, "table", source.name)
        parts.append(keys)
    return pd.concat(parts, ignore_index=True)


def _seeds(source: Source, keys: pd.DataFrame, universe: Universe) -> pd.DataFrame:
    """The figures a table's keys determine: the keys, their coarsenings and the records
    it leaves out. A coarsening over a dimension the table leaves records out of is the
    whole figure, but the table does not hold all of its parts: no longer `real`."""
    names = [d.name for d in universe.dims]
    real = [f"real_{name}" for name in names]
    keys = keys[["measure", *names, *real]].drop_duplicates()
    found = [keys]
    for name in source.scope:
        found.append(keys.assign(**{name: NONE}, **dict.fromkeys(real, False)))
    whole = pd.concat(found, ignore_index=True)
    for subset in _coarsenings(universe.dims):
        coarse = whole.assign(**dict.fromkeys(subset, ALL))
        if set(subset) & set(source.scope):
            coarse[real] = False
        found.append(coarse.drop_duplicates())
    return pd.concat(found, ignore_index=True)


def _universe_system(universe: Universe, sources: list[Source]):
    names = [d.name for d in universe.dims]
    keyed = [_keys(s, universe) for s in sources]
    cells = pd.concat(keyed, ignore_index=True)
    seeds = pd.concat([_seeds(s, k, universe) for s, k in zip(sources, keyed, strict=True)],
                      ignore_index=True)
    nodes = seeds.groupby(["measure", *names], sort=True, as_index=False).max()
    nodes["node"] = np.arange(len(nodes))
    cells = cells[["table", "row", "column", "value", "floor", "measure", *names]].merge(
        nodes[["measure", *names, "node"]], on=["measure", *names], how="left")

    pairs = [pd.DataFrame({"dim": pd.Series(dtype=str), "parent": pd.Series(dtype=int),
                           "child": pd.Series(dtype=int)})]  # (dimension, total, part)
    inner = {d.name: [e.name for e in universe.dims if e.within == d.name]
             for d in universe.dims}
    for dim in (d for d in universe.dims if d.additive):
        is_child = nodes[dim.name] != ALL
        for name in inner[dim.name]:
            is_child &= nodes[name] == ALL
        children = nodes[is_child]
        parents = children.assign(**{dim.name: ALL})[["measure", *names, "node",
                                                     f"real_{dim.name}"]].merge(
            nodes[["measure", *names, "node"]], on=["measure", *names],
            suffixes=("_child", ""))
        # parts add up to the total only where a table grouping by `dim` lists them all
        complete = parents.groupby("node")[f"real_{dim.name}"].transform("any")
        parents = parents[complete]
        pairs.append(pd.DataFrame({"dim": dim.name, "parent": parents["node"],
                                   "child": parents["node_child"]}))
    pairs = pd.concat(pairs, ignore_index=True)
    nodes = nodes[["measure", *names, "node"]]

    bounds = []
    for smaller, larger in universe.bounds:
        low = nodes[nodes["measure"] == smaller].drop(columns="measure")
        high = nodes[nodes["measure"] == larger].drop(columns="measure")
        both = low.merge(high, on=names, suffixes=("_low", "_high"))
        bounds.append(both[["node_low", "node_high"]].to_numpy())
    labels = nodes["measure"] + "[" + nodes[names].apply(
        lambda c: c.name + "=" + c.str.replace(ALL, "*").str.replace(NONE, "-")).agg(
        ",".join, axis=1) + "]"
    return nodes["node"].to_numpy(), labels.to_numpy(), cells, pairs, bounds


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
    matrix = sparse.coo_matrix(
        (np.concatenate(data) if data else [], (np.concatenate(rows) if rows else [],
                                                np.concatenate(cols) if cols else [])),
        shape=(n_rel, n)).tocsr()
    bounds = np.concatenate(bounds) if bounds else np.zeros((0, 2), dtype=int)
    kinds["bounds"] = len(bounds)
    variables = pd.DataFrame({"label": labels, "value": values, "published": published,
                              "choosable": choosable, "floor": floors})
    return System(variables, cells, matrix, bounds.astype(np.int64), kinds)
