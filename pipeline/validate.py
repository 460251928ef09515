"""Contract rules → quarantine or ignored values; a build stops on what it must not guess.

Every rule is a query returning the rows that break it (`sql/checks/*.sql`). The contract
rules (required, dates, booleans, codes, ratings, numbers, the plausible date window) run
on the raw text of every table, one pass per table (`contract_reasons.sql`). As DESIGN.md says, a row is quarantined only when a
REQUIRED value cannot be read; an unreadable optional value is left out (emptied before
staging) and counted per file, column and reason. `assert_*` rules quarantine rows that
passed, `ignored_*` rules report values staging leaves out of some figures (a case
closed before it was received), `reference_*` rules find ids that must exist. A date
after the as-of date (or today) plus one day, or one id given with conflicting values,
stops the build.
`valid_<table>` views then hold the rows left, exact duplicates counted once.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pandas as pd

from pipeline import contracts
from pipeline.errors import InputError, InputProblems
from pipeline.ingest import FileReport
from pipeline.mapping import quote, row_hash, staged_columns, used

log = logging.getLogger(__name__)

CHECKS = Path(__file__).parent / "sql" / "checks"
FUTURE = "date after the as-of date"
# Columns that may lie in the future: deadlines.
FUTURE_OK = ["cases.due_at", "commitments.deadline", "commitments.year"]
# Tables of events with an id: one id given with different values is refused.
KEYS = {"cases": "case_id", "hotline": "call_id", "disclosure": "request_id"}
SHOWN = 3


@dataclass
class Validation:
    quarantined: dict[str, int] = field(default_factory=dict)   # file → rows
    ignored_values: dict[str, int] = field(default_factory=dict)  # "file: column" → cells
    ignored: list[dict] = field(default_factory=list)  # file, table, column, reason, values
    duplicates: dict[str, int] = field(default_factory=dict)     # table → rows dropped


def _create_valid_tables(con: duckdb.DuckDBPyConnection) -> None:
    """`valid_<table>`: a view of the raw rows neither quarantined (now or by a later
    rule) nor a repeat. Rows equal in every column that feeds a figure (personal and
    free-text columns aside) are one record, counted once, kept with its first file and
    line: the repeats are found once (`repeated_<table>`), grouping in full only the rows
    whose hash of those columns (`_hash`, taken at ingest) repeats."""
    for table in contracts.TABLES:
        staged = staged_columns(table)
        raw, repeats = quote(f"raw_{table.name}"), quote(f"repeated_{table.name}")
        kept = f"""
            from {raw} as raw
            anti join quarantine q
                on q.file = raw._file and q.line = raw._line and q.table_name = $table"""
        con.execute(f"""
            create or replace table {repeats} as
            with hashed as (
                select _file, _line, _hash {kept}
            ),
            shared as (
                select _hash from hashed group by _hash having count(*) > 1
            ),
            candidates as (
                select raw.* {kept}
                semi join (select _file, _line from hashed semi join shared using (_hash)) c
                    on c._file = raw._file and c._line = raw._line
            ),
            ranked as (
                select _file, _line,
                    row_number() over (partition by {staged} order by _file, _line) as n
                from candidates
            )
            select _file, _line from ranked where n > 1
        """, {"table": table.name})
        con.execute(f"""
            create or replace view "valid_{table.name}" as
            select raw.* {kept.replace("$table", "'" + table.name + "'")}
            anti join {repeats} r on r._file = raw._file and r._line = raw._line
        """)


def _run_check(con: duckdb.DuckDBPyConnection, name: str, params: dict | None = None
               ) -> pd.DataFrame:
    return con.execute((CHECKS / f"{name}.sql").read_text(encoding="utf-8"), params).df()


def _file_rows(reports: list[FileReport]) -> dict[str, int]:
    rows: dict[str, int] = {}
    for report in reports:
        rows[report.file] = max(rows.get(report.file, 0), report.rows)
    return rows


def column_label(con: duckdb.DuckDBPyConnection, file: str, column: str | None) -> str | None:
    """A contract column as messages name it: with its source header when they differ."""
    if column is None:
        return None
    found = con.execute("select header from source_headers where file = ? and column_name = ? "
                        "limit 1", [file, column]).fetchall()
    header = found[0][0] if found else column
    return column if header.strip().lower() == column else f"{header} → {column}"


def _stop_if_too_many(con: duckdb.DuckDBPyConnection, found: pd.DataFrame,
                      reports: list[FileReport], share: float, what: str) -> None:
    """Raise for every file whose quarantined share exceeds `share`."""
    rows = _file_rows(reports)
    per_file = found.drop_duplicates(["file", "line"]).groupby("file", sort=True).size()
    problems = []
    for file, count in per_file.items():
        if count > share * rows.get(file, 0):
            first = found[found.file == file].sort_values(["line"]).iloc[0]
            line = None if pd.isna(first.line) else int(first.line)
            column = None if pd.isna(first.column_name) else first.column_name
            problems.append(InputError(file, f"{first.reason} — {count} of {rows.get(file, 0)}"
                                       f" rows {what} (more than {share:.1%} allowed)",
                                       line=line, column=column_label(con, file, column)))
    if problems:
        raise InputProblems(problems)


def latest_date(as_of: date | None) -> date:
    """The last plausible day of an event: the as-of date (or today, when an older as-of
    date rebuilds past figures from newer exports) plus one day."""
    return max(as_of or date.today(), date.today()) + timedelta(days=1)


def contract_failures(con: duckdb.DuckDBPyConnection, as_of: date | None,
                      earliest: str) -> pd.DataFrame:
    """Every cell that breaks its column's contract, in every raw table: one pass over
    each table (the reasons of `sql/checks/contract_reasons.sql`, over the dates parsed
    at ingest), then only the cells with a reason are listed."""
    latest = latest_date(as_of) + timedelta(days=1)  # exclusive
    con.execute((CHECKS / "contract_reasons.sql").read_text(encoding="utf-8"))
    found = []
    for table in contracts.TABLES:
        query, params = _contract_query(table)
        params = {**params, "earliest": earliest, "latest": latest.isoformat()}
        found.append(con.execute(query, used(params, query)).df())
    return pd.concat(found, ignore_index=True)


def _contract_query(table: contracts.Table) -> tuple[str, dict]:
    """The query judging every checked column of `table` (identifiers from the contract,
    values as parameters)."""
    checked = [c for c in table.columns
               if c.required or c.kind not in ("text", *contracts.NOT_STAGED)]
    params: dict = {"table": table.name}
    reasons = []
    for i, column in enumerate(checked):
        name = quote(column.name)
        required = "true" if column.required else "false"
        if column.parsed:
            future = "true" if f"{table.name}.{column.name}" in FUTURE_OK else "false"
            reason = (f"date_reason({name}, {quote(column.parsed)}, {required}, "
                      f"{future}, $earliest, $latest)")
        elif column.kind == "code":
            params[f"accepted{i}"] = list(column.values)
            reason = f"code_reason({name}, {required}, $accepted{i}::varchar[])"
        elif column.kind in ("bool", "number", "rating"):
            reason = f"{column.kind}_reason({name}, {required})"
        else:
            reason = f"text_reason({name}, {required})"
        reasons.append(f"{reason} as {name}")
    required = [c.name for c in checked if c.required]
    params["required"] = required
    query = f"""
        with judged as (
            select _file, _line, {", ".join(reasons)} from {quote(f"raw_{table.name}")}
        ),
        failing as (
            select * from judged
            where coalesce({", ".join(quote(c.name) for c in checked)}) is not null
        ),
        cells as (
            unpivot failing on columns(* exclude (_file, _line))
            into name column_name value reason
        )
        select $table as table_name, _file as file, _line as line, column_name, reason,
            list_contains($required::varchar[], column_name) as required
        from cells
    """
    return query, params


def _refuse_future(con: duckdb.DuckDBPyConnection, failures: pd.DataFrame,
                   as_of: date | None) -> None:
    """Dates after the as-of date (plus one day) are not late data but wrong data."""
    future = failures[failures.reason == FUTURE]
    if future.empty:
        return
    problems = []
    for (file, column), rows in future.groupby(["file", "column_name"], sort=True):
        lines = sorted(int(n) for n in rows.line)
        problems.append(InputError(
            file, f"{len(lines)} dates after {latest_date(as_of)} (lines "
            f"{', '.join(map(str, lines[:SHOWN]))}{', …' if len(lines) > SHOWN else ''}): "
            "wrong clock or wrong year?",
            line=lines[0], column=column_label(con, file, column)))
    raise InputProblems(problems)


def _refuse_conflicts(con: duckdb.DuckDBPyConnection) -> None:
    """One id given twice with different values: which rows, which columns."""
    sql = (CHECKS / "conflicting_ids.sql").read_text(encoding="utf-8")
    problems = []
    for table, key in KEYS.items():
        compared = [c.name for c in contracts.table(table).columns if c.staged]
        found = con.execute(sql, {"view": f"valid_{table}", "key": key,
                                  "compared": compared}).fetchall()
        for total, places, columns in found[:SHOWN]:
            file, line = places[0]["file"], places[0]["line"]
            others = "; ".join(f"{p['file']} line {p['line']}" for p in places[1:SHOWN])
            problems.append(InputError(
                file, f"{key} repeated with different values in {', '.join(columns)} "
                f"(also {others}; {total} such ids in {table})", line=line,
                column=column_label(con, file, key)))
    if problems:
        raise InputProblems(problems)


def _empty_ignored(con: duckdb.DuckDBPyConnection, ignored: pd.DataFrame) -> None:
    """Unreadable optional values are emptied so that no figure reads them."""
    if ignored.empty:
        return
    con.register("ignored_cells", ignored[["table_name", "file", "line", "column_name"]])
    for (table, column), _ in ignored.groupby(["table_name", "column_name"]):
        emptied = f"{quote(column)} = ''"
        parsed = contracts.table(table).column(column).parsed
        if parsed:
            emptied += f", {quote(parsed)} = null"
        where = ("from ignored_cells i where i.table_name = ? and i.column_name = ? "
                 "and i.file = raw._file and i.line = raw._line")
        con.execute(f'update "raw_{table}" as raw set {emptied} {where}', [table, column])
        con.execute(f'update "raw_{table}" as raw set _hash = '
                    f"{row_hash(contracts.table(table))} {where}", [table, column])
    con.unregister("ignored_cells")


def validate(con: duckdb.DuckDBPyConnection, reports: list[FileReport], max_share: float,
             max_orphan_share: float, as_of: date | None = None,
             earliest: str = "1990-01-01") -> Validation:
    """Quarantine the rows that break a rule; stop when a file has too many."""
    failures = contract_failures(con, as_of, earliest)
    _refuse_future(con, failures, as_of)
    blocking = failures[failures.required.astype(bool)]
    ignored = failures[~failures.required.astype(bool)].assign(effect="value left out")
    _add(con, blocking)
    _empty_ignored(con, ignored)
    _create_valid_tables(con)
    _refuse_conflicts(con)
    for rule in sorted(CHECKS.glob("assert_*.sql")):
        _add(con, _run_check(con, rule.stem))
    for rule in sorted(CHECKS.glob("ignored_*.sql")):
        found = _run_check(con, rule.stem)
        ignored = pd.concat([ignored, found.assign(effect="left out of some figures")],
                            ignore_index=True)
    everything = con.execute("select * from quarantine").df()
    _stop_if_too_many(con, everything, reports, max_share, "could not be read")
    orphans = pd.concat([_run_check(con, rule.stem)
                         for rule in sorted(CHECKS.glob("reference_*.sql"))], ignore_index=True)
    _stop_if_too_many(con, orphans, reports, max_orphan_share,
                      "refer to ids that do not exist")
    _add(con, orphans)
    con.register("ignored_frame", ignored[["table_name", "file", "line", "column_name",
                                           "reason", "effect"]])
    con.execute("create or replace table ignored as select * from ignored_frame")
    con.unregister("ignored_frame")
    return _summary(con, ignored)


def _summary(con: duckdb.DuckDBPyConnection, ignored: pd.DataFrame) -> Validation:
    result = Validation()
    result.quarantined = dict(con.execute(
        "select file, count(distinct line) as n from quarantine group by file order by file"
    ).fetchall())
    result.ignored_values = {f"{file}: {column}": int(n) for (file, column), n in
                             ignored.groupby(["file", "column_name"]).size().items()}
    result.ignored = [
        {"file": file, "table": table, "column": column, "reason": reason, "values": int(n)}
        for (file, table, column, reason), n in
        ignored.groupby(["file", "table_name", "column_name", "reason"]).size().items()]
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
    """Quarantine rows (the valid views leave them out from then on)."""
    if found.empty:
        return
    con.register("found", found[["table_name", "file", "line", "column_name", "reason"]])
    con.execute("insert into quarantine by name select * from found")
    con.unregister("found")


def quarantine_report(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """Every problem in the rows: quarantined rows and values left out, with file, line,
    contract column (and its source header) and reason, never the values."""
    report = CHECKS.parent / "reports" / "problem_report.sql"  # not a check: a listing
    result = con.execute(report.read_text(encoding="utf-8"))
    names = [d[0] for d in result.description]
    return [dict(zip(names, row, strict=True)) for row in result.fetchall()]
