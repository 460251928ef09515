"""Home: headline figures of the latest month, with change vs last month and last year."""

from __future__ import annotations

import pandas as pd

from pipeline.site.cohorts import mark_cards, note, year_to_date
from pipeline.site.context import Page, SiteData
from pipeline.site.format import number
from pipeline.site.i18n import gettext

NAV = (0, "", "Home")

HOTLINE_FIGURES = (
    ("calls", "count", "volume", "Hotline calls"),
    ("answer_rate", "rate", "answer_rate", "Answer rate"),
    ("reply_rate", "rate", "reply_rate", "Reply rate"),
    ("complaint_resolution_rate", "rate", "complaint_resolution_rate", "Complaint resolution"),
    ("satisfaction_rate", "rate", "satisfaction_rate", "Hotline satisfaction"),
)


def previous_month(month: str, months: int) -> str:
    return (pd.Period(month, "M") - months).strftime("%Y-%m")


def latest_complete_month(months: pd.Series, data_date: str | None) -> str:
    """The last month whose every day is covered by the data (a partial month's volume
    would read as a fall); the last month there is when none is complete."""
    if data_date:
        ends = pd.PeriodIndex(months, freq="M").end_time.normalize()
        complete = months[ends <= pd.Timestamp(data_date)]
        if len(complete):
            return complete.max()
    return months.max()


def change(frame: pd.DataFrame, key: str, month: str, column: str, kind: str,
           lang: str) -> str | None:
    """'vs last month +1.2% · vs a year ago −0.4%' (points for rates), or None."""
    rows = frame.set_index(key)
    now = rows[column].get(month)
    parts = []
    for label, months in (("vs previous month", 1), ("vs same month last year", 12)):
        before = rows[column].get(previous_month(month, months))
        if pd.isna(now) or before is None or pd.isna(before) or (kind == "count" and not before):
            continue
        if kind == "rate":
            text = f"{(now - before) * 100:+.1f} {gettext('points', lang)}"
        else:
            text = f"{(now - before) / before * 100:+.1f}%"
        parts.append(f"{gettext(label, lang)} {text}")
    return " · ".join(parts) or None


def hotline_cards(site: SiteData, lang: str) -> list[dict]:
    frame = site.table("hotline_monthly")
    if frame.empty:
        return []
    month = latest_complete_month(frame["month"], site.manifest.get("data_date"))
    row = frame[frame["month"] == month].iloc[0].to_dict()
    cards = [{
        "title": gettext(title, lang), "metric": metric, "row": row, "column": column,
        "kind": kind, "month": month,
        "change": change(frame, "month", month, column, kind, lang),
    } for column, kind, metric, title in HOTLINE_FIGURES]
    return mark_cards(cards, row, lang)


def case_cards(site: SiteData, lang: str) -> list[dict]:
    """Per source: received and closure rate in the latest month of data."""
    frame = site.table("cases_monthly")
    if frame.empty:
        return []
    month = latest_complete_month(frame["month"], site.manifest.get("data_date"))
    cards = []
    for source, rows in frame.groupby("source", sort=True):
        latest = rows[rows["month"] == month]
        if latest.empty:
            continue
        row = latest.iloc[0].to_dict()
        cards.append({"source": source, "row": row, "month": month,
                      "provisional": note(month, lang) if row.get("provisional") else None,
                      "change": change(rows, "month", month, "received", "count", lang)})
    return cards


def commitments_card(site: SiteData, lang: str) -> dict | None:
    summary = site.table("commitments_summary")
    if summary.empty:
        return None
    totals = summary.groupby("year")[["commitments", "fulfilled", "partially_fulfilled",
                                      "due"]].sum()
    year = int(totals.index.max())
    row = totals.loc[year]
    rate = row["fulfilled"] / row["due"] if row["due"] else None
    return {"year": year, "commitments": int(row["commitments"]),
            "year_to_date": year_to_date(year, site.manifest.get("as_of")),
            "fulfilled": int(row["fulfilled"]), "partial": int(row["partially_fulfilled"]),
            "rate": number(rate, "rate", lang)}


def prices_card(site: SiteData, lang: str) -> dict | None:
    latest = site.table("prices_latest")
    if latest.empty:
        return None
    return {"items": int(latest["item_code"].nunique()),
            "stores": int(latest["store"].nunique()),
            "date": latest["observed_on"].max()}


def pages(site: SiteData, lang: str) -> list[Page]:
    return [Page("index.html", "home.html", {
        "hotline_cards": hotline_cards(site, lang),
        "case_cards": case_cards(site, lang),
        "commitments_card": commitments_card(site, lang),
        "prices_card": prices_card(site, lang),
    })]
