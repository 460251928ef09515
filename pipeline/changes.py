"""What changed tonight: tonight's published tables, inputs and pages against the release
live before (the baseline).

Only published values are compared (after suppression: a suppressed cell is empty on
both sides, so nothing hidden can be worked out from a change). Pages removed are only
counted, never named: a page is often removed because it should not have been public.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pipeline import counts
from pipeline.catalog import TABLES, Published
from pipeline.policy import SUPPRESSED, SUPPRESSED_CELLS

log = logging.getLogger(__name__)

MARKS = {SUPPRESSED, SUPPRESSED_CELLS}
PRECISION = 10  # significant digits compared: float noise below this is no change


@dataclass
class TableChanges:
    table: str
    rows_added: int
    rows_removed: int
    cells: pd.DataFrame  # row_key, column, old, new (text as published)


@dataclass
class Changes:
    first: bool  # no release before this one
    tables: list[TableChanges] = field(default_factory=list)
    files: list[dict] = field(default_factory=list)
    pages_added: list[str] = field(default_factory=list)
    pages_removed: int = 0
    quarantine: list[dict] = field(default_factory=list)

    @property
    def figures_moved(self) -> int:
        return sum(len(t.cells) for t in self.tables)


def _text(values: pd.Series) -> pd.Series:
    """Values as compared and shown: numbers to PRECISION significant digits, None kept."""
    numeric = pd.to_numeric(values, errors="coerce")
    if values.notna().sum() and numeric.notna().sum() == values.notna().sum():
        shown = numeric.map(lambda v: f"{v:.{PRECISION}g}", na_action="ignore")
    else:
        shown = values.astype("string")
    return shown.astype(object).where(values.notna(), None)


def _long(frame: pd.DataFrame, table: Published) -> pd.DataFrame:
    """One row per published cell: row_key, column, value (text)."""
    frame = frame.reset_index(drop=True)
    key = pd.Series("", index=frame.index, dtype="string")
    for position, name in enumerate(table.keys):
        key = key + ("" if position == 0 else ", ") + f"{name}=" + frame[name].astype("string")
    shown = [c.name for c in table.columns
             if c.name not in table.keys and c.name not in MARKS and c.name in frame]
    values = pd.DataFrame({name: _text(frame[name]) for name in shown}, index=frame.index)
    values.insert(0, "row_key", key.fillna("").astype(object))
    long = values.melt(id_vars=["row_key"], var_name="column", value_name="value")
    return long.astype({"row_key": object, "column": object, "value": object})


def table_changes(table: Published, new: pd.DataFrame, old: pd.DataFrame) -> TableChanges:
    merged = _long(new, table).merge(_long(old, table), on=["row_key", "column"], how="outer",
                                     suffixes=("_new", "_old"), indicator=True)
    new_keys, old_keys = set(merged.loc[merged._merge != "right_only", "row_key"]), set(
        merged.loc[merged._merge != "left_only", "row_key"])
    both = merged[merged._merge == "both"]
    moved = both[both.value_new.fillna("\0") != both.value_old.fillna("\0")]
    cells = moved.rename(columns={"value_old": "old", "value_new": "new"})[
        ["row_key", "column", "old", "new"]].sort_values(["row_key", "column"])
    return TableChanges(table.name, len(new_keys - old_keys), len(old_keys - new_keys),
                        cells.reset_index(drop=True))


def _read_json(path: Path, table: Published) -> pd.DataFrame | None:
    if not path.is_file():
        return None
    rows = json.loads(path.read_text(encoding="utf-8"))
    frame = pd.DataFrame(rows, columns=list(rows[0]) if rows else None)
    for column in table.columns:  # an empty table, or a column added since
        if column.name not in frame:
            frame[column.name] = None
    return frame


def _manifest(site: Path) -> dict:
    path = site / "data" / "manifest.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def file_changes(manifest: dict, previous: dict) -> list[dict]:
    """Input files added, removed or changed (checksum), with their rows before and now."""
    before = {f["file"]: f for f in previous.get("inputs", [])}
    now = {f["file"]: f for f in manifest.get("inputs", [])}
    found = []
    for name in sorted(before.keys() | now.keys()):
        old, new = before.get(name), now.get(name)
        if old and new and old["sha256"] == new["sha256"]:
            continue
        found.append({"file": name,
                      "change": "added" if not old else "removed" if not new else "changed",
                      "old_sha256": old and old["sha256"], "new_sha256": new and new["sha256"],
                      "old_rows": old and old.get("rows"), "new_rows": new and new.get("rows")})
    return found


def html_pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html")}


def quarantine_summary(data: Path) -> list[dict]:
    """Tonight's problems per file and reason: rows quarantined, values left out (never a
    value)."""
    path = data / "quarantine.csv"
    if not path.is_file():
        return []
    frame = pd.read_csv(path, encoding="utf-8-sig", dtype="string")
    if "effect" in frame:  # a quarantined row and a value left out are told apart
        frame["reason"] = frame["reason"].fillna("") + " (" + frame["effect"].fillna("") + ")"
    counts = frame.groupby(["file", "reason"], dropna=False).size().reset_index(name="rows")
    return counts.sort_values(["file", "reason"]).to_dict("records")


def compare(output: Path, tables: dict[str, pd.DataFrame], manifest: dict,
            baseline: Path | None, own_pages: set[str] = frozenset()) -> Changes:
    """Tonight's site in `output` (pages written so far, plus `own_pages` still to write)
    against the `baseline` site."""
    quarantine = quarantine_summary(output / "data")
    if baseline is None or not (baseline / "data" / "manifest.json").is_file():
        return Changes(first=True, quarantine=quarantine)
    changes = Changes(first=False, quarantine=quarantine)
    for table in TABLES:
        if table.name not in tables:  # (unchanged: its JSON is not even read)
            continue
        old = _read_json(baseline / "data" / f"{table.name}.json", table)
        if old is None:
            continue
        found = table_changes(table, tables[table.name], old)
        if found.rows_added or found.rows_removed or len(found.cells):
            changes.tables.append(found)
    # the last release's manifest as published now: an older one still held the counts
    changes.files = file_changes(counts.public(manifest), counts.public(_manifest(baseline)))
    now, before = html_pages(output) | set(own_pages), html_pages(baseline)
    changes.pages_added = sorted(now - before)
    changes.pages_removed = len(before - now)
    return changes
