"""A sidecar's mapping keys → the SQL that gives each contract column of one table.

`plan` decides which source feeds each contract column (`[columns]`, `[constants]`,
`[expressions]`, or a header named like the column) and builds the expression that maps
its text: `[values.<column>]`, `[date_formats]` (each format keeps its precision),
`date_only` and `timezone`. Values go in as parameters; only identifiers (headers,
quoted) and the operator's own expressions are written into the SQL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline import contracts
from pipeline.contracts import DATE_KINDS
from pipeline.errors import InputError, InputProblems
from pipeline.parse import format_precision
from pipeline.sidecar import Section, Sidecar, normalize_header


def used(params: dict[str, object], sql: str) -> dict[str, object]:
    """The parameters a statement names (DuckDB refuses extra ones)."""
    return {k: v for k, v in params.items() if re.search(rf"\${k}\b", sql)}


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def staged_columns(table: contracts.Table) -> str:
    """SQL: the table's columns that feed figures (staged), quoted, in contract order."""
    return ", ".join(quote(c.name) for c in table.columns if c.staged)


def row_hash(table: contracts.Table) -> str:
    """SQL: the hash of a raw row's columns that feed figures (`_hash`, taken at ingest:
    rows equal in all of them are one record, found by validate without reading them)."""
    return f"hash({staged_columns(table)})"


@dataclass
class Plan:
    """One contract table's select over `ingest_named`."""
    table: contracts.Table
    section: Section
    sql: dict[str, str] = field(default_factory=dict)  # contract column → its raw text SQL
    bases: dict[str, str] = field(default_factory=dict)  # contract column → source SQL
    headers: dict[str, str] = field(default_factory=dict)
    params: dict[str, object] = field(default_factory=dict)
    #: columns whose raw text is their source's text, trimmed (nothing mapped or converted)
    plain: set[str] = field(default_factory=set)

    def param(self, value: object) -> str:
        name = f"p{len(self.params)}"
        self.params[name] = value
        return f"${name}"


def plan(table: contracts.Table, section: Section, sidecar: Sidecar,
          names: dict[str, str], where: str) -> Plan:
    """Which source feeds each contract column, and the SQL that maps its values."""
    plan, problems = Plan(table, section), []
    contract = {c.name for c in table.columns}
    given: dict[str, str] = {}
    for header, targets in section.columns.items():
        if header not in names:
            problems.append(InputError(where, f"[columns] {header!r}: the file has no such "
                                       "header", column=header))
            continue
        for target in targets:
            if target not in contract:
                problems.append(InputError(where, f"[columns] {header!r} = {target!r}: "
                                           f"{table.name} has no such column"))
            elif target in given:
                problems.append(InputError(where, f"{target} is given twice"))
            else:
                given[target] = quote(names[header])
                plan.headers[target] = names[header]
    for target, value in section.constants.items():
        _give(plan, given, problems, where, target, plan.param(value), "[constants]")
    for target, expression in section.expressions.items():
        _give(plan, given, problems, where, target, f"({expression})", "[expressions]")
    for column in table.columns:
        if column.name not in given and column.name in names:
            given[column.name] = quote(names[column.name])
            plan.headers[column.name] = names[column.name]
    for column, header in plan.headers.items():
        if normalize_header(header) + "_" in names:  # _named_view's mark of a repeat
            problems.append(InputError(where.removesuffix(".mapping.toml"),
                                       f"header {header!r} appears twice", line=1,
                                       column=column))
    for column in table.required:
        if column not in given:
            problems.append(InputError(where.removesuffix(".mapping.toml"),
                                       "required column is missing", line=1, column=column))
    if problems:
        raise InputProblems(problems)
    for column in table.columns:
        if column.name in given:
            plan.bases[column.name] = given[column.name]
            plan.sql[column.name] = _value_sql(plan, column, sidecar, given[column.name])
    return plan


def _give(plan: Plan, given: dict, problems: list, where: str, target: str, sql: str,
          key: str) -> None:
    if target not in {c.name for c in plan.table.columns}:
        problems.append(InputError(where, f"{key} {target}: {plan.table.name} has no such "
                                   "column"))
    elif target in given:
        problems.append(InputError(where, f"{key} {target}: the column is given twice"))
    else:
        given[target] = sql
        plan.headers[target] = key


def _value_sql(plan: Plan, column: contracts.Column, sidecar: Sidecar, base: str) -> str:
    """Text → mapped value → dates in the declared formats, date-only and time zone fixed;
    the raw tables' text: trimmed, '' where there is no value. (Within, a value is null
    where empty, so that a lookup or a format falls back; the outermost step gives ''
    itself, without a null that a `coalesce` would turn back into '', a copy of every
    value of a file.)"""
    section = plan.section
    text = f"trim(cast({base} as varchar))"
    mapping = section.values.get(column.name)
    if mapping:
        keys = [k for k in mapping if k != "*"]
        value = f"nullif({text}, '')"
        lookup = (f"map({plan.param(keys)}::varchar[], "
                  f"{plan.param([mapping[k] for k in keys])}::varchar[])[lower({value})]")
        fallback = plan.param(mapping["*"]) if "*" in mapping else value
        # trimmed like every raw value (the readers of raw values do not trim again)
        text = f"trim(coalesce({lookup}, {fallback}))"
    formats = section.date_formats.get(column.name) if column.kind in DATE_KINDS else None
    mode = section.date_only.get(column.name, section.date_only_all)
    zone = sidecar.timezone if column.kind == "timestamp" else None
    if zone and not mode:
        # a date alone is a moment of that zone too: the end of the day for a due date
        # (as staging reads it), its start otherwise, then converted with the times
        mode = "end_of_day" if column.name == "due_at" else "start_of_day"
    if not (formats or (mode and column.kind == "timestamp") or zone):
        if not mapping:
            plan.plain.add(column.name)
        return f"coalesce({text}, '')"
    value = f"nullif({text}, '')"
    if formats:  # each format writes its own precision (minutes stay minutes)
        read = [f"strftime(try_strptime({value}, {plan.param(f)}), "
                f"{plan.param(format_precision([f]))})" for f in formats]
        value = f"coalesce({', '.join(read)}, {value})"
    if mode and column.kind == "timestamp":
        value = f"date_only_text({value}, {plan.param(mode)})"
    if zone:
        value = f"zone_text({value}, {plan.param(zone)})"
    return f"coalesce({value}, '')"
