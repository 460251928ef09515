"""Requests for government information (依申请公开): the annual report's table, per year.

Shown in its statutory form: every outcome listed for every year, zero included, with
the year's total; not suppressed (DESIGN.md). Reached from Open government affairs.
"""

from __future__ import annotations

import pandas as pd

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
    return [Page("affairs/disclosure/index.html", "disclosure.html", {
        "years": years, "outcome_rows": rows,
        "how": site.computed("disclosure_annual", lang) | {"metric": "disclosure_outcomes"},
    })]
