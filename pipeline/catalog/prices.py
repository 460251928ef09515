"""The price tables beyond `prices_latest`: items and their standard units, the full history,
the per-day spread, the latest comparison with missing shops and staleness, the basket per
shop, the cheapest-shop share and the category price index.

Prices are not personal data: no disclosure policy. Each table's mart is
`pipeline/sql/marts/<name>.sql`; settings come from portal.toml [prices].
"""

from __future__ import annotations

from pipeline.tables import Col, Published

_ITEM = Col("item_code", "string", "商品编码", "item code")
_CATEGORY = Col("category", "string", "类别", "category")
_STORE = Col("store", "string", "商店", "shop")
_STORE_TYPE = Col("store_type", "string", "商店类型", "type of shop")
_DISTRICT = Col("district", "string", "街道", "district")
_CURRENCY = Col("currency", "string", "币种", "currency of the prices (ISO 4217; from units.csv)")
_STANDARD_UNIT = Col("standard_unit", "string", "标准单位", "standard unit (500g, L or the unit as sold)")
_CHANGES = (
    Col("previous_on", "date", "上次观测日期", "this shop's previous observation of the item"),
    Col("change_prev", "number", "环比", "change against previous_on (fraction)"),
    Col("year_ago_on", "date", "上年同期观测日期",
        "this shop's observation closest to one year earlier (within stale_days)"),
    Col("change_year", "number", "同比", "change against year_ago_on (fraction)"),
)

TABLES: tuple[Published, ...] = (
    Published(
        "price_items", "监测商品", "Monitored items",
        "监测商品目录及比较所用的标准单位（重量按每500克，容量按每升，其余按销售单位）与换算系数。",
        "The monitored items, the standard unit their prices are compared in (per 500 g, per "
        "litre, else per unit as sold) and the factor from price to unit price.",
        (_ITEM,
         Col("name_zh", "string", "商品名称", "name (Chinese)"),
         Col("name_en", "string", "英文名称", "name (English)"),
         _CATEGORY,
         Col("unit", "string", "计价单位", "unit"),
         Col("spec", "string", "规格", "specification"),
         _STANDARD_UNIT,
         Col("unit_factor", "number", "换算系数", "price × factor = price per standard unit"),
         _CURRENCY,
         Col("stores", "integer", "观测商店数", "shops that have priced it"),
         Col("first_observed_on", "date", "首次观测", "first observed on"),
         Col("last_observed_on", "date", "最近观测", "last observed on")),
        ("item_code",), None, "prices",
    ),
    Published(
        "price_history", "价格历史", "Price history",
        "每个商品、商店、观测日的价格、标准单位价格、是否当日最低价，以及环比与同比。",
        "Every price observed per item, shop and day: unit price, whether cheapest that day, "
        "change against the shop's previous observation and against a year earlier.",
        (Col("observed_on", "date", "观测日期", "observed on"), _ITEM, _CATEGORY, _STORE,
         Col("price", "number", "价格（元）", "price (CNY per unit)"),
         Col("unit_price", "number", "标准单位价格（元）", "price per standard unit (CNY)"),
         _STANDARD_UNIT,
         Col("is_cheapest", "boolean", "当日最低价", "cheapest shop that day (ties all marked)"),
         *_CHANGES),
        ("item_code", "store", "observed_on"), None, "prices",
    ),
    Published(
        "price_daily", "每日价差", "Daily spread",
        "每个商品每个观测日各商店价格的最低价、中位数、最高价、价差与最低价商店。",
        "Per item and observation day across the shops observed: lowest, median and highest "
        "price, spread and the cheapest shop(s).",
        (Col("observed_on", "date", "观测日期", "observed on"), _ITEM, _CATEGORY,
         Col("stores", "integer", "观测商店数", "shops observed"),
         Col("min_price", "number", "最低价", "lowest price"),
         Col("median_price", "number", "中位价", "median price"),
         Col("max_price", "number", "最高价", "highest price"),
         Col("spread_pct", "number", "价差", "spread ((max − min) ÷ min)"),
         Col("cheapest_stores", "string", "最低价商店", "cheapest shop(s), separated by ;")),
        ("item_code", "observed_on"), None, "prices",
    ),
    Published(
        "price_comparison", "价格比较", "Price comparison",
        "每个商品最近观测日的比较：曾销售该商品的每家商店一行；当日未观测的商店标为缺失（不沿用旧价）；"
        "最近观测早于统计日前若干天（stale_days）的商品标为过期。",
        "Each item's latest comparison: one row per shop that has sold it; a shop not observed "
        "that day is 'missing' (no old price carried forward); an item last observed more than "
        "stale_days before the as-of date is stale.",
        (Col("latest_on", "date", "最近观测日期", "the item's latest observation day"), _ITEM,
         Col("item_name_zh", "string", "商品名称", "item name (Chinese)"),
         Col("item_name_en", "string", "英文名称", "item name (English)"),
         _CATEGORY,
         Col("unit", "string", "计价单位", "unit"),
         Col("spec", "string", "规格", "specification"),
         _STANDARD_UNIT, _STORE, _STORE_TYPE, _DISTRICT,
         Col("status", "string", "状态", "observed | missing (sold before, absent that day)"),
         Col("observed_on", "date", "观测日期", "observed on (empty when missing)"),
         Col("price", "number", "价格（元）", "price (CNY per unit)"),
         Col("unit_price", "number", "标准单位价格（元）", "price per standard unit (CNY)"),
         Col("min_price", "number", "最低价", "lowest price that day"),
         Col("max_price", "number", "最高价", "highest price that day"),
         Col("spread_pct", "number", "价差", "spread ((max − min) ÷ min)"),
         Col("stores_observed", "integer", "当日观测商店数", "shops observed that day"),
         Col("is_cheapest", "boolean", "最低价商店", "cheapest shop (ties all marked)"),
         *_CHANGES,
         Col("last_seen_on", "date", "该店最近观测", "this shop's last observation of the item"),
         Col("days_old", "integer", "距统计日天数", "days from latest_on to the as-of date"),
         Col("stale", "boolean", "过期", "latest_on more than stale_days before the as-of date"),
         _CURRENCY),
        ("item_code", "store"), None, "prices",
    ),
    Published(
        "price_basket", "菜篮子", "Basket cost",
        "固定商品篮子（portal.toml 配置）在各商店按各商品最近观测日价格计算的总价；缺项时不给总价，只给已计价部分之和。",
        "The fixed basket (set in portal.toml) per shop at each item's latest observation day; "
        "the cost is given only for a complete basket, the sum of the priced items apart.",
        (_STORE, _STORE_TYPE, _DISTRICT,
         Col("items", "integer", "篮子商品数", "items in the basket"),
         Col("items_priced", "integer", "已计价商品数", "items priced in this shop"),
         Col("items_stale", "integer", "过期价格数", "priced items whose latest day is stale"),
         Col("cost", "number", "总价（元）", "basket cost (CNY), complete baskets only"),
         Col("priced_cost", "number", "已计价部分（元）", "sum of the priced items (CNY)"),
         Col("complete", "boolean", "全部计价", "every basket item priced"),
         Col("oldest_observed_on", "date", "最早观测日期", "oldest price used"),
         Col("latest_observed_on", "date", "最近观测日期", "latest price used")),
        ("store",), None, "prices",
    ),
    Published(
        "price_cheapest_share", "最低价商店占比", "Cheapest shop share",
        "各商店在最近比较中（与至少一家其他商店同日观测、未过期的商品）为最低价的商品占比。",
        "Per shop, of the items in the latest comparison it was observed in with at least one "
        "other shop (stale items left out), the share for which it was cheapest.",
        (_STORE, _STORE_TYPE, _DISTRICT,
         Col("items_compared", "integer", "参与比较商品数", "items compared"),
         Col("items_cheapest", "integer", "最低价商品数", "items for which it was cheapest"),
         Col("cheapest_share", "number", "最低价占比", "items_cheapest ÷ items_compared")),
        ("store",), None, "prices",
    ),
    Published(
        "price_index", "分类价格指数", "Category price index",
        "各类商品按月的价格指数（基期月份=100，固定篮子，几何平均的Jevons指数）。",
        "Monthly price index per category (base month = 100, fixed basket, Jevons geometric mean).",
        (Col("month", "string", "月份", "month (YYYY-MM)"), _CATEGORY,
         Col("index_value", "number", "价格指数", "index (base month = 100)"),
         Col("items", "integer", "计入商品数", "basket items priced in the month"),
         Col("base_items", "integer", "篮子商品数", "items in the category's basket"),
         Col("base_month", "string", "基期", "base month"),
         Col("change_prev", "number", "环比", "change against the previous month"),
         Col("change_year", "number", "同比", "change against the same month a year earlier")),
        ("month", "category"), None, "prices",
    ),
)
