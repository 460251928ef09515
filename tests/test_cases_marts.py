"""The case and hotline marts of the dashboards against figures worked out by hand from
tests/fixtures/cases_extra/ (twelve cases, eleven calls; as of 2024-04-01).

Cases (received → closed, due):
  M1 mediation 01-05 → 01-07 (2 d), due 01-20, resolved, rated 5
  M2 mediation 01-10 → 01-25 (15 d), due 01-20 (late), unresolved, rated 2
  M3 mediation 01-15 → 02-05 (21 d), due 02-15, resolved, rated 4
  M4 mediation 02-01 open, due 02-10
  M5 mediation 02-20 → 03-05 (14 d), due 03-20, partially resolved, 西城街道
  M6 mediation 03-01 open, due 04-30, 西城街道
  C1 city 2023-12-20 → 2024-01-10 (21 d), due 2023-12-25 (late)
  C2 city 01-02 08:00 → 01-03 08:00 (1 d), due 01-05, rated 5
  C3 city 01-03 08:00 → 01-04 20:00 (1.5 d), due 01-06, rated 1
  C4 city 03-31 20:00 open, due 04-03, 西城街道
  C5 city 02-28 10:00 → 03-01 10:00 (2 d), due 02-29 (late), 区住建局, 西城街道
  K1 complaint 03-10 open, no due date, no district
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import FIXTURES

AS_OF = date(2024, 4, 1)


def extra_data(target: Path) -> Path:
    """tests/fixtures/good with its cases and calls replaced by cases_extra's."""
    shutil.copytree(FIXTURES / "good", target)
    for domain, name in (("cases", "cases.csv"), ("hotline", "calls.csv")):
        shutil.copyfile(FIXTURES / "cases_extra" / domain / name, target / domain / name)
    return target


@pytest.fixture(scope="module")
def marts(tmp_path_factory):
    from pipeline.build import run_pipeline
    from pipeline.config import load_settings

    data = extra_data(tmp_path_factory.mktemp("cases_marts") / "data")
    con, manifest, quarantine = run_pipeline(data, load_settings(), AS_OF)
    yield con
    con.close()


def rows(con, table: str, where: str = "true", **values) -> list[dict]:
    return con.execute(f"select * from {table} where {where}", values).df().to_dict("records")


def one(con, table: str, where: str, **values) -> dict:
    (row,) = rows(con, table, where, **values)
    return row


def published(con, table: str, k: int):
    from pipeline.catalog import published as catalogue
    from pipeline.export import published_frame

    return published_frame(con, catalogue(table), k)


def test_cases_annual_mediation(marts):
    row = one(marts, "cases_annual", "year = 2024 and source = 'mediation'")
    assert (row["received"], row["closed"]) == (6, 4)  # M4, M6 open
    assert row["closure_rate"] == pytest.approx(4 / 6)
    assert (row["on_time"], row["base_on_time"]) == (3, 4)  # M2 late
    assert row["median_handling_days"] == pytest.approx(14.5)  # 2, 14, 15, 21
    assert row["p90_handling_days"] == pytest.approx(15 + 0.7 * 6)  # 0.9 × 3 = 2.7th gap
    assert (row["satisfied"], row["base_satisfaction"]) == (2, 3)  # 5 and 4 of 5, 2, 4
    # closed (办结) is not resolved (解决): M1, M3 resolved of four closed
    assert row["resolved"] == 2
    assert row["resolution_rate"] == pytest.approx(0.5)


def test_cases_annual_city_management_by_year_received(marts):
    old = one(marts, "cases_annual", "year = 2023 and source = 'city_management'")
    assert (old["received"], old["closed"], old["on_time"], old["base_on_time"]) == (1, 1, 0, 1)
    assert old["median_handling_days"] == pytest.approx(21)
    new = one(marts, "cases_annual", "year = 2024 and source = 'city_management'")
    assert (new["received"], new["closed"]) == (4, 3)  # C4 open
    assert (new["on_time"], new["base_on_time"]) == (2, 3)  # C5 closed after 02-29 00:00
    assert new["median_handling_days"] == pytest.approx(1.5)  # 1, 1.5, 2
    assert new["p90_handling_days"] == pytest.approx(1.9)  # 1.5 + 0.8 × 0.5
    assert new["satisfaction_rate"] == pytest.approx(0.5)
    assert new["resolved"] == 3


def test_complaint_without_due_date_or_rating_has_no_rates(marts):
    row = one(marts, "cases_annual", "source = 'complaint'")
    assert (row["received"], row["closed"], row["base_on_time"]) == (1, 0, 0)
    assert row["on_time_rate"] is None or row["on_time_rate"] != row["on_time_rate"]


def test_cases_department_annual_adds_up_the_sources(marts):
    city = one(marts, "cases_department_annual", "year = 2024 and department = '区城管局'")
    # C2, C3, C4 (city management) and K1 (complaint)
    assert (city["received"], city["closed"], city["on_time"], city["base_on_time"]) == \
        (4, 2, 2, 2)
    justice = one(marts, "cases_department_annual", "year = 2024 and department = '区司法局'")
    assert (justice["received"], justice["closed"], justice["resolved"]) == (6, 4, 2)
    housing = one(marts, "cases_department_annual", "department = '区住建局'")
    assert (housing["received"], housing["on_time"], housing["base_on_time"]) == (1, 0, 1)


def test_cases_by_district_leaves_out_cases_without_a_district(marts):
    east = one(marts, "cases_by_district",
               "year = 2024 and source = 'mediation' and district = '东关街道'")
    assert (east["received"], east["closed"]) == (4, 3)  # M1-M4
    west = one(marts, "cases_by_district",
               "year = 2024 and source = 'city_management' and district = '西城街道'")
    assert (west["received"], west["closed"]) == (2, 1)  # C4 open, C5
    assert rows(marts, "cases_by_district", "source = 'complaint'") == []  # K1: no district


@pytest.mark.parametrize(("month", "source", "counted_on", "open_cases", "past_due"), [
    ("2023-12", "city_management", date(2023, 12, 31), 1, 1),  # C1, due 12-25
    ("2023-12", "mediation", date(2023, 12, 31), 0, 0),
    ("2024-01", "mediation", date(2024, 1, 31), 1, 0),  # M3 closed 02-05, due 02-15
    ("2024-01", "city_management", date(2024, 1, 31), 0, 0),
    ("2024-02", "mediation", date(2024, 2, 29), 2, 1),  # M4 (due 02-10), M5
    ("2024-02", "city_management", date(2024, 2, 29), 1, 1),  # C5 closed 03-01 10:00
    ("2024-03", "mediation", date(2024, 3, 31), 2, 1),  # M4, M6
    ("2024-03", "city_management", date(2024, 3, 31), 1, 0),  # C4, due 04-03
    ("2024-03", "complaint", date(2024, 3, 31), 1, 0),  # K1: no due date, never past due
])
def test_cases_backlog_at_month_end(marts, month, source, counted_on, open_cases, past_due):
    row = one(marts, "cases_backlog", "month = $month and source = $source",
              month=month, source=source)
    assert row["counted_on"].date() == counted_on
    assert (row["open_cases"], row["open_past_due"]) == (open_cases, past_due)


def test_cases_backlog_has_every_month_and_source_but_stops_at_the_as_of_date(marts):
    found = rows(marts, "cases_backlog")
    assert len(found) == 4 * 3  # 2023-12 .. 2024-03 × mediation, city, complaint
    assert max(r["month"] for r in found) == "2024-03"


def test_hotline_by_kind(marts):
    consultations = one(marts, "hotline_by_kind", "month = '2024-01' and kind = 'consultation'")
    # H1, H2, H6: waits 10, 20, 7; rated 5 and 3; H6 on the programme
    assert (consultations["calls"], consultations["answered"]) == (3, 3)
    assert consultations["median_wait_seconds"] == pytest.approx(10)
    assert (consultations["satisfied"], consultations["base_satisfaction"]) == (1, 2)
    assert consultations["programme_calls"] == 1
    other = one(marts, "hotline_by_kind", "month = '2024-01' and kind = 'other'")
    assert (other["calls"], other["answered"], other["answer_rate"]) == (1, 0, 0)
    complaints = one(marts, "hotline_by_kind", "month = '2024-01' and kind = 'complaint'")
    assert complaints["median_wait_seconds"] == pytest.approx(5.5)


def test_hotline_by_department(marts):
    city = one(marts, "hotline_by_department", "year = 2024 and department = '区城管局'")
    # H4 (complaint, resolved 是), H6 (consultation replied), H7 (complaint, resolved 否)
    assert (city["calls"], city["consultations"], city["replied"]) == (3, 1, 1)
    assert (city["complaints"], city["complaints_resolved"]) == (2, 1)
    assert city["complaint_resolution_rate"] == pytest.approx(0.5)
    assert (city["satisfied"], city["base_satisfaction"]) == (1, 2)  # 4 and 1
    assert (city["programme_calls"], city["programme_episodes"]) == (3, 2)  # 01-09 ×2, 02-06
    housing = one(marts, "hotline_by_department", "year = 2024 and department = '区住建局'")
    # H5 has no `resolved` but a resolved_at: resolved
    assert (housing["complaints"], housing["complaints_resolved"]) == (1, 1)
    labour = one(marts, "hotline_by_department", "year = 2024 and department = '区人社局'")
    assert (labour["consultations"], labour["replied"]) == (3, 2)  # H2 never replied
    assert labour["reply_rate"] == pytest.approx(2 / 3)
    old = one(marts, "hotline_by_department", "year = 2023")
    assert (old["department"], old["calls"], old["programme_episodes"]) == ("区城管局", 1, 0)
    assert rows(marts, "hotline_by_department", "department is null") == []  # H3


def test_hotline_programme_episodes_and_departments_on_air(marts):
    episodes = rows(marts, "hotline_programme")
    assert [(str(e["programme_date"].date()), e["calls"], e["departments"],
             e["department_names"]) for e in episodes] == [
        ("2024-01-09", 3, 2, "区住建局、区城管局"),  # code point order: 住 before 城
        ("2024-02-06", 1, 1, "区城管局"),
        ("2024-03-05", 1, 1, "区人社局"),
    ]


def test_programme_calls_add_up_to_the_monthly_figure(marts):
    monthly = {r["month"]: r["programme_calls"] for r in rows(marts, "hotline_monthly")}
    episodes = marts.execute(
        "select month, sum(calls) as calls from hotline_programme group by month").fetchall()
    assert {month: calls for month, calls in episodes} == {
        m: c for m, c in monthly.items() if c}


def test_small_total_is_protected_by_secondary_suppression(marts):
    # 2024 received, k = 3: complaint 1 (primary), then the smallest other source of the
    # year (city management 4) so the year's total cannot give the complaint away
    frame = published(marts, "cases_annual", k=3).set_index(["year", "source"])
    assert frame.loc[(2024, "complaint"), "suppressed_cells"].startswith("received")
    assert "received" in frame.loc[(2024, "city_management"), "suppressed_cells"].split(";")
    # across tables (the departments' and months' tables add up to these too) more may go,
    # but never only one of the year's sources
    assert frame.loc[2024, "received"].isna().sum() >= 2


def test_rates_are_hidden_with_their_small_denominators(marts):
    frame = published(marts, "hotline_by_department", k=3).set_index(["year", "department"])
    labour = frame.loc[(2024, "区人社局")]  # replied 2 of 3 consultations
    assert labour["consultations"] == 3
    assert pd.isna(labour["replied"]) and pd.isna(labour["reply_rate"])
    assert {"replied", "reply_rate"} <= set(labour["suppressed_cells"].split(";"))


def test_backlog_zero_stays_and_small_counts_go(marts):
    frame = published(marts, "cases_backlog", k=3).set_index(["month", "source"])
    # January: nothing past due anywhere, so its zeros are published as zeros
    assert (frame.loc["2024-01", "open_past_due"] == 0).all()
    hidden = frame.loc[("2024-02", "mediation")]
    assert hidden["suppressed"] and pd.isna(hidden["open_cases"])
