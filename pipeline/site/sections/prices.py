"""Prices ("compare three shops"): the latest comparison, a page per item, shops, index.

Pages: prices/ (every item's latest comparison, one section per category, an A–Z index of
item names), prices/districts/<slug>.html (the same, only the shops of one district: the
district filter without JavaScript), prices/items/<code>.html (history per shop: chart and
table, min/median/max per day, how often each shop was cheapest), prices/shops.html (basket
cost and cheapest-shop share per shop) and prices/price-index.html (category index).

Everything shown comes from the published price tables (pipeline/sql/marts/price_*.yml); this module
only groups rows into pages. Missing shops and stale items are rows of price_comparison.
"""

from __future__ import annotations

import re
from itertools import groupby
from operator import itemgetter

import altair as alt
import pandas as pd

from pipeline.contracts import PRICE_CATEGORIES
from pipeline.export import records
from pipeline.site.context import Page, SiteData, slug
from pipeline.site.format import number
from pipeline.site.i18n import gettext, label
from pipeline.site.metric_figures import month_axis
from pipeline.site.names import currency_text, plain_names

NAV = (50, "prices/", "Prices")

SAFE_CODE = re.compile(r"[A-Za-z0-9_-]+")


def item_path(code: str) -> str:
    """prices/items/<code>.html; codes that are not plain ASCII get a hashed name."""
    name = code if SAFE_CODE.fullmatch(code) else slug(code)
    return f"prices/items/{name}.html"


def district_path(district: str) -> str:
    return f"prices/districts/{slug(district)}.html"


def unit_label(standard_unit: str | None, lang: str, currency: str | None = "CNY") -> str:
    """'元/500g', 'CNY/L', 'CNY per 盒'; another currency by its code: 'USD/500g'."""
    if not standard_unit:
        return ""
    if currency and currency != "CNY":
        return f"{currency}/{standard_unit}"
    if standard_unit in ("500g", "L"):
        return gettext("CNY/%(unit)s", lang) % {"unit": standard_unit}
    return gettext("CNY per %(unit)s", lang) % {"unit": standard_unit}


def item_name(row: dict, lang: str) -> str:
    return (row.get("item_name_en") if lang == "en" else None) or row["item_name_zh"]


def item_spec(row: dict, lang: str) -> str | None:
    """The item's specification in the page's language: the items file's `spec_en` on an
    English page, else `spec` as written (marked as Chinese by the template)."""
    return (row.get("spec_en") if lang == "en" else None) or row.get("spec")


def _category_order(category: str) -> int:
    return PRICE_CATEGORIES.index(category) if category in PRICE_CATEGORIES else 99


def comparison_groups(frame: pd.DataFrame, lang: str) -> list[dict]:
    """Rows of price_comparison → categories → items → one row per shop."""
    ordered = frame.assign(_order=frame["category"].map(_category_order)).sort_values(
        ["_order", "category", "item_code", "store"])
    rows = records(ordered.drop(columns="_order"))
    groups = []
    for category, in_category in groupby(rows, key=itemgetter("category")):
        items = []
        for _code, in_item in groupby(in_category, key=itemgetter("item_code")):
            shops = list(in_item)
            first = shops[0]
            items.append({**first, "name": item_name(first, lang),
                          "spec": item_spec(first, lang),
                          "path": item_path(first["item_code"]),
                          "unit_label": unit_label(first["standard_unit"], lang,
                                                       first.get("currency")),
                          "shops": shops})
        groups.append({"code": category, "name": label("price_category", category, lang),
                       "items": items})
    return groups


def unit_names(site: SiteData, frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Units as sold (盒, 瓶) in the page's language; 500g and L read the same in both."""
    units = frame["standard_unit"]
    named = plain_names(site.tables, units, lang, "units")
    return frame.assign(standard_unit=named.where(~units.isin(["500g", "L"]), units))


def listing_context(site: SiteData, frame: pd.DataFrame, lang: str) -> dict:
    comparison = site.table("price_comparison")
    districts = sorted(comparison["district"].dropna().unique())
    return {
        "groups": comparison_groups(unit_names(site, frame, lang), lang),
        "districts": [{"name": d, "path": district_path(d)} for d in districts],
        "as_of": site.manifest.get("as_of"),
        "stale_days": site.settings.stale_days,
        "stale_items": int(frame.loc[frame["stale"].fillna(False), "item_code"].nunique()),
        "missing_rows": int((frame["status"] == "missing").sum()),
        "computation": {**site.computed("price_comparison", lang), "metric": "cheapest_shop"},
    }


def history_tables(history: pd.DataFrame, daily: pd.DataFrame) -> dict[str, list[dict]]:
    """Per item, one row per observation day, newest first: `price:<shop>` and
    `cheapest:<shop>` of each shop, then the day's min/median/max across shops."""
    flagged = history.assign(cheapest=history["is_cheapest"].fillna(False).astype(bool))
    wide = flagged.pivot(index=["item_code", "observed_on"], columns="store",
                         values=["price", "cheapest"])
    wide.columns = [f"{value}:{store}" for value, store in wide.columns]
    flags = [c for c in wide.columns if c.startswith("cheapest:")]
    wide[flags] = wide[flags].fillna(False).astype(bool)
    table = (daily.set_index(["item_code", "observed_on"]).join(wide).reset_index()
             .sort_values(["item_code", "observed_on"], ascending=[True, False]))
    return {code: list(rows) for code, rows in
            groupby(records(table), key=itemgetter("item_code"))}


def cheapest_counts(history: pd.DataFrame, daily: pd.DataFrame) -> pd.DataFrame:
    """Per item and shop: days observed, days compared (2+ shops), days cheapest, share."""
    joined = history.merge(daily[["item_code", "observed_on", "stores"]],
                           on=["item_code", "observed_on"])
    joined["compared"] = joined["stores"] >= 2
    joined["cheapest"] = joined["compared"] & joined["is_cheapest"].fillna(False)
    counts = joined.groupby(["item_code", "store"], as_index=False).agg(
        days=("observed_on", "size"), days_compared=("compared", "sum"),
        days_cheapest=("cheapest", "sum"))
    counts["cheapest_share"] = counts["days_cheapest"] / counts["days_compared"].where(
        counts["days_compared"] > 0)
    return counts


def item_chart(site: SiteData, lang: str, item: dict, history: pd.DataFrame):
    name, currency = item["name"], item.get("currency")
    unit = plain_names(site.tables, pd.Series([item["unit"]]), lang, "units").iloc[0]
    data = history[["observed_on", "store", "price"]].sort_values(["observed_on", "store"])
    data = data.assign(store=plain_names(site.tables, data["store"], lang, "stores"))
    title = gettext("%(item)s: price per shop (CNY per %(unit)s)", lang) % {
        "item": name, "unit": unit}
    summary = gettext("%(item)s in %(shops)s shops from %(first)s to %(last)s: lowest "
                      "%(low)s, highest %(high)s CNY per %(unit)s.", lang) % {
        "item": name, "shops": data["store"].nunique(), "first": data["observed_on"].min(),
        "last": data["observed_on"].max(), "low": number(data["price"].min(), "yuan"),
        "high": number(data["price"].max(), "yuan"), "unit": unit}
    title, summary = currency_text(title, currency), currency_text(summary, currency)
    price_title = currency_text(gettext("Price (CNY)", lang), currency)
    chart = alt.Chart(data).mark_line(strokeWidth=1.5).encode(
        x=alt.X("observed_on:T", title=gettext("Observed on", lang),
                axis=month_axis(data["observed_on"])),
        y=alt.Y("price:Q", title=price_title, scale=alt.Scale(zero=False)),
        color=alt.Color("store:N", title=gettext("Shop", lang)))
    chart_id = "price-item-" + item_path(item["item_code"]).removeprefix(
        "prices/items/").removesuffix(".html")
    return site.chart(lang, chart_id, chart, title, summary, data, {
        "observed_on": gettext("Observed on", lang), "store": gettext("Shop", lang),
        "price": price_title})


def item_pages(site: SiteData, lang: str, groups: list[dict]) -> list[Page]:
    history = site.table("price_history")
    daily = site.table("price_daily")
    tables = history_tables(history, daily)
    counts = {code: list(rows) for code, rows in groupby(
        records(cheapest_counts(history, daily).sort_values(["item_code", "store"])),
        key=itemgetter("item_code"))}
    by_item = dict(tuple(history.groupby("item_code")))
    pages = []
    for group in groups:
        for item in group["items"]:
            code = item["item_code"]
            pages.append(Page(item["path"], "price_item.html", {
                "item": item, "category": group,
                "chart": item_chart(site, lang, item, by_item[code]),
                "history_shops": [c["store"] for c in counts[code]], "history": tables[code],
                "cheapest": counts[code],
                "as_of": site.manifest.get("as_of"),
                "stale_days": site.settings.stale_days,
                "computation": {**site.computed("price_history", lang),
                                "metric": "period_change"}}))
    return pages


def basket_context(site: SiteData, lang: str) -> dict:
    """The basket per shop, each basket item's price in each shop, the cheapest share."""
    comparison = site.table("price_comparison")
    basket = site.table("price_basket")
    shops = list(basket["store"])
    entries = []
    for entry in site.settings.basket:
        rows = comparison[comparison["item_code"].str.lower() == entry.item.lower()]
        first = records(rows.head(1))
        cells = {r["store"]: r for r in records(rows)}
        entries.append({
            "code": entry.item, "quantity": f"{entry.quantity:g}",
            "times": bool(first) and first[0]["unit"][:1].isdigit(),
            "name": item_name(first[0], lang) if first else entry.item,
            "unit": first[0]["unit"] if first else "",
            "path": item_path(first[0]["item_code"]) if first else None,
            "cells": [cells.get(shop) for shop in shops]})
    return {
        "basket": records(basket), "shops": shops, "entries": entries,
        "share": records(site.table("price_cheapest_share")),
        "as_of": site.manifest.get("as_of"), "stale_days": site.settings.stale_days,
        "computation": {**site.computed("price_basket", lang), "metric": "basket_cost"},
        "computation_share": {**site.computed("price_cheapest_share", lang),
                              "metric": "cheapest_shop"},
    }


def index_context(site: SiteData, lang: str) -> dict:
    """The category index: a chart of every category and a month × category table."""
    frame = site.table("price_index")
    context = {"base_month": site.settings.index_base, "months": [], "categories": [],
               "chart": None, "latest": [],
               "computation": {**site.computed("price_index", lang), "metric": "price_index"}}
    if frame.empty:
        return context
    categories = sorted(frame["category"].unique(), key=_category_order)
    names = {c: label("price_category", c, lang) for c in categories}
    data = frame.assign(category_name=frame["category"].map(names))
    chart = alt.Chart(data).mark_line(strokeWidth=1.5).encode(
        x=alt.X("month:T", title=gettext("Month", lang), axis=month_axis(data["month"])),
        y=alt.Y("index_value:Q", title=gettext("Index (base month = 100)", lang),
                scale=alt.Scale(zero=False)),
        color=alt.Color("category_name:N", title=gettext("Category", lang)))
    latest = frame["month"].max()
    summary = gettext("Price index per category, %(first)s to %(last)s, %(base)s = 100.",
                      lang) % {"first": frame["month"].min(), "last": latest,
                               "base": site.settings.index_base}
    context["chart"] = site.chart(
        lang, "price-index", chart, gettext("Category price index", lang), summary, data,
        {"month": gettext("Month", lang), "category_name": gettext("Category", lang),
         "index_value": gettext("Index", lang), "items": gettext("Items priced", lang)})
    wide = frame.pivot(index="month", columns="category", values="index_value")
    context["categories"] = [{"code": c, "name": names[c]} for c in categories]
    context["months"] = [{"month": month, "values": [wide.at[month, c] for c in categories]}
                         for month in sorted(wide.index, reverse=True)]
    last = frame.sort_values("month").groupby("category").tail(1)  # each one's latest month
    context["latest"] = records(last.assign(
        name=last["category"].map(names), order=last["category"].map(_category_order))
        .sort_values("order"))
    return context


def pages(site: SiteData, lang: str) -> list[Page]:
    comparison = site.table("price_comparison")
    listing = listing_context(site, comparison, lang)
    found = [Page("prices/index.html", "prices.html", {**listing, "district": None})]
    for district in listing["districts"]:
        rows = comparison[comparison["district"] == district["name"]]
        found.append(Page(district["path"], "prices.html", {
            **listing_context(site, rows, lang), "district": district["name"]}))
    found.append(Page("prices/shops.html", "price_shops.html", basket_context(site, lang)))
    found.append(Page("prices/price-index.html", "price_index.html", index_context(site, lang)))
    found.extend(item_pages(site, lang, listing["groups"]))
    return found
