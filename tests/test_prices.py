"""The price tables and pages against figures worked out by hand from tests/fixtures/prices_extra/.

The fixture (4 shops, 6 observed items, 4 items never observed, 39 prices) replaces the
prices of tests/fixtures/good/; the build is for 2025-03-20 with stale_days 14, base month
2024-01 and a basket of G001 ×2, O001 ×1, V001 ×3, V002 ×1, D001 ×1. Shops: 甲超市 and
乙市场 in 东区, 丙超市 and 丁药房 in 西区.
"""

from __future__ import annotations

import math
import re
import shutil
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import FIXTURES

AS_OF = date(2025, 3, 20)
ITEMS = {"G001": ("东北大米", "Northeast rice"), "O001": ("花生油", "Peanut oil"),
         "V001": ("大白菜", "Chinese cabbage"), "V002": ("菠菜", "Spinach"),
         "D001": ("纯牛奶", "Pure milk"), "P001": ("感冒灵颗粒", "Cold granules")}


def price_settings(**overrides):
    from pipeline.config import BasketItem, load_settings

    values = dict(stale_days=14, index_base="2024-01",
                  basket=(BasketItem("G001", 2), BasketItem("O001", 1), BasketItem("V001", 3),
                          BasketItem("v002", 1), BasketItem("D001", 1)))
    return load_settings(**{**values, **overrides})


@pytest.fixture(scope="module")
def price_data(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("prices") / "data"
    shutil.copytree(FIXTURES / "good", target)
    shutil.rmtree(target / "prices")
    shutil.copytree(FIXTURES / "prices_extra", target / "prices")
    return target


@pytest.fixture(scope="module")
def marts(price_data):
    from pipeline.build import run_pipeline

    con, _, _ = run_pipeline(price_data, price_settings(), AS_OF)
    yield con
    con.close()


def rows(con, table: str, where: str = "true", order: str = "1") -> list[dict]:
    return con.execute(f"select * from {table} where {where} order by {order}").df() \
        .to_dict("records")


def one(con, table: str, where: str) -> dict:
    (row,) = rows(con, table, where)
    return row


def test_settings_reach_the_sql(marts):
    # portal.toml [prices] is read by the marts as DuckDB variables (pipeline/models.py)
    (stale_days, base, basket), = marts.execute(
        "select getvariable('stale_days'), getvariable('index_base'), getvariable('basket')"
    ).fetchall()
    assert (stale_days, base) == (14, "2024-01")
    assert [(b["item"], b["quantity"]) for b in basket] == [
        ("G001", 2), ("O001", 1), ("V001", 3), ("v002", 1), ("D001", 1)]


def test_standard_units(marts):
    units = {r["item_code"]: (r["standard_unit"], r["unit_factor"])
             for r in rows(marts, "price_items")}
    assert units["G001"] == ("500g", pytest.approx(0.5))        # kg → per 500 g
    assert units["V002"] == ("500g", pytest.approx(1.0))        # 斤 = 500 g
    assert units["O001"] == ("L", pytest.approx(1 / 5))         # 桶 of 5L
    assert units["O002"] == ("L", pytest.approx(1 / 1.8))       # 瓶 of 1.8L
    assert units["D001"] == ("L", pytest.approx(1 / 6))         # 箱 of 250ml × 24 = 6 L
    assert units["D002"] == ("500g", pytest.approx(500 / 1080))  # 袋 of 180g × 6
    assert units["H001"] == ("500g", pytest.approx(500 / 115))  # 块 of 115g
    assert units["E002"] == ("盒", 1.0)                          # 30枚: no weight, per box
    assert units["P001"] == ("盒", 1.0)                          # medicine: per package
    assert one(marts, "price_items", "item_code = 'H001'")["stores"] == 0


def test_history_changes(marts):
    # 甲超市 rice: 6.60 on 2025-01-10 → 6.80; a year before 2025-03-12 is 2024-03-12, and
    # of 2024-03-01 (11 days off) and 2024-03-20 (8 days off) the closer one is taken.
    jia = one(marts, "price_history",
              "item_code = 'G001' and store = '甲超市' and observed_on = '2025-03-12'")
    assert jia["unit_price"] == pytest.approx(3.40)
    assert not jia["is_cheapest"]
    assert str(jia["previous_on"])[:10] == "2025-01-10"
    assert jia["change_prev"] == pytest.approx(6.80 / 6.60 - 1)
    assert str(jia["year_ago_on"])[:10] == "2024-03-20"
    assert jia["change_year"] == pytest.approx(6.80 / 6.30 - 1)
    # 乙市场: nothing within 14 days of 2024-03-12 (its nearest is 2024-02-10): no 同比
    yi = one(marts, "price_history",
             "item_code = 'G001' and store = '乙市场' and observed_on = '2025-03-12'")
    assert yi["is_cheapest"] and yi["change_prev"] == pytest.approx(5.60 / 5.50 - 1)
    assert pd.isna(yi["year_ago_on"]) and pd.isna(yi["change_year"])
    exact = one(marts, "price_history",
                "item_code = 'G001' and store = '乙市场' and observed_on = '2025-01-10'")
    assert exact["change_year"] == pytest.approx(5.50 / 5.00 - 1)
    # cabbage 2025-03-12: 乙市场 and 丙超市 tie at 1.40, both cheapest
    tied = rows(marts, "price_history",
                "item_code = 'V001' and observed_on = '2025-03-12' and is_cheapest")
    assert sorted(r["store"] for r in tied) == ["丙超市", "乙市场"]
    first = one(marts, "price_history",
                "item_code = 'V001' and store = '甲超市' and observed_on = '2024-01-10'")
    assert math.isnan(first["change_prev"])
    assert len(rows(marts, "price_history")) == 39


def test_daily_spread(marts):
    rice = one(marts, "price_daily", "item_code = 'G001' and observed_on = '2025-03-12'")
    assert (rice["stores"], rice["min_price"], rice["median_price"], rice["max_price"]) == \
        (3, 5.60, 6.50, 6.80)
    assert rice["spread_pct"] == pytest.approx((6.80 - 5.60) / 5.60)
    assert rice["cheapest_stores"] == "乙市场"
    milk = one(marts, "price_daily", "item_code = 'D001' and observed_on = '2025-03-12'")
    assert milk["median_price"] == pytest.approx((57 + 63) / 2)
    cabbage = one(marts, "price_daily", "item_code = 'V001' and observed_on = '2025-03-12'")
    assert cabbage["cheapest_stores"] == "丙超市;乙市场"


def test_comparison_missing_shops_and_stale_items(marts):
    oil = {r["store"]: r for r in rows(marts, "price_comparison", "item_code = 'O001'")}
    assert set(oil) == {"甲超市", "丙超市"}        # 丙超市 sold it in 2024, not on 2025-03-12
    assert oil["甲超市"]["status"] == "observed" and oil["甲超市"]["price"] == 65.0
    missing = oil["丙超市"]
    assert missing["status"] == "missing" and math.isnan(missing["price"])
    assert str(missing["last_seen_on"])[:10] == "2024-02-10"
    assert str(missing["latest_on"])[:10] == "2025-03-12"
    stale = {r["item_code"]: (r["days_old"], r["stale"]) for r in rows(marts, "price_comparison")}
    assert stale["V002"] == (28, True)             # 2025-02-20 is 28 days before 2025-03-20
    assert stale["G001"] == (8, False)
    assert len(rows(marts, "price_comparison")) == 13  # 3 + 2 + 3 + 2 + 2 + 1 shop rows


def test_basket(marts):
    basket = {r["store"]: r for r in rows(marts, "price_basket")}
    assert set(basket) == {"甲超市", "乙市场", "丙超市"}  # 丁药房 sells no basket item
    jia = basket["甲超市"]
    # 2 × 6.80 + 65.00 + 3 × 1.60 + 3.50 (stale, 2025-02-20) + 63.00
    assert jia["cost"] == pytest.approx(149.90) and jia["complete"]
    assert (jia["items"], jia["items_priced"], jia["items_stale"]) == (5, 5, 1)
    assert str(jia["oldest_observed_on"])[:10] == "2025-02-20"
    yi = basket["乙市场"]  # no oil, no milk: 2 × 5.60 + 3 × 1.40 + 3.00
    assert math.isnan(yi["cost"]) and not yi["complete"]
    assert yi["priced_cost"] == pytest.approx(18.40) and yi["items_priced"] == 3
    bing = basket["丙超市"]  # oil missing on its latest day: 2 × 6.50 + 3 × 1.40 + 57.00
    assert bing["priced_cost"] == pytest.approx(74.20) and bing["items_priced"] == 3


def test_cheapest_share(marts):
    # compared: G001 (3 shops), V001 (3, tie), D001 (2); O001 and P001 had one shop, V002 stale
    share = {r["store"]: (r["items_compared"], r["items_cheapest"], r["cheapest_share"])
             for r in rows(marts, "price_cheapest_share")}
    assert share["乙市场"] == (2, 2, 1.0)
    assert share["丙超市"][:2] == (3, 2) and share["丙超市"][2] == pytest.approx(2 / 3)
    assert share["甲超市"] == (3, 0, 0.0)
    assert share["丁药房"][:2] == (0, 0) and math.isnan(share["丁药房"][2])


def test_price_index(marts):
    index = {(r["category"], r["month"]): r for r in rows(marts, "price_index")}
    assert index[("grain", "2024-01")]["index_value"] == pytest.approx(100)
    grain = 100 * (6.80 / 6.00 * 5.60 / 5.00 * 6.50 / 6.40) ** (1 / 3)
    assert index[("grain", "2025-03")]["index_value"] == pytest.approx(grain)
    # March 2024: only 甲超市, the mean of 6.25 and 6.30 against its 6.00
    march = 100 * (6.25 + 6.30) / 2 / 6.00
    assert index[("grain", "2024-03")]["index_value"] == pytest.approx(march)
    assert index[("grain", "2025-03")]["change_year"] == pytest.approx(grain / march - 1)
    # vegetables: spinach not priced in February 2024, so cabbage alone moves the index
    feb = index[("vegetable", "2024-02")]
    assert feb["index_value"] == pytest.approx(100 * (1.5 / 1.2 * 1.2 / 1.0 * 1.3 / 1.1) ** (1 / 3))
    assert (feb["items"], feb["base_items"]) == (1, 2)
    assert index[("vegetable", "2025-02")]["index_value"] == pytest.approx(
        100 * (3.50 / 3.00 * 3.00 / 2.50) ** 0.5)
    assert index[("dairy", "2025-03")]["index_value"] == pytest.approx(
        100 * (63 / 60 * 57 / 54) ** 0.5)
    assert not any(category == "medicine" for category, _ in index)  # P001 not priced in 2024-01


def test_settings_move_the_base_and_the_threshold(price_data):
    from pipeline.build import run_pipeline

    con, _, _ = run_pipeline(price_data, price_settings(index_base="2024-02", stale_days=30),
                             AS_OF)
    try:
        vegetable = one(con, "price_index", "category = 'vegetable' and month = '2024-02'")
        assert vegetable["index_value"] == pytest.approx(100) and vegetable["base_items"] == 1
        assert not any(r["stale"] for r in rows(con, "price_comparison"))
    finally:
        con.close()


# --- the pages ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def site(price_data, tmp_path_factory) -> Path:
    from pipeline.build import build

    output = tmp_path_factory.mktemp("site") / "site"
    build(price_data, output, price_settings(), AS_OF)
    return output


def item_rows(html: str, code: str) -> str:
    match = re.search(rf'<tbody id="item-{code}"[^>]*>(.*?)</tbody>', html, re.DOTALL)
    assert match, f"no rows for {code}"
    return match.group(1)


def shop_row(rows_html: str, store: str) -> str:
    (row,) = [r for r in re.findall(r"<tr[^>]*>.*?</tr>", rows_html, re.DOTALL) if store in r]
    return row


def test_a_page_per_item_in_both_languages(site):
    for code, (zh, en) in ITEMS.items():
        chinese = (site / "prices" / "items" / f"{code}.html").read_text(encoding="utf-8")
        english = (site / "en" / "prices" / "items" / f"{code}.html").read_text(encoding="utf-8")
        assert f"<h1>{zh}" in chinese and '<html lang="zh-CN">' in chinese
        assert f"<h1>{en}" in english and '<html lang="en">' in english
        assert f"/charts/price-item-{code}.zh.svg" in chinese
        assert f"/charts/price-item-{code}.en.svg" in english
    assert not (site / "prices" / "items" / "H001.html").exists()  # never observed


def test_the_specification_is_in_the_page_language_where_the_items_file_gives_it(site):
    """items.csv's `spec_en` on English pages; without it the Chinese spec, marked."""
    def page(lang: str, code: str) -> str:
        return (site / lang / "prices" / "items" / f"{code}.html").read_text(encoding="utf-8")

    assert "Specification: loose ·" in page("en", "G001")
    assert "散装" not in item_rows(page("en", "G001"), "G001")
    assert "· 250ml×24 cartons</small>" in item_rows(page("en", "D001"), "D001")
    assert re.search('Specification: <span lang="zh[^"]*">散装</span>', page("en", "V001"))
    assert "散装" in page("", "G001") and "loose" not in page("", "G001")
    listing = (site / "en" / "prices" / "index.html").read_text(encoding="utf-8")
    assert "· loose</small>" in item_rows(listing, "G001")
    assert re.search('· <span lang="zh[^"]*">散装</span></small>', item_rows(listing, "V001"))


def test_stale_items_are_marked(site):
    for lang, word in (("", "过期"), ("en/", "Stale")):
        html = (site / lang / "prices" / "index.html").read_text(encoding="utf-8")
        spinach = item_rows(html, "V002")
        assert f'<span class="badge stale">{word}</span>' in spinach
        assert "2025-02-20" in spinach and "28" in spinach
        assert 'class="badge stale"' not in item_rows(html, "G001")
    page = (site / "en" / "prices" / "items" / "V002.html").read_text(encoding="utf-8")
    assert '<span class="badge stale">Stale</span>' in page


def test_missing_shops_are_marked_without_a_price(site):
    html = (site / "prices" / "index.html").read_text(encoding="utf-8")
    oil = item_rows(html, "O001")
    missing = shop_row(oil, "丙超市")
    assert 'class="missing-shop"' in missing and "缺失" in missing
    assert "2024-02-10" in missing and "62.00" not in missing  # last seen, old price not shown
    assert "65.00" in shop_row(oil, "甲超市")
    english = (site / "en" / "prices" / "index.html").read_text(encoding="utf-8")
    assert "Missing" in shop_row(item_rows(english, "O001"), "丙超市")


def test_comparison_rows(site):
    html = (site / "en" / "prices" / "index.html").read_text(encoding="utf-8")
    rice = item_rows(html, "G001")
    cheapest = shop_row(rice, "乙市场")
    assert "Cheapest" in cheapest and "5.60" in cheapest and "2.80" in cheapest  # 元/500g
    assert "2025-03-12" in cheapest and "+1.8%" in cheapest  # 5.60 vs 5.50
    jia = shop_row(rice, "甲超市")
    assert "+3.0%" in jia and "+7.9%" in jia and "vs 2024-03-20" in jia
    assert "21.4%" in rice  # (6.80 − 5.60) ÷ 5.60


def test_district_pages_show_only_their_shops(site):
    from pipeline.site.context import slug

    west = (site / "prices" / "districts" / f"{slug('西区')}.html").read_text(encoding="utf-8")
    assert "丙超市" in west and "丁药房" in west and "甲超市" not in west
    assert 'id="item-V002"' not in west  # spinach is only sold in 东区


def test_shops_page(site):
    html = (site / "prices" / "shops.html").read_text(encoding="utf-8")
    basket = re.search(r'<table class="data" id="basket">(.*?)</table>', html, re.DOTALL).group(1)
    assert "149.90" in shop_row(basket, "甲超市")
    assert "不完整" in shop_row(basket, "乙市场") and "18.40" in shop_row(basket, "乙市场")
    share = re.search(r'id="cheapest-share">(.*?)</table>', html, re.DOTALL).group(1)
    assert "66.7%" in shop_row(share, "丙超市") and "100.0%" in shop_row(share, "乙市场")


def test_item_history_table(site):
    html = (site / "en" / "prices" / "items" / "G001.html").read_text(encoding="utf-8")
    history = re.search(r'<table class="data" id="history"[^>]*>(.*?)</table>', html, re.DOTALL).group(1)
    latest = shop_row(history, "2025-03-12")
    assert '<td class="num cheapest">5.60</td>' in latest
    assert ">6.50<" in latest and "21.4%" in latest  # median, spread
    march = shop_row(history, "2024-03-01")
    assert march.count("v-missing") == 2 and "one shop" in march  # only 甲超市 observed


def test_item_chart_links_the_history_table_instead_of_repeating_it(site):
    """The chart's rows are the history table's: the chart links it (the repeat made an
    item page a third larger on a phone); other charts keep their own data table."""
    for lang in ("", "en/"):
        html = (site / lang / "prices" / "items" / "G001.html").read_text(encoding="utf-8")
        figure = re.search(r'<figure class="chart".*?</figure>', html, re.DOTALL).group()
        assert '<a href="#history">' in figure and "<table" not in figure
        assert html.count('id="history"') == 1
        assert html.index("</figure>") < html.index('id="history"')
        index = (site / lang / "prices" / "price-index.html").read_text(encoding="utf-8")
        figure = re.search(r'<figure class="chart".*?</figure>', index, re.DOTALL).group()
        assert "<details data-pagefind-ignore>" in figure and "<table" in figure


def test_index_page(site):
    html = (site / "en" / "prices" / "price-index.html").read_text(encoding="utf-8")
    latest = re.search(r'id="latest-index">(.*?)</table>', html, re.DOTALL).group(1)
    assert "108.8" in shop_row(latest, "Grain")        # 100 × (6.8/6 · 5.6/5 · 6.5/6.4)^⅓
    assert "1 / 2" in shop_row(latest, "Vegetables")  # cabbage priced, spinach not in March
    assert "Medicine" not in latest                   # not priced in the base month
    assert "/charts/price-index.en.svg" in html


def test_item_paths():
    from pipeline.site.sections.prices import item_path

    assert item_path("G001") == "prices/items/G001.html"
    assert re.fullmatch(r"prices/items/d[0-9a-f]{8}\.html", item_path("大米/1"))
