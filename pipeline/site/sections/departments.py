"""Departments: a league table against the targets of portal.toml (actual ÷ target, like a
scorecard) and a page per department with its figures across case sources and the hotline.

The league table is sortable without JavaScript: besides the page ordered by name, each
scored figure has a page of its own ordered by it (departments/by/<figure>/), linked from
the column headings.
"""

from __future__ import annotations

import re

import pandas as pd

from pipeline.site.cohorts import year_to_date
from pipeline.site.context import Page, SiteData, slug
from pipeline.site.i18n import gettext
from pipeline.site.metric_figures import (
    Spec,
    case_columns,
    column,
    computed,
    figures,
    latest_year,
    rows,
    with_slugs,
)
from pipeline.site.sections.hotline import hotline_columns

NAV = (30, "departments/", "Departments")

# league figures: prefixed column (case_ from cases_department_annual, hotline_ from
# hotline_by_department), metric, title, n, N, basis, target key
LEAGUE = (
    Spec("case_closure_rate", "rate", "closure_rate", "Closure rate", "case_closed",
         "case_received", "closed / received", "closure_rate"),
    Spec("case_on_time_rate", "rate", "on_time_rate", "On-time rate", "case_on_time",
         "case_base_on_time", "closed on time / closed with a due date", "on_time_rate"),
    Spec("case_satisfaction_rate", "rate", "satisfaction_rate", "Case satisfaction",
         "case_satisfied", "case_base_satisfaction", "satisfied / rated", "satisfaction_rate"),
    Spec("hotline_reply_rate", "rate", "reply_rate", "Hotline reply rate", "hotline_replied",
         "hotline_consultations", "replied / consultations", "reply_rate"),
    Spec("hotline_complaint_resolution_rate", "rate", "complaint_resolution_rate",
         "Hotline complaint resolution", "hotline_complaints_resolved", "hotline_complaints",
         "resolved / complaints", "complaint_resolution_rate"),
    Spec("hotline_satisfaction_rate", "rate", "satisfaction_rate", "Hotline satisfaction",
         "hotline_satisfied", "hotline_base_satisfaction", "satisfied / rated",
         "satisfaction_rate"),
)
VOLUMES = (
    Spec("case_received", "count", "volume", "Cases received"),
    Spec("case_median_handling_days", "days", "handling_time", "Median handling time (days)",
         None, "case_closed", "closed cases"),
    Spec("hotline_calls", "count", "volume", "Hotline calls"),
    Spec("hotline_programme_episodes", "count", None, "Live programme episodes"),
)


def prefixed(frame: pd.DataFrame, prefix: str) -> pd.DataFrame:
    """Columns (and the names in suppressed_cells) prefixed, keys kept."""
    keys = ["year", "department"]
    renamed = frame.rename(columns={c: prefix + c for c in frame.columns if c not in keys})
    hidden = renamed[f"{prefix}suppressed_cells"].astype("string")
    renamed[f"{prefix}suppressed_cells"] = hidden.str.replace(r"(^|;)", rf"\g<1>{prefix}",
                                                               regex=True)
    return renamed.drop(columns=[f"{prefix}suppressed"])


def department_names(site: SiteData) -> list[str]:
    names = set(site.table("cases_by_department")["department"].dropna()) | set(
        site.table("hotline_by_department")["department"].dropna())
    return sorted(names)


def league(site: SiteData, year: int | None) -> pd.DataFrame:
    """One row per department: its case and hotline figures of `year` and their scores."""
    cases = prefixed(site.table("cases_department_annual"), "case_")
    hotline = prefixed(site.table("hotline_by_department"), "hotline_")
    frame = pd.DataFrame({"department": department_names(site), "year": year}) \
        .merge(cases, on=["year", "department"], how="left") \
        .merge(hotline, on=["year", "department"], how="left")
    hidden = frame["case_suppressed_cells"].astype("string").fillna("") + ";" + \
        frame["hotline_suppressed_cells"].astype("string").fillna("")
    met = pd.Series(0, index=frame.index)
    scored = pd.Series(0, index=frame.index)
    for spec in LEAGUE:
        target = site.settings.targets[spec.target]
        values = pd.to_numeric(frame[spec.column], errors="coerce")
        frame[f"{spec.column}_score"] = values / target
        is_hidden = hidden.str.contains(rf"(?:^|;){spec.column}(?:;|$)")
        hidden = hidden.where(~is_hidden, hidden + f";{spec.column}_score")
        met += (values >= target).astype(int)
        scored += values.notna().astype(int)
    frame["suppressed_cells"] = hidden.str.strip(";").str.replace(r";+", ";", regex=True)
    frame["targets_met"] = met
    frame["targets_scored"] = scored
    # distance from target: the mean of actual ÷ target over the published figures
    scores = frame[[f"{spec.column}_score" for spec in LEAGUE]].apply(pd.to_numeric,
                                                                      errors="coerce")
    frame["mean_score"] = scores.mean(axis=1, skipna=True)
    return with_slugs(frame)


def ordered(frame: pd.DataFrame, key: str | None) -> pd.DataFrame:
    """By distance from target (the lowest mean of actual ÷ target first: `None`), by
    name, or by a figure from highest to lowest (suppressed and missing last)."""
    if key is None:
        return frame.sort_values(["mean_score", "department"], na_position="last")
    if key == "name":
        return frame.sort_values("department")
    if key == "targets_met":
        return frame.sort_values(["targets_met", "targets_scored", "department"],
                                 ascending=[False, True, True])
    return frame.assign(_v=pd.to_numeric(frame[key], errors="coerce")).sort_values(
        ["_v", "department"], ascending=[False, True], na_position="last")


def league_page(site: SiteData, lang: str, frame: pd.DataFrame, year: int | None,
                key: str | None) -> Page:
    path = "departments/index.html" if key is None else f"departments/by/{key}/index.html"
    metrics = [{"key": spec.column, "title": gettext(spec.title, lang), "metric": spec.metric,
                "n": spec.numerator, "d": spec.denominator,
                "target": site.settings.targets[spec.target]} for spec in LEAGUE]
    return Page(path, "departments.html", {
        "year": year, "sort": key, "metrics": metrics, "league": rows(ordered(frame, key)),
        "targets_source": site.settings.extra.get("site", {}).get(f"targets_source_{lang}"),
        "year_to_date": year_to_date(year, site.manifest.get("data_date")),
        "computed_cases": computed(site, "cases_department_annual", lang),
        "computed_hotline": computed(site, "hotline_by_department", lang),
    })


def department_page(site: SiteData, lang: str, name: str, frame: pd.DataFrame,
                    year: int | None) -> Page:
    scorecard = rows(frame[frame["department"] == name])[0]
    by_year = site.table("cases_department_annual")
    by_source = site.table("cases_by_department")
    hotline = site.table("hotline_by_department")
    episodes = site.table("hotline_programme")
    on_air = episodes["department_names"].fillna("").str.contains(
        rf"(?:^|、){re.escape(name)}(?:、|$)")
    return Page(f"departments/{slug(name)}/index.html", "department.html", {
        "department": name, "year": year,
        "year_to_date": year_to_date(year, site.manifest.get("data_date")),
        "scorecard": figures(scorecard, LEAGUE, site, lang),
        "volumes": figures(scorecard, VOLUMES, site, lang),
        "case_years": rows(by_year[by_year["department"] == name]
                           .sort_values("year", ascending=False)),
        "case_year_columns": case_columns(
            lang, [column("year", "Year received", "period", lang)]) + [
            column("resolved", "Resolved", "count", lang)],
        "case_sources": rows(by_source[by_source["department"] == name]
                             .sort_values(["year", "source"], ascending=[False, True])),
        "case_source_columns": case_columns(
            lang, [column("year", "Year received", "period", lang),
                   column("source", "Source", "source", lang)]),
        "hotline_years": rows(hotline[hotline["department"] == name]
                              .sort_values("year", ascending=False)),
        "hotline_columns": hotline_columns(
            lang, [column("year", "Year of the call", "period", lang)]) + [
            column("programme_episodes", "Programme episodes", "count", lang),
            column("programme_calls", "Programme calls", "count", lang, "volume")],
        "episodes": rows(episodes[on_air].sort_values("programme_date", ascending=False)),
        "episode_columns": [
            column("programme_date", "Date of the episode", "text", lang),
            column("calls", "Calls", "count", lang, "volume"),
            column("department_names", "Departments on air", "text", lang)],
        "computed_cases": computed(site, "cases_department_annual", lang),
        "computed_sources": computed(site, "cases_by_department", lang),
        "computed_hotline": computed(site, "hotline_by_department", lang),
        "computed_programme": computed(site, "hotline_programme", lang),
    })


def pages(site: SiteData, lang: str) -> list[Page]:
    year = max(filter(None, (latest_year(site.table("cases_department_annual")),
                             latest_year(site.table("hotline_by_department")))), default=None)
    frame = league(site, year)
    keys = [None, "name", "targets_met"] + [spec.column for spec in LEAGUE]
    return [league_page(site, lang, frame, year, key) for key in keys] + [
        department_page(site, lang, name, frame, year) for name in department_names(site)]
