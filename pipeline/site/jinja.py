"""Template globals: translation and figure formatting that know the page's language."""

from __future__ import annotations

import base64
import hashlib
import re
from functools import cache

from jinja2 import pass_context
from markupsafe import Markup, escape

from pipeline.config import ROOT
from pipeline.site import format as fmt
from pipeline.site.i18n import gettext, label, metric_name

THEME_STATIC = ROOT / "theme" / "static"


def page_lang(ctx) -> str:
    for name in ("article", "page"):
        content = ctx.get(name)
        if content is not None and getattr(content, "lang", None):
            return content.lang
    return ctx.get("lang") or "zh"


@pass_context
def translate(ctx, message: str, **values) -> str:
    text = gettext(message, page_lang(ctx))
    if any(isinstance(value, Markup) for value in values.values()):
        # a value already marked (a name kept in Chinese, `name` filter): the message is
        # escaped as text and the value put in as it is, not escaped into visible tags
        return escape(text) % values
    return text % values if values else text


@pass_context
def code_label(ctx, group: str, code) -> str:
    return label(group, code, page_lang(ctx))


@pass_context
def metric(ctx, metric_id: str) -> str:
    return metric_name(metric_id, page_lang(ctx))


@pass_context
def cell(ctx, row: dict, column: str, kind: str = "count"):
    return fmt.cell(row, column, kind, page_lang(ctx))


@pass_context
def price_history_rows(ctx, history: list[dict], shops: list[str]) -> Markup:
    """The rows of an item page's price history (each shop's price, the cheapest in
    bold, the day's lowest, median, highest and spread): hundreds of rows of ten cells
    per page, so they are joined here rather than by a template loop (a third of the
    time of all data pages)."""
    lang = page_lang(ctx)
    one_shop = Markup("<small>{}</small>").format(gettext("one shop", lang))
    rows = []
    for row in history:
        prices = "".join(
            f'<td class="num{" cheapest" if row.get(f"cheapest:{shop}") else ""}">'
            f'{fmt.cell(row, f"price:{shop}", "yuan", lang)}</td>' for shop in shops)
        spread = fmt.cell(row, "spread_pct", "rate", lang) if row["stores"] >= 2 else one_shop
        rows.append(
            f'      <tr><th scope="row">{escape(row["observed_on"])}</th>\n'
            f'{prices}      <td class="num">{fmt.cell(row, "min_price", "yuan", lang)}</td>'
            f'<td class="num">{fmt.cell(row, "median_price", "yuan", lang)}</td>\n'
            f'      <td class="num">{fmt.cell(row, "max_price", "yuan", lang)}</td>\n'
            f'      <td class="num">{spread}</td></tr>\n')
    return Markup("".join(rows))


@pass_context
def num(ctx, value, kind: str = "count") -> str:
    return fmt.number(value, kind, page_lang(ctx))


def site_url(ctx, path: str) -> str:
    """`path` (from the site's root, no leading slash) as a URL of this page: absolute
    from SITEURL, or relative when the site is built to be opened from disk (a folder's
    URL then names its index.html, as file:// shows no index)."""
    if ctx.get("RELATIVE_URLS") and (path == "" or path.endswith("/")):
        path += "index.html"
    return ctx.get("SITEURL", "") + "/" + path


def lang_prefix(ctx, lang: str) -> str:
    languages = ctx.get("PORTAL_LANGUAGES") or ["zh"]
    return "" if lang == languages[0] else f"{lang}/"


@pass_context
def link(ctx, path: str = "") -> str:
    """The URL of a portal path in the page's language."""
    return site_url(ctx, lang_prefix(ctx, page_lang(ctx)) + path)


@pass_context
def root_url(ctx, path: str = "") -> str:
    """The URL of a path from the site's root, whatever the page's language."""
    return site_url(ctx, path)


def _folder(url: str) -> str:
    return url[: -len("index.html")] if url == "index.html" or url.endswith("/index.html") \
        else url


@pass_context
def alternates(ctx) -> dict[str, str]:
    """The URL of this page in each language it exists in (hreflang links, the switch)."""
    for name in ("article", "page"):
        content = ctx.get(name)
        if content is not None and getattr(content, "url", None):
            found = {content.lang: content.url}
            found.update({t.lang: t.url for t in getattr(content, "translations", [])})
            return {lang: site_url(ctx, _folder(url)) for lang, url in found.items()}
    page_path = ctx.get("page_path")
    if page_path is not None:
        return {lang: site_url(ctx, lang_prefix(ctx, lang) + _folder(page_path))
                for lang in ctx.get("PORTAL_LANGUAGES") or ["zh"]}
    category = ctx.get("category")
    if category is not None and getattr(category, "url", None):
        return {page_lang(ctx): site_url(ctx, category.url)}
    if ctx.get("articles") is not None:  # the editors' index (affairs/), in every language
        return {lang: site_url(ctx, lang_prefix(ctx, lang) + "affairs/")
                for lang in ctx.get("PORTAL_LANGUAGES") or ["zh"]}
    return {}


@pass_context
def switch_url(ctx, lang: str) -> str:
    """Where the language switch goes: this page's translation, else the section's or
    the home page in that language."""
    found = alternates(ctx)
    if lang in found:
        return found[lang]
    document = ctx.get("article") or ctx.get("category")
    if document is not None:  # an untranslated document: its section's list
        section = getattr(getattr(document, "category", document), "slug", "")
        return site_url(ctx, lang_prefix(ctx, lang) + "affairs/"
                        + (f"{section}/" if section else ""))
    return site_url(ctx, lang_prefix(ctx, lang))


CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


@pass_context
def untranslated(ctx, text) -> Markup | str:
    """Chinese source text (a commitment's title, a note) on a page in another language,
    marked lang="zh-CN" so that screen readers and search read it as Chinese."""
    if text is None or page_lang(ctx) == "zh" or not CJK.search(str(text)):
        return text if text is not None else ""
    return Markup('<span lang="zh-CN">{}</span>').format(text)


@cache
def sri(path: str) -> str:
    """Subresource Integrity of a theme file, e.g. sri("vendor/vega.min.js")."""
    digest = hashlib.sha384((THEME_STATIC / path).read_bytes()).digest()
    return "sha384-" + base64.b64encode(digest).decode()


GLOBALS = {"sri": sri, "_": translate, "L": code_label, "metric": metric, "cell": cell, "num": num,
           "price_history_rows": price_history_rows,
           "link": link, "root_url": root_url, "alternates": alternates,
           "switch_url": switch_url, "zh": untranslated}
