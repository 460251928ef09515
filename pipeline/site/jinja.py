"""Template globals: translation and figure formatting that know the page's language."""

from __future__ import annotations

from jinja2 import pass_context

from pipeline.site import format as fmt
from pipeline.site.i18n import gettext, label, metric_name


def page_lang(ctx) -> str:
    for name in ("article", "page"):
        content = ctx.get(name)
        if content is not None and getattr(content, "lang", None):
            return content.lang
    return ctx.get("lang") or "zh"


@pass_context
def translate(ctx, message: str, **values) -> str:
    text = gettext(message, page_lang(ctx))
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
def num(ctx, value, kind: str = "count") -> str:
    return fmt.number(value, kind, page_lang(ctx))


@pass_context
def link(ctx, path: str = "") -> str:
    """The URL of a portal path in the page's language."""
    lang = page_lang(ctx)
    languages = ctx.get("PORTAL_LANGUAGES") or ["zh"]
    prefix = "/" if lang == languages[0] else f"/{lang}/"
    return ctx.get("SITEURL", "") + prefix + path


GLOBALS = {"_": translate, "L": code_label, "metric": metric, "cell": cell, "num": num,
           "link": link}
