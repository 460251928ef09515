"""Data tests, as dbt has them, declared in each published table's YAML and run on its mart.

A table's `keys` are unique and never empty (implied). A column's `tests` may say
`not_null`, `unique`, `accepted_values: [..]` (or `accepted_values: {contract:
table.column}`, the values pipeline/contracts.py accepts), `range: [low, high]` (rates
within [0, 1]); a table's `tests` may say `adds_up: {to: other, columns: [..], by:
{other's key: SQL expression over this table}, against: {column: other's column}}`: the column summed over this table's
rows of one key equals the other table's figure (the months of a year add up to
`cases_annual`). Each test is a query in sql/datatests/<test>.sql returning the keys of
the offending rows; the tests run on the marts, before suppression, in every build and
in `publish.py check`. A failure stops the build naming the YAML file, the table, the
test and a few offending rows by their keys, never another value.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from pipeline.catalog import TABLES, Published, shown
from pipeline.errors import InputError

log = logging.getLogger(__name__)

SQL = Path(__file__).parent / "sql" / "datatests"
SAMPLE = 3
KINDS = ("unique", "not_null", "accepted_values", "range", "adds_up")


class DataTestFailed(InputError):
    """A published table breaks a test its YAML declares: a bug upstream, never published."""


@dataclass(frozen=True)
class DataTest:
    table: Published
    test: str  # unique, not_null, accepted_values, range, adds_up
    column: str  # the column tested ("" for the key as a whole)
    args: Any = None

    @property
    def columns(self) -> str:
        return self.column or ", ".join(self.table.keys)

    @property
    def label(self) -> str:
        return f"{self.test}({self.columns})"


def ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _idents(names) -> str:
    return ", ".join(ident(n) for n in names)


def declared(table: Published) -> list[DataTest]:
    """Every test of one table: its key's, its columns', its own."""
    found = [DataTest(table, "unique", "")]
    found += [DataTest(table, "not_null", key) for key in table.keys]
    for col in table.columns:
        for test in col.tests:
            name, args = (test, None) if isinstance(test, str) else next(iter(test.items()))
            found.append(DataTest(table, name, col.name, args))
    for test in table.tests:
        (name, args), = test.items()
        found += [DataTest(table, name, column, args) for column in args["columns"]]
    for test in found:
        if test.test not in KINDS:
            raise InputError(shown(table.path), f"no data test {test.test!r} (one of "
                             f"{', '.join(KINDS)})", column=test.column or None)
    return found


def query(con: duckdb.DuckDBPyConnection, test: DataTest) -> tuple[str, list]:
    """The SQL of one test and its parameters (identifiers quoted, values as parameters)."""
    template = (SQL / f"{test.test}.sql").read_text(encoding="utf-8")
    names = {"table": ident(test.table.name), "keys": _idents(test.table.keys),
             "column": ident(test.column) if test.test != "unique" else ""}
    params: list = []
    if test.test == "accepted_values":
        values = test.args
        if isinstance(values, dict):
            source, column = values["contract"].split(".")
            values = con.execute((SQL / "contract_values.sql").read_text(encoding="utf-8"),
                                 [source, column]).fetchall()[0][0]
        params = [list(values)]
    elif test.test == "range":
        params = list(test.args)
    elif test.test == "adds_up":
        on = test.args["by"]
        names |= {"to": ident(test.args["to"]), "keys": _idents(on),
                  "part_keys": ", ".join(f"{expr} as {ident(key)}" for key, expr in on.items()),
                  "total_keys": _idents(on),
                  "total_column": ident(test.args.get("against", {}).get(test.column,
                                                                          test.column))}
    elif test.test == "unique" and test.column:
        names["keys"] = ident(test.column)
    return template.format(**names), params


def run(con: duckdb.DuckDBPyConnection, tables: tuple[Published, ...] = TABLES) -> dict:
    """Run every declared test on the marts; raise DataTestFailed at the first failing.
    Return {table: [{"test": .., "column": .., "passed": True}, ..]} for the Data page."""
    results: dict[str, list[dict]] = {}
    for table in tables:
        results[table.name] = []
        for test in declared(table):
            sql, params = query(con, test)
            try:
                found = con.execute(sql, params).fetchmany(SAMPLE + 1)
                count = len(found)
            except duckdb.Error as error:
                raise DataTestFailed(shown(table.path), f"test {test.label} cannot run: "
                                     f"{error}", column=test.column or None) from None
            if count:
                keys = test.args["by"] if test.test == "adds_up" else (
                    [test.column] if test.test == "unique" and test.column else table.keys)
                rows = "; ".join(", ".join(f"{k}={v}" for k, v in zip(keys, row, strict=True))
                                 for row in found[:SAMPLE])
                more = " and more" if count > SAMPLE else ""
                raise DataTestFailed(shown(table.path), f"table {table.name} fails "
                                     f"{test.label} on rows {rows}{more}",
                                     column=test.column or None)
            results[table.name].append({"test": test.test, "column": test.columns,
                                        "passed": True})
        log.info("data tests %s: %d passed", table.name, len(results[table.name]))
    return results
