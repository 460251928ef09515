"""Files → raw tables in DuckDB, every value as text, with file and first line kept.

Each file under `<data>/<domain>/` is read by DuckDB (readers.py) and mapped onto the
contract table(s) it feeds by its sidecar `<file>.mapping.toml` (sidecar.py): columns
renamed, constants and SQL expressions added, values mapped, dates read with declared
formats, time zones and date-only values fixed, rows filtered. The mapping is one
`insert … select` per table, so DuckDB does the rows. Every problem of every file is
collected and raised together (`check` lists them all); rows that cannot be read at all
(a wrong number of fields) go straight to quarantine, the rest is judged by validate.py.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from pipeline import contracts
from pipeline.errors import InputError, InputProblems
from pipeline.mapping import DATE_KINDS, Plan, quote, row_hash, used
from pipeline.mapping import plan as plan_table
from pipeline.models import SCRATCH_PREFIX
from pipeline.parse import AMBIGUOUS_DATE, suggest_date_formats
from pipeline.readers import READABLE, Limits, Source, open_source
from pipeline.sidecar import Section, Sidecar, normalize_header, read_sidecar

__all__ = ["FileReport", "Limits", "dropped_columns", "ingest", "value_fallbacks"]

log = logging.getLogger(__name__)

EXAMPLES = 3
EMPTY = "''"  # a contract column no source gives: empty text, as for an empty value


@dataclass
class FileReport:
    file: str
    table: str
    sha256: str
    rows: int
    unreadable: int = 0
    dropped_columns: list[str] = field(default_factory=list)
    fallbacks: list[dict] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)  # contract column → source header


def sha256(path: Path) -> str:
    with path.open("rb") as stream:
        return hashlib.file_digest(stream, "sha256").hexdigest()


def create_raw_tables(con: duckdb.DuckDBPyConnection) -> None:
    for table in contracts.TABLES:
        columns = ", ".join([*(f"{quote(c.name)} varchar" for c in table.columns),
                             *(f"{quote(c.parsed)} timestamp" for c in table.columns
                               if c.parsed)])
        # _hash: of the columns that feed figures, for finding repeated records (validate)
        con.execute(f'create or replace table "raw_{table.name}" '
                    f"(_file varchar, _line integer, {columns}, _hash ubigint)")
    con.execute("create or replace table quarantine (table_name varchar, file varchar, "
                "line integer, column_name varchar, reason varchar)")
    con.execute("create or replace table source_headers (file varchar, table_name varchar, "
                "column_name varchar, header varchar)")


def data_files(data_dir: Path) -> list[tuple[Path, str]]:
    """Every input file with its domain, in a stable order (sidecars and hidden files
    aside: a file no reader takes is an error, not skipped)."""
    found = []
    for domain in contracts.DOMAINS:
        folder = data_dir / domain
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if (path.is_file() and not path.name.startswith(".")
                    and not path.name.endswith(".mapping.toml")):
                found.append((path, domain))
    return found


def ingest(con: duckdb.DuckDBPyConnection, data_dir: Path,
           limits: Limits | None = None) -> list[FileReport]:
    """Load every file of `data_dir` into the raw tables; raise every problem found.

    Files are loaded by one thread per core, each with its own cursor (DuckDB appends to
    one table from several connections at once, and lets go of the interpreter while it
    works): a Parquet file of one row group, or a CSV file, is read by one thread, so
    several files at once keep the cores busy. Reports and problems come in file order."""
    create_raw_tables(con)
    con.execute("set enable_progress_bar = false")  # library code: no terminal output
    zone = con.execute("select current_setting('TimeZone')").fetchall()[0][0]
    files = data_files(data_dir)
    cursors: list[duckdb.DuckDBPyConnection] = []
    local = threading.local()

    def load(item: tuple[Path, str], work: Path
             ) -> tuple[list[FileReport], list[InputError]]:
        """One file in this thread's cursor: its reports, or its problems."""
        cursor = getattr(local, "cursor", None)
        if cursor is None:
            cursor = local.cursor = con.cursor()
            cursors.append(cursor)
            cursor.execute("set TimeZone = ?", [zone])
            cursor.execute("set enable_progress_bar = false")
        path, domain = item
        shown = path.relative_to(data_dir).as_posix()
        try:
            return load_file(cursor, path, shown, domain, limits or Limits(), work), []
        except InputProblems as error:
            return [], error.problems
        except InputError as error:
            return [], [error]

    reports: list[FileReport] = []
    problems: list[InputError] = []
    threads = max(1, min(len(os.sched_getaffinity(0)), len(files)))
    # the largest files first: a large file started last would leave the other threads
    # idle while it is read (the last two files of a year's hotline, say)
    largest = sorted(files, key=lambda item: -item[0].stat().st_size)
    # named by this process: a killed run's is removed later (models.remove_stale_spills)
    with tempfile.TemporaryDirectory(prefix=f"{SCRATCH_PREFIX}{os.getpid()}-") as work, \
            ThreadPoolExecutor(threads) as pool:
        try:
            done = dict(zip(largest, pool.map(load, largest, [Path(work)] * len(files)),
                            strict=True))
        finally:
            for cursor in cursors:
                cursor.close()
    loaded = [done[item] for item in files]
    for (path, _), (found, failed) in zip(files, loaded, strict=True):
        problems.extend(failed)
        if not found:
            continue
        shown = path.relative_to(data_dir).as_posix()
        reports.extend(found)
        for report in found:
            log.info("read %s into %s: %d rows", shown, report.table, report.rows)
        if found[0].dropped_columns:  # positions only: a header may hold personal data
            log.warning("%s: %d columns not in the contract were dropped",
                        shown, len(found[0].dropped_columns))
    for table in contracts.TABLES:
        if not any(r.table == table.name and r.rows > r.unreadable for r in reports):
            problems.append(InputError(f"{table.domain}/", f"no rows for {table.name}: the "
                                       "domain needs at least one file with rows"))
    if problems:
        raise InputProblems(problems)
    return reports


def load_file(con: duckdb.DuckDBPyConnection, path: Path, shown: str, domain: str,
              limits: Limits, work: Path) -> list[FileReport]:
    """Read one file into the raw table(s) it feeds; unreadable rows into quarantine."""
    if path.suffix.lower() not in READABLE:
        raise InputError(shown, f"no reader takes {path.suffix or 'files without a suffix'}"
                         f": use one of {', '.join(sorted(READABLE))}")
    names = tuple(t.name for t in contracts.TABLES if t.domain == domain)
    sidecar = read_sidecar(path, shown, names)
    default = contracts.table_for_file(domain, path.name)
    sections = sidecar.sections(default.name if default else None,
                                lambda name: {c.name for c in contracts.table(name).columns})
    if not sections:
        prefixes = ", ".join(t.file_prefix for t in contracts.TABLES if t.domain == domain)
        raise InputError(shown, "cannot tell which table this file feeds: its name should "
                         f"hold one of {prefixes}, or its sidecar name [tables.<table>]")
    source = open_source(con, path, shown, sidecar, limits, work)
    digest = sha256(path)
    reports, problems = [], []
    for table_name, section in sections:
        try:
            reports.append(_load_table(con, source, sidecar, contracts.table(table_name),
                                       section, shown, distinct=len(sections) > 1))
        except InputProblems as error:
            problems.extend(error.problems)
    if problems:
        raise InputProblems(problems)
    dropped = [h for h in reports[0].dropped_columns
               if all(h in r.dropped_columns for r in reports)]  # used by no table
    for report in reports:
        report.sha256 = digest
        report.dropped_columns = dropped if report is reports[0] else []
    if source.problems:
        con.executemany("insert into quarantine values (?, ?, ?, null, ?)",
                        [(reports[0].table, shown, line, reason)
                         for line, reason in source.problems])
        reports[0].unreadable = len(source.problems)
        reports[0].rows += len(source.problems)
    return reports


def _named_view(con: duckdb.DuckDBPyConnection, source: Source, section: Section,
                shown: str, where: str) -> dict[str, str]:
    """`ingest_named`: the file's records with their headers as column names (what
    expressions and filters see); returns normalized header → column name."""
    columns, names = ["_line"], {}
    for header, text in zip(source.headers, source.texts, strict=True):
        name = header or f"column {len(names) + 1}"
        while normalize_header(name) in names:
            name += "_"
        names[normalize_header(name)] = name
        columns.append(f"{text} as {quote(name)}")
    relation = source.relation
    if section.unnest:
        nested = source.nested.get(section.unnest)
        if nested is None:
            raise InputError(where, f"unnest: the file has no list named {section.unnest!r}")
        relation = f"(select *, unnest({nested}) as _u from {source.relation})"
        fields = con.execute(f"describe select _u from {relation}").fetchall()[0][1]
        inner = (con.execute(f"describe select _u.* from {relation}").fetchall()
                 if fields.startswith("STRUCT") else [])
        for field_name, kind, *_ in inner:
            name = f"{section.unnest}.{field_name}"
            names[normalize_header(name)] = name
            value = f"_u.{quote(field_name)}"  # numbers and texts mixed: no quotes
            text = f"({value} ->> '$')" if kind == "JSON" else f"cast({value} as varchar)"
            columns.append(f"{text} as {quote(name)}")
        if not inner:
            names[normalize_header(section.unnest)] = section.unnest
            columns.append(f"cast(_u as varchar) as {quote(section.unnest)}")
    con.execute(f"create or replace temp view ingest_named as select {', '.join(columns)} "
                f"from {relation}")
    return names


def _load_table(con: duckdb.DuckDBPyConnection, source: Source, sidecar: Sidecar,
                table: contracts.Table, section: Section, shown: str,
                distinct: bool) -> FileReport:
    where = sidecar.file
    names = _named_view(con, source, section, shown, where)
    plan = plan_table(table, section, sidecar, names, where)
    _bind(con, plan, where)
    before, after = _date_checks(plan)
    _check_dates(con, plan, shown, before)
    keep = f"where ({section.filter})" if section.filter else ""
    # personal and free-text columns are known (not reported as dropped) but never read:
    # their values do not enter the database
    values = ", ".join(f"{plan.sql.get(c.name, EMPTY)} as {quote(c.name)}"
                       if c.staged or c.required else f"'' as {quote(c.name)}"
                       for c in table.columns)
    select = f"select _line, {values} from ingest_named {keep}"
    if distinct:
        select = f"select min(_line) as _line, * exclude (_line) from ({select}) group by all"
    parsed = "".join(f", parse_ts({quote(c.name)}) as {quote(c.parsed)}"
                     for c in table.columns if c.parsed)
    insert = (f'insert into "raw_{table.name}" by name select $file as _file, *{parsed}, '
              f"{row_hash(table)} as _hash from ({select})")
    try:
        done = con.execute(insert, used({**plan.params, "file": shown}, insert)).fetchall()
    except duckdb.Error as error:
        # which key, and the kind only: DuckDB's message may quote a value of the file
        raise InputError(where, f"{_failing_key(con, plan)} fails on this file: "
                         f"{type(error).__name__}") from None
    _check_dates(con, plan, shown, after, read=True)
    con.executemany("insert into source_headers values (?, ?, ?, ?)",
                    [(shown, table.name, c, h) for c, h in plan.headers.items()])
    taken = set(plan.headers.values())
    expressions = " ".join([*section.expressions.values(), section.filter or ""]).lower()
    dropped = [_safe_header(i, h) for i, h in enumerate(source.headers, start=1)
               if h not in taken and h.lower() not in expressions]
    return FileReport(shown, table.name, "", int(done[0][0]), 0, dropped,
                      _fallbacks(con, plan, shown, keep), plan.headers)


def _bind(con: duckdb.DuckDBPyConnection, plan: Plan, where: str) -> None:
    """Each expression and the filter alone, so that a failure names its sidecar key."""
    checks = [(f"[expressions] {c}", f"({e})") for c, e in plan.section.expressions.items()]
    if plan.section.filter:
        checks.append(("[filter] where", f"({plan.section.filter})"))
    for key, expression in checks:
        try:
            con.execute(f"select {expression} from ingest_named limit 0")
        except duckdb.Error as error:
            raise InputError(where, f"{key}: {str(error).splitlines()[0][:200]}") from None


def _failing_key(con: duckdb.DuckDBPyConnection, plan: Plan) -> str:
    """The sidecar key whose SQL fails on the rows (run alone, one at a time)."""
    checks = [(f"[expressions] {c}", f"select count({e}) from ingest_named")
              for c, e in plan.section.expressions.items()]
    if plan.section.filter:
        checks.append(("[filter] where",
                       f"select count(*) from ingest_named where {plan.section.filter}"))
    for key, query in checks:
        try:
            con.execute(query).fetchall()
        except duckdb.Error:
            return key
    return "the mapping ([values], [date_formats] or [constants])"


def _date_checks(plan: Plan) -> tuple[list[contracts.Column], list[contracts.Column]]:
    """The date columns a file gives without declaring their formats, as checked for an
    ambiguous form: on the source's text before the rows are read, and on the rows read.
    The columns read as written are checked on the rows read, where their parsed value
    sets aside most texts (see _check_dates); those whose raw text is not the source's
    (mapped values, a time zone or date-only values converted) on the source's text. A
    [filter] leaves rows out of the rows read: then every column on the source's text,
    so that a filtered-out row still stops the file, as it did before it was read."""
    unsure = [c for c in plan.table.columns if c.kind in DATE_KINDS
              and c.name in plan.bases and c.name not in plan.section.date_formats]
    if plan.section.filter:
        return unsure, []
    return ([c for c in unsure if c.name not in plan.plain],
            [c for c in unsure if c.name in plan.plain])


def _check_dates(con: duckdb.DuckDBPyConnection, plan: Plan, shown: str,
                 dates: list[contracts.Column], read: bool = False) -> None:
    """An ambiguous date form (1/2/20) without declared formats stops the file.

    Checked on the source's text (`ingest_named`), or, once `read`, on the raw rows read
    from it, for columns whose raw text is the source's: there the parsed value beside
    the text sets aside most texts without the pattern's test, the cost of this check
    (an ambiguous text parses to nothing or to a year before 100: every form the portal
    reads begins with a year, and the pattern's texts with one or two digits)."""
    if not dates:
        return
    rows = f'from "raw_{plan.table.name}" where _file = $file' if read else "from ingest_named"

    def text(column: contracts.Column) -> str:  # trimmed as the raw text is
        return quote(column.name) if read else f"trim(cast({plan.bases[column.name]} as varchar))"

    def unsure(column: contracts.Column) -> str:
        # (an empty text is no date, ambiguous or not: most of the texts left)
        parsed, name = quote(column.parsed), quote(column.name)
        return (f"(({parsed} is null and {name} <> '') or "
                f"{parsed} < timestamp '1000-01-01')" if read else "true")

    # one pass tells which columns hold an ambiguous form; examples only for those (a
    # case, not an aggregate's filter, which comes after its argument is computed)
    query = "select " + ", ".join(
        f"bool_or(case when {unsure(c)} then regexp_matches({text(c)}, $pattern) end)"
        for c in dates) + f" {rows}"
    params = {**plan.params, "pattern": AMBIGUOUS_DATE, "file": shown}
    flags = con.execute(query, used(params, query)).fetchall()[0]
    problems = []
    for column, flagged in zip(dates, flags, strict=True):
        if not flagged:
            continue
        base = f"nullif({text(column)}, '')"
        joiner = "and" if read else "where"
        query = (f"select distinct {base} as v {rows} {joiner} {unsure(column)} and "
                 f"regexp_matches({base}, $pattern) order by v limit 200")
        found = con.execute(query, used(params, query)).fetchall()
        values = [v for (v,) in found]
        formats = suggest_date_formats(values) or ["%m/%d/%Y"]
        header = plan.headers.get(column.name, column.name)
        listed = ", ".join(f'"{f}"' for f in formats)
        problems.append(InputError(
            shown, f"dates in an ambiguous form (day/month order or a two-digit year), e.g. "
            f"{', '.join(values[:EXAMPLES])}: declare the form in {shown}.mapping.toml, "
            f"e.g. [date_formats] {column.name} = [{listed}]",
            column=_column_label(header, column.name)))
    if problems:
        raise InputProblems(problems)


def _fallbacks(con: duckdb.DuckDBPyConnection, plan: Plan, shown: str,
               keep: str) -> list[dict]:
    """Per value-mapped column: values not listed (fell to "*" or kept as written) and
    values mapped to empty; counted, never shown."""
    found = []
    for column, mapping in plan.section.values.items():
        if column not in plan.bases:
            continue
        keys = [k for k in mapping if k != "*"]
        emptied = [k for k in keys if mapping[k].strip() == ""]
        value = f"lower(nullif(trim(cast({plan.bases[column]} as varchar)), ''))"
        query = (f"select count(*) filter (where not list_contains($keys, v)), "
                 f"count(distinct v) filter (where not list_contains($keys, v)), "
                 f"count(*) filter (where list_contains($emptied, v)) "
                 f"from (select {value} as v from ingest_named {keep}) where v is not null")
        row = con.execute(query, used({**plan.params, "keys": keys, "emptied": emptied},
                                      query)).fetchall()[0]
        unlisted, distinct, to_empty = (int(n) for n in row)
        if "*" in mapping and mapping["*"].strip() == "":
            to_empty += unlisted
        if unlisted or to_empty:
            found.append({"file": shown, "table": plan.table.name, "column": column,
                          "header": _safe_header(0, plan.headers.get(column, column)),
                          "unlisted": unlisted, "unlisted_distinct": distinct,
                          "unlisted_became": "*" if "*" in mapping else "kept as written",
                          "emptied": to_empty})
    return found


def _column_label(header: str, column: str) -> str:
    return column if normalize_header(header) == column else f"{header} → {column}"


def _safe_header(position: int, header: str) -> str:
    """A dropped header as it may be published: itself, unless it looks like personal data."""
    from pipeline.privacy import find_personal_data

    if not header or find_personal_data(header) or re.search(r"\d{6,}", header):
        return f"column {position} (header withheld)" if position else "(header withheld)"
    return header


def dropped_columns(reports: list[FileReport]) -> dict[str, list[str]]:
    """Per table, the source columns no contract knows (each named once)."""
    found: dict[str, list[str]] = {}
    for report in reports:
        names = found.setdefault(report.table, [])
        names.extend(c for c in report.dropped_columns if c not in names)
    return {table: names for table, names in found.items() if names}


def value_fallbacks(reports: list[FileReport]) -> list[dict]:
    """Every value-mapped column where values fell to "*" or to empty (counts only)."""
    return [f for report in reports for f in report.fallbacks]
