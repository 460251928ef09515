"""Small-cell suppression: the one place every table built from records passes.

A count of 1 to k−1 records is suppressed (primary). So that no suppressed cell can be
worked out from a total, every group of cells that adds up to a figure published
elsewhere (a row of the same table, another table, a page) holds either no suppressed
cell or at least two (secondary: the smallest other cell is suppressed too). Rates,
means and medians are suppressed when their denominator is below k, or when a count
they are computed from is suppressed. Zero is a fact, not a risk: it stays.

Suppressed cells become empty; `suppressed` says the row has one, and
`suppressed_cells` names them, so that suppressed, missing and zero read differently.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

log = logging.getLogger(__name__)

SUPPRESSED = "suppressed"
SUPPRESSED_CELLS = "suppressed_cells"


@dataclass(frozen=True)
class Rate:
    column: str
    denominator: str
    numerator: str | None = None  # None for medians and means


@dataclass(frozen=True)
class Policy:
    """How one table is protected: its counts, its rates and the groups that add up."""

    counts: tuple[str, ...]
    rates: tuple[Rate, ...] = ()
    groups: tuple[tuple[str, ...], ...] = ()
    derived: dict[str, Callable[[pd.DataFrame], pd.Series]] = field(default_factory=dict)


def _primary(frame: pd.DataFrame, policy: Policy, k: int) -> pd.DataFrame:
    values = frame[list(policy.counts)].astype("float64")
    return (values > 0) & (values < k)


def _secondary(frame: pd.DataFrame, mask: pd.DataFrame, policy: Policy) -> pd.DataFrame:
    """Add the smallest other cell to every group holding exactly one suppressed cell.

    A cell alone in some group equals a total published elsewhere, so suppressing it
    would hide nothing: such cells are picked only when there is no other choice.
    """
    keys = frame.assign(**{name: f(frame) for name, f in policy.derived.items()})
    alone = pd.Series(False, index=frame.index)
    for group in policy.groups:
        alone |= keys.groupby(list(group))[list(group)[0]].transform("size") == 1
    for _ in range(50):
        changed = False
        for column in policy.counts:
            values = frame[column].astype("float64")
            for group in policy.groups:
                hidden = mask[column].groupby([keys[g] for g in group]).transform("sum")
                lonely = (hidden == 1) & ~mask[column]
                if not lonely.any():
                    continue
                # the smallest visible cell of each lonely group, preferring positive ones
                candidates = keys.loc[lonely, list(group)].assign(
                    _alone=alone[lonely], _zero=values[lonely] == 0, _value=values[lonely])
                chosen = candidates.sort_values(["_alone", "_zero", "_value"], kind="stable") \
                    .groupby(list(group), sort=False).head(1).index
                if len(chosen):
                    mask.loc[chosen, column] = True
                    changed = True
        if not changed:
            return mask
    raise RuntimeError("secondary suppression did not settle")


def suppress(frame: pd.DataFrame, policy: Policy, k: int) -> pd.DataFrame:
    """The table with small cells emptied and marked; the input is not changed."""
    frame = frame.reset_index(drop=True)
    mask = _secondary(frame, _primary(frame, policy, k), policy)
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
    log.info("suppressed %d cells in %d rows", int(mask.to_numpy().sum()),
             int(result[SUPPRESSED].sum()))
    return result


def hidden_cells(frame: pd.DataFrame) -> set[tuple[int, str]]:
    """(row, column) of every suppressed cell of a suppressed table, for tests and pages."""
    found = set()
    for row, names in frame[SUPPRESSED_CELLS].items():
        if isinstance(names, str) and names:
            found.update((row, name) for name in names.split(";"))
    return found
