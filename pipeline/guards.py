"""Guards of the nightly build: volumes against the last published build.

(Editors' files are checked by pipeline/content: an unknown `Lang`, a slug leaving its
section and metadata placing a page elsewhere are refused there.)

The volume guard compares tonight's manifest with the one of the release live now, at
three levels: a domain's records (fewer than `min_volume_ratio` of yesterday's), a file's
rows (a file that lost most of its rows, or disappeared) and a domain's month (a month
that vanished or fell below the ratio). Months before tonight's first month of a domain
are not compared, so a rolling export window that drops its oldest month passes; a file
that lost those months is still caught by the file guard. `--accept-change` skips it all.
"""

from __future__ import annotations

import logging
from pathlib import Path

import duckdb

from pipeline.errors import ChangeRefused

log = logging.getLogger(__name__)

GUARDS = Path(__file__).parent / "sql" / "guards"
VOLUMES = {"cases": "stg_cases", "hotline": "stg_hotline", "disclosure": "stg_disclosure"}


class VolumeRefused(ChangeRefused):
    """A volume fell implausibly; `check` names the guard (per domain, file or month)."""

    def __init__(self, check: str, message: str) -> None:
        self.check = check
        super().__init__(f"{message}; check the inputs or pass --accept-change")


def query(con: duckdb.DuckDBPyConnection, name: str, *params) -> list[tuple]:
    sql = (GUARDS / f"{name}.sql").read_text(encoding="utf-8")
    return con.execute(sql, list(params)).fetchall()


def volumes(con: duckdb.DuckDBPyConnection, k: int) -> dict:
    """The manifest's volumes: per domain, per domain and month (months of k records or
    more: the manifest is public), per domain's data date."""
    totals = {name: con.execute(f'select count(*) from "{table}"').fetchall()[0][0]
              for name, table in VOLUMES.items()}
    months: dict[str, dict[str, int]] = {}
    for domain, month, records in query(con, "volume_by_month", k):
        months.setdefault(domain, {})[month] = int(records)
    return {"volumes": totals, "month_volumes": months,
            "data_dates": dict(query(con, "data_dates"))}


def _fell(now: int, before: int | None, ratio: float) -> bool:
    return bool(before) and now < ratio * before


def check_volumes(manifest: dict, previous: dict | None, ratio: float) -> None:
    """Refuse a volume that fell below `ratio` of the last published build."""
    if not previous:
        return
    for name, count in manifest["volumes"].items():
        before = previous.get("volumes", {}).get(name)
        if _fell(count, before, ratio):
            raise VolumeRefused("volume_domain", (
                f"{name}: {count} records against {before} in the last published build "
                f"(below {ratio:.0%})"))
    rows = {f["file"]: f.get("rows") for f in manifest["inputs"]}
    for old in previous.get("inputs", []):
        if old.get("rows") is None:  # not kept on this machine (counts.py)
            continue
        now = rows.get(old["file"])
        if now is None and old["rows"]:
            raise VolumeRefused("volume_file", (
                f"{old['file']}: missing, it had {old['rows']} rows in the last published build"))
        if now is not None and _fell(now, old["rows"], ratio):
            raise VolumeRefused("volume_file", (
                f"{old['file']}: {now} rows against {old['rows']} in the last published "
                f"build (below {ratio:.0%})"))
    for domain, before in sorted(previous.get("month_volumes", {}).items()):
        now = manifest["month_volumes"].get(domain, {})
        first = min(now, default="")
        for month, count in sorted(before.items()):
            if month < first:
                continue
            if month not in now:  # gone, or too few records to be in the manifest
                raise VolumeRefused("volume_month", (
                    f"{domain}/: month {month} vanished (it had {count} records in the "
                    "last published build)"))
            if _fell(now[month], count, ratio):
                raise VolumeRefused("volume_month", (
                    f"{domain}/: {month} has {now[month]} records against {count} in the "
                    f"last published build (below {ratio:.0%})"))
