"""Published tables → CSV (UTF-8 with BOM), JSON and Parquet, datapackage.json and manifest.

Every table with a policy passes the disclosure control first, all of them together
(suppression across tables, then the audit; a build that cannot pass refuses); what is
written here is all the site may show. The tables without a policy are written by a
second thread meanwhile. Same inputs and as-of date give the same bytes: no clock.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import logging
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from pipeline import counts
from pipeline.catalog import SITE_TABLES, TABLES, Published

log = logging.getLogger(__name__)

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_START = "^[" + "".join("\\" + c if c in "-\\]^" else c for c in FORMULA_STARTS) + "]"
#: tables also written one file per key value, so a reader downloads only the rows of one
#: page: data/price_history/<item>.csv (the item page's history)
PARTS = {"price_history": "item_code"}
_SAFE_NAME = re.compile(r"[A-Za-z0-9_-]+")


def published_frames(con: duckdb.DuckDBPyConnection, k: int
                     ) -> tuple[dict[str, pd.DataFrame], dict]:
    """Every mart as published, and the disclosure audit's summary (never a value)."""
    raw = _marts(con)
    protected, summary = _protected(raw, k)
    return {table.name: _shaped({**raw, **protected}[table.name], table)
            for table in TABLES}, summary


def _marts(con: duckdb.DuckDBPyConnection) -> dict[str, pd.DataFrame]:
    return {table.name: con.execute(f'select * from "{table.name}"').df() for table in TABLES}


def _protected(raw: dict[str, pd.DataFrame], k: int) -> tuple[dict[str, pd.DataFrame], dict]:
    """The tables with a disclosure policy, suppressed together (not yet shaped), and the
    audit's summary."""
    from pipeline import disclosure  # (its solver is not loaded by builds that reuse
    # their tables: an edited page's rebuild)

    return disclosure.suppress_tables(
        [(table.name, raw[table.name], table.policy) for table in TABLES if table.policy], k)


def published_frame(con: duckdb.DuckDBPyConnection, table: Published, k: int) -> pd.DataFrame:
    """One mart as published (suppressed together with every other table)."""
    return published_frames(con, k)[0][table.name]


def _shaped(frame: pd.DataFrame, table: Published) -> pd.DataFrame:
    """Columns in catalogue order, each with its published type."""
    columns = [c.name for c in table.columns]
    frame = frame[columns].copy()
    for col in table.columns:
        if col.type == "integer":
            frame[col.name] = frame[col.name].astype("Int64")
        elif col.type == "number":
            frame[col.name] = pd.to_numeric(frame[col.name], errors="coerce").astype("float64")
        elif col.type == "date":
            frame[col.name] = pd.to_datetime(frame[col.name]).dt.strftime("%Y-%m-%d")
        elif col.type == "boolean":
            frame[col.name] = frame[col.name].astype("boolean")
        else:
            frame[col.name] = frame[col.name].astype("string")
    return frame.reset_index(drop=True)


def formula_safe(text: pd.Series) -> pd.Series:
    """Text a spreadsheet would run as a formula (= + - @ tab CR) gets a leading apostrophe."""
    risky = text.str.startswith(FORMULA_STARTS, na=False)
    return text.where(~risky, "'" + text)


def csv_safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Any CSV the site offers outside the catalogue (chart data, quarantine): every text
    column, and the header, formula-safe; numbers stay numbers. A frame with nothing to
    escape comes back as itself (the charts' frames, thousands per build, mostly)."""
    safe = frame
    for name in frame.columns:
        column = frame[name]
        if (not (column.dtype == object or isinstance(column.dtype, pd.StringDtype))
                or pd.api.types.infer_dtype(column, skipna=True) != "string"):
            continue  # numbers, booleans and times: nothing a spreadsheet would run
        if column.str.startswith(FORMULA_STARTS, na=False).any():
            safe = frame.copy() if safe is frame else safe
            safe[name] = formula_safe(column.astype("string"))
    header = pd.Series(frame.columns, dtype="string")
    if header.str.startswith(FORMULA_STARTS, na=False).any():
        safe = frame.copy() if safe is frame else safe
        safe.columns = formula_safe(header).tolist()
    return safe


def _csv_safe(frame: pd.DataFrame, table: Published) -> pd.DataFrame:
    """Text a spreadsheet would run as a formula gets a leading apostrophe."""
    return _csv_arrow(_arrow(frame), table).to_pandas()


def _arrow(frame: pd.DataFrame) -> pa.Table:
    return pa.Table.from_pandas(frame, preserve_index=False)


def _csv_arrow(data: pa.Table, table: Published) -> pa.Table:
    """The CSV's columns: text a spreadsheet would run as a formula with a leading
    apostrophe, booleans as true/false; computed by Arrow column by column."""
    types = {c.name: c.type for c in table.columns}
    columns = []
    for name, column in zip(data.column_names, data.columns, strict=True):
        if types.get(name) == "string" and _is_text(column):
            risky = pc.match_substring_regex(column, _FORMULA_START)
            quoted = pc.binary_join_element_wise(pa.scalar("'", column.type), column,
                                                 pa.scalar("", column.type))
            column = pc.if_else(risky, quoted, column)
        elif types.get(name) == "boolean":
            column = pc.cast(column, pa.string())
        columns.append(column)
    return pa.table(columns, names=data.column_names)


def records(frame: pd.DataFrame) -> list[dict]:
    """Rows as plain JSON values, missing as None."""
    if not any(t.kind in "mM" or isinstance(t, pd.PeriodDtype) for t in frame.dtypes):
        try:  # Arrow converts column by column: a third of pandas' time
            return pa.Table.from_pandas(frame, preserve_index=False).to_pylist()
        except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
            pass  # mixed Python objects in a column: pandas copes
    plain = frame.astype(object).where(frame.notna(), None)
    return plain.to_dict("records")


def _write_tables(frames: dict[str, pd.DataFrame], out: Path, zone: str
                  ) -> dict[str, pd.DataFrame]:
    """Every table of `frames` shaped as published and written (and its parts), with a
    connection of its own; the shaped tables."""
    shaped = {table.name: _shaped(frames[table.name], table)
              for table in TABLES if table.name in frames}
    con = duckdb.connect()
    try:
        con.execute("set TimeZone = ?", [zone])
        for table in (t for t in TABLES if t.name in frames):
            write_table(shaped[table.name], table, out, con)
            if table.name in PARTS:
                write_parts(shaped[table.name], table, PARTS[table.name], out, con)
    finally:
        con.close()
    return shaped


def write_table(frame: pd.DataFrame, table: Published, out: Path,
                con: duckdb.DuckDBPyConnection | None = None) -> None:
    """The table as CSV (UTF-8 with BOM), JSON (an array of records) and Parquet.

    DuckDB writes the CSV and JSON from the Arrow table, column by column: no Python
    loop over cells, so a table of millions of rows costs seconds, not minutes.
    """
    con = con or duckdb.connect()
    data = _arrow(frame)
    pq.write_table(data, out / f"{table.name}.parquet")
    _write_text_forms(data, table, out / table.name, con)


def _write_text_forms(data: pa.Table, table: Published, stem: Path,
                      con: duckdb.DuckDBPyConnection) -> None:
    """`stem`.csv (with BOM, formulas defused) and `stem`.json, written by DuckDB."""
    stem.with_name(f"{stem.name}.csv").write_bytes(
        codecs.BOM_UTF8 + _csv_body(_csv_arrow(data, table), stem, con))
    json_rows = con.from_arrow(data)
    con.execute("copy (select * from json_rows) to ? (format json, array true)",
                [str(stem.with_name(f"{stem.name}.json"))])
    del json_rows


def _is_text(column: pa.ChunkedArray) -> bool:
    return pa.types.is_string(column.type) or pa.types.is_large_string(column.type)


def _csv_body(safe: pa.Table, stem: Path, con: duckdb.DuckDBPyConnection) -> bytes:
    """The CSV DuckDB writes of `safe` (header first), without the BOM."""
    plain = stem.with_name(f".{stem.name}.csv")
    try:
        con.from_arrow(safe).write_csv(str(plain), header=True)
        return plain.read_bytes()
    finally:
        plain.unlink(missing_ok=True)


def part_name(value: str) -> str:
    """The file name of one key value: the value when plain ASCII, else a short hash
    (the same rule as the item pages' names)."""
    if _SAFE_NAME.fullmatch(value):
        return value
    return "d" + hashlib.sha256(value.encode("utf-8")).hexdigest()[:8]


def write_parts(frame: pd.DataFrame, table: Published, column: str, out: Path,
                con: duckdb.DuckDBPyConnection) -> int:
    """One CSV per value of `column` under out/<table>/ (the download an item page links;
    its chart has its own data); their number."""
    folder = out / table.name
    folder.mkdir(parents=True, exist_ok=True)
    groups = frame.groupby(column, sort=True).indices  # value → its rows, in order
    if not groups:
        return 0
    safe = _csv_arrow(_arrow(frame), table).take(np.concatenate(list(groups.values())))
    one_line = not any(pc.any(pc.match_substring(c, "\n")).as_py()
                       for c in safe.columns if _is_text(c))
    if one_line:  # one CSV of every row, cut into a file per value: a row is a line
        header, *lines = _csv_body(safe, folder / "parts", con).split(b"\n")[:-1]
    start = 0
    for value, rows in groups.items():  # a file per item, not per row
        body = (b"\n".join([header, *lines[start:start + len(rows)], b""]) if one_line
                else _csv_body(safe.slice(start, len(rows)), folder / "part", con))
        (folder / f"{part_name(str(value))}.csv").write_bytes(codecs.BOM_UTF8 + body)
        start += len(rows)
    return len(groups)


def datapackage(manifest: dict) -> dict:
    """The Frictionless Data Package describing every published table."""
    resources = []
    for table in TABLES + SITE_TABLES:
        resources.append({
            "name": table.name,
            "path": f"{table.name}.csv",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8-sig",
            "title": table.title_en,
            "description": f"{table.description_zh} {table.description_en}",
            "schema": {
                "fields": [{"name": c.name, "type": c.type, "title": c.zh, "description": c.en}
                           for c in table.columns],
                "primaryKey": list(table.keys),
                "missingValues": [""],
            },
            "alternates": [f"{table.name}.json", f"{table.name}.parquet"],
        })
    return {
        "profile": "data-package",
        "name": "open-government-portal",
        "title": "政务服务公开数据 Open government service data",
        "licenses": [{"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0"}],
        "resources": resources,
        "manifest": manifest,
    }


def write_quarantine(quarantine: list[dict], out: Path) -> None:
    """Every problem in the rows, never a value: file, line, contract column, the source's
    header, reason, and its effect (the row quarantined, or only the value left out)."""
    from pipeline.privacy import redact

    frame = pd.DataFrame(quarantine, columns=["table_name", "file", "line", "column",
                                              "header", "reason", "effect"])
    frame["line"] = frame["line"].astype("Int64")
    # a source header may itself be personal data (a plate, a phone): shown as its kind
    frame["header"] = frame["header"].map(lambda h: redact(h) if isinstance(h, str) else h)
    csv_safe_frame(frame).to_csv(out / "quarantine.csv", index=False, encoding="utf-8-sig", lineterminator="\n")


def export_all(con: duckdb.DuckDBPyConnection, out: Path, k: int,
               manifest: dict) -> dict[str, pd.DataFrame]:
    """Write every published table under `out`; return them for the site.

    The disclosure audit's summary goes into `manifest` (key `disclosure_audit`), so the
    run report and the pages show it.
    """
    out.mkdir(parents=True, exist_ok=True)
    raw = _marts(con)
    zone = con.execute("select current_setting('TimeZone')").fetchall()[0][0]
    with ThreadPoolExecutor(max_workers=1) as pool:
        # the tables without a disclosure policy are final already: shaped and written
        # while the suppression runs (the solver, DuckDB and Arrow let go of the GIL)
        writing = pool.submit(_write_tables, {
            table.name: raw[table.name] for table in TABLES if not table.policy}, out, zone)
        protected, manifest["disclosure_audit"] = _protected(raw, k)
        protected = _write_tables(protected, out, zone)
        final = writing.result()
    frames = {table.name: {**final, **protected}[table.name] for table in TABLES}
    manifest = {**manifest, "tables": {name: len(f) for name, f in frames.items()}}
    # published without the record counts of residents' domains (pipeline/counts.py)
    (out / "manifest.json").write_text(counts.text(manifest), "utf-8")
    (out / "datapackage.json").write_text(
        json.dumps(datapackage(counts.public(manifest)), ensure_ascii=False, indent=1) + "\n",
        "utf-8")
    return frames
