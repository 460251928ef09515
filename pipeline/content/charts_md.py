"""Charts in editors' Markdown, drawn at build time: `[[chart table.column by=month ...]]`.

The chart is written like every chart of the portal (pipeline/charts.py: Vega-Lite spec,
static SVG, CSV) and shown as an image with its summary and its data table, so the
document reads the same without JavaScript. Values come from the published, already
suppressed table; a suppressed value is left out of the line and shown as ＊ in the table.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import altair as alt
import pandas as pd
from markupsafe import Markup

from pipeline import charts
from pipeline.catalog import published
from pipeline.content.figures_md import CHART, ChartError, chart_rows
from pipeline.site.figures import _kind
from pipeline.site.format import cell
from pipeline.site.i18n import gettext

_WRAPPED = re.compile(r"<p>\s*(" + CHART.pattern + r")\s*</p>")


def _heading(table: str, column: str, lang: str) -> str:
    col = next(c for c in published(table).columns if c.name == column)
    return col.zh if lang == "zh" else col.en


def draw(match: re.Match, tables: dict[str, pd.DataFrame], lang: str, output: Path) -> str:
    """The HTML of one chart; writes its spec, SVG and CSV under `output`/charts/."""
    table, column, by, rows = chart_rows(match, tables)
    kind = _kind(table, column)
    title = f"{published(table).title_zh if lang == 'zh' else published(table).title_en}" \
            f" · {_heading(table, column, lang)}"
    data = rows[[by, column]].copy()
    data[column] = pd.to_numeric(data[column], errors="coerce")
    y_format = ".0%" if kind == "rate" else ",.0f" if kind == "count" else ",.1f"
    chart = alt.Chart(data).mark_line(point=True).encode(
        x=alt.X(f"{by}:O", title=_heading(table, by, lang)),
        y=alt.Y(f"{column}:Q", title=_heading(table, column, lang),
                axis=alt.Axis(format=y_format)))
    first, last = data.iloc[0], data.iloc[-1]
    summary = gettext("%(what)s from %(first)s to %(last)s: %(start)s, then %(end)s.", lang) % {
        "what": _heading(table, column, lang), "first": first[by], "last": last[by],
        "start": cell(rows.iloc[0].to_dict(), column, kind, lang),
        "end": cell(rows.iloc[-1].to_dict(), column, kind, lang)}
    chart_id = "doc-" + hashlib.sha256(match.group(0).encode()).hexdigest()[:12]
    made = charts.write_chart(output, "/", f"{chart_id}.{lang}", chart, title,
                              Markup(summary).striptags(), data,
                              {by: _heading(table, by, lang), column: _heading(table, column, lang)})
    prefix = "" if lang == "zh" else f"{lang}/"
    body = "".join(Markup("<tr><td>{}</td><td class=\"num\">{}</td></tr>").format(
        row[by], cell(row, column, kind, lang)) for row in rows.to_dict("records"))
    return str(Markup(
        '<figure class="chart doc-chart" id="chart-{id}"><img src="{svg}" alt="{summary}">'
        '<figcaption><p class="chart-summary">{summary}</p><details><summary>{data}</summary>'
        '<div class="table-wrap"><table class="data"><thead><tr><th scope="col">{h1}</th>'
        '<th scope="col" class="num">{h2}</th></tr></thead><tbody>{body}</tbody></table></div>'
        '</details><p class="chart-links"><a href="{csv}" download>{csv_label}</a> · '
        '<a href="/{prefix}data/#{table}">{table}</a></p></figcaption></figure>').format(
        id=made.id, svg=made.svg_url, summary=made.summary, data=gettext("Data table", lang),
        h1=_heading(table, by, lang), h2=_heading(table, column, lang), body=Markup(body),
        csv=made.csv_url, csv_label=gettext("Chart data (CSV)", lang), prefix=prefix,
        table=table))


def fill_charts(html: str, tables: dict[str, pd.DataFrame], lang: str, output: Path) -> str:
    """Replace every chart of a rendered document (a paragraph of its own, or inline)."""
    def replace(match: re.Match) -> str:
        inner = CHART.fullmatch(match.group(1)) if match.re is _WRAPPED else match
        try:
            return draw(inner, tables, lang, output)
        except ChartError as error:  # check_content reports it with file and line first
            raise ChartError(f"{match.group(0)}: {error}") from None

    return CHART.sub(replace, _WRAPPED.sub(replace, html))
