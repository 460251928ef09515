"""Template globals: translation and figure formatting that know the page's language."""

from __future__ import annotations

import base64
import hashlib
from functools import cache

from jinja2 import pass_context

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


@cache
def sri(path: str) -> str:
    """Subresource Integrity of a theme file, e.g. sri("vendor/vega.min.js")."""
    digest = hashlib.sha384((THEME_STATIC / path).read_bytes()).digest()
    return "sha384-" + base64.b64encode(digest).decode()


GLOBALS = {"sri": sri, "_": translate, "L": code_label, "metric": metric, "cell": cell, "num": num,
           "link": link}
