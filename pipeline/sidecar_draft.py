"""The text of a draft sidecar (pipeline/mapper.py): TOML in the format data/raw/README.md
documents, with every undecided point a `# TODO` comment the operator fills in."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pipeline.mapper import Draft, TableDraft


def _q(text: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(str(text), ensure_ascii=False)


def _section_lines(draft: TableDraft, prefix: str) -> list[str]:
    table = draft.table
    lines = [f"[{prefix}columns]                     # source header = contract column"]
    for column in table.columns:
        header = draft.columns.get(column.name)
        if header is not None:
            note = "   # personal: read, never published" if column.kind == "personal" else ""
            lines.append(f"{_q(header)} = {_q(column.name)}{note}")
    missing = [table.column(name) for name in draft.unplaced]
    for column in missing:
        lines.append(f"# TODO required {column.name}: no header matched; map one above or "
                     "set it in [constants]")
    if draft.expressions:
        lines += ["", f"[{prefix}expressions]                 # contract column = DuckDB SQL"]
        lines += [f"{name} = {_q(sql)}" for name, sql in draft.expressions.items()]
    if missing:
        lines += ["", f"[{prefix}constants]                   # contract column = fixed value"]
    for column in missing:
        hint = f"one of {' | '.join(column.values)}" if column.values else "a fixed value"
        lines.append(f"# TODO {column.name} = \"\"   # {hint}")
    if draft.formats or draft.notes:
        lines += ["", f"[{prefix}date_formats]                # strptime formats tried in order"]
        for name in dict.fromkeys([*draft.formats, *draft.notes]):
            formats = draft.formats.get(name, [])
            note = f"   # TODO {draft.notes[name]}" if name in draft.notes else ""
            entry = f"{name} = [{', '.join(_q(f) for f in formats)}]{note}"
            lines.append(entry if formats else f"# {entry}")
    if draft.date_only:
        lines += ["", f"[{prefix}date_only]                   # a date alone means its end"]
        lines += [f"{name} = \"end_of_day\"" for name in draft.date_only]
    for name, proposals in draft.values.items():
        column = table.column(name)
        lines += ["", f"[{prefix}values.{name}]          # source value = contract value"]
        for value, code in proposals.items():
            count = draft.value_rows[name][value]
            rows = f"{count} row" if count == 1 else f"{count} rows"
            if code is None:
                lines.append(f"# TODO {_q(value)} = \"\"   # {rows}; one of "
                             f"{' | '.join(column.values)}")
            else:
                lines.append(f"{_q(value)} = {_q(code)}   # {rows}")
        if not column.required and "other" in column.values:
            lines.append('# "*" = "other"   # anything not listed above')
    return lines


def sidecar_text(draft: Draft) -> str:
    """The draft sidecar in the format of data/raw/README.md."""
    lines = [f"# Draft mapping of {draft.file.name} for {draft.domain}/, written by "
             "`publish.py map`.", "# Check every line, fill in each TODO, then run "
             "`publish.py check`.", ""]
    if draft.encoding:
        lines.append(f"encoding = {_q(draft.encoding)}")
    if draft.delimiter:
        lines.append(f"delimiter = {_q(draft.delimiter)}")
    if draft.skip_rows:
        lines.append(f"skip_rows = {draft.skip_rows}               # a tag row under the header")
    lines += ['# timezone = "Asia/Shanghai"   # the exporting system\'s zone, if not local',
              '# [filter]', '# where = ""                    # a DuckDB condition: rows kept', ""]
    several = len(draft.tables) > 1
    for table in draft.tables:
        prefix = f"tables.{table.table.name}." if several else ""
        lines += _section_lines(table, prefix) + [""]
    return "\n".join(lines).rstrip() + "\n"

