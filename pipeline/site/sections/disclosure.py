"""Requests for government information (依申请公开) and the annual disclosure report.

The index shows the outcomes of every year in their statutory form (every outcome listed,
zero included, with the year's total; not suppressed, DESIGN.md); a page per year shows
the annual report in the six parts of the national template (pipeline/content/report.py),
with a year selector. Reached from Open government affairs.
"""

from __future__ import annotations

import pandas as pd

from pipeline.config import ROOT
from pipeline.content import published
from pipeline.content.report import build_report, report_years
from pipeline.contracts import DISCLOSURE_OUTCOMES
from pipeline.site.context import Page, SiteData


def annual_table(frame: pd.DataFrame) -> tuple[list[int], list[dict]]:
    """Years as columns, every outcome as a row (zeros filled), and a total row."""
    if frame.empty:
        return [], []
    wide = frame.pivot_table(index="outcome", columns="year", values="requests",
                             aggfunc="sum", fill_value=0)
    wide = wide.reindex(list(DISCLOSURE_OUTCOMES), fill_value=0).astype(int)
    years = [int(y) for y in wide.columns]
    rows = [{"outcome": outcome, "counts": [int(v) for v in values]}
            for outcome, values in zip(wide.index, wide.to_numpy(), strict=True)]
    rows.append({"outcome": None, "counts": [int(v) for v in wide.sum().to_numpy()]})
    return years, rows


def pages(site: SiteData, lang: str) -> list[Page]:
    years, rows = annual_table(site.table("disclosure_annual"))
    report_list = report_years(site.tables)
    out = [Page("affairs/disclosure/index.html", "disclosure.html", {
        "years": years, "outcome_rows": rows, "report_years": report_list,
        "how": site.computed("disclosure_annual", lang) | {"metric": "disclosure_outcomes"},
    })]
    docs = published(ROOT / "content")
    for year in report_list:
        out.append(Page(f"affairs/disclosure/{year}/index.html", "disclosure_report.html", {
            "report": build_report(year, lang, site.tables, docs),
            "report_years": report_list,
            "how": site.computed("disclosure_requests", lang),
        }))
    return out
