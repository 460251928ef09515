"""`publish.py map FILE --domain DOMAIN`: a draft sidecar for a foreign export.

Reads the export (CSV/TSV, JSON/NDJSON, XLSX, Parquet) into DuckDB as text, matches its
headers to the domain's contract columns by name and synonym (mapping_words.py), detects
date formats from the values (flagging day/month ambiguity and two-digit years), proposes
value maps for coded columns, drafts reference lists from the dimension columns, and writes
`<FILE>.mapping.toml` in the sidecar format of data/raw/README.md. Whatever it cannot
decide is a `# TODO` comment. The preview says how many rows would be read, quarantined
(a required value empty or unreadable) and how many values are left unmapped.
"""

from __future__ import annotations

import csv
import logging
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from pipeline import contracts, models, reference
from pipeline.errors import InputError
from pipeline.mapping_words import CODES, HEADERS, is_chinese, normalize
from pipeline.sidecar_draft import sidecar_text
from pipeline.site.i18n import labels

log = logging.getLogger(__name__)

SQL = Path(__file__).parent / "sql" / "mapper"
READERS = {".csv": "csv", ".tsv": "csv", ".txt": "csv", ".json": "json", ".ndjson": "json",
           ".jsonl": "json", ".parquet": "parquet", ".xlsx": "xlsx"}
DATE_FORMATS = (
    "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M:%S.%g", "%Y-%m-%d",
    "%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y %I:%M %p", "%m/%d/%Y %H:%M:%S", "%m/%d/%Y %H:%M",
    "%m/%d/%Y", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y",
    "%m/%d/%y %H:%M", "%m/%d/%y %I:%M %p", "%m/%d/%y", "%d/%m/%y %H:%M", "%d/%m/%y",
    "%d.%m.%Y %H:%M", "%d.%m.%Y", "%d-%m-%Y", "%Y%m%d", "%d %b %Y", "%b %d, %Y",
)
LABEL_GROUPS = {("cases", "source"): "source", ("cases", "outcome"): "outcome",
                ("cases", "channel"): "channel", ("hotline", "kind"): "kind",
                ("commitment_updates", "stage"): "stage",
                ("commitment_updates", "status"): "status",
                ("price_items", "category"): "price_category",
                ("price_stores", "store_type"): "store_type",
                ("disclosure", "requester_type"): "requester_type",
                ("disclosure", "outcome"): "disclosure_outcome"}
MAX_CODES = 40


@dataclass
class TableDraft:
    table: contracts.Table
    columns: dict[str, str] = field(default_factory=dict)  # contract column → source header
    expressions: dict[str, str] = field(default_factory=dict)  # contract column → SQL
    formats: dict[str, list[str]] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)  # contract column → comment
    date_only: list[str] = field(default_factory=list)
    values: dict[str, dict[str, str | None]] = field(default_factory=dict)
    value_rows: dict[str, dict[str, int]] = field(default_factory=dict)
    todo: list[str] = field(default_factory=list)
    unplaced: list[str] = field(default_factory=list)  # required columns not found
    quarantined: int = 0
    unmapped: int = 0


@dataclass
class Draft:
    file: Path
    domain: str
    rows: int
    headers: list[str]
    encoding: str | None = None
    delimiter: str | None = None
    skip_rows: int = 0
    tables: list[TableDraft] = field(default_factory=list)
    references: dict[str, Path] = field(default_factory=dict)

    def preview(self) -> list[str]:
        lines = [f"{self.file.name}: {self.rows} rows, {len(self.headers)} columns"]
        for t in self.tables:
            lines.append(f"  {t.table.name}: {self.rows - t.quarantined} rows would be read, "
                         f"{t.quarantined} quarantined, {t.unmapped} values left unmapped, "
                         f"{len(t.todo)} TODOs")
            lines.extend(f"    TODO {item}" for item in t.todo)
        used = {h for t in self.tables for h in t.columns.values()}
        unused = [h for h in self.headers if h not in used]
        if unused:
            lines.append(f"  not mapped (dropped): {', '.join(unused)}")
        lines.extend(f"  draft reference list: {path}" for path in self.references.values())
        return lines


def _sql(name: str) -> str:
    return (SQL / f"{name}.sql").read_text(encoding="utf-8")


def _decode_csv(path: Path) -> tuple[Path, str | None, str | None]:
    """A UTF-8 copy of a CSV when it is GB18030; the delimiter when it is not a comma."""
    data = path.read_bytes()
    encoding = None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text, encoding = data.decode("gb18030"), "gb18030"
        except UnicodeDecodeError as error:
            line = data[: error.start].count(b"\n") + 1
            raise InputError(path.name, "cannot decode as UTF-8 or GB18030", line=line) from None
    first = text.split("\n", 1)[0]
    delimiter = max(("\t", ";", "|", ","), key=first.count)
    delimiter = None if delimiter == "," or first.count(delimiter) == 0 else delimiter
    if encoding is None:
        return path, None, delimiter
    copy = Path(tempfile.mkstemp(suffix=".csv")[1])
    copy.write_text(text, encoding="utf-8")
    return copy, encoding, delimiter


def read_export(con: duckdb.DuckDBPyConnection, path: Path) -> Draft:
    """The export as table `export`: every column as text, `_line` its line in the file."""
    kind = READERS.get(path.suffix.lower())
    if kind is None:
        raise InputError(path.name, f"no reader for {path.suffix or 'files without a suffix'}"
                         f" (one of {', '.join(sorted(READERS))})")
    encoding = delimiter = None
    try:
        if kind == "csv":
            source, encoding, delimiter = _decode_csv(path)
            con.execute("create or replace table export_raw as select * from read_csv("
                        "$path, all_varchar = true, header = true, delim = $delim, comment = '')",
                        {"path": str(source), "delim": delimiter or ","})
        elif kind == "json":
            con.execute("create or replace table export_raw as "
                        "select columns(*)::varchar from read_json_auto($path)",
                        {"path": str(path)})
        elif kind == "parquet":
            con.execute("create or replace table export_raw as "
                        "select columns(*)::varchar from read_parquet($path)",
                        {"path": str(path)})
        else:
            _read_xlsx(con, path)
    except duckdb.Error as error:
        raise InputError(path.name, f"cannot read the export: {error}") from None
    con.execute("create or replace table export as select row_number() over () + 1 as _line, "
                "* from export_raw")
    headers = [r[0] for r in con.execute("describe export_raw").fetchall()]
    skip = _tag_row(con, headers)
    if skip:
        con.execute("delete from export where _line = 2")
    rows = con.execute("select count(*) from export").fetchone()[0]
    return Draft(path, "", rows, headers, encoding, delimiter, skip)


def _read_xlsx(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    import openpyxl
    import pandas as pd

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    book.close()
    if not rows:
        raise InputError(path.name, "the workbook's first sheet is empty")
    header = [str(h).strip() for h in rows[0]]
    frame = pd.DataFrame([["" if v is None else str(v) for v in r] for r in rows[1:]],
                         columns=header, dtype=object)
    con.register("xlsx_frame", frame)
    con.execute("create or replace table export_raw as select * from xlsx_frame")
    con.unregister("xlsx_frame")


def _tag_row(con: duckdb.DuckDBPyConnection, headers: list[str]) -> int:
    """1 when the row under the header is a tag row (#date, #adm1+name ...), else 0."""
    first = con.execute("select * exclude (_line) from export where _line = 2").fetchone()
    values = [v for v in (first or ()) if v is not None and str(v).strip()]
    return int(bool(values) and all(str(v).strip().startswith("#") for v in values))


def match_headers(headers: list[str], table: contracts.Table) -> dict[str, str]:
    """contract column → source header: the column's own name or a synonym as the whole
    header first (for every column), then a Chinese synonym contained in a header no
    column has taken ("承办单位名称"; "规格" does not take "英文规格" from spec_en)."""
    found: dict[str, str] = {}
    normalized = {h: normalize(h) for h in headers}
    words = {column.name: [normalize(column.name),
                           *(normalize(w) for w in HEADERS.get(column.name, ()))]
             for column in table.columns}
    for column in table.columns:
        exact = [h for h in headers if normalized[h] in words[column.name]
                 and h not in found.values()]
        if exact:
            found[column.name] = exact[0]
    for column in table.columns:
        if column.name in found:
            continue
        # only Chinese words match inside a longer header; an English word must be the
        # whole header ("Agency Name" is not a "name")
        loose = [h for h in headers for w in words[column.name]
                 if is_chinese(w) and len(w) >= 2 and w in normalized[h]
                 and h not in found.values()]
        if loose:
            found[column.name] = loose[0]
    return found


def detect_formats(con: duckdb.DuckDBPyConnection, header: str) -> tuple[list[str], str]:
    """The strptime formats that read every value of a date column, and a warning."""
    fits = []
    portal_total = None
    for fmt in DATE_FORMATS:
        total, fit, portal = con.execute(_sql("date_format_fit"),
                                         {"column": header, "format": fmt}).fetchone()
        portal_total = (total, portal)
        if total and fit == total:
            fits.append(fmt)
    if portal_total and portal_total[0] and portal_total[1] == portal_total[0] and (
            not fits or fits[0].startswith("%Y")):
        return [], ""
    if not fits:
        return [], "no known date form reads every value: write its strptime format here"
    warnings = []
    if any(f.startswith("%m/%d") for f in fits) and any(f.startswith("%d/%m") for f in fits):
        warnings.append("AMBIGUOUS: day/month order cannot be told from the values (no day "
                        "above 12); month first is drafted, check the export's documentation")
    if "%y" in fits[0]:
        warnings.append("two-digit years: check that the century is right")
    return fits[:1], "; ".join(warnings)


def propose_code(value: str, column: str, accepted: tuple[str, ...],
                 group: str | None) -> str | None:
    """The contract code an export's value most likely means, or None."""
    key = normalize(value)
    for code in accepted:
        if key == normalize(code):
            return code
    words = CODES.get(column, {})
    if key in {normalize(w) for w in words}:
        code = next(c for w, c in words.items() if normalize(w) == key)
        return code if code in accepted else None
    for code, names in labels().get(group or "", {}).items():
        if code in accepted and key in {normalize(n) for n in names}:
            return code
    return None


def _draft_values(con: duckdb.DuckDBPyConnection, draft: TableDraft) -> None:
    for column in draft.table.columns:
        header = draft.columns.get(column.name)
        if header is None or column.kind != "code" or not column.values:
            continue
        values = con.execute(_sql("top_values"), {"column": header, "limit": MAX_CODES}
                             ).fetchall()
        group = LABEL_GROUPS.get((draft.table.name, column.name))
        proposals = {v: propose_code(v, column.name, column.values, group) for v, _ in values}
        if all(p is not None and p == v.strip().lower() for v, p in proposals.items()):
            continue  # already the contract's codes, as the portal matches them
        draft.values[column.name] = proposals
        draft.value_rows[column.name] = dict(values)
        draft.unmapped += sum(n for v, n in values if proposals[v] is None)


def draft_table(con: duckdb.DuckDBPyConnection, headers: list[str],
                table: contracts.Table) -> TableDraft:
    names = {c.name for c in table.columns}
    expressions = {k: v for k, v in item_expressions(headers).items() if k in names}
    draft = TableDraft(table, match_headers(headers, table), expressions)
    for column in table.columns:
        header = draft.columns.get(column.name)
        if header is None and column.name in expressions:
            continue
        if header is None:
            if column.required:
                draft.todo.append(f"required column {column.name}: no header matched; "
                                  "map one in [columns] or give it in [constants]")
                draft.unplaced.append(column.name)
            continue
        if column.kind in ("timestamp", "date"):
            formats, warning = detect_formats(con, header)
            if formats:
                draft.formats[column.name] = formats
            if warning:
                draft.notes[column.name] = warning
                draft.todo.append(f"{column.name} ({header}): {warning}")
            filled, _, date_only = con.execute(_sql("column_profile"),
                                               {"column": header}).fetchone()
            if column.name.startswith("due") and filled and date_only == filled:
                draft.date_only.append(column.name)
    _draft_values(con, draft)
    bad: set[int] = set()
    for column in table.columns:
        header = draft.columns.get(column.name)
        if column.required and header is not None:
            rows = con.execute(_sql("bad_lines"), {
                "column": header, "is_date": column.kind in ("timestamp", "date"),
                "formats": draft.formats.get(column.name) or ["%Y-%m-%d"]}).fetchall()
            bad.update(r[0] for r in rows)
            unmapped = [v for v, code in draft.values.get(column.name, {}).items() if code is None]
            if unmapped:
                rows = con.execute(_sql("lines_with_values"),
                                   {"column": header, "values": unmapped}).fetchall()
                bad.update(r[0] for r in rows)
    draft.quarantined = len(bad)
    return draft


def _tables_for(path: Path, domain: str, headers: list[str]) -> list[contracts.Table]:
    """The contract tables the export feeds: one by its file name, or — a price export
    with commodity, unit, market and price — observations, items and stores at once."""
    candidates = [t for t in contracts.TABLES if t.domain == domain]
    if len(candidates) == 1:
        return candidates
    if domain == "prices" and "unit" in match_headers(headers, contracts.table("price_items")):
        return candidates
    named = contracts.table_for_file(domain, path.name)
    if named is not None:
        return [named]
    fits = [t for t in candidates
            if all(c in match_headers(headers, t) for c in t.required)]
    return fits or candidates[:1]


def item_expressions(headers: list[str]) -> dict[str, str]:
    """For a price export without item codes: the code is the commodity and its unit (so
    two units of one commodity are two items), the Chinese name the commodity's name."""
    found = match_headers(headers, contracts.table("price_items"))
    if "item_code" in found:
        return {}
    name = found.get("name_zh") or found.get("name_en")
    if name is None:
        return {}
    quoted = {k: '"' + v.replace('"', '""') + '"' for k, v in found.items()}
    code = quoted.get("name_zh") or quoted["name_en"]
    if "unit" in quoted:
        code += " || ' ' || " + quoted["unit"]
    if "spec" in quoted:
        code += " || coalesce(' ' || " + quoted["spec"] + ", '')"
    expressions = {"item_code": code}
    if "name_zh" not in found:
        expressions["name_zh"] = quoted["name_en"]
    return expressions


def _currency(con: duckdb.DuckDBPyConnection, headers: list[str]) -> str:
    """The export's most frequent currency code, when it has a currency column."""
    words = {normalize(w) for w in ("currency", *HEADERS["currency"])}
    header = next((h for h in headers if normalize(h) in words), None)
    if header is None:
        return "CNY"
    top = con.execute(_sql("top_values"), {"column": header, "limit": 1}).fetchall()
    return top[0][0].upper() if top else "CNY"


def draft_references(con: duckdb.DuckDBPyConnection, draft: Draft, folder: Path,
                     force: bool) -> dict[str, Path]:
    """<folder>/<dimension>.draft.csv from the export's distinct values: a start for the
    operator, never read by a build. Values holding personal data are left out."""
    written = {}
    for dimension in reference.DIMENSIONS:
        for table in draft.tables:
            header = next((table.columns.get(c) for t, c in dimension.columns
                           if t == table.table.name and c in table.columns), None)
            path = folder / f"{dimension.name}.draft.csv"
            if header is None or dimension.name in written or (path.exists() and not force):
                continue
            values = con.execute(_sql("top_values"), {"column": header, "limit": 10_000}
                                 ).fetchall()
            kept = [v for v, _ in values if not reference.flagged(v)]
            extra = dict.fromkeys(dimension.extra, "")
            if "currency" in extra:
                extra["currency"] = _currency(con, draft.headers)
            folder.mkdir(parents=True, exist_ok=True)
            with path.open("w", encoding="utf-8", newline="") as handle:
                writer = csv.writer(handle, lineterminator="\n")
                writer.writerow([*reference.BASE_COLUMNS, *extra])
                writer.writerows([v, v, "", *extra.values()] for v in kept)
            written[dimension.name] = path
    return written


def map_file(path: Path, domain: str, force: bool = False) -> Draft:
    """Write `<path>.mapping.toml` (and draft reference lists) for an export of `domain`."""
    if domain not in contracts.DOMAINS:
        raise InputError(path.name, f"unknown domain {domain!r} (one of "
                         f"{', '.join(contracts.DOMAINS)})")
    sidecar = path.with_name(path.name + ".mapping.toml")
    if sidecar.exists() and not force:
        raise InputError(sidecar.name, "a sidecar already exists; pass --force to replace it")
    con = models.connect()
    try:
        draft = read_export(con, path)
        draft.domain = domain
        draft.tables = [draft_table(con, draft.headers, t)
                        for t in _tables_for(path, domain, draft.headers)]
        data_dir = path.parent.parent if path.parent.name == domain else path.parent
        draft.references = draft_references(con, draft, data_dir / "reference", force)
    finally:
        con.close()
    sidecar.write_text(sidecar_text(draft), encoding="utf-8")
    log.info("wrote %s", sidecar)
    return draft
