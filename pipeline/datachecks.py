"""Metric invariants, checked before anything is published.

Each check is a query in `sql/tests/assert_<rule>.sql` returning the rows that break
it as (table_name, row_key, column_name): never a value, so a failure message can be
shown and logged without revealing a small count. Checks read the marts (months add up
to the year, departments to the total) or `published_cells`, every numeric cell of the
published tables after suppression in one long table (rates in [0, 1], no negative
count, every suppressed cell marked). One failing check stops the build.
"""

from __future__ import annotations

import logging
from pathlib import Path

import duckdb
import pandas as pd

from pipeline.catalog import TABLES
from pipeline.disclosure import SUPPRESSED, SUPPRESSED_CELLS

log = logging.getLogger(__name__)

TESTS = Path(__file__).parent / "sql" / "tests"
SAMPLE = 5


class DataCheckFailed(Exception):
    """A metric invariant does not hold: a bug upstream, never published."""

    check = "data_check"


def published_cells(frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Every integer and number cell of the published tables, one row each."""
    parts = []
    for table in (t for t in TABLES if t.name in frames):
        frame = frames[table.name]
        numeric = [c.name for c in table.columns if c.type in ("integer", "number")]
        types = {c.name: c.type for c in table.columns}
        key = pd.Series("", index=frame.index, dtype="string")
        for position, name in enumerate(table.keys):
            key = key + ("" if position == 0 else ", ") + f"{name}=" + frame[name].astype("string")
        protected = SUPPRESSED in frame.columns
        base = pd.DataFrame({
            "table_name": table.name,
            "row_key": key.fillna(""),
            "suppressed": frame[SUPPRESSED].astype("boolean") if protected else pd.NA,
            "suppressed_cells": frame[SUPPRESSED_CELLS].astype("string") if protected
            else pd.NA,
            "protected": protected,
        }, index=frame.index)
        values = frame[numeric].apply(pd.to_numeric, errors="coerce").astype("float64")
        long = pd.concat([base, values], axis=1).melt(
            id_vars=list(base.columns), var_name="column_name", value_name="value")
        long["column_type"] = long["column_name"].map(types)
        parts.append(long)
    cells = pd.concat(parts, ignore_index=True)
    cells["suppressed"] = cells["suppressed"].astype("boolean")
    cells["suppressed_cells"] = cells["suppressed_cells"].astype("string")
    return cells


def checks() -> list[Path]:
    return sorted(TESTS.glob("assert_*.sql"))


def run_checks(con: duckdb.DuckDBPyConnection, frames: dict[str, pd.DataFrame]) -> dict:
    """Run every check; raise DataCheckFailed for the first that finds rows, naming the
    table, the check and a few offending rows. Return {check: rows checked = 'passed'}."""
    con.register("published_cells_frame", published_cells(frames))
    con.execute("create or replace temp table published_cells as "
                "select * from published_cells_frame")
    con.unregister("published_cells_frame")
    results = {}
    for path in checks():
        found = con.execute(path.read_text(encoding="utf-8")).df()
        if not found.empty:
            table = found["table_name"].iloc[0]
            sample = "; ".join(f"{row} ({column})" for row, column in
                               found[["row_key", "column_name"]].head(SAMPLE).to_numpy())
            raise DataCheckFailed(f"{table}: check {path.stem} failed on {len(found)} "
                                  f"rows, e.g. {sample}")
        results[path.stem] = "passed"
        log.info("data check %s passed", path.stem)
    return results
