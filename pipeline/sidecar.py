"""The mapping sidecar `<file>.mapping.toml`: how a foreign export meets a contract.

The key names are fixed (checks outside the repository rely on them; see
data/raw/README.md). File-level keys say how to read the file (`encoding`, `sheet`,
`delimiter`, `skip_rows`, `timezone`, `records`); mapping keys say how its columns become
contract columns (`[columns]`, `[constants]`, `[expressions]`, `[values.<column>]`,
`[date_formats]`, `date_only` / `[date_only]`, `[filter]`, `unnest`). `[tables.<table>]`
holds the mapping keys again for one contract table, so one file can feed several; its
keys are laid over the top-level ones. This module only reads and checks the sidecar:
`publish.py map` and ingest both use `read_sidecar`.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from pipeline.errors import InputError

FILE_KEYS = {"encoding", "sheet", "delimiter", "skip_rows", "timezone", "records"}
SECTION_KEYS = {"columns", "constants", "expressions", "values", "date_formats", "date_only",
                "filter", "unnest"}
DATE_ONLY = ("end_of_day", "start_of_day")
# Expressions and filters run against the file's own columns only.
_FORBIDDEN_SQL = re.compile(r";|\b(select|from|attach|copy|install|load|pragma|query|"
                            r"query_table|glob|read_\w+|getvariable)\b", re.IGNORECASE)


def normalize_header(name: object) -> str:
    """Headers and sidecar keys are matched ignoring case and surrounding spaces."""
    return str(name).strip().lower()


def normalize_value(value: object) -> str:
    """Source values of `[values.<column>]` are matched the same way."""
    return str(value).strip().lower()


@dataclass(frozen=True)
class Section:
    """The mapping keys for one contract table."""
    columns: dict[str, tuple[str, ...]] = field(default_factory=dict)  # header → contract
    constants: dict[str, str] = field(default_factory=dict)
    expressions: dict[str, str] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)  # column → value → value
    date_formats: dict[str, tuple[str, ...]] = field(default_factory=dict)
    date_only: dict[str, str] = field(default_factory=dict)  # column → end_of_day | …
    date_only_all: str | None = None
    filter: str | None = None
    unnest: str | None = None


@dataclass(frozen=True)
class Sidecar:
    file: str  # as shown in messages
    encoding: str | None = None
    sheet: str | None = None
    delimiter: str | None = None
    skip_rows: int = 0
    timezone: str | None = None
    records: str | None = None
    base: Section = field(default_factory=Section)
    tables: dict[str, Section] = field(default_factory=dict)

    def sections(self, default_table: str | None, columns_of: Callable[[str], set[str]]
                 ) -> list[tuple[str, Section]]:
        """(table, mapping) for every table the file feeds: its `[tables.*]`, or else the
        table its name selects. Top-level keys reach the tables that have their column;
        a top-level key no table has is an error."""
        if not self.tables:
            return [(default_table, self.base)] if default_table else []
        known = set().union(*(columns_of(name) for name in self.tables))
        for key, targets in _targets(self.base).items():
            for target in targets:
                if target not in known:
                    raise InputError(self.file, f"{key} {target}: none of the tables this "
                                     f"file feeds ({', '.join(self.tables)}) has this column")
        return [(name, _over(_restrict(self.base, columns_of(name)), section))
                for name, section in self.tables.items()]


def sidecar_path(path: Path) -> Path:
    return path.with_name(path.name + ".mapping.toml")


def read_sidecar(path: Path, shown: str, table_names: tuple[str, ...] = ()) -> Sidecar:
    """The sidecar of data file `path` (an empty one when there is none), checked."""
    sidecar = sidecar_path(path)
    where = f"{shown}.mapping.toml"
    if not sidecar.exists():
        return Sidecar(where)
    try:
        raw = tomllib.loads(sidecar.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise InputError(where, f"cannot read mapping: {error}") from None
    unknown = set(raw) - FILE_KEYS - SECTION_KEYS - {"tables"}
    if unknown:
        raise InputError(where, f"unknown key {sorted(unknown)[0]!r}; the keys are "
                         + ", ".join(sorted(FILE_KEYS | SECTION_KEYS | {"tables"})))
    tables = {}
    for name, body in _table(raw, "tables", where).items():
        if table_names and name not in table_names:
            raise InputError(where, f"[tables.{name}]: no contract table of that name; "
                             f"one of {', '.join(table_names)}")
        extra = set(_table({"t": body}, "t", where)) - SECTION_KEYS
        if extra:
            raise InputError(where, f"[tables.{name}]: unknown key {sorted(extra)[0]!r}")
        tables[name] = _section(body, where, f"tables.{name}.")
    skip = raw.get("skip_rows", 0)
    if not isinstance(skip, int) or skip < 0:
        raise InputError(where, "skip_rows must be a whole number (rows after the header)")
    return Sidecar(
        file=where,
        encoding=_text(raw, "encoding", where),
        sheet=_text(raw, "sheet", where),
        delimiter=_delimiter(raw, where),
        skip_rows=skip,
        timezone=_text(raw, "timezone", where),
        records=_text(raw, "records", where),
        base=_section(raw, where, ""),
        tables=tables,
    )


def check_sql(text: str, where: str, key: str) -> str:
    """An operator's SQL expression: one expression over the file's columns, no statement."""
    found = _FORBIDDEN_SQL.search(text)
    if found:
        raise InputError(where, f"{key}: {found.group(0)!r} is not allowed in an expression "
                         "(one SQL expression over the file's columns, no statements)")
    return text


def _targets(section: Section) -> dict[str, list[str]]:
    return {"[columns]": [t for ts in section.columns.values() for t in ts],
            "[constants]": list(section.constants), "[expressions]": list(section.expressions),
            "[values]": list(section.values), "[date_formats]": list(section.date_formats),
            "[date_only]": list(section.date_only)}


def _restrict(section: Section, columns: set[str]) -> Section:
    """The top-level keys that concern a table with these contract columns."""
    return replace(
        section,
        columns={h: kept for h, ts in section.columns.items()
                 if (kept := tuple(t for t in ts if t in columns))},
        constants={c: v for c, v in section.constants.items() if c in columns},
        expressions={c: v for c, v in section.expressions.items() if c in columns},
        values={c: v for c, v in section.values.items() if c in columns},
        date_formats={c: v for c, v in section.date_formats.items() if c in columns},
        date_only={c: v for c, v in section.date_only.items() if c in columns},
    )


def _over(base: Section, top: Section) -> Section:
    return replace(
        base,
        columns={**base.columns, **top.columns},
        constants={**base.constants, **top.constants},
        expressions={**base.expressions, **top.expressions},
        values={**base.values, **top.values},
        date_formats={**base.date_formats, **top.date_formats},
        date_only={**base.date_only, **top.date_only},
        date_only_all=top.date_only_all or base.date_only_all,
        filter=top.filter or base.filter,
        unnest=top.unnest or base.unnest,
    )


def _section(raw: dict, where: str, prefix: str) -> Section:
    columns: dict[str, tuple[str, ...]] = {}
    for header, target in _table(raw, "columns", where).items():
        targets = [target] if isinstance(target, str) else target
        if not isinstance(targets, list) or not all(isinstance(t, str) for t in targets):
            raise InputError(where, f"[{prefix}columns] {header!r}: give a contract column "
                             "or a list of them")
        columns[normalize_header(header)] = tuple(t.strip().lower() for t in targets)
    values = {}
    for column, mapping in _table(raw, "values", where).items():
        values[column.strip().lower()] = {
            "*" if k == "*" else normalize_value(k): str(v)
            for k, v in _table({"v": mapping}, "v", where).items()}
    formats = {}
    for column, given in _table(raw, "date_formats", where).items():
        listed = [given] if isinstance(given, str) else given
        if not isinstance(listed, list) or not all(isinstance(f, str) for f in listed):
            raise InputError(where, f"[{prefix}date_formats] {column}: give a strptime "
                             "format or a list of them")
        formats[column.strip().lower()] = tuple(listed)
    date_only_all, date_only = None, {}
    given = raw.get("date_only")
    if isinstance(given, str):
        date_only_all = _date_only(given, where, f"{prefix}date_only")
    elif isinstance(given, dict):
        date_only = {c.strip().lower(): _date_only(v, where, f"[{prefix}date_only] {c}")
                     for c, v in given.items()}
    elif given is not None:
        raise InputError(where, f"{prefix}date_only: give \"end_of_day\" or a table")
    expressions = {c.strip().lower(): check_sql(str(e), where, f"[{prefix}expressions] {c}")
                   for c, e in _table(raw, "expressions", where).items()}
    where_clause = _table(raw, "filter", where).get("where")
    return Section(
        columns=columns,
        constants={c.strip().lower(): str(v) for c, v in _table(raw, "constants", where).items()},
        expressions=expressions,
        values=values,
        date_formats=formats,
        date_only=date_only,
        date_only_all=date_only_all,
        filter=check_sql(str(where_clause), where, f"[{prefix}filter] where")
        if where_clause is not None else None,
        unnest=_text(raw, "unnest", where),
    )


def _table(raw: dict, key: str, where: str) -> dict:
    value = raw.get(key, {})
    if not isinstance(value, dict):
        raise InputError(where, f"{key} must be a table ([{key}])")
    return value


def _text(raw: dict, key: str, where: str) -> str | None:
    value = raw.get(key)
    if value is not None and not isinstance(value, str):
        raise InputError(where, f"{key} must be text")
    return value


def _delimiter(raw: dict, where: str) -> str | None:
    value = _text(raw, "delimiter", where)
    if value is not None and len(value.encode("utf-8")) != 1:
        raise InputError(where, "delimiter must be one character such as \",\" or \"\\t\"")
    return value


def _date_only(value: object, where: str, key: str) -> str:
    if value not in DATE_ONLY:
        raise InputError(where, f"{key} must be one of {', '.join(DATE_ONLY)}")
    return str(value)
