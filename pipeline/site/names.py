"""Names of public dimension values in the page's language, from the reference lists.

Published tables hold the Chinese name of a department, district, shop, unit, role or
category (pipeline/reference.py); an English page shows its English name from the same
list. Text with no English name (a commitment's title, an unlisted shop) stays Chinese and
is wrapped in `<span lang="zh">` so that screen readers and fonts treat it as Chinese.

Templates: `{{ row.department|name('departments') }}`, `{{ v|name }}` (any list),
`{{ c.title|zh }}` for text that has no translation at all, and `{{ text|zh_runs }}` for
English text that quotes Chinese terms (a gloss such as "vs previous (环比)", a reason
quoting 是/否): only the Chinese runs are marked.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import pandas as pd
from jinja2 import pass_context
from markupsafe import Markup, escape

from pipeline.site.jinja import page_lang

TABLE = "reference_names"
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")
_IDEOGRAPH = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# a run of Chinese: characters and Chinese punctuation, with the spaces, slashes and dots
# between two of them (是/否, 年初 公开)
_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]+"
                  r"(?:[ /·]+[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]+)*")
_CACHE = "names_lookup"  # frame.attrs key: built once per frame, read thousands of times


def lookup(frame: pd.DataFrame | None) -> dict[tuple[str, str], str]:
    """{(dimension, name_zh): name_en} and {("", name_zh): name_en} from reference_names."""
    if frame is None or frame.empty:
        return {}
    cached = frame.attrs.get(_CACHE)
    if cached is None:
        cached = {}
        for dimension, zh, en in frame[["dimension", "name_zh", "name_en"]].itertuples(
                index=False):
            if isinstance(en, str) and en.strip():
                cached[(dimension, zh)] = en
                cached.setdefault(("", zh), en)
        frame.attrs[_CACHE] = cached
    return cached


def has_chinese(text: str) -> bool:
    return bool(_CJK.search(text))


def mark_chinese(text: str) -> Markup | str:
    """Chinese text on a non-Chinese page: wrapped so its language is declared."""
    if has_chinese(text):
        return Markup('<span lang="zh">{}</span>').format(text)
    return text


def mark_chinese_runs(text: str) -> Markup | str:
    """English text quoting Chinese terms: each Chinese run wrapped so its language is
    declared, the rest escaped as text. Markup (already marked) is left as it is."""
    if isinstance(text, Markup) or not _IDEOGRAPH.search(text):
        return text
    return Markup(_RUN.sub(
        lambda run: (f'<span lang="zh">{run.group(0)}</span>'
                     if _IDEOGRAPH.search(run.group(0)) else run.group(0)),
        str(escape(text))))


def english_name(value: str, names: Mapping[tuple[str, str], str],
                 dimension: str | None = None) -> str | None:
    """The English name of a listed Chinese name; any list when `dimension` is None."""
    return (names.get((dimension, value)) if dimension else None) \
        or names.get(("*", value)) or names.get(("", value))


def translate_name(value, lang: str, names: Mapping[tuple[str, str], str],
                   dimension: str | None = None):
    """`value` as a page in `lang` shows it (plain values pass unchanged)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return value
    text = str(value)
    if lang == "zh":
        return text
    return english_name(text, names, dimension) or mark_chinese(text)


def plain_names(tables: Mapping, values: pd.Series, lang: str,
                dimension: str | None = None) -> pd.Series:
    """Names as plain text for charts and their CSVs: English where listed, else as is."""
    if lang == "zh":
        return values
    names = lookup(tables.get(TABLE))
    return values.map(lambda v: (english_name(v, names, dimension) or v)
                      if isinstance(v, str) else v)


def currency_text(text: str, currency: str | None) -> str:
    """A label written for yuan ("CNY per kg", "元/500g"), in another currency's code."""
    if not currency or currency == "CNY":
        return text
    return text.replace("CNY", currency).replace("（元）", f"（{currency}）").replace(
        "元", currency)


def _names(ctx) -> dict[tuple[str, str], str]:
    tables = ctx.get("PORTAL_TABLES") or {}
    return lookup(tables.get(TABLE))


@pass_context
def name(ctx, value, dimension: str | None = None):
    """Jinja filter: a dimension value in the page's language."""
    return translate_name(value, page_lang(ctx), _names(ctx), dimension)


@pass_context
def zh(ctx, value):
    """Jinja filter: text that has no translation, marked Chinese on other pages."""
    if value is None or page_lang(ctx) == "zh":
        return value
    return mark_chinese(str(value))


@pass_context
def zh_runs(ctx, value):
    """Jinja filter: English (or other) text quoting Chinese terms, its Chinese runs
    marked on pages not in Chinese."""
    if value is None or page_lang(ctx) == "zh":
        return value
    return mark_chinese_runs(str(value) if not isinstance(value, Markup) else value)


def currency(text: str, items) -> str:
    """Jinja filter: a label written for yuan, in the currency of `items` (a currency code,
    an item, or a list of items; several currencies are named together)."""
    if isinstance(items, str) or items is None:
        codes = {items} if items else set()
    elif isinstance(items, Mapping):
        codes = {items.get("currency")}
    else:
        codes = {item.get("currency") for item in items}
    codes = {c for c in codes if isinstance(c, str) and c}
    return currency_text(text, "/".join(sorted(codes))) if codes else text


FILTERS = {"name": name, "zh": zh, "zh_runs": zh_runs, "currency": currency}
