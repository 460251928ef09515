"""How figures read on a page: rates as percentages, and suppressed, missing and zero apart.

Suppressed cells show ＊ (fewer than k records), missing ones — (no data), zero as 0.
Functions take values and return Markup, so templates stay thin.
"""

from __future__ import annotations

import pandas as pd
from markupsafe import Markup, escape

from pipeline.site.i18n import gettext


def _missing(value) -> bool:
    if value is None or isinstance(value, float):  # the common cases, without pandas
        return value is None or value != value
    if isinstance(value, int | str):
        return False
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def is_suppressed(row: dict, column: str) -> bool:
    names = row.get("suppressed_cells")
    return isinstance(names, str) and column in names.split(";")


def number(value, kind: str = "count", lang: str = "zh") -> str:
    """Plain text of a figure: count 1,234 · rate 95.2% · days 3.4 · seconds 42 · yuan 12.50."""
    if _missing(value):
        return "—"
    if kind == "rate":
        return f"{value * 100:.1f}%"
    if kind == "days":
        return f"{value:.1f}"
    if kind in ("seconds", "pct"):
        return f"{value:.0f}"
    if kind == "yuan":
        return f"{value:.2f}"
    if kind == "change":
        return f"{value * 100:+.1f}%"
    if kind == "headline":
        return headline(value, lang)
    return f"{int(value):,}"


def headline(value, lang: str = "zh") -> str:
    """A count on a card, read as the language reads large numbers: 12.3万 and 1.25亿 in
    Chinese (from 10,000 on), 12,345 in English."""
    if lang == "zh" and abs(value) >= 100_000_000:
        return f"{value / 100_000_000:.2f}".rstrip("0").rstrip(".") + "亿"
    if lang == "zh" and abs(value) >= 10_000:
        return f"{value / 10_000:.1f}".rstrip("0").rstrip(".") + "万"
    return f"{int(value):,}"


def cell(row: dict, column: str, kind: str, lang: str) -> Markup:
    """A table cell that tells suppressed, missing and zero apart."""
    if is_suppressed(row, column):
        title = gettext("Fewer than 10 records: not published", lang)
        return Markup('<span class="v-suppressed" title="{}">＊</span>').format(title)
    value = row.get(column)
    if _missing(value):
        return Markup('<span class="v-missing" title="{}">—</span>').format(
            gettext("No data", lang))
    text = number(value, kind, lang)
    if value == 0:
        return Markup('<span class="v-zero">{}</span>').format(text)
    return escape(text)
