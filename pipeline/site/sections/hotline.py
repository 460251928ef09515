"""Hotline: the latest month's answer, reply, complaint resolution, satisfaction and waiting
time against their targets, volume by kind, monthly trends, the departments and the live
programme (its episodes and the departments on air).
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from pipeline.site.cohorts import mark_cards
from pipeline.site.context import Page, SiteData
from pipeline.site.i18n import gettext, label, metric_name
from pipeline.site.metric_figures import (
    Spec,
    column,
    computed,
    figures,
    hidden,
    latest_year,
    month_label,
    rows,
    summary,
    trend_chart,
    with_slugs,
)
from pipeline.site.sections.home import change, latest_complete_month

NAV = (10, "hotline/", "Hotline")
# label the ordinal month axis at the start of each quarter only
QUARTER_LABELS = "indexof(['01', '04', '07', '10'], substring(datum.value, 5, 7)) >= 0 " \
    "? datum.value : ''"
KINDS = ("consultation", "complaint", "suggestion", "praise", "other")

HOTLINE_FIGURES = (
    Spec("calls", "count", "volume", "Calls"),
    Spec("answer_rate", "rate", "answer_rate", "Answer rate", "answered", "calls",
         "answered / calls", "answer_rate"),
    Spec("reply_rate", "rate", "reply_rate", "Reply rate", "replied", "consultations",
         "replied / consultations", "reply_rate"),
    Spec("complaint_resolution_rate", "rate", "complaint_resolution_rate",
         "Complaint resolution", "complaints_resolved", "complaints",
         "resolved / complaints", "complaint_resolution_rate"),
    Spec("satisfaction_rate", "rate", "satisfaction_rate", "Satisfaction rate", "satisfied",
         "base_satisfaction", "satisfied / rated", "satisfaction_rate"),
    Spec("median_wait_seconds", "seconds", "wait_time", "Median waiting time (seconds)", None,
         "base_wait", "calls with a waiting time"),
    Spec("programme_calls", "count", "volume", "Calls on the live programme"),
)


def hotline_columns(lang: str, first: list[dict]) -> list[dict]:
    """Columns of a hotline table after its key columns, every rate beside its n and N."""
    return first + [
        column("calls", "Calls", "count", lang, "volume"),
        column("consultations", "Consultations", "count", lang),
        column("replied", "Replied", "count", lang),
        column("reply_rate", "Reply rate", "rate", lang, "reply_rate"),
        column("complaints", "Complaints", "count", lang),
        column("complaints_resolved", "Complaints resolved", "count", lang),
        column("complaint_resolution_rate", "Complaint resolution", "rate", lang,
               "complaint_resolution_rate"),
        column("satisfied", "Satisfied", "count", lang),
        column("base_satisfaction", "Rated", "count", lang),
        column("satisfaction_rate", "Satisfaction rate", "rate", lang, "satisfaction_rate"),
        column("reply_30d_rate", "Replied within 30 days", "rate", lang, "reply_rate"),
        column("complaint_resolution_30d_rate", "Resolved within 30 days", "rate", lang,
               "complaint_resolution_rate"),
    ]


def monthly_columns(lang: str) -> list[dict]:
    columns = hotline_columns(lang, [column("month", "Month", "month", lang)])
    return columns[:2] + [
        column("answered", "Answered", "count", lang),
        column("answer_rate", "Answer rate", "rate", lang, "answer_rate"),
    ] + columns[2:] + [
        column("median_wait_seconds", "Median wait (s)", "seconds", lang, "wait_time"),
        column("programme_calls", "Programme calls", "count", lang, "volume"),
    ]


def kind_chart(site: SiteData, lang: str, by_kind: pd.DataFrame, monthly: pd.DataFrame):
    """Calls by kind and month, stacked; summary from the monthly totals."""
    data = by_kind.assign(
        kind_name=by_kind["kind"].map(lambda code: label("kind", code, lang)),
        calls=pd.to_numeric(by_kind["calls"], errors="coerce"),
        date=by_kind["month"] + "-01",
        note=hidden(by_kind, "calls").map(
            {True: gettext("not published (fewer than %(k)s records)", lang)
             % {"k": site.settings.k}, False: None}))
    bars = alt.Chart(data).mark_bar().encode(
        x=alt.X("month:O", title=gettext("Month", lang), axis=alt.Axis(
            labelAngle=0, labelExpr=QUARTER_LABELS, labelOverlap="greedy")),
        y=alt.Y("calls:Q", title=gettext("Number of calls", lang), stack="zero"),
        color=alt.Color("kind_name:N", title=None, legend=alt.Legend(orient="bottom"),
                        sort=[label("kind", k, lang) for k in KINDS]),
        tooltip=["month", "kind_name", "calls"],
    )
    return site.chart(lang, "hotline-calls-by-kind", bars, gettext("Calls by kind", lang),
                      summary(monthly, [("calls", gettext("Calls", lang))], "count", lang,
                              site.settings.k),
                      data, {"month": gettext("Month", lang), "kind_name": gettext("Kind", lang),
                             "calls": gettext("Calls", lang), "note": gettext("Note", lang)})


def kind_known_when_unanswered(kinds: pd.DataFrame) -> bool:
    """Whether the kind of a call is known when it was not answered. Unanswered calls are
    mostly recorded as 'other' (nobody asked what the call was about): then every named
    kind looks fully answered and 'other' badly, so per-kind answer rates are not shown."""
    unanswered = pd.to_numeric(kinds["calls"], errors="coerce") - pd.to_numeric(
        kinds["answered"], errors="coerce")
    total = unanswered.sum()
    return bool(total == 0 or unanswered[kinds["kind"] == "other"].sum() <= total / 2)


def kind_columns(lang: str, answer_rates: bool) -> list[dict]:
    answers = [column("answered", "Answered", "count", lang),
               column("answer_rate", "Answer rate", "rate", lang, "answer_rate")]
    return [column("kind", "Kind", "kind", lang),
            column("calls", "Calls", "count", lang, "volume"),
            *(answers if answer_rates else []),
            column("satisfied", "Satisfied", "count", lang),
            column("base_satisfaction", "Rated", "count", lang),
            column("satisfaction_rate", "Satisfaction rate", "rate", lang, "satisfaction_rate"),
            column("median_wait_seconds", "Median wait (s)", "seconds", lang, "wait_time"),
            column("programme_calls", "Programme calls", "count", lang, "volume")]


def programme(site: SiteData, year: int | None) -> tuple[list[dict], list[dict]]:
    """The year's episodes (newest first) and the departments that took part."""
    episodes = site.table("hotline_programme")
    episodes = episodes[episodes["programme_date"].str[:4] == str(year)]
    departments = site.table("hotline_by_department")
    departments = departments[(departments["year"] == year)
                              & (departments["programme_episodes"] > 0)]
    departments = with_slugs(departments).sort_values(
        ["programme_episodes", "department"], ascending=[False, True])
    return rows(episodes.sort_values("programme_date", ascending=False)), rows(departments)


def pages(site: SiteData, lang: str) -> list[Page]:
    monthly = site.table("hotline_monthly").sort_values("month")
    by_kind = site.table("hotline_by_kind")
    # a month not yet over would read as a fall in calls: the last complete one
    month = latest_complete_month(monthly["month"], site.manifest.get("data_date")) \
        if len(monthly) else None
    latest = rows(monthly[monthly["month"] == month])
    cards = figures(latest[0], HOTLINE_FIGURES, site, lang) if latest else []
    for card in cards:
        card["change"] = change(monthly, "month", month, card["column"], card["kind"], lang)
    if latest:
        mark_cards(cards, latest[0], lang)
    departments = site.table("hotline_by_department")
    year = latest_year(departments)
    episodes, on_air = programme(site, year)
    rates = [(name, metric_name(name, lang)) for name in
             ("answer_rate", "reply_rate", "complaint_resolution_rate", "satisfaction_rate")]
    charts = [
        kind_chart(site, lang, by_kind, monthly),
        trend_chart(site, lang, "hotline-rates", monthly, rates, "rate",
                    gettext("Hotline rates by month", lang), gettext("Rate (%)", lang)),
    ]
    kinds = by_kind[by_kind["month"] == month] if month else by_kind
    return [Page("hotline/index.html", "hotline.html", {
        "month": month, "month_name": month_label(month, lang) if month else None,
        "year": year, "figures": cards, "charts": charts,
        "kinds": rows(kinds),
        "kind_answer_rates": kind_known_when_unanswered(kinds),
        "kind_columns": kind_columns(lang, kind_known_when_unanswered(kinds)),
        "months": rows(monthly.sort_values("month", ascending=False)),
        "month_columns": monthly_columns(lang),
        "departments": rows(with_slugs(departments[departments["year"] == year])),
        "department_columns": hotline_columns(
            lang, [column("department", "Handling department", "department", lang)]),
        "episodes": episodes,
        "episode_columns": [
            column("programme_date", "Date of the episode", "text", lang),
            column("calls", "Calls", "count", lang, "volume"),
            column("departments", "Departments on air", "count", lang),
            column("department_names", "Departments", "text", lang)],
        "on_air": on_air,
        "on_air_columns": [
            column("department", "Handling department", "department", lang),
            column("programme_episodes", "Episodes", "count", lang),
            column("programme_calls", "Programme calls", "count", lang, "volume")],
        "computed_monthly": computed(site, "hotline_monthly", lang),
        "computed_kind": computed(site, "hotline_by_kind", lang, "volume"),
        "computed_department": computed(site, "hotline_by_department", lang),
        "computed_programme": computed(site, "hotline_programme", lang, "volume"),
    })]
