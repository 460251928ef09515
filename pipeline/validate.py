"""Contract rules → quarantine; a build stops when a file has too many bad rows.

Every rule is a query returning the rows that break it (`sql/checks/*.sql`): the contract
rules (required, dates, booleans, codes, ratings, numbers) run on the raw text of every
table; `assert_*` rules and `reference_*` rules (ids that must exist) run on the rows that
passed. `valid_<table>` views then hold the rows left, exact duplicates counted once.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from pipeline import contracts
from pipeline.errors import InputError
from pipeline.ingest import FileReport

log = logging.getLogger(__name__)

CHECKS = Path(__file__).parent / "sql" / "checks"


@dataclass
class Validation:
    quarantined: dict[str, int] = field(default_factory=dict)   # file → rows
    ignored_values: dict[str, int] = field(default_factory=dict)  # "file: column" → cells
    duplicates: dict[str, int] = field(default_factory=dict)     # table → rows dropped


def _create_valid_views(con: duckdb.DuckDBPyConnection) -> None:
    for table in contracts.TABLES:
        con.execute(f"""
            create or replace view "valid_{table.name}" as
            with rows as (
                select raw.*, list_value(*columns(raw.* exclude (_file, _line))) as _row
                from "raw_{table.name}" as raw
                anti join quarantine q
                    on q.file = raw._file and q.line = raw._line
                    and q.table_name = '{table.name}'
            )
            select * exclude (_row) from rows
            qualify row_number() over (partition by _row order by _file, _line) = 1
        """)


def _run_check(con: duckdb.DuckDBPyConnection, name: str) -> pd.DataFrame:
    return con.execute((CHECKS / f"{name}.sql").read_text(encoding="utf-8")).df()


def _stop_if_too_many(found: pd.DataFrame, reports: list[FileReport], share: float,
                      what: str) -> None:
    """Raise for the first file whose quarantined share exceeds `share`."""
    rows = {r.file: r.rows for r in reports}
    per_file = found.drop_duplicates(["file", "line"]).groupby("file", sort=True).size()
    for file, count in per_file.items():
        if count > share * rows.get(file, 0):
            first = found[found.file == file].sort_values(["line"]).iloc[0]
            line = None if pd.isna(first.line) else int(first.line)
            column = None if pd.isna(first.column_name) else first.column_name
            raise InputError(file, f"{first.reason} — {count} of {rows.get(file, 0)} rows "
                             f"{what} (more than {share:.1%} allowed)", line=line, column=column)


def validate(con: duckdb.DuckDBPyConnection, reports: list[FileReport], max_share: float,
             max_orphan_share: float) -> Validation:
    """Quarantine the rows that break a rule; stop when a file has too many."""
    failures = pd.concat(
        [con.execute((CHECKS / "assert_contract.sql").read_text(encoding="utf-8"),
                     {"raw": f"raw_{t.name}", "table": t.name}).df()
         for t in contracts.TABLES], ignore_index=True)
    blocking = failures[failures.required.astype(bool)]
    ignored = failures[~failures.required.astype(bool)]
    con.register("blocking", blocking[["table_name", "file", "line", "column_name", "reason"]])
    con.execute("insert into quarantine by name select * from blocking")
    con.unregister("blocking")
    _create_valid_views(con)
    for rule in sorted(CHECKS.glob("assert_*.sql")):
        if rule.stem != "assert_contract":
            _add(con, _run_check(con, rule.stem))
    everything = con.execute("select * from quarantine").df()
    _stop_if_too_many(everything, reports, max_share, "could not be read")
    orphans = pd.concat([_run_check(con, rule.stem)
                         for rule in sorted(CHECKS.glob("reference_*.sql"))], ignore_index=True)
    _stop_if_too_many(orphans, reports, max_orphan_share, "refer to ids that do not exist")
    _add(con, orphans)
    result = Validation()
    quarantined = con.execute(
        "select file, count(distinct line) as n from quarantine group by file order by file"
    ).fetchall()
    result.quarantined = dict(quarantined)
    result.ignored_values = {f"{file}: {column}": n for (file, column), n in
                             ignored.groupby(["file", "column_name"]).size().items()}
    for table in contracts.TABLES:
        left = con.execute(f"""select (select count(*) from "raw_{table.name}" raw anti join
            quarantine q on q.file = raw._file and q.line = raw._line
            and q.table_name = '{table.name}') - (select count(*) from "valid_{table.name}")
        """).fetchall()[0][0]
        result.duplicates[table.name] = int(left)
    for file, n in result.quarantined.items():
        log.warning("%s: %d rows quarantined", file, n)
    return result


def _add(con: duckdb.DuckDBPyConnection, found: pd.DataFrame) -> None:
    if found.empty:
        return
    con.register("found", found[["table_name", "file", "line", "column_name", "reason"]])
    con.execute("insert into quarantine by name select * from found")
    con.unregister("found")


def quarantine_report(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """The quarantined rows: file, line, column and reason, never the values."""
    result = con.execute("""
        select table_name, file, line, column_name as column, reason
        from quarantine order by file, line, column_name
    """)
    names = [d[0] for d in result.description]
    return [dict(zip(names, row, strict=True)) for row in result.fetchall()]
