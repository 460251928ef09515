"""Reference lists: the only values of a public dimension that may reach the site.

Every dimension residents see (departments, districts, categories, roles, shops, units,
channels, currencies) has a list `<dimension>.csv` with `code`, `name_zh`, `name_en` (units
also `basis`, `quantity`, `currency`; currencies `symbol`). A build reads each list from
`<data>/reference/` when the data folder carries it, else from the repository's
`data/reference/`. The lists go into DuckDB as `ref_<dimension>` tables and `ref_lookup`;
staging publishes a value under its listed Chinese name (`ref_name(dimension, value)`),
matched by code or either name, case and spaces ignored. Anything else — a queue name
with a staff member's name in it, a value the personal-data detectors flag — is published
as 未登记 / Unlisted, counted there, and listed for the operator: counts in the manifest,
the values themselves only by `check`, and never a flagged value anywhere.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import asdict, dataclass
from pathlib import Path

import duckdb
import pandas as pd

from pipeline import privacy
from pipeline.config import ROOT
from pipeline.detectors_intl import find_international
from pipeline.errors import InputError

log = logging.getLogger(__name__)

SQL = Path(__file__).parent / "sql" / "reference"
DEFAULT_FOLDER = ROOT / "data" / "reference"
UNLISTED_ZH, UNLISTED_EN = "未登记", "Unlisted"
BASE_COLUMNS = ("code", "name_zh", "name_en")


@dataclass(frozen=True)
class Dimension:
    name: str
    columns: tuple[tuple[str, str], ...] = ()  # (contract table, column) it governs
    extra: tuple[str, ...] = ()  # columns the list needs beyond code and names


DIMENSIONS: tuple[Dimension, ...] = (
    Dimension("departments", (("cases", "department"), ("hotline", "department"),
                              ("commitments", "department"), ("disclosure", "department"))),
    Dimension("districts", (("cases", "district"), ("price_stores", "district"))),
    Dimension("case_categories", (("cases", "category"),)),
    Dimension("commitment_categories", (("commitments", "category"),)),
    Dimension("roles", (("commitments", "owner_role"),)),
    Dimension("stores", (("price_stores", "store"), ("price_observations", "store"))),
    Dimension("units", (("price_items", "unit"),), ("basis", "quantity", "currency")),
    # coded columns (the contract accepts fixed codes): the lists give their names only
    Dimension("channels"),
    Dimension("price_categories"),
    Dimension("currencies", extra=("symbol",)),
)


@dataclass(frozen=True)
class Unlisted:
    """Values of one column that are not in their list; `value` is None for a value the
    personal-data detectors flagged (its kinds are named instead)."""

    dimension: str
    table: str
    column: str
    value: str | None
    personal: str
    rows: int
    first_file: str
    first_line: int

    def message(self, lists: dict[str, dict]) -> str:
        where = f"{self.first_file}, line {self.first_line}, column {self.column}"
        if self.value is None:
            what = f"a value holding personal data ({self.personal}) is not published"
        else:
            listed = lists.get(self.dimension, {}).get("file", self.dimension)
            what = f"{self.value!r} is not in {listed}"
        return f"{where}: {what} ({self.rows} rows published as {UNLISTED_ZH} / {UNLISTED_EN})"


def list_path(data_dir: Path, dimension: str) -> Path:
    """The list a build of `data_dir` uses: the data folder's own, else the repository's."""
    own = Path(data_dir) / "reference" / f"{dimension}.csv"
    return own if own.is_file() else DEFAULT_FOLDER / f"{dimension}.csv"


def _shown(path: Path, data_dir: Path) -> str:
    """A list's name as the manifest and messages give it, the same on every machine."""
    if path.parent == Path(data_dir) / "reference":
        return f"reference/{path.name}"
    return f"data/reference/{path.name}"


def _sql(name: str) -> str:
    return (SQL / f"{name}.sql").read_text(encoding="utf-8")


def flagged(value: str) -> str:
    """The kinds of personal data in `value` ("" when none), never the value itself."""
    normalized = privacy.normalize(value)
    kinds = {hit.kind for hit in privacy.find_personal_data(value)}
    kinds |= {kind for kind, _, _ in find_international(normalized)}
    return ", ".join(sorted(kinds))


def _read_list(con: duckdb.DuckDBPyConnection, dimension: Dimension, path: Path,
               shown: str) -> None:
    table = f"ref_{dimension.name}"
    try:
        con.execute(f'create or replace table "{table}" as '
                    "select * from read_csv($path, all_varchar = true, header = true)",
                    {"path": str(path)})
    except duckdb.Error as error:
        raise InputError(shown, f"cannot read the reference list: {error}") from None
    header = [row[0] for row in con.execute(f'describe "{table}"').fetchall()]
    for column in (*BASE_COLUMNS, *dimension.extra):
        if column not in header:
            raise InputError(shown, "the reference list has no such column", line=1,
                             column=column)
    problems = con.execute(_sql("list_problems"), {"list": table}).fetchall()
    if problems:
        line, column, reason = problems[0]
        raise InputError(shown, reason, line=int(line), column=column)


def _list_keys(con: duckdb.DuckDBPyConnection, dimension: str, shown: str) -> pd.DataFrame:
    """The keys of one list, without the entries that hold personal data."""
    keys = con.execute(_sql("list_keys"), {"list": f"ref_{dimension}",
                                           "dimension": dimension}).df()
    names = keys["name_zh"].drop_duplicates()
    bad = {name for name in names if flagged(name)}
    rows = con.execute(f'select code, name_en, name_zh from "ref_{dimension}"').fetchall()
    bad |= {zh for code, en, zh in rows if flagged(f"{code} {en or ''}")}
    if bad:
        log.warning("%s: %d entries hold personal data and are not used", shown, len(bad))
    return keys[~keys["name_zh"].isin(bad)]


def load(con: duckdb.DuckDBPyConnection, data_dir: Path) -> dict[str, dict]:
    """Read every list into ref_<dimension> and ref_lookup; create ref_name().

    Returns {dimension: {"file": the list used, as shown, "sha256": its checksum}}.
    """
    con.execute("create or replace table ref_lookup "
                "(dimension varchar, key varchar, name_zh varchar)")
    con.execute(_sql("macros"))
    used, lookups = {}, []
    for dimension in DIMENSIONS:
        path = list_path(data_dir, dimension.name)
        shown = _shown(path, data_dir)
        if not path.is_file():
            raise InputError(shown, f"no reference list for {dimension.name} (put one in "
                             f"{Path(data_dir) / 'reference'} or {DEFAULT_FOLDER})")
        _read_list(con, dimension, path, shown)
        lookups.append(_list_keys(con, dimension.name, shown))
        used[dimension.name] = {"file": shown,
                                "sha256": hashlib.sha256(path.read_bytes()).hexdigest()}
    lookup = pd.concat(lookups, ignore_index=True)
    con.register("lookup_frame", lookup)
    con.execute("insert into ref_lookup "
                "select distinct dimension, key, name_zh from lookup_frame")
    con.unregister("lookup_frame")
    for dimension in DIMENSIONS:  # ref_name's lookup: a map per list, not a join per row
        con.execute(f"set variable ref_map_{dimension.name} = (select map(list(key), "
                    "list(name_zh)) from (select key, min(name_zh) as name_zh from "
                    "ref_lookup where dimension = $d group by key))", {"d": dimension.name})
    con.execute(_sql("unit_macros"))
    _assert_one_unit_per_item(con)
    return used


def _assert_one_unit_per_item(con: duckdb.DuckDBPyConnection) -> None:
    """Stop when an item code stands for several units or specs (items are compared only
    within one unit and spec)."""
    found = con.execute(_sql("item_units")).fetchall()
    if found:
        file, line, code, forms, listed = found[0]
        raise InputError(file, f"item {code!r} is listed with {forms} units or specs "
                         f"({listed}); prices are compared only within one: make the unit "
                         "part of the item code, e.g. [expressions] item_code = "
                         "\"commodity || ' ' || unit\"", line=int(line), column="unit")


def unlisted(con: duckdb.DuckDBPyConnection) -> list[Unlisted]:
    """Every value of a governed column that is published as 未登记, per column."""
    found = []
    for dimension in DIMENSIONS:
        listed = {row[0] for row in con.execute(
            "select key from ref_lookup where dimension = $d", {"d": dimension.name}
        ).fetchall()}
        for table, column in dimension.columns:
            values = con.execute(_sql("column_values"),
                                 {"table": f"valid_{table}", "column": column}).fetchall()
            for key, value, rows, first_file, first_line in values:
                if key in listed:
                    continue
                personal = flagged(value)
                found.append(Unlisted(dimension.name, table, column,
                                      None if personal else value, personal, int(rows),
                                      first_file, int(first_line)))
    return found


def untranslated(con: duckdb.DuckDBPyConnection, lists: dict[str, dict]) -> list[str]:
    """One line per list entry without an English name (for `check`)."""
    lines = []
    for dimension in DIMENSIONS:
        shown = lists.get(dimension.name, {}).get("file", dimension.name)
        for line, name_zh in con.execute(_sql("untranslated"),
                                         {"list": f"ref_{dimension.name}"}).fetchall():
            lines.append(f"{shown}, line {line}, column name_en: {name_zh} has no English "
                         "name (English pages show it in Chinese)")
    return lines


def summary(found: list[Unlisted]) -> list[dict]:
    """Counts per column for the manifest (published): no values, flagged or not."""
    groups: dict[tuple[str, str, str], dict] = {}
    for item in found:
        entry = groups.setdefault((item.dimension, item.table, item.column), {
            "dimension": item.dimension, "table": item.table, "column": item.column,
            "values": 0, "rows": 0, "personal_values": 0})
        entry["values"] += 1
        entry["rows"] += item.rows
        entry["personal_values"] += item.value is None
    return list(groups.values())


def warnings(counts: list[dict]) -> list[str]:
    """One line per column (from `summary`) for the run report; values are left to `check`."""
    return [f"{s['table']}.{s['column']}: {s['values']} values in {s['rows']} rows are not "
            f"in the {s['dimension']} list and are published as {UNLISTED_ZH}"
            + (f" ({s['personal_values']} held personal data)" if s["personal_values"] else "")
            + "; run `publish.py check` to list them" for s in counts]


def names_frame(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every listed name in both languages, for the pages: dimension, name_zh, name_en."""
    frames = [con.execute(f'select $d as dimension, name_zh, name_en from "ref_{d.name}" '
                          "where name_zh in (select name_zh from ref_lookup where "
                          "dimension = $d)", {"d": d.name}).df() for d in DIMENSIONS]
    unlisted_row = pd.DataFrame([{"dimension": "*", "name_zh": UNLISTED_ZH,
                                  "name_en": UNLISTED_EN}])
    return pd.concat([*frames, unlisted_row], ignore_index=True)


def as_dicts(found: list[Unlisted]) -> list[dict]:
    return [asdict(item) for item in found]
