"""Files → raw tables in DuckDB, every value as text, with file and line kept for messages.

Each file under `<data>/<domain>/` (CSV in UTF-8, UTF-8 with BOM or GB18030; XLSX;
Parquet) feeds the contract table its name selects. An optional sidecar
`<file>.mapping.toml` renames columns, maps values, names date formats and the encoding,
so a foreign export drops in unchanged. Rows that cannot be read at all (a wrong number
of fields) go straight to quarantine; everything else is judged by validate.py.
"""

from __future__ import annotations

import csv
import hashlib
import io
import logging
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from pipeline import contracts
from pipeline.errors import InputError

log = logging.getLogger(__name__)

READABLE = {".csv", ".txt", ".tsv", ".xlsx", ".parquet"}
QUARANTINE_COLUMNS = ("table_name", "file", "line", "column_name", "reason")


@dataclass(frozen=True)
class Mapping:
    encoding: str | None = None
    sheet: str | None = None
    delimiter: str | None = None
    columns: dict[str, str] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    date_formats: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class FileReport:
    file: str
    table: str
    sha256: str
    rows: int
    unreadable: int = 0
    dropped_columns: list[str] = field(default_factory=list)


def read_mapping(path: Path, shown: str) -> Mapping:
    """The sidecar of a data file, or an empty mapping when there is none."""
    sidecar = path.with_name(path.name + ".mapping.toml")
    if not sidecar.exists():
        return Mapping()
    try:
        raw = tomllib.loads(sidecar.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise InputError(f"{shown}.mapping.toml", f"cannot read mapping: {error}") from None
    formats = {k: [v] if isinstance(v, str) else list(v)
               for k, v in raw.get("date_formats", {}).items()}
    return Mapping(
        encoding=raw.get("encoding"),
        sheet=raw.get("sheet"),
        delimiter=raw.get("delimiter"),
        columns={str(k).strip(): str(v).strip().lower() for k, v in raw.get("columns", {}).items()},
        values={k: {str(a): str(b) for a, b in v.items()} for k, v in raw.get("values", {}).items()},
        date_formats=formats,
    )


def decode(data: bytes, shown: str, encoding: str | None = None) -> str:
    """Bytes → text: the mapping's encoding, else a BOM, else UTF-8, else GB18030."""
    if encoding:
        candidates = [encoding]
    elif data.startswith(b"\xef\xbb\xbf"):
        candidates = ["utf-8-sig"]
    else:
        candidates = ["utf-8", "gb18030"]
    first_error: UnicodeDecodeError | None = None
    for name in candidates:
        try:
            return data.decode(name)
        except UnicodeDecodeError as error:
            first_error = first_error or error
        except LookupError:
            raise InputError(shown, f"unknown encoding {name!r} in mapping") from None
    line = data[: first_error.start].count(b"\n") + 1
    raise InputError(shown, f"cannot decode as {' or '.join(candidates)} "
                     f"(byte {first_error.start})", line=line)


def _csv_records(text: str, delimiter: str | None) -> list[tuple[int, list[str]]]:
    sample = text[:4096]
    if delimiter is None:
        delimiter = "\t" if sample.count("\t") > sample.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    return [(reader.line_num, row) for row in reader if row]


def _sheet_records(path: Path, shown: str, sheet: str | None) -> list[tuple[int, list]]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a broken workbook
        raise InputError(shown, f"cannot open workbook: {error}") from None
    if sheet is not None and sheet not in book.sheetnames:
        raise InputError(shown, f"no sheet named {sheet!r}")
    rows = book[sheet] if sheet else book.worksheets[0]
    records = [(n, list(r)) for n, r in enumerate(rows.iter_rows(values_only=True), start=1)
               if any(v is not None and str(v).strip() for v in r)]
    book.close()
    return records


def _parquet_frame(path: Path, shown: str) -> pd.DataFrame:
    try:
        frame = pd.read_parquet(path)
    except Exception as error:  # pyarrow raises many kinds for a broken file
        raise InputError(shown, f"cannot read Parquet: {error}") from None
    frame.insert(0, "_line", range(1, len(frame) + 1))
    return frame


def _cell(value) -> str:
    """A spreadsheet or Parquet value as the text an export would have written."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat(sep=" ") if hasattr(value, "hour") else value.isoformat()
    return str(value).strip()


def read_frame(path: Path, shown: str, mapping: Mapping) -> tuple[pd.DataFrame, list[tuple[int, str]]]:
    """A file as a frame of text with a `_line` column, and its unreadable rows."""
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        frame = _parquet_frame(path, shown)
        header = [str(c) for c in frame.columns[1:]]
        frame = frame.astype(object).map(_cell)
        frame["_line"] = frame["_line"].astype(int)
        return frame.set_axis(["_line", *header], axis=1), []
    if suffix == ".xlsx":
        records = _sheet_records(path, shown, mapping.sheet)
    else:
        text = decode(path.read_bytes(), shown, mapping.encoding)
        records = _csv_records(text.lstrip("\ufeff"), mapping.delimiter)
    if not records:
        raise InputError(shown, "the file is empty")
    header = [_cell(h) for h in records[0][1]]
    width = len(header)
    good = [(n, r) for n, r in records[1:] if len(r) == width]
    bad = [(n, f"row has {len(r)} fields, the header has {width}")
           for n, r in records[1:] if len(r) != width]
    frame = pd.DataFrame([r for _, r in good], columns=header, dtype=object)
    frame = frame.map(_cell) if suffix == ".xlsx" else frame.fillna("").map(str.strip)
    frame.insert(0, "_line", [n for n, _ in good])
    return frame, bad


def _apply_mapping(frame: pd.DataFrame, mapping: Mapping) -> pd.DataFrame:
    renames = {c: mapping.columns.get(str(c).strip(), str(c).strip().lower())
               for c in frame.columns if c != "_line"}
    frame = frame.rename(columns=renames)
    for column, values in mapping.values.items():
        if column in frame:
            frame[column] = frame[column].replace(values)
    for column, formats in mapping.date_formats.items():
        if column not in frame:
            continue
        parsed = pd.Series(pd.NaT, index=frame.index)
        for fmt in formats:
            parsed = parsed.fillna(pd.to_datetime(frame[column], format=fmt, errors="coerce"))
        frame[column] = parsed.dt.strftime("%Y-%m-%d %H:%M:%S").where(parsed.notna(),
                                                                       frame[column])
    return frame


def load_file(con: duckdb.DuckDBPyConnection, path: Path, shown: str,
              table: contracts.Table) -> FileReport:
    """Read one file into raw_<table>; unreadable rows into quarantine."""
    mapping = read_mapping(path, shown)
    frame, bad = read_frame(path, shown, mapping)
    frame = _apply_mapping(frame, mapping)
    names = [c.name for c in table.columns]
    duplicated = frame.columns[frame.columns.duplicated()].tolist()
    if duplicated:
        raise InputError(shown, f"column {duplicated[0]!r} appears twice", line=1)
    for required in table.required:
        if required not in frame.columns:
            raise InputError(shown, "required column is missing", line=1, column=required)
    dropped = [c for c in frame.columns if c != "_line" and c not in names]
    kept = frame[["_line", *[n for n in names if n in frame.columns]]].copy()
    for name in names:
        if name not in kept:
            kept[name] = ""
    kept.insert(0, "_file", shown)
    con.register("incoming", kept)
    con.execute(f'insert into "raw_{table.name}" by name select * from incoming')
    con.unregister("incoming")
    if bad:
        quarantine = pd.DataFrame([(table.name, shown, n, None, reason) for n, reason in bad],
                                  columns=QUARANTINE_COLUMNS)
        con.register("incoming", quarantine)
        con.execute("insert into quarantine by name select * from incoming")
        con.unregister("incoming")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return FileReport(shown, table.name, digest, len(kept) + len(bad), len(bad), dropped)


def create_raw_tables(con: duckdb.DuckDBPyConnection) -> None:
    for table in contracts.TABLES:
        columns = ", ".join(f'"{c.name}" varchar' for c in table.columns)
        con.execute(f'create or replace table "raw_{table.name}" '
                    f"(_file varchar, _line integer, {columns})")
    con.execute("create or replace table quarantine (table_name varchar, file varchar, "
                "line integer, column_name varchar, reason varchar)")


def data_files(data_dir: Path) -> list[tuple[Path, str]]:
    """Every input file with its domain, in a stable order."""
    found = []
    for domain in contracts.DOMAINS:
        folder = data_dir / domain
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.suffix.lower() in READABLE and not path.name.startswith("."):
                found.append((path, domain))
    return found


def dropped_columns(reports: list[FileReport]) -> dict[str, list[str]]:
    """Per table, the source columns no contract knows (each named once)."""
    found: dict[str, list[str]] = {}
    for report in reports:
        names = found.setdefault(report.table, [])
        names.extend(c for c in report.dropped_columns if c not in names)
    return {table: names for table, names in found.items() if names}


def ingest(con: duckdb.DuckDBPyConnection, data_dir: Path) -> list[FileReport]:
    """Load every file of `data_dir` into the raw tables; stop on a file that can't be used."""
    create_raw_tables(con)
    reports = []
    for path, domain in data_files(data_dir):
        shown = path.relative_to(data_dir).as_posix()
        table = contracts.table_for_file(domain, path.name)
        if table is None:
            prefixes = ", ".join(t.file_prefix for t in contracts.TABLES if t.domain == domain)
            raise InputError(shown, f"cannot tell which table this file feeds: "
                             f"its name should hold one of {prefixes}")
        reports.append(load_file(con, path, shown, table))
        log.info("read %s: %d rows", shown, reports[-1].rows)
    for table, columns in dropped_columns(reports).items():
        log.warning("%s: columns not in the contract were dropped (allowlist them in "
                    "pipeline/contracts.py to publish them): %s", table, ", ".join(columns))
    for table in contracts.TABLES:
        if not any(r.table == table.name and r.rows > r.unreadable for r in reports):
            raise InputError(f"{table.domain}/", f"no rows for {table.name}: the domain "
                             "needs at least one file with rows")
    return reports
