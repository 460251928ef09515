"""Data quality: per input file what was read, left out and why; the checks that ran.

Counts and reasons only, never a row's contents: the quarantine reasons name a column
and a rule, not a value.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pipeline.changes import quarantine_summary
from pipeline.guards import GUARDS
from pipeline.site.context import Page, SiteData
from pipeline.site.i18n import gettext
from pipeline.validate import CHECKS

# No NAV: not in the menu; the Data page and "What changed tonight" link to it.
DOMAINS = {"cases": "Cases", "hotline": "Hotline", "commitments": "Public commitments",
           "prices": "Prices", "disclosure": "Requests for government information"}


def input_checks() -> list[str]:
    """The rules every input row is checked against (sql/checks/*.sql) and the guards."""
    return [p.stem for p in sorted(CHECKS.glob("*.sql"))] + [
        "volume_domain", "volume_file", "volume_month"]


def files(site: SiteData) -> list[dict]:
    inputs = pd.DataFrame(site.manifest.get("inputs", []),
                          columns=["file", "table", "sha256", "rows", "quarantined"])
    reasons = pd.DataFrame(quarantine_summary(site.output / "data"),
                           columns=["file", "reason", "rows"])
    ignored = pd.Series(site.manifest.get("ignored_values", {}), dtype="Int64")
    ignored = pd.DataFrame({"key": ignored.index, "cells": ignored.to_numpy()})
    ignored[["file", "column"]] = ignored["key"].str.split(": ", n=1, expand=True) \
        if len(ignored) else pd.DataFrame(columns=["file", "column"])
    by_reason = reasons.groupby("file")[["reason", "rows"]].apply(
        lambda g: g.to_dict("records")).to_dict()
    by_column = ignored.groupby("file")[["column", "cells"]].apply(
        lambda g: g.to_dict("records")).to_dict()
    inputs["reasons"] = inputs["file"].map(lambda f: by_reason.get(f, []))
    inputs["ignored"] = inputs["file"].map(lambda f: by_column.get(f, []))
    inputs["domain"] = inputs["file"].map(lambda f: Path(f).parts[0])
    # the files of residents' records have no published row count (pipeline/counts.py)
    rows = inputs["rows"].astype("Int64")
    inputs["rows"] = rows.astype(object).where(rows.notna(), None)
    return inputs.drop(columns=["sha256"]).to_dict("records")


def pages(site: SiteData, lang: str) -> list[Page]:
    manifest = site.manifest
    return [Page("quality/index.html", "quality.html", {
        "files": files(site),
        "duplicates": manifest.get("duplicates_dropped", {}),
        "price_conflicts": manifest.get("price_conflicts") or {},
        "columns_dropped": manifest.get("columns_dropped", {}),
        "input_checks": input_checks(),
        "guard_sql": sorted(p.stem for p in GUARDS.glob("*.sql")),
        "data_checks": manifest.get("data_checks", {}),
        "data_dates": [{"domain": gettext(DOMAINS.get(d, d), lang), "date": day}
                       for d, day in sorted(manifest.get("data_dates", {}).items())],
        "data_date": manifest.get("data_date"),
        "as_of": manifest.get("as_of"),
        "ratio": site.settings.min_volume_ratio,
        "max_share": site.settings.max_quarantine_share,
        "audit": manifest.get("disclosure_audit"),
    })]
