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
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from pipeline.catalog import TABLES
from pipeline.policy import SUPPRESSED, SUPPRESSED_CELLS

log = logging.getLogger(__name__)

TESTS = Path(__file__).parent / "sql" / "tests"
SAMPLE = 5


class DataCheckFailed(Exception):
    """A metric invariant does not hold: a bug upstream, never published."""

    check = "data_check"


def published_cells(frames: dict[str, pd.DataFrame]) -> pa.Table:
    """Every integer and number cell of the published tables, one row each (a table's
    cells column after column), built by Arrow from whole columns."""
    parts = []
    for table in (t for t in TABLES if t.name in frames):
        frame = frames[table.name]
        numeric = [c for c in table.columns if c.type in ("integer", "number")]
        key = pd.Series("", index=frame.index, dtype="string")
        for position, name in enumerate(table.keys):
            key = key + ("" if position == 0 else ", ") + f"{name}=" + frame[name].astype("string")
        protected = SUPPRESSED in frame.columns
        rows, columns = len(frame), len(numeric)
        at = np.tile(np.arange(rows), columns)  # the row of each cell, column after column
        which = np.repeat(np.arange(columns), rows)  # and its column
        values = np.column_stack(
            [pd.to_numeric(frame[c.name], errors="coerce").to_numpy(dtype="float64",
                                                                     na_value=np.nan)
             for c in numeric]) if columns else np.zeros((rows, 0))
        parts.append(pa.table({
            "table_name": pc.take(pa.array([table.name]), np.zeros(rows * columns, int)),
            "row_key": pc.take(pa.array(key.fillna(""), type=pa.string()), at),
            "suppressed": pc.take(pa.array(frame[SUPPRESSED].astype("boolean"),
                                           type=pa.bool_()), at)
            if protected else pa.nulls(rows * columns, pa.bool_()),
            "suppressed_cells": pc.take(pa.array(frame[SUPPRESSED_CELLS].astype("string"),
                                                 type=pa.string()), at)
            if protected else pa.nulls(rows * columns, pa.string()),
            "protected": pa.array(np.full(rows * columns, protected)),
            "column_name": pc.take(pa.array([c.name for c in numeric], type=pa.string()), which),
            "value": pa.array(values.ravel(order="F"), from_pandas=True),
            "column_type": pc.take(pa.array([c.type for c in numeric], type=pa.string()), which),
        }))
    return pa.concat_tables(parts)


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
