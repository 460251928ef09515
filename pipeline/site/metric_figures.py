"""The figure helpers the hotline, case and department pages share: figure cards with
n/N and target, table columns, and monthly trend charts with a summary written from the
data.
"""

from __future__ import annotations

import calendar
import json
from typing import NamedTuple

import altair as alt
import pandas as pd

from pipeline.charts import Chart
from pipeline.site.cohorts import note
from pipeline.site.context import SiteData, slug
from pipeline.site.format import is_suppressed, number
from pipeline.site.i18n import gettext

MONTH_LABELS = 12  # month labels that fit across a chart (560 px, "2024-01" each)
# ticks that start a month, two, a quarter, half a year, a year; then years by 2, 5, …
# (d3 steps an interval by its own unit: "month" by 24 would still tick every January)
TICK_STEPS = (("month", 1), ("month", 2), ("month", 3), ("month", 6), ("year", 1),
              ("year", 2), ("year", 5), ("year", 10), ("year", 20), ("year", 50))


def month_axis(dates) -> alt.Axis:
    """A month axis ticked every month, two, a quarter, half a year, a year, … whichever
    gives at most about MONTH_LABELS labels over the span of `dates`: labels at the start
    of a quarter or year, no label drawn only to be hidden as overlapping (each drawn
    label is measured: a third of a chart's drawing time, and a quarter of its SVG).
    Labels that would still overlap are dropped (no repeated "2024-01")."""
    # each day once (a price history repeats it per shop), read as ISO 8601 as published
    stamps = pd.to_datetime(pd.Series(dates).drop_duplicates(), errors="coerce",
                            format="ISO8601").dropna()
    months = 1 if stamps.empty else ((stamps.max().year - stamps.min().year) * 12
                                     + stamps.max().month - stamps.min().month + 1)
    unit, step = next(((u, s) for u, s in TICK_STEPS
                       if months <= s * (12 if u == "year" else 1) * MONTH_LABELS),
                      TICK_STEPS[-1])
    return alt.Axis(format="%Y-%m", tickCount={"interval": unit, "step": step},
                    labelOverlap="greedy", labelFlush=True)


class Spec(NamedTuple):
    """One figure: its column, format, metric id, title, n/N columns and target key."""

    column: str
    kind: str
    metric: str | None
    title: str
    numerator: str | None = None
    denominator: str | None = None
    basis: str | None = None
    target: str | None = None


def rows(frame: pd.DataFrame) -> list[dict]:
    """Published rows as plain dicts (missing as None) for `cell` in templates."""
    return json.loads(frame.to_json(orient="records", double_precision=15))


def figures(row: dict, specs: tuple[Spec, ...], site: SiteData, lang: str) -> list[dict]:
    """Figure cards of one published row: value, n/N, metric link and score vs target."""
    cards = []
    for spec in specs:
        target = site.settings.targets.get(spec.target) if spec.target else None
        value = row.get(spec.column)
        withheld = is_suppressed(row, spec.column)
        score = value / target if target and value is not None and not withheld else None
        cards.append({
            "title": gettext(spec.title, lang), "metric": spec.metric, "row": row,
            "column": spec.column, "kind": spec.kind, "n": spec.numerator,
            "d": spec.denominator, "basis": gettext(spec.basis, lang) if spec.basis else None,
            "target": target,
            "score": {"score": score, "suppressed_cells": "score" if withheld else None},
        })
    return cards


def hidden(frame: pd.DataFrame, name: str) -> pd.Series:
    """Which rows of a published frame have `name` suppressed."""
    return frame["suppressed_cells"].astype("string").fillna("").str.contains(
        rf"(?:^|;){name}(?:;|$)")


def column(key: str, heading: str, kind: str, lang: str, metric: str | None = None) -> dict:
    """A table column: `kind` is a `cell` kind, or text/source/kind/department/month."""
    return {"key": key, "heading": gettext(heading, lang), "kind": kind, "metric": metric}


def case_columns(lang: str, first: list[dict]) -> list[dict]:
    """The columns of a case table after its key columns, every rate beside its n and N."""
    return first + [
        column("received", "Received", "count", lang, "volume"),
        column("closed", "Closed", "count", lang),
        column("closure_rate", "Closure rate", "rate", lang, "closure_rate"),
        column("on_time", "Closed on time", "count", lang),
        column("base_on_time", "Closed with a due date", "count", lang),
        column("on_time_rate", "On-time rate", "rate", lang, "on_time_rate"),
        column("median_handling_days", "Median days", "days", lang, "handling_time"),
        column("p90_handling_days", "90th percentile days", "days", lang, "handling_time"),
        column("satisfied", "Satisfied", "count", lang),
        column("base_satisfaction", "Rated", "count", lang),
        column("satisfaction_rate", "Satisfaction rate", "rate", lang, "satisfaction_rate"),
        column("closed_30d_rate", "Closed within 30 days of receipt", "rate", lang,
               "closure_rate"),
    ]


def computed(site: SiteData, model: str, lang: str, metric: str | None = None) -> dict:
    return {**site.computed(model, lang), "metric": metric}


def month_label(month: str, lang: str) -> str:
    year, number_ = month.split("-")
    if lang == "zh":
        return f"{year}年{int(number_)}月"
    return f"{calendar.month_name[int(number_)]} {year}"


def with_slugs(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.assign(slug=frame["department"].map(slug))


def latest_year(frame: pd.DataFrame) -> int | None:
    return int(frame["year"].max()) if len(frame) else None


def _part(row: dict, column: str, name: str, kind: str, lang: str, k: int) -> str:
    """'answer rate 93.2%' (接通率为93.2%), or says it is not published or missing."""
    name = name if lang == "zh" else name[:1].lower() + name[1:]
    if is_suppressed(row, column):
        return gettext("%(name)s not published (fewer than %(k)s records)", lang) % {
            "name": name, "k": k}
    if row.get(column) is None:
        return gettext("%(name)s: no data", lang) % {"name": name}
    return gettext("%(name)s %(value)s", lang) % {"name": name,
                                                   "value": number(row[column], kind, lang)}


def _change(now, before, kind: str, lang: str) -> str:
    """', 0.4 points higher than the previous month' and the like, or ''."""
    if now is None or before is None or kind not in ("rate", "count"):
        return ""
    if kind == "rate":
        points = round((now - before) * 100, 1)
        if points == 0:
            return gettext(", unchanged from the previous month", lang)
        message = (", %(change)s points higher than the previous month" if points > 0
                   else ", %(change)s points lower than the previous month")
        return gettext(message, lang) % {"change": f"{abs(points):.1f}"}
    if not before:
        return ""
    share = (now - before) / before
    if round(share * 100, 1) == 0:
        return gettext(", unchanged from the previous month", lang)
    message = (", %(change)s more than the previous month" if share > 0
               else ", %(change)s less than the previous month")
    return gettext(message, lang) % {"change": f"{abs(share) * 100:.1f}%"}


def summary(frame: pd.DataFrame, series: list[tuple[str, str]], kind: str, lang: str,
            k: int) -> str:
    """One sentence on the latest month: the first series with its change, then the others.

    e.g. "2026年10月，接通率为93.2%，比上月提高0.4个百分点；答复率为96.0%。"
    "October 2026: answer rate 93.2%, 0.4 points higher than the previous month; ..."
    """
    if frame.empty:
        return gettext("There is no data yet.", lang)
    ordered = rows(frame.sort_values("month"))
    last = ordered[-1]
    month_before = (pd.Period(last["month"], "M") - 1).strftime("%Y-%m")
    previous = [row for row in ordered[-2:-1] if row["month"] == month_before]
    first, name = series[0]
    before = previous[0].get(first) if previous else None
    parts = [_part(last, first, name, kind, lang, k) + _change(last.get(first), before, kind,
                                                               lang)]
    parts += [_part(last, other, other_name, kind, lang, k) for other, other_name in series[1:]]
    text = gettext("%(month)s: %(parts)s.", lang) % {
        "month": month_label(last["month"], lang), "parts": gettext("; ", lang).join(parts)}
    if kind == "rate" and last.get("provisional"):
        text += " " + note(last["month"], lang)
    return text


def provisional_band(months: pd.Series, lang: str) -> alt.LayerChart:
    """A shaded band over the provisional months of a rate chart, labelled as such."""
    periods = pd.PeriodIndex(months.astype(str), freq="M")
    band = pd.DataFrame({"start": periods.strftime("%Y-%m-01"),
                         "end": (periods + 1).strftime("%Y-%m-01")})
    shade = alt.Chart(band).mark_rect(color="#9a6700", opacity=0.15).encode(
        x="start:T", x2="end:T")
    text = alt.Chart(band.head(1)).mark_text(
        align="right", baseline="top", dy=2, color="#7d4e00").encode(
        x="end:T", y=alt.value(0), text=alt.value(gettext("provisional", lang)))
    return shade + text


def trend_chart(site: SiteData, lang: str, chart_id: str, frame: pd.DataFrame,
                series: list[tuple[str, str]], kind: str, title: str,
                y_title: str) -> Chart:
    """A line chart of monthly series, with its summary, table and CSV (percent for rates).

    `series` pairs a column of `frame` (published, suppressed) with its name in `lang`.
    """
    scale = 100 if kind == "rate" else 1
    marker = gettext("not published (fewer than %(k)s records)", lang) % {"k": site.settings.k}
    open_month = frame["provisional"].fillna(False).astype(bool) if (
        kind == "rate" and "provisional" in frame) else pd.Series(False, index=frame.index)
    parts = []
    for name, heading in series:
        is_hidden = hidden(frame, name)
        values = pd.to_numeric(frame[name], errors="coerce").astype("float64") * scale
        parts.append(pd.DataFrame({
            "month": frame["month"].astype(str), "series": heading,
            "value": values.round(1 if kind == "rate" else 2),
            "note": is_hidden.map({True: marker, False: None}).where(
                ~open_month | is_hidden, gettext("provisional", lang)),
        }))
    data = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(
        columns=["month", "series", "value", "note"])
    data["date"] = data["month"] + "-01"
    encoded = alt.Chart(data).mark_line(point=True).encode(
        x=alt.X("date:T", title=gettext("Month", lang), axis=month_axis(data["date"])),
        y=alt.Y("value:Q", title=y_title, scale=alt.Scale(zero=kind != "rate")),
        color=alt.Color("series:N", title=None, legend=alt.Legend(orient="bottom")),
        tooltip=["month", "series", "value"],
    )
    if open_month.any():
        encoded = provisional_band(frame.loc[open_month, "month"], lang) + encoded
    names = {"month": gettext("Month", lang), "series": gettext("Series", lang),
             "value": y_title, "note": gettext("Note", lang)}
    return site.chart(lang, chart_id, encoded, title,
                      summary(frame, series, kind, lang, site.settings.k), data, names)
