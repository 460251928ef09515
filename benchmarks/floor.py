"""The floor under the pipeline: DuckDB reading the case and call exports, parsing every
date with the portal's own parser (`parse_ts`, pipeline/sql/macros.sql) and counting by
month, and nothing else: no validation, no quarantine, no repeats, no reference lists,
no suppression, one small result instead of the published tables in three formats.

Run: python benchmarks/floor.py DATA_DIR [RUNS], on a Parquet sample (scale 10 and up:
`publish.py sample --scale 10` writes cases and calls as Parquet; the CSV samples hold
the broken records and other encodings the portal is tested on, which a bare reader
refuses). Prints wall and CPU seconds per run, in one process, DuckDB on every core.
Files with a sidecar are left out (their columns need the mapping); the rows read are
printed beside the times. Whatever the pipeline does costs at least this much: read
against the pandas reference's time, it says how much of the 5× target the design's
first step already takes (docs/performance.md, the tenth pass).
"""

from __future__ import annotations

import resource
import sys
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
MACROS = ROOT / "pipeline" / "sql" / "macros.sql"

CASES = """
    select source, date_trunc('month', parse_ts(trim(received_at))) as month,
        count(*) as received, count(parse_ts(trim(closed_at))) as closed,
        count(parse_ts(trim(due_at))) as with_due
    from {files} group by all
"""
CALLS = """
    select date_trunc('month', parse_ts(trim(received_at))) as month, count(*) as calls,
        count(parse_ts(trim(replied_at))) as replied,
        count(parse_ts(trim(resolved_at))) as resolved,
        count(parse_ts(trim(programme_date))) as on_programme,
        median(try_cast(trim(wait_seconds) as double)) as median_wait
    from {files} group by all
"""


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _files(folder: Path) -> str:
    """The domain's Parquet files without a sidecar, as one DuckDB relation."""
    found = [p for p in sorted(folder.glob("*.parquet"))
             if not p.with_name(p.name + ".mapping.toml").exists()]
    if not found:
        raise SystemExit(f"{folder}: no Parquet file without a sidecar (a scale 10 sample?)")
    listed = ", ".join("'" + str(p).replace("'", "''") + "'" for p in found)
    return f"read_parquet([{listed}])"


def main() -> None:
    data = Path(sys.argv[1])
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    con = duckdb.connect()
    con.execute("set TimeZone = 'Asia/Shanghai'")
    # the macros file also defines readers of the contract's accepted codes
    con.execute("create table contract_columns (table_name varchar, column_name varchar, "
                "accepted varchar[])")
    con.execute(MACROS.read_text(encoding="utf-8"))
    cases, calls = _files(data / "cases"), _files(data / "hotline")
    rows = [con.execute(f"select count(*) from {f}").fetchall()[0][0] for f in (cases, calls)]
    print(f"rows read: {rows[0]:,} cases, {rows[1]:,} calls")
    for run in range(1, runs + 1):
        wall, cpu = time.perf_counter(), _cpu()
        con.execute(CASES.format(files=cases)).fetchall()
        con.execute(CALLS.format(files=calls)).fetchall()
        print(f"run {run}: {time.perf_counter() - wall:.2f} s wall, {_cpu() - cpu:.2f} s CPU")


if __name__ == "__main__":
    main()
