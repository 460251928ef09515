"""Cases: an overview of every source and a page per source (city management, mediation,
approvals, complaints), each with its figures, trends, backlog and districts.

The figure helpers it shares with the hotline and department pages are in
pipeline/site/metric_figures.py.
"""

from __future__ import annotations

import pandas as pd

from pipeline.charts import Chart
from pipeline.site.cohorts import year_to_date
from pipeline.site.context import Page, SiteData
from pipeline.site.i18n import gettext, label, metric_name
from pipeline.site.metric_figures import (
    Spec,
    case_columns,
    column,
    computed,
    figures,
    hidden,
    latest_year,
    rows,
    trend_chart,
    with_slugs,
)

NAV = (20, "cases/", "Cases")
SOURCES = ("city_management", "mediation", "approval", "complaint")

CASE_FIGURES = (
    Spec("received", "count", "volume", "Cases received"),
    Spec("closure_rate", "rate", "closure_rate", "Closure rate", "closed", "received",
         "closed / received", "closure_rate"),
    Spec("on_time_rate", "rate", "on_time_rate", "On-time rate", "on_time", "base_on_time",
         "closed on time / closed with a due date", "on_time_rate"),
    Spec("median_handling_days", "days", "handling_time", "Median handling time (days)",
         None, "closed", "closed cases"),
    Spec("p90_handling_days", "days", "handling_time", "90th percentile handling time (days)",
         None, "closed", "closed cases"),
    Spec("satisfaction_rate", "rate", "satisfaction_rate", "Satisfaction rate", "satisfied",
         "base_satisfaction", "satisfied / rated", "satisfaction_rate"),
)
MEDIATION_SUCCESS = Spec("resolution_rate", "rate", "mediation_success", "Mediation success",
                         "resolved", "closed", "resolved / closed")
RESOLVED = Spec("resolved", "count", None, "Resolved (not the same as closed)", None, "closed",
                "closed cases")
BACKLOG_FIGURES = (
    Spec("open_cases", "count", "backlog", "Open cases"),
    Spec("open_past_due", "count", "backlog", "Open past due", None, "open_cases", "open cases"),
)


# --- case pages -----------------------------------------------------------------------
def source_figures(source: str) -> tuple[Spec, ...]:
    return CASE_FIGURES + ((MEDIATION_SUCCESS,) if source == "mediation" else (RESOLVED,))


def backlog_latest(site: SiteData) -> pd.DataFrame:
    backlog = site.table("cases_backlog")
    return backlog[backlog["month"] == backlog["month"].max()] if len(backlog) else backlog


def overview(site: SiteData, lang: str) -> Page:
    annual = site.table("cases_annual")
    year = latest_year(annual)
    this_year = annual[annual["year"] == year] if year else annual
    backlog = backlog_latest(site)
    wide = by_source(site.table("cases_monthly"), "received")
    volume = trend_chart(site, lang, "cases-received", wide,
                         [(s, label("source", s, lang)) for s in SOURCES if s in wide.columns],
                         "count", gettext("Cases received by month", lang),
                         gettext("Number of cases", lang))
    open_wide = by_source(site.table("cases_backlog"), "open_cases")
    backlog_chart = trend_chart(site, lang, "cases-backlog", open_wide,
                                [(s, label("source", s, lang)) for s in SOURCES
                                 if s in open_wide.columns], "count",
                                gettext("Open cases at month end", lang),
                                gettext("Open cases", lang))
    return Page("cases/index.html", "cases.html", {
        "year": year, "sources": SOURCES,
        "year_to_date": year_to_date(year, site.manifest.get("data_date")),
        "annual": rows(this_year),
        "annual_columns": case_columns(lang, [column("source", "Source", "source", lang)]) + [
            column("resolved", "Resolved", "count", lang)],
        "backlog": rows(backlog),
        "backlog_columns": [column("source", "Source", "source", lang),
                            column("counted_on", "Counted at 24:00 on", "text", lang),
                            column("open_cases", "Open cases", "count", lang, "backlog"),
                            column("open_past_due", "Open past due", "count", lang, "backlog")],
        "charts": [volume, backlog_chart],
        "computed_annual": computed(site, "cases_annual", lang),
        "computed_monthly": computed(site, "cases_monthly", lang, "volume"),
        "computed_backlog": computed(site, "cases_backlog", lang, "backlog"),
    })


def by_source(frame: pd.DataFrame, value: str) -> pd.DataFrame:
    """One column per source of a (month, source) table, keeping which cells are hidden."""
    if frame.empty:
        return pd.DataFrame(columns=["month", "suppressed_cells"])
    wide = frame.pivot(index="month", columns="source", values=value).reset_index()
    names = frame[hidden(frame, value)].groupby("month")["source"].agg(";".join)
    wide["suppressed_cells"] = wide["month"].map(names).astype("string")
    return wide


def source_charts(site: SiteData, lang: str, source: str, monthly: pd.DataFrame,
                  backlog: pd.DataFrame) -> list[Chart]:
    """Volume, rates and backlog of one source by month."""
    name = label("source", source, lang)
    rates = [(key, metric_name(key, lang))
             for key in ("closure_rate", "on_time_rate", "satisfaction_rate")]
    return [
        trend_chart(site, lang, f"cases-{source}-volume", monthly,
                    [("received", gettext("Received", lang)),
                     ("closed", gettext("Closed", lang))], "count",
                    gettext("%(source)s: cases by month received", lang) % {"source": name},
                    gettext("Number of cases", lang)),
        trend_chart(site, lang, f"cases-{source}-rates", monthly, rates, "rate",
                    gettext("%(source)s: rates by month received", lang) % {"source": name},
                    gettext("Rate (%)", lang)),
        trend_chart(site, lang, f"cases-{source}-backlog", backlog,
                    [("open_cases", gettext("Open cases", lang)),
                     ("open_past_due", gettext("Open past due", lang))], "count",
                    gettext("%(source)s: open cases at month end", lang) % {"source": name},
                    gettext("Number of cases", lang)),
    ]


def source_page(site: SiteData, lang: str, source: str) -> Page:
    name = label("source", source, lang)
    annual = site.table("cases_annual")
    annual = annual[annual["source"] == source]
    year = latest_year(annual)
    monthly = site.table("cases_monthly")
    monthly = monthly[monthly["source"] == source].sort_values("month")
    backlog = site.table("cases_backlog")
    backlog = backlog[backlog["source"] == source].sort_values("month")
    districts = site.table("cases_by_district")
    districts = districts[(districts["source"] == source) & (districts["year"] == year)]
    departments = site.table("cases_by_department")
    departments = with_slugs(departments[(departments["source"] == source)
                                         & (departments["year"] == year)])
    latest = rows(annual[annual["year"] == year])
    latest_backlog = rows(backlog.tail(1))
    charts = source_charts(site, lang, source, monthly, backlog) if len(monthly) else []
    return Page(f"cases/{source}/index.html", "cases_source.html", {
        "source": source, "source_name": name, "year": year,
        "figures": figures(latest[0], source_figures(source), site, lang) if latest else [],
        "backlog_figures": figures(latest_backlog[0], BACKLOG_FIGURES, site, lang)
        if latest_backlog else [],
        "backlog_row": latest_backlog[0] if latest_backlog else None,
        "charts": charts,
        "years": rows(annual.sort_values("year", ascending=False)),
        "year_columns": case_columns(lang, [column("year", "Year received", "period", lang)]) + [
            column("resolved", "Resolved", "count", lang)] + ([
            column("resolution_rate", "Mediation success", "rate", lang, "mediation_success")]
            if source == "mediation" else []),
        "months": rows(monthly.sort_values("month", ascending=False)),
        "month_columns": case_columns(lang, [column("month", "Month received", "month", lang)]),
        "year_to_date": year_to_date(year, site.manifest.get("data_date")),
        "districts": rows(districts),
        "district_columns": case_columns(lang, [column("district", "District", "text", lang)]),
        "departments": rows(departments),
        "department_columns": case_columns(
            lang, [column("department", "Handling department", "department", lang)]),
        "computed_annual": computed(site, "cases_annual", lang),
        "computed_monthly": computed(site, "cases_monthly", lang),
        "computed_backlog": computed(site, "cases_backlog", lang, "backlog"),
        "computed_district": computed(site, "cases_by_district", lang),
        "computed_department": computed(site, "cases_by_department", lang),
    })


def pages(site: SiteData, lang: str) -> list[Page]:
    return [overview(site, lang)] + [source_page(site, lang, s) for s in SOURCES]
