"""Small-cell suppression: primary, secondary, rates, and the marks left behind."""

from __future__ import annotations

import pandas as pd

from pipeline.disclosure import Policy, Rate, hidden_cells, suppress

POLICY = Policy(
    counts=("received", "closed"),
    rates=(Rate("closure_rate", "received", "closed"), Rate("median_days", "closed")),
    groups=(("year",),),
    derived={"year": lambda f: f["month"].str[:4]},
)


def frame(rows):
    data = pd.DataFrame(rows, columns=["month", "received", "closed"])
    data["closure_rate"] = data["closed"] / data["received"]
    data["median_days"] = 2.5
    return data


def test_counts_below_k_are_suppressed_zero_and_k_are_not():
    out = suppress(frame([("2024-01", 9, 0), ("2024-02", 10, 10), ("2024-03", 0, 0)]),
                   Policy(("received", "closed")), k=10)
    assert out["received"].isna().tolist() == [True, False, False]
    assert out["closed"].tolist() == [0, 10, 0]
    assert out["suppressed"].tolist() == [True, False, False]
    assert out["suppressed_cells"].tolist()[0] == "received"


def test_rates_follow_their_denominator_and_numerator():
    out = suppress(frame([("2024-01", 50, 5), ("2024-02", 50, 40), ("2025-01", 50, 45),
                          ("2025-02", 60, 50)]), POLICY, k=10)
    first = out.iloc[0]
    # closed = 5 is suppressed, so the rate (which gives closed back) and the median
    # computed over those 5 cases go too
    assert pd.isna(first["closed"]) and pd.isna(first["closure_rate"])
    assert pd.isna(first["median_days"])
    assert first["received"] == 50


def test_a_lonely_suppressed_cell_takes_the_smallest_other_cell_with_it():
    # 2024 total of `closed` is published elsewhere: 5 alone would be 5 = total − 40 − 45
    data = frame([("2024-01", 50, 5), ("2024-02", 50, 45), ("2024-03", 50, 40),
                  ("2025-01", 50, 45)])
    out = suppress(data, POLICY, k=10)
    hidden = hidden_cells(out)
    assert (0, "closed") in hidden and (2, "closed") in hidden  # 40 is the smallest other
    assert (1, "closed") not in hidden and (3, "closed") not in hidden
    year_2024 = out[out["month"].str.startswith("2024")]
    assert year_2024["closed"].isna().sum() == 2


def test_a_group_never_holds_exactly_one_suppressed_cell():
    months = [f"2024-{m:02d}" for m in range(1, 13)]
    values = [3, 50, 0, 12, 7, 80, 0, 0, 15, 90, 11, 2]
    out = suppress(frame(list(zip(months, [v + 20 for v in values], values, strict=True))),
                   POLICY, k=10)
    assert out["closed"].isna().sum() != 1
    shown = out["closed"].dropna()
    assert not ((shown > 0) & (shown < 10)).any()


def test_the_input_frame_is_not_changed():
    data = frame([("2024-01", 5, 1)])
    suppress(data, POLICY, k=10)
    assert data["received"].tolist() == [5]


def test_every_table_built_from_personal_records_is_protected():
    from pipeline.catalog import SITE_TABLES, TABLES

    # DESIGN.md: the legally fixed form stays as it is; the annual report's tables
    # (requests received, carried over, appeals) are the national template's own figures
    statutory = {"disclosure_annual", "disclosure_requests", "disclosure_appeals"}
    # broadcasts and departments on air (the programme's public schedule), not residents
    not_people = {"programme_episodes", "departments"}
    for table in TABLES + SITE_TABLES:
        assert table.domain, table.name
        if table.domain in ("cases", "hotline", "disclosure") and table.name not in statutory:
            assert table.policy is not None, table.name
            integer_columns = {c.name for c in table.columns if c.type == "integer"}
            assert integer_columns - not_people <= set(table.policy.counts) | {"year"}, \
                table.name


def test_the_last_backlog_is_not_received_minus_closed(tmp_path):
    """Three of December's 15 cases never closed, every earlier case closed in its month:
    the backlog of December (3) is suppressed, and the year's received minus closed
    (180 − 177) or the months' must not give it back (relations._snapshot_relations)."""
    import csv
    import shutil

    from click.testing import CliRunner

    import publish
    from tests.conftest import FIXTURES

    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "good", data)
    header = ("case_id,source,received_at,due_at,closed_at,status,outcome,department,"
              "category,district,grid,channel,satisfaction").split(",")
    rows = [[f"F{m}-{j}", "complaint", f"2024-{m:02d}-{j % 9 + 1:02d} 09:00",
             f"2024-{m:02d}-15", "" if (m == 12 and j < 3) else f"2024-{m:02d}-12 09:00",
             "办结", "resolved", "区住建局", "物业管理", "西城街道", "G01", "hotline", "5"]
            for m in range(1, 13) for j in range(15)]
    with (data / "cases" / "cases.csv").open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([header, *rows])
    out = tmp_path / "site"
    result = CliRunner().invoke(publish.cli, ["build", "--data", str(data), "--output",
                                              str(out), "--as-of", "2025-06-30"])
    assert result.exit_code == 0, result.output
    tables = {name: pd.read_csv(out / "data" / f"{name}.csv", encoding="utf-8-sig",
                                dtype={"month": str, "year": str})
              for name in ("cases_backlog", "cases_annual", "cases_monthly")}
    backlog = tables["cases_backlog"].set_index("month")
    assert pd.isna(backlog.loc["2024-12", "open_cases"])  # 3: suppressed
    annual = tables["cases_annual"].set_index("year").loc["2024"]
    monthly = tables["cases_monthly"]
    assert pd.isna(annual["received"]) or pd.isna(annual["closed"])
    assert monthly[["received", "closed"]].isna().any().any()
