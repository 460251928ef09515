"""Live figures in editors' Markdown: `[[hotline_monthly.answer_rate month=latest]]`.

An editor names a published table, a column and the row (key=value pairs; `latest`
takes the last value of that key). The figure is read from the published, already
suppressed table at build time, so text never shows what a table would hide, and it
links to the table on the Data page. An unknown table, column or row is an error that
names the document, so a broken figure is never published silently.
"""

from __future__ import annotations

import re

import pandas as pd
from markupsafe import Markup, escape

from pipeline.catalog import published
from pipeline.site.format import is_suppressed, number

FIGURE = re.compile(r"\[\[\s*([a-z_]+)\.([a-z_]+)((?:\s+[a-z_]+=[^\s\]]+)*)\s*\]\]")


class FigureError(Exception):
    pass


def _kind(table: str, column: str) -> str:
    col = next((c for c in published(table).columns if c.name == column), None)
    if col is None:
        raise FigureError(f"table {table} has no column {column}")
    if column.endswith("_rate") or column == "spread_pct":
        return "rate"
    if column.endswith("_days"):
        return "days"
    if column.endswith("_seconds"):
        return "seconds"
    if "price" in column:
        return "yuan"
    return "count" if col.type == "integer" else "text"


def _row(frame: pd.DataFrame, selectors: str) -> dict:
    rows = frame
    for pair in selectors.split():
        key, value = pair.split("=", 1)
        if key not in rows:
            raise FigureError(f"no column {key} to choose a row by")
        if value == "latest":
            value = rows[key].max()
        rows = rows[rows[key].astype(str) == str(value)]
    if len(rows) != 1:
        raise FigureError(f"{len(rows)} rows match {selectors.strip() or 'no selector'}")
    return rows.iloc[0].to_dict()


def render_figure(match: re.Match, tables: dict[str, pd.DataFrame], lang: str) -> str:
    table, column, selectors = match.groups()
    if table not in tables:
        raise FigureError(f"no published table {table}")
    kind = _kind(table, column)
    row = _row(tables[table], selectors)
    if is_suppressed(row, column):
        text = "＊"
    elif kind == "text":
        text = str(row[column])
    else:
        text = number(row[column], kind, lang)
    prefix = "" if lang == "zh" else f"{lang}/"
    return str(Markup('<a class="live-figure" href="/{}data/#{}">{}</a>').format(
        prefix, table, escape(text)))


def fill_figures(html: str, tables: dict[str, pd.DataFrame], lang: str, source: str) -> str:
    """Replace every live figure of a rendered document; FigureError names `source`."""
    def replace(match: re.Match) -> str:
        try:
            return render_figure(match, tables, lang)
        except FigureError as error:
            raise FigureError(f"{source}: {match.group(0)}: {error}") from None

    return FIGURE.sub(replace, html)
