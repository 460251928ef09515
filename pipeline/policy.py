"""How a published table is protected (its counts and rates, how its cells are keyed),
and the columns that mark suppressed cells: what the catalog and the pages need of the
disclosure control without loading it (disclosure.py, the audit and its solver are only
needed when tables are computed, not when a build reuses them)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from pipeline.relations import Measure, Universe

SUPPRESSED = "suppressed"
SUPPRESSED_CELLS = "suppressed_cells"


@dataclass(frozen=True)
class Rate:
    column: str
    denominator: str
    numerator: str | None = None  # None for medians and means


@dataclass(frozen=True)
class Policy:
    """How one table is protected: its counts and rates; how its cells are keyed in their
    universe of records (relations.py: `dims` maps a dimension to a column, `measures`
    renames a count or fixes a dimension, `scope` names dimensions whose records without
    a value are left out, `floors` a visible column a count is at least); for a table
    outside any universe, `groups` of cells whose totals are published elsewhere."""

    counts: tuple[str, ...]
    rates: tuple[Rate, ...] = ()
    groups: tuple[tuple[str, ...], ...] = ()
    derived: dict[str, Callable[[pd.DataFrame], pd.Series]] = field(default_factory=dict)
    universe: Universe | None = None
    dims: dict[str, str] = field(default_factory=dict)
    measures: dict[str, Measure] = field(default_factory=dict)
    scope: tuple[str, ...] = ()
    floors: dict[str, str] = field(default_factory=dict)  # count → visible column ≤ it
