"""Sample prices: 141 monitored items observed weekly in the shops that stock them, with
drift, seasons, promotions, out-of-stock weeks and a few stale items; plus the clean item
and shop lists."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from pipeline.sample.draws import FIRST_DAY, LAST_DAY, weekday
from pipeline.sample.messy import Style, fmt_dates, write_csv
from pipeline.sample.names import ITEM_DEFAULTS, ITEM_PREFIX, ITEMS, SPEC_EN, STORES

STOCKISTS = {  # which shops (positions in STORES) sell each group
    "fresh": (0, 1, 2, 3), "packaged": (0, 1, 2), "medicine": (0, 4, 5)}
PACKAGED = ("oil", "dairy", "daily")
PRICE_MOVES = {  # weekly volatility, seasonal amplitude, peak week of the year
    "grain": (.004, 0, 0), "oil": (.006, 0, 0), "meat": (.02, .05, 4), "egg": (.03, .08, 35),
    "aquatic": (.02, .06, 4), "vegetable": (.05, .18, 5), "fruit": (.03, .1, 15),
    "dairy": (.004, 0, 0), "medicine": (.002, 0, 0), "daily": (.004, 0, 0)}
PRICE_AR, PRICE_NOISE, PRICE_INFLATION, OUT_OF_STOCK = .93, .015, .012, .02
STALE_ITEMS, STALE_WEEKS, GAPPY_ITEMS = 2, 6, 6
PRICE_DATES = {"day": .85, "slash_day": .1, "cn": .04, "excel_day": .01}
PRICE_BAD = [("price", "缺货"), ("observed_on", "待补录"), ("price", ""), ("store", "")]


def write_prices(out: Path, rng: np.random.Generator, scale: float) -> dict[str, int]:
    """141 items in 3–4 shops each, observed every Tuesday; fixed whatever the scale."""
    items = _items()
    stores = pd.DataFrame([s[:3] for s in STORES], columns=["store", "store_type", "district"])
    observations = _observations(rng, items)
    counts: dict[str, int] = {}
    for path, frame in (("prices/items.csv", items.drop(columns="base")),
                        ("prices/stores.csv", stores)):  # clean reference lists
        (out / path).parent.mkdir(parents=True, exist_ok=True)
        (out / path).write_text(frame.to_csv(index=False), encoding="utf-8")
        counts[path] = len(frame)
    counts.update(write_csv(out, Style("prices/observations.csv", "utf-8", PRICE_DATES, 0, {}),
                            observations, rng, PRICE_BAD))
    return counts


def _items() -> pd.DataFrame:
    """The monitored items from ITEMS: code, names, category, unit, spec (in Chinese and
    English), base price."""
    rows = []
    for category, line in ITEMS.items():  # 141 items
        for number, entry in enumerate(line.split("; "), start=1):
            fields = entry.split("|")
            name_zh, name_en, *rest, price = fields
            unit, spec = rest or ITEM_DEFAULTS[category]
            rows.append((f"{ITEM_PREFIX[category]}{number:03d}", name_zh, name_en, category,
                         unit, spec, SPEC_EN.get(spec, spec), float(price)))
    return pd.DataFrame(rows, columns=["item_code", "name_zh", "name_en", "category", "unit",
                                       "spec", "spec_en", "base"])


def _observations(rng: np.random.Generator, items: pd.DataFrame) -> pd.DataFrame:
    """Weekly prices per item and shop: drift, season, shop level, promotions, noise;
    some out of stock, a couple of items stale, some shops missing on the last day."""
    weeks = np.arange(FIRST_DAY + (1 - weekday(FIRST_DAY)) % 7, LAST_DAY + 1, 7)
    category = items["category"].to_numpy()
    sold = _stockists(category)
    level = _price_paths(rng, category, weeks)
    shop = (np.array([s[3] for s in STORES])[None, :] + rng.normal(0, .04, sold.shape)
            + .05 * (category == "medicine")[:, None] * (np.arange(len(STORES)) == 0))
    price = items["base"].to_numpy()[None, :, None] * np.exp(
        level.T[:, :, None] + shop[None] + rng.normal(0, PRICE_NOISE, (len(weeks), *sold.shape)))
    promotion = (rng.random(price.shape) < .03) & np.isin(category, PACKAGED)[None, :, None]
    price = np.where(promotion, price * rng.uniform(.75, .9, price.shape), price)
    seen = sold[None] & (rng.random(price.shape) > OUT_OF_STOCK)
    _leave_gaps(rng, seen, category)
    week, item, store = np.nonzero(seen)
    market = np.array([s[1] == "market" for s in STORES])[store]
    value = price[week, item, store]
    return pd.DataFrame({
        "observed_on": fmt_dates(weeks[week], rng, PRICE_DATES),
        "item_code": items["item_code"].to_numpy()[item],
        "store": np.array([s[0] for s in STORES], dtype=object)[store],
        "price": np.where(market, np.round(value, 1), np.round(value, 2)).astype(str)})


def _stockists(category: np.ndarray) -> np.ndarray:
    """items × shops: fresh food in supermarkets and the market, packaged goods in
    supermarkets, medicine in the pharmacies and the first supermarket's counter."""
    group = np.where(category == "medicine", "medicine",
                     np.where(np.isin(category, PACKAGED), "packaged", "fresh"))
    return np.array([[s in STOCKISTS[g] for s in range(len(STORES))] for g in group])


def _price_paths(rng: np.random.Generator, category: np.ndarray,
                 weeks: np.ndarray) -> np.ndarray:
    """items × weeks log-price deviation: AR(1) drift, a seasonal wave, mild inflation."""
    moves = np.array([PRICE_MOVES[c] for c in category])
    shocks = rng.normal(0, 1, (len(category), len(weeks))) * moves[:, :1]
    drift = np.zeros_like(shocks)
    for week in range(1, len(weeks)):  # 156 steps over all items at once
        drift[:, week] = PRICE_AR * drift[:, week - 1] + shocks[:, week]
    week_of_year = (weeks - weeks.astype("datetime64[Y]")).astype(np.int64) / 7
    season = moves[:, 1:2] * np.cos(2 * np.pi * (week_of_year[None, :] - moves[:, 2:3]) / 52)
    years = (weeks - weeks[0]).astype(np.int64) / 365.25
    return drift + season + PRICE_INFLATION * years[None, :]


def _leave_gaps(rng: np.random.Generator, seen: np.ndarray, category: np.ndarray) -> None:
    """Two items not observed for the last weeks (stale); a shop missing on some items'
    latest day. Basket items (the first two of a category) are spared."""
    rank = pd.Series(category).groupby(category).cumcount().to_numpy()
    spare = np.flatnonzero((rank >= 2) & np.isin(category, ("fruit", "medicine", "aquatic")))
    stale = rng.choice(spare, STALE_ITEMS, replace=False)
    seen[-STALE_WEEKS:, stale, :] = False
    others = np.setdiff1d(np.flatnonzero(rank >= 2), stale)
    for item in rng.choice(others, GAPPY_ITEMS, replace=False):  # six items
        shops = np.flatnonzero(seen[-1, item])
        if len(shops) > 2:
            seen[-1, item, rng.choice(shops)] = False
