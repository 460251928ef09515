"""The generated sample built end to end (slow): the build accepts it, and no published
cell built from records shows a count between 1 and k − 1, nor can one be worked out
from the totals of another group or table.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

pytestmark = pytest.mark.slow

AS_OF = date(2026, 11, 1)


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory) -> Path:
    from pipeline.build import build
    from pipeline.config import load_settings
    from pipeline.sample import write_sample

    root = tmp_path_factory.mktemp("sample")
    write_sample(root / "data", scale=0.05, seed=7)
    build(root / "data", root / "site", load_settings(), AS_OF)
    return root / "site"


def published(site: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(site / "data" / f"{name}.csv", keep_default_na=False, dtype=str)


def test_no_small_count_is_published(sample_site):
    from pipeline.catalog import TABLES

    for table in TABLES:
        if table.policy is None:
            continue
        frame = published(sample_site, table.name)
        for column in table.policy.counts:
            values = pd.to_numeric(frame[column].replace("", None))
            small = values[(values > 0) & (values < 10)]
            assert small.empty, f"{table.name}.{column}: {small.tolist()}"


def test_no_suppressed_cell_can_be_recovered_from_totals(sample_site):
    """Where a total is shown, its parts in another table hide none or at least two
    (the audit in the manifest checks every relation; this is the subtraction a reader
    would try first)."""
    import json

    manifest = json.loads((sample_site / "data" / "manifest.json").read_text("utf-8"))
    assert manifest["disclosure_audit"]["passed"]
    pairs = [("cases_monthly", "cases_annual", ["year", "source"]),
             ("cases_by_department", "cases_annual", ["year", "source"]),
             ("cases_by_department", "cases_department_annual", ["year", "department"])]
    for parts_name, total_name, keys in pairs:
        parts, totals = published(sample_site, parts_name), published(sample_site, total_name)
        if "month" in parts:
            parts["year"] = parts["month"].str[:4]
        for column in ("received", "closed", "on_time", "base_on_time", "satisfied"):
            hidden = (parts[column] == "").groupby([parts[k] for k in keys]).sum()
            shown = totals[totals[column] != ""].set_index(keys).index
            lonely = hidden[(hidden == 1) & hidden.index.isin(shown)]
            assert lonely.empty, f"{parts_name}.{column} by {keys}: {lonely.index[:3]}"


def test_monthly_and_department_tables_agree_where_both_are_published(sample_site):
    monthly = published(sample_site, "cases_monthly")
    by_department = published(sample_site, "cases_by_department")
    monthly["year"] = monthly["month"].str[:4]
    for (year, source), rows in monthly.groupby(["year", "source"]):
        other = by_department[(by_department["year"] == year)
                              & (by_department["source"] == source)]
        if (rows["received"] == "").any() or (other["received"] == "").any():
            continue
        assert rows["received"].astype(int).sum() == other["received"].astype(int).sum()


def test_the_sample_site_has_every_section(sample_site):
    for path in ("index.html", "en/index.html", "data/index.html", "methodology/index.html",
                 "en/methodology/index.html", "search/index.html"):
        assert (sample_site / path).is_file(), path
    assert (sample_site / "pagefind").is_dir()
