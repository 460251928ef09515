"""Live figures and charts in editors' Markdown, checked and drawn at build time.

`[[hotline_monthly.answer_rate month=latest]]` is one published figure (see
pipeline/site/figures.py); `[[chart cases_monthly.received by=month source=complaint]]`
draws a column of a published table against `by`, on the rows chosen by key=value, as a
static SVG with its data table beside it (pipeline/charts.py), so the page needs no
JavaScript. Both are checked against the published tables when there are some (the new
build's, or the last build's on disk), else against the table catalogue (pipeline/sql/marts/*.yml, pipeline/catalog.py).
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from pipeline.catalog import SITE_TABLES, TABLES
from pipeline.content.body import body_lines
from pipeline.content.contract import Document, Problem
from pipeline.site.figures import FIGURE, FigureError, render_figure

CHART = re.compile(r"\[\[\s*chart\s+([a-z_]+)\.([a-z_]+)((?:\s+[a-z_]+=[^\s\]]+)*)\s*\]\]")
_CATALOGUE = {t.name: {c.name for c in t.columns} for t in TABLES + SITE_TABLES}


class ChartError(Exception):
    pass


def chart_rows(match: re.Match, tables: dict[str, pd.DataFrame]) -> tuple[str, str, str,
                                                                        pd.DataFrame]:
    """The table, the column, the `by` column and the chosen rows of a chart, in `by` order."""
    table, column, selectors = match.groups()
    if table not in tables:
        raise ChartError(f"no published table {table}")
    frame = tables[table]
    pairs = dict(pair.split("=", 1) for pair in selectors.split())
    by = pairs.pop("by", None)
    if by is None:
        raise ChartError("a chart needs by=<column> (what runs along the bottom, e.g. by=month)")
    for name in (column, by, *pairs):
        if name not in frame.columns:
            raise ChartError(f"table {table} has no column {name}")
    rows = frame
    for key, value in pairs.items():
        rows = rows[rows[key].astype(str) == value]
    if rows.empty:
        raise ChartError("no rows match " + " ".join(f"{k}={v}" for k, v in pairs.items()))
    if rows[by].duplicated().any():
        raise ChartError(f"several rows per {by}: choose one more key=value")
    return table, column, by, rows.sort_values(by)


def _catalogue_problem(table: str, column: str, selectors: str) -> str | None:
    if table not in _CATALOGUE:
        return f"no published table {table}"
    keys = [pair.split("=", 1)[0] for pair in selectors.split()]
    for name in (column, *keys):
        if name != "by" and name not in _CATALOGUE[table]:
            return f"table {table} has no column {name}"
    return None


def published_tables(site: Path | None) -> dict[str, pd.DataFrame] | None:
    """The tables of the last build in `site` (its data/*.parquet), or None."""
    folder = site / "data" if site else None
    if folder is None or not (folder / "manifest.json").exists():
        return None
    return {p.stem: pd.read_parquet(p) for p in sorted(folder.glob("*.parquet"))}


def check_figures(doc: Document, tables: dict[str, pd.DataFrame] | None) -> list[Problem]:
    """Every live figure and chart of one document, each problem on its line."""
    out = []
    for number, line in body_lines(doc):
        for match in FIGURE.finditer(line):
            if tables is None:
                reason = _catalogue_problem(*match.groups())
            else:
                try:
                    render_figure(match, tables, "zh")
                    reason = None
                except FigureError as error:
                    reason = str(error)
                except (KeyError, ValueError) as error:
                    reason = f"cannot read it ({error})"
            if reason:
                out.append(Problem(doc.shown, number, f"live figure {match.group(0)}: {reason}"))
        for match in CHART.finditer(line):
            if tables is None:
                reason = _catalogue_problem(*match.groups())
                if reason is None and "by=" not in match.group(3):
                    reason = "a chart needs by=<column> (e.g. by=month)"
            else:
                try:
                    chart_rows(match, tables)
                    reason = None
                except ChartError as error:
                    reason = str(error)
            if reason:
                out.append(Problem(doc.shown, number, f"chart {match.group(0)}: {reason}"))
    return out
