"""One reader per file type, each turning a file into a DuckDB table of its records.

DuckDB reads the rows (`read_csv`, `read_json`, `read_parquet`); Python only looks at the
first bytes (encoding, header, delimiter) and the last (a cut transfer), and converts
what DuckDB cannot read itself in a bounded stream: text in another encoding to UTF-8,
an XLSX sheet (openpyxl, read-only) to CSV. The result is a `Source`: a temporary table
with the record's first line in `_line`, and for each header the SQL that gives its text.
"""

from __future__ import annotations

import codecs
import csv
import io
import logging
import os
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb

from pipeline.errors import InputError
from pipeline.parse import looks_like_gb, sniff_encoding
from pipeline.sidecar import Sidecar

log = logging.getLogger(__name__)

SQL = Path(__file__).parent / "sql" / "ingest"
CSV_SUFFIXES = {".csv", ".tsv", ".txt"}
JSON_SUFFIXES = {".json", ".ndjson", ".jsonl"}
READABLE = CSV_SUFFIXES | JSON_SUFFIXES | {".parquet", ".xlsx"}
CHUNK = 1 << 20
DELIMITERS = (",", "\t", ";", "|")
UTF8 = ("utf-8", "utf8", "utf-8-sig", "utf_8")
ROW_COUNT_REASONS = ("MISSING COLUMNS", "TOO MANY COLUMNS")
NEVER = "\x1f\x1e"  # the null string of read_csv: no export writes it, so empty is ''
SOURCE = "ingest_source"  # one file at a time: its records, read by the mapping step
PARQUET = "ingest_parquet"  # the same for a Parquet file: a view over it


@dataclass(frozen=True)
class Limits:
    """portal.toml [inputs]: the largest file and record a build reads."""
    max_file_bytes: int = 2 << 30
    max_record_bytes: int = 1 << 20


@dataclass
class Source:
    relation: str                  # a temporary table with `_line`
    headers: list[str]             # as written in the file, spaces around them removed
    texts: list[str]               # per header, the SQL giving its text
    problems: list[tuple[int, str]] = field(default_factory=list)  # unreadable records
    nested: dict[str, str] = field(default_factory=dict)  # JSON: header → list column


def sql(name: str) -> str:
    return (SQL / f"{name}.sql").read_text(encoding="utf-8")


def run_script(con: duckdb.DuckDBPyConnection, name: str, params: dict | None = None) -> None:
    """Run the statements of sql/ingest/<name>.sql, each with the parameters it names."""
    params = params or {}
    for statement in sql(name).split(";\n"):
        if statement.strip():
            used = {k: v for k, v in params.items() if f"${k}" in statement}
            con.execute(statement, used)


def open_source(con: duckdb.DuckDBPyConnection, path: Path, shown: str, sidecar: Sidecar,
                limits: Limits, work: Path) -> Source:
    """Read `path` into the temporary table `ingest_source`."""
    size = path.stat().st_size
    if size > limits.max_file_bytes:
        raise InputError(shown, f"the file has {size} bytes, more than the limit of "
                         f"{limits.max_file_bytes} (portal.toml [inputs] max_file_bytes)")
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        return read_csv(con, path, shown, sidecar, limits, work)
    if suffix in JSON_SUFFIXES:
        return read_json(con, path, shown, sidecar, limits)
    if suffix == ".parquet":
        return read_parquet(con, path, shown)
    if suffix == ".xlsx":
        return read_xlsx(con, path, shown, sidecar, limits, work)
    raise InputError(shown, f"no reader takes {suffix or 'files without a suffix'}: "
                     f"use one of {', '.join(sorted(READABLE))}")


def scratch_file(work: Path) -> Path:
    """A new file name in `work` (files are read by several threads at once)."""
    handle, name = tempfile.mkstemp(suffix=".csv", dir=work)
    os.close(handle)
    return Path(name)


def text_file(path: Path, shown: str, encoding: str | None, work: Path) -> Path:
    """A UTF-8 file with the text of `path`: itself, or a stream-converted copy."""
    with path.open("rb") as stream:
        sample = stream.read(CHUNK)
    if encoding is None:
        encoding = sniff_encoding(sample)
        if encoding is None:
            raise _unknown_encoding(sample, shown)
    try:
        decoder = codecs.getincrementaldecoder(encoding)()
    except LookupError:
        raise InputError(f"{shown}.mapping.toml", f"unknown encoding {encoding!r}") from None
    if encoding.lower().replace("_", "-") in UTF8:
        return path
    target = scratch_file(work)
    lines = 0
    with path.open("rb") as source, target.open("w", encoding="utf-8", newline="") as out:
        while chunk := source.read(CHUNK):
            try:
                out.write(decoder.decode(chunk))
            except UnicodeDecodeError as error:
                line = lines + chunk[: max(error.start, 0)].count(b"\n") + 1
                raise InputError(shown, f"cannot decode as {encoding}: the file is in another "
                                 "encoding or damaged", line=line) from None
            lines += chunk.count(b"\n")
        try:
            out.write(decoder.decode(b"", final=True))
        except UnicodeDecodeError:
            raise InputError(shown, f"cannot decode as {encoding}: the file ends inside a "
                             "character (cut?)", line=lines + 1) from None
    return target


def _unknown_encoding(sample: bytes, shown: str) -> InputError:
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
    except UnicodeDecodeError as error:
        line = sample[: error.start].count(b"\n") + 1
    else:
        line = None
    try:
        codecs.getincrementaldecoder("gb18030")().decode(sample, final=False)
        gb = looks_like_gb(sample)
    except UnicodeDecodeError:
        gb = None
    why = ("cannot decode as UTF-8 or GB18030" if gb is None else
           "cannot decode as UTF-8, and as GB18030 it does not read like Chinese text "
           "(Big5?)")
    return InputError(shown, f"{why}: name the encoding in {shown}.mapping.toml, e.g. "
                      'encoding = "big5"', line=line)


def _header(path: Path, delimiter: str | None) -> tuple[list[str], str]:
    """The header row (the first record) and the delimiter, from the first bytes only."""
    with path.open("rb") as stream:
        start = stream.read(CHUNK).decode("utf-8-sig", errors="replace")
    first = start.split("\n", 1)[0]
    if delimiter is None:
        counts = [first.count(d) for d in DELIMITERS]
        delimiter = DELIMITERS[counts.index(max(counts))] if max(counts) else ","
    header = next(csv.reader(io.StringIO(start, newline=""), delimiter=delimiter), [])
    return [h.strip() for h in header], delimiter


def read_csv(con: duckdb.DuckDBPyConnection, path: Path, shown: str, sidecar: Sidecar,
             limits: Limits, work: Path, sheet_rows: bool = False) -> Source:
    """A delimited text file; `sheet_rows` when it was written from a sheet (the line is
    the row number, cells may hold newlines)."""
    source = text_file(path, shown, sidecar.encoding, work) if not sheet_rows else path
    headers, delimiter = _header(source, sidecar.delimiter)
    if not any(headers):
        raise InputError(shown, "the file is empty: no header row")
    width = len(headers)
    columns = {f"c{i}": "VARCHAR" for i in range(width + 1)}
    con.execute("drop table if exists ingest_rejects; drop table if exists ingest_scans")
    run_script(con, "read_csv", {"path": str(source), "columns": columns,
                                  "delimiter": delimiter, "max_line": limits.max_record_bytes,
                                  "count_newlines": not sheet_rows, "never": NEVER})
    run_script(con, "csv_lines", {"skip": sidecar.skip_rows, "width": width})
    problems = _rejects(con, shown, path, width, sidecar.skip_rows, limits, sheet_rows)
    con.execute("drop table ingest_counted; drop table ingest_lines; "
                "drop table ingest_miscounted")
    return Source(SOURCE, headers, [f'"c{i}"' for i in range(len(headers))], problems)


def _rejects(con: duckdb.DuckDBPyConnection, shown: str, path: Path, width: int, skip: int,
             limits: Limits, sheet_rows: bool) -> list[tuple[int, str]]:
    """Records DuckDB could not read: a wrong number of fields or an open quote is the
    row's problem; a cut last record, a record too large or bad bytes stop the file."""
    rows = con.execute(sql("csv_rejects"), {"skip": skip}).fetchall()
    rows += con.execute("select line, case when found < ? then 'MISSING COLUMNS' "
                        "else 'TOO MANY COLUMNS' end, found, last from ingest_miscounted",
                        [width]).fetchall()
    problems = []
    ends_with_newline = _last_byte(path) in (b"\n", b"\r")
    for line, kind, found, last in sorted(rows, key=lambda row: row[0]):
        if kind == "LINE SIZE OVER MAXIMUM":
            raise InputError(shown, f"a record is larger than the limit of "
                             f"{limits.max_record_bytes} bytes (portal.toml [inputs] "
                             "max_record_bytes)", line=line)
        if kind == "INVALID ENCODING":
            raise InputError(shown, "cannot decode as UTF-8: name the encoding in the "
                             "sidecar", line=line)
        if last and not sheet_rows and (kind == "UNQUOTED VALUE" or (
                kind == "MISSING COLUMNS" and (not ends_with_newline or _odd_quotes(path)))):
            raise InputError(shown, "the last record is cut (fields missing at the end of "
                             "the file, or a quote opened here is never closed): the "
                             "transfer looks incomplete; fetch the file again", line=line)
        if kind in ROW_COUNT_REASONS:
            problems.append((line, f"row has {found} fields, the header has {width}"))
        elif kind == "UNQUOTED VALUE":
            problems.append((line, "a quoted field is not closed"))
        else:
            raise InputError(shown, f"cannot read the record ({kind.lower()})", line=line)
    return problems


def _odd_quotes(path: Path) -> bool:
    """An odd number of quote characters: some quoted field is never closed (DuckDB then
    reads the rest of the file as that one field)."""
    count = 0
    with path.open("rb") as stream:
        while chunk := stream.read(CHUNK):
            count += chunk.count(b'"')
    return count % 2 == 1


def _last_byte(path: Path) -> bytes:
    with path.open("rb") as stream:
        stream.seek(0, 2)
        if stream.tell() == 0:
            return b""
        stream.seek(-1, 2)
        return stream.read(1)


def _typed_texts(con: duckdb.DuckDBPyConnection, relation: str) -> tuple[list[str], list[str],
                                                                          dict[str, str]]:
    """Headers and their text SQL for a typed relation (JSON, Parquet)."""
    described = con.execute(f'describe "{relation}"').fetchall()
    headers, texts, nested = [], [], {}
    for name, kind, *_ in described:
        if name == "_line":
            continue
        ident = '"' + name.replace('"', '""') + '"'
        headers.append(name.strip())
        if kind.endswith("[]"):
            nested[name.strip()] = ident
            texts.append(f"cast(to_json({ident}) as varchar)")
        elif kind == "JSON":  # numbers and texts mixed: a text without its quotes
            texts.append(f"({ident} ->> '$')")
        elif kind.startswith("STRUCT"):
            texts.append(f"cast(to_json({ident}) as varchar)")
        elif kind in ("DOUBLE", "FLOAT") or kind.startswith("DECIMAL"):
            texts.append(f"case when {ident} = trunc({ident}) and abs({ident}) < 1e15 "
                         f"then cast(cast({ident} as bigint) as varchar) "
                         f"else cast({ident} as varchar) end")
        else:
            texts.append(f"cast({ident} as varchar)")
    return headers, texts, nested


def read_json(con: duckdb.DuckDBPyConnection, path: Path, shown: str, sidecar: Sidecar,
              limits: Limits) -> Source:
    """JSON (an array of records, or `records` = the path to one) or NDJSON. The line is
    the record's number."""
    reader = "read_json(?, format = 'auto', dateformat = '%%', timestampformat = '%%', " \
             "maximum_object_size = ?)"
    # one object holding the list is read whole (the file is within max_file_bytes)
    largest = path.stat().st_size + 1 if sidecar.records else limits.max_record_bytes
    if sidecar.records:
        path_sql = ".".join('"' + p.replace('"', '""') + '"' for p in sidecar.records.split("."))
        select = f"select unnest({path_sql}) as _r from {reader}"
        select = f"select _r.* from ({select})"
    else:
        select = f"select * from {reader}"
    try:
        if not sidecar.records:
            reader = _as_written(con, reader, [str(path), largest])
            select = f"select * from {reader}"
        con.execute(f"create or replace temp table ingest_raw as {select}", [str(path), largest])
        # insertion order is the file's: rowid numbers the records
        con.execute(f"create or replace temp table {SOURCE} as select *, "
                    "cast(rowid + 1 as integer) as _line from ingest_raw")
        con.execute("drop table ingest_raw")
    except duckdb.Error as error:
        raise InputError(shown, f"cannot read JSON: {_first_line(error)}") from None
    headers, texts, nested = _typed_texts(con, SOURCE)
    rows = con.execute(f"select count(*) from {SOURCE}").fetchall()[0][0]
    if not sidecar.records and rows == 1 and nested:
        raise InputError(shown, "the file is one object: name the list that holds the "
                         f"records in {shown}.mapping.toml, e.g. records = "
                         f'"{next(iter(nested))}"')
    return Source(SOURCE, headers, texts, [], nested)


def _as_written(con: duckdb.DuckDBPyConnection, reader: str, params: list) -> str:
    """`reader` with every scalar field read as its text: a number beyond 64 bits
    (20240105090000000001) would otherwise become a double and two ids one, and a field
    holding numbers and texts a JSON value. Lists and objects keep their types (unnest)."""
    described = con.execute(f"describe select * from {reader}", params).fetchall()

    def quoted(text: str) -> str:
        return "'" + text.replace("'", "''") + "'"

    kinds = ", ".join(
        f"{quoted(name)}: {quoted(kind if kind.endswith(']') or kind.startswith(('STRUCT', 'MAP')) else 'VARCHAR')}"
        for name, kind, *_ in described)
    return reader[:-1] + f", columns = {{{kinds}}})"


def read_parquet(con: duckdb.DuckDBPyConnection, path: Path, shown: str) -> Source:
    """A view over the file: each query reads only the columns it needs (no copy)."""
    literal = "'" + str(path).replace("'", "''") + "'"
    try:
        con.execute(f"create or replace temp view {PARQUET} as select * exclude "
                    "(file_row_number), cast(file_row_number + 1 as integer) as _line "
                    f"from read_parquet({literal}, file_row_number = true)")
        headers, texts, nested = _typed_texts(con, PARQUET)
    except duckdb.Error as error:
        raise InputError(shown, f"cannot read Parquet: {_first_line(error)}") from None
    return Source(PARQUET, headers, texts, [], nested)


def read_xlsx(con: duckdb.DuckDBPyConnection, path: Path, shown: str, sidecar: Sidecar,
              limits: Limits, work: Path) -> Source:
    """A sheet (python-calamine, the Rust reader) written to CSV for DuckDB. A cell
    formatted as a date without a time is read as that date (no midnight added)."""
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
    except (CalamineError, OSError, ValueError) as error:
        raise InputError(shown, f"cannot open workbook: {_first_line(error)}") from None
    if sidecar.sheet is not None and sidecar.sheet not in book.sheet_names:
        raise InputError(shown, f"no sheet named {sidecar.sheet!r}")
    if not book.sheet_names:
        raise InputError(shown, "cannot open workbook: it has no sheet")
    try:
        sheet = book.get_sheet_by_name(sidecar.sheet or book.sheet_names[0])
        target = scratch_file(work)
        with target.open("w", encoding="utf-8", newline="") as out:
            csv.writer(out).writerows(map(_cells, sheet.iter_rows()))
    except (CalamineError, ValueError) as error:
        raise InputError(shown, f"cannot read the sheet: {_first_line(error)}") from None
    return read_csv(con, target, shown, sidecar, limits, work, sheet_rows=True)


def _cells(row: list) -> list[str]:
    # text, most cells of an export, without the checks of _cell
    return [v.strip() if type(v) is str else _cell(v) for v in row]


def _cell(value: object) -> str:
    """A spreadsheet value as the text an export would have written."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if hasattr(value, "isoformat"):  # a date, a time of day
        return value.isoformat()
    return str(value).strip()


def _first_line(error: Exception) -> str:
    return str(error).splitlines()[0][:200]


