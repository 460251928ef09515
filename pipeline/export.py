"""Published tables → CSV (UTF-8 with BOM), JSON and Parquet, datapackage.json and manifest.

Every table with a policy passes the disclosure control first, all of them together
(suppression across tables, then the audit; a build that cannot pass refuses); what is
written here is all the site may show. Same inputs and as-of date give the same bytes:
no clock.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.catalog import SITE_TABLES, TABLES, Published
from pipeline.disclosure import suppress_tables

log = logging.getLogger(__name__)

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def published_frames(con: duckdb.DuckDBPyConnection, k: int
                     ) -> tuple[dict[str, pd.DataFrame], dict]:
    """Every mart as published, and the disclosure audit's summary (never a value)."""
    raw = {table.name: con.execute(f'select * from "{table.name}"').df() for table in TABLES}
    protected, summary = suppress_tables(
        [(table.name, raw[table.name], table.policy) for table in TABLES if table.policy], k)
    return {table.name: _shaped(protected.get(table.name, raw[table.name]), table)
            for table in TABLES}, summary


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


def _csv_safe(frame: pd.DataFrame, table: Published) -> pd.DataFrame:
    """Text a spreadsheet would run as a formula gets a leading apostrophe."""
    safe = frame.copy()
    for col in table.columns:
        if col.type == "string":
            text = safe[col.name]
            risky = text.str.startswith(FORMULA_STARTS, na=False)
            safe[col.name] = text.where(~risky, "'" + text)
        elif col.type == "boolean":
            safe[col.name] = safe[col.name].map({True: "true", False: "false"}, na_action="ignore")
    return safe


def records(frame: pd.DataFrame) -> list[dict]:
    """Rows as plain JSON values, missing as None."""
    plain = frame.astype(object).where(frame.notna(), None)
    return plain.to_dict("records")


def write_table(frame: pd.DataFrame, table: Published, out: Path) -> None:
    _csv_safe(frame, table).to_csv(out / f"{table.name}.csv", index=False,
                                   encoding="utf-8-sig", lineterminator="\n")
    (out / f"{table.name}.json").write_text(
        json.dumps(records(frame), ensure_ascii=False, separators=(",", ":"),
                   allow_nan=False) + "\n",
        encoding="utf-8")
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), out / f"{table.name}.parquet")


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
    """The rows left out and why: file, line, column and reason, never a value."""
    frame = pd.DataFrame(quarantine, columns=["table_name", "file", "line", "column", "reason"])
    frame["line"] = frame["line"].astype("Int64")
    frame.to_csv(out / "quarantine.csv", index=False, encoding="utf-8-sig", lineterminator="\n")


def export_all(con: duckdb.DuckDBPyConnection, out: Path, k: int,
               manifest: dict) -> dict[str, pd.DataFrame]:
    """Write every published table under `out`; return them for the site.

    The disclosure audit's summary goes into `manifest` (key `disclosure_audit`), so the
    run report and the pages show it.
    """
    out.mkdir(parents=True, exist_ok=True)
    frames, manifest["disclosure_audit"] = published_frames(con, k)
    for table in TABLES:
        write_table(frames[table.name], table, out)
    manifest = {**manifest, "tables": {name: len(f) for name, f in frames.items()}}
    (out / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n", "utf-8")
    (out / "datapackage.json").write_text(
        json.dumps(datapackage(manifest), ensure_ascii=False, indent=1) + "\n", "utf-8")
    return frames
