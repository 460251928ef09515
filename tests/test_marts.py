"""Each published table against figures worked out by hand from tests/fixtures/good/.

The fixture's rows are few enough to count on paper; the comments show the sums.
"""

from __future__ import annotations

import math

import pytest

from tests.conftest import AS_OF


@pytest.fixture(scope="module")
def marts():
    from pipeline.build import run_pipeline
    from pipeline.config import load_settings
    from tests.conftest import FIXTURES

    con, manifest, quarantine = run_pipeline(FIXTURES / "good", load_settings(), AS_OF)
    yield con
    con.close()


def rows(con, table: str, where: str = "true") -> list[dict]:
    return con.execute(f"select * from {table} where {where}").df().to_dict("records")


def test_cases_monthly_january_complaints(marts):
    # C1 2d on time sat 5; C2 (code 'Complaint') 10d late 基本满意; C3 1.5d no due 不满意; C4 open
    (row,) = rows(marts, "cases_monthly", "month = '2024-01' and source = 'complaint'")
    assert row["received"] == 4
    assert row["closed"] == 3
    assert row["closure_rate"] == pytest.approx(3 / 4)
    assert row["on_time_rate"] == pytest.approx(1 / 2)  # C1 of C1, C2 (C3 has no due date)
    assert row["median_handling_days"] == pytest.approx(2.0)  # median of 2, 10, 1.5
    assert row["satisfaction_rate"] == pytest.approx(2 / 3)  # 5 and 4 of 5, 4, 1


def test_cases_monthly_counts_exact_duplicates_once(marts):
    # C6 appears twice, identical: one case, closed after 3.5 days, no rating
    (row,) = rows(marts, "cases_monthly", "month = '2024-02'")
    assert (row["received"], row["closed"]) == (1, 1)
    assert row["median_handling_days"] == pytest.approx(3.5)
    assert math.isnan(row["satisfaction_rate"]) or row["satisfaction_rate"] is None


def test_mediation_rating_three_is_not_satisfied(marts):
    (row,) = rows(marts, "cases_monthly", "source = 'mediation'")
    assert row["satisfaction_rate"] == 0
    assert row["resolved"] == 1


def test_cases_by_department(marts):
    (city,) = rows(marts, "cases_by_department",
                   "department = '区城管局' and source = 'complaint'")
    # C1, C2, C6: all closed; on time C1, C6 of 3 with due; handling 2, 10, 3.5
    assert (city["year"], city["received"], city["closed"]) == (2024, 3, 3)
    assert city["on_time_rate"] == pytest.approx(2 / 3)
    assert city["median_handling_days"] == pytest.approx(3.5)
    (housing,) = rows(marts, "cases_by_department", "department = '区住建局'")
    assert (housing["received"], housing["closed"]) == (2, 1)
    assert housing["closure_rate"] == pytest.approx(0.5)


def test_hotline_monthly(marts):
    (jan,) = rows(marts, "hotline_monthly", "month = '2024-01'")
    assert jan["calls"] == 6 and jan["answered"] == 5  # H3 否
    assert jan["answer_rate"] == pytest.approx(5 / 6)
    assert (jan["consultations"], jan["replied"]) == (2, 1)  # H1 replied, H2 not
    # complaints H3 (unknown), H4 (resolved_at set), H5 (否)
    assert (jan["complaints"], jan["complaints_resolved"]) == (3, 1)
    assert jan["satisfaction_rate"] == pytest.approx(3 / 4)  # 5, 4, 满意 of 5, 4, 满意, 不满意
    assert jan["median_wait_seconds"] == pytest.approx(35)  # 10 20 30 40 50 120
    assert jan["programme_calls"] == 1


def test_commitments_take_the_latest_update(marts):
    by_id = {r["commitment_id"]: r for r in rows(marts, "commitments")}
    assert by_id["P1"]["status"] == "fulfilled" and not by_id["P1"]["overdue"]
    assert by_id["P2"]["status"] == "partially_fulfilled" and by_id["P2"]["overdue"]
    assert by_id["P3"]["status"] == "delayed" and by_id["P3"]["overdue"]
    assert by_id["P3"]["progress_pct"] == 20
    assert str(by_id["P3"]["last_reported_on"])[:10] == "2024-07-10"
    assert not by_id["P4"]["overdue"]  # deadline 2025-12-31 is after the as-of date


def test_commitments_summary(marts):
    summary = {(r["year"], r["department"]): r for r in rows(marts, "commitments_summary")}
    city = summary[(2024, "区城管局")]
    assert (city["commitments"], city["fulfilled"], city["partially_fulfilled"]) == (1, 0, 1)
    assert city["fulfilment_rate"] == 0
    assert summary[(2024, "区政府")]["fulfilment_rate"] == 1
    assert summary[(2024, "区住建局")]["in_progress"] == 1


def test_prices_latest(marts):
    rice = rows(marts, "prices_latest", "item_code = 'G001'")
    # the latest day for rice is 2024-03-08 (the code 'g001' matches G001), three shops
    assert {str(r["observed_on"])[:10] for r in rice} == {"2024-03-08"}
    assert {r["store"]: r["price"] for r in rice} == {"惠民超市": 3.3, "东关农贸市场": 3.0,
                                                       "百姓大药房": 3.6}
    cheapest = [r["store"] for r in rice if r["is_cheapest"]]
    assert cheapest == ["东关农贸市场"]
    assert rice[0]["spread_pct"] == pytest.approx((3.6 - 3.0) / 3.0)
    eggs = rows(marts, "prices_latest", "item_code = 'E001'")
    assert len(eggs) == 2 and eggs[0]["min_price"] == 5.0 and eggs[0]["max_price"] == 5.5


def test_disclosure_annual(marts):
    table = {(r["year"], r["outcome"]): r["requests"] for r in rows(marts, "disclosure_annual")}
    assert table == {(2024, "disclosed"): 2, (2024, "not_held"): 1, (2025, "withdrawn"): 1}
